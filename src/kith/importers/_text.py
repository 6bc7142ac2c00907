"""Small tolerant helpers every text importer needs.

Real exports are messy at the byte level: UTF-16 files with a BOM next to UTF-8 ones
in the same LinkedIn archive, Windows-1252 from Outlook, a `Notes:` preamble before
the CSV header, CRLF or LF. These helpers turn "a file, a folder or a zip" into
members, a member into decoded lines, and lines into CSV rows with the line number
each record starts on, so an importer can say exactly where a bad record is.

Nothing here loads a whole file: lines are decoded chunk by chunk.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import clean_text
from kith.models import Skipped

CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
REDOWNLOAD_HINT = "download the export again and import the new file"

# Fields can be long (a LinkedIn Summary, an HTML InMail); csv's default cap is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


# --- where the bytes are: a file, a folder or a zip ------------------------------------


@dataclass(frozen=True)
class Member:
    """One file inside what the user pointed at: a plain file, a folder entry or a zip entry."""

    label: str  # what error messages and Skipped records call it
    name: str  # path inside the folder or zip, '/'-separated
    path: Path  # the file on disk (the zip itself for a zip entry)
    in_zip: bool = False

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def is_zip(path: Path) -> bool:
    """Tell a zip by its first bytes, whatever its name."""
    try:
        with path.open("rb") as f:
            return f.read(4) in (ZIP_MAGIC, EMPTY_ZIP_MAGIC)
    except OSError:
        return False


def iter_members(path: Path) -> Iterator[Member]:
    """Yield every file a path covers: itself, a folder's files (sorted), or a zip's entries."""
    if not path.exists():
        raise ImportFailed(str(path), "no such file or folder", "check the path")
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = child.relative_to(path).as_posix()
            yield Member(label=str(child), name=rel, path=child)
    elif is_zip(path):
        for name in zip_names(path):
            yield Member(label=f"{path}/{name}", name=name, path=path, in_zip=True)
    else:
        yield Member(label=str(path), name=path.name, path=path)


def zip_names(path: Path) -> list[str]:
    """List a zip's file entries, or fail naming the archive when it is damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            return [i.filename for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFailed(
            str(path), f"the zip archive is truncated or damaged ({exc})", REDOWNLOAD_HINT
        ) from exc


@contextmanager
def open_member(member: Member) -> Iterator[IO[bytes]]:
    """Open a member as a binary stream; a damaged zip entry becomes ImportFailed."""
    if not member.in_zip:
        with member.path.open("rb") as f:
            yield f
        return
    try:
        with zipfile.ZipFile(member.path) as archive, archive.open(member.name) as f:
            yield f
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportFailed(
            member.label, f"the zip entry cannot be read ({exc})", REDOWNLOAD_HINT
        ) from exc


