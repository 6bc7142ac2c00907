"""Read WhatsApp "Export chat" files (.txt, or the .zip WhatsApp makes) into touches.

The format is a line grammar, `<timestamp><sep><author>: <text>`, printed in the
phone's locale: Android `12/9/20, 23:55 - `, `15.04.2016, 15:04 - `,
`1/4/24, 7:02 PM - ` (U+202F before PM), Spanish `8:28 p. m.`; iOS
`[14/03/2024, 08:04:02] ` with U+200E marks before system texts and attachments.
A line without a timestamp continues the message before it, even when it looks
like `- Name: text`; a timestamped line without an author is a system line.

Three things the file does not say, and how they are settled:

* **Day or month first.** `3/6/18` reads both ways. The whole file is looked at
  first: a first number above 12 proves day-first, a second number above 12 proves
  month-first; a file that proves neither is read as `day_first` says, else
  month-first when its clock is 12-hour with `AM`/`PM` in capitals (what the US
  locale prints: `1/4/24, 7:02 PM`; India's and Britain's 12-hour clocks write
  `pm` and put the day first), else day-first. So a short export and a later
  longer one of the same chat read their dates alike and the later one adds only
  what is new. Four-digit first fields are year-month-day.
* **Who the user is.** An export never names its owner. In order: an author whose
  name is one of `me_names` (for the caller to fill from `kith me`); in an import of several chats,
  the one author present in all of them; the author of "You deleted this message";
  in a one-to-one chat named after the other person (Android `WhatsApp Chat with
  X.txt`, iOS `WhatsApp Chat - X.zip`, or the iOS encryption notice printed as
  X's), the other author; in any other one-to-one chat, a guess: the author who did
  not write first. The user is one person across the chats of one import: an author
  found to be the user in one chat is the user in every chat they wrote in (the
  strongest evidence wins where two meet), so they are never also a contact. A group
  chat with no evidence has no known owner: every message is `in`. The owner found
  is reported as a `MeRecord`.
* **Whom the user wrote to in a group.** One touch per message, always: the user's
  message in a group is attached to the last other author before it (the person it
  most likely answers; the first one after it when the user opens the chat), with
  `participants` = the chat's author count, so the store marks the thread a group.

Times have no zone: they are read in `tz`. System lines (encryption notices, even
when printed as the group's or a person's message; joins, subject changes,
phone-number changes) are neither people nor messages. Media placeholders are kept
as messages whose text starts with `[media]`; deleted ones read `[deleted message]`;
the `<This message was edited>` marker is dropped. Calls become `call` (voice) or
`video` touches with their duration; a missed call is a `chat` touch reading
`[missed voice call]` — an attempt to reach someone, not a conversation.

A chat is known by its two authors (one-to-one), else by its name (the author of
the encryption notice, or the export's file name), else by its set of authors.
`source_id` = chat + author + local time + occurrence within that minute, so the
same chat exported again (or renamed) yields the same ids.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import clean_text, name_identity, normalize_name, phone_identity, source_id
from kith.importers._digests import digest
from kith.importers._text import (
    Member,
    decoded_lines,
    is_zip,
    iter_members,
    open_member,
    zip_names,
)
from kith.models import Identity, MeRecord, PersonRef, Record, Skipped, TouchRecord

SOURCE = "whatsapp"
HINT = (
    "export the chat from WhatsApp (chat menu → More → Export chat) and import the .txt "
    "or the .zip it makes"
)
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\ufeff\u2066\u2067\u2068\u2069\u202a\u202c"))
_SPACES = {ord("\u202f"): " ", ord("\xa0"): " ", ord("\u2007"): " "}
_MARK_CHARS = re.compile("[\u200e\u200f\ufeff\u2066-\u2069\u202a\u202c]")

_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
HEADER = re.compile(
    rf"^(?:\[(?P<idate>{_DATE}),?\s+(?P<itime>{_TIME})\]\s"
    rf"|(?P<adate>{_DATE}),?\s+(?P<atime>{_TIME})\s+[-–]\s)(?P<rest>.*)$"
)
AUTHOR = re.compile(r"^(?P<author>[^:\n]{1,100}?):(?P<text>.*)$", re.S)
# An "author" that is really a sentence: a system line whose text holds a colon.
SYSTEM_ACTOR = re.compile(
    r"[\"“”]| (created group|added|removed|left|changed|joined|was added|were added"
    r"|deleted|pinned|started|turned|reset|settings) ",
    re.I,
)
# System lines only a group has: a one-to-one chat between the same two people differs.
GROUP_SIGNS = re.compile(
    r"created group|\badded\b|\bwas added|were added|removed|\bleft$|changed the subject"
    r"|changed this group|changed the group|joined using|group's invite|you were added",
    re.I,
)
# Notices WhatsApp prints as someone's message (the group's name, or a person's).
AUTHORED_SYSTEM = re.compile(
    r"^(messages and calls are end-to-end encrypted|messages (you send )?(to|in) this "
    r"(group|chat)|.{0,100} changed (their|his|her) phone number|your security code with"
    r"|.{0,100}security code (with .{0,100})?changed|this (chat|business) is with a business"
    r"|.{0,100} turned (on|off) disappearing messages"
    r"|nachrichten und anrufe sind ende-zu-ende-verschlüsselt"
    r"|los mensajes y las llamadas están cifrados de extremo a extremo)",
    re.I,
)
MEDIA = re.compile(
    r"<(attached|anhang|adjunto|allegato|pièce jointe|anexo|bijlage|附件)\s?[:：]"
    r"|^<(media omitted|medien ausgeschlossen|multimedia omitido|média omis"
    r"|media weggelaten|mídia oculta|archivo omitido)>$"
    r"|^(image|video|audio|sticker|gif|document|contact card|photo) omitted$"
    r"|\((file attached|archivo adjunto|datei angehängt)\)$",
    re.I,
)
DELETED = re.compile(
    r"^(this message was deleted|you deleted this message|se eliminó este mensaje"
    r"|eliminaste este mensaje|diese nachricht wurde gelöscht"
    r"|du hast diese nachricht gelöscht)\.?$",
    re.I,
)
DELETED_BY_ME = re.compile(
    r"^(you deleted this message|eliminaste este mensaje|du hast diese nachricht gelöscht)\.?$",
    re.I,
)
EDITED = re.compile(r"\s*<(this message was edited|se editó este mensaje\.?)>$", re.I)
CALL = re.compile(
    r"^(?P<missed>missed )?(group )?(?P<kind>voice|video) call(?:,\s*(?P<rest>.*))?$", re.I
)
DURATION = re.compile(r"(\d+)\s*(hr|hour|h|min|m|sec|s)\b", re.I)
CHAT_FILE = re.compile(
    r"^(?:WhatsApp Chat (?:with|-)|WhatsApp-Chat mit|Chat de WhatsApp con|Conversa do "
    r"WhatsApp com|Chat WhatsApp con)\s+(?P<name>.+?)(?:\.txt|\.zip)?$",
    re.I,
)


# --- lines to entries -----------------------------------------------------------------

SHORT = 300  # placeholders, notices and call lines are short; longer texts skip those checks


def spaces(value: str) -> str:
    """NNBSP and NBSP as plain blanks (fast path: most lines have neither)."""
    if "\u202f" in value or "\xa0" in value or "\u2007" in value:
        return value.translate(_SPACES)
    return value


def unmarked(value: str) -> str:
    """Drop direction marks (fast path: most lines have none)."""
    return value.translate(_MARKS) if _MARK_CHARS.search(value) else value


def flat(text: str) -> str:
    """A short text as one line for matching placeholders; long texts come back empty."""
    if len(text) > SHORT:
        return ""
    return " ".join(spaces(unmarked(text)).split())


@functools.lru_cache(maxsize=65536)
def author_key(name: str) -> str:
    return normalize_name(name)


@functools.lru_cache(maxsize=65536)
def display(name: str) -> str:
    return clean_text(name)


@dataclass
class Entry:
    """One timestamped record of the file with its continuation lines."""

    line: int
    date: str
    time: str
    author: str | None  # None: a system line
    text: str
    system: bool = False
    short: str = ""  # the text on one line when short enough to be a placeholder


def header_of(line: str) -> re.Match[str] | None:
    return HEADER.match(spaces(line.rstrip("\r\n").lstrip("\u200e\u200f\ufeff")))


def entry_of(match: re.Match[str], number: int) -> Entry:
    date, time = match["idate"] or match["adate"], match["itime"] or match["atime"]
    rest = match["rest"]
    # iOS puts U+200E right before a system text (after `] `), never before an author.
    found = None if rest.startswith("\u200e") else AUTHOR.match(rest)
    author = display(found["author"]) if found else ""
    if not found or not author or SYSTEM_ACTOR.search(" " + found["author"] + " "):
        return Entry(number, date, time, None, clean_text(rest), system=True)
    text = found["text"].removeprefix(" ")
    return Entry(number, date, time, author, text)


def entries(member: Member) -> Iterator[Entry | Skipped]:
    """Group the lines of a chat into entries; text before the first record is reported."""
    with open_member(member) as stream:
        current: Entry | None = None
        orphans = 0
        for number, line in enumerate(decoded_lines(stream, member.label), 1):
            match = header_of(line)
            if match is None:
                if current is not None:
                    current.text += "\n" + line.rstrip("\r\n")
                elif line.strip() and not orphans:
                    orphans += 1
                    yield Skipped(member.label, number, "text before the first message")
                continue
            if current is not None:
                yield finish(current)
            current = entry_of(match, number)
        if current is not None:
            yield finish(current)


def finish(entry: Entry) -> Entry:
    entry.text = unmarked(entry.text).rstrip()
    entry.short = flat(entry.text)
    if entry.author and AUTHORED_SYSTEM.match(entry.short):
        entry.system = True
    return entry


# --- dates ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def date_fields(value: str) -> tuple[int, int, int, bool]:
    """The three numbers of a date and whether the year comes first (`2020-01-01`)."""
    parts = re.split(r"[./-]", value)
    a, b, c = (int(part) for part in parts)
    return a, b, c, len(parts[0]) == 4


def date_evidence(value: str) -> str | None:
    """'dmy' or 'mdy' when the date proves an order; None when it reads both ways."""
    a, b, _, year_first = date_fields(value)
    if year_first:
        return None
    if a > 12 and b <= 12:
        return "dmy"
    if b > 12 and a <= 12:
        return "mdy"
    return None


US_CLOCK = re.compile(r"\d\s*[AP]M$")  # `7:02 PM` (the space is often U+202F); not `pm`


def local_time(entry: Entry, day_first: bool) -> datetime | None:
    """The naive wall-clock time of an entry, or None when it is not a real date."""
    try:
        a, b, c, year_first = date_fields(entry.date)
        if year_first:
            year, month, day = a, b, c
        else:
            day, month = (a, b) if day_first else (b, a)
            year = c + 2000 if c < 100 else c
        hour, minute, second = clock(entry.time)
        return datetime(year, month, day, hour, minute, second)
    except (ValueError, IndexError):
        return None


@functools.lru_cache(maxsize=4096)
def clock(value: str) -> tuple[int, int, int]:
    value = spaces(value)
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    hour, minute = numbers[0], numbers[1]
    second = numbers[2] if len(numbers) > 2 else 0
    marker = re.sub(r"[^ap]", "", value.lower().replace("m", ""))
    if marker:
        if not 1 <= hour <= 12 and not (hour == 0 and marker == "a"):
            raise ValueError(f"hour {hour} with {marker}m")
        hour = (hour % 12) + (12 if marker == "p" else 0)
    return hour, minute, second


# --- the chats, first pass ------------------------------------------------------------


@dataclass
class Chat:
    """What a first pass learns about one chat file."""

    member: Member
    authors: dict[str, str] = field(default_factory=dict)  # key -> display name, first seen first
    orders: Counter[str] = field(default_factory=Counter)
    us_clock: int = 0  # records with a capital AM/PM: a hint of month-first dates
    notice_author: str | None = None
    group: bool = False  # a system line only groups have ("created group", "added")
    deleted_by: set[str] = field(default_factory=set)
    records: int = 0

    @property
    def name(self) -> str | None:
        """The chat's name: from the iOS notice's author, else the export's file name."""
        if self.notice_author:
            return self.notice_author
        for candidate in (
            self.member.basename,
            self.member.path.name,
            self.member.path.parent.name,
        ):
            found = CHAT_FILE.match(candidate)
            if found:
                return clean_text(found["name"])
        return None

    def day_first(self, default: bool | None) -> bool:
        if self.orders["dmy"] and not self.orders["mdy"]:
            return True
        if self.orders["mdy"] and not self.orders["dmy"]:
            return False
        if default is not None:
            return default
        return not self.us_clock * 2 > self.records

    def thread_key(self) -> str:
        keys = sorted(self.authors)
        notice = author_key(self.notice_author) if self.notice_author else None
        if len(keys) == 2 and not self.group and notice in (None, *keys):
            return "pair:" + "|".join(keys)
        if self.name:
            return "chat:" + normalize_name(self.name)
        return "members:" + "|".join(keys)

    @property
    def participants(self) -> int:
        return max(2, len(self.authors))


