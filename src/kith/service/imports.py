"""Importing, the import log, undoing an import, and what the user keeps out."""

from __future__ import annotations

import shutil
import tempfile
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kith import config, importers
from kith.errors import ImportFailed, InvalidValue, UnknownFormat
from kith.importers._text import REDOWNLOAD_HINT
from kith.models import ImportReport, Record, Skipped
from kith.service import detail_memory
from kith.store import Store, details_store
from kith.store.ingest import EXCLUSION_KINDS, address_key

DETAILS_LOOKBACK = timedelta(days=180)


def import_path(
    store: Store,
    path: Path,
    source: str = "auto",
    exclude: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a file, folder or zip in one transaction; return what happened.

    A folder that is not one export (say a Google CSV, an Outlook CSV and a calendar
    side by side) is imported file by file, still in one transaction and logged as
    one import, so one undo removes it all (see `_import_folder`).

    `exclude` takes `address:…`, `thread:…`, `chat:…` or `label:…`; they are kept,
    so later imports leave the same things out. `progress` is called with the
    number of records read so far, every few thousand records.
    """
    rules = [parse_exclude(e) for e in exclude]
    if not path.exists():
        raise ImportFailed(str(path), "no such file or folder", "check the path")
    if source == "auto" and _claimed_by_several(path):
        with _unpacked(path) as folder:
            source, parts = _detect(folder)
            if parts:  # a zip of mixed exports reads like the same folder
                return _import_folder(store, folder, parts, rules, progress, shown_as=path)
        # else one export after all: read the zip itself, as before
    elif source == "auto":
        source, parts = _detect(path)
        if parts:
            return _import_folder(store, path, parts, rules, progress)
    elif source not in importers.SOURCES:
        known = ", ".join(["auto", *importers.SOURCES])
        raise InvalidValue(f"unknown source {source!r} — use one of: {known}")
    report = ImportReport(source=source, files=[str(path)])
    records = _reader(store)(source, path)
    _ingest(store, records, report, str(path), rules, progress)
    if source == "kith-json":  # what records cannot carry: goals, stages, tags, actions…
        from kith.service.export import restore_after_import

        restore_after_import(store, path, report.import_id)
    return report


def _detect(path: Path) -> tuple[str, list[importers.FolderPart]]:
    """The source `path` holds, or ("", its parts) for a folder of mixed exports.

    A folder stays one source when it is itself an export of a whole-folder source
    (LinkedIn, Slack, Maildir…) or when every file Kith recognises in it is of one
    source (a folder of calendars). The folder sniffers claim a folder if any one file
    in it matches, however deep, so a calendar beside a contacts CSV, or a LinkedIn
    export in a subfolder, would otherwise hide the rest.
    """
    try:
        source = importers.detect(path)
    except UnknownFormat as exc:
        if not path.is_dir():
            raise
        parts = importers.folder_parts(path)
        if not any(p.source for p in parts):
            raise exc from None
        return "", parts
    if not path.is_dir() or importers.is_one_export(path, source):
        return source, []
    parts = importers.folder_parts(path, likely=source)
    if {p.source for p in parts if p.source} <= {source}:
        return source, []
    return "", parts


@dataclass
class FolderReport(ImportReport):
    """An import of a folder of mixed exports: also what each file was read as."""

    sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "sources": self.sources}


def _import_folder(
    store: Store,
    folder: Path,
    parts: list[importers.FolderPart],
    rules: list[tuple[str, str]],
    progress: Callable[[int], None] | None,
    shown_as: Path | None = None,
) -> ImportReport:
    """Import every recognised part of a folder in ONE transaction, logged as one import.

    `Store.ingest` takes any stream of records and each record carries its own
    source, so the parts' streams are chained into one ingest: a crash or Ctrl-C
    leaves the database as it was, and `kith import --undo ID` removes the lot.
    A file Kith does not recognise is reported as skipped; a recognised file that
    turns out unreadable fails the whole import, as it would on its own. `shown_as`,
    the zip a temporary `folder` was unpacked from, is what the report names.
    """
    name = _as_in_zip(folder, shown_as) if shown_as else str
    known = [p for p in parts if p.source]
    sources = {name(str(p.path)): p.source for p in known if p.source}
    kinds = sorted(set(sources.values()))
    report = FolderReport(
        source=kinds[0] if len(kinds) == 1 else "mixed",
        files=list(sources),
        sources=sources,
    )
    unknown = (p for p in parts if not p.source)
    report.skipped.extend(Skipped(name(str(p.path)), None, p.reason) for p in unknown)
    read = _reader(store)
    with _chats_together(known) as (together, linked):

        def label(file: str) -> str:
            return name(linked(file))

        records = (_named(r, label) for p in together for r in read(p.source or "", p.path))
        try:
            return _ingest(store, records, report, name(str(folder)), rules, progress)
        except ImportFailed as exc:
            if label(exc.file) == exc.file:
                raise
            _, _, hint = str(exc).partition(f"{exc.problem} — ")
            raise ImportFailed(label(exc.file), exc.problem, hint, exc.line) from exc


@contextmanager
def _chats_together(
    parts: list[importers.FolderPart],
) -> Iterator[tuple[list[importers.FolderPart], Callable[[str], str]]]:
    """The parts, with WhatsApp chats found as single files read together as one folder.

    Who the user is across a folder's chats is worked out from all of them (the author
    in every chat): read one by one, a chat between two people cannot tell which is the
    user. The reader takes a path, so the chats are linked into a temporary folder, each
    under its own folder's name (an iOS `_chat.txt` is named after its folder); the
    second value names a linked file as the original.
    """
    chats = [p for p in parts if p.source == "whatsapp" and p.path.suffix.lower() == ".txt"]
    chats = [p for p in chats if p.path.is_file()]
    if len(chats) < 2:
        yield parts, str
        return
    with tempfile.TemporaryDirectory(prefix="kith-chats-") as tmp:
        original = _link_chats(chats, Path(tmp))
        if not original:  # no symbolic links here: read them one by one
            yield parts, str
            return
        first = parts.index(chats[0])
        rest = [p for p in parts if p not in chats]
        together = [*rest[:first], importers.FolderPart(Path(tmp), "whatsapp"), *rest[first:]]
        yield together, lambda file: original.get(file, file)


def _link_chats(chats: list[importers.FolderPart], folder: Path) -> dict[str, str]:
    """Link each chat into `folder`; return link -> original path, empty if links fail."""
    original: dict[str, str] = {}
    try:
        for n, chat in enumerate(chats):
            link = folder / f"{n:05d}" / chat.path.parent.name / chat.path.name
            link.parent.mkdir(parents=True)
            link.symlink_to(chat.path.resolve())
            original[str(link)] = str(chat.path)
    except OSError:
        return {}
    return original


def _named(record: Record, name: Callable[[str], str]) -> Record:
    """A skipped record's file as the user knows it (an entry of their zip)."""
    if isinstance(record, Skipped):
        return Skipped(name(record.file), record.line, record.reason)
    return record


