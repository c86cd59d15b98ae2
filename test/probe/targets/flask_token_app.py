"""The second seed's app, reproduced from its description (../shared/seeds/001_*.txt): a Flask
session interface that serves cookie sessions and client-chosen token sessions at once, on memcached.

What makes it different from every framework target, and what the probe and the scan must read right:
- a token is a credential the client chooses: token T's session lives under `session_` + md5(T),
  apart from the cookie sessions (`session_<cookie id>`, a uuid4 the server issued);
- the token comes from the X-Auth-Token header, else from a JSON body field `token`; the header and
  the body with the same token share one session;
- the cookie wins when both are sent, yet no Set-Cookie goes out when a token is present;
- an unknown cookie id is adopted (its session is stored under that id);
- every request without credentials gets a session, OPTIONS and HEAD included (a before_request
  hook stores a random `identifier` in every session);
- the payload is JSON {"identifier": "<uuid4>"}, rewritten with a sliding expiry on every request.

Run with Debian's python3 (Flask 2.2, Werkzeug 2.2, pylibmc): argv = memcached host:port, port,
expiry seconds (30 in the seed).
"""
import json
import sys
import time
import uuid
from hashlib import md5

import pylibmc
from flask import Flask, session
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

memcached_addr, port, expiry_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
PREFIX = "session_"
TOKEN_HEADER = "X-Auth-Token"


class TokenOrCookieSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid=None, send_cookie=True):
        def on_update(_):
            self.modified = True

        CallbackDict.__init__(self, initial, on_update)
        self.sid = sid
        self.send_cookie = send_cookie
        self.modified = False


def json_token(request):
    # Werkzeug 2.2 returns None for a body that is not JSON; a JSON body may be any value.
    try:
        body = request.get_json(silent=True)
    except Exception:
        return None
    if isinstance(body, dict) and isinstance(body.get("token"), str):
        return body["token"]
    return None


class TokenOrCookieInterface(SessionInterface):
    def __init__(self, client):
        self.client = client

    def session_id(self, app, request):
        cookie = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if cookie:
            return cookie
        token = request.headers[TOKEN_HEADER] if TOKEN_HEADER in request.headers else json_token(request)
        if token is None:
            return None
        return md5(token.encode("utf-8")).hexdigest()

    def open_session(self, app, request):
        api_client = TOKEN_HEADER in request.headers or json_token(request) is not None
        sid = self.session_id(app, request)
        if sid is None:
            return TokenOrCookieSession(sid=str(uuid.uuid4()), send_cookie=not api_client)
        stored = self.client.get(PREFIX + sid)
        data = json.loads(stored) if stored is not None else None
        return TokenOrCookieSession(data, sid=sid, send_cookie=not api_client)

    def save_session(self, app, sess, response):
        key = PREFIX + sess.sid
        if not sess:
            self.client.delete(key)
            return
        expires = time.time() + expiry_s
        self.client.set(key, json.dumps(dict(sess)), time=expiry_s)
        if sess.send_cookie:
            response.set_cookie(app.config["SESSION_COOKIE_NAME"], sess.sid, expires=expires, httponly=True)


app = Flask(__name__)
app.secret_key = "not used: sessions are server-side"
app.session_interface = TokenOrCookieInterface(pylibmc.Client([memcached_addr], binary=True))


@app.before_request
def give_every_session_an_identifier():
    if "identifier" not in session:
        session["identifier"] = str(uuid.uuid4())


@app.route("/", methods=["GET", "POST"])
def index():
    return "The random identifier stored with your session is: %s" % session.get("identifier", "Not set")


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port)
