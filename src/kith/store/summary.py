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
`refresh_layers` then ranks everyone by strength — the strongest thousand, read
from the top of the strength index, at refresh time, never at agenda time — into
Dunbar layers with hysteresis, stored in `people.layer`. The attention window uses
the cadence that applies: the user's, else the learned rhythm, else the layer's
default.

An import refreshes everyone it touched, so this runs over every new touch: 100,000
of them among 10,000 people should cost a fraction of the import. Hence plain
tuples through the driver's cursor (`rawsql`), reactions and bulk mail left out by
the query, times kept naive UTC inside the fold, and the fold itself done as a few
passes per person, each a comprehension, rather than one loop asking every
question of every touch. A person's text is split once each way; whether a word
is an intimacy word is remembered across people. `tests/summary_reference.py`
keeps the first, touch-by-touch fold; `tests/test_summary.py` holds this one to it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, select, update

from kith.models import (
    DECAY_PER_YEAR,
    DIRECT_ASYNC_CHANNELS,
    KIN_TAG,
    LAYER_CADENCE_DAYS,
    LAYERS,
    SYNC_CHANNELS,
)
from kith.store import schema as t
from kith.store.rawsql import RawSQL
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
    raw = RawSQL(conn)
    try:
        for start in range(0, len(ids), CHUNK):
            _refresh_chunk(raw, account_id, ids[start : start + CHUNK])
        if ids:
            moved = refresh_layers(conn, account_id)
            for start in range(0, len(moved), CHUNK):  # their layer's cadence moves their window
                _refresh_chunk(raw, account_id, moved[start : start + CHUNK])
    finally:
        raw.close()


def _refresh_chunk(raw: RawSQL, account_id: int, ids: Sequence[int]) -> None:
    cadences = _read_cadences(raw, account_id, ids)
    ids = sorted(pid for pid in ids if pid in cadences)  # this account's people, in id order
    if not ids:
        return
    summaries, channels = [], []
    # One person's touches in memory at a time: a group chat of 400,000 messages among a
    # dozen people would otherwise be read whole (hundreds of MB) before any fold.
    histories = _touches_by_person(raw, account_id, ids)
    waiting = next(histories, None)
    for pid in ids:
        touches: list[Touch] = []
        if waiting is not None and waiting[0] == pid:
            touches = waiting[1]
            waiting = next(histories, None)
        summary, per_channel = fold(touches, *cadences.get(pid, (None, None, False)))
        summaries.append(_summary_row(raw, pid, account_id, summary))
        for channel, stats in per_channel.items():
            channels.append(_channel_row(raw, pid, account_id, channel, stats))
    # Scoped by account too: an id of another account's person must never move its rows here.
    scope = f"account_id = {raw.mark} AND person_id IN ({raw.marks(len(ids))})"
    raw.execute(f"DELETE FROM channel_summary WHERE {scope}", [account_id, *ids])
    raw.execute(f"DELETE FROM person_summary WHERE {scope}", [account_id, *ids])
    raw.insert("person_summary", ("person_id", "account_id", *SUMMARY_FIELDS), summaries)
    raw.insert("channel_summary", CHANNEL_COLUMNS, channels)


# Positions in the touch tuples `_touches_by_person` yields; `at` is naive UTC.
PERSON, THREAD, CHANNEL, DIRECTION, AT, GROUP, TEXT, DURATION, PURPOSE, PLANNED = range(10)
Touch = tuple[Any, ...]


def _touches_by_person(
    raw: RawSQL, account_id: int, ids: Sequence[int]
) -> Iterator[tuple[int, list[Touch]]]:
    """Per person, in id order (as `ids` is sorted), the touches that count, and the planned
    ones, oldest first.

    Reactions and bulk mail never count, so the database leaves them out; a planned
    touch counts only as the next one planned, whatever its channel.
    """
    # `+account_id`: scoped to the account, but the unary plus keeps SQLite from taking
    # the (account_id, source_id) index instead of (person_id, at) (3.9 s instead of 0.8).
    rows: Iterator[Touch] = raw.stream(
        f"SELECT person_id, thread_id, channel, direction, {raw.utc_column('at')}, is_group,"
        " text, duration_s, purpose, status = 'planned' FROM touches"
        f" WHERE person_id IN ({raw.marks(len(ids))}) AND +account_id = {raw.mark}"
        f" AND (status = 'planned' OR (channel != 'reaction' AND is_bulk = {raw.mark}))"
        " ORDER BY person_id, at, id",
        [*ids, account_id, False],
    )
    if raw.sqlite:  # SQLite gives back the text Core wrote
        parse = datetime.fromisoformat
        rows = (
            (p, th, c, d, parse(at), g, tx, du, pu, pl)
            for p, th, c, d, at, g, tx, du, pu, pl in rows
        )
    for pid, group in groupby(rows, key=itemgetter(PERSON)):
        yield pid, list(group)


