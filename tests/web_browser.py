"""Fixtures for the web tests: a demo database, an in-process client, a real
`kith serve` in a subprocess, and headless Debian Chromium driven by Playwright.

Chromium is the Debian package (/usr/bin/chromium), never a downloaded browser.
Missing, it skips locally and fails under CI=true (`require()`). A failed browser
test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import require

with warnings.catch_warnings():
    # starlette asks for `httpx2`; the project pins httpx, and the client works the same.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from kith.web import create_app

AS_OF = "2026-05-01"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ENGAGEMENT_HEADER = "date,platform,post_url,person_name,profile_url,kind,text\n"


@pytest.fixture(scope="session")
def demo_template(demo_run: tuple[Path, dict[str, Any]]) -> Path:
    """The demo's year of a coach's network, built once per run (conftest)."""
    return demo_run[0]


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_template, target)
    return target


def make_client(db: Path, **options: Any) -> TestClient:
    app = create_app(str(db), as_of=AS_OF, **options)
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


@pytest.fixture
def client(demo_db: Path) -> Iterator[TestClient]:
    with make_client(demo_db) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def engagement_csv(rows: list[tuple[str, str, str, str]]) -> str:
    """Rows of (date, person_name, kind, text) on one LinkedIn post."""
    lines = [ENGAGEMENT_HEADER]
    for day, name, kind, text in rows:
        slug = "".join(c for c in name.lower() if c.isalnum()) or "x"
        text = text.replace('"', '""')
        lines.append(
            f"{day},linkedin,https://www.linkedin.com/feed/update/urn:li:activity:9,"
            f'"{name}",https://www.linkedin.com/in/{slug},{kind},"{text}"\n'
        )
    return "".join(lines)


XSS_TEXT = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> =HYPERLINK("x")'
XSS_NAME = 'Mallory <img src=x onerror="window.pwned=3">'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log


def start_server(db: Path, home: Path, env: dict[str, str] | None = None) -> Server:
    """Run `kith --db DB serve` on a free loopback port and wait until it answers."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "serve.log"
    environment = {**os.environ, "KITH_HOME": str(home), "KITH_TZ": "UTC", **(env or {})}
    code = "from kith.cli import main; main()"
    args = ["--db", str(db), "serve", "--port", str(port), "--as-of", AS_OF]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args], env=environment, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kith serve exited: {log.read_text()}")
        try:
            httpx.get(url + "/login", timeout=1)
            return Server(url, process, log)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"kith serve did not answer in 30 s: {log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def server(demo_db: Path, user_dir: Path) -> Iterator[Server]:
    running = start_server(demo_db, user_dir)
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing — `apt-get install chromium` to run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page; a screenshot in test-artifacts/ on failure."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    failed_before = request.session.testsfailed
    yield tab
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
