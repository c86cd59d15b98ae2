"""Target 4: Flask-Session 0.3.2 (Debian) on Redis, flask-cors, session.permanent = True on every request."""
import sys

import redis
from flask import Flask, jsonify, session
from flask_cors import CORS
from flask_session import Session

redis_port, redis_db, port, prefix = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = Flask(__name__)
app.config.update(
    SECRET_KEY="probe target secret",
    SESSION_TYPE="redis",
    SESSION_REDIS=redis.Redis(host="127.0.0.1", port=redis_port, db=redis_db),
    SESSION_KEY_PREFIX=prefix,
)
Session(app)
CORS(app, supports_credentials=True)


@app.before_request
def make_permanent():
    session.permanent = True


@app.route("/api/me", methods=["GET", "POST"])
def me():
    return jsonify(ok=True)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port)
