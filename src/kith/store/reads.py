"""Read queries for the engine's snapshot and the brief, beyond what `Store` offers.

Each takes a connection and returns model values or plain dicts. They are batched
by person id (the snapshot reads a chunk of candidates at once), so the agenda's
cost stays a handful of statements per chunk.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, or_, select

from kith.models import ActionItemView, DetailView, ImportantDate, TopicView
from kith.store import schema as t
from kith.store.timeutil import aware

USER_CAUSE = "set by you"


def not_a_person() -> ColumnElement[bool]:
    """Who is an automated sender rather than a person, over `people` outer-joined with
    `person_summary`: the user never wrote to them, and either their mail is marked
    bulk (no-reply addresses, newsletters, sponsored InMail) or all Kith knows of them
    is mail that was bulk (a newsletter from a personal-looking address, list traffic).

    Someone the user has written to is a person, whatever their mail looks like; a
    contact card, a connection or any source beside mail also makes one.
    """
    p, s, i, tc = t.people.c, t.person_summary.c, t.identities.c, t.touches.c

    def touches(bulk: bool) -> Any:
        return exists().where(
            tc.person_id == p.id, tc.account_id == p.account_id, tc.is_bulk.is_(bulk)
        )

    known_only_from_bulk_mail = and_(
        func.coalesce(s.touch_count, 0) == 0,
        p.connected_at.is_(None),
        ~exists().where(i.person_id == p.id, i.account_id == p.account_id, i.source != "email"),
        touches(bulk=True),
        ~touches(bulk=False),  # a planned meeting, a reaction: not mail
    )
    return and_(s.last_out_at.is_(None), or_(p.is_bulk.is_(True), known_only_from_bulk_mail))


def _at(value: datetime | None) -> datetime:
    return aware(value) or datetime(1970, 1, 1, tzinfo=UTC)


def person_extras(
    conn: Connection, ids: list[int], known_for: list[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Per person: open action items, dates, topics, accepted details, the user's stage,
    and the kinds of address they have."""
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    for pid, items in open_actions(conn, ids).items():
        out[pid]["actions"] = tuple(items)
    for pid, dates in important_dates(conn, ids).items():
        out[pid]["dates"] = tuple(dates)
    for pid, topics in topics_of(conn, ids).items():
        out[pid]["topics"] = tuple(topics)
    for pid, details in accepted_details(conn, ids).items():
        out[pid]["details"] = tuple(details)
    for pid, (stage, at) in user_stages(conn, ids).items():
        out[pid]["user_stage"] = stage
        out[pid]["stage_set_at"] = at
    if known_for:
        for pid, known in shared_threads(conn, known_for).items():
            out[pid]["known_ids"] = tuple(sorted(known))
    for pid, kinds in address_kinds(conn, ids).items():
        out[pid]["addresses"] = tuple(sorted(kinds))
    return out


def address_kinds(conn: Connection, ids: list[int]) -> dict[int, set[str]]:
    """Per person: which kinds of address they have (a handle keeps its network)."""
    i = t.identities
    rows = conn.execute(
        select(i.c.person_id, i.c.kind, i.c.value).where(
            i.c.person_id.in_(ids), i.c.kind != "name"
        )
    ).all()
    out: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        kind = f"handle:{r.value.split(':', 1)[0]}" if r.kind == "handle" else r.kind
        out[r.person_id].add(kind)
    return out


def open_actions(conn: Connection, ids: list[int]) -> dict[int, list[ActionItemView]]:
    a = t.action_items
    rows = conn.execute(
        select(a.c.id, a.c.person_id, a.c.text, a.c.owner, a.c.due, a.c.created_at)
        .where(a.c.person_id.in_(ids), a.c.status == "open")
        .order_by(a.c.person_id, a.c.due, a.c.id)
    ).all()
    out: dict[int, list[ActionItemView]] = defaultdict(list)
    for r in rows:
        out[r.person_id].append(
            ActionItemView(int(r.id), r.text, r.owner, r.due, aware(r.created_at))
        )
    return out


def important_dates(conn: Connection, ids: list[int]) -> dict[int, list[ImportantDate]]:
    d = t.person_dates
    rows = conn.execute(
        select(d.c.person_id, d.c.kind, d.c.month, d.c.day, d.c.year, d.c.label)
        .where(d.c.person_id.in_(ids))
        .order_by(d.c.person_id, d.c.month, d.c.day)
    ).all()
    out: dict[int, list[ImportantDate]] = defaultdict(list)
    for r in rows:
        out[r.person_id].append(ImportantDate(r.kind, r.month, r.day, r.year, r.label))
    return out


