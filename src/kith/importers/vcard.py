"""Read vCard 2.1, 3.0 and 4.0 address books (a .vcf file, or a folder or zip of them).

Kith reads vCards with a small parser of its own rather than vobject: vobject 0.9.9
fails on 4 of the 7 real client files in the shared corpus (Android's quoted-printable
soft breaks whose continuation starts in column one, Outlook's base64 photos ended by
an empty line, iOS's CR CR LF line ends, Gmail's unescaped comma in FN). The rules
below follow FORMATS.md §3 and what real phones, Outlook, Gmail and macOS write:

* Lines end in CRLF, LF or CR CR LF; all are read as one line end.
* A property encoded `QUOTED-PRINTABLE` continues while its line ends in `=` (the
  next physical line is appended as is, blank or not); otherwise a line starting
  with a blank or TAB continues the previous one (RFC 2425/6350 folding).
* Binary properties (PHOTO, LOGO, SOUND, KEY) are skipped without decoding; their
  base64 lines (indented or not, ended by an empty line in 2.1) are not even kept.
* Parameters come as `TYPE=WORK`, `type=work,voice`, repeated, or bare (`TEL;CELL`).
  Grouped properties (`item1.EMAIL` + `item1.X-ABLabel`) keep their group, so Apple's
  labelled dates (`_$!<Anniversary>!$_`) are understood.
* Values are unescaped (`\\,` `\\;` `\\n` `\\\\` and Gmail's `\\:`); structured values
  (N, ORG) are split on unescaped `;` first.

Each card becomes one `PersonRecord`. A card needs a name, an e-mail or a phone
number to be a contact (Android writes cards holding only an e-mail: they are
contacts, named by their address); anything else is skipped and reported with its
line. URLs become identities only on social networks (a company homepage shared by
colleagues must not merge them); fax, pager, main-line and assistant numbers are not
the person's own and are left out for the same reason.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    handle_identity,
    name_identity,
    normalize_name,
    normalize_profile_url,
    phone_identity,
    source_id,
)
from kith.importers._text import (
    CHUNK,
    Member,
    decoded_lines,
    iter_members,
    open_member,
    sniff_encoding,
    unreadable,
)
from kith.models import Identity, ImportantDate, PersonRecord, PersonRef, Record, Skipped

SOURCE = "vcard"
HINT = "export the contacts again as vCard (.vcf) from your address book"
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
CARD_EDGES = ("BEGIN:VCARD", "END:VCARD")  # never swallowed by a dangling soft break
PROPERTY_START = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?[;:]")
NOT_THEIR_PHONE = frozenset({"FAX", "PAGER", "MAIN", "ASSISTANT", "CALLBACK"})
# IM properties Gmail, Apple and Evolution write, by network.
IM_PROPERTIES = {
    "X-AIM": "aim",
    "X-GTALK": "gtalk",
    "X-GOOGLE-TALK": "gtalk",
    "X-YAHOO": "yahoo",
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-QQ": "qq",
    "X-MSN": "msn",
    "X-ICQ": "icq",
    "X-JABBER": "xmpp",
    "X-TWITTER": "twitter",
    "X-TELEGRAM": "telegram",
}
APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
# Hosts whose URLs name one person; any other URL (a company site) may be shared.
SOCIAL_HOSTS = frozenset(
    {
        "linkedin.com",
        "twitter.com",
        "x.com",
        "github.com",
        "facebook.com",
        "instagram.com",
        "threads.net",
        "bsky.app",
        "youtube.com",
        "tiktok.com",
        "medium.com",
    }
)


def social_profile(url: str | None) -> Identity | None:
    """A profile identity for a URL on a social network (or a Mastodon-style `/@name`)."""
    canonical = normalize_profile_url(url)
    if canonical is None:
        return None
    host, _, path = canonical.removeprefix("https://").partition("/")
    if host in SOCIAL_HOSTS or path.startswith("@"):
        return Identity("profile", canonical)
    return None


# --- detection ------------------------------------------------------------------------


def sniff(path: Path) -> bool:
    """Tell a vCard file (or a folder or zip holding .vcf files) by its first line."""
    try:
        return any(is_vcard(m) for m in vcard_members(path))
    except ImportFailed:
        return False


def vcard_members(path: Path) -> Iterator[Member]:
    """A single file whatever its name; inside a folder or zip, the `.vcf` files only."""
    members = list(iter_members(path))
    several = path.is_dir() or len(members) != 1 or members[0].in_zip
    for member in members:
        if not several or member.basename.lower().endswith((".vcf", ".vcard")):
            yield member


def is_vcard(member: Member) -> bool:
    with open_member(member) as stream:
        head = stream.read(CHUNK)
    text = head.decode(sniff_encoding(head), errors="replace").lstrip("\ufeff \t\r\n")
    return text[:11].upper() == "BEGIN:VCARD"


# --- physical lines to properties -----------------------------------------------------


@dataclass(frozen=True)
class Property:
    group: str
    name: str
    params: dict[str, list[str]]
    value: str  # decoded (QP, base64, charset) but not yet unescaped
    line: int

    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", [])}


def logical_lines(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """Join folded and quoted-printable continuation lines; yield (first line number, text)."""
    current: str | None = None
    start = 0
    qp = binary = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if current is not None:
            if qp and current.endswith("=") and not line.upper().startswith(CARD_EDGES):
                current = current[:-1] + line
                continue
            if line[:1] in (" ", "\t") or (binary and line and not PROPERTY_START.match(line)):
                if not binary:
                    current += line[1:]
                continue
            yield start, current
            current = None
        if not line.strip():
            continue
        current, start = line, number
        head = line.split(":", 1)[0].upper()
        qp = "QUOTED-PRINTABLE" in head
        binary = head.rsplit(".", 1)[-1].split(";", 1)[0] in BINARY
        if binary:
            current = head + ":"  # never keep (or decode) the picture itself
    if current is not None:
        yield start, current


def split_unquoted(text: str, sep: str, limit: int = -1) -> list[str]:
    """Split on `sep` outside double quotes (`TYPE="work,voice"`, `X-UUID="a:b"`)."""
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == sep and not quoted and limit != 0:
            parts.append("".join(buf))
            buf = []
            limit -= 1
            continue
        buf.append(char)
    parts.append("".join(buf))
    return parts


def parse_property(line: int, text: str) -> Property | None:
    """Split `group.NAME;params:value` and decode the value; None when it is not one."""
    head_value = split_unquoted(text, ":", 1)
    if len(head_value) != 2:
        return None
    head, value = head_value
    name, *raw_params = split_unquoted(head, ";")
    group, _, name = name.rpartition(".")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        key, val = (key, val) if eq else ("TYPE", key)  # 2.1 bare params: TEL;CELL
        values = [v.strip().strip('"') for v in split_unquoted(val, ",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    prop = Property(group.upper(), name.strip().upper(), params, value, line)
    return Property(prop.group, prop.name, params, decode_value(prop), line)


def decode_value(prop: Property) -> str:
    encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    if prop.name in BINARY:
        return ""
    raw: bytes | None = None
    if encoding & {"QUOTED-PRINTABLE", "QP"}:
        raw = quopri.decodestring(prop.value.encode("utf-8", "replace"))
    elif encoding & {"BASE64", "B"}:
        try:
            raw = base64.b64decode(prop.value.strip(), validate=False)
        except (binascii.Error, ValueError):
            return ""
    if raw is None:
        return prop.value
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # an unknown CHARSET name
        return raw.decode("utf-8", errors="replace")


# --- properties to cards --------------------------------------------------------------


@dataclass
class Card:
    line: int
    props: list[Property] = field(default_factory=list)

    def all(self, *names: str) -> list[Property]:
        return [p for p in self.props if p.name in names]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].value if found else ""

    def labels(self) -> dict[str, str]:
        """Apple/Gmail group labels: `item1.X-ABLabel:_$!<Anniversary>!$_` -> item1: anniversary."""
        found = {}
        for p in self.all("X-ABLABEL"):
            if p.group:
                label = unescape(p.value)
                match = APPLE_LABEL.match(label)
                found[p.group] = (match.group(1) if match else label).strip()
        return found


def cards(member: Member) -> Iterator[Card | Skipped]:
    """Group a file's properties into cards; an unterminated card is reported."""
    card: Card | None = None
    depth = 0
    with open_member(member) as stream:
        for line, text in logical_lines(decoded_lines(stream, member.label)):
            prop = parse_property(line, text)
            if prop is None:
                continue
            value = prop.value.strip().upper()
            if prop.name == "BEGIN" and value == "VCARD":
                depth += 1
                if depth == 1:
                    card = Card(line)
            elif prop.name == "END" and value == "VCARD" and depth:
                depth -= 1
                if depth == 0 and card is not None:
                    yield card
                    card = None
            elif card is not None and depth == 1:
                card.props.append(prop)
    if card is not None:
        yield Skipped(member.label, card.line, "the card has no END:VCARD (file cut short?)")