# -- a zip of mixed exports --------------------------------------------------------------


def _claimed_by_several(path: Path) -> bool:
    """Whether more than one source's sniffer claims a zip (a Takeout's mail, calendar
    and contacts): only then is it unpacked to be judged as a folder. A zip one source
    claims alone is read as it is, streamed, however big."""
    if not importers.is_zip(path):
        return False
    claims = 0
    for known in importers.SOURCES.values():
        try:
            claims += known.sniff(path)
        except ImportFailed:
            return False  # damaged: the usual path names the damage
        if claims > 1:
            return True
    return False


@contextmanager
def _unpacked(path: Path) -> Iterator[Path]:
    """The zip's files in a temporary folder named like the zip, gone afterwards.

    Named like the zip so that what readers take from a parent folder's name (a
    WhatsApp chat's `_chat.txt`) reads as it would inside the zip.
    """
    with tempfile.TemporaryDirectory(prefix="kith-zip-") as tmp:
        folder = Path(tmp) / path.name
        try:
            with zipfile.ZipFile(path) as archive:
                _room_for(archive, Path(tmp), path)
                archive.extractall(folder)  # drops '..' and leading '/' from names
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ImportFailed(
                str(path), f"the zip archive is truncated or damaged ({exc})", REDOWNLOAD_HINT
            ) from exc
        yield folder


def _room_for(archive: zipfile.ZipFile, where: Path, path: Path) -> None:
    """Fail before unpacking a zip the temporary folder's disk cannot hold (with a margin)."""
    needed = sum(entry.file_size for entry in archive.infolist())
    free = shutil.disk_usage(where).free
    if needed * 1.1 > free:
        raise ImportFailed(
            str(path),
            f"a zip of several exports is unpacked to read it, and its {needed / 1e9:.1f} GB "
            f"do not fit in the {free / 1e9:.1f} GB free for temporary files",
            "unzip it where there is room and import the folder (or set TMPDIR)",
        )