def topics_of(conn: Connection, ids: list[int]) -> dict[int, list[TopicView]]:
    tp = t.topics
    rows = conn.execute(
        select(tp.c.person_id, tp.c.text, tp.c.created_at)
        .where(tp.c.person_id.in_(ids))
        .order_by(tp.c.person_id, tp.c.created_at, tp.c.id)
    ).all()
    out: dict[int, list[TopicView]] = defaultdict(list)
    for r in rows:
        out[r.person_id].append(TopicView(r.text, _at(r.created_at)))
    return out


def accepted_details(conn: Connection, ids: list[int]) -> dict[int, list[DetailView]]:
    d = t.details
    rows = conn.execute(
        select(d.c.id, d.c.person_id, d.c.text, d.c.created_at, d.c.kind)
        .where(d.c.person_id.in_(ids), d.c.status == "accepted")
        .order_by(d.c.person_id, d.c.created_at, d.c.id)
    ).all()
    out: dict[int, list[DetailView]] = defaultdict(list)
    for r in rows:
        out[r.person_id].append(DetailView(int(r.id), r.text, _at(r.created_at), r.kind))
    return out


def user_stages(conn: Connection, ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """The last stage the user set for each person, and when."""
    h = t.stage_history
    rows = conn.execute(
        select(h.c.person_id, h.c.stage, h.c.at)
        .where(h.c.person_id.in_(ids), h.c.cause == USER_CAUSE)
        .order_by(h.c.person_id, h.c.at, h.c.id)
    ).all()
    return {r.person_id: (r.stage, _at(r.at)) for r in rows}


def shared_threads(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    """Who, among these people, shares a thread with whom (they know each other)."""
    a, b = t.touches.alias("a"), t.touches.alias("b")
    rows = conn.execute(
        select(a.c.person_id, b.c.person_id)
        .select_from(
            a.join(
                b,
                and_(
                    a.c.thread_id == b.c.thread_id,
                    a.c.person_id != b.c.person_id,
                ),
            )
        )
        .where(a.c.person_id.in_(ids), b.c.person_id.in_(ids), a.c.thread_id.is_not(None))
        .distinct()
    ).all()
    out: dict[int, set[int]] = defaultdict(set)
    for x, y in rows:
        out[int(x)].add(int(y))
    return out


# -- for the brief --------------------------------------------------------------------
def channel_rhythm(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    cs = t.channel_summary
    rows = conn.execute(select(cs).where(cs.c.person_id == person_id).order_by(cs.c.channel)).all()
    return [
        {
            "channel": r.channel,
            "in": r.count_in,
            "out": r.count_out,
            "replies": r.replies,
            "median_reply_s": r.median_reply_s,
            "p90_reply_s": r.p90_reply_s,
        }
        for r in rows
    ]


def first_met(conn: Connection, person_id: int) -> dict[str, Any]:
    """How and when the user met them: connection date, first touch, first engagement."""
    p, tc, e = t.people, t.touches, t.engagements
    person = conn.execute(
        select(p.c.connected_at, p.c.created_at).where(p.c.id == person_id)
    ).first()
    first_touch = conn.execute(
        select(tc.c.channel, tc.c.direction, tc.c.at, tc.c.source)
        .where(tc.c.person_id == person_id, tc.c.status == "held", tc.c.is_bulk.is_(False))
        .order_by(tc.c.at, tc.c.id)
        .limit(1)
    ).first()
    first_engagement = conn.execute(
        select(e.c.kind, e.c.at).where(e.c.person_id == person_id).order_by(e.c.at).limit(1)
    ).first()
    return {
        "connected_at": aware(person.connected_at) if person else None,
        "first_touch": dict(first_touch._mapping) if first_touch else None,
        "first_engagement": dict(first_engagement._mapping) if first_engagement else None,
    }


def stories(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    s = t.stories
    rows = conn.execute(
        select(s.c.id, s.c.text, s.c.topic, s.c.created_at)
        .where(s.c.account_id == account_id)
        .order_by(s.c.created_at, s.c.id)
    ).all()
    return [{"id": r.id, "text": r.text, "topic": r.topic} for r in rows]


def last_conversations(conn: Connection, person_id: int, limit: int = 5) -> list[Any]:
    tc, th = t.touches, t.threads
    return list(
        conn.execute(
            select(tc.c.channel, tc.c.direction, tc.c.at, tc.c.text, tc.c.status, th.c.subject)
            .select_from(tc.outerjoin(th, th.c.id == tc.c.thread_id))
            .where(
                tc.c.person_id == person_id,
                tc.c.is_bulk.is_(False),
                tc.c.channel != "reaction",
            )
            .order_by(tc.c.at.desc(), tc.c.id.desc())
            .limit(limit)
        ).all()
    )
