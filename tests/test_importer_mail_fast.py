"""The mail reader's fast paths give exactly what their plain definitions give.

`_mail.reply_text` and `_mail.Headers` skip work (a regex finds the few lines that
can end a message's own words; a UTF-8 header block is decoded once) to make big
mailboxes import fast. The plain definitions they replaced are kept here, line by
line, as the reference: any text or header block must read the same through both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime

from hypothesis import given
from hypothesis import strategies as st

from kith.identity import clean_text
from kith.importers import _mail

# --- the references -------------------------------------------------------------------


def reference_reply_text(text: str) -> str | None:
    """Walk every line: stop at a signature, a rule or a quote header; drop `>` lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if line.rstrip(" ") in ("--", "-- ") or line == "-- ":
            break
        if _mail.ORIGINAL.match(stripped) or _mail.starts_quote_header(lines, i):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return cleaned[: _mail.MAX_TEXT] or None


REFERENCE_FIELDS = re.compile(_mail.HEADER_NAMES.encode("ascii"), re.I)


def reference_headers(data: bytes) -> dict[str, list[str]]:
    """Each wanted field unfolded as bytes, then decoded on its own: UTF-8, else CP1252."""
    fields: dict[str, list[str]] = {}
    for name, value in REFERENCE_FIELDS.findall(b"\n" + _mail.header_block(data)):
        raw = re.sub(rb"\r?\n[ \t]+|\r$", b" ", value).strip()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        fields.setdefault(name.lower().decode("ascii"), []).append(text)
    return fields


# --- reply_text -----------------------------------------------------------------------

# Pieces real bodies are made of, markers and near-misses alike, in any case.
LINE_PIECES = st.sampled_from(
    [
        "Sounds good.",
        "Let me know",
        "On Tue, 3 Jun 2025 Ana <a@x.org> wrote:",
        "On Tue, 3 Jun 2025 Ana <a@x.org>",
        "wrote:",
        "Am 14.01.2025 um 09:12 schrieb Jonas:",
        "Le lundi, Marie a écrit :",
        "on it",
        "ON   the way home",
        "den 3 juni skrev Erik:",
        "From: Maya",
        "*From:* Maya",
        "Sent: Monday",
        "De : Paul",
        "von: Jonas",
        "Date: today",
        "-----Original Message-----",
        "--- Forwarded message ---",
        "__________",
        "_________",
        "--",
        "-- ",
        "--  ",
        " -- ",
        "---",
        "> quoted",
        "  >> deeper",
        ">",
        "",
        " ",
        "\t",
        "\u00a0On Monday Ana wrote:",
        "\u2003-----Original Message-----",
        "\x1c--",
    ]
)
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n\n", "\n \n"])


@st.composite
def bodies(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(LINE_PIECES, NEWLINES, st.booleans()), max_size=12))
    return "".join((p.upper() if up else p) + nl for p, nl, up in pieces)


@given(bodies())
def test_reply_text_matches_the_line_by_line_definition(text: str) -> None:
    assert _mail.reply_text(text) == reference_reply_text(text)


@given(st.text(alphabet=st.sampled_from("-_> \n\r\tOoNnFfRrMm:*\u00a0dDeE"), max_size=60))
def test_reply_text_matches_on_any_text_of_marker_characters(text: str) -> None:
    assert _mail.reply_text(text) == reference_reply_text(text)


def test_reply_text_cuts_at_the_first_marker_only() -> None:
    text = "Yes.\nOn it now.\nLet me check.\nSoon.\n\nOn Mon, Ana wrote:\n> old\n-- \nMaya"
    assert _mail.reply_text(text) == "Yes.\nOn it now.\nLet me check.\nSoon."


# --- Headers --------------------------------------------------------------------------

