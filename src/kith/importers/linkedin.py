"""Read a LinkedIn data export (zip, folder or single CSV) into records.

LinkedIn renamed and reshaped its files over the years (`Messages.csv` with 7
columns in 2018, `messages.csv` with 10 and then 11; Connections with and without a
`Notes:` preamble and a URL column), so every CSV is identified by its header, never
by its name. The reading is split over four modules: this one (which file is which,
people, posts, comments, the order of the whole), `linkedin_messages` (the two-pass
message reader), `linkedin_owner` (who the user is) and `linkedin_people` (refs and
keys they all share).

What becomes what (docs/imports-linkedin.md says it for users):

* `Profile.csv` (+ `Email Addresses.csv`, `PhoneNumbers.csv`, the owner of messages
  and invitations) -> one `MeRecord`, yielded first.
* `Connections.csv` -> `PersonRecord`; nameless rows (members who hide themselves)
  -> `Skipped` with file and line; a member URN in the 2018 e-mail column is not an
  e-mail.
* `messages.csv` / `Messages.csv` -> one `dm` touch per message and counterpart
  (see `linkedin_messages`).
* `Invitations.csv` (2018 and 2026) -> a `PersonRecord` for the counterpart, plus a
  `dm` touch when the invitation carried a note.
* `Imported Contacts.csv` / `ImportedContacts.csv` (the address book the user once
  uploaded) -> `PersonRecord` with e-mails, phones, company, title and birthday.
* `Shares.csv` (2026 CSV and 2018 UTF-16 TSV) -> `ContentRecord` (the user's posts).
* `Comments.csv` holds comments the *user* wrote on other people's posts; the post's
  author is not in the file. A comment becomes a `comment` touch (direction `out`)
  only when it is a reply that starts with the full name of someone the export
  already names; the others are counted in one `Skipped` line.
* `Reactions.csv` holds the user's own likes of other people's posts, by post URN
  only: nobody to attach them to, so they are counted in one `Skipped` line.

Times: 2023+ messages and 2018 shares are UTC; everything else has no zone and is
read in the user's zone. `source_id`s hash only what never changes, so importing the
same export twice yields the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    normalize_name,
    phone_identity,
    source_id,
)
from kith.importers._text import (
    Catalog,
    CsvStream,
    catalog,
    is_zip,
    open_tables,
    parse_local,
    parse_utc,
    zip_names,
)
from kith.importers.linkedin_messages import (
    read_messages,
    read_messages_2018,
    survey_messages,
)
from kith.importers.linkedin_owner import find_me
from kith.importers.linkedin_people import (
    CONNECTED_ON,
    PLAIN_TIME,
    PLATFORM,
    SOURCE,
    US_TIME,
    UTC_TIME,
    Known,
    Me,
    canonical_url,
    person_key,
    person_ref,
    remember,
)
from kith.models import (
    ContentRecord,
    ImportantDate,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

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
    ("my_phones", {"extension", "number", "type"}),
    ("contacts", {"first name", "last name", "phone numbers"}),  # 2018 Imported Contacts
    ("contacts", {"firstname", "lastname", "emails"}),  # 2026 ImportedContacts
)


def recognise(header: tuple[str, ...]) -> str | None:
    """Name the kind of LinkedIn CSV a header belongs to, or None."""
    if header[:3] == ("date", "link", "message"):
        return "comments"
    if header[:3] == ("date", "type", "link"):
        return "reactions"
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


def opener(export: Catalog) -> Callable[..., Iterator[CsvStream]]:
    """`tables("kind", ...)`: open the export's CSVs of those kinds, one after another."""

    def tables(*kinds: str) -> Iterator[CsvStream]:
        return open_tables(export.of(*kinds), recognise)

    return tables


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
    unattributed = 0
    for line, row in table.rows(backslash_escapes=True):
        text = row.get("message", "").strip()
        person = addressee(text, known)
        if person is None:
            unattributed += 1  # a comment on a post whose author the file does not name
            continue
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
    if unattributed:
        why = "comments on posts whose author the file does not name: not stored"
        yield Skipped(table.label, None, f"{unattributed} {why}")


def addressee(text: str, known: Known) -> PersonRef | None:
    """The known person a reply starts with ("Nadia Petrova Exactly!"), longest name first."""
    words = text.split()
    for n in range(min(5, len(words)), 1, -1):
        person = known.get(normalize_name(" ".join(words[:n])))
        if person:
            return person
    return None


# --- the address book the user once uploaded, and their reactions ---------------------