def _as_in_zip(folder: Path, zip_path: Path) -> Callable[[str], str]:
    """Name a file of the unpacked folder as an entry of the zip (`takeout.zip/Mail/…`)."""
    inside = str(folder)

    def name(label: str) -> str:
        return str(zip_path) + label[len(inside) :] if label.startswith(inside) else label

    return name


def _reader(store: Store) -> Callable[[str, Path], Iterator[Record]]:
    """Read a path as a source with what the user told Kith about themselves.

    Asked once, before the ingest: a folder's files are read lazily inside the
    ingest's transaction, where a second connection could wait on its lock.
    """
    me = store.me()
    zone = config.local_zone()
    # The name the user gave, and the names chats showed them by (`whatsapp:maya h`):
    # an earlier chat's owner is the user in a group that says nothing of who is.
    shown = [i["value"].partition(":")[2] for i in me["identities"] if i["kind"] == "name"]
    names = tuple(dict.fromkeys([me["name"], *shown] if me["name"] else shown))
    emails = tuple(i["value"] for i in me["identities"] if i["kind"] == "email")

    def read(source: str, path: Path) -> Iterator[Record]:
        return importers.read_records(source, path, tz=zone, me_names=names, me_emails=emails)

    return read


def _ingest(
    store: Store,
    records: Iterable[Record],
    report: ImportReport,
    path: str,
    rules: list[tuple[str, str]],
    progress: Callable[[int], None] | None,
) -> ImportReport:
    mark = details_store.last_touch_id(store)
    store.ingest(records, report, path=path, exclude=rules, progress=progress)
    # Candidate details (pending until the user accepts them) from what the import
    # added in the last months: older messages rarely hold details still worth raising.
    try:
        detail_memory.extract_pending(
            store, after_touch_id=mark, since=datetime.now(UTC) - DETAILS_LOOKBACK
        )
    except KeyboardInterrupt:
        raise InterruptedAfterImport(report) from None
    return report


class InterruptedAfterImport(KeyboardInterrupt):
    """Ctrl-C after the import was saved, while its messages were read for details: the
    import stands (its report is here), only the candidate details are missing."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report


FETCH_LIMIT = 50 * 1024 * 1024
FETCH_TIMEOUT_S = 30


def import_url(store: Store, url: str, source: str = "auto", **options: Any) -> ImportReport:
    """Fetch a feed the user named by URL, then import it like a file.

    The only network access Kith makes, and only because the user asked for this
    URL: nothing else is sent, and the download is kept to a temporary file.
    """
    if source not in ("auto", "feed"):
        raise InvalidValue(
            f"only feeds can be imported from a URL — download the {source} export first"
        )
    with tempfile.TemporaryDirectory(prefix="kith-fetch-") as folder:
        target = Path(folder) / "feed.xml"
        _download(url, target)
        report = import_path(store, target, "feed", **options)
    report.files = [url]
    return report


def _download(url: str, target: Path) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "kith (feed import)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            data = response.read(FETCH_LIMIT + 1)
    except (OSError, ValueError) as exc:
        raise ImportFailed(
            url, f"could not fetch it ({exc})", "check the URL and your connection"
        ) from exc
    if len(data) > FETCH_LIMIT:
        raise ImportFailed(url, "the feed is larger than 50 MB", "save it and import the file")
    target.write_bytes(data)


def parse_exclude(value: str) -> tuple[str, str]:
    """`kind:value` as the user typed it -> the (kind, key) stored in `exclusions`."""
    kind, sep, rest = value.partition(":")
    kind, rest = kind.strip().lower(), rest.strip()
    if not sep or kind not in EXCLUSION_KINDS or not rest:
        raise InvalidValue(
            f"--exclude {value!r} is not understood — use address:EMAIL|PHONE|URL, "
            "thread:SUBJECT-OR-KEY, chat:NAME or label:NAME"
        )
    return kind, address_key(rest) if kind == "address" else rest


def imports(store: Store) -> list[dict[str, Any]]:
    return store.imports()


def undo_import(store: Store, import_id: int) -> dict[str, Any]:
    """Remove exactly what one import added (see `kith imports` for ids)."""
    return store.undo_import(import_id)


def exclusions(store: Store) -> list[dict[str, str]]:
    return [{"kind": k, "value": v} for k, v in store.exclusions()]
