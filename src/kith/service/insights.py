"""The scaling questions: the funnel from content to conversations, and capacity.

The rules live in `kith.engine.insights` (pure, `now` passed in); this module reads
what they need with a few aggregate queries — the funnel's cohort and the direct
touches after each person first engaged, capacity's touches summed by person,
channel and direction — so the cost follows the window, not the whole history,
and rows are streamed rather than held. The web app's Insights page and the CLI's
`kith funnel` / `kith capacity` both call `funnel` and `capacity` here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, case, false, func, select

from kith import config
from kith.engine import insights as rules
from kith.errors import InvalidValue
from kith.models import DIRECT_ASYNC_CHANNELS, GOALS, STAGES, SYNC_CHANNELS
from kith.store import Store
from kith.store import schema as t
from kith.store.timeutil import iso, utc

FUNNEL_DAYS = 365  # a year of content
CAPACITY_WEEKS = 12
WAITING_SHOWN = 10
STREAM = 2000  # rows fetched at a time


# -- the funnel -------------------------------------------------------------------------
def funnel(store: Store, as_of: str | None = None, since: str | None = None) -> dict[str, Any]:
    """Who engaged with the user's content since `since` (default: 12 months before
    `as_of`), how many then wrote with the user, how many then talked, and how fast."""
    from kith.service import now_for, parse_date

    tz = config.local_zone()
    now = now_for(as_of, tz)
    start = (
        datetime.combine(parse_date(since, "--since"), time(0), tzinfo=tz).astimezone(UTC)
        if since
        else now - timedelta(days=FUNNEL_DAYS)
    )
    if start >= now:
        raise InvalidValue("--since must be before --as-of (or today)")
    with store.engine.connect() as conn:
        posts = _posts(conn, store.account_id, start, now)
        paths = list(_paths(conn, store.account_id, start, now))
    return funnel_dict(rules.funnel(paths, start, now, posts), tz)


def funnel_dict(result: rules.Funnel, tz: Any) -> dict[str, Any]:
    return {
        "as_of": result.now.astimezone(tz).date().isoformat(),
        "since": result.since.astimezone(tz).date().isoformat(),
        "posts": result.posts,
        "steps": [
            {
                "step": s.step,
                "label": s.label,
                "people": s.people,
                "rate": s.rate,
                "median_days": s.median_days,
            }
            for s in result.steps
        ],
        "overall_rate": result.overall_rate,
        "median_days_to_talk": result.median_days_to_talk,
        "by_engagement": result.by_engagement,
        "waiting": {
            "people": len(result.waiting),
            "first": [
                {"id": p.person_id, "name": p.name, "messaged_at": iso(p.messaged_at)}
                for p in result.waiting[:WAITING_SHOWN]
            ],
        },
    }


def _posts(conn: Connection, account_id: int, start: datetime, now: datetime) -> int:
    c = t.content.c
    query = select(func.count()).where(
        c.account_id == account_id, c.posted_at >= start, c.posted_at <= now
    )
    return int(conn.execute(query).scalar() or 0)


def _cohort(account_id: int, now: datetime) -> Any:
    """Everyone who engaged by `now`: their first engagement and whether they ever commented."""
    e, p = t.engagements.c, t.people.c
    return (
        select(
            e.person_id.label("person_id"),
            func.min(e.at).label("first_at"),
            func.max(case((e.kind == "comment", 1), else_=0)).label("commented"),
        )
        .select_from(t.engagements.join(t.people, p.id == e.person_id))
        .where(e.account_id == account_id, e.at <= now, p.is_bulk == false())
        .group_by(e.person_id)
        .subquery()
    )


def _paths(
    conn: Connection, account_id: int, start: datetime, now: datetime
) -> Iterator[rules.FunnelPath]:
    cohort = _cohort(account_id, now)
    people = {
        int(r.person_id): (r.name, utc(r.first_at), bool(r.commented))
        for r in conn.execute(
            select(cohort, t.people.c.name)
            .join(t.people, t.people.c.id == cohort.c.person_id)
            .where(cohort.c.first_at >= start)
        )
    }
    touches = _touches_after_engagement(conn, account_id, cohort, start, now)
    seen: set[int] = set()
    for person_id, rows in groupby(touches, key=lambda r: int(r.person_id)):
        name, engaged_at, commented = people[person_id]
        seen.add(person_id)
        yield rules.funnel_path(
            person_id,
            name,
            engaged_at,
            commented,
            (rules.FunnelTouch(utc(r.at), r.channel, r.direction) for r in rows),
        )
    for person_id, (name, engaged_at, commented) in people.items():
        if person_id not in seen:  # engaged, and nothing direct since
            yield rules.FunnelPath(person_id, name, engaged_at, commented)


def _touches_after_engagement(
    conn: Connection, account_id: int, cohort: Any, start: datetime, now: datetime
) -> Iterator[Any]:
    """The cohort's held one-to-one written and spoken touches from their first
    engagement to `now`, person by person, oldest first, streamed."""
    c = t.touches.c
    query = (
        select(c.person_id, c.at, c.channel, c.direction)
        .join(cohort, cohort.c.person_id == c.person_id)
        .where(
            c.account_id == account_id,
            cohort.c.first_at >= start,
            c.at >= cohort.c.first_at,
            c.at <= now,
            c.status == "held",
            c.is_bulk == false(),
            c.is_group == false(),
            c.channel.in_(sorted(DIRECT_ASYNC_CHANNELS | SYNC_CHANNELS)),
        )
        .order_by(c.person_id, c.at, c.id)
    )
    yield from conn.execution_options(yield_per=STREAM).execute(query)


# -- capacity -----------------------------------------------------------------------
def capacity(
    store: Store,
    as_of: str | None = None,
    hours_per_week: float | None = None,
    weeks: int = CAPACITY_WEEKS,
) -> dict[str, Any]:
    """What the user's relationships cost a week, what keeping them takes, and the room left."""
    from kith.service import now_for

    if hours_per_week is not None and not 0 < hours_per_week <= 168:
        raise InvalidValue("--hours-per-week is between 0 and 168 (a week has 168 hours)")
    if weeks < 1:
        raise InvalidValue("--weeks is at least 1")
    tz = config.local_zone()
    now = now_for(as_of, tz)
    start = now - timedelta(weeks=weeks)
    budget = rules.DEFAULT_BUDGET_HOURS if hours_per_week is None else hours_per_week
    with store.engine.connect() as conn:
        rows = list(_channel_times(conn, store.account_id, start, now))
        people = _capacity_people(conn, store.account_id, {r.person_id for r in rows})
        stage_counts = _stage_counts(conn, store.account_id)
    result = rules.capacity(rules.relationships(people, rows), stage_counts, now, weeks * 7, budget)
    return capacity_dict(result, tz, hours_per_week is None)