HEADER_LINES = st.sampled_from(
    [
        b"From: Ana <ana@x.org>",
        b"from:\tAna",
        b"FROM : Ana",
        b"To: b@x.org,",
        b"\t c@x.org",
        b" folded more",
        b"Subject: caf\xc3\xa9",
        b"Subject: caf\xe9 \x81",
        b"Received: from x by y",
        b"Message-ID: <1@x>",
        b"References: <1@x>\r",
        b"X-Gmail-Labels: Inbox,Sent",
        b"\xc5\xbfubject: long s",
        b"Date: Mon, 1 Jan 2024 10:00:00 +0000",
        b"Subject:",
        b"Cc:  \x0b",
        b"Cc: x\xc2\xa0",
        b"To: \xc2\x85y",
    ]
)


@given(st.lists(st.tuples(HEADER_LINES, st.sampled_from([b"\n", b"\r\n"])), max_size=10))
def test_headers_read_as_the_field_by_field_definition(lines: list[tuple[bytes, bytes]]) -> None:
    data = b"".join(line + end for line, end in lines) + b"\nbody\nFrom: not a header\n"
    assert _mail.Headers(data).fields == reference_headers(data)


# --- Date -----------------------------------------------------------------------------


def reference_sent_at(value: str) -> datetime | None:
    """The general parser on every value."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if parsed is None or not 1970 <= parsed.year <= 2200:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


DATE_PIECES = st.tuples(
    st.sampled_from(["", "Sat, ", "sat,", "Xyz, ", "Sat ", "Sat,\u00a0"]),
    st.sampled_from(["1", "24", "31", "00", "32", "7"]),
    st.sampled_from([" Jan ", " dec ", " MAY ", " Foo ", "  Feb\t", " January "]),
    st.sampled_from(["2026", "1969", "2201", "0099", "1999", "26"]),
    st.sampled_from([" 18:11:09", " 9:05:00", " 24:00:00", " 23:59:60", " 18:11", " 18:11:09.5"]),
    st.sampled_from(
        [" +0000", " -0000", " -0030", " +0530", " +9999", " -1200", " GMT", " EST", ""]
    ),
    st.sampled_from(["", " (UTC)", " (CET)", "  (a (b))", " junk", "\n"]),
)


@given(DATE_PIECES)
def test_dates_read_as_the_general_parser_reads_them(pieces: tuple[str, ...]) -> None:
    value = "".join(pieces)
    assert _mail.sent_at(_mail.Headers(b"Date: " + value.encode() + b"\n\n")) == (
        reference_sent_at(value.replace("\n", ""))
    )


# --- addresses ------------------------------------------------------------------------

ADDRESS_PIECES = st.sampled_from(
    [
        "Ana",
        "Lima",
        "C.",
        ".",
        "O'Neil-Smith",
        "Анна",
        "=?utf-8?q?Ana?=",
        '"',
        '"Ana Lima"',
        '""',
        '"a\\"b"',
        "<",
        ">",
        "<ana@x.org>",
        "<a.b+c@x-y.org>",
        "<-a@-x>",
        "<a..b@x>",
        "ana@x.org",
        "@",
        ",",
        ";",
        ":",
        "(comment)",
        " ",
        "  ",
        "\t",
        "\u00a0",
        "\x01",
        "[",
    ]
)


@given(st.lists(ADDRESS_PIECES, max_size=6))
def test_simple_addresses_read_as_getaddresses_reads_them(pieces: list[str]) -> None:
    value = "".join(pieces)
    quick = _mail.simple_address(value)
    if quick is not None:
        assert quick == getaddresses([value])


def test_the_common_address_shapes_take_the_quick_path() -> None:
    for value in ('"Ana Lima" <ana@x.org>', "Ana  C. Lima <ana@x.org>", " ana@x.org ", "<a@x>"):
        assert _mail.simple_address(value) == getaddresses([value])


@given(
    st.text(alphabet=st.sampled_from("ab ~")),
    st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x1c\x00~\u00a0\u202f\u200e\u00e9e\u0301")),
)
def test_tidy_is_clean_text(plain: str, value: str) -> None:
    assert _mail.tidy(plain) == clean_text(plain)
    assert _mail.tidy(value) == clean_text(value)
