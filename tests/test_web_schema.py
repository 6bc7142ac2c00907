"""schemathesis against /openapi.json: generated requests for every API operation,
a bounded number each, and no server errors — and every error in the one shape."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

import web_browser

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's httpx2 notice, as in web_browser
    import schemathesis
    from hypothesis import HealthCheck, settings
    from schemathesis.checks import not_a_server_error

from kith.web import create_app

demo_template, demo_db = web_browser.demo_template, web_browser.demo_db



def on_loopback(app: Any) -> Any:
    """Present every request as addressed to 127.0.0.1, as a browser on this machine
    does (schemathesis calls the app as `testserver`, which Kith refuses without auth)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            scope = {**scope, "headers": [*headers, (b"host", b"127.0.0.1")]}
        await app(scope, receive, send)

    return wrapped


schema = schemathesis.openapi.from_asgi(
    "/openapi.json", on_loopback(create_app(None, as_of=web_browser.AS_OF))
)


@pytest.fixture
def demo_database(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app above opens KITH_DB per request: point it at a copy of the demo."""
    monkeypatch.setenv("KITH_DB", str(demo_db))
    return demo_db


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_fails_on_the_server(case, demo_database: Path) -> None:
    headers = {"X-Kith-Client": "schemathesis"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"ok", "error", "errors", "status"}, body
        assert body["ok"] is False and body["status"] == response.status_code
