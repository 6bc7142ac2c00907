"""One e-mail message, read tolerantly: headers, addresses, time, the words that matter.

Shared by the mbox, single-message (.eml) and Maildir readers in `mbox.py`. Real
mail is messy in known ways (FORMATS.md §5): RFC 2047 encoded words in names and
subjects, `iso-8859-1` declared over Windows-1252 bytes, undeclared 8-bit bytes,
quoted ids (`"<id@host>"`), mutt's `In-Reply-To: <id>; from … on …`, display names
with commas, `undisclosed-recipients:;`. Everything here decodes with a fallback
and never raises on content.

What is kept of a body: the text/plain part (else the HTML reduced to text), minus
quoted replies (`> ` lines, "On … wrote:", Outlook's `-----Original Message-----` and
`From: … Sent: …` blocks) and the signature after `-- `. That is what the person
wrote in this message, and all a search or a brief needs.
"""

from __future__ import annotations

import binascii
import csv
import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from kith.identity import clean_text, is_noreply_address, normalize_email
from kith.importers._text import _TextOnly
from kith.importers.linkedin_people import is_anonymous_member

LATIN1 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "cp819"})
ASCII = frozenset({"", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "8bit"})
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
MAX_TEXT = 100_000
HeaderSource = Any  # an email.message.Message, or the faster `Headers` of the first pass
FOLDED_BLANKS = re.compile(rb"\r?\n[ \t]+|\r$")


# --- decoding -------------------------------------------------------------------------


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset, reading Latin-1 as CP1252 and guessing when unsure."""
    name = (charset or "").strip().strip('"').lower()
    if name in ASCII or name in LATIN1:
        if name not in LATIN1:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return data.decode("cp1252", errors="replace")
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")


def guess_text(data: bytes) -> str:
    """Undeclared bytes: UTF-8 when they are, else CP1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def unfold(value: str) -> str:
    if "\n" not in value:
        return value.strip()
    return re.sub(r"\r?\n[ \t]+", " ", value).strip()


def tidy(value: str) -> str:
    """`clean_text`, without its work for the plain printable ASCII most headers are."""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()  # nothing invisible, no blanks but single spaces to collapse
    return clean_text(value)


def header_text(value: Any) -> str:
    """A header as readable text: encoded words decoded, 8-bit bytes guessed, blanks collapsed."""
    if value is None:
        return ""
    if isinstance(value, str) and "=?" not in value:  # no encoded words: nothing to decode
        return tidy(unfold(value))
    try:
        parts = decode_header(value if isinstance(value, Header) else unfold(str(value)))
    except (ValueError, LookupError, TypeError):
        return clean_text(str(value))
    out = []
    for chunk, charset in parts:
        out.append(chunk if isinstance(chunk, str) else decode_bytes(chunk, charset))
    return clean_text("".join(out))


def raw_header(value: Any) -> str:
    """A header still encoded (addresses are split before their names are decoded)."""
    if value is None:
        return ""
    if value.__class__ is str and "\n" not in value:  # what `Headers` holds: already unfolded
        return value.strip()
    if isinstance(value, Header):
        return header_text(value)
    return unfold(str(value))


# --- headers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    name: str
    email: str | None  # None for a local user without a domain (`markov`)
    local: str = ""

    @property
    def key(self) -> str:
        return self.email or "local:" + self.local.lower()


def addresses(msg: HeaderSource, *names: str) -> list[Address]:
    """The addresses of some headers, once each, `undisclosed-recipients:;` left out."""
    values = [v for name in names for v in msg.get_all(name) or ()]
    if len(values) == 1:  # the usual case: one From, one To
        return list(unique_addresses(raw_header(values[0])))
    found: dict[str, Address] = {}
    for value in values:
        for address in parse_addresses(raw_header(value)):
            found.setdefault(address.key, address)
    return list(found.values())


@functools.lru_cache(maxsize=65536)
def unique_addresses(value: str) -> tuple[Address, ...]:
    """The addresses of one header value, the first of each key kept."""
    found: dict[str, Address] = {}
    for address in parse_addresses(value):
        found.setdefault(address.key, address)
    return tuple(found.values())


