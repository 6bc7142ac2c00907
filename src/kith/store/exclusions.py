"""What the user keeps out of the store: excluded addresses, threads, chats and labels.

Separate from the ingest machinery because it is a small value of its own: the
service builds it from the user's rules (`kith exclude`) and the ingestor only asks
it, record by record, whether to keep a record out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kith.identity import email_identity, normalize_name, phone_identity, profile_identity
from kith.models import Record, TouchRecord

EXCLUSION_KINDS = ("address", "thread", "chat", "label")


@dataclass
class Exclusions:
    """What the user keeps out of the store, as matching keys.

    `address:` matches a person's email, phone, profile URL or handle; `thread:`,
    `chat:` and `label:` match a thread's key or subject (case-insensitive).
    """

    addresses: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Exclusions:
        made = cls()
        for kind, value in pairs:
            if kind == "address":
                made.addresses.add(address_key(value))
            else:
                made.threads.add(normalize_name(value))
        return made

    def __bool__(self) -> bool:
        return bool(self.addresses or self.threads)

    def excludes(self, record: Record) -> bool:
        person = getattr(record, "person", None)
        if person is not None and any(i.value in self.addresses for i in person.identities):
            return True
        if isinstance(record, TouchRecord) and self.threads:
            keys = (record.thread_key, record.subject)
            return any(k and normalize_name(k) in self.threads for k in keys)
        return False


def address_key(value: str) -> str:
    """The stored form of an address the user excludes: a normalised identity value."""
    value = value.strip()
    found = email_identity(value) or (profile_identity(value) if "/" in value else None)
    if found is None and not any(c.isalpha() for c in value):
        found = phone_identity(value)
    return found.value if found else value.lower()
