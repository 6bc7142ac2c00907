"""Load the agenda's snapshot: only the people something could be due for.

The candidates come from indexed places — summaries whose attention window
holds `now`, people who engaged with the user's content in the last 90 days, open
action items, dates in the coming week, and people with topics (for news to share
and introductions) — so the cost follows how much is actionable, not how many
people or touches the database holds. Per candidate it reads the few rows the
rules need: the last touches, open action items, dates, topics, accepted details,
the stage the user set, and who shares a thread with whom (topic holders only).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Connection, select, text

from kith.models import (
    DIRECT_ASYNC_CHANNELS,
    SYNC_CHANNELS,
    AgendaState,
    EngagementView,
    NewsView,
    PersonState,
    Snapshot,
    TouchView,
)
from kith.store import reads
from kith.store import schema as t
from kith.store.timeutil import aware, utc

ENGAGEMENT_WINDOW = timedelta(days=90)
RECENT_TOUCHES = 8
CHUNK = 500


def load_snapshot(conn: Connection, account_id: int, now: datetime, tz: tzinfo) -> Snapshot:
    s = t.person_summary
    attention = (
        conn.execute(
            select(s.c.person_id).where(
                s.c.account_id == account_id,
                s.c.attention_until >= now,
                s.c.attention_at <= now,
            )
        )
        .scalars()
        .all()
    )
    engagements = _engagements(conn, account_id, now)
    topical = set(_topic_holders(conn, account_id))
    extra = _with_open_actions(conn, account_id) | _with_dates_soon(conn, account_id, now, tz)
    ids = sorted(set(attention) | set(engagements) | topical | extra)
    people: list[PersonState] = []
    for start in range(0, len(ids), CHUNK):
        people.extend(_people(conn, ids[start : start + CHUNK], engagements, topical))
    return Snapshot(
        now=now,
        tz=tz,
        people=tuple(people),
        states=_states(conn, account_id),
        news=_news(conn, account_id, now),
    )


def _engagements(
    conn: Connection, account_id: int, now: datetime, person_ids: Sequence[int] | None = None
) -> dict[int, list[EngagementView]]:
    """Comments in the engagement window: everyone's, or only these people's (a page
    of a list must not read every comment of the account)."""
    e, c = t.engagements, t.content
    query = (
        select(
            e.c.person_id, e.c.kind, e.c.at, e.c.text, c.c.url, c.c.title, c.c.text.label("post")
        )
        .select_from(e.outerjoin(c, c.c.id == e.c.content_id))
        .where(
            e.c.account_id == account_id,
            e.c.kind == "comment",  # only comments make a repeat engager
            e.c.at >= now - ENGAGEMENT_WINDOW,
            e.c.at <= now,
        )
        .order_by(e.c.person_id, e.c.at)
    )
    if person_ids is None:
        rows = list(conn.execute(query).all())
    else:
        rows = []
        wanted = sorted(set(person_ids))
        for start in range(0, len(wanted), 500):  # well under any driver's bind limit
            part = wanted[start : start + 500]
            rows.extend(conn.execute(query.where(e.c.person_id.in_(part))).all())
    out: dict[int, list[EngagementView]] = defaultdict(list)
    for r in rows:
        title = r.title or (r.post.split("\n", 1)[0][:80] if r.post else None)
        out[r.person_id].append(
            EngagementView(int(r.person_id), r.kind, utc(r.at), r.text, r.url, title)
        )
    return out


def _people(
    conn: Connection,
    ids: list[int],
    engagements: dict[int, list[EngagementView]],
    topical: set[int] | None = None,
) -> list[PersonState]:
    p, s = t.people, t.person_summary
    rows = conn.execute(
        select(p, *[c for c in s.c if c.name not in ("person_id", "account_id")])
        .select_from(p.outerjoin(s, s.c.person_id == p.c.id))
        .where(p.c.id.in_(ids))
    ).all()
    tags = _grouped(
        conn, select(t.tags.c.person_id, t.tags.c.tag).where(t.tags.c.person_id.in_(ids))
    )
    latency = _latency(conn, ids)
    recent = _recent(conn, ids)
    more = reads.person_extras(conn, ids, known_for=sorted(set(ids) & (topical or set())))
    return [_state(r, tags, latency, recent, engagements, more.get(int(r.id), {})) for r in rows]


def _state(
    r: Any, tags: Any, latency: Any, recent: Any, engagements: Any, extra: dict[str, Any]
) -> PersonState:
    return PersonState(
        **extra,
        id=int(r.id),
        name=r.name,
        goal=r.goal,
        stage=r.stage,
        cadence_days=r.cadence_days,
        tags=tuple(sorted(tags.get(r.id, ()))),
        # Someone the user has written to is a person, whatever their mail looked like
        # (a friend's own newsletter marks her bulk); `reads.not_a_person` agrees.
        is_bulk=bool(r.is_bulk) and r.last_out_at is None,
        first_touch_at=aware(r.first_touch_at),
        last_touch_at=aware(r.last_touch_at),
        last_in_at=aware(r.last_in_at),
        last_out_at=aware(r.last_out_at),
        touch_count=r.touch_count or 0,
        direct_in=r.direct_in or 0,
        direct_out=r.direct_out or 0,
        sync_count=r.sync_count or 0,
        last_sync_at=aware(r.last_sync_at),
        next_planned_at=aware(r.next_planned_at),
        last_direct_at=aware(r.last_direct_at),
        last_direct_direction=r.last_direct_direction,
        last_direct_channel=r.last_direct_channel,
        trailing_outs=r.trailing_outs or 0,
        median_reply_s={c: m for c, (m, _) in latency.get(r.id, {}).items()},
        p90_reply_s={c: p for c, (_, p) in latency.get(r.id, {}).items() if p is not None},
        recent=tuple(recent.get(r.id, ())),
        engagements=tuple(engagements.get(r.id, ())),
        layer=r.layer,
        strength=r.strength,
        rhythm_days=r.rhythm_days,
        active_days=r.active_days or 0,
        words_in=r.words_in or 0,
        words_out=r.words_out or 0,
    )


def _grouped(conn: Connection, stmt: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in conn.execute(stmt):
        out[key].append(value)
    return out


def _latency(conn: Connection, ids: list[int]) -> dict[int, dict[str, tuple[float, float | None]]]:
    cs = t.channel_summary
    out: dict[int, dict[str, tuple[float, float | None]]] = defaultdict(dict)
    rows = conn.execute(
        select(cs.c.person_id, cs.c.channel, cs.c.median_reply_s, cs.c.p90_reply_s).where(
            cs.c.person_id.in_(ids), cs.c.median_reply_s.is_not(None)
        )
    ).all()
    for r in rows:
        p90 = float(r.p90_reply_s) if r.p90_reply_s is not None else None
        out[r.person_id][r.channel] = (float(r.median_reply_s), p90)
    return out


def _topic_holders(conn: Connection, account_id: int) -> list[int]:
    return list(
        conn.execute(
            select(t.topics.c.person_id).where(t.topics.c.account_id == account_id).distinct()
        ).scalars()
    )


def _with_open_actions(conn: Connection, account_id: int) -> set[int]:
    a = t.action_items
    return set(
        conn.execute(
            select(a.c.person_id).where(a.c.account_id == account_id, a.c.status == "open")
        ).scalars()
    )


def _with_dates_soon(conn: Connection, account_id: int, now: datetime, tz: tzinfo) -> set[int]:
    """People with a yearly date in the next week, through the (month, day) index."""
    today = now.astimezone(tz).date()
    days = {(d.month, d.day) for d in (today + timedelta(days=k) for k in range(8))}
    if (2, 28) in days:
        days.add((2, 29))
    d = t.person_dates
    found: set[int] = set()
    for month in sorted({m for m, _ in days}):
        wanted = sorted(day for m, day in days if m == month)
        found.update(
            conn.execute(
                select(d.c.person_id).where(
                    d.c.account_id == account_id, d.c.month == month, d.c.day.in_(wanted)
                )
            ).scalars()
        )
    return found


NEWS_WINDOW = timedelta(days=14)


def _news(conn: Connection, account_id: int, now: datetime) -> tuple[NewsView, ...]:
    n = t.news
    rows = conn.execute(
        select(n.c.id, n.c.title, n.c.url, n.c.published_at, n.c.summary)
        .where(
            n.c.account_id == account_id,
            n.c.published_at >= now - NEWS_WINDOW,
            n.c.published_at <= now,
        )
        .order_by(n.c.published_at, n.c.id)
        .limit(500)
    ).all()
    return tuple(NewsView(int(r.id), r.title, r.url, utc(r.published_at), r.summary) for r in rows)


_RECENT_COLUMNS = (
    "t.id, t.person_id, t.channel, t.direction, t.at, t.text, t.thread_id, t.is_group, "
    "t.status, t.purpose"
)
_SUBJECT = " LEFT JOIN threads AS th ON th.id = t.thread_id"
_CONVERSATIONAL = "t2.is_bulk = false AND (t2.status = 'planned' OR t2.channel IN ({channels}))"
# The last few conversational touches of each person, read through the
# (person_id, at) index from the newest end: the cost is RECENT_TOUCHES rows a
# person, however long their history.
_RECENT_SQL = {
    "sqlite": (
        f"SELECT {_RECENT_COLUMNS}, th.subject FROM json_each(:ids) AS c"
        " JOIN touches AS t ON t.id IN ("
        " SELECT t2.id FROM touches AS t2 WHERE t2.person_id = c.value AND {conversational}"
        " ORDER BY t2.at DESC, t2.id DESC LIMIT :n)" + _SUBJECT
    ),
    "postgresql": (
        f"SELECT {_RECENT_COLUMNS}, th.subject FROM unnest(CAST(:ids AS bigint[])) AS c(pid)"
        " CROSS JOIN LATERAL ("
        " SELECT t2.* FROM touches AS t2 WHERE t2.person_id = c.pid AND {conversational}"
        " ORDER BY t2.at DESC, t2.id DESC LIMIT :n) AS t" + _SUBJECT
    ),
}


def _recent(conn: Connection, ids: list[int]) -> dict[int, list[TouchView]]:
    """The last few conversational touches per person (newest last), for evidence."""
    channels = ", ".join(f"'{c}'" for c in sorted(DIRECT_ASYNC_CHANNELS | SYNC_CHANNELS))
    dialect = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
    sql = _RECENT_SQL[dialect].format(conversational=_CONVERSATIONAL.format(channels=channels))
    bound: object = json.dumps(ids) if dialect == "sqlite" else ids
    # Untyped on purpose: SQLAlchemy's SQLite DateTime processor is a regex per
    # value; `fromisoformat` reads the same text several times faster.
    rows = conn.execute(text(sql), {"ids": bound, "n": RECENT_TOUCHES}).all()
    out: dict[int, list[TouchView]] = defaultdict(list)
    for r in rows:
        out[r.person_id].append(
            TouchView(
                int(r.id),
                int(r.person_id),
                r.channel,
                r.direction,
                _moment(r.at),
                r.text,
                r.thread_id,
                bool(r.is_group),
                r.status,
                r.purpose,
                r.subject,
            )
        )
    for touches in out.values():  # the outer query promises no order: oldest first
        touches.sort(key=lambda touch: (touch.at, touch.id))
    return out


def _states(conn: Connection, account_id: int) -> dict[str, AgendaState]:
    a = t.agenda_states
    rows = conn.execute(
        select(a.c.item_id, a.c.state, a.c.until).where(a.c.account_id == account_id)
    ).all()
    return {r.item_id: AgendaState(r.item_id, r.state, r.until) for r in rows}


def _moment(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return utc(value)


def load_people(
    conn: Connection, account_id: int, ids: list[int], now: datetime
) -> list[PersonState]:
    """These people's states, whether or not anything is due for them (for show, brief)."""
    engagements = _engagements(conn, account_id, now, ids)
    return _people(conn, ids, engagements, set(ids))
