"""Read a LinkedIn data export (zip, folder or single CSV) into records.

LinkedIn renamed and reshaped its files over the years (`Messages.csv` with 7
columns in 2018, `messages.csv` with 10 and then 11; Connections with and without a
`Notes:` preamble and a URL column), so every CSV is identified by its header, never
by its name. Nothing in `messages.csv` says whose export it is: the owner is the
person present in every conversation, confirmed by `Profile.csv` and by the inviter
of outgoing invitations when those exist. That needs a first, cheap pass over the
messages (conversation -> who is in it) before any touch can be given a direction;
the second pass streams the rows.

What becomes what:

* `Profile.csv` (+ `Email Addresses.csv`, the owner of messages and invitations) ->
  one `MeRecord`, yielded first.
* `Connections.csv` -> `PersonRecord`; nameless rows (members who hide themselves)
  -> `Skipped` with file and line.
* `messages.csv` / `Messages.csv` -> one `TouchRecord` (channel `dm`) per message and
  counterpart. System rows ("Message request accepted", empty FROM) are neither
  people nor messages and are dropped silently. **Bulk senders are kept, marked**
  `is_bulk=True` on the touch and on the `PersonRef`: sponsored conversations,
  `LinkedIn Member`, and senders without a profile URL in files that carry URLs
  (company pages such as `Tara @ LinkedIn Learning`). The engine ignores bulk
  touches for cadences; keeping them lets the user see and search them.
* `Invitations.csv` -> a `PersonRecord` for the counterpart, plus a `dm` touch when
  the invitation carried a note.
* `Shares.csv` (2026 CSV and 2018 UTF-16 TSV) -> `ContentRecord` (the user's posts).
* `Comments.csv` holds comments the *user* wrote on other people's posts; the post's
  author is not in the file. A comment becomes a `comment` touch (direction `out`)
  only when it is a reply that starts with the full name of someone the export
  already names (a connection, an invitation, a message partner); other comments
  say nothing about a person and are ignored.

Times: 2023+ messages and 2018 shares are UTC; everything else has no zone and is
read in the user's zone. `source_id`s hash only what never changes, so importing the
same export twice yields the same ids.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    handle_identity,
    name_identity,
    normalize_name,
    normalize_profile_url,
    source_id,
)
from kith.importers._text import (
    Catalog,
    CsvStream,
    Member,
    catalog,
    html_to_text,
    is_zip,
    looks_like_html,
    open_tables,
    parse_local,
    parse_utc,
    zip_names,
)
from kith.models import (
    ContentRecord,
    Direction,
    Identity,
    MeRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

SOURCE = "linkedin"
PLATFORM = "linkedin"

US_TIME = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y %I:%M %p")
CONNECTED_ON = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", *US_TIME)
UTC_TIME = ("%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M UTC", "%Y/%m/%d %H:%M:%S UTC")
PLAIN_TIME = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

Known = dict[str, PersonRef]  # normalised full name -> person, to attribute comment replies
SPONSORED = "sponsored conversation"
ANONYMOUS_MEMBER = "linkedin member"
NOT_AN_EXPORT_HINT = (
    "point Kith at the LinkedIn export zip or folder (Settings → Data privacy → "
    "Get a copy of your data)"
)


# --- which file is which, from its header -------------------------------------------


HEADERS = (  # (kind, columns its header must have), most specific first
    ("connections", {"first name", "last name", "connected on"}),
    ("messages", {"conversation id", "from", "to", "date", "content"}),
    ("messages_2018", {"from", "to", "date", "content", "direction"}),
    ("invitations", {"from", "to", "sent at", "direction"}),
    ("shares", {"date", "sharelink", "sharecommentary"}),
    ("shares_2018", {"date", "share link", "share commentary"}),
    ("profile", {"first name", "last name", "headline"}),
    ("my_emails", {"email address", "confirmed", "primary"}),
)


def recognise(header: tuple[str, ...]) -> str | None:
    """Name the kind of LinkedIn CSV a header belongs to, or None."""
    if header[:3] == ("date", "link", "message"):
        return "comments"
    cols = set(header)
    return next((kind for kind, needed in HEADERS if needed <= cols), None)


def classify(path: Path) -> Catalog:
    """Find the LinkedIn CSVs under a path by header; fail if there is none."""
    found = catalog(path, recognise)
    if not found.files:
        what = "no LinkedIn export files found" if found.several else "no LinkedIn header found"
        raise ImportFailed(str(path), what, NOT_AN_EXPORT_HINT)
    return found


def sniff(path: Path) -> bool:
    """Tell whether a path holds a LinkedIn export (or one of its CSVs), by content."""
    if is_zip(path):
        zip_names(path)  # a damaged archive: say so rather than "unknown format"
    try:
        classify(path)
    except ImportFailed:
        return False
    return True


def tables(members: Iterable[Member]) -> Iterator[CsvStream]:
    return open_tables(members, recognise)


# --- who is who -----------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def canonical_url(url: str | None) -> str | None:
    """`normalize_profile_url`, remembered: each message row names the same few URLs."""
    return normalize_profile_url(url)


def person_key(name: str, url: str | None) -> str:
    """The key that tells people apart inside this export: profile URL, else name."""
    return canonical_url(url) or "name:" + normalize_name(name)


def person_ref(
    name: str,
    url: str | None = None,
    email: str | None = None,
    *,
    company: str | None = None,
    position: str | None = None,
    connected_at: datetime | None = None,
    is_bulk: bool = False,
) -> PersonRef:
    """Build a PersonRef; the LinkedIn-scoped name is the identity of last resort."""
    name = clean_text(name)
    profile = canonical_url(url)
    found = [i for i in (profile and Identity("profile", profile), email_identity(email)) if i]
    if not found:
        fallback = name_identity(SOURCE, name)
        found = [fallback] if fallback else []
    return PersonRef(
        name=name or slug_of(url),
        identities=tuple(found),
        company=company,
        position=position,
        connected_at=connected_at,
        is_bulk=is_bulk,
    )


def slug_of(url: str | None) -> str:
    return (canonical_url(url) or "").rsplit("/", 1)[-1]


def is_bulk_sender(name: str, url: str | None, file_has_urls: bool) -> bool:
    """Company pages, `LinkedIn Member` (InMail campaigns) and truncated "X from" senders."""
    key = normalize_name(name)
    return (
        key == ANONYMOUS_MEMBER
        or " @ " in key
        or key.endswith(" from")  # 2018 cut "Sofia from LinkedIn" to "Sofia from"
        or (file_has_urls and not clean_text(url))
    )


@dataclass
class Me:
    """The export's owner as this export reveals them."""

    name: str | None = None
    url: str | None = None
    names: set[str] = field(default_factory=set)
    identities: list[Identity] = field(default_factory=list)

    def is_me(self, name: str, url: str | None = None) -> bool:
        url_key = canonical_url(url)
        if url_key and self.url:
            return url_key == self.url
        return normalize_name(name) in self.names

    def add_name(self, name: str | None) -> None:
        name = clean_text(name)
        if name:
            self.name = self.name or name
            self.names.add(normalize_name(name))

    def record(self) -> MeRecord:
        found = list(self.identities)
        if self.url:
            found.insert(0, Identity("profile", self.url))
        return MeRecord(name=self.name, identities=tuple(dict.fromkeys(found)))


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
            self.names[key] = clean_text(name) or self.names.get(key, "")
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