# One address in the shapes nearly all mail uses (`"Ana Lima" <ana@x.org>`, `Ana Lima
# <ana@x.org>`, `ana@x.org`), read without `getaddresses`, which takes ~60 us a value.
_ADDR = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_ATOM = r"[^\s()<>@,:;\"\[\]\\]+"
SIMPLE_ADDRESS = re.compile(
    rf"[ \t]*(?:\"(?P<quoted>[^\"\\\r\n]*)\"[ \t]*|(?P<phrase>{_ATOM}(?:[ \t]+{_ATOM})*)[ \t]*)?"
    rf"<(?P<angle>{_ADDR})>[ \t]*|[ \t]*(?P<bare>{_ADDR})[ \t]*"
)


def simple_address(value: str) -> list[tuple[str, str]] | None:
    """What `getaddresses([value])` gives for the common shapes; None for any other."""
    found = SIMPLE_ADDRESS.fullmatch(value)
    if found is None:
        return None
    if found["bare"]:
        return [("", found["bare"])]
    phrase = found["phrase"]
    name = found["quoted"] if phrase is None else " ".join(phrase.split())
    return [(name or "", found["angle"])]


@functools.lru_cache(maxsize=65536)
def parse_addresses(value: str) -> tuple[Address, ...]:
    """Parse one address header (remembered: the same From and To recur all over a mailbox)."""
    found = []
    for display, address in simple_address(value) or getaddresses([value]):
        address = address.strip().strip("<>")
        email = normalize_email(address)
        if not email and (not address or "@" in address or ":" in address or " " in address):
            continue
        name = header_text(display).strip("'\" ")
        found.append(Address(name=name, email=email, local=address))
    return tuple(found)


def header_block(data: bytes) -> bytes:
    """The bytes before the first blank line (all of it when there is no body)."""
    end = data.find(b"\n\n")
    crlf = data.find(b"\n\r\n", 0, end if end >= 0 else len(data))  # not through the body
    if crlf >= 0:
        end = crlf
    return data[: end + 1] if end >= 0 else data


HEADER_NAMES = (
    r"\n(from|sender|to|cc|date|subject|message-id|references|in-reply-to|x-gmail-labels"
    r"|x-gm-thrid|delivered-to|x-original-to|list-unsubscribe|list-id|precedence"
    r"|auto-submitted|x-mozilla-status)[ \t]*:(.*(?:\r?\n[ \t].*)*)"
)
BYTES_BLANKS = " \t\n\r\x0b\x0c"  # what bytes.strip() strips; str.strip() takes more
FOLDS = re.compile(r"\r?\n[ \t]+")


class Headers:
    """A message's header block read without the email package: fast, for both passes.

    Offers the `get` / `get_all` the helpers here use, for the headers they read.
    Lines are unfolded and decoded as UTF-8, else (field by field) CP1252, so no
    surrogate escapes reach a name. A block that is UTF-8 as a whole (nearly all
    mail) is decoded once and searched as text.
    """

    # Anchored on a literal newline: much faster than ^ with re.M. ASCII case folding
    # only, so the text search finds exactly the fields the bytes search would.
    WANTED = re.compile(HEADER_NAMES, re.I | re.A)
    WANTED_BYTES = re.compile(HEADER_NAMES.encode("ascii"), re.I)

    def __init__(self, data: bytes) -> None:
        self.fields: dict[str, list[str]] = {}
        block = b"\n" + header_block(data)
        try:
            found = self.WANTED.findall(block.decode("utf-8"))
        except UnicodeDecodeError:
            found = [
                (n.decode("ascii"), guess_text(v)) for n, v in self.WANTED_BYTES.findall(block)
            ]
        fields = self.fields
        for name, value in found:
            if "\n" in value:
                value = FOLDS.sub(" ", value)
            key = name.lower()
            if key in fields:
                fields[key].append(value.strip(BYTES_BLANKS))
            else:
                fields[key] = [value.strip(BYTES_BLANKS)]

    def get(self, name: str, default: Any = None) -> Any:
        values = self.fields.get(LOWER.get(name) or name.lower())
        return values[0] if values else default

    def get_all(self, name: str) -> list[str] | None:
        return self.fields.get(LOWER.get(name) or name.lower())


