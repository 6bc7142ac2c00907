"""The export's owner: `Profile.csv`, `Email Addresses.csv`, `PhoneNumbers.csv`, and the
person present in every conversation and every outgoing invitation.

What the user is known by elsewhere is worth keeping, so other sources recognise
them: e-mail addresses, phone numbers, Twitter and instant-messenger handles, and
personal websites. A website typed `COMPANY` is skipped: colleagues share it, and
it would make them look like the user. `Birth Date` (`Sep 14`, or `Feb 17, 1998` in
2018) is the user's own birthday; Kith keeps important dates on people, not on
the user, so it is read past, not stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from kith.identity import (
    clean_text,
    email_identity,
    handle_identity,
    normalize_profile_url,
    phone_identity,
)
from kith.importers.linkedin_messages import Survey
from kith.importers.linkedin_people import Me, Opener
from kith.models import Identity


def find_me(tables: Opener, survey: Survey) -> Me:
    """Work out the owner from Profile, e-mail and phone lists, invitations and messages."""
    me = Me()
    for table in tables("profile"):
        for _, row in table.rows():
            me.add_name(f"{clean_text(row.get('first name'))} {clean_text(row.get('last name'))}")
            me.identities.extend(profile_identities(row))
            break
    for table in tables("my_emails"):
        for _, row in table.rows():
            me.identities.extend(filter(None, [email_identity(row.get("email address"))]))
    for table in tables("my_phones"):
        for _, row in table.rows():
            me.identities.extend(phone_of(row.get("number", "")))
    for table in tables("invitations"):
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


def profile_identities(row: dict[str, str]) -> Iterator[Identity]:
    """Handles and personal sites from a Profile row (2018 and 2026 spellings)."""
    for handle in listed(row.get("twitter handles", "")):
        found = handle_identity("twitter", handle)
        if found:
            yield found
    for kind, value in typed(row.get("instant messengers", "")):
        found = handle_identity(kind.lower() or "im", value)
        if found:
            yield found
    for kind, value in typed(row.get("websites", "")):
        url = site_url(value) if kind.upper() != "COMPANY" else None
        if url:
            yield Identity("profile", url)


def site_url(value: str) -> str | None:
    """A personal site as an identity: a profile URL, or just the host for a bare domain."""
    url = normalize_profile_url(value)
    if url or "." not in value or " " in value:
        return url
    host = urlsplit(value if "://" in value else "https://" + value).netloc.lower()
    return f"https://{host.removeprefix('www.')}" if "." in host else None


def listed(value: str | None) -> list[str]:
    """`[a,b]` (2026) or `a, b` (2018) -> ['a', 'b']."""
    return [p.strip() for p in clean_text(value).strip("[]").split(",") if p.strip()]


def typed(value: str | None) -> list[tuple[str, str]]:
    """`[COMPANY:https://x]`, `PORTFOLIO:http://a, PORTFOLIO:http://b`, `SKYPE:name` -> pairs."""
    pairs = []
    for piece in listed(value):
        match = re.match(r"^([A-Za-z_ ]+):(?!//)(.*)$", piece)
        pairs.append((match[1].strip(), match[2].strip()) if match else ("", piece))
    return [(kind, v) for kind, v in pairs if v]


def phone_of(number: str) -> list[Identity]:
    """A phone identity (E.164); an extension reaches a desk, not a person, so it is left out."""
    found = phone_identity(clean_text(number))
    return [found] if found else []
