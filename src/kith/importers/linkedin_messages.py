"""LinkedIn messages: `messages.csv` (2023: 10 columns, 2026: 11) and `Messages.csv` (2018).

Nothing in the file says whose export it is, and a touch needs a direction, so
reading is two passes: `survey_messages` notes who is in each conversation (no
text kept, one set of keys per conversation), the owner is the key present in
every conversation, then `read_messages` streams the rows. System rows ("Message
request accepted": no sender) are neither people nor messages. Bulk senders are
kept, marked `is_bulk` on the touch and the person: sponsored conversations,
`LinkedIn Member`, company pages without a profile URL.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from kith.identity import clean_text, normalize_name, source_id
from kith.importers._text import CsvStream, html_to_text, looks_like_html, parse_local, parse_utc
from kith.importers.linkedin_people import (
    SOURCE,
    SPONSORED,
    US_TIME,
    UTC_TIME,
    Known,
    Me,
    Opener,
    cached_ref,
    is_bulk_sender,
    person_key,
    person_ref,
    short_text,
    slug_of,
)
from kith.models import Direction, Record, Skipped, TouchRecord


@dataclass
class Survey:
    """Who is in which conversation: the owner and each thread's head count."""

    members: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    written_to: set[str] = field(default_factory=set)  # 2018: names the owner wrote to

    def add(self, conversation: str, name: str, url: str | None, *, sender: bool) -> str:
        key = person_key(name, url)
        self.members.setdefault(conversation, set()).add(key)
        if sender or key not in self.names:
            self.names[key] = short_text(name) or self.names.get(key, "")
        return key

    def owner(self, hints: set[str]) -> str | None:
        """The key present in most conversations (all, normally); hints break ties."""
        counts = Counter(key for keys in self.members.values() for key in keys)
        for key in counts:
            if key in hints or normalize_name(self.names.get(key)) in hints:
                return key
        if not counts:
            return None
        top = max(counts.values())
        return sorted(k for k, n in counts.items() if n == top)[0]

    def size(self, conversation: str) -> int:
        return max(2, len(self.members.get(conversation, ())))


# --- messages -------------------------------------------------------------------------


# Enough conversations to tell the owner (the one person in all of them): the survey
# stops there, and the read pass notes who is in each later conversation as it goes.
SURVEY_CONVERSATIONS = 50


def survey_messages(tables: Opener) -> Survey:
    """First pass: who takes part in the first conversations (no text is kept)."""
    survey = Survey()
    for table in tables("messages"):
        for _, row in table.rows():
            if len(survey.members) > SURVEY_CONVERSATIONS:
                break
            note(survey, row)
    for table in tables("messages_2018"):
        for _, row in table.rows():
            pair = thread_2018(row)
            survey.add(pair, row.get("from", ""), None, sender=True)
            survey.add(pair, row.get("to", ""), None, sender=False)
            if clean_text(row.get("direction")).upper() == "OUTGOING":
                survey.written_to.add(normalize_name(row.get("to")))
    return survey


def note(survey: Survey, row: dict[str, str]) -> None:
    """Add a message's sender and recipients to its conversation."""
    if is_system_row(row):
        return
    conversation = row.get("conversation id", "")
    sender, sender_url = row.get("from", ""), row.get("sender profile url")
    survey.add(conversation, sender, sender_url, sender=True)
    for name, url in recipients(row, survey):
        survey.add(conversation, name, url, sender=False)


def is_system_row(row: dict[str, str]) -> bool:
    """Tell a system row ("Message request accepted"): it has no sender."""
    return not short_text(row.get("from")) and not short_text(row.get("sender profile url"))


def recipients(row: dict[str, str], survey: Survey) -> list[tuple[str, str | None]]:
    """Pair TO names with RECIPIENT PROFILE URLS (the multi-recipient separator is a guess)."""
    names = short_text(row.get("to"))
    urls = split_urls(row.get("recipient profile urls", ""))
    if len(urls) <= 1:
        return [(names, urls[0] if urls else None)] if names or urls else []
    split = [n.strip() for n in names.split(",")]
    if len(split) == len(urls):
        return list(zip(split, urls, strict=True))
    return [(survey.names.get(person_key("", u)) or slug_of(u), u) for u in urls]


@functools.lru_cache(maxsize=65536)
def split_urls(value: str) -> list[str]:
    return [u for u in re.split(r"[,;\s]+", value) if u]


def thread_2018(row: dict[str, str]) -> str:
    """2018 files have no conversation id: a thread is the pair of display names."""
    pair = sorted(normalize_name(row.get(k)) for k in ("from", "to"))
    return "2018:" + "|".join(pair)


