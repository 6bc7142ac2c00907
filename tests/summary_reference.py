"""The summary refresh as it was first written: the specification the fast one must meet.

A plain fold over each person's touches read through Core, one touch at a time
(the code of `kith.store.summary` before it read raw tuples and folded in passes).
`expected` returns what the summary tables must hold for these people; it writes
nothing. The pure parts both share (rhythm, tie strength, attention window) are
imported, not copied: they are not what the fast refresh changed.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kith.models import DIRECT_ASYNC_CHANNELS, LAYER_CADENCE_DAYS, SYNC_CHANNELS
from kith.store import schema as t
from kith.store.summary import (
    DEFAULT_SYNC_SECONDS,
    INTIMATE,
    LONG_GAP,
    LONG_MESSAGE_WORDS,
    ChannelStats,
    attention_window,
    learned_cadence,
    rhythm,
    tie_strength,
)
from kith.store.timeutil import aware


def expected(
    conn: Connection, account_id: int, ids: Sequence[int]
) -> tuple[dict[int, dict[str, Any]], dict[tuple[int, str], dict[str, Any]]]:
    """The person_summary and channel_summary rows of these people, by key."""
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
            t.touches.c.text,
            t.touches.c.duration_s,
            t.touches.c.purpose,
        )
        .where(t.touches.c.person_id.in_(ids))
        .order_by(t.touches.c.person_id, t.touches.c.at, t.touches.c.id)
    ).all()
    people = {
        r.id: r
        for r in conn.execute(
            select(
                t.people.c.id, t.people.c.cadence_days, t.people.c.stage, t.people.c.layer
            ).where(t.people.c.id.in_(ids))
        ).all()
    }
    by_person: dict[int, list[Any]] = {pid: [] for pid in ids}
    for row in touches:
        by_person[row.person_id].append(row)
    summaries: dict[int, dict[str, Any]] = {}
    channels: dict[tuple[int, str], dict[str, Any]] = {}
    for pid in ids:
        person = people.get(pid)
        summary, per_channel = summarize(by_person[pid], *_cadences_of(person))
        summaries[pid] = {"person_id": pid, "account_id": account_id, **summary}
        for channel, stats in per_channel.items():
            channels[pid, channel] = _channel_row(pid, account_id, channel, stats)
    return summaries, channels


def _cadences_of(row: Any) -> tuple[int | None, int | None, bool]:
    """The user's cadence, the layer's default, and whether a rhythm may apply.

    A closed relationship keeps only what was agreed at the close: the user's cadence.
    A learned rhythm applies only within the layers (the 150 or so ties a person can
    keep up, Dunbar): beyond them, regular past contact is not a promise to keep.
    """
    if row is None:
        return None, None, False
    user = int(row.cadence_days) if row.cadence_days else None
    if row.stage == "closed" or not row.layer:
        return user, None, False
    return user, LAYER_CADENCE_DAYS.get(row.layer), True


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
    rows: Sequence[Any],
    cadence_days: int | None,
    default_days: int | None = None,
    learn: bool = True,
) -> tuple[dict[str, Any], dict[str, ChannelStats]]:
    """Fold one person's touches (oldest first) into their summary and channel stats.

    The attention window follows the cadence that applies: the user's
    (`cadence_days`), else their learned rhythm, else the layer's `default_days`.
    """
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
    features = Features()
    brainstorm_at: datetime | None = None
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
        if row.purpose == "brainstorm":
            brainstorm_at = at
        features.add(row, at)
        _count_channel(per_channel, waiting_since, row, at)
        if row.channel in DIRECT_ASYNC_CHANNELS and not row.is_group:
            _count_direct(s, row, at)
    if s["next_planned_at"] and s["last_touch_at"] and s["next_planned_at"] < s["last_touch_at"]:
        s["next_planned_at"] = None
    s.update(features.summary(s))
    learned = learned_cadence(s["rhythm_days"], s["active_days"]) if learn else None
    cadence = cadence_days or learned or default_days
    s["attention_at"], s["attention_until"] = attention_window(s, cadence, brainstorm_at)
    return s, per_channel


@dataclass
class Features:
    """The raw tie-strength features of one person, folded touch by touch."""

    words_in: int = 0
    words_out: int = 0
    intimate: int = 0
    sync_seconds: int = 0
    days: set[Any] = field(default_factory=set)
    repairs: int = 0
    last_at: datetime | None = None

    def add(self, row: Any, at: datetime) -> None:
        tokens = (row.text or "").lower().split()
        if row.direction == "in":
            self.words_in += len(tokens)
        else:
            self.words_out += len(tokens)
        self.intimate += sum(1 for w in tokens if w.strip(".,!?;:()\"'") in INTIMATE)
        if row.channel in SYNC_CHANNELS:
            self.sync_seconds += int(row.duration_s or DEFAULT_SYNC_SECONDS)
        long_reach = len(tokens) >= LONG_MESSAGE_WORDS or row.channel in SYNC_CHANNELS
        if self.last_at is not None and at - self.last_at >= LONG_GAP and long_reach:
            self.repairs += 1  # Bhattacharya et al. 2016: a long reach after a gap
        self.days.add(at.date())
        self.last_at = at

    def summary(self, s: dict[str, Any]) -> dict[str, Any]:
        days = sorted(self.days)
        out = {
            "words_in": self.words_in,
            "words_out": self.words_out,
            "sync_seconds": self.sync_seconds,
            "active_days": len(days),
            "rhythm_days": rhythm(days),
        }
        out["strength"] = tie_strength(s, out, self.intimate, self.repairs)
        return out


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
