"""Per-person summaries: what the agenda needs, kept so it never scans history.

`refresh_summaries` recomputes the rows of the people an import or a logged touch
affected, reading only their touches (indexed by person and time). The numbers
follow PRODUCT.md: reactions and bulk mail are not real touches; a direct thread
is a written one-to-one exchange (no group); reply latency is measured on their
first answer after each message of the user's, per channel.

It also keeps the raw features of tie strength (Gilbert & Karahalios 2009: words
each way, time in synchronous conversation, active days, duration), the learned
rhythm (median gap between active days) and `strength`, the tie strength as of
the last touch (`tie_strength`); the engine carries it to `now` with decay.
`refresh_layers` then ranks everyone by strength — one indexed-free scan of the
summaries, at refresh time, never at agenda time — into Dunbar layers with
hysteresis, stored in `people.layer`. The attention window uses the cadence that
applies: the user's, else the learned rhythm, else the layer's default.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kith.models import (
    DECAY_PER_YEAR,
    DIRECT_ASYNC_CHANNELS,
    KIN_TAG,
    LAYER_CADENCE_DAYS,
    LAYERS,
    SYNC_CHANNELS,
)
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
    if ids:
        moved = refresh_layers(conn, account_id)
        for start in range(0, len(moved), CHUNK):  # their layer's cadence moves their window
            _refresh_chunk(conn, account_id, moved[start : start + CHUNK])


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
    conn.execute(delete(t.channel_summary).where(t.channel_summary.c.person_id.in_(ids)))
    conn.execute(delete(t.person_summary).where(t.person_summary.c.person_id.in_(ids)))
    summaries, channels = [], []
    for pid in ids:
        person = people.get(pid)
        summary, per_channel = summarize(by_person[pid], *_cadences_of(person))
        summaries.append({"person_id": pid, "account_id": account_id, **summary})
        for channel, stats in per_channel.items():
            channels.append(_channel_row(pid, account_id, channel, stats))
    if summaries:
        conn.execute(insert(t.person_summary), summaries)
    if channels:
        conn.execute(insert(t.channel_summary), channels)


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


RHYTHM_SLACK = 1.5


def learned_cadence(rhythm_days: float | None, active_days: int) -> int | None:
    """Mirror of `kith.engine.strength.learned_cadence` for the attention window."""
    if rhythm_days is None:
        return None
    return max(7, round(rhythm_days * RHYTHM_SLACK))


_INTIMATE = """love loved miss family daughter son wife husband partner kids baby mom mum dad
    friend friends grateful thank thanks thankful hug proud sorry worried feel feeling felt
    personally honest honestly trust heart happy glad congratulations congrats"""
INTIMATE = frozenset(_INTIMATE.split())
LONG_GAP = timedelta(days=180)
LONG_MESSAGE_WORDS = 120
DEFAULT_SYNC_SECONDS = 30 * 60


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


EPISODE_GAP = 7  # days within a week of each other are one episode (a burst of messages)
RHYTHM_EPISODES = 6
RHYTHM_SPAN = 180


def rhythm(days: list[Any]) -> float | None:
    """The usual gap in days between episodes of contact, once there is a pattern.

    Bursts (a thread over three days) are one episode; a rhythm needs six episodes
    over at least half a year, and is the median of the last 24 gaps.
    """
    starts: list[Any] = []
    previous = None
    for day in days:
        if previous is None or (day - previous).days >= EPISODE_GAP:
            starts.append(day)
        previous = day
    if len(starts) < RHYTHM_EPISODES or (starts[-1] - starts[0]).days < RHYTHM_SPAN:
        return None
    gaps = [(b - a).days for a, b in zip(starts, starts[1:], strict=False)][-24:]
    return float(statistics.median(gaps))


def _root(value: float, full: float) -> float:
    """0..1, rising fast at first and saturating at `full` (diminishing returns)."""
    return min(1.0, math.sqrt(max(0.0, value) / full))


def tie_strength(
    s: dict[str, Any], f: dict[str, Any], intimate_words: int, repairs: int
) -> float | None:
    """Tie strength at the last touch, 0..1; None when never in contact.

    A weighted sum after Granovetter ("a probably linear combination") with weights
    in the proportions Gilbert & Karahalios found (intimacy 32.8%, intensity 19.7%,
    duration 16.5%, the rest reciprocity and structure). Intimacy has two proxies
    here: synchronous conversation (how much, and its share) and intimacy words.
    Recency is not in it: the engine applies decay at `now`. The scales (5,000
    words, three years, 150 touches, 200 hours after Hall 2018) and the weights
    are heuristics.
    """
    if not s["touch_count"]:
        return None
    words = f["words_in"] + f["words_out"]
    first, last = s["first_touch_at"], s["last_touch_at"]
    sync = s["sync_count"]
    share = min(1.0, 2 * sync / s["touch_count"]) * min(1.0, sync / 3)
    synchronous = max(share, _root(f["sync_seconds"] / 3600, 200))
    intimacy = min(1.0, 20 * intimate_words / max(words, 300))
    intensity = _root(words, 5000)
    duration = min(1.0, ((last - first).days if first and last else 0) / 1095)
    ins, outs = s["direct_in"] + sync, s["direct_out"] + sync
    reciprocity = min(ins, outs) / max(ins, outs) if min(ins, outs) else 0.0
    frequency = _root(f["active_days"], 150)
    score = (
        0.22 * synchronous
        + 0.13 * intimacy
        + 0.20 * intensity
        + 0.15 * duration
        + 0.15 * reciprocity
        + 0.15 * frequency
        + min(0.1, 0.05 * repairs)
    )
    return round(min(1.0, score), 4)


# -- layers ---------------------------------------------------------------------------
HYSTERESIS = 1.2  # keep a layer until the rank falls 20% past its edge
LAYER_POOL = 1000  # rank only the strongest by stored strength
MIN_LAYER_STRENGTH = 0.08
# A layer needs a tie that strong too, so a small network does not put a casual
# commenter among the closest five (heuristics, docs/engine.md).
LAYER_FLOOR = {5: 0.4, 15: 0.28, 50: 0.15, 150: MIN_LAYER_STRENGTH}


def refresh_layers(conn: Connection, account_id: int) -> list[int]:
    """Rank everyone by decayed strength into Dunbar layers; return whose layer changed.

    Decay is measured to the account's latest touch (a fixed point the data gives,
    not the clock), so the ranking is deterministic. Hysteresis keeps a person in
    their layer until their rank falls 20% beyond its edge.
    """
    s, p = t.person_summary, t.people
    rows = conn.execute(
        select(s.c.person_id, s.c.strength, s.c.last_touch_at, s.c.rhythm_days, p.c.layer)
        .select_from(s.join(p, p.c.id == s.c.person_id))
        .where(s.c.account_id == account_id, s.c.strength.is_not(None))
        .order_by(s.c.strength.desc(), s.c.person_id)
        .limit(LAYER_POOL)
    ).all()
    current: dict[int, int] = dict(
        conn.execute(
            select(p.c.id, p.c.layer).where(p.c.account_id == account_id, p.c.layer.is_not(None))
        ).all()
    )
    if not rows and not current:
        return []
    kin = set(
        conn.execute(
            select(t.tags.c.person_id).where(
                t.tags.c.account_id == account_id, t.tags.c.tag == KIN_TAG
            )
        ).scalars()
    )
    latest = max((aware(r.last_touch_at) for r in rows if r.last_touch_at), default=None)
    scored = sorted(
        ((-_decayed(r, latest, r.person_id in kin), r.person_id) for r in rows),
    )
    ranks = {pid: n + 1 for n, (neg, pid) in enumerate(scored) if -neg >= MIN_LAYER_STRENGTH}
    strength = {pid: -neg for neg, pid in scored}
    changed = []
    for pid in sorted(set(ranks) | set(current)):
        layer = _layer(ranks.get(pid), current.get(pid), strength.get(pid, 0.0))
        if layer != current.get(pid):
            conn.execute(update(p).where(p.c.id == pid).values(layer=layer))
            changed.append(pid)
    return changed


def _decayed(row: Any, latest: datetime | None, kin: bool) -> float:
    last = aware(row.last_touch_at)
    if latest is None or last is None:
        return float(row.strength)
    grace = max(30.0, row.rhythm_days or 0)
    years = max(0.0, (latest - last).days - grace) / 365.25
    rate = DECAY_PER_YEAR["kin" if kin else "non_kin"]
    return float(row.strength) * (1 - rate) ** years


def _layer(rank: int | None, current: int | None, strength: float) -> int | None:
    new = next(
        (
            size
            for size in LAYERS
            if rank is not None and rank <= size and strength >= LAYER_FLOOR[size]
        ),
        None,
    )
    falling = current is not None and rank is not None and (new is None or new > current)
    if falling and rank is not None and current is not None and rank <= current * HYSTERESIS + 1:
        return current
    return new


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
    s: dict[str, Any], cadence_days: int | None, brainstorm_at: datetime | None = None
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
    if brainstorm_at is not None:  # a converging session to book
        starts.append(brainstorm_at)
        ends.append(brainstorm_at + ATTENTION_WINDOW)
    if s["next_planned_at"] is not None:
        starts.append(s["next_planned_at"] - ATTENTION_WINDOW)
        ends.append(s["next_planned_at"] + ATTENTION_WINDOW)
    if not starts:
        return None, None
    return min(starts), max(ends)