def find_me(export: Catalog, survey: Survey) -> Me:
    """Work out the owner from Profile, e-mail list, invitations and the messages."""
    me = Me()
    for table in tables(export.of("profile")):
        for _, row in table.rows():
            me.add_name(f"{clean_text(row.get('first name'))} {clean_text(row.get('last name'))}")
            me.identities.extend(twitter_handles(row.get("twitter handles", "")))
            break
    for table in tables(export.of("my_emails")):
        for _, row in table.rows():
            me.identities.extend(filter(None, [email_identity(row.get("email address"))]))
    for table in tables(export.of("invitations")):
        for _, row in table.rows():
            if clean_text(row.get("direction")).upper() == "OUTGOING":
                me.add_name(row.get("from"))
                me.url = me.url or normalize_profile_url(row.get("inviterprofileurl"))
    hints = set(me.names) | ({me.url} if me.url else set())
    owner = survey.owner(hints)
    if owner:
        me.add_name(survey.names.get(owner))
        if owner.startswith("https://"):
            me.url = me.url or owner
    return me


def twitter_handles(value: str) -> Iterator[Identity]:
    """`[clarawrites]` or `[a,b]` -> handle identities."""
    for handle in clean_text(value).strip("[]").split(","):
        found = handle_identity("twitter", handle)
        if found:
            yield found


