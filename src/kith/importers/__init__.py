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
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed, InvalidValue, UnknownFormat
from kith.importers._text import REDOWNLOAD_HINT, files_of, is_zip, unreadable
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
    "is_zip",
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
    if path.is_dir() and not any(_visible_files(path)):  # after: a Maildir keeps mail in .Sent/
        raise ImportFailed(
            str(path), "the folder is empty", "put the exports in it, or give the export's own path"
        )
    if is_zip(path):
        _fail_if_damaged(path)  # the sniffers read past a damaged entry as "not mine"
    if trouble:  # binary: naming a source would not make it readable
        raise UnknownFormat(str(path), "a binary file, not an export Kith reads", READS)
    raise UnknownFormat(
        str(path),
        "not a format Kith recognises",
        "name the source explicitly, e.g. `kith import linkedin PATH`; sources: "
        + ", ".join(SOURCES),
    )


READS = (
    "Kith reads LinkedIn, WhatsApp, Telegram and Slack exports, mailboxes (mbox, Maildir), "
    "calendars (.ics), contacts (vCard, Google or Outlook CSV), engagement CSVs, WordPress "
    "exports (WXR), RSS/Atom feeds and its own kith-json exports (or a folder or zip of them)"
)


def _visible_files(folder: Path) -> Iterator[Path]:
    return (
        f
        for f in folder.rglob("*")
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def _fail_if_damaged(path: Path) -> None:
    """Name the first zip entry that cannot be read whole, as reading it as a source would."""
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.infolist():
                _read_through(archive, entry, f"{path}/{entry.filename}")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFailed(
            str(path), f"the zip archive is truncated or damaged ({exc})", REDOWNLOAD_HINT
        ) from exc


def _read_through(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, label: str) -> None:
    try:
        with archive.open(entry) as stream:
            while stream.read(1 << 20):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        problem = f"the file is truncated or damaged ({exc})"
        raise ImportFailed(label, problem, REDOWNLOAD_HINT) from exc


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
    holds one further down (the folder sniffers look at every file, however deep) or
    one such file among other exports.

    It is when its own files are of that source (a LinkedIn export's CSVs, a Slack
    export's users.json, a WhatsApp chat's .txt) and none of the others is an export
    of another kind, bar the export's own attachments (see `_is_attachment`); for a
    Maildir, when it has cur/new.
    """
    if source not in WHOLE_FOLDER_SOURCES:
        return False
    if source == "maildir":
        return (folder / "cur").is_dir() or (folder / "new").is_dir()
    own = [f for f in sorted(folder.iterdir()) if f.is_file() and not f.name.startswith(".")]
    theirs = [f for f in own if _sniffs(source, f)]
    # A chat export has no subfolders: what sits in one is not the chat's. The other
    # sources' exports do (a Slack channel's days, Telegram's photos and files).
    around = sorted(_visible_files(folder)) if source == "whatsapp" else own
    others = (f for f in around if f not in theirs and f.suffix.lower() not in MEDIA)
    return bool(theirs) and not any(_another_export(f, source, theirs) for f in others)


# What chats attach and no source reads: left unopened when judging a chat folder.
MEDIA = frozenset(
    {
        *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".3gp", ".webm"),
        *(".opus", ".ogg", ".m4a", ".mp3", ".aac", ".pdf", ".doc", ".docx", ".xls", ".xlsx"),
        *(".ppt", ".pptx"),
    }
)


def _another_export(path: Path, source: str, theirs: list[Path]) -> bool:
    """Whether a file beside an export's own files is an export of another kind."""
    if unreadable(path):  # photos, voice notes, PDFs: attachments, or nothing Kith reads
        return False
    try:
        found = detect(path)
    except ImportFailed:
        return False
    return found != source and not _is_attachment(path, source, theirs)


def _is_attachment(path: Path, source: str, theirs: list[Path]) -> bool:
    """A file a chat export carries that other sources would read: a contact card shared
    in a WhatsApp chat (one card, or one the chat names as attached). An address book
    of many cards, a calendar or a CSV beside a chat is an export of its own."""
    if source != "whatsapp":
        return False
    if path.suffix.lower() == ".vcf" and _cards_in(path) <= 1:
        return True
    return any(_mentions(chat, path.name) for chat in theirs)


def _cards_in(path: Path) -> int:
    with path.open("rb") as f:
        return sum(line.upper().startswith(b"BEGIN:VCARD") for line in f)


def _mentions(chat: Path, name: str) -> bool:
    """Whether a chat names a file (`<attached: NAME>` on iOS, `NAME (file attached)`)."""
    wanted = name.encode("utf-8")
    with chat.open("rb") as f:
        return any(wanted in line for line in f)


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