def survey(member: Member) -> Chat:
    chat = Chat(member)
    for entry in entries(member):
        if isinstance(entry, Skipped):
            continue
        chat.records += 1
        evidence = date_evidence(entry.date)
        if evidence:
            chat.orders[evidence] += 1
        if US_CLOCK.search(entry.time):
            chat.us_clock += 1
        if entry.author is None:
            chat.group = chat.group or bool(GROUP_SIGNS.search(entry.text))
            continue
        if entry.system:
            if entry.short.lower().startswith("messages and calls"):
                chat.notice_author = chat.notice_author or entry.author
            continue
        chat.authors.setdefault(author_key(entry.author), entry.author)
        if DELETED_BY_ME.match(entry.short):
            chat.deleted_by.add(author_key(entry.author))
    return chat


# Evidence for the owner, strongest first (the `how` of `owner_of`).
EVIDENCE = (
    "your name",
    "the author in every chat",
    'the author of "You deleted this message"',
    "the other author of a chat named after them",
    "a guess: the author who did not write first",
)


def owner_of(chat: Chat, me_names: set[str], everywhere: set[str]) -> tuple[str | None, str]:
    """The author who is the user, and how that was decided (see the module essay)."""
    authors = set(chat.authors)
    certain = (authors & me_names, authors & everywhere, chat.deleted_by)
    for how, found in zip(EVIDENCE[:3], certain, strict=True):
        if len(found) == 1:
            return found.pop(), how
    if len(authors) != 2:
        return None, "unknown"
    name = normalize_name(chat.name) if chat.name else None
    if name in authors:
        return (authors - {name}).pop(), EVIDENCE[3]
    first = next(iter(chat.authors))
    return (authors - {first}).pop(), EVIDENCE[4]