@dataclass
class Catalog:
    """The recognised files under a path, by kind, and those that could not be read."""

    files: dict[str, list[Member]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    several: bool = False  # a folder or zip rather than one file

    def of(self, *kinds: str) -> list[Member]:
        return [m for kind in kinds for m in self.files.get(kind, [])]


def catalog(
    path: Path, recognise: Callable[[tuple[str, ...]], str | None], suffix: str = ".csv"
) -> Catalog:
    """Sort the files under a path by the kind their header names.

    A single file is judged whatever its name; inside a folder or zip only `suffix`
    files are looked at, and an empty or binary one is reported, not fatal.
    """
    members = list(iter_members(path))
    found = Catalog(several=path.is_dir() or len(members) != 1 or members[0].in_zip)
    for member in members:
        if found.several and not member.basename.lower().endswith(suffix):
            continue
        try:
            with open_csv(member, recognise) as table:
                kind = table.kind if table else None
        except NotText as exc:
            if not found.several:
                raise
            found.skipped.append(Skipped(member.label, None, exc.problem))
            continue
        if kind:
            found.files.setdefault(kind, []).append(member)
    return found


def open_tables(
    members: Iterable[Member], recognise: Callable[[tuple[str, ...]], str | None]
) -> Iterator[CsvStream]:
    """Open each member in turn, positioned after its header."""
    for member in members:
        with open_csv(member, recognise) as table:
            if table:
                yield table


def files_of(path: Path) -> list[str]:
    """Name the files a path covers, as reports and errors name them."""
    return [m.label for m in iter_members(path)]


# --- bytes to lines -------------------------------------------------------------------


class NotText(ImportFailed):
    """The file is empty or binary: fatal for a single file, skippable inside an export."""


def sniff_encoding(head: bytes) -> str:
    """Guess a codec from the first bytes: BOMs, BOM-less UTF-16LE, UTF-8, else cp1252."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = head[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and 0 not in sample[::2]:
        return "utf-16-le"  # ASCII text written as UTF-16LE without a BOM
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"  # Outlook and old Windows tools write ANSI


def looks_binary(head: bytes, encoding: str) -> bool:
    """A NUL byte in something that is not UTF-16 means this is not a text file."""
    return not encoding.startswith("utf-16") and b"\x00" in head[:8192]


def decoded_lines(stream: IO[bytes], label: str) -> Iterator[str]:
    """Decode a binary stream lazily into lines that keep their endings (csv wants them).

    Split on LF only: `str.splitlines` would also break on U+2028 or form feeds
    that legitimately sit inside quoted fields.
    """
    head = read_chunk(stream, label)
    encoding = sniff_encoding(head)
    if looks_binary(head, encoding):
        raise NotText(label, "this is a binary file, not text", "point Kith at a CSV or text file")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    chunk = head
    while chunk:
        pending += decoder.decode(chunk)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line + "\n"
        chunk = read_chunk(stream, label)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def unreadable(path: Path) -> str | None:
    """Say "empty" or "binary" for a plain file no text importer can read, else None."""
    if not path.is_file() or is_zip(path):
        return None
    with path.open("rb") as f:
        head = f.read(CHUNK)
    if not head.strip():
        return "empty"
    return "binary" if looks_binary(head, sniff_encoding(head)) else None


def read_chunk(stream: IO[bytes], label: str) -> bytes:
    try:
        return stream.read(CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        problem = f"the file is truncated or damaged ({exc})"
        raise ImportFailed(label, problem, REDOWNLOAD_HINT) from exc


class LineCounter:
    """Iterate lines while counting them, so records can be located by line number."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.line = 0

    def __iter__(self) -> LineCounter:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line += 1
        return line


# --- lines to CSV rows ----------------------------------------------------------------


def normalize_header(row: list[str]) -> tuple[str, ...]:
    """Header cells as matching keys: BOM and blanks stripped, case-folded."""
    return tuple(clean_text(cell).casefold() for cell in row)


def sniff_delimiter(first_line: str) -> str:
    """Tell a TSV (LinkedIn 2018 UTF-16 files) from a CSV by its first line."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


UNCLOSED_QUOTE = "an unclosed quote — fix the quote or remove the line"


@dataclass
class CsvStream:
    """A CSV being read: its recognised header, and the lines after it.

    `broken` collects the records `rows()` skipped (see `_Replay`); an importer
    yields them as `Skipped` after its rows (`skipped()`), so the report names them.
    """

    label: str
    kind: str
    header: tuple[str, ...]
    header_line: int
    delimiter: str
    lines: LineCounter
    broken: list[Skipped] = field(default_factory=list)

    def rows(self, *, backslash_escapes: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (line the record starts on, {header: value}) for every non-blank record.

        `backslash_escapes` reads `\\"` as a quote (LinkedIn 2026 Comments.csv).

        A stray quote opens a field that runs on over the next lines until some later
        quote closes it, swallowing whole records into one garbage row. Such a record
        (it spans lines and has the wrong number of fields, or it never closes) is
        skipped with the line it starts on (`broken`), and reading starts again on the
        line after it: the swallowed records are read as they were meant.
        """
        options = {"escapechar": "\\", "doublequote": False} if backslash_escapes else {}
        replay = _Replay(self.lines)
        reader = csv.reader(replay, delimiter=self.delimiter, **options)  # type: ignore[arg-type]
        while True:
            replay.begin()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a quote left open over more than the field limit
                if "field limit" not in str(exc):
                    problem = f"broken CSV ({exc})"
                    raise ImportFailed(self.label, problem, line=replay.start) from exc
                row = None
            start = replay.start
            if row is None or self._swallowed(row, replay):
                self.broken.append(Skipped(self.label, start, UNCLOSED_QUOTE))
                replay.again(replay.taken[1:])
                reader = csv.reader(replay, delimiter=self.delimiter, **options)  # type: ignore[arg-type]
                continue
            joined = "".join(row)
            if joined and not joined.isspace():  # some cell holds more than blanks
                # A short row (cut off, or trailing empty fields dropped) reads as blanks.
                row += [""] * (len(self.header) - len(row))
                yield start, dict(zip(self.header, row, strict=False))

    def _swallowed(self, row: list[str], replay: _Replay) -> bool:
        """A record that ran past its line on a quote that did not close where it should."""
        if replay.ran_out:  # the file ended inside a quoted field
            return True
        return len(replay.taken) > 1 and len(row) != len(self.header)

    def skipped(self) -> Iterator[Skipped]:
        """The records `rows()` could not read (call after it)."""
        yield from self.broken
        self.broken = []


class _Replay:
    """The lines fed to the CSV reader, numbered, kept per record so that a broken
    record's lines after its first can be read again."""

    def __init__(self, lines: LineCounter) -> None:
        self.lines = iter(lines._lines)  # counted here: one call per line, not two
        self.number = lines.line  # of the last line handed out
        self.pending: list[str] = []  # to read again, last first
        self.taken: list[str] = []
        self.start = self.number + 1
        self.ran_out = False

    def __iter__(self) -> _Replay:
        return self

    def __next__(self) -> str:
        if self.pending:
            line = self.pending.pop()
        else:
            try:
                line = next(self.lines)
            except StopIteration:
                self.ran_out = bool(self.taken)
                raise
        self.taken.append(line)
        self.number += 1
        return line

    def begin(self) -> None:
        self.taken = []
        self.start = self.number + 1
        self.ran_out = False

    def again(self, lines: list[str]) -> None:
        self.pending.extend(reversed(lines))
        self.number -= len(lines)


def find_header(
    lines: Iterator[str],
    label: str,
    recognise: Callable[[tuple[str, ...]], str | None],
    *,
    max_rows: int = 25,
) -> CsvStream | None:
    """Scan the first rows for a header `recognise` names; None when there is none.

    Skips preambles such as LinkedIn's `Notes:` paragraph. An empty file is an error.
    """
    counter = LineCounter(lines)
    first = next(counter, None)
    if first is None or not first.strip():
        first = skip_blank_lines(counter, first)
    if first is None:
        raise NotText(label, "the file is empty", "export the data again")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(_prepend(first, counter), delimiter=delimiter)
    try:
        for _ in range(max_rows):
            row = next(reader, None)
            if row is None:
                return None
            header = normalize_header(row)
            kind = recognise(header)
            if kind:
                return CsvStream(label, kind, header, counter.line, delimiter, counter)
    except csv.Error:
        return None
    return None


def skip_blank_lines(counter: LineCounter, first: str | None) -> str | None:
    while first is not None and not first.strip():
        first = next(counter, None)
    return first


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


@contextmanager
def open_csv(
    member: Member, recognise: Callable[[tuple[str, ...]], str | None]
) -> Iterator[CsvStream | None]:
    """Open a member and position it after its recognised header (None when unrecognised)."""
    with open_member(member) as stream:
        yield find_header(decoded_lines(stream, member.label), member.label, recognise)


# --- text -----------------------------------------------------------------------------

HTML_TAG = re.compile(r"<(p|br|div|ul|li|span|strong|a)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    return bool(HTML_TAG.search(text))


class _TextOnly(HTMLParser):
    """Collect the text of an HTML body, breaking lines at block elements."""

    BLOCKS = frozenset({"p", "br", "li", "div", "tr", "h1", "h2", "h3", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Reduce an HTML body to text, one line per block, no run of blank lines."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()


# --- times ----------------------------------------------------------------------------


def parse_local(value: str, formats: tuple[str, ...], tz: ZoneInfo) -> datetime | None:
    """Parse a zone-less time in one of `formats`, read it in `tz`, return aware UTC."""
    value = clean_text(value)
    for fmt in formats:
        try:
            naive = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz).astimezone(UTC)
    return None


def parse_utc(value: str, formats: tuple[str, ...]) -> datetime | None:
    """Parse a time the source states in UTC (e.g. `2023-04-22 08:18:59 UTC`)."""
    if len(value) == 23 and value.endswith(" UTC") and value[4] == "-" and value[16] == ":":
        try:  # the common case, `YYYY-MM-DD HH:MM:SS UTC`: one C call (5x faster than replace)
            return datetime.fromisoformat(value[:19] + "+00:00")
        except ValueError:
            pass
    value = clean_text(value)
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def parse_iso(value: str, tz: tzinfo) -> datetime | None:
    """Parse ISO 8601 with or without zone (zone-less read in `tz`), or a bare date."""
    value = clean_text(value)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)
