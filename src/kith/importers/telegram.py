"""Read a Telegram Desktop export (`result.json`) into people and touches.

Two shapes exist: a single-chat export (`{"name", "type", "id", "messages": [...]}`)
and a full-account export (`personal_information`, `contacts.list[]`,
`chats.list[]`, `left_chats.list[]`). Each chat becomes a thread; each `message`
one `chat` touch; a `phone_call` service message a `call` touch with its
`duration_seconds` (a call that was missed or busy is a `chat` touch reading
`[missed call]`, an attempt rather than a conversation). Other service messages
(joins, pins, invitations) are not messages. Channels (broadcasts), bots and
Saved Messages are not conversations and are reported as skipped.

Times: `date_unixtime` (UTC) when present, else `date`, which has no zone and is
read in `tz`. Texts come as a string or as an array of strings and `{type, text}`
segments; media without text read `[media] photo`, `[media] sticker 😀`...

People: `from_id` (`user123`) becomes the handle `telegram:123`; a full export's
`contacts.list` adds names and phone numbers. The user: `personal_information` in
a full export; else an author named in `me_names`; in a `personal_chat` the author
who is not the chat (its `id` is the other person's user id, its `name` their
name); with several chats, the author in all of them; in any other two-person chat
a guess, the author who did not write first. A group with none of these has no
known owner and every message is `in`. The user's message in a group is attached
to the last other author before it (see `whatsapp.Addressees`).

The file is read twice as a stream (`JsonStream`): first for the user, the contacts
and each chat's authors, then for the touches; only one message is decoded at a
time, so memory stays flat however large the export.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    handle_identity,
    name_identity,
    normalize_name,
    phone_identity,
    source_id,
)
from kith.importers._text import (
    CHUNK,
    Member,
    is_zip,
    iter_members,
    open_member,
    parse_iso,
    sniff_encoding,
    zip_names,
)
from kith.importers.whatsapp import Addressees
from kith.models import (
    Identity,
    MeRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

SOURCE = "telegram"
HINT = (
    "export from Telegram Desktop (Settings → Advanced → Export Telegram data, format "
    "'Machine-readable JSON') and import result.json"
)
NOT_CONVERSATIONS = {
    "public_channel": "a channel (broadcast)",
    "private_channel": "a channel (broadcast)",
    "saved_messages": "your Saved Messages",
    "bot_chat": "a chat with a bot",
}
MISSED = {"missed", "busy", "declined"}
CHAT_TYPES = (
    "personal_chat",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "public_channel",
    "private_channel",
    "bot_chat",
    "saved_messages",
)


# --- detection ------------------------------------------------------------------------


def head_of(member: Member) -> str:
    with open_member(member) as stream:
        raw = stream.read(CHUNK)
    return raw.decode(sniff_encoding(raw), errors="replace").lstrip("\ufeff \t\r\n")


def looks_like_export(member: Member) -> bool:
    try:
        head = head_of(member)
    except ImportFailed:
        return False
    if not head.startswith("{"):
        return False
    compact = "".join(head.split())
    telegram_only = ('"personal_information":', '"date_unixtime":', '"from_id":"user')
    chat_types = tuple(f'"type":"{kind}"' for kind in CHAT_TYPES)
    return any(mark in compact for mark in telegram_only + chat_types) and (
        '"messages":' in compact or '"personal_information":' in compact
    )


def export_files(path: Path) -> list[Member]:
    members = list(iter_members(path))
    if len(members) == 1 and not members[0].in_zip:
        return members if looks_like_export(members[0]) else []
    return [m for m in members if m.basename.lower().endswith(".json") and looks_like_export(m)]


def sniff(path: Path) -> bool:
    """Tell whether a path holds a Telegram Desktop JSON export, by content."""
    if is_zip(path):
        zip_names(path)
    try:
        return bool(export_files(path))
    except ImportFailed:
        return False


class JsonStream:
    """Walk a JSON document piece by piece: descend into the containers asked for and
    decode everything else whole, so a big export never sits in memory at once."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.buf = ""
        self.pos = 0
        self.decoder = json.JSONDecoder()
        self.lines_behind = 0  # lines dropped from the front of `buf`, for error messages

    def fill(self) -> bool:
        more = next(self.chunks, None)
        if more is None:
            return False
        self.lines_behind += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + more
        self.pos = 0
        return True

    def line_at(self, pos: int | None = None) -> int:
        """The file's line number (from 1) of a position in `buf`, the current one by default."""
        return self.lines_behind + self.buf.count("\n", 0, self.pos if pos is None else pos) + 1

    def peek(self) -> str:
        while True:
            self.pos = BLANKS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            raise ValueError(f"expected {expected!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                found, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if not self.fill():
                    raise
                continue
            if end == len(self.buf) and self.fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return found

    def fields(self) -> Iterator[str]:
        """Yield each key of an object; the caller reads or descends into its value."""
        yield from self._members("{", "}", keyed=True)

    def elements(self) -> Iterator[str]:
        yield from self._members("[", "]", keyed=False)

    def _members(self, opening: str, closing: str, *, keyed: bool) -> Iterator[str]:
        self.take(opening)
        if self.peek() == closing:
            self.pos += 1
            return
        while True:
            key = ""
            if keyed:
                key = str(self.value())
                self.take(":")
            yield key
            after = self.peek()
            self.pos += 1
            if after == closing:
                return
            if after != ",":
                raise ValueError(f"expected ',' or {closing!r}")


BLANKS = re.compile(r"[ \t\r\n]*")
Event = tuple[str, Any]  # ("me" | "contacts" | "chat" | "message" | "end", value)


def text_chunks(member: Member) -> Iterator[str]:
    with open_member(member) as stream:
        head = stream.read(CHUNK)
        decoder = codecs.getincrementaldecoder(sniff_encoding(head))(errors="replace")
        chunk = head
        while chunk:
            yield decoder.decode(chunk).lstrip("\ufeff") if chunk is head else decoder.decode(chunk)
            chunk = stream.read(CHUNK)
        yield decoder.decode(b"", final=True)


def events(member: Member) -> Iterator[Event]:
    """The parts of an export in file order; broken JSON is an ImportFailed naming the file."""
    doc = JsonStream(text_chunks(member))
    try:
        if doc.peek() != "{":
            raise ImportFailed(member.label, "not a Telegram export (no chat object)", HINT)
        yield from top_level(doc)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            problem, line = exc.msg, doc.line_at(exc.pos)
        else:
            problem, line = str(exc), doc.line_at()
        raise ImportFailed(
            member.label,
            f"broken JSON ({problem}; the file is cut short or was edited)",
            "export the chat again from Telegram Desktop (Export chat history, JSON)",
            line=line,
        ) from exc


def top_level(doc: JsonStream) -> Iterator[Event]:
    meta: dict[str, Any] = {}
    for key in doc.fields():
        if key in ("chats", "left_chats") and doc.peek() == "{":
            for inner in doc.fields():
                if inner == "list" and doc.peek() == "[":
                    for _ in doc.elements():
                        yield from chat_events(doc) if doc.peek() == "{" else skip(doc)
                else:
                    doc.value()
        elif key == "messages" and doc.peek() == "[":
            yield from message_events(doc, meta)
        elif key in ("personal_information", "contacts"):
            yield ("me" if key == "personal_information" else key, doc.value())
        else:
            value = doc.value()
            if key in ("name", "type", "id"):
                meta[key] = value


def chat_events(doc: JsonStream) -> Iterator[Event]:
    meta: dict[str, Any] = {}
    for key in doc.fields():
        if key == "messages" and doc.peek() == "[":
            yield from message_events(doc, meta)
        else:
            value = doc.value()
            if key in ("name", "type", "id"):
                meta[key] = value


def message_events(doc: JsonStream, meta: dict[str, Any]) -> Iterator[Event]:
    yield ("chat", dict(meta))
    for _ in doc.elements():
        yield ("message", doc.value())
    yield ("end", None)


def skip(doc: JsonStream) -> Iterator[Event]:
    doc.value()
    yield from ()


# --- people ---------------------------------------------------------------------------


def author_key(from_id: object, name: object) -> str:
    if isinstance(from_id, str | int) and str(from_id):
        return str(from_id)
    return "name:" + normalize_name(name if isinstance(name, str) else "")


def person(from_id: object, name: object) -> PersonRef:
    shown = clean_text(name if isinstance(name, str) else "") or "Deleted Account"
    ids: list[Identity] = []
    if isinstance(from_id, str | int) and str(from_id):
        handle = handle_identity(SOURCE, str(from_id).removeprefix("user"))
        ids = [handle] if handle else []
    if not ids:
        found = name_identity(SOURCE, shown)
        ids = [found] if found else []
    return PersonRef(name=shown, identities=tuple(ids))


def contacts(listed: object) -> Iterator[Record]:
    rows = listed.get("list", []) if isinstance(listed, dict) else []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        name = clean_text(f"{row.get('first_name') or ''} {row.get('last_name') or ''}")
        phone = phone_identity(str(row.get("phone_number") or ""))
        if not name and not phone:
            continue
        ids = (phone,) if phone else ()
        ref = PersonRef(name=name or str(row.get("phone_number")), identities=ids)
        key = phone.value if phone else normalize_name(name)
        yield PersonRecord(SOURCE, source_id(SOURCE, "contact", key), ref)


def owner_info(info: object) -> tuple[str | None, str | None]:
    if not isinstance(info, dict):
        return None, None
    user_id = info.get("user_id")
    name = clean_text(f"{info.get('first_name') or ''} {info.get('last_name') or ''}") or None
    return (f"user{user_id}" if user_id else None), name


# --- chats ----------------------------------------------------------------------------


@dataclass
class Chat:
    """One chat of the export and what a first look at it learns."""

    data: dict[str, Any]  # name, type, id
    label: str
    authors: dict[str, PersonRef] = field(default_factory=dict)

    def note(self, message: dict[str, Any]) -> None:
        if message.get("type", "message") == "message":
            key = author_key(message.get("from_id"), message.get("from"))
            if key not in self.authors:
                self.authors[key] = person(message.get("from_id"), message.get("from"))

    @property
    def kind(self) -> str:
        return str(self.data.get("type") or "personal_chat")

    @property
    def name(self) -> str:
        return clean_text(str(self.data.get("name") or ""))

    @property
    def key(self) -> str:
        chat_id = self.data.get("id")
        return f"id:{chat_id}" if chat_id is not None else "name:" + normalize_name(self.name)

    @property
    def counterpart(self) -> str | None:
        """In a personal chat, the other person's author key (the chat is named after them)."""
        if self.kind != "personal_chat":
            return None
        chat_id = self.data.get("id")
        if chat_id is not None and f"user{chat_id}" in self.authors:
            return f"user{chat_id}"
        named = [
            k
            for k, ref in self.authors.items()
            if normalize_name(ref.name) == normalize_name(self.name)
        ]
        return named[0] if len(named) == 1 else None

    @property
    def participants(self) -> int:
        return 2 if self.kind == "personal_chat" else max(2, len(self.authors))


def owner_of(chat: Chat, me_id: str | None, me_names: set[str], everywhere: set[str]) -> str | None:
    keys = set(chat.authors)
    if me_id:
        return me_id
    named = {k for k, ref in chat.authors.items() if normalize_name(ref.name) in me_names}
    for found in (named, keys & everywhere):
        if len(found) == 1:
            return found.pop()
    if len(keys) == 2:
        other = chat.counterpart
        if other:
            return (keys - {other}).pop()
        if chat.participants == 2 or chat.kind == "personal_chat":
            first = next(iter(chat.authors))
            return (keys - {first}).pop()
    return None


def moment(message: dict[str, Any], tz: tzinfo) -> datetime | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str | int) and str(unix).isdigit():
        try:
            return datetime.fromtimestamp(int(unix), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    date = message.get("date")
    return parse_iso(date, tz) if isinstance(date, str) else None


def export_zone(message: dict[str, Any], tz: tzinfo) -> tzinfo | None:
    """The zone the export's local `date`s are in, from a message that has both times.

    Telegram Desktop writes `date` on the exporting computer's clock: `tz` when it
    agrees there (so its summer time still applies), else that fixed offset.
    """
    unix, date = message.get("date_unixtime"), message.get("date")
    if not (isinstance(unix, str | int) and str(unix).isdigit() and isinstance(date, str)):
        return None
    try:
        utc = datetime.fromtimestamp(int(unix), UTC)
        local = datetime.fromisoformat(date)
    except (OverflowError, OSError, ValueError):
        return None
    if local.tzinfo is not None:
        return None
    offset = (local - utc.replace(tzinfo=None)).total_seconds()
    if abs(offset) > 14 * 3600:
        return None
    whole = timedelta(minutes=round(offset / 900) * 15)  # seconds apart: a quarter-hour zone
    return tz if utc.astimezone(tz).utcoffset() == whole else timezone(whole)


def text_of(message: dict[str, Any]) -> str:
    raw = message.get("text")
    if isinstance(raw, list):
        raw = "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in raw
            if isinstance(part, str | dict)
        )
    text = raw.strip() if isinstance(raw, str) else ""
    media = media_of(message)
    if media:
        return f"[media] {media}" + (f": {text}" if text else "")
    return text


