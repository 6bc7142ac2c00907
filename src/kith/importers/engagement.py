"""Read the documented engagement CSV: who commented on, reacted to or reposted which post.

Header (PRODUCT.md): `date,platform,post_url,person_name,profile_url,kind,text`.
It is the one format Kith defines itself, so it is strict about meaning and tolerant
about form: any encoding the other importers accept, a preamble before the header,
`date` as ISO 8601 with or without a zone (zone-less read in the user's zone) or a
bare `YYYY-MM-DD`. A bad row (unknown kind, unreadable date, no name) is skipped
and reported with its line.

Each distinct `post_url` also yields a `ContentRecord` so the post exists before
anyone engages with it; its `posted_at` is the earliest engagement seen, the best
this file knows (an export of the user's own posts knows better). That takes a
first pass over the file for post dates only; the second pass streams engagements.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    name_identity,
    normalize_name,
    profile_identity,
    source_id,
)
from kith.importers._text import CsvStream, iter_members, open_csv, parse_iso
from kith.importers.linkedin_people import is_anonymous_member
from kith.models import (
    ENGAGEMENT_KINDS,
    ContentRecord,
    EngagementRecord,
    PersonRef,
    Record,
    Skipped,
)

SOURCE = "engagement"
HEADER = ("date", "platform", "post_url", "person_name", "profile_url", "kind", "text")
# Words people and tools use for the three kinds.
KIND_ALIASES = {
    "comments": "comment",
    "reply": "comment",
    "like": "reaction",
    "likes": "reaction",
    "reactions": "reaction",
    "share": "repost",
    "reposts": "repost",
    "retweet": "repost",
}
HINT = "use the header date,platform,post_url,person_name,profile_url,kind,text"


def recognise(header: tuple[str, ...]) -> str | None:
    """Accept the documented header (columns in any order)."""
    return "engagement" if set(HEADER) <= set(header) else None


def sniff(path: Path) -> bool:
    """Tell whether a path is an engagement CSV, by its header."""
    if path.is_dir():
        return False
    try:
        return table_kind(path) is not None
    except ImportFailed:
        return False


def table_kind(path: Path) -> str | None:
    member = next(iter_members(path))
    with open_csv(member, recognise) as table:
        return table.kind if table else None


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield a ContentRecord per post, then an EngagementRecord per good row."""
    for url, (at, platform) in post_dates(path, tz).items():
        yield ContentRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "post", url),
            url=url,
            posted_at=at,
            platform=platform,
        )
    with opened(path) as table:
        for line, row in table.rows():
            yield engagement(table.label, line, row, tz)
        yield from table.skipped()  # records broken by a stray quote


@contextmanager
def opened(path: Path) -> Iterator[CsvStream]:
    """Open the file positioned after its header, or fail saying which header is expected."""
    if path.is_dir():
        raise ImportFailed(str(path), "an engagement import takes one CSV file, not a folder", HINT)
    member = next(iter_members(path))
    with open_csv(member, recognise) as table:
        if table is None:
            raise ImportFailed(member.label, "no engagement header found", HINT)
        yield table


def post_dates(path: Path, tz: ZoneInfo) -> dict[str, tuple[datetime, str | None]]:
    """First pass: each post's earliest engagement and platform (nothing else is kept)."""
    earliest: dict[str, tuple[datetime, str | None]] = {}
    with opened(path) as table:
        for _, row in table.rows():
            url = clean_text(row.get("post_url"))
            at = parse_iso(row.get("date", ""), tz)
            if url and at and (url not in earliest or at < earliest[url][0]):
                earliest[url] = (at, clean_text(row.get("platform")).casefold() or None)
    return earliest


def engagement(label: str, line: int, row: dict[str, str], tz: ZoneInfo) -> Record:
    """One row -> EngagementRecord, or Skipped saying what is wrong with it."""
    name = clean_text(row.get("person_name"))
    raw_kind = clean_text(row.get("kind")).casefold()
    kind = KIND_ALIASES.get(raw_kind, raw_kind)
    at = parse_iso(row.get("date", ""), tz)
    if not name:
        return Skipped(label, line, "no person_name")
    if kind not in ENGAGEMENT_KINDS:
        return Skipped(label, line, f"unknown kind {raw_kind!r} (use comment, reaction or repost)")
    if at is None:
        raw_date = clean_text(row.get("date"))
        return Skipped(label, line, f"unreadable date {raw_date!r} (use ISO 8601 or YYYY-MM-DD)")
    platform = clean_text(row.get("platform")).casefold() or None
    url = clean_text(row.get("post_url")) or None
    text = (row.get("text") or "").strip() or None
    person = person_ref(name, row.get("profile_url"), platform)
    return EngagementRecord(
        source=SOURCE,
        source_id=engagement_id(person, kind, url, clean_text(row.get("date")), text),
        person=person,
        kind=kind,
        at=at,
        content_url=url,
        text=text,
        platform=platform,
    )


def person_ref(name: str, profile_url: str | None, platform: str | None) -> PersonRef:
    """A profile URL when given; otherwise the name, scoped to the platform it was seen on.
    LinkedIn's unnamed `LinkedIn Member` is kept apart as a bulk sender, not a person."""
    found = profile_identity(profile_url) or name_identity(platform or SOURCE, name)
    anonymous = not profile_url and is_anonymous_member(name)
    return PersonRef(name=name, identities=(found,) if found else (), is_bulk=anonymous)


def engagement_id(
    person: PersonRef, kind: str, url: str | None, raw_date: str, text: str | None
) -> str:
    """Hash what identifies an engagement across re-exports.

    A person reacts to or reposts a post once, so post, person and kind suffice (a
    later export may date it differently); comments repeat, so their time and text
    count too. The raw date is hashed, not the parsed one, so the user's zone
    setting cannot change an id.
    """
    who = person.identities[0].value if person.identities else normalize_name(person.name)
    if kind == "comment" or not url:
        return source_id(SOURCE, kind, url or "", who, raw_date, text or "")
    return source_id(SOURCE, kind, url, who)
