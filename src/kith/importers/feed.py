"""Read an RSS or Atom feed (a saved file) into news items the engine can match to topics.

Parsing is left to feedparser, which knows every RSS dialect (0.9x, 1.0/RDF, 2.0) and
Atom and survives the broken markup real feeds carry. Detection is by content, not
by name: `<rss`, `<feed` in the Atom namespace, or `<rdf:RDF`; a WordPress export is
RSS too but is claimed by the `wxr` importer first.

Two deliberate limits:

* **No network.** The importer reads bytes from a file and hands feedparser those
  bytes, never a string: feedparser would fetch a string that looks like a URL.
  Fetching a feed the user named by URL (`kith import feed https://…`) belongs to
  the service layer, which downloads it because the user asked, then calls `read`.
* **Not streamed.** feedparser takes the whole document; a feed is a window of
  recent items (kilobytes to a few megabytes), so a file over 50 MB is refused
  rather than read into memory.

Each entry becomes a `NewsRecord` whose `source_id` hashes the entry's own id (RSS
`guid`, Atom `id`), else its link, else feed, title and date: re-importing a newer
copy of the same feed adds only the new items. The summary is reduced to text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser

from kith.errors import ImportFailed
from kith.identity import clean_text, source_id
from kith.importers._text import CHUNK, html_to_text, looks_like_html, sniff_encoding, unreadable
from kith.models import NewsRecord, Record, Skipped

SOURCE = "feed"
HINT = "save the feed (RSS or Atom XML) to a file and import that file"
MAX_BYTES = 50 * 1024 * 1024
# The root element, after an optional declaration, comments, instructions and DOCTYPE.
ROOT = re.compile(
    r"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|rdf:RDF|feed)\b([^>]*)",
    re.I | re.S,
)
ATOM_NS = "http://www.w3.org/2005/atom"
ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^>]*\[.*?<!ENTITY", re.I | re.S)


def head_text(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(CHUNK)
    return head.decode(sniff_encoding(head), errors="replace")


def sniff(path: Path) -> bool:
    """Tell an RSS, RDF or Atom feed by its root element."""
    if not path.is_file():
        return False
    root = ROOT.match(head_text(path).lstrip("\ufeff"))
    if root is None:
        return False
    return root.group(1).lower() != "feed" or ATOM_NS in root.group(2).lower()


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield a NewsRecord per entry of a saved feed."""
    label = str(path)
    if not path.is_file():
        raise ImportFailed(label, "a feed import takes one saved feed file", HINT)
    trouble = unreadable(path)
    if trouble:
        raise ImportFailed(label, f"the file is {trouble}, not a feed", HINT)
    if path.stat().st_size > MAX_BYTES:
        raise ImportFailed(label, "the file is over 50 MB, too big for a feed", HINT)
    if ENTITY_DECLARATION.search(head_text(path)):
        raise ImportFailed(label, "the feed declares XML entities; Kith refuses them", HINT)
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise ImportFailed(label, f"not a readable feed ({problem})", HINT)
    feed_title = clean_text(parsed.feed.get("title")) or None
    for number, entry in enumerate(parsed.entries, 1):
        yield news(label, number, entry, feed_title)


def news(label: str, number: int, entry: Any, feed_title: str | None) -> Record:
    """One entry -> NewsRecord, or Skipped when it has neither title nor link."""
    url = clean_text(entry.get("link")) or None
    summary_html = entry.get("summary") or ""
    summary = html_to_text(summary_html) if looks_like_html(summary_html) else summary_html
    title = clean_text(entry.get("title")) or first_line(summary) or url
    if not title:
        return Skipped(label, None, f"feed entry {number} has no title, link or text")
    published = entry_time(entry)
    key = clean_text(entry.get("id")) or url or f"{feed_title}|{title}|{published}"
    return NewsRecord(
        source=SOURCE,
        source_id=source_id(SOURCE, key),
        url=url,
        title=title,
        published_at=published,
        summary=summary.strip() or None,
        feed=feed_title,
    )


def first_line(text: str) -> str:
    line = clean_text(text.strip().split("\n", 1)[0])
    return line if len(line) <= 120 else line[:119] + "…"


def entry_time(entry: Any) -> datetime | None:
    """feedparser gives UTC `struct_time`s; published first, then updated."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None
