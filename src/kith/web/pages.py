"""One data function per page. The HTML route renders what it returns; the JSON
route under /api returns it as is. Each takes an open store and plain values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from kith import config, service
from kith.errors import InvalidValue, KithError, PersonNotFound, UsageError
from kith.service import Store, detail_memory, identity, insights, journey, web_support
from kith.service import brief as brief_service
from kith.service import coach as coach_service


def today_page(store: Store, as_of: str | None, limit: int | None) -> dict[str, Any]:
    return service.today(store, as_of, limit)


def people_page(
    store: Store,
    q: str | None,
    stage: str | None,
    goal: str | None,
    tag: str | None,
    sort: str,
    page: int,
    per_page: int,
    layer: int | None = None,
    overdue: bool = False,
    as_of: str | None = None,
) -> dict[str, Any]:
    tz = config.local_zone()
    now = service.now_for(as_of, tz)
    overdue_on = now.astimezone(tz).date() if overdue else None
    data = web_support.people_page(
        store, q, stage, goal, tag, sort, page, per_page, layer, overdue_on
    )
    # The stage the person page gives the same day, as `kith people` shows it (the
    # stored one is refreshed only when someone is opened; the filter still reads it).
    data["items"] = journey.with_stages_now(store, data["items"], now)
    return data


def person_page(store: Store, person_id: int, as_of: str | None) -> dict[str, Any]:
    data = service.show(store, str(person_id), as_of)
    if data["id"] != person_id:  # a digit string can also be a name prefix
        raise PersonNotFound(str(person_id))
    data["touches"] = store.touches(person_id, limit=200)
    data["mix"] = web_support.channel_mix(store, person_id)
    data["brief"] = brief_service.brief(store, str(person_id), as_of)
    return data


def coach_page(
    store: Store, text: str, to: int | None, channel: str | None, as_of: str | None
) -> dict[str, Any]:
    """Feedback on a draft; with `to`, in the light of what Kith knows about them."""
    if to is not None:
        store.person(to)  # PersonNotFound (404) for an unknown id
    now = service.now_for(as_of, config.local_zone()) if as_of else None
    return coach_service.coach(store, text, str(to) if to else None, channel, now)


def import_upload(store: Store, stream: IO[bytes], filename: str, source: str) -> dict[str, Any]:
    with web_support.upload_folder() as folder:
        path = web_support.save_upload(stream, filename, folder)
        return run_import(store, path, filename, source)


def check_source(source: str) -> None:
    """Refuse an unknown source before anything is saved or read."""
    if source != "auto" and source not in service.importers.SOURCES:
        known = ", ".join(["auto", *service.importers.SOURCES])
        raise InvalidValue(f"unknown source {source!r} — use one of: {known}")


def run_import(
    store: Store,
    path: Path,
    filename: str,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Import a saved upload; the report and any error name the user's file, never
    the temporary path. `progress` gets the number of records read so far."""
    try:
        report = service.import_path(store, path, source, progress=progress).as_dict()
    except UsageError as exc:
        raise InvalidValue(_hide(exc, path, filename)) from exc
    except KithError as exc:
        raise web_support.UploadFailed(_hide(exc, path, filename)) from exc
    report["files"] = [Path(filename).name]
    report["skipped"] = [{**s, "file": Path(str(s["file"])).name} for s in report["skipped"]]
    return report


def _hide(exc: Exception, path: Path, filename: str) -> str:
    """The message with the name the user chose, never the temporary folder's path."""
    message = str(exc).replace(str(path), Path(filename).name)
    return message.replace(str(path.parent) + "/", "")


def insights_page(
    store: Store, as_of: str | None = None, hours_per_week: float | None = None
) -> dict[str, Any]:
    return insights.insights(store, as_of, hours_per_week)


def merge_page(store: Store) -> dict[str, Any]:
    return {"suggestions": identity.suggestions(store)}


def decide_merge(store: Store, suggestion_id: int, decision: str) -> dict[str, Any]:
    if decision == "accept":
        return identity.accept_suggestion(store, suggestion_id)
    return identity.reject_suggestion(store, suggestion_id)


def decide_detail(store: Store, detail_id: int, status: str) -> dict[str, Any]:
    return detail_memory.set_status(store, detail_id, status)
