"""What the user keeps out of the store: excluded addresses, threads, chats and labels.

Separate from the ingest machinery because it is a small value of its own: the
service builds it from the user's rules (`kith exclude`) and the ingestor only asks
it, record by record, whether to keep a record out.

Names are matched the way a user types them: a chat's emoji, punctuation, case
and extra spaces do not count (`chat:Founders Breakfast` keeps out the group
"Founders Breakfast ☕"), a thread's `Re:`/`Fwd:` prefixes neither. A thread is the
whole conversation: once one of its messages is kept out by its subject or label,
every later message with the same thread key is kept out too, whatever its subject.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kith.identity import email_identity, normalize_name, phone_identity, profile_identity
from kith.models import Record, TouchRecord

EXCLUSION_KINDS = ("address", "thread", "chat", "label")
KEY_PREFIXES = ("chat:", "name:", "subject:")  # importers' thread keys built from a name
NOT_A_WORD = re.compile(r"[\W_]+")  # emoji, symbols, punctuation, blanks
# Reply and forward prefixes in the languages mailers write them (as `_mail.thread_subject`).
REPLY_PREFIX = re.compile(
    r"^\s*((re|fwd?|aw|wg|sv|vs|antw|rif|tr|res|enc)(\[\d+\]|\(\d+\))?\s*:\s*)+", re.I
)


@dataclass
class Exclusions:
    """What the user keeps out of the store, as matching keys.

    `address:` matches a person's email, phone, profile URL or handle; `thread:`,
    `chat:` and `label:` match a thread's key, subject or a message's label (see
    `loose_key`). `matched` collects the rules that kept something out, so an import
    can tell the user which of theirs matched nothing.
    """

    addresses: dict[str, tuple[str, str]] = field(default_factory=dict)
    threads: dict[str, tuple[str, str]] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    chats: dict[str, tuple[str, str]] = field(default_factory=dict)  # also one-to-one by name
    excluded_threads: dict[str, tuple[str, str]] = field(default_factory=dict)
    matched: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Exclusions:
        made = cls()
        for kind, value in pairs:
            rule = (kind, value)
            if kind == "address":
                made.addresses[address_key(value)] = rule
            elif kind == "label":
                made.labels[loose_key(value)] = rule
                made.threads.setdefault(loose_key(value), rule)  # as before: a name too
            else:
                made.threads[loose_key(value)] = rule
                if kind == "chat":
                    made.chats[loose_key(value)] = rule
        return made

    def __bool__(self) -> bool:
        return bool(self.addresses or self.threads or self.labels)

    def excludes(self, record: Record) -> bool:
        rule = self.rule_for(record)
        if rule is None:
            return False
        self.matched.add(rule_key(*rule))
        return True

    def rule_for(self, record: Record) -> tuple[str, str] | None:
        person = getattr(record, "person", None)
        if person is not None:
            for identity in person.identities:
                if identity.value in self.addresses:
                    return self.addresses[identity.value]
        if isinstance(record, TouchRecord):
            return self._thread_rule(record)
        return None

    def _thread_rule(self, record: TouchRecord) -> tuple[str, str] | None:
        if record.thread_key and record.thread_key in self.excluded_threads:
            return self.excluded_threads[record.thread_key]
        rule = None
        if self.labels and record.labels:
            labels = map(loose_key, record.labels)
            rule = next((self.labels[k] for k in labels if k in self.labels), None)
        if rule is None and self.threads:
            rule = next((self.threads[k] for k in names_of(record) if k in self.threads), None)
        if rule is None and self.chats and one_to_one_chat(record):
            rule = self.chats.get(loose_key(record.person.name or ""))
        if rule is not None and record.thread_key:
            self.excluded_threads[record.thread_key] = rule
        return rule

    def unmatched(self, rules: Iterable[tuple[str, str]]) -> list[str]:
        """Of `rules` (kind, value), the ones that kept nothing out, as `kind:value`."""
        return [f"{k}:{v}" for k, v in rules if rule_key(k, v) not in self.matched]


def rule_key(kind: str, value: str) -> tuple[str, str]:
    """What a rule matches by: rules the user spelt two ways (`Intro`, `intro`) are one."""
    return ("address", address_key(value)) if kind == "address" else ("name", loose_key(value))


def one_to_one_chat(record: TouchRecord) -> bool:
    """A chat with one other person, which apps name after them (`chat:Sam Whitaker`)."""
    return record.channel != "email" and record.participants <= 2 and not record.is_bulk


def names_of(record: TouchRecord) -> frozenset[str]:
    """The keys a touch's thread answers to: its key, its key's name, its subject."""
    return thread_names(record.thread_key or "", record.subject)


@functools.lru_cache(maxsize=65536)  # a thread's messages share them: computed once each
def thread_names(key: str, subject: str | None) -> frozenset[str]:
    found = set()
    found.add(loose_key(key))
    for prefix in KEY_PREFIXES:
        if key.startswith(prefix):
            found.add(loose_key(key.removeprefix(prefix)))
    if subject:
        found.add(loose_key(subject))
        found.add(loose_key(REPLY_PREFIX.sub("", subject)))
    found.discard("")
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def loose_key(value: str) -> str:
    """A name as a user would type it: case-folded, letters and digits only, single spaces.

    Emoji, symbols and punctuation are dropped (`Founders Breakfast ☕` and
    `founders  breakfast` meet); digits are kept, so `Team 2` is never `Team 3`.
    A name made only of symbols keeps them, so it still matches only itself.
    """
    words = NOT_A_WORD.sub(" ", unicodedata.normalize("NFKC", value)).casefold().split()
    return " ".join(words) if words else normalize_name(value)


def address_key(value: str) -> str:
    """The stored form of an address the user excludes: a normalised identity value."""
    value = value.strip()
    found = email_identity(value) or (profile_identity(value) if "/" in value else None)
    if found is None and not any(c.isalpha() for c in value):
        found = phone_identity(value)
    return found.value if found else value.lower()
