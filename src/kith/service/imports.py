"""Importing, the import log, undoing an import, and what the user keeps out."""

from __future__ import annotations

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
