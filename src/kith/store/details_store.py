"""Details with their status and source: the reads and writes behind detail memory.

A detail is `accepted` (the user said so, or confirmed it), `pending` (extracted
from a message or note, waiting for the user) or `rejected` (kept so the same
sentence is never proposed again). Every extracted detail carries the touch it came
from, so nothing is shown as a fact without its source.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select, update

from kith.errors import ItemNotFound
from kith.models import DetailView, TopicView, TouchView
from kith.store import schema as t
from kith.store.store import Store
from kith.store.timeutil import aware, iso

STATUSES = ("accepted", "pending", "rejected")


def extraction_touches(
    store: Store,
    person_id: int | None = None,
    after_id: int = 0,
    since: datetime | None = None,
    per_person: int | None = None,
) -> list[TouchView]:
    """Touches worth reading for details: what people wrote, and the user's own notes.

    Incoming messages with text (not bulk mail), and hand-logged touches (`kith log
    --note`: the notes of a call or a coffee) in either direction. With `per_person`,
    only each person's newest ones: a group chat of 400,000 messages is not read whole.
    """
    touches = t.touches
    conditions = [
        touches.c.account_id == store.account_id,
        touches.c.text.is_not(None),
        touches.c.is_bulk.is_(False),
        touches.c.id > after_id,
        or_(touches.c.direction == "in", touches.c.source == "manual"),
    ]
    if person_id is not None:
        conditions.append(touches.c.person_id == person_id)
    if since is not None:
        conditions.append(touches.c.at >= since)
    query = select(touches).where(*conditions).order_by(touches.c.id)
    if per_person is not None:
        newest = func.row_number().over(
            partition_by=touches.c.person_id, order_by=(touches.c.at.desc(), touches.c.id.desc())
        )
        ranked = select(touches.c.id, newest.label("rank")).where(*conditions).subquery()
        query = (
            select(touches)
            .join(ranked, ranked.c.id == touches.c.id)
            .where(ranked.c.rank <= per_person)
            .order_by(touches.c.id)
        )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        TouchView(
            id=int(r.id),
            person_id=int(r.person_id),
            channel=r.channel,
            direction=r.direction,
            at=aware(r.at) or r.at,
            text=r.text,
            is_group=bool(r.is_group),
            status=r.status,
        )
        for r in rows
    ]


def save_pending(
    store: Store, rows: list[dict[str, Any]], touch_ids: list[int], now: datetime
) -> tuple[int, int]:
    """What one reading of these touches proposes, in one transaction: the pending
    candidates it no longer proposes go, the new ones come. Returns (dropped, added)."""
    with store.engine.begin() as conn:
        dropped = _drop_stale_pending(conn, store.account_id, rows, touch_ids)
        added = _add_pending(conn, store.account_id, rows, now)
    return dropped, added


def add_pending(store: Store, rows: Iterable[dict[str, Any]], now: datetime) -> int:
    """Insert candidate details as `pending`; a sentence already known (in any status)
    from the same touch is skipped, so extraction can run again and again."""
    with store.engine.begin() as conn:
        return _add_pending(conn, store.account_id, list(rows), now)


def _add_pending(
    conn: Connection, account_id: int, rows: list[dict[str, Any]], now: datetime
) -> int:
    details = t.details
    known: set[tuple[Any, ...]] = set()  # (person, kind, text, source touch)
    decided: set[tuple[Any, ...]] = set()  # (person, kind, text) the user settled by hand
    for chunk in _chunks(sorted({r["person_id"] for r in rows}), 500):
        for d in conn.execute(
            select(
                details.c.person_id,
                details.c.kind,
                details.c.text,
                details.c.source_touch_id,
                details.c.status,
            ).where(details.c.account_id == account_id, details.c.person_id.in_(chunk))
        ):
            known.add((d.person_id, d.kind, d.text, d.source_touch_id))
            if d.source_touch_id is None and d.status != "pending":
                decided.add((d.person_id, d.kind, d.text))
    new = []
    for row in rows:
        key = (row["person_id"], row["kind"], row["text"])
        if (*key, row["source_touch_id"]) in known or key in decided:
            continue
        known.add((*key, row["source_touch_id"]))
        new.append(
            {
                "account_id": account_id,
                "person_id": row["person_id"],
                "text": row["text"],
                "kind": row["kind"],
                "about_at": row.get("about_at"),
                "source_touch_id": row["source_touch_id"],
                "status": "pending",
                "created_at": now,
            }
        )
    if new:
        conn.execute(details.insert(), new)
    return len(new)


def _drop_stale_pending(
    conn: Connection, account_id: int, rows: list[dict[str, Any]], touch_ids: list[int]
) -> int:
    """Delete pending candidates of these touches that extraction no longer proposes.

    An older extractor stored whole messages as details; reading a touch again
    replaces what still waits for the user. Accepted and rejected ones stay.
    """
    details = t.details
    keep = {(r["source_touch_id"], r["kind"], r["text"]) for r in rows}
    stale: list[int] = []
    for chunk in _chunks(touch_ids, 500):
        found = conn.execute(
            select(details.c.id, details.c.source_touch_id, details.c.kind, details.c.text).where(
                details.c.account_id == account_id,
                details.c.status == "pending",
                details.c.source_touch_id.in_(chunk),
            )
        ).all()
        stale += [r.id for r in found if (r.source_touch_id, r.kind, r.text) not in keep]
    for chunk in _chunks(stale, 500):
        conn.execute(details.delete().where(details.c.id.in_(chunk)))
    return len(stale)


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def list_details(
    store: Store, person_id: int | None, status: str | None = None, detail_id: int | None = None
) -> list[dict[str, Any]]:
    """Details with kind, status, date and their source touch (channel, time, words)."""
    details, touches = t.details, t.touches
    query = (
        select(
            details,
            touches.c.channel.label("source_channel"),
            touches.c.at.label("source_at"),
            touches.c.text.label("source_text"),
            touches.c.direction.label("source_direction"),
        )
        .select_from(details.outerjoin(touches, touches.c.id == details.c.source_touch_id))
        .where(details.c.account_id == store.account_id)
        .order_by(details.c.created_at, details.c.id)
    )
    if person_id is not None:
        query = query.where(details.c.person_id == person_id)
    if status is not None:
        query = query.where(details.c.status == status)
    if detail_id is not None:
        query = query.where(details.c.id == detail_id)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [_detail_dict(r) for r in rows]


def _detail_dict(r: Any) -> dict[str, Any]:
    source = None
    if r.source_touch_id is not None:
        source = {
            "touch_id": int(r.source_touch_id),
            "channel": r.source_channel,
            "direction": r.source_direction,
            "at": iso(r.source_at),
            "text": r.source_text,
        }
    return {
        "id": int(r.id),
        "person_id": int(r.person_id),
        "text": r.text,
        "kind": r.kind,
        "status": r.status,
        "at": iso(r.created_at),
        "about_at": iso(r.about_at),
        "source_touch_id": r.source_touch_id,
        "source": source if source else {"kind": "you", "note": "added by you"},
    }


def accepted_views(store: Store, person_id: int) -> list[DetailView]:
    """The accepted details of one person, as the engine reads them (oldest first)."""
    return [
        DetailView(
            id=d["id"],
            text=d["text"],
            at=aware(datetime.fromisoformat(d["at"].replace("Z", "+00:00"))) or datetime.min,
            kind=d["kind"],
        )
        for d in list_details(store, person_id, "accepted")
    ]


def set_status(store: Store, detail_id: int, status: str) -> dict[str, Any]:
    """Accept or reject a detail; returns it as `list_details` shows it."""
    if status not in STATUSES:
        raise ValueError(status)
    details = t.details
    with store.engine.begin() as conn:
        result = conn.execute(
            update(details)
            .where(details.c.account_id == store.account_id, details.c.id == detail_id)
            .values(status=status)
        )
    if result.rowcount == 0:
        raise ItemNotFound(
            f"no detail {detail_id} — list them with `kith details PERSON --pending`"
        )
    return list_details(store, None, detail_id=detail_id)[0]


def coach_inputs(store: Store, person_id: int, limit: int = 60) -> dict[str, Any]:
    """What the coach reads about one person: recent touches (newest last), topics,
    tags, learned reply times per channel and tie strength."""
    touches, cs = t.touches, t.channel_summary
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(touches)
            .where(touches.c.person_id == person_id, touches.c.is_bulk.is_(False))
            .order_by(touches.c.at.desc(), touches.c.id.desc())
            .limit(limit)
        ).all()
        latency = conn.execute(
            select(cs.c.channel, cs.c.median_reply_s).where(
                cs.c.person_id == person_id, cs.c.median_reply_s.is_not(None)
            )
        ).all()
        topics = conn.execute(
            select(t.topics.c.text, t.topics.c.created_at)
            .where(t.topics.c.person_id == person_id)
            .order_by(t.topics.c.created_at)
        ).all()
        tags = conn.execute(select(t.tags.c.tag).where(t.tags.c.person_id == person_id)).all()
        strength = conn.execute(
            select(t.person_summary.c.strength).where(t.person_summary.c.person_id == person_id)
        ).scalar()
    views = [
        TouchView(
            id=int(r.id),
            person_id=person_id,
            channel=r.channel,
            direction=r.direction,
            at=aware(r.at) or r.at,
            text=r.text,
            is_group=bool(r.is_group),
            status=r.status,
        )
        for r in reversed(rows)
    ]
    return {
        "touches": views,
        "median_reply_s": {r.channel: float(r.median_reply_s) for r in latency},
        "topics": [TopicView(r.text, aware(r.created_at) or r.created_at) for r in topics],
        "tags": [r.tag for r in tags],
        "strength": float(strength) if strength is not None else None,
    }


def last_touch_id(store: Store) -> int:
    """The highest touch id so far: take it before an import, pass it to extraction after."""
    with store.engine.connect() as conn:
        found = conn.execute(
            select(func.max(t.touches.c.id)).where(t.touches.c.account_id == store.account_id)
        ).scalar()
    return int(found or 0)