def media_of(message: dict[str, Any]) -> str | None:
    if "photo" in message:
        return "photo"
    kind = message.get("media_type")
    if kind:
        emoji = message.get("sticker_emoji")
        return f"{kind} {emoji}" if emoji else str(kind)
    if "file" in message:
        return "file"
    if message.get("location_information"):
        return "location"
    return None


def read_chat(
    chat: Chat, owner: str | None, messages: Iterator[dict[str, Any]], *, tz: tzinfo
) -> Iterator[Record]:
    if chat.kind in NOT_CONVERSATIONS:
        what = NOT_CONVERSATIONS[chat.kind]
        yield Skipped(chat.label, None, f"chat {chat.name!r} is {what}, not a conversation")
        for _ in messages:  # read past them
            pass
        return
    counterpart = chat.authors.get(chat.counterpart or "") or (
        person(f"user{chat.data['id']}", chat.name)
        if chat.kind == "personal_chat" and chat.data.get("id") is not None
        else None
    )
    seen: Counter[tuple[str, str]] = Counter()
    to = Addressees()
    for message in messages:
        made = touch_parts(message, chat, tz, seen)
        if isinstance(made, Skipped):
            yield made
            continue
        if made is None:
            continue
        author, make = made
        if author == owner:
            if counterpart is not None:
                yield make(counterpart, direction="out")
            else:
                yield from to.send(functools.partial(make, direction="out"), chat.key)
            continue
        who = chat.authors.get(author) or person(message.get("actor_id"), message.get("actor"))
        yield make(who, direction="in")
        yield from to.heard(who, chat.key)
    lost = to.unanswered()
    if lost:
        yield Skipped(
            chat.label, None, f"{lost} of your messages in {chat.name!r} with no one else"
        )


