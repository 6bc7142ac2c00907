"""Per-person summaries: what the agenda needs, kept so it never scans history.

`refresh_summaries` recomputes the rows of the people an import or a logged touch
affected, reading only their touches (indexed by person and time). The numbers
follow PRODUCT.md: reactions and bulk mail are not real touches; a direct thread
is a written one-to-one exchange (no group); reply latency is measured on their
first answer after each message of the user's, per channel.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kith.models import DIRECT_ASYNC_CHANNELS, SYNC_CHANNELS
from kith.store import schema as t
from kith.store.timeutil import aware

CHUNK = 500
# How long a reply owed, an unanswered message or an unfollowed call stays worth
# a look; older ones are the cadence's business.
ATTENTION_WINDOW = timedelta(days=45)
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass
class ChannelStats:
    count_in: int = 0
    count_out: int = 0
    last_in_at: datetime | None = None
    last_out_at: datetime | None = None
    latencies: list[float] = field(default_factory=list)


def refresh_summaries(conn: Connection, account_id: int, person_ids: Iterable[int]) -> None:
    """Recompute the summary rows of these people."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(conn, account_id, ids[start : start + CHUNK])


def _refresh_chunk(conn: Connection, account_id: int, ids: Sequence[int]) -> None:
    touches = conn.execute(
        select(
            t.touches.c.person_id,
            t.touches.c.thread_id,
            t.touches.c.channel,
            t.touches.c.direction,
            t.touches.c.at,
            t.touches.c.status,
            t.touches.c.is_bulk,
            t.touches.c.is_group,
        )
        .where(t.touches.c.person_id.in_(ids))
        .order_by(t.touches.c.person_id, t.touches.c.at, t.touches.c.id)
    ).all()
    cadences: dict[int, int | None] = dict(
        conn.execute(
            select(t.people.c.id, t.people.c.cadence_days).where(t.people.c.id.in_(ids))
        ).all()
    )
    by_person: dict[int, list[Any]] = {pid: [] for pid in ids}
    for row in touches:
        by_person[row.person_id].append(row)
    conn.execute(delete(t.channel_summary).where(t.channel_summary.c.person_id.in_(ids)))
    conn.execute(delete(t.person_summary).where(t.person_summary.c.person_id.in_(ids)))
    summaries, channels = [], []
    for pid in ids:
        summary, per_channel = summarize(by_person[pid], cadences.get(pid))
        summaries.append({"person_id": pid, "account_id": account_id, **summary})
        for channel, stats in per_channel.items():
            channels.append(_channel_row(pid, account_id, channel, stats))
    if summaries:
        conn.execute(insert(t.person_summary), summaries)
    if channels:
        conn.execute(insert(t.channel_summary), channels)


def _channel_row(pid: int, account_id: int, channel: str, stats: ChannelStats) -> dict[str, Any]:
    lat = sorted(stats.latencies)
    return {
        "person_id": pid,
        "account_id": account_id,
        "channel": channel,
        "count_in": stats.count_in,
        "count_out": stats.count_out,
        "last_in_at": stats.last_in_at,
        "last_out_at": stats.last_out_at,
        "replies": len(lat),
        "median_reply_s": statistics.median(lat) if lat else None,
        "p90_reply_s": lat[min(len(lat) - 1, int(0.9 * len(lat)))] if lat else None,
    }


def summarize(
    rows: Sequence[Any], cadence_days: int | None
) -> tuple[dict[str, Any], dict[str, ChannelStats]]:
    """Fold one person's touches (oldest first) into their summary and channel stats."""
    s: dict[str, Any] = {
        "first_touch_at": None,
        "last_touch_at": None,
        "last_in_at": None,
        "last_out_at": None,
        "touch_count": 0,
        "direct_in": 0,
        "direct_out": 0,
        "sync_count": 0,
        "last_sync_at": None,
        "next_planned_at": None,
        "last_direct_at": None,
        "last_direct_direction": None,
        "last_direct_channel": None,
        "trailing_outs": 0,
    }
    per_channel: dict[str, ChannelStats] = {}
    waiting_since: dict[Any, datetime] = {}  # thread (or channel) -> time of my unanswered message
    for row in rows:
        at = aware(row.at)
        assert at is not None
        if row.status == "planned":
            if s["next_planned_at"] is None or at > s["next_planned_at"]:
                s["next_planned_at"] = at
            continue
        if row.channel == "reaction" or row.is_bulk:
            continue
        _count_touch(s, row, at)
        _count_channel(per_channel, waiting_since, row, at)
        if row.channel in DIRECT_ASYNC_CHANNELS and not row.is_group:
            _count_direct(s, row, at)
    if s["next_planned_at"] and s["last_touch_at"] and s["next_planned_at"] < s["last_touch_at"]:
        s["next_planned_at"] = None
    s["attention_at"], s["attention_until"] = attention_window(s, cadence_days)
    return s, per_channel


def _count_touch(s: dict[str, Any], row: Any, at: datetime) -> None:
    s["touch_count"] += 1
    s["first_touch_at"] = s["first_touch_at"] or at
    s["last_touch_at"] = at
    s["last_in_at" if row.direction == "in" else "last_out_at"] = at
    if row.channel in SYNC_CHANNELS:
        s["sync_count"] += 1
        s["last_sync_at"] = at


def _count_direct(s: dict[str, Any], row: Any, at: datetime) -> None:
    if row.direction == "in":
        s["direct_in"] += 1
        s["trailing_outs"] = 0
    else:
        s["direct_out"] += 1
        s["trailing_outs"] += 1
    s["last_direct_at"] = at
    s["last_direct_direction"] = row.direction
    s["last_direct_channel"] = row.channel


def _count_channel(
    per_channel: dict[str, ChannelStats], waiting: dict[Any, datetime], row: Any, at: datetime
) -> None:
    stats = per_channel.setdefault(row.channel, ChannelStats())
    key = row.thread_id if row.thread_id is not None else row.channel
    if row.direction == "in":
        stats.count_in += 1
        stats.last_in_at = at
        sent = waiting.pop(key, None)
        if sent is not None and row.channel not in SYNC_CHANNELS:
            stats.latencies.append((at - sent).total_seconds())
    else:
        stats.count_out += 1
        stats.last_out_at = at
        waiting.setdefault(key, at)


def attention_window(
    s: dict[str, Any], cadence_days: int | None
) -> tuple[datetime | None, datetime | None]:
    """The span in which the agenda may have something to say about this person.

    A superset of what the engine's rules look at; the engine decides.
    """
    starts: list[datetime] = []
    ends: list[datetime] = []
    if s["last_direct_at"] is not None:
        starts.append(s["last_direct_at"])
        ends.append(s["last_direct_at"] + ATTENTION_WINDOW)
    last_sync, last_out = s["last_sync_at"], s["last_out_at"]
    if last_sync is not None and (last_out is None or last_out <= last_sync):
        starts.append(last_sync)
        ends.append(last_sync + ATTENTION_WINDOW)
    if cadence_days and s["last_touch_at"] is not None:
        starts.append(s["last_touch_at"] + timedelta(days=cadence_days))
        ends.append(FOREVER)
    if s["next_planned_at"] is not None:
        starts.append(s["next_planned_at"] - ATTENTION_WINDOW)
        ends.append(s["next_planned_at"] + ATTENTION_WINDOW)
    if not starts:
        return None, None
    return min(starts), max(ends)
