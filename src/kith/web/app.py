"""The app factory: settings, the store per request, security middleware and the one
error handler. Routes live in `routes.py`.

Safe by default: everything imported is rendered through Jinja's autoescape; the
Content-Security-Policy allows only this app's own script and style; every form
that changes something carries a CSRF token; when a password or token is set,
every page and API call needs a session or the bearer token.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith import config, service
from kith.errors import AmbiguousPerson, ItemNotFound, KithError, PersonNotFound
from kith.models import CHANNELS, GOALS, PURPOSES, STAGES
from kith.service import Store, web_support
from kith.web import jobs, security

HERE = Path(__file__).parent
log = logging.getLogger("kith.web")
OPEN_PATHS = ("/login", "/api/login", "/static/", "/openapi.json", "/favicon.ico")


@dataclass
class Settings:
    db: str | None = None
    as_of: str | None = None
    max_upload: int = web_support.MAX_UPLOAD
    login_limit: security.RateLimit = field(default_factory=security.RateLimit)
    stores: dict[str, Store] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    imports: jobs.ImportJobs = field(default_factory=jobs.ImportJobs)


class TooLarge(Exception):
    pass


def create_app(
    db: str | None = None, *, as_of: str | None = None, max_upload: int | None = None
) -> FastAPI:
    """Make the web app over the database `db` (else KITH_DB / KITH_DATABASE_URL)."""
    from kith.web import routes

    app = FastAPI(
        title="Kith",
        version="0.1.0",
        description="The agenda, people and imports of Kith as JSON. Errors are "
        '`{"ok": false, "error", "errors", "status"}`.',
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses={"default": {"model": routes.m.Error, "description": "An error"}},
    )
    app.state.settings = Settings(db, as_of, max_upload or web_support.MAX_UPLOAD)
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(routes.router)
    _add_error_handlers(app)
    app.middleware("http")(guard)
    app.add_middleware(BodyLimit, limit=app.state.settings.max_upload)
    return app


ACTION_LABELS = {
    "reply": "Reply",
    "nudge": "Nudge",
    "follow_up": "Follow up",
    "reconnect": "Reconnect",
    "send_dm": "Send a DM",
    "propose_call": "Propose a call",
    "close": "Close kindly",
    "send_material": "Send material",
    "book_converge": "Book the converging session",
    "send_summary": "Send the summary",
    "check_in_call": "Check in by call",
    "acknowledge_delay": "Acknowledge the delay",
    "say_hello": "Say hello",
    "share": "Share",
    "introduce": "Introduce",
    "remember_date": "Remember the date",
}


def is_web_url(value: object) -> bool:
    """Only http(s) becomes a link: a `javascript:` or `data:` URL stays text."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
    )
    templates = Jinja2Templates(env=env)
    env.filters["is_web_url"] = is_web_url
    env.filters["local"] = config.local_time  # times in the user's zone, as the CLI shows them
    env.globals.update(
        labels=ACTION_LABELS,
        stages=STAGES,
        goals=GOALS,
        purposes=PURPOSES,
        channels=list(CHANNELS),
        grid=CHANNELS,
    )
    return templates


def database_of(request: Request) -> str:
    return config.database_url(request.app.state.settings.db)


def open_store(request: Request) -> Store:
    """The store for this request's database, opened through the service once per
    database and process: opening migrates, which costs more than most pages."""
    settings: Settings = request.app.state.settings
    url = config.database_url(settings.db)
    with settings.lock:
        store = settings.stores.get(url)
        if store is None:
            store = settings.stores[url] = service.open_store(settings.db)
    return store


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    settings: Settings = app.state.settings
    settings.imports.wait()
    with settings.lock:
        for store in settings.stores.values():
            store.close()
        settings.stores.clear()


# -- the one error shape --------------------------------------------------------------
def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(
    request: Request, status: int, message: str, errors: list[dict[str, Any]] | None = None
) -> Response:
    body = {"ok": False, "error": message, "errors": errors or [], "status": status}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", page_context(request, body), status_code=status
    )


def status_of(exc: KithError) -> int:
    if isinstance(exc, PersonNotFound | ItemNotFound):
        return 404
    if isinstance(exc, AmbiguousPerson | jobs.ImportRunning):
        return 409
    if isinstance(exc, web_support.UploadRejected) and "larger than" in str(exc):
        return 413
    return 422 if exc.exit_code == 2 else 400


def web_message(exc: KithError) -> str:
    """The error in words for the browser: a CLI command is no advice on a web page."""
    if isinstance(exc, PersonNotFound):
        return f"no person matches {exc.query!r} — search for them on the People page (/people)"
    return str(exc)


def _plain_errors(errors: Any) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg")), "type": e.get("type")}
        for e in errors
    ]