# The spellings the readers ask for, lowered once.
LOWER = {
    name: name.lower()
    for name in [
        "From",
        "Sender",
        "To",
        "Cc",
        "Date",
        "Subject",
        "Message-ID",
        "References",
        "In-Reply-To",
        "X-Gmail-Labels",
        "X-GM-THRID",
        "Delivered-To",
        "X-Original-To",
        "List-Unsubscribe",
        "List-Id",
        "Precedence",
        "Auto-Submitted",
        "X-Mozilla-Status",
    ]
}


def message_ids(value: Any) -> list[str]:
    """The ids in References / In-Reply-To / Message-ID: `<…>` only, quotes and junk ignored."""
    return MESSAGE_ID.findall(raw_header(value))


def first_message_id(value: Any) -> str | None:
    """The first of `message_ids`, without finding the others (References can be long)."""
    found = MESSAGE_ID.search(raw_header(value)) if value is not None else None
    return found[1] if found else None


def own_id(msg: HeaderSource) -> str | None:
    value = msg.get("Message-ID")
    found = first_message_id(value)
    if found:
        return found
    bare = clean_text(raw_header(value)).strip("\"'<>")
    return bare or None


def parent_root(msg: HeaderSource) -> str | None:
    """The root of the reply chain: first of References, else In-Reply-To."""
    return first_message_id(msg.get("References")) or first_message_id(msg.get("In-Reply-To"))


# The Date: nearly every mailer writes (`Sat, 24 Jan 2026 18:11:09 +0000 (UTC)`), read
# without the general parser; anything else goes to `parsedate_to_datetime`.
RFC_5322_DATE = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+([12]\d{3})\s+(\d{1,2}):(\d{2}):(\d{2})"
    r"\s+([+-])(\d{2})(\d{2})(?:\s+\([^()]*\))?",
    re.A,
)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}


def sent_at(msg: HeaderSource) -> datetime | None:
    value = raw_header(msg.get("Date")).strip()
    if not value:
        return None
    try:
        parsed = common_date(value) or parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if parsed is None or not 1970 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def common_date(value: str) -> datetime | None:
    """`parsedate_to_datetime` for the common shape only (None for any other)."""
    found = RFC_5322_DATE.fullmatch(value)
    month = MONTHS.get(found[2].lower()) if found else None
    if found is None or month is None:
        return None
    day, year, hour, minute, second = int(found[1]), int(found[3]), *map(int, found.group(4, 5, 6))
    offset = int(found[8]) * 3600 + int(found[9]) * 60
    if found[7] == "-":
        if not offset:  # -0000: the zone is unknown, read as UTC as the general parser does
            return datetime(year, month, day, hour, minute, second)
        offset = -offset
    return datetime(year, month, day, hour, minute, second, tzinfo=fixed_zone(offset))


@functools.lru_cache(maxsize=256)
def fixed_zone(seconds: int) -> timezone:
    return timezone(timedelta(seconds=seconds))


def gmail_labels(msg: HeaderSource) -> list[str]:
    """`Inbox,Unread,"Travel, 2023",Category Updates` (possibly folded) -> labels."""
    value = raw_header(msg.get("X-Gmail-Labels"))
    return list(parse_labels(value)) if value else []


@functools.lru_cache(maxsize=4096)
def parse_labels(value: str) -> tuple[str, ...]:
    row = next(csv.reader([value], skipinitialspace=True), [])
    return tuple(clean_text(label) for label in row if clean_text(label))


SUBJECT_PREFIX = re.compile(
    r"^\s*((re|fwd?|aw|wg|sv|vs|antw|rif|tr|res|enc)(\[\d+\]|\(\d+\))?\s*:\s*|\[[^\]]{1,40}\]\s*)",
    re.I,
)


def thread_subject(subject: str) -> str:
    """A subject as a thread key: `Re:`, `Fwd:`, `AW:`, `[list]` prefixes stripped, case-folded."""
    previous = None
    while previous != subject:
        previous, subject = subject, SUBJECT_PREFIX.sub("", subject)
    return tidy(subject).casefold()


@dataclass
class Bulk:
    """Why a message is bulk: `touch` marks the message, `sender` also the person."""

    touch: bool = False
    sender: bool = False
    reasons: list[str] = field(default_factory=list)


def lowered(value: Any) -> str:
    return clean_text(raw_header(value)).lower() if value is not None else ""