# --- values ---------------------------------------------------------------------------

ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


def unescape(value: str) -> str:
    r"""Undo vCard escapes: `\,` `\;` `\n` `\\`, and Gmail's non-standard `\:` and `\"`.

    A backslash before any other punctuation is dropped too; before a letter or a
    digit it is kept (a Windows path in a NOTE).
    """
    return re.sub(r"\\(.)", _unescape_one, value)


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in ESCAPES:
        return ESCAPES[char]
    return "\\" + char if char.isalnum() else char


def components(value: str) -> list[str]:
    """Split a structured value (N, ORG) on unescaped `;` and unescape each part."""
    return [clean_text(unescape(p)) for p in re.split(r"(?<!\\);", value)]


def parse_yearly(value: str, params: dict[str, list[str]]) -> tuple[int | None, int, int] | None:
    """Read a birthday: `19800322`, `1980-03-22`, `--0203`, `--12-10`, Apple's year 1604.

    Anything else (`circa 1800`, a bare year) gives None.
    """
    value = value.strip().strip('"')
    year: int | None
    if value.startswith("--"):
        match = re.match(r"^--(\d{2})-?(\d{2})", value)
        if not match:
            return None
        year, month, day = None, int(match.group(1)), int(match.group(2))
    else:
        match = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", value)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
        omitted = [v.strip('"') for v in params.get("X-APPLE-OMIT-YEAR", [])]
        if str(year) in omitted or year == 1604:
            year = None
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays valid
    except ValueError:
        return None
    return year, month, day


