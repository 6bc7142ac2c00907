"""The importers: one module per source, each a generator from a file to plain records.

This package is the registry. `SOURCES` maps a source name (the `SOURCE` argument of
`kith import`) to how to recognise it and how to read it; adding a source is one
line here plus its module. Detection looks at content, never at file names: a
renamed `Connections.csv` is still LinkedIn.

Importers never reach for the store, the engine or the interfaces; data flows one
way (STYLE.md), and `tests/test_layers.py` keeps it so.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed, InvalidValue, UnknownFormat
from kith.importers._text import files_of, unreadable
from kith.models import Record


@dataclass(frozen=True)
class Source:
    """A source Kith can import: its name, a content sniffer and a record reader.

    Named, not imported: a source's module (and what it needs, such as icalendar or
    feedparser) loads the first time it sniffs or reads, so the commands that import
    nothing — most of them — do not pay for every importer at start-up.
    """

    name: str
    module: str  # in kith.importers
    sniffer: str = "sniff"
    reader: str = "read"

    @property
    def sniff(self) -> Callable[[Path], bool]:
        found: Callable[[Path], bool] = getattr(self._module(), self.sniffer)
        return found

    @property
    def read(self) -> Callable[..., Iterator[Record]]:  # read(path, *, tz) -> records
        found: Callable[..., Iterator[Record]] = getattr(self._module(), self.reader)
        return found

    def _module(self) -> ModuleType:
        return importlib.import_module(f"kith.importers.{self.module}")


# Order matters for detection: the most specific sniffers come first.
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("kith-json", "kith_json"),
        Source("linkedin", "linkedin"),
        Source("engagement", "engagement"),
        Source("whatsapp", "whatsapp"),
        Source("telegram", "telegram"),
        Source("slack", "slack"),
        Source("ics", "ics"),
        Source("maildir", "mbox", "sniff_maildir", "read_maildir"),
        Source("mbox", "mbox"),
        Source("google-csv", "contacts_csv", "sniff_google", "read_google"),
        Source("outlook-csv", "contacts_csv", "sniff_outlook", "read_outlook"),
        Source("vcard", "vcard"),
        Source("wxr", "wxr"),
        Source("feed", "feed"),
    )
}

# Sources whose export is a folder (or zip) as a whole. Found in a folder, they win over
# its single files: a WhatsApp chat folder's .vcf attachments are not contacts to import,
# and a Slack export's users.json means nothing on its own.
WHOLE_FOLDER_SOURCES = frozenset({"linkedin", "slack", "maildir", "telegram", "whatsapp"})

__all__ = [
    "SOURCES",
    "WHOLE_FOLDER_SOURCES",
    "FolderPart",
    "Source",
    "detect",
    "files_of",
    "folder_parts",
    "is_one_export",
    "read_records",
]


def detect(path: Path) -> str:
    """Name the source a file, folder or zip holds, judging by its content."""
    if not path.exists():
        raise ImportFailed(str(path), "no such file or folder", "check the path")
    trouble = unreadable(path)
    if trouble == "empty":
        raise ImportFailed(str(path), "the file is empty", "export the data again")
    for source in SOURCES.values():
        if source.sniff(path):
            return source.name
    what = (
        "a binary file, not a format Kith recognises" if trouble else "not a format Kith recognises"
    )
    raise UnknownFormat(
        str(path),
        what,
        "name the source explicitly, e.g. `kith import linkedin PATH`; sources: "
        + ", ".join(SOURCES),
    )


@dataclass(frozen=True)
class FolderPart:
    """A file (or a whole export folder) inside a folder of mixed exports.

    `source` names what it was read as; None with `reason` when Kith does not know it.
    """

    path: Path
    source: str | None
    reason: str = ""


def folder_parts(folder: Path, likely: str | None = None) -> list[FolderPart]:
    """Each export in a folder of mixed exports, sorted by path, hidden names left out.

    A subfolder that is one export of a whole-folder source (a LinkedIn or Slack
    export, a Maildir…) is one part; any other subfolder is walked.
    Symlinked folders are not followed (a link back up would never end). `likely`,
    the source the folder as a whole was taken for, is tried on each file first: one
    sniffer instead of all of them makes a folder of 2,000 .eml files cheaper to walk.
    """
    parts: list[FolderPart] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if child.is_symlink():
                continue
            whole = _whole_folder_source(child)
            parts.extend([FolderPart(child, whole)] if whole else folder_parts(child, likely))
        elif child.is_file():
            parts.append(_file_part(child, likely))
    return parts


def is_one_export(folder: Path, source: str) -> bool:
    """Whether `folder` is itself an export of a whole-folder source, not a folder that
    holds one further down (the folder sniffers look at every file, however deep).

    It is when its own files are of that source (a LinkedIn export's CSVs, a Slack
    export's users.json, a WhatsApp chat's .txt), or, for a Maildir, its cur/new.
    """
    if source not in WHOLE_FOLDER_SOURCES:
        return False
    if source == "maildir":
        return (folder / "cur").is_dir() or (folder / "new").is_dir()
    sniff = SOURCES[source].sniff
    own = (f for f in sorted(folder.iterdir()) if f.is_file() and not f.name.startswith("."))
    try:
        return any(sniff(f) for f in own)
    except ImportFailed:
        return False


def _whole_folder_source(folder: Path) -> str | None:
    try:
        source = detect(folder)
    except ImportFailed:
        return None
    return source if is_one_export(folder, source) else None


def _file_part(path: Path, likely: str | None) -> FolderPart:
    if likely and _sniffs(likely, path):
        return FolderPart(path, likely)
    try:
        return FolderPart(path, detect(path))
    except ImportFailed as exc:
        return FolderPart(path, None, exc.problem)


def _sniffs(source: str, path: Path) -> bool:
    try:
        return SOURCES[source].sniff(path)
    except ImportFailed:
        return False


def read_records(
    source: str,
    path: Path,
    *,
    tz: ZoneInfo,
    me_names: tuple[str, ...] = (),
    me_emails: tuple[str, ...] = (),
) -> Iterator[Record]:
    """Stream the records of `path` read as `source` (use `detect` for `auto`).

    What the user told Kith about themselves (`kith me`) goes to the readers that
    otherwise have to work out from the file who the user is: chats take names,
    calendars and mail take addresses.
    """
    if source == "auto":
        source = detect(path)
    if source not in SOURCES:
        raise InvalidValue(f"unknown source {source!r} — use one of: auto, {', '.join(SOURCES)}")
    read = SOURCES[source].read
    accepted = inspect.signature(read).parameters
    hints: dict[str, object] = {}
    if "me_names" in accepted and me_names:
        hints["me_names"] = me_names
    if "me" in accepted and me_emails:
        hints["me"] = me_emails
    return read(path, tz=tz, **hints)