def one_owner(
    owners: list[tuple[str | None, str]], chats: list[Chat]
) -> list[tuple[str | None, str]]:
    """The user is one person across the chats of one import.

    An author found to be the user in one chat is the user in every other chat they
    wrote in: a group where nothing told who the user is would otherwise make them a
    contact too. Where two such authors meet in one chat, the stronger evidence wins,
    and an author who loses in every chat that named them (a guess beaten by better
    evidence) is the user nowhere.
    """
    claims: dict[str, int] = {}
    for owner, how in owners:
        if owner is not None:
            claims[owner] = min(claims.get(owner, len(EVIDENCE)), EVIDENCE.index(how))
    standing = {
        author: rank
        for author, rank in claims.items()
        if any(
            owner == author and strongest(chat, claims) == author
            for chat, (owner, _) in zip(chats, owners, strict=True)
        )
    }
    settled: list[tuple[str | None, str]] = []
    for chat in chats:
        user = strongest(chat, standing)
        settled.append((user, EVIDENCE[standing[user]]) if user else (None, "unknown"))
    return settled


def strongest(chat: Chat, claims: dict[str, int]) -> str | None:
    """The author of this chat with the strongest claim to be the user, if any."""
    here = sorted((rank, author) for author, rank in claims.items() if author in chat.authors)
    return here[0][1] if here else None