def important_date(kind: str, value: str, params: dict[str, list[str]], label: str | None = None):
    parsed = parse_yearly(value, params)
    if parsed is None:
        return None
    year, month, day = parsed
    return ImportantDate(kind=kind, month=month, day=day, year=year, label=label)


def card_dates(card: Card) -> list[ImportantDate]:
    labels = card.labels()
    found = []
    for prop in card.props:
        if prop.name == "BDAY":
            found.append(important_date("birthday", prop.value, prop.params))
        elif prop.name in ("ANNIVERSARY", "X-MS-ANNIVERSARY", "X-ANNIVERSARY"):
            found.append(important_date("anniversary", prop.value, prop.params))
        elif prop.name == "X-ABDATE":
            label = labels.get(prop.group)
            kind = "anniversary" if (label or "").casefold() == "anniversary" else "other"
            found.append(important_date(kind, prop.value, prop.params, label))
        elif prop.name == "X-ANDROID-CUSTOM":
            found.append(android_event(prop.value))
    return [d for d in dict.fromkeys(found) if d is not None]


ANDROID_EVENT_KINDS = {"1": "anniversary", "2": "other", "3": "birthday"}


def android_event(value: str) -> ImportantDate | None:
    """`X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1985-04-12;3;…` (3 = birthday)."""
    mime, *fields = re.split(r"(?<!\\);", value) + ["", "", ""]
    if not mime.endswith("/contact_event"):
        return None
    when, kind, label = fields[0], fields[1], unescape(fields[2]).strip() or None
    return important_date(ANDROID_EVENT_KINDS.get(kind, "other"), when, {}, label)