def touch_parts(
    message: dict[str, Any], chat: Chat, tz: tzinfo, seen: Counter[tuple[str, str]]
) -> tuple[str, functools.partial[TouchRecord]] | Skipped | None:
    """(author key, a touch maker awaiting person and direction), or why not."""
    kind = message.get("type", "message")
    if kind == "service" and message.get("action") != "phone_call":
        return None
    if kind not in ("message", "service"):
        return None
    at = moment(message, tz)
    if at is None:
        return Skipped(chat.label, None, f"message {message.get('id', '?')} has no date")
    if kind == "service":
        author = author_key(message.get("actor_id"), message.get("actor"))
        seconds = message.get("duration_seconds")
        missed = message.get("discard_reason") in MISSED or not seconds
        channel, text = ("chat", "[missed call]") if missed else ("call", None)
        duration = None if missed or not isinstance(seconds, int) else seconds
    else:
        author = author_key(message.get("from_id"), message.get("from"))
        channel, text, duration = "chat", text_of(message), None
    native = message.get("id")
    if native is None:
        stamp = at.isoformat()
        seen[(author, stamp)] += 1
        native = f"{author}|{stamp}|{seen[(author, stamp)]}"
    return author, functools.partial(
        touch,
        source=SOURCE,
        source_id=source_id(SOURCE, chat.key, native),
        channel=channel,
        at=at,
        text=text or None,
        thread_key=chat.key,
        participants=chat.participants,
        duration_s=duration,
    )


