"""Who is who in a LinkedIn export: people refs, the owner, and the names that repeat.

Shared by the LinkedIn modules (`linkedin`, `linkedin_messages`, `linkedin_owner`):
LinkedIn names a person by profile URL when the file has one, else only by display
name, so the key that tells people apart inside one export is the URL, else the
normalised name, and the identity of last resort is a LinkedIn-scoped name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from kith.identity import (
    clean_text,
    email_identity,
    name_identity,
    normalize_name,
    normalize_profile_url,
)
from kith.importers._text import CsvStream
from kith.models import Identity, ImportantDate, MeRecord, PersonRef

SOURCE = "linkedin"
PLATFORM = "linkedin"

US_TIME = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y %I:%M %p")
CONNECTED_ON = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", *US_TIME)
UTC_TIME = ("%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M UTC", "%Y/%m/%d %H:%M:%S UTC")
PLAIN_TIME = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

Known = dict[str, PersonRef]  # normalised full name -> person, to attribute comment replies
SPONSORED = "sponsored conversation"
ANONYMOUS_MEMBER = "linkedin member"
Opener = Callable[
    ..., Iterator[CsvStream]
]  # tables("kind", ...) -> the export's CSVs of those kinds

# --- who is who -----------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def canonical_url(url: str | None) -> str | None:
    """`normalize_profile_url`, remembered: each message row names the same few URLs."""
    return normalize_profile_url(url)


@functools.lru_cache(maxsize=65536)
def short_text(value: str | None) -> str:
    """`clean_text` for the short fields every message row repeats (names, URLs, titles)."""
    return clean_text(value)


@functools.lru_cache(maxsize=65536)
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
    extra: tuple[Identity, ...] = (),
    dates: tuple[ImportantDate, ...] = (),
) -> PersonRef:
    """Build a PersonRef; the LinkedIn-scoped name is the identity of last resort."""
    name = clean_text(name)
    profile = canonical_url(url)
    found = [i for i in (profile and Identity("profile", profile), email_identity(email)) if i]
    found += [i for i in extra if i not in found]
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
        dates=dates,
    )


# A PersonRef is a frozen value: the same sender on a million rows is one object.
cached_ref = functools.lru_cache(maxsize=65536)(person_ref)


def slug_of(url: str | None) -> str:
    return (canonical_url(url) or "").rsplit("/", 1)[-1]


def is_anonymous_member(name: str) -> bool:
    """`LinkedIn Member`: whoever LinkedIn does not name (sponsored InMail, private
    mode). Not a person: many people share the label, and no one can be written to."""
    return normalize_name(name) == ANONYMOUS_MEMBER


@functools.lru_cache(maxsize=65536)
def is_bulk_sender(name: str, url: str | None, file_has_urls: bool) -> bool:
    """Company pages, `LinkedIn Member` (InMail campaigns), LinkedIn's own teams
    ("LinkedIn Premium") and truncated "X from" senders."""
    key = normalize_name(name)
    return (
        is_anonymous_member(name)
        or key == "linkedin"
        or key.startswith("linkedin ")
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
    answers: dict[tuple[str, str | None], bool] = field(default_factory=dict, repr=False)

    def is_me(self, name: str, url: str | None = None) -> bool:
        """Whether a sender or recipient is the owner (remembered: rows repeat the pair)."""
        key = (name, url)
        if key not in self.answers:
            self.answers[key] = self._is_me(name, url)
        return self.answers[key]

    def _is_me(self, name: str, url: str | None) -> bool:
        url_key = canonical_url(url)
        if url_key and self.url:
            return url_key == self.url
        return normalize_name(name) in self.names

    def add_name(self, name: str | None) -> None:
        name = clean_text(name)
        self.answers.clear()
        if name:
            self.name = self.name or name
            self.names.add(normalize_name(name))

    def record(self) -> MeRecord:
        found = list(self.identities)
        if self.url:
            found.insert(0, Identity("profile", self.url))
        return MeRecord(name=self.name, identities=tuple(dict.fromkeys(found)))


def remember(known: Known, person: PersonRef) -> None:
    """Index a person by full name and by name without credentials, for comment replies."""
    for variant in (person.name, re.split(r",|\s\(", person.name)[0]):
        key = normalize_name(variant)
        if len(key.split()) >= 2:
            known.setdefault(key, person)