# --- messages -------------------------------------------------------------------------


def survey_messages(export: Catalog) -> Survey:
    """First pass: who takes part in each conversation (no text is kept)."""
    survey = Survey()
    for table in tables(export.of("messages")):
        for _, row in table.rows():
            if is_system_row(row):
                continue
            conversation = row.get("conversation id", "")
            sender, sender_url = row.get("from", ""), row.get("sender profile url")
            survey.add(conversation, sender, sender_url, sender=True)
            for name, url in recipients(row, survey):
                survey.add(conversation, name, url, sender=False)
    for table in tables(export.of("messages_2018")):
        for _, row in table.rows():
            pair = thread_2018(row)
            survey.add(pair, row.get("from", ""), None, sender=True)
            survey.add(pair, row.get("to", ""), None, sender=False)
            if clean_text(row.get("direction")).upper() == "OUTGOING":
                survey.written_to.add(normalize_name(row.get("to")))
    return survey


def is_system_row(row: dict[str, str]) -> bool:
    """Tell a system row ("Message request accepted"): it has no sender."""
    return not clean_text(row.get("from")) and not clean_text(row.get("sender profile url"))


def recipients(row: dict[str, str], survey: Survey) -> list[tuple[str, str | None]]:
    """Pair TO names with RECIPIENT PROFILE URLS (the multi-recipient separator is a guess)."""
    names = clean_text(row.get("to"))
    urls = [u for u in re.split(r"[,;\s]+", row.get("recipient profile urls", "")) if u]
    if len(urls) <= 1:
        return [(names, urls[0] if urls else None)] if names or urls else []
    split = [n.strip() for n in names.split(",")]
    if len(split) == len(urls):
        return list(zip(split, urls, strict=True))
    return [(survey.names.get(person_key("", u)) or slug_of(u), u) for u in urls]


def thread_2018(row: dict[str, str]) -> str:
    """2018 files have no conversation id: a thread is the pair of display names."""
    pair = sorted(normalize_name(row.get(k)) for k in ("from", "to"))
    return "2018:" + "|".join(pair)


