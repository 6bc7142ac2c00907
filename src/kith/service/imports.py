"""Importing, the import log, undoing an import, and what the user keeps out."""

from __future__ import annotations

import tempfile
import urllib.request
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kith import config, importers
from kith.errors import ImportFailed, InvalidValue
from kith.models import ImportReport
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

    `exclude` takes `address:…`, `thread:…`, `chat:…` or `label:…`; they are kept,
    so later imports leave the same things out. `progress` is called with the
    number of records read so far, every few thousand records.
    """
    rules = [parse_exclude(e) for e in exclude]
    if not path.exists():
        raise ImportFailed(str(path), "no such file or folder", "check the path")
    if source == "auto":
        source = importers.detect(path)
    elif source not in importers.SOURCES:
        known = ", ".join(["auto", *importers.SOURCES])
        raise InvalidValue(f"unknown source {source!r} — use one of: {known}")
    report = ImportReport(source=source, files=[str(path)])
    me = store.me()
    records = importers.read_records(
        source,
        path,
        tz=config.local_zone(),
        me_names=(me["name"],) if me["name"] else (),
        me_emails=tuple(i["value"] for i in me["identities"] if i["kind"] == "email"),
    )
    mark = details_store.last_touch_id(store)
    store.ingest(records, report, path=str(path), exclude=rules, progress=progress)
    # Candidate details (pending until the user accepts them) from what the import
    # added in the last months: older messages rarely hold details still worth raising.
    detail_memory.extract_pending(
        store, after_touch_id=mark, since=datetime.now(UTC) - DETAILS_LOOKBACK
    )
    return report


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