def touch(who: PersonRef, *, direction: str, **fields: Any) -> TouchRecord:
    return TouchRecord(person=who, direction="out" if direction == "out" else "in", **fields)


# --- the source -----------------------------------------------------------------------


@dataclass
class Survey:
    """A first pass over one export file: the user, the contacts, each chat's authors."""

    me_id: str | None = None
    me_name: str | None = None
    contacts: object = None
    chats: list[Chat] = field(default_factory=list)
    dated: dict[str, Any] | None = None  # a message with both a local and a UTC time


def survey(member: Member) -> Survey:
    found = Survey()
    current: Chat | None = None
    for kind, value in events(member):
        if kind == "me":
            found.me_id, found.me_name = owner_info(value)
        elif kind == "contacts":
            found.contacts = value
        elif kind == "chat":
            current = Chat(value, member.label)
            found.chats.append(current)
        elif kind == "message" and current is not None and isinstance(value, dict):
            current.note(value)
            if found.dated is None and "date_unixtime" in value and "date" in value:
                found.dated = value
    return found


def chat_messages(stream: Iterator[Event]) -> Iterator[dict[str, Any]]:
    """The messages of the chat the stream is in, up to its end."""
    for kind, value in stream:
        if kind == "end":
            return
        if kind == "message" and isinstance(value, dict):
            yield value


