"""RSS and Atom feeds saved to a file become news items; nothing is fetched."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError, UnknownFormat
from kith.importers import detect, read_records
from kith.models import NewsRecord, Record, Skipped

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Climate Tech Weekly</title>
  <link>https://climate.example.org/</link>
  <description>News</description>
  <item>
    <title>Heat pumps outsell gas boilers</title>
    <link>https://climate.example.org/heat-pumps</link>
    <guid isPermaLink="false">ctw-2026-101</guid>
    <pubDate>Mon, 02 Mar 2026 10:00:00 +0100</pubDate>
    <description><![CDATA[<p>For the first time, <b>heat pumps</b> led sales.</p>]]></description>
  </item>
  <item>
    <title>Podcast: grid storage</title>
    <link>https://climate.example.org/podcast-12</link>
    <pubDate>Tue, 03 Mar 2026 07:30:00 GMT</pubDate>
  </item>
  <item>
    <description>An untitled note about carbon removal.
Second line.</description>
  </item>
  <item><category>empty</category></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ana's notes</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-03-04T18:30:02Z</updated>
  <entry>
    <title>Launching a podcast on climate tech</title>
    <link href="https://ana.example.com/podcast"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2026-03-04T18:30:02Z</updated>
    <summary>Episode one is out.</summary>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://old.example.net/"><title>Old school</title><link>https://old.example.net/</link><description>RSS 1.0</description></channel>
  <item rdf:about="https://old.example.net/1"><title>First</title><link>https://old.example.net/1</link></item>
</rdf:RDF>
"""


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[Record]:
    return list(read_records("feed", path, tz=ZoneInfo("UTC")))


def test_rss_items_become_news(tmp_path: Path) -> None:
    records = read(write(tmp_path, RSS, "feed.xml"))
    news = [r for r in records if isinstance(r, NewsRecord)]
    skipped = [r for r in records if isinstance(r, Skipped)]
    heat, podcast, note = news
    assert heat.title == "Heat pumps outsell gas boilers"
    assert heat.url == "https://climate.example.org/heat-pumps"
    assert heat.published_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert heat.summary == "For the first time, heat pumps led sales."
    assert heat.feed == "Climate Tech Weekly" and heat.source == "feed"
    assert podcast.summary is None and podcast.published_at == datetime(
        2026, 3, 3, 7, 30, tzinfo=UTC
    )
    assert note.title == "An untitled note about carbon removal." and note.url is None
    assert len(skipped) == 1 and "entry 4" in skipped[0].reason


def test_atom_and_rdf(tmp_path: Path) -> None:
    (entry,) = read(write(tmp_path, ATOM, "atom.xml"))
    assert isinstance(entry, NewsRecord)
    assert entry.url == "https://ana.example.com/podcast" and entry.feed == "Ana's notes"
    assert entry.published_at == datetime(2026, 3, 4, 18, 30, 2, tzinfo=UTC)
    (first,) = read(write(tmp_path, RDF, "rdf.xml"))
    assert isinstance(first, NewsRecord) and first.title == "First" and first.feed == "Old school"


def test_source_ids_follow_the_entry_not_the_copy(tmp_path: Path) -> None:
    path = write(tmp_path, RSS, "feed.xml")
    first = [r.source_id for r in read(path) if isinstance(r, NewsRecord)]
    assert len(set(first)) == len(first)
    newer = RSS.replace(
        "<item>", "<item><title>Newest</title><guid>ctw-2026-102</guid></item><item>", 1
    )
    again = [
        r.source_id for r in read(write(tmp_path, newer, "newer.xml")) if isinstance(r, NewsRecord)
    ]
    assert set(first) < set(again) and len(again) == len(first) + 1


@pytest.mark.parametrize("text, name", [(RSS, "a.txt"), (ATOM, "b.dat"), (RDF, "c")])
def test_detected_by_content(tmp_path: Path, text: str, name: str) -> None:
    assert detect(write(tmp_path, text, name)) == "feed"


def test_plain_xml_and_html_are_not_feeds(tmp_path: Path) -> None:
    for text in ("<html><body><rss>not a feed</rss></body></html>", '<feed xmlns="urn:x"/>'):
        with pytest.raises(UnknownFormat):
            detect(write(tmp_path, text, "page.html"))


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"just some words\n", "not a readable feed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss version="2.0"><channel><title>&a;</title></channel></rss>',
            "entities",
        ),
    ],
)
def test_bad_files_fail_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=problem) as info:
        read(path)
    assert "bad.xml" in str(info.value)


def test_cli_import_stores_news_once(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "kith.db"
    path = write(tmp_path, RSS, "feed.xml")

    def run(*args: str) -> Any:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return json.loads(result.stdout)

    first = run("import", str(path), "--json")
    assert first["source"] == "feed" and first["people_created"] == 0
    assert [s["reason"].split(":")[0] for s in first["skipped"]] == [
        "feed entry 4 has no title, link or text"
    ]
    stats = run("stats", "--json")
    assert stats["people"] == 0
    again = run("import", "feed", str(path), "--json")
    assert again["people_created"] == 0 and again["touches_added"] == 0
    assert run("stats", "--json") == stats
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute("select count(*) from news").fetchone()
    assert count == 3


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(RSS)), junk=st.binary(max_size=30))
def test_any_bytes_end_in_records_or_a_clear_error(tmp_path: Path, cut: int, junk: bytes) -> None:
    path = tmp_path / "fuzz.xml"
    path.write_bytes(RSS.encode()[:cut] + junk)
    try:
        records = read(path)
    except KithError as exc:
        assert "fuzz.xml" in str(exc)
        return
    assert all(isinstance(r, NewsRecord | Skipped) for r in records)