# Local parts only machines send from: receipts, alerts, digests, invitations. Role
# addresses a person may answer (info@, hello@, support@, sales@) are not here: they
# are bulk only when their mail says so (List-Unsubscribe, Auto-Submitted).
MACHINE_LOCAL = re.compile(
    r"(?:^|[._+-])(?:no-?reply|do-?not-?reply|notify|notifications?|alerts?|newsletters?|news"
    r"|digests?|updates?|mailer|postmaster|bounces?|automated|auto-?confirm|receipts?"
    r"|invoices?|billing|orders?|shipping|statements?|verify|verification|marketing"
    r"|promos?|promotions?|offers|deals|rewards|invitations?|invites?|reminders?|calendar"
    r"|robot|daemon)(?:[._+-]|$)",
    re.I,
)


@functools.lru_cache(maxsize=65536)
def automated(email: str) -> bool:
    """An address no person writes from: no-reply, notifications, receipts, digests…"""
    local = email.rsplit("@", 1)[0]
    return is_noreply_address(email) or bool(MACHINE_LOCAL.search(local))


def bulk_of(msg: HeaderSource, sender: Address | None, labels: list[str]) -> Bulk:
    """Newsletters, notifications and list traffic are kept but never owe a reply.

    A discussion list (`List-Id`, `Precedence: list`) marks the message only: the
    person writing to the list is still a person. A newsletter or an automated
    sender marks the sender too.
    """
    bulk = Bulk()
    precedence = lowered(msg.get("Precedence"))
    auto = lowered(msg.get("Auto-Submitted"))
    listed = bool(msg.get("List-Id"))
    if msg.get("List-Unsubscribe") and not listed:
        bulk.sender = True
        bulk.reasons.append("List-Unsubscribe")
    if auto and auto != "no":
        bulk.sender = True
        bulk.reasons.append("Auto-Submitted")
    if sender and sender.email and automated(sender.email):
        bulk.sender = True
        bulk.reasons.append("automated sender")
    if any(label in ("Category Promotions", "Category Social") for label in labels):
        bulk.sender = True
        bulk.reasons.append("Gmail category")
    if precedence in BULK_PRECEDENCE or listed:
        bulk.reasons.append("mailing list")
    bulk.touch = bulk.sender or bool(bulk.reasons)
    return bulk


# --- body -----------------------------------------------------------------------------