BIRTHDAY = ("%b %d, %Y", "%B %d, %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d")
BIRTHDAY_NO_YEAR = ("%b %d", "%B %d", "%m/%d")


def read_contacts(table: CsvStream, tz: ZoneInfo) -> Iterator[Record]:
    """`Imported Contacts.csv` (2018) / `ImportedContacts.csv` (2026) -> people."""
    for line, row in table.rows():
        name = contact_name(row)
        emails = [i for i in map(email_identity, split_list(cell(row, "email address", "emails")))]
        phones = [phone_identity(p) for p in split_list(cell(row, "phone numbers", "phonenumbers"))]
        found = tuple(dict.fromkeys(i for i in [*emails, *phones] if i))
        if not name and not found:
            yield Skipped(table.label, line, "imported contact without a name, e-mail or phone")
            continue
        birthday = birthday_of(cell(row, "birthday"))
        person = person_ref(
            name or found[0].value,
            company=clean_text(cell(row, "companies", "company")).strip("[]") or None,
            position=clean_text(cell(row, "title", "position")) or None,
            extra=found,
            dates=(birthday,) if birthday else (),
        )
        key = found[0].value if found else normalize_name(name)
        created = clean_text(cell(row, "created at", "createdat"))
        yield PersonRecord(SOURCE, source_id(SOURCE, "imported", key, created), person)


def cell(row: dict[str, str], *names: str) -> str:
    return next((row[n] for n in names if row.get(n)), "")


def contact_name(row: dict[str, str]) -> str:
    first = clean_text(cell(row, "first name", "firstname"))
    last = clean_text(cell(row, "last name", "lastname"))
    return f"{first} {last}".strip() or clean_text(cell(row, "full name", "fullname"))


def split_list(value: str) -> list[str]:
    """Several e-mails or phones in one cell: `a@x.com, b@y.com` or `[a; b]`."""
    return [p.strip() for p in re.split(r"[,;\n]", clean_text(value).strip("[]")) if p.strip()]


def birthday_of(value: str) -> ImportantDate | None:
    """`Feb 17, 1998`, `6/20/1985`, `Jun 20` (no year) -> a birthday, or None."""
    value = clean_text(value)
    for fmt in BIRTHDAY:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return ImportantDate("birthday", parsed.month, parsed.day, parsed.year)
    for fmt in BIRTHDAY_NO_YEAR:
        try:  # read in 2000, a leap year, so that `Feb 29` parses too
            parsed = datetime.strptime(f"{value} 2000", f"{fmt} %Y")
        except ValueError:
            continue
        return ImportantDate("birthday", parsed.month, parsed.day)
    return None


def count_reactions(table: CsvStream) -> Iterator[Record]:
    """The user's own reactions to others' posts name no person: count them, store nothing."""
    count = sum(1 for _ in table.rows())
    if count:
        why = "of your reactions to other people's posts: the file names no person, not stored"
        yield Skipped(table.label, None, f"{count} {why}")


def remember_once(known: Known, remembered: set[str], person: PersonRef) -> None:
    if person.name not in remembered:
        remembered.add(person.name)
        remember(known, person)


# --- the whole export -----------------------------------------------------------------


def with_skipped(table: CsvStream, records: Iterator[Record]) -> Iterator[Record]:
    """A table's records, then the ones a stray quote broke (known once it is read)."""
    yield from records
    yield from table.skipped()


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield every record of a LinkedIn export: me first, then people, touches, posts."""
    export = classify(path)
    tables = opener(export)
    yield from export.skipped
    survey = survey_messages(tables)
    me = find_me(tables, survey)
    if me.name or me.identities or me.url:
        yield me.record()
    known: Known = {}
    for table in tables("connections"):
        yield from with_skipped(table, read_connections(table, tz, known))
    for table in tables("invitations"):
        yield from with_skipped(table, read_invitations(table, me, tz, known))
    for table in tables("contacts"):
        yield from with_skipped(table, read_contacts(table, tz))
    remembered: set[str] = set()  # names already indexed: each sender repeats on many rows
    for table in tables("messages"):
        for record in read_messages(table, me, survey):
            if isinstance(record, TouchRecord) and not record.is_bulk:
                remember_once(known, remembered, record.person)
            yield record
        yield from table.skipped()
    for table in tables("messages_2018"):
        yield from with_skipped(table, read_messages_2018(table, me, tz, survey, known))
    for table in tables("shares", "shares_2018"):
        yield from with_skipped(table, read_shares(table, tz))
    for table in tables("comments"):
        yield from with_skipped(table, read_comments(table, tz, known))
    for table in tables("reactions"):
        yield from count_reactions(table)
