"""Normalise the handles people are known by, so the same person matches across sources.

Pure functions: an importer calls them when it builds a `PersonRef`, and the store
calls them on user input (`kith me --email`). Certain matches (same normalised
email, phone or profile URL) merge people automatically; names only suggest.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from urllib.parse import unquote, urlsplit

import phonenumbers

from kith.models import Identity

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff\u2066\u2067\u2068\u2069")
)
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOREPLY = re.compile(
    r"(^|[._+-])(no-?reply|do-?not-?reply|donotreply|notifications?|mailer-daemon|bounces?)([._+-]|@)",
    re.I,
)


def clean_text(value: str | None) -> str:
    """Strip invisible marks and collapse runs of blanks (U+202F and U+00A0 included)."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    return _SPACES.sub(" ", value.replace("\u202f", " ").replace("\xa0", " ")).strip()


def normalize_email(value: str | None) -> str | None:
    value = clean_text(value).strip("<>").lower()
    if value.startswith("mailto:"):
        value = value[7:]
    return value if _EMAIL.match(value) else None


def is_noreply_address(email: str) -> bool:
    """Automated senders: no-reply, notifications, bounces."""
    return bool(_NOREPLY.search(email))


def normalize_phone(value: str | None, region: str | None = None) -> str | None:
    """E.164 when the number says its country (`+44…`, `0044…`) or a region is known.

    The region is the caller's, else `KITH_REGION` (`DE`, `US`…). Without either, a
    number with no country code stays as its national digits without a `+`
    (`030 1234567` -> `0301234567`): it still meets the same digits written elsewhere,
    but no country is invented for it (`123456789` was `+123456789`, `3456789` `+13456789`).
    """
    value = clean_text(value)
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    international = value.startswith("+") or (value.startswith("00") and len(digits) > 9)
    if international:
        value = "+" + digits.removeprefix("00") if not value.startswith("+") else value
    region = (region or os.environ.get("KITH_REGION", "")).strip().upper() or None
    if international or region:
        try:
            parsed = phonenumbers.parse(value, None if international else region)
            if phonenumbers.is_possible_number(parsed):
                return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    if len(digits) < 7:
        return None
    return "+" + digits if international else digits


def normalize_profile_url(value: str | None) -> str | None:
    """Canonical profile URL: host without www/locale prefix, path lower-cased, no query."""
    value = clean_text(value)
    if not value or " " in value:
        return None
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "Invalid IPv6 URL" for a stray "[" in the host
        return None
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    host = re.sub(r"^(www|[a-z]{2})\.(?=linkedin\.com$)", "", host)
    host = host.removeprefix("www.").removeprefix("mobile.")
    path = unquote(parts.path).rstrip("/").lower()
    if not host or "." not in host or not path:
        return None
    return f"https://{host}{path}"


def normalize_name(value: str | None) -> str:
    """A matching key for names: case-folded, accents kept, blanks collapsed."""
    return clean_text(value).casefold()


def name_identity(source: str, name: str) -> Identity | None:
    """The weakest identity: a display name, only within one source."""
    key = normalize_name(name)
    return Identity("name", f"{source}:{key}") if key else None


def email_identity(value: str | None) -> Identity | None:
    email = normalize_email(value)
    return Identity("email", email) if email else None


def phone_identity(value: str | None, region: str | None = None) -> Identity | None:
    phone = normalize_phone(value, region)
    return Identity("phone", phone) if phone else None


def profile_identity(value: str | None) -> Identity | None:
    url = normalize_profile_url(value)
    return Identity("profile", url) if url else None


def handle_identity(network: str, handle: str | None) -> Identity | None:
    handle = clean_text(handle).lstrip("@").lower()
    return Identity("handle", f"{network}:{handle}") if handle else None


def source_id(source: str, *parts: object) -> str:
    """A stable id from what never changes in a record (sqlite-utils `hash_record`)."""
    digest = hashlib.sha1("\x1f".join([source, *map(str, parts)]).encode("utf-8")).hexdigest()
    return f"{source}:{digest[:24]}"