def read_messages(table: CsvStream, me: Me, survey: Survey) -> Iterator[Record]:
    """Second pass: one dm touch per message and counterpart."""
    has_urls = "sender profile url" in table.header
    seen: Counter[tuple[str, str]] = Counter()
    current = None
    for line, row in table.rows():
        if is_system_row(row):
            continue
        conversation = row.get("conversation id", "")
        if conversation != current:  # rows of a conversation are contiguous: keep memory flat
            current, seen = conversation, Counter()
        at = parse_utc(row.get("date", ""), UTC_TIME)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {row.get('date', '')!r}")
            continue
        sender, sender_url = clean_text(row.get("from")), row.get("sender profile url")
        sender_key = person_key(sender, sender_url)
        # Two messages from one sender in the same second differ only by their order.
        seen[(sender_key, row.get("date", ""))] += 1
        occurrence = seen[(sender_key, row.get("date", ""))]
        sponsored = clean_text(row.get("conversation title")).casefold() == SPONSORED
        base = {
            "at": at,
            "text": message_text(row.get("content", "")),
            "thread_key": conversation,
            "subject": clean_text(row.get("subject")) or None,
            "participants": survey.size(conversation),
        }
        ids = (conversation, sender_key, row.get("date", ""), occurrence)
        if not me.is_me(sender, sender_url):
            bulk = sponsored or is_bulk_sender(sender, sender_url, has_urls)
            person = person_ref(sender, sender_url, is_bulk=bulk)
            sid = source_id(SOURCE, "message", *ids)
            yield dm(sid, person, "in", bulk, base)
            continue
        others = [(n, u) for n, u in recipients(row, survey) if not me.is_me(n, u)]
        if not others:
            yield Skipped(table.label, line, "message from the owner without a recipient")
        for name, url in others:
            bulk = sponsored or is_bulk_sender(name, url, has_urls)
            person = person_ref(name, url, is_bulk=bulk)
            sid = source_id(SOURCE, "message", *ids, person_key(name, url))
            yield dm(sid, person, "out", bulk, base)


def dm(
    sid: str, person: PersonRef, direction: Direction, bulk: bool, base: dict[str, Any]
) -> TouchRecord:
    return TouchRecord(
        source=SOURCE,
        source_id=sid,
        person=person,
        channel="dm",
        direction=direction,
        is_bulk=bulk,
        **base,
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
        yield dm(
            source_id(SOURCE, "message2018", *key, seen[key]),
            person_ref(other, is_bulk=bulk),
            direction,
            bulk,
            {
                "at": at,
                "text": message_text(html.unescape(row.get("content", ""))),
                "thread_key": thread_2018(row),
                "subject": clean_text(row.get("subject")) or None,
            },
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


# --- connections and invitations ------------------------------------------------------


def read_connections(table: CsvStream, tz: ZoneInfo, known: Known) -> Iterator[Record]:
    """One PersonRecord per named connection; nameless rows are reported."""
    for line, row in table.rows():
        name = f"{clean_text(row.get('first name'))} {clean_text(row.get('last name'))}".strip()
        if not name:
            yield Skipped(table.label, line, "connection without a name (hidden LinkedIn member)")
            continue
        raw_date = row.get("connected on", "")
        email = row.get("email address", "")
        person = person_ref(
            name,
            row.get("url"),
            None if email.strip().lower().startswith("urn:li:") else email,
            company=clean_text(row.get("company")) or None,
            position=clean_text(row.get("position")) or None,
            connected_at=parse_local(raw_date, CONNECTED_ON, tz),
        )
        remember(known, person)
        url = canonical_url(row.get("url"))
        sid = (
            source_id(SOURCE, "connection", url)
            if url
            else source_id(SOURCE, "connection", normalize_name(name), clean_text(raw_date))
        )
        yield PersonRecord(SOURCE, sid, person)


def read_invitations(table: CsvStream, me: Me, tz: ZoneInfo, known: Known) -> Iterator[Record]:
    """The counterpart of each invitation, and its note as a dm touch."""
    for line, row in table.rows():
        stated = clean_text(row.get("direction")).upper()
        outgoing = stated == "OUTGOING" if stated else me.is_me(row.get("from", ""))
        name, url = (
            (row.get("to", ""), row.get("inviteeprofileurl"))
            if outgoing
            else (row.get("from", ""), row.get("inviterprofileurl"))
        )
        if not clean_text(name) and not canonical_url(url):
            yield Skipped(table.label, line, "invitation without a counterpart")
            continue
        person = person_ref(name, url)
        remember(known, person)
        key, raw_date = person_key(name, url), clean_text(row.get("sent at"))
        yield PersonRecord(SOURCE, source_id(SOURCE, "invitation", key), person)
        note = clean_text(row.get("message"))
        if not note:
            continue
        at = parse_local(raw_date, US_TIME, tz)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {raw_date!r}")
            continue
        yield TouchRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "invitation", key, raw_date),
            person=person,
            channel="dm",
            direction="out" if outgoing else "in",
            at=at,
            text=note,
            thread_key=f"invitation:{key}",
        )