# --- touches, second pass -------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def person(name: str) -> PersonRef:
    """A WhatsApp author: a phone number when that is all the export shows, else a name."""
    name = clean_text(name)
    if re.fullmatch(r"\+?[\d\s().-]{7,}", name):
        phone = phone_identity(name)
        if phone:
            return PersonRef(name=name, identities=(phone,))
    found = name_identity(SOURCE, name)
    return PersonRef(name=name, identities=(found,) if found else ())


def message_text(text: str, short: str) -> str | None:
    """The stored text: placeholders marked, the edited marker dropped."""
    text = EDITED.sub("", text).strip()
    short = EDITED.sub("", short)
    if DELETED.match(short):
        return "[deleted message]"
    if MEDIA.search(short):
        return f"[media] {short}"
    return text or None


def call_of(short: str) -> tuple[str, int | None, bool] | None:
    """(channel, seconds, missed) for a call line, else None."""
    found = CALL.match(short)
    if not found:
        return None
    rest = (found["rest"] or "").lower()
    missed = bool(found["missed"]) or "no answer" in rest or "declined" in rest
    seconds = 0
    for amount, unit in DURATION.findall(rest):
        seconds += int(amount) * {"h": 3600, "m": 60, "s": 1}[unit[0].lower()]
    channel = "video" if found["kind"].lower() == "video" else "call"
    return channel, (seconds or None), missed