def _add_error_handlers(app: FastAPI) -> None:
    async def kith_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KithError)
        return error_response(request, status_of(exc), web_message(exc))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError | ValidationError)
        errors = _plain_errors(exc.errors())
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(x for x in first["loc"] if x not in ("body", "query", "path"))
        return error_response(request, 422, f"{where or 'request'}: {first['msg']}", errors)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(request, exc.status_code, str(exc.detail))

    async def too_large(request: Request, exc: Exception) -> Response:
        limit = request.app.state.settings.max_upload // (1024 * 1024)
        return error_response(
            request, 413, f"the upload is larger than {limit} MB — use `kith import PATH`"
        )

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong inside Kith — see the server log")

    app.add_exception_handler(KithError, kith_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(TooLarge, too_large)
    app.add_exception_handler(Exception, crash)


# -- middleware ---------------------------------------------------------------------
class BodyLimit:
    """Stop reading a request body past `limit` bytes (uploads stream, so check as
    they arrive, not only the Content-Length a client chose to send)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit + 64 * 1024  # room for the multipart envelope

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge()
            return message

        await self.app(scope, limited, send)


def authenticated(request: Request) -> bool:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer ") and web_support.check_token(header[7:].strip()):
        return True
    cookie = request.cookies.get(security.SESSION_COOKIE)
    return security.valid_session(web_support.session_secret(), cookie)


async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Authentication when configured, CSRF for the API, and the security headers."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > request.app.state.settings.max_upload + 64 * 1024:
        return _secured(await too_large_response(request))
    refused = _refusal(request)
    if refused is not None:
        return _secured(refused)
    if not request.cookies.get(security.CSRF_COOKIE):
        request.state.csrf_cookie = security.new_csrf_cookie()
    response = await call_next(request)
    fresh = getattr(request.state, "csrf_cookie", None)
    if fresh and not request.cookies.get(security.CSRF_COOKIE):
        response.set_cookie(
            security.CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return _secured(response)


def _refusal(request: Request) -> Response | None:
    """A response that stops this request: a foreign Host without auth, not logged in,
    or an API write a form could forge."""
    path = request.url.path
    if not web_support.auth_configured() and not web_support.is_loopback(_host(request)):
        # Without a password the app trusts being reachable only from this machine;
        # a page whose DNS name was rebound to 127.0.0.1 still sends its own Host.
        return error_response(
            request,
            403,
            "this Kith answers only at 127.0.0.1 or localhost — set a password with "
            "`kith auth set-password` to use another name",
        )
    if (
        web_support.auth_configured()
        and not path.startswith(OPEN_PATHS)
        and not authenticated(request)
    ):
        if wants_json(request):
            return error_response(request, 401, "log in or send `Authorization: Bearer TOKEN`")
        return RedirectResponse("/login", status_code=303)
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
    if path.startswith("/api/") and unsafe and not _api_write_allowed(request):
        return error_response(
            request,
            403,
            "a write to the API needs a JSON body, the X-Kith-Client header or a "
            "bearer token — a plain form from another site cannot send either",
        )
    return None


def _host(request: Request) -> str:
    host = request.headers.get("host", "")
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def too_large_response(request: Request) -> Response:
    limit = request.app.state.settings.max_upload // (1024 * 1024)
    return error_response(
        request, 413, f"the upload is larger than {limit} MB — use `kith import PATH`"
    )


def _api_write_allowed(request: Request) -> bool:
    """Cross-site pages can post forms but not JSON or custom headers without a
    preflight this app never grants, so either proves the caller is not a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return (
        kind == "application/json"
        or bool(request.headers.get("x-kith-client"))
        or request.headers.get("authorization", "").lower().startswith("bearer ")
    )


def _secured(response: Response) -> Response:
    for name, value in security.HEADERS.items():
        response.headers.setdefault(name, value)
    return response


# -- what every page template gets ----------------------------------------------------
def csrf_for(request: Request) -> str:
    cookie = request.cookies.get(security.CSRF_COOKIE) or getattr(request.state, "csrf_cookie", "")
    return security.csrf_token(web_support.session_secret(), cookie)


def check_csrf(request: Request, token: Any) -> None:
    cookie = request.cookies.get(security.CSRF_COOKIE)
    given = token if isinstance(token, str) else None
    if not security.valid_csrf(web_support.session_secret(), cookie, given):
        raise HTTPException(
            403, "the form is out of date or came from elsewhere — reload and try again"
        )


def page_context(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": data,
        "csrf": csrf_for(request),
        "auth": web_support.auth_configured(),
        "path": request.url.path,
    }


def app_from_environment() -> FastAPI:
    """The app `kith serve` runs: database from KITH_DB / KITH_DATABASE_URL."""
    return create_app(None, as_of=os.environ.get("KITH_SERVE_AS_OF") or None)