def capacity_dict(result: rules.Capacity, tz: Any, default_budget: bool) -> dict[str, Any]:
    return {
        "as_of": result.now.astimezone(tz).date().isoformat(),
        "window_days": result.window_days,
        "budget_hours_per_week": result.budget_hours,
        "budget_from": "default" if default_budget else "set",
        "spent_hours_per_week": result.spent_hours,
        "sync_hours_per_week": result.sync_hours,
        "measured_share": result.measured_share,
        "active_relationships": result.active,
        "minutes_per_relationship_per_week": result.minutes_per_relationship,
        "upkeep_hours_per_week": result.upkeep_hours,
        "fits": result.fits,
        "stages": list(result.stages),
        "layers": list(result.layers),
        "room": result.room,
        "default_minutes": _default_minutes(),
        "sources": rules.SOURCES,
    }


def _default_minutes() -> dict[str, float]:
    """What a touch without a duration is counted as, named for the reader."""
    named = {
        channel if direction == "any" else f"{channel}_{direction}": minutes
        for (channel, direction), minutes in sorted(rules.DEFAULT_MINUTES.items())
    }
    written = {f"message_{d}": m for d, m in rules.WRITTEN_MINUTES.items()}
    return {**named, **written}


def _channel_times(
    conn: Connection, account_id: int, start: datetime, now: datetime
) -> Iterator[rules.ChannelTime]:
    """Held touches in (start, now], summed by person, channel, direction and group size."""
    c, th = t.touches.c, t.threads.c
    participants = func.coalesce(th.participants, 2)
    query = (
        select(
            c.person_id,
            c.channel,
            c.direction,
            participants.label("participants"),
            func.count().label("n"),
            func.count(c.duration_s).label("timed"),
            func.coalesce(func.sum(c.duration_s), 0).label("seconds"),
        )
        .select_from(t.touches.outerjoin(t.threads, th.id == c.thread_id))
        .where(
            c.account_id == account_id,
            c.at > start,
            c.at <= now,
            c.status == "held",
            c.is_bulk == false(),
        )
        .group_by(c.person_id, c.channel, c.direction, participants)
    )
    for r in conn.execution_options(yield_per=STREAM).execute(query):
        yield rules.ChannelTime(
            person_id=int(r.person_id),
            channel=r.channel,
            direction=r.direction,
            count=int(r.n),
            timed=int(r.timed),
            timed_seconds=int(r.seconds),
            share=1 / max(1, int(r.participants) - 1),
        )


def _capacity_people(
    conn: Connection, account_id: int, active: set[int]
) -> dict[int, tuple[str, str, int | None, int | None]]:
    """Everyone whose upkeep counts (a layer or a cadence) and everyone active in the window."""
    p = t.people.c
    columns = (p.id, p.name, p.stage, p.layer, p.cadence_days)
    kept = select(*columns).where(
        p.account_id == account_id, (p.layer.is_not(None)) | (p.cadence_days.is_not(None))
    )
    people = {int(r.id): (r.name, r.stage, r.layer, r.cadence_days) for r in conn.execute(kept)}
    missing = sorted(active - people.keys())
    for start in range(0, len(missing), 900):
        part = missing[start : start + 900]
        query = select(*columns).where(p.account_id == account_id, p.id.in_(part))
        people.update(
            {int(r.id): (r.name, r.stage, r.layer, r.cadence_days) for r in conn.execute(query)}
        )
    return people


def _stage_counts(conn: Connection, account_id: int) -> dict[str, int]:
    p = t.people.c
    query = select(p.stage, func.count()).where(p.account_id == account_id).group_by(p.stage)
    return {str(stage): int(n) for stage, n in conn.execute(query).all()}


def _goal_counts(conn: Connection, account_id: int) -> dict[str, int]:
    p = t.people.c
    query = select(p.goal, func.count()).where(p.account_id == account_id).group_by(p.goal)
    return {str(goal): int(n) for goal, n in conn.execute(query).all()}


# -- the Insights page -----------------------------------------------------------------
def insights(
    store: Store, as_of: str | None = None, hours_per_week: float | None = None
) -> dict[str, Any]:
    """Counts, people by stage and goal, the funnel and capacity: one page's data."""
    with store.engine.connect() as conn:
        stages = _stage_counts(conn, store.account_id)
        goals = _goal_counts(conn, store.account_id)
    return {
        "stats": store.stats(),
        "stages": {s: stages.get(s, 0) for s in STAGES},
        "goals": {g: goals.get(g, 0) for g in GOALS},
        "funnel": funnel(store, as_of),
        "capacity": capacity(store, as_of, hours_per_week),
    }