class _Readable(_TextOnly):
    """HTML to text, without what a reader never sees (styles, scripts, the head)."""

    HIDDEN = frozenset({"style", "script", "head", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            super().handle_data(data)


def html_text(markup: str) -> str:
    parser = _Readable()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()


def part_text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        return ""
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except (ValueError, LookupError):
        charset = None
    return decode_bytes(payload, charset)


def body_text(msg: Message) -> str:
    """The message's own text: the first inline text/plain part, else its HTML as text."""
    html = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = str(part.get("Content-Disposition", "")).lower()
        if disposition.startswith("attachment"):
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            return part_text(part)
        if kind == "text/html" and html is None:
            html = part
    return html_text(part_text(html)) if html is not None else ""


# The same choice as `body_text`, without the email package for the common shapes
# (single part; multipart of text parts): parsing whole messages with it is most of
# an import's time. Anything unusual returns None and the full parser decides.
MIME_FIELDS = re.compile(
    rb"\n(content-type|content-transfer-encoding|content-disposition)[ \t]*:(.*(?:\r?\n[ \t].*)*)",
    re.I,
)
PARAM = re.compile(r"""(\w[\w*-]*)\s*=\s*(?:"([^"]*)"|([^;\s]+))""")
Found = tuple[bytes | None, str | None, bytes | None, str | None]  # plain, its charset, html, …


def quick_body_text(data: bytes) -> str | None:
    """The text `body_text` would find, or None when the message needs the full parser."""
    block = header_block(data)
    try:
        found = quick_part(block, after_blank(data[len(block) :]), 0)
    except (ValueError, binascii.Error):
        return None
    if found is None:
        return None
    plain, plain_charset, html, html_charset = found
    if plain is not None:
        return decode_bytes(plain, plain_charset)
    return html_text(decode_bytes(html, html_charset)) if html is not None else ""


def after_blank(body: bytes) -> bytes:
    return body[2:] if body.startswith(b"\r\n") else body[1:] if body.startswith(b"\n") else body


def quick_part(block: bytes, body: bytes, depth: int) -> Found | None:
    fields = {
        k.lower(): (FOLDED_BLANKS.sub(b" ", v) if b"\n" in v else v).strip()
        for k, v in MIME_FIELDS.findall(b"\n" + block)
    }
    kind, params = content_type(fields.get(b"content-type", b"text/plain"))
    if fields.get(b"content-disposition", b"").lower().startswith(b"attachment"):
        return None, None, None, None
    if kind.startswith("multipart/"):
        boundary = params.get("boundary")
        if not boundary or depth > 8 or kind == "multipart/digest":
            return None
        return quick_multipart(body, boundary.encode("ascii", errors="replace"), depth)
    if kind not in ("text/plain", "text/html"):
        return None, None, None, None
    payload = transfer_decode(body, fields.get(b"content-transfer-encoding", b"").lower())
    if payload is None:
        return None
    charset = params.get("charset")
    return (
        (payload, charset, None, None) if kind == "text/plain" else (None, None, payload, charset)
    )


@functools.lru_cache(maxsize=1024)  # a mailbox has few distinct Content-Type values
def content_type(value: bytes) -> tuple[str, dict[str, str]]:
    """`text/plain; charset="utf-8"` -> ("text/plain", {"charset": "utf-8"}). Do not change
    the dict: it is shared."""
    ctype, _, params_text = value.partition(b";")
    kind = ctype.strip().lower().decode("ascii", errors="replace") or "text/plain"
    if "/" not in kind:
        kind = "text/plain"
    params = {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
        for m in PARAM.finditer(params_text.decode("ascii", errors="replace"))
    }
    return kind, params


def quick_multipart(body: bytes, boundary: bytes, depth: int) -> Found | None:
    segments = (b"\n" + body).split(b"\n--" + boundary)
    if len(segments) < 2:
        return None
    html: bytes | None = None
    html_charset: str | None = None
    for segment in segments[1:]:
        if segment.startswith(b"--"):
            break
        _, newline, part = segment.partition(b"\n")
        if not newline:
            continue
        part = part[:-1] if part.endswith(b"\r") else part
        block = header_block(part) if not part.startswith((b"\n", b"\r\n")) else b""
        found = quick_part(block, after_blank(part[len(block) :]), depth + 1)
        if found is None:
            return None
        if found[0] is not None:
            return found
        if html is None and found[2] is not None:
            html, html_charset = found[2], found[3]
    return None, None, html, html_charset


def transfer_decode(body: bytes, encoding: bytes) -> bytes | None:
    if encoding in (b"", b"7bit", b"8bit", b"binary"):
        return body
    if encoding == b"base64":
        return binascii.a2b_base64(body)
    if encoding == b"quoted-printable":
        return (
            binascii.a2b_qp(body.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
            if (b"\r\n" in body)
            else binascii.a2b_qp(body)
        )
    return None


ORIGINAL = re.compile(
    r"^(-{3,}\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message)"
    r"\s*-{3,}|_{10,})\s*$",
    re.I,
)
ON_WROTE_START = re.compile(r"^(on|am|le|el|il|op|em|den)\s.{4,}", re.I)
ON_WROTE_END = re.compile(  # German and Dutch put the name after the verb
    r"\b(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev)\b[^\n]*:\s*$", re.I
)
OUTLOOK_FROM = re.compile(r"^\*?(from|von|de|van)\s*:\*?\s", re.I)
OUTLOOK_NEXT = re.compile(r"^\*?(sent|date|gesendet|datum|envoyé|to|an|à|subject)\s*:", re.I)


# Only lines starting like one of the markers above can end what a message adds; the
# search finds them (and some innocent lines) without walking every line in Python.
CUT_CANDIDATE = re.compile(
    r"\n[^\S\n]*(?:--|_{10}|(?:on|am|le|el|il|op|em|den)\s|\*?(?:from|von|de|van)\s*:)",
    re.I,  # anchored on a literal newline: much faster than ^ with re.M
)
OVERLONG_BLANKS = re.compile(r"\n{3,}")


def reply_text(text: str) -> str | None:
    """What this message adds: quoted replies, forwarded history and signature removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    own = text[: own_words_end(text)]
    lines = own.split("\n")
    if ">" in own:
        lines = [line for line in lines if not line.strip().startswith(">")]
    cleaned = "\n".join([line.rstrip() for line in lines])
    if "\n\n\n" in cleaned:
        cleaned = OVERLONG_BLANKS.sub("\n\n", cleaned)
    return cleaned.strip()[:MAX_TEXT] or None


def own_words_end(text: str) -> int:
    """Where the first line that ends the message's own words starts (or the text's end)."""
    for found in CUT_CANDIDATE.finditer("\n" + text):
        start = found.start()  # the line's start in `text`, one newline earlier
        if ends_own_words(lines_from(text, start, 4)):
            return start
    return len(text)


def lines_from(text: str, start: int, count: int) -> list[str]:
    lines = []
    for _ in range(count):
        end = text.find("\n", start)
        if end < 0:
            lines.append(text[start:])
            break
        lines.append(text[start:end])
        start = end + 1
    return lines


def ends_own_words(lines: list[str]) -> bool:
    """A signature (`-- `), a forwarded/original-message rule, or a quote header."""
    line = lines[0]
    if line.rstrip(" ") == "--":
        return True
    return bool(ORIGINAL.match(line.strip())) or starts_quote_header(lines, 0)


def starts_quote_header(lines: list[str], i: int) -> bool:
    """`On Tue, … Jonas <…>` + `wrote:` (maybe two lines later), or `From: …` + `Sent: …`."""
    stripped = lines[i].strip()
    if ON_WROTE_START.match(stripped):
        return any(ON_WROTE_END.search(line.strip()) for line in lines[i : i + 3])
    if OUTLOOK_FROM.match(stripped):
        following = [line.strip() for line in lines[i + 1 : i + 4]]
        return any(OUTLOOK_NEXT.match(line) for line in following)
    return False


# --- LinkedIn notifications -------------------------------------------------------------

LINKEDIN_ACTIVITY = re.compile(
    r"^(?P<name>.+?)(?:\s+and\s+[\d,]+\s+others?)?\s+"
    r"(?P<verb>commented on|replied to (?:your|a) comment on|reacted to|likes|liked|loves"
    r"|celebrated|supports|found|reposted|shared)\s+(?:your|a comment on your)\s+"
    r"(?:post|article|update|video|comment|document|photo)",
    re.I,
)
PROFILE_URL = re.compile(
    r"https?://(?:[a-z]{2,3}\.)?linkedin\.com/(?:comm/)?in/[^\s\"'<>?#/]+", re.I
)
POST_URL = re.compile(
    r"https?://(?:www\.)?linkedin\.com/(?:comm/)?"
    r"(?:feed/update/urn(?::|%3A)li(?::|%3A)(?:activity|share|ugcPost)(?::|%3A)\d+"
    r"|posts/[^\s\"'<>?#]+)",
    re.I,
)


@dataclass(frozen=True)
class Engagement:
    kind: str
    name: str
    profile_url: str | None
    post_url: str | None


def linkedin_engagement(sender: Address | None, subject: str, text: str) -> Engagement | None:
    """Read "Ana Lima commented on your post" from a linkedin.com sender: who, what, which post."""
    if not sender or not sender.email or not sender.email.endswith("linkedin.com"):
        return None
    match = LINKEDIN_ACTIVITY.search(subject) or LINKEDIN_ACTIVITY.search(text.strip())
    if not match or is_anonymous_member(clean_text(match.group("name")).strip("\"'")):
        return None  # "LinkedIn Member reacted…": no one to thank, the mail stays bulk
    verb = match.group("verb").lower()
    kind = (
        "comment"
        if verb.startswith(("commented", "replied"))
        else "repost"
        if verb in ("reposted", "shared")
        else "reaction"
    )
    profile = PROFILE_URL.search(text)
    post = POST_URL.search(text)
    return Engagement(
        kind=kind,
        name=clean_text(match.group("name")).strip("\"'"),
        profile_url=profile.group(0).replace("/comm/in/", "/in/") if profile else None,
        post_url=post_url(post.group(0)) if post else None,
    )


def post_url(url: str) -> str:
    url = url.replace("/comm/", "/").replace("%3A", ":").replace("%3a", ":")
    return url.rstrip("/")
