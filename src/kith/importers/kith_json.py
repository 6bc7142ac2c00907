"""`kith-json`: Kith's own export (`kith export`), read back as records.

The document is one JSON object whose first key is `"format": "kith-json"`; its
big parts are arrays: `people` (each with identities, dates and what the user
kept), `content`, `threads`, `touches`, `engagements`, `news`, then `agenda_states`,
`stories`, `exclusions` and `merge_suggestions`. Touches and engagements name their
person and thread by the exported ids, so people and threads come first.

Why a hand-rolled reader: an export of years of mail is gigabytes, and an import
must stream (PRODUCT.md). `walk` reads the top-level object key by key and each
array item by item with the standard decoder's `raw_decode` over a sliding buffer,
so memory holds one item at a time plus a map from exported person and thread ids
to who and what they are.

What records cannot carry — goal, stage, cadence, layer, tags, topics, details,
action items, stage history, agenda states, stories, exclusions, merge decisions —
the service restores from the same file after the records are in
(`kith.service.export`).
Sources and source ids are kept as they were, so re-importing an original export
after a restore adds nothing twice. A person with no identity at all (none is
made by the importers; a hand-made one could be) gets a `name` identity from this
file, the only way later records can find them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from kith.errors import ImportFailed
from kith.identity import name_identity
from kith.models import (
    CHANNELS,
    ContentRecord,
    EngagementRecord,
    Identity,
    ImportantDate,
    MeRecord,
    NewsRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

FORMAT = "kith-json"
VERSION = 1
SOURCE = "kith-json"
CHUNK = 1 << 16
_HEAD = re.compile(r'^\s*\{\s*"format"\s*:\s*"kith-json"')
_WHITESPACE = " \t\r\n"
_NUMBER_TAIL = re.compile(r"[0-9eE+\-.]*\Z")
_decoder = json.JSONDecoder()


def sniff(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return bool(_HEAD.match(handle.read(512)))
    except (OSError, UnicodeDecodeError):
        return False


# -- the streaming reader --------------------------------------------------------------
class _Cursor:
    """A position in a JSON text read a chunk at a time."""

    def __init__(self, handle: IO[str], name: str) -> None:
        self.handle = handle
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expected {char!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self._more():
                    continue
                raise self.error(exc.msg) from None
            if _NUMBER_TAIL.match(self.buffer, end) and self._more():
                continue  # a number cut by the end of the buffer ("-0.5e" of "-0.5e-3")
            self.pos = end
            return value

    def error(self, problem: str) -> ImportFailed:
        return ImportFailed(
            self.name, f"not a valid kith-json document ({problem})", "export it again"
        )


def walk(path: Path) -> Iterator[tuple[str, Any]]:
    """Each (key, value) of the top-level object; an array gives (key, item) per item."""
    try:
        yield from _walk(path)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            str(path), f"not UTF-8 text (byte {exc.start} of a chunk)", "export it again"
        ) from None


def _walk(path: Path) -> Iterator[tuple[str, Any]]:
    with path.open(encoding="utf-8-sig") as handle:
        cursor = _Cursor(handle, str(path))
        cursor.take("{")
        if cursor.peek() == "}":
            return
        while True:
            key = cursor.value()
            if not isinstance(key, str):
                raise cursor.error("a key is not a string")
            cursor.take(":")
            if cursor.peek() == "[":
                yield from _items(cursor, key)
            else:
                yield key, cursor.value()
            if cursor.peek() == "}":
                return
            cursor.take(",")


def _items(cursor: _Cursor, key: str) -> Iterator[tuple[str, Any]]:
    cursor.take("[")
    if cursor.peek() == "]":
        cursor.pos += 1
        return
    while True:
        yield key, cursor.value()
        if cursor.peek() == "]":
            cursor.pos += 1
            return
        cursor.take(",")


# -- records -----------------------------------------------------------------------------
def read(path: Path, *, tz: Any = None) -> Iterator[Record]:
    """Stream the records of a kith-json export (`tz` is unused: every time carries its zone)."""
    reader = _Reader(str(path))
    items = walk(path)
    key, value = next(items, ("", None))
    if key != "format" or value != FORMAT:
        raise ImportFailed(str(path), "not a kith-json export", "make one with `kith export`")
    for key, value in items:
        yield from reader.record(key, value)


class _Reader:
    """Turn the items of each section into records, remembering people and threads."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.people: dict[int, PersonRef] = {}
        self.threads: dict[int, tuple[str, str | None, int]] = {}  # key, subject, participants
        self.content_urls: dict[int, str | None] = {}
        self.position: dict[str, int] = defaultdict(int)

    def record(self, key: str, value: Any) -> Iterator[Record]:
        self.position[key] += 1
        handler = getattr(self, f"_{key}", None)
        if handler is None:
            return
        try:
            yield from handler(value)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield Skipped(self.file, None, f"{key} item {self.position[key]}: {exc!r}")

    def _version(self, value: Any) -> Iterator[Record]:
        if not isinstance(value, int) or value > VERSION:
            raise ImportFailed(
                self.file, f"kith-json version {value!r} is newer than this Kith reads", "upgrade"
            )
        return iter(())

    def _account(self, value: dict[str, Any]) -> Iterator[Record]:
        identities = tuple(Identity(i["kind"], i["value"]) for i in value.get("me", []))
        if value.get("me_name") or identities:
            yield MeRecord(value.get("me_name"), identities)

    def _people(self, item: dict[str, Any]) -> Iterator[Record]:
        identities = [
            (i["kind"], i["value"], i.get("source") or SOURCE) for i in item["identities"]
        ]
        if not identities:
            made = stand_in_identity(item["name"], item["id"])
            if made is not None:
                identities = [(made.kind, made.value, SOURCE)]
        self.people[int(item["id"])] = PersonRef(
            item["name"], tuple(Identity(k, v) for k, v, _ in identities)
        )
        full = PersonRef(
            name=item["name"],
            company=item.get("company"),
            position=item.get("position"),
            connected_at=moment(item.get("connected_at")),
            is_bulk=bool(item.get("is_bulk")),
            notes=item.get("notes"),
            dates=tuple(_date(d) for d in item.get("dates", [])),
        )
        # One record per source the identities came from, so each keeps its source.
        so_far: list[Identity] = []
        for source in dict.fromkeys(s for _, _, s in identities):
            so_far += [Identity(k, v) for k, v, s in identities if s == source]
            yield PersonRecord(source, f"{SOURCE}:person:{item['id']}", _with(full, tuple(so_far)))

    def _content(self, item: dict[str, Any]) -> Iterator[Record]:
        self.content_urls[int(item["id"])] = item.get("url")
        yield ContentRecord(
            source=_source_of(item["source_id"]),
            source_id=item["source_id"],
            url=item.get("url"),
            posted_at=_required_moment(item["posted_at"]),
            text=item.get("text"),
            title=item.get("title"),
            platform=item.get("platform"),
        )

    def _threads(self, item: dict[str, Any]) -> Iterator[Record]:
        participants = int(item.get("participants") or 2)
        self.threads[int(item["id"])] = (str(item["source_id"]), item.get("subject"), participants)
        return iter(())

    def _touches(self, item: dict[str, Any]) -> Iterator[Record]:
        person = self._person(item)
        if item["channel"] not in CHANNELS or item["direction"] not in ("in", "out"):
            raise ValueError(f"channel {item['channel']!r}, direction {item['direction']!r}")
        thread = self.threads.get(item["thread"]) if item.get("thread") is not None else None
        key, subject, participants = thread or (None, None, 2)
        source = item["source"]
        yield TouchRecord(
            source=source,
            source_id=item["source_id"],
            person=person,
            channel=item["channel"],
            direction=item["direction"],
            at=_required_moment(item["at"]),
            text=item.get("text"),
            thread_key=key.removeprefix(f"{source}:") if key else None,
            subject=subject,
            participants=participants,
            status="planned" if item.get("status") == "planned" else "held",
            purpose=item.get("purpose"),
            is_bulk=bool(item.get("is_bulk")),
            duration_s=item.get("duration_s"),
        )

    def _engagements(self, item: dict[str, Any]) -> Iterator[Record]:
        content = item.get("content")
        yield EngagementRecord(
            source=_source_of(item["source_id"]),
            source_id=item["source_id"],
            person=self._person(item),
            kind=item["kind"],
            at=_required_moment(item["at"]),
            content_url=self.content_urls.get(content) if content is not None else None,
            text=item.get("text"),
            platform=item.get("platform"),
        )

    def _news(self, item: dict[str, Any]) -> Iterator[Record]:
        yield NewsRecord(
            source=_source_of(item["source_id"]),
            source_id=item["source_id"],
            url=item.get("url"),
            title=item["title"],
            published_at=moment(item.get("published_at")),
            summary=item.get("summary"),
            feed=item.get("feed"),
        )

    def _person(self, item: dict[str, Any]) -> PersonRef:
        found = self.people.get(item["person"])
        if found is None:
            raise ValueError(f"person {item['person']} is not in the people section before it")
        return found


def _with(ref: PersonRef, identities: tuple[Identity, ...]) -> PersonRef:
    return PersonRef(
        ref.name,
        identities,
        ref.company,
        ref.position,
        ref.connected_at,
        ref.is_bulk,
        ref.dates,
        ref.notes,
    )


def _source_of(source_id: str) -> str:
    """Content, engagements and news keep no source column: their ids start with it."""
    head, sep, _ = source_id.partition(":")
    return head if sep and head else SOURCE


def stand_in_identity(name: str, exported_id: int) -> Identity | None:
    """The identity a person exported without any gets here, so that later records (and
    the restore of what the user kept) can find them: name and exported id together."""
    return name_identity(SOURCE, f"{name} {exported_id}")


def moment(value: str | None) -> datetime | None:
    """An exported time (ISO 8601, UTC when it says no zone)."""
    if not value:
        return None
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _required_moment(value: str) -> datetime:
    at = moment(value)
    if at is None:
        raise ValueError("a time is missing")
    return at.astimezone(UTC)


def _date(value: dict[str, Any]) -> ImportantDate:
    return ImportantDate(
        value["kind"], int(value["month"]), int(value["day"]), value.get("year"), value.get("label")
    )
