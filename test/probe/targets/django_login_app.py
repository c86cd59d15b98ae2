"""Login target: Django (Debian's 3.2) with its CSRF middleware and cache sessions in Redis
(django-redis). GET /login serves a form with the csrfmiddlewaretoken hidden field and sets the
csrftoken cookie; POST /login without both answers 403, as every Django form does. A session exists
only after login, which rotates its key with cycle_key() as django.contrib.auth.login does."""
import os
import socketserver
import sys
from wsgiref.simple_server import WSGIServer, make_server

from django.conf import settings

redis_port, redis_db, port, prefix, password = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
settings.configure(
    DEBUG=False,
    SECRET_KEY="probe login target secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{redis_port}/{redis_db}", "KEY_PREFIX": prefix}},
)

import django  # noqa: E402

django.setup()

from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402


def login(request):
    if request.method == "GET":
        token = get_token(request)
        return HttpResponse(
            '<form method="post" action="/login">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<input name="username"><input name="password" type="password"><button>Log in</button></form>'
        )
    if request.POST.get("username") != "demo" or request.POST.get("password") != password:
        return HttpResponse("bad credentials", status=401)
    request.session.cycle_key()
    request.session["user"] = "demo"
    request.session["nonce"] = os.urandom(8).hex()
    return JsonResponse({"ok": True})


def me(request):
    user = request.session.get("user")
    return JsonResponse({"user": user, "nonce": request.session.get("nonce")} if user else {"user": None})


urlpatterns = [path("login", login), path("api/me", me)]


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


from django.core.wsgi import get_wsgi_application  # noqa: E402

make_server("127.0.0.1", port, get_wsgi_application(), server_class=ThreadingServer).serve_forever()