def read(path: Path, *, tz: ZoneInfo, me_names: tuple[str, ...] = ()) -> Iterator[Record]:
    """Yield the user, the contacts, then the touches of every chat under `path`."""
    members = export_files(path)
    if not members:
        raise ImportFailed(str(path), "no Telegram export found", HINT)
    wanted = {normalize_name(n) for n in me_names if clean_text(n)}
    for member in members:
        first = survey(member)
        chats = first.chats
        if not chats and first.contacts is None:
            raise ImportFailed(member.label, "no chats in this Telegram export", HINT)
        people = [set(c.authors) for c in chats if c.kind not in NOT_CONVERSATIONS]
        everywhere = set.intersection(*people) if len(people) > 1 else set()
        found = [owner_of(c, first.me_id, wanted, everywhere) for c in chats]
        yield from me_record(first.me_id, first.me_name, chats, found)
        yield from contacts(first.contacts)
        ordered, owners = iter(chats), iter(found)
        zone = (export_zone(first.dated, tz) if first.dated else None) or tz
        stream = events(member)
        for kind, _ in stream:
            if kind == "chat":
                yield from read_chat(next(ordered), next(owners), chat_messages(stream), tz=zone)


def me_record(
    me_id: str | None, me_name: str | None, chats: list[Chat], owners: list[str | None]
) -> Iterator[Record]:
    if me_id:
        yield MeRecord(name=me_name, identities=person(me_id, me_name).identities)
        return
    for chat, owner in zip(chats, owners, strict=True):
        if owner and owner in chat.authors:
            ref = chat.authors[owner]
            yield MeRecord(name=ref.name, identities=ref.identities)
            return