def _read_cadences(
    raw: RawSQL, account_id: int, ids: Sequence[int]
) -> dict[int, tuple[int | None, int | None, bool]]:
    rows = raw.fetchall(
        "SELECT id, cadence_days, stage, layer FROM people"
        f" WHERE account_id = {raw.mark} AND id IN ({raw.marks(len(ids))})",
        [account_id, *ids],
    )
    return {pid: _cadences_of(cadence, stage, layer) for pid, cadence, stage, layer in rows}


def _cadences_of(
    cadence_days: int | None, stage: str | None, layer: int | None
) -> tuple[int | None, int | None, bool]:
    """The user's cadence, the layer's default, and whether a rhythm may apply.

    A closed relationship keeps only what was agreed at the close: the user's cadence.
    A learned rhythm applies only within the layers (the 150 or so ties a person can
    keep up, Dunbar): beyond them, regular past contact is not a promise to keep.
    """
    user = int(cadence_days) if cadence_days else None
    if stage == "closed" or not layer:
        return user, None, False
    return user, LAYER_CADENCE_DAYS.get(layer), True


SUMMARY_FIELDS = (
    "first_touch_at",
    "last_touch_at",
    "last_in_at",
    "last_out_at",
    "touch_count",
    "direct_in",
    "direct_out",
    "sync_count",
    "last_sync_at",
    "next_planned_at",
    "last_direct_at",
    "last_direct_direction",
    "last_direct_channel",
    "trailing_outs",
    "words_in",
    "words_out",
    "sync_seconds",
    "active_days",
    "rhythm_days",
    "strength",
    "attention_at",
    "attention_until",
)
_TIMES = frozenset(f for f in SUMMARY_FIELDS if f.endswith("_at") or f == "attention_until")
CHANNEL_COLUMNS = (
    "person_id",
    "account_id",
    "channel",
    "count_in",
    "count_out",
    "last_in_at",
    "last_out_at",
    "replies",
    "median_reply_s",
    "p90_reply_s",
)


def _summary_row(raw: RawSQL, pid: int, account_id: int, s: dict[str, Any]) -> tuple[Any, ...]:
    stored = raw.stored
    return (pid, account_id, *[stored(s[f]) if f in _TIMES else s[f] for f in SUMMARY_FIELDS])


def _channel_row(
    raw: RawSQL, pid: int, account_id: int, channel: str, stats: ChannelStats
) -> tuple[Any, ...]:
    lat = sorted(stats.latencies)
    return (
        pid,
        account_id,
        channel,
        stats.count_in,
        stats.count_out,
        raw.stored(stats.last_in_at),
        raw.stored(stats.last_out_at),
        len(lat),
        statistics.median(lat) if lat else None,
        lat[min(len(lat) - 1, int(0.9 * len(lat)))] if lat else None,
    )


def fold(
    touches: Sequence[Touch],
    cadence_days: int | None,
    default_days: int | None = None,
    learn: bool = True,
) -> tuple[dict[str, Any], dict[str, ChannelStats]]:
    """Fold one person's touches (oldest first) into their summary and channel stats.

    Each part is its own pass over the touches, a comprehension per question: together
    about what one loop asking every question of every touch costs, and each part
    reads on its own. The attention window follows
    the cadence that applies: the user's (`cadence_days`), else their learned
    rhythm, else the layer's `default_days`.
    """
    real = [r for r in touches if not r[PLANNED]]
    s = _touch_counts(real)
    s.update(_direct_counts(real))
    planned = max((r[AT] for r in touches if r[PLANNED]), default=None)
    last = s["last_touch_at"]
    s["next_planned_at"] = planned if last is None or (planned and planned >= last) else None
    intimate, repairs = _features(real, s)
    s["strength"] = tie_strength(s, s, intimate, repairs)  # `s` holds the features too
    learned = learned_cadence(s["rhythm_days"], s["active_days"]) if learn else None
    cadence = cadence_days or learned or default_days
    brainstorms = [r[AT] for r in real if r[PURPOSE] == "brainstorm"]
    brainstorm_at = brainstorms[-1] if brainstorms else None
    s["attention_at"], s["attention_until"] = attention_window(s, cadence, brainstorm_at)
    return s, _channel_stats(real)