def phone_of(prop: Property) -> Identity | None:
    if prop.types() & NOT_THEIR_PHONE:
        return None
    value = unescape(prop.value).strip()
    if value.lower().startswith("tel:"):
        value = value[4:].split(";", 1)[0]
    return phone_identity(value)


def handle_of(prop: Property) -> Identity | None:
    value = clean_text(unescape(prop.value))
    if prop.name == "IMPP" and ":" in value:
        scheme, _, rest = value.partition(":")
        return handle_identity(scheme.lower(), rest)
    if prop.name == "X-SOCIALPROFILE":
        network = next(iter(sorted(prop.types())), "social").lower()
        return social_profile(value) or handle_identity(network, value.rsplit("/", 1)[-1])
    return handle_identity(IM_PROPERTIES[prop.name], value)


def card_identities(card: Card) -> list[Identity]:
    found: list[Identity | None] = []
    for prop in card.props:
        if prop.name == "EMAIL":
            found.append(email_identity(unescape(prop.value)))
        elif prop.name == "TEL":
            found.append(phone_of(prop))
        elif prop.name == "URL":
            found.append(social_profile(unescape(prop.value)))
        elif prop.name in IM_PROPERTIES or prop.name in ("IMPP", "X-SOCIALPROFILE"):
            found.append(handle_of(prop))
    return ordered(i for i in found if i is not None)


def ordered(identities: Iterable[Identity]) -> list[Identity]:
    """Distinct identities, the most certain first: e-mail, profile, phone, handle."""
    rank = {"email": 0, "profile": 1, "phone": 2, "handle": 3}
    return sorted(dict.fromkeys(identities), key=lambda i: rank.get(i.kind, 4))


def card_name(card: Card) -> str:
    """FN, else the parts of N, else the organisation (iCloud company cards)."""
    name = clean_text(unescape(card.first("FN")))
    if name:
        return name
    parts = components(card.first("N")) + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    name = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
    return name or (components(card.first("ORG")) or [""])[0]


def person_record(card: Card, label: str) -> Record:
    """One card -> PersonRecord, or Skipped when it names nobody."""
    if clean_text(card.first("KIND")).casefold() == "group":
        return Skipped(label, card.line, "a contact group (KIND:group), not a person")
    identities = card_identities(card)
    name = card_name(card)
    if not name and not identities:
        return Skipped(label, card.line, "the card has no name, e-mail or phone number")
    if not name:
        name = identities[0].value
    company = (components(card.first("ORG")) or [""])[0] or None
    position = clean_text(unescape(card.first("TITLE"))) or None
    notes = "\n\n".join(n for n in (unescape(p.value).strip() for p in card.all("NOTE")) if n)
    uid = clean_text(card.first("UID"))
    if not identities:
        fallback = name_identity(SOURCE, name)
        identities = [fallback] if fallback else []
    key = ("uid", uid) if uid else ("card", *(i.value for i in identities), normalize_name(name))
    return PersonRecord(
        source=SOURCE,
        source_id=source_id(SOURCE, *key),
        person=PersonRef(
            name=name,
            identities=tuple(identities),
            company=company,
            position=position,
            dates=tuple(card_dates(card)),
            notes=notes or None,
        ),
    )


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield one PersonRecord per card (Skipped for a card that names nobody)."""
    trouble = unreadable(path)
    if trouble:
        raise ImportFailed(str(path), f"the file is {trouble}, not a vCard file", HINT)
    found = False
    for member in vcard_members(path):
        if not is_vcard(member):
            continue
        found = True
        for card in cards(member):
            yield card if isinstance(card, Skipped) else person_record(card, member.label)
    if not found:
        raise ImportFailed(str(path), "no vCard found (no BEGIN:VCARD)", HINT)