def read_messages(table: CsvStream, me: Me, survey: Survey) -> Iterator[Record]:
    """Second pass: one dm touch per message and counterpart.

    A conversation's rows are contiguous: each run of them is held (one
    conversation, not the file) until everyone in it is noted, so the head count
    is known before its first touch.
    """
    for _, run in itertools.groupby(table.rows(), key=lambda r: r[1].get("conversation id", "")):
        rows = list(run)
        for _, row in rows:
            note(survey, row)
        yield from conversation_touches(table, rows, me, survey)


def conversation_touches(
    table: CsvStream, rows: list[tuple[int, dict[str, str]]], me: Me, survey: Survey
) -> Iterator[Record]:
    """The touches of one conversation's rows (the file's hottest loop: kept lean)."""
    has_urls = "sender profile url" in table.header
    participants = survey.size(rows[0][1].get("conversation id", "")) if rows else 2
    seen: Counter[tuple[str, str]] = Counter()
    for line, row in rows:
        if is_system_row(row):
            continue
        conversation, date = row.get("conversation id", ""), row.get("date", "")
        at = parse_utc(date, UTC_TIME)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {date!r}")
            continue
        sender, sender_url = short_text(row.get("from")), row.get("sender profile url")
        sender_key = person_key(sender, sender_url)
        # Two messages from one sender in the same second differ only by their order.
        seen[(sender_key, date)] += 1
        ids = (conversation, sender_key, date, seen[(sender_key, date)])
        message = Message(
            at=at,
            text=message_text(row.get("content", "")),
            conversation=conversation,
            subject=short_text(row.get("subject")) or None,
            participants=participants,
            sponsored=short_text(row.get("conversation title")).casefold() == SPONSORED,
        )
        if not me.is_me(sender, sender_url):
            yield dm(
                message, sender, sender_url, has_urls, "in", source_id(SOURCE, "message", *ids)
            )
            continue
        others = [(n, u) for n, u in recipients(row, survey) if not me.is_me(n, u)]
        if not others:
            yield Skipped(table.label, line, "message from the owner without a recipient")
        for name, url in others:
            sid = source_id(SOURCE, "message", *ids, person_key(name, url))
            yield dm(message, name, url, has_urls, "out", sid)


class Message(NamedTuple):
    """What the touches of one message row share."""

    at: datetime
    text: str | None
    conversation: str
    subject: str | None
    participants: int
    sponsored: bool


def dm(
    message: Message, name: str, url: str | None, has_urls: bool, direction: Direction, sid: str
) -> TouchRecord:
    bulk = message.sponsored or is_bulk_sender(name, url, has_urls)
    return TouchRecord(
        source=SOURCE,
        source_id=sid,
        person=cached_ref(name, url, is_bulk=bulk),
        channel="dm",
        direction=direction,
        at=message.at,
        text=message.text,
        thread_key=message.conversation,
        subject=message.subject,
        participants=message.participants,
        is_bulk=bulk,
    )


def read_messages_2018(
    table: CsvStream, me: Me, tz: ZoneInfo, survey: Survey, known: Known
) -> Iterator[Record]:
    """The 2018 schema: no ids, no URLs, a Direction column, HTML entities in the text.

    Without URLs, company senders ("Nimbus Cloud") look like people. When the export
    lists connections, a sender who is not one and was never written to is taken
    for bulk; without Connections.csv nobody is guessed to be.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    for line, row in table.rows():
        sender, recipient = clean_text(row.get("from")), clean_text(row.get("to"))
        if not sender and not recipient:
            continue
        at = parse_local(row.get("date", ""), US_TIME, tz)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {row.get('date', '')!r}")
            continue
        direction = direction_2018(row, sender, me)
        other = recipient if direction == "out" else sender
        stranger = not {normalize_name(other)} & (known.keys() | survey.written_to)
        bulk = is_bulk_sender(other, None, file_has_urls=False) or (bool(known) and stranger)
        key = (sender, recipient, row.get("date", ""))
        seen[key] += 1
        yield TouchRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "message2018", *key, seen[key]),
            person=person_ref(other, is_bulk=bulk),
            channel="dm",
            direction=direction,
            at=at,
            text=message_text(html.unescape(row.get("content", ""))),
            thread_key=thread_2018(row),
            subject=clean_text(row.get("subject")) or None,
            is_bulk=bulk,
        )


def direction_2018(row: dict[str, str], sender: str, me: Me) -> Direction:
    stated = clean_text(row.get("direction")).upper()
    if stated in ("OUTGOING", "INCOMING"):
        return "out" if stated == "OUTGOING" else "in"
    return "out" if me.is_me(sender) else "in"


def message_text(raw: str) -> str | None:
    """Plain text of a message: HTML bodies (sponsored InMail) reduced to text, ends trimmed."""
    text = html_to_text(raw) if looks_like_html(raw) else raw
    return text.replace("\xa0", " ").strip() or None