def _touch_counts(real: Sequence[Touch]) -> dict[str, Any]:
    ins = [r[AT] for r in real if r[DIRECTION] == "in"]
    outs = [r[AT] for r in real if r[DIRECTION] != "in"]
    syncs = [r for r in real if r[CHANNEL] in SYNC_CHANNELS]
    return {
        "first_touch_at": real[0][AT] if real else None,
        "last_touch_at": real[-1][AT] if real else None,
        "last_in_at": ins[-1] if ins else None,
        "last_out_at": outs[-1] if outs else None,
        "touch_count": len(real),
        "sync_count": len(syncs),
        "last_sync_at": syncs[-1][AT] if syncs else None,
        "sync_seconds": sum(int(r[DURATION] or DEFAULT_SYNC_SECONDS) for r in syncs),
    }


def _direct_counts(real: Sequence[Touch]) -> dict[str, Any]:
    """Counts of the written one-to-one exchange, and the user's messages since their last."""
    direct = [r for r in real if r[CHANNEL] in DIRECT_ASYNC_CHANNELS and not r[GROUP]]
    directions = [r[DIRECTION] for r in direct]
    ins = directions.count("in")
    last = direct[-1] if direct else None
    trailing = directions[::-1].index("in") if ins else len(direct)
    return {
        "direct_in": ins,
        "direct_out": len(direct) - ins,
        "last_direct_at": last[AT] if last else None,
        "last_direct_direction": last[DIRECTION] if last else None,
        "last_direct_channel": last[CHANNEL] if last else None,
        "trailing_outs": trailing,
    }


def _features(real: Sequence[Touch], s: dict[str, Any]) -> tuple[int, int]:
    """Put the word counts, active days and rhythm in `s`; return intimate words and repairs."""
    # One split of all of a person's text each way (joined by a space, the words are
    # the same as text by text).
    words_in = " ".join([r[TEXT] for r in real if r[TEXT] and r[DIRECTION] == "in"]).split()
    words_out = " ".join([r[TEXT] for r in real if r[TEXT] and r[DIRECTION] != "in"]).split()
    days = sorted({r[AT].date() for r in real})
    s["words_in"], s["words_out"] = len(words_in), len(words_out)
    s["active_days"], s["rhythm_days"] = len(days), rhythm(days)
    return intimate_words(words_in) + intimate_words(words_out), _repairs(real)


class _IntimateWord(dict[str, bool]):
    """Whether a word, as written, is an intimacy word once lowercased and stripped of
    punctuation: remembered, since most words of a history are the same few hundred."""

    LIMIT = 100_000  # distinct words kept (about 10 MB) before starting over

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[word] = word.lower().strip(".,!?;:()\"'") in INTIMATE
        return found


_is_intimate = _IntimateWord()


def intimate_words(words: list[str]) -> int:
    """How many of these words are intimacy words (any case, punctuation aside)."""
    return sum(map(_is_intimate.__getitem__, words))


def _repairs(real: Sequence[Touch]) -> int:
    """Long reaches after a long silence (Bhattacharya et al. 2016): a call, or 120 words."""
    ats = [r[AT] for r in real]
    after_gaps = [n for n in range(1, len(ats)) if ats[n] - ats[n - 1] >= LONG_GAP]
    return sum(1 for n in after_gaps if _long_reach(real[n]))


def _long_reach(touch: Touch) -> bool:
    words = len(touch[TEXT].split()) if touch[TEXT] else 0
    return words >= LONG_MESSAGE_WORDS or touch[CHANNEL] in SYNC_CHANNELS


def _channel_stats(real: Sequence[Touch]) -> dict[str, ChannelStats]:
    """Counts and reply latencies per channel: their first answer after each message of mine.

    The one sequential pass: a message of the user's waits in its thread (or, with no
    thread, its channel) until their next touch there answers it.
    """
    per_channel: dict[str, ChannelStats] = {}
    waiting: dict[Any, datetime] = {}
    for _, thread, channel, direction, at, _, _, _, _, _ in real:
        stats = per_channel.get(channel)
        if stats is None:
            stats = per_channel[channel] = ChannelStats()
        key = thread if thread is not None else channel
        if direction == "in":
            stats.count_in += 1
            stats.last_in_at = at
            sent = waiting.pop(key, None)
            if sent is not None and channel not in SYNC_CHANNELS:
                stats.latencies.append((at - sent).total_seconds())
        else:
            stats.count_out += 1
            stats.last_out_at = at
            if key not in waiting:
                waiting[key] = at
    return per_channel


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
        ends.append(FOREVER.replace(tzinfo=s["last_touch_at"].tzinfo))  # aware or naive UTC
    if brainstorm_at is not None:  # a converging session to book
        starts.append(brainstorm_at)
        ends.append(brainstorm_at + ATTENTION_WINDOW)
    if s["next_planned_at"] is not None:
        starts.append(s["next_planned_at"] - ATTENTION_WINDOW)
        ends.append(s["next_planned_at"] + ATTENTION_WINDOW)
    if not starts:
        return None, None
    return min(starts), max(ends)