@dataclass
class Addressees:
    """Whom the user's message in a group goes to: the last other author before it.

    Threads are named by keys, most specific first (a Slack thread, then its
    channel); a message of the user with no one before it waits for the next author.
    """

    last: dict[str, PersonRef] = field(default_factory=dict)
    waiting: list[tuple[tuple[str, ...], Callable[[PersonRef], Record]]] = field(
        default_factory=list
    )

    def heard(self, who: PersonRef, *keys: str) -> Iterator[Record]:
        for key in keys:
            self.last[key] = who
        still = []
        for wanted, make in self.waiting:
            if set(wanted) & set(keys):
                yield make(who)
            else:
                still.append((wanted, make))
        self.waiting = still

    def send(self, make: Callable[[PersonRef], Record], *keys: str) -> Iterator[Record]:
        for key in keys:
            if key in self.last:
                yield make(self.last[key])
                return
        self.waiting.append((keys, make))

    def unanswered(self) -> int:
        """Forget the messages of the user no one else ever followed; say how many."""
        count, self.waiting = len(self.waiting), []
        return count


class Occurrences:
    """Which time each author wrote in one minute: the n in a message's `source_id`.

    A chat is written in time order, so the minute being read is counted exactly and
    the minutes before it are kept only as 8-byte digests, with repeats, instead of a
    dict entry per message (tens of MB for a long chat). A line out of order (a clock
    change, an edited file) turns the digests into counts, once, and goes on from there.
    """

    def __init__(self) -> None:
        self.latest: datetime | None = None
        self.latest_stamp = ""
        self.current: Counter[str] = Counter()  # author -> messages in the latest minute
        self.before = array("q")  # a digest per message of every earlier minute
        self.counts: Counter[int] | None = None  # those digests counted, once out of order

    def count(self, author: str, at: datetime, stamp: str) -> int:
        """Note one more message by `author` at `at` (`stamp`: its isoformat); its number."""
        if self.latest is not None and at < self.latest:
            if self.counts is None:
                self.counts, self.before = Counter(self.before), array("q")
            key = stamp_digest(author, stamp)
            self.counts[key] += 1
            return self.counts[key]
        if self.latest is None or at > self.latest:
            self.close_minute()
            self.latest, self.latest_stamp = at, stamp
        self.current[author] += 1
        return self.current[author]

    def close_minute(self) -> None:
        for author, times in self.current.items():
            key = stamp_digest(author, self.latest_stamp)
            if self.counts is not None:
                self.counts[key] += times
            else:
                self.before.extend([key] * times)
        self.current.clear()


def stamp_digest(author: str, stamp: str) -> int:
    return digest(f"{author}\x1f{stamp}")


