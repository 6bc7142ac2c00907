"""Memory of details: extract candidates, show them with their source, accept or reject.

`extract_pending` reads incoming messages and the user's own notes and call logs,
and stores what it finds as `pending` details, each with its source touch. It is
idempotent, so it can run after every import and every `kith log`. Accepted details
feed the coach, the brief and the agenda drafts (`accepted_details`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kith import config
from kith.engine.details_extract import extract, recent_topics
from kith.errors import InvalidValue
from kith.models import DetailView
from kith.store import Store, details_store

RECENT_MESSAGES = 20
# Per person and reading, the newest messages read for details: what a person said
# lately is what is worth raising, and a long group chat would otherwise flood the
# pending list (and take minutes) with years of chatter.
READ_PER_PERSON = 200


def extract_pending(
    store: Store,
    person_id: int | None = None,
    after_touch_id: int = 0,
    since: datetime | None = None,
) -> dict[str, Any]:
    """Read touches (one person's, or everyone's) and store candidate details as pending.

    `after_touch_id` limits the reading to newer touches: an importer passes the
    highest touch id from before its import, so only what it added is read; of
    those, each person's newest `READ_PER_PERSON`.
    """
    touches = details_store.extraction_touches(
        store, person_id, after_touch_id, since, per_person=READ_PER_PERSON
    )
    tz = config.local_zone()
    rows = [
        {
            "person_id": touch.person_id,
            "kind": candidate.kind,
            "text": candidate.text,
            "source_touch_id": touch.id,
            "about_at": (
                datetime.combine(candidate.about, datetime.min.time(), tzinfo=tz).astimezone(UTC)
                if candidate.about
                else None
            ),
        }
        for touch in touches
        for candidate in extract(touch.text or "", touch.at.astimezone(tz).date())
    ]
    dropped, added = details_store.save_pending(
        store, rows, [touch.id for touch in touches], datetime.now(UTC)
    )
    return {
        "touches_read": len(touches),
        "candidates": len(rows),
        "added": added,
        "dropped": dropped,
    }


def details(store: Store, query: str, status: str | None = "accepted") -> dict[str, Any]:
    """One person's details in a status (`accepted` by default; None for all), with sources."""
    if status is not None and status not in details_store.STATUSES:
        raise InvalidValue(f"status is one of: {', '.join(details_store.STATUSES)}")
    person_id, name = store.resolve_person(query)
    return {
        "person": {"id": person_id, "name": name},
        "status": status,
        "details": details_store.list_details(store, person_id, status),
    }


def pending(store: Store, query: str) -> dict[str, Any]:
    """Extract what is new for this person, then list what waits for confirmation,
    with the topics their recent messages keep returning to."""
    person_id, name = store.resolve_person(query)
    extracted = extract_pending(store, person_id)
    data = details(store, str(person_id), "pending")
    data["person"] = {"id": person_id, "name": name}
    data["extracted"] = extracted
    data["suggested_topics"] = suggested_topics(store, person_id, name)
    return data


def suggested_topics(store: Store, person_id: int, name: str = "") -> list[str]:
    """What they talk about lately, minus the topics already kept (`kith topic … add`).

    Names are never topics: not the user's own (`kith me`), not the person's.
    """
    inputs = details_store.coach_inputs(store, person_id)
    said = [t.text or "" for t in inputs["touches"] if t.direction == "in" and t.text]
    kept = {t.text.lower() for t in inputs["topics"]}
    names = [store.me().get("name") or "", name]
    found = recent_topics(said[-RECENT_MESSAGES:], exclude=names)
    return [w for w in found if w not in kept]


def set_status(store: Store, detail_id: int, status: str) -> dict[str, Any]:
    """Accept or reject a pending (or any) detail by its id."""
    if status not in ("accepted", "rejected"):
        raise InvalidValue("a detail is accepted or rejected")
    return details_store.set_status(store, detail_id, status)


def accepted_details(store: Store, person_id: int) -> list[DetailView]:
    """The accepted details of a person, oldest first — what briefs and drafts may use."""
    return details_store.accepted_views(store, person_id)