def remember(known: Known, person: PersonRef) -> None:
    """Index a person by full name and by name without credentials, for comment replies."""
    for variant in (person.name, re.split(r",|\s\(", person.name)[0]):
        key = normalize_name(variant)
        if len(key.split()) >= 2:
            known.setdefault(key, person)


# --- the user's own posts and comments ------------------------------------------------


def read_shares(table: CsvStream, tz: ZoneInfo) -> Iterator[Record]:
    """The user's posts, from the 2026 CSV or the 2018 UTF-16 TSV."""
    old = table.kind == "shares_2018"
    for line, row in table.rows():
        raw_date = row.get("date", "")
        at = parse_utc(raw_date, UTC_TIME) if old else parse_local(raw_date, PLAIN_TIME, tz)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {raw_date!r}")
            continue
        link = clean_text(row.get("share link" if old else "sharelink")) or None
        text = share_text(row.get("share commentary" if old else "sharecommentary", ""))
        yield ContentRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "share", link or clean_text(raw_date)),
            url=link,
            posted_at=at,
            text=text,
            title=clean_text(row.get("share title")) or None,
            platform=PLATFORM,
        )


def share_text(raw: str) -> str | None:
    """Undo the 2026 export's per-line quoting: `para 1"\\n""\\n"para 2` -> paragraphs."""
    if '"\n"' in raw:  # each line was quoted; an empty piece is a blank line
        raw = "\n".join(line.rstrip() for line in raw.split('"\n"'))
    return raw.strip() or None


def read_comments(table: CsvStream, tz: ZoneInfo, known: Known) -> Iterator[Record]:
    """Comments that reply to someone the export names become outgoing comment touches."""
    for line, row in table.rows(backslash_escapes=True):
        text = row.get("message", "").strip()
        person = addressee(text, known)
        if person is None:
            continue  # a comment on a post whose author the file does not name
        raw_date = row.get("date", "")
        at = parse_local(raw_date, PLAIN_TIME, tz)
        if at is None:
            yield Skipped(table.label, line, f"unreadable date {raw_date!r}")
            continue
        link = clean_text(row.get("link"))
        yield TouchRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "comment", link, clean_text(raw_date)),
            person=person,
            channel="comment",
            direction="out",
            at=at,
            text=text,
            thread_key=link or None,
        )


def addressee(text: str, known: Known) -> PersonRef | None:
    """The known person a reply starts with ("Nadia Petrova Exactly!"), longest name first."""
    words = text.split()
    for n in range(min(5, len(words)), 1, -1):
        person = known.get(normalize_name(" ".join(words[:n])))
        if person:
            return person
    return None


# --- the whole export -----------------------------------------------------------------


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield every record of a LinkedIn export: me first, then people, touches, posts."""
    export = classify(path)
    yield from export.skipped
    survey = survey_messages(export)
    me = find_me(export, survey)
    if me.name or me.identities or me.url:
        yield me.record()
    known: Known = {}
    for table in tables(export.of("connections")):
        yield from read_connections(table, tz, known)
    for table in tables(export.of("invitations")):
        yield from read_invitations(table, me, tz, known)
    for table in tables(export.of("messages")):
        for record in read_messages(table, me, survey):
            if isinstance(record, TouchRecord) and not record.is_bulk:
                remember(known, record.person)
            yield record
    for table in tables(export.of("messages_2018")):
        yield from read_messages_2018(table, me, tz, survey, known)
    for table in tables(export.of("shares", "shares_2018")):
        yield from read_shares(table, tz)
    for table in tables(export.of("comments")):
        yield from read_comments(table, tz, known)