def read_chat(
    chat: Chat, owner: str | None, *, tz: ZoneInfo, day_first: bool | None
) -> Iterator[Record]:
    key = chat.thread_key()
    seen = Occurrences()
    to = Addressees()
    for entry in entries(chat.member):
        if isinstance(entry, Skipped):
            yield entry
            continue
        if entry.system or entry.author is None:
            continue
        naive = local_time(entry, chat.day_first(day_first))
        if naive is None:
            yield Skipped(chat.member.label, entry.line, f"not a date: {entry.date} {entry.time}")
            continue
        author = author_key(entry.author)
        stamp = naive.isoformat()
        sid = source_id(SOURCE, key, author, stamp, seen.count(author, naive, stamp))
        at = naive.replace(tzinfo=tz).astimezone(UTC)
        make = functools.partial(
            touch,
            sid=sid,
            at=at,
            raw=entry.text,
            short=entry.short,
            key=key,
            participants=chat.participants,
        )
        if author == owner:
            yield from to.send(functools.partial(make, direction="out"), key)
        else:
            who = person(entry.author)
            yield make(who, direction="in")
            yield from to.heard(who, key)
    lost = to.unanswered()
    if lost:
        reason = f"{lost} of your messages in a chat where no one else wrote"
        yield Skipped(chat.member.label, None, reason)


def touch(
    who: PersonRef,
    *,
    sid: str,
    direction: str,
    at: datetime,
    raw: str,
    short: str,
    key: str,
    participants: int,
) -> TouchRecord:
    call = call_of(short)
    if call and not call[2]:
        channel, seconds, text = call[0], call[1], short
    elif call:
        channel, seconds, text = "chat", None, f"[missed {call[0].replace('call', 'voice')} call]"
    else:
        channel, seconds, text = "chat", None, message_text(raw, short) or ""
    return TouchRecord(
        source=SOURCE,
        source_id=sid,
        person=who,
        channel=channel,
        direction="out" if direction == "out" else "in",
        at=at,
        text=text or None,
        thread_key=key,
        participants=participants,
        duration_s=seconds,
    )


# --- the source -----------------------------------------------------------------------


def looks_like_chat(member: Member) -> bool:
    """The first non-blank line of a WhatsApp export is a timestamped record."""
    try:
        with open_member(member) as stream:
            for number, line in enumerate(decoded_lines(stream, member.label)):
                if line.strip():
                    return header_of(line) is not None
                if number > 20:
                    return False
    except ImportFailed:
        return False
    return False


def chat_files(path: Path) -> list[Member]:
    """The chat exports under a path: the file itself, or the .txt chats in a folder or zip."""
    members = list(iter_members(path))
    if len(members) == 1 and not members[0].in_zip:
        return members if looks_like_chat(members[0]) else []
    return [m for m in members if m.basename.lower().endswith(".txt") and looks_like_chat(m)]


def sniff(path: Path) -> bool:
    """Tell whether a path holds a WhatsApp chat export, by content."""
    if is_zip(path):
        zip_names(path)
    try:
        return bool(chat_files(path))
    except ImportFailed:
        return False


def read(
    path: Path,
    *,
    tz: ZoneInfo,
    me_names: tuple[str, ...] = (),
    day_first: bool | None = None,
) -> Iterator[Record]:
    """Yield who the user is, then one touch per message of every chat under `path`."""
    members = chat_files(path)
    if not members:
        raise ImportFailed(str(path), "no WhatsApp chat found", HINT)
    chats = [survey(m) for m in members]
    everywhere = set.intersection(*(set(c.authors) for c in chats)) if len(chats) > 1 else set()
    wanted = {normalize_name(n) for n in me_names if clean_text(n)}
    owners = one_owner([owner_of(chat, wanted, everywhere) for chat in chats], chats)
    yield from me_records(chats, owners)
    for chat, (owner, _) in zip(chats, owners, strict=True):
        yield from read_chat(chat, owner, tz=tz, day_first=day_first)


def me_records(chats: list[Chat], owners: list[tuple[str | None, str]]) -> Iterator[Record]:
    """One MeRecord per distinct owner found, with how it was found."""
    seen: set[str] = set()
    for chat, (owner, how) in zip(chats, owners, strict=True):
        if owner is None or owner in seen:
            continue
        seen.add(owner)
        ref = person(chat.authors[owner])
        ids: tuple[Identity, ...] = ref.identities
        yield MeRecord(name=ref.name, identities=ids, guess=how == EVIDENCE[-1])
