"""`kith import feed URL`: the one fetch Kith makes, only because the user asked."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kith.cli import app

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Climate Weekly</title>
<item><title>Grid batteries pass a milestone</title><link>https://example.org/a</link>
<guid>a-1</guid><pubDate>Mon, 20 Apr 2026 08:00:00 +0000</pubDate></item>
<item><title>Heat pumps in old buildings</title><link>https://example.org/b</link>
<guid>b-2</guid><pubDate>Tue, 21 Apr 2026 08:00:00 +0000</pubDate></item>
</channel></rss>"""


@pytest.fixture
def feed_url() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            if self.path != "/feed.xml":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_by_url(feed_url: str, tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", "feed", f"{feed_url}/feed.xml", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["files"] == [f"{feed_url}/feed.xml"]
    with sqlite3.connect(db) as conn:
        titles = sorted(r[0] for r in conn.execute("SELECT title FROM news"))
    assert titles == ["Grid batteries pass a milestone", "Heat pumps in old buildings"]


def test_a_url_that_fails_is_a_clear_error(feed_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "k.db"), "import", f"{feed_url}/missing"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "could not fetch" in result.stderr
    other = CliRunner().invoke(app, ["--db", str(tmp_path / "k.db"), "import", "vcard", f"{feed_url}/x.vcf"])
    assert other.exit_code == 2 and "only feeds" in other.stderr
