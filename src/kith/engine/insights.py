"""Does the user's way of building relationships scale? The funnel and the capacity.

The mission (PRODUCT.md) asks two questions, and the seeds say how to answer them.

The funnel follows the first seed's Gaurav: "started commenting and engaging with
[my content] … we then started DMing each other, eventually got on a call". So a
person's path has three steps, each after the one before:

1. `engaged` — their first comment, reaction or repost on the user's content;
2. `messaged` — a direct written exchange (DM, email, chat, letter) after that, in
   both directions ("DMing each other": a message the user sent alone is not one);
3. `talked` — a synchronous conversation (call, video, meeting) held after that.

People are grouped by when they first engaged (a cohort): someone who engaged two
years ago and talked last month says nothing about this year's content. Group
threads and bulk mail are left out, as everywhere (PRODUCT.md, "Touch").

The capacity answers "a few hours a week for people" (PRODUCT.md, Users) with the
time conversations take. A synchronous touch costs its duration when the source
knows it (a calendar event), else a default per channel; a written message costs a
few minutes (heuristics, listed in `DEFAULT_MINUTES`, shown to the user). A touch in
a group thread is shared among its other participants, so a meeting of five is
counted once, not four times. Upkeep is what the relationships Kith ranks into
Dunbar layers need at the least contact each layer needs (RESEARCH.md: Hill &
Dunbar 2003 — 5 weekly, 15 monthly, 50 half-yearly, 150 yearly) or at the cadence
the user set, one conversation of their usual length each time. Room is what the
budget leaves, said in new relationships: a `connect` takes one or two
conversations, a `collaborate` "at least a few" — explore, brainstorm, converge,
plan (the second seed).

Everything here is pure: the service reads the rows and passes `now`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kith.models import DIRECT_ASYNC_CHANNELS, LAYER_CADENCE_DAYS, LAYERS, STAGES, SYNC_CHANNELS

# -- the funnel ------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelTouch:
    """A direct touch after someone first engaged: a written one or a conversation."""

    at: datetime
    channel: str
    direction: str


@dataclass(frozen=True)
class FunnelPath:
    """How far one person came from the user's content toward a conversation."""

    person_id: int
    name: str
    engaged_at: datetime
    commented: bool
    messaged_at: datetime | None = None
    talked_at: datetime | None = None


def funnel_path(
    person_id: int,
    name: str,
    engaged_at: datetime,
    commented: bool,
    touches: Iterable[FunnelTouch],
) -> FunnelPath:
    """Follow one person's touches (oldest first, none before `engaged_at`) step by step."""
    first_in: datetime | None = None
    first_out: datetime | None = None
    messaged_at: datetime | None = None
    for touch in touches:
        if touch.at < engaged_at:
            continue
        if messaged_at is None and touch.channel in DIRECT_ASYNC_CHANNELS:
            if touch.direction == "in":
                first_in = first_in or touch.at
            else:
                first_out = first_out or touch.at
            if first_in and first_out:
                messaged_at = max(first_in, first_out)  # the moment it became an exchange
        elif messaged_at is not None and touch.channel in SYNC_CHANNELS and touch.at >= messaged_at:
            return FunnelPath(person_id, name, engaged_at, commented, messaged_at, touch.at)
    return FunnelPath(person_id, name, engaged_at, commented, messaged_at, None)


@dataclass(frozen=True)
class FunnelStep:
    step: str
    label: str
    people: int
    rate: float | None  # of the step before; None for the first
    median_days: float | None  # from the step before, for those who made it


@dataclass(frozen=True)
class Funnel:
    since: datetime
    now: datetime
    posts: int
    steps: tuple[FunnelStep, ...]
    overall_rate: float | None
    median_days_to_talk: float | None
    by_engagement: dict[str, dict[str, int]]
    waiting: tuple[FunnelPath, ...]  # messaged, not talked yet: whom to propose a call


STEP_LABELS = {
    "engaged": "engaged with your content (comment, reaction or repost)",
    "messaged": "then wrote with you (DM, email, chat), both ways",
    "talked": "then had a conversation (call, video, meeting)",
}


def funnel(paths: Iterable[FunnelPath], since: datetime, now: datetime, posts: int) -> Funnel:
    """Count each step of the cohort that first engaged in [since, now]."""
    cohort = [p for p in paths if since <= p.engaged_at <= now]
    messaged = [p for p in cohort if p.messaged_at and p.messaged_at <= now]
    talked = [p for p in messaged if p.talked_at and p.talked_at <= now]
    steps = (
        FunnelStep("engaged", STEP_LABELS["engaged"], len(cohort), None, None),
        FunnelStep(
            "messaged",
            STEP_LABELS["messaged"],
            len(messaged),
            _rate(len(messaged), len(cohort)),
            _median_days((p.engaged_at, p.messaged_at) for p in messaged),
        ),
        FunnelStep(
            "talked",
            STEP_LABELS["talked"],
            len(talked),
            _rate(len(talked), len(messaged)),
            _median_days((p.messaged_at, p.talked_at) for p in talked),
        ),
    )
    talked_ids = {p.person_id for p in talked}
    waiting = sorted(
        (p for p in messaged if p.person_id not in talked_ids),
        key=lambda p: p.messaged_at or now,
        reverse=True,
    )
    return Funnel(
        since=since,
        now=now,
        posts=posts,
        steps=steps,
        overall_rate=_rate(len(talked), len(cohort)),
        median_days_to_talk=_median_days((p.engaged_at, p.talked_at) for p in talked),
        by_engagement=_by_engagement(cohort, messaged, talked),
        waiting=tuple(waiting),
    )


def _by_engagement(
    cohort: list[FunnelPath], messaged: list[FunnelPath], talked: list[FunnelPath]
) -> dict[str, dict[str, int]]:
    """Do commenters convert better than people who only react? (A comment is already a
    conversation, async and public; a reaction is engagement, not yet conversation.)"""
    groups: dict[str, dict[str, int]] = {}
    for kind, commented in (("commented", True), ("reacted_only", False)):
        groups[kind] = {
            "engaged": sum(p.commented is commented for p in cohort),
            "messaged": sum(p.commented is commented for p in messaged),
            "talked": sum(p.commented is commented for p in talked),
        }
    return groups


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _median_days(spans: Iterable[tuple[datetime | None, datetime | None]]) -> float | None:
    days = [(end - start).total_seconds() / 86400 for start, end in spans if start and end]
    return round(statistics.median(days), 1) if days else None


# -- time and capacity -----------------------------------------------------------------

# Minutes a touch costs when its source gives no duration. Heuristics, shown to the user:
# calls and video as the 30-minute meeting the second seed offers ("Let's schedule a
# 30-minute meeting"); an in-person meeting (coffee, lunch) longer, with getting there;
# a written message a few minutes to write and one to read (Kooti et al. 2015: the
# median reply is 43 words); a reaction costs nothing worth counting.
DEFAULT_MINUTES: dict[tuple[str, str], float] = {
    ("call", "any"): 30.0,
    ("video", "any"): 30.0,
    ("meeting", "any"): 60.0,
    ("letter", "out"): 15.0,
    ("letter", "in"): 2.0,
    ("comment", "out"): 2.0,
    ("comment", "in"): 1.0,
    ("reaction", "any"): 0.0,
}
WRITTEN_MINUTES = {"out": 5.0, "in": 1.0}  # dm, email, chat
LONGEST_PLAUSIBLE_S = 8 * 3600  # a "duration" past a working day is a data error
SESSION_MINUTES = DEFAULT_MINUTES[("call", "any")]  # a conversation when none was timed
# "A few hours a week for people" (PRODUCT.md, Users): the budget unless the user says.
DEFAULT_BUDGET_HOURS = 3.0
# Conversations a new relationship takes (second seed): `connect` one or two;
# `collaborate` at least a few — explore, brainstorm, converge, plan.
CONVERSATIONS_PER_NEW = {"connect": 2, "collaborate": 4}
WEEKS_PER_MONTH = 365.25 / 12 / 7
# Where each number comes from, said to the user with the numbers (`kith capacity --json`).
SOURCES = {
    "durations": "a touch's own duration when its source gives one (a calendar event); "
    "otherwise default_minutes",
    "default_minutes": "heuristics: a call or video 30 min (the 30-minute meeting the second "
    "seed offers), a meeting in person 60 (coffee or lunch, with getting there), a message "
    "5 to write and 1 to read (Kooti et al. 2015: the median reply is 43 words), a comment "
    "2 and 1, a reaction nothing; a group thread's minutes are shared among its people",
    "upkeep": "the least contact of each Dunbar layer (Hill & Dunbar 2003: closest 5 weekly, "
    "15 monthly, 50 half-yearly, 150 yearly) or the cadence you set, one conversation of "
    "your usual length with them each time",
    "budget": "a few hours a week for people (PRODUCT.md): 3 unless --hours-per-week",
    "new_per_month": "a connect takes one or two conversations, a collaborate at least a few "
    "— explore, brainstorm, converge, plan (the second seed)",
}


def default_minutes(channel: str, direction: str) -> float:
    """What one touch costs when its duration is unknown (see `DEFAULT_MINUTES`)."""
    for key in ((channel, direction), (channel, "any")):
        if key in DEFAULT_MINUTES:
            return DEFAULT_MINUTES[key]
    return WRITTEN_MINUTES.get(direction, 0.0)


@dataclass(frozen=True)
class ChannelTime:
    """One person's held touches of one kind in the window, summed by the store.

    `share` is 1 for a one-to-one thread and 1/(participants − 1) in a group thread,
    where the same minutes are spent with everyone at once.
    """

    person_id: int
    channel: str
    direction: str
    count: int
    timed: int = 0  # how many of them carry a duration
    timed_seconds: int = 0
    share: float = 1.0


def minutes_of(row: ChannelTime) -> tuple[float, float]:
    """(minutes spent, of which measured) for one summed row."""
    measured = min(row.timed_seconds, row.timed * LONGEST_PLAUSIBLE_S) / 60
    guessed = (row.count - row.timed) * default_minutes(row.channel, row.direction)
    return (measured + guessed) * row.share, measured * row.share


@dataclass(frozen=True)
class Relationship:
    """One person as capacity sees them: where they stand and what the window cost."""

    person_id: int
    name: str
    stage: str
    layer: int | None
    cadence_days: int | None
    minutes: float = 0.0
    sync_minutes: float = 0.0
    conversations: float = 0.0  # synchronous touches, shared in groups
    measured_minutes: float = 0.0

    @property
    def session_minutes(self) -> float:
        """Their usual conversation's length, or the default when none was held."""
        if self.conversations >= 1:
            return self.sync_minutes / self.conversations
        return SESSION_MINUTES

    @property
    def upkeep_cadence(self) -> int | None:
        """Days between the conversations that keep them where they are."""
        if self.cadence_days:
            return self.cadence_days
        if self.stage == "closed":  # only what was agreed at the close
            return None
        return LAYER_CADENCE_DAYS.get(self.layer or 0)

    @property
    def upkeep_minutes_per_week(self) -> float:
        cadence = self.upkeep_cadence
        return self.session_minutes * 7 / cadence if cadence else 0.0


def relationships(
    people: Mapping[int, tuple[str, str, int | None, int | None]], rows: Iterable[ChannelTime]
) -> list[Relationship]:
    """Fold the store's summed rows into one `Relationship` per person.

    `people` maps an id to (name, stage, layer, cadence_days); everyone in it is
    returned, whether the window holds touches of theirs or not.
    """
    totals: dict[int, list[float]] = {pid: [0.0, 0.0, 0.0, 0.0] for pid in people}
    for row in rows:
        if row.person_id not in totals:
            continue
        spent, measured = minutes_of(row)
        total = totals[row.person_id]
        total[0] += spent
        total[3] += measured
        if row.channel in SYNC_CHANNELS:
            total[1] += spent
            total[2] += row.count * row.share
    return [
        Relationship(pid, name, stage, layer, cadence, *_four(totals[pid]))
        for pid, (name, stage, layer, cadence) in people.items()
    ]


def _four(values: list[float]) -> tuple[float, float, float, float]:
    return values[0], values[1], values[2], values[3]


@dataclass(frozen=True)
class Capacity:
    now: datetime
    window_days: int
    budget_hours: float
    spent_hours: float  # per week, over the window
    sync_hours: float
    measured_share: float | None  # of the minutes, how many came from real durations
    active: int  # people the window holds a real touch with
    minutes_per_relationship: float | None  # median over the active, per week
    upkeep_hours: float  # per week, the layers (and user cadences) at their minimum
    stages: tuple[dict[str, object], ...]
    layers: tuple[dict[str, object], ...]
    room: dict[str, object] = field(default_factory=dict)

    @property
    def fits(self) -> bool:
        return self.upkeep_hours <= self.budget_hours


def capacity(
    people: Iterable[Relationship],
    stage_counts: Mapping[str, int],
    now: datetime,
    window_days: int,
    budget_hours: float = DEFAULT_BUDGET_HOURS,
) -> Capacity:
    """What the relationships cost a week, what keeping them takes, and what room is left."""
    everyone = list(people)
    weeks = window_days / 7
    active = [r for r in everyone if r.minutes > 0]
    minutes = sum(r.minutes for r in everyone)
    upkeep = round(sum(r.upkeep_minutes_per_week for r in everyone) / 60, 2)  # as shown
    per_person = [r.minutes / weeks for r in active]
    return Capacity(
        now=now,
        window_days=window_days,
        budget_hours=budget_hours,
        spent_hours=round(minutes / weeks / 60, 2),
        sync_hours=round(sum(r.sync_minutes for r in everyone) / weeks / 60, 2),
        measured_share=round(sum(r.measured_minutes for r in everyone) / minutes, 3)
        if minutes
        else None,
        active=len(active),
        minutes_per_relationship=round(statistics.median(per_person), 1) if per_person else None,
        upkeep_hours=upkeep,
        stages=tuple(_stage_rows(everyone, stage_counts, weeks, budget_hours)),
        layers=tuple(_layer_rows(everyone, weeks)),
        room=_room(budget_hours - upkeep, _typical_session(active)),
    )


def _stage_rows(
    everyone: list[Relationship], stage_counts: Mapping[str, int], weeks: float, budget: float
) -> Iterable[dict[str, object]]:
    """Per stage: people, the active ones, their weekly time, and how many relationships
    at that stage's measured cost the whole budget would hold."""
    for stage in STAGES:
        active = [r for r in everyone if r.stage == stage and r.minutes > 0]
        minutes = sum(r.minutes for r in active) / weeks
        each = minutes / len(active) if active else None
        yield {
            "stage": stage,
            "people": int(stage_counts.get(stage, 0)),
            "active": len(active),
            "hours_per_week": round(minutes / 60, 2),
            "minutes_per_relationship": round(each, 1) if each is not None else None,
            "budget_holds": math.floor(budget * 60 / each) if each else None,
        }


def _layer_rows(everyone: list[Relationship], weeks: float) -> Iterable[dict[str, object]]:
    previous = 0
    for layer in LAYERS:
        members = [r for r in everyone if r.layer == layer]
        yield {
            "layer": layer,
            "people": len(members),
            "holds": layer - previous,  # Dunbar: 5, then 10 more, 35 more, 100 more
            "min_contact_days": LAYER_CADENCE_DAYS[layer],
            "upkeep_hours_per_week": round(sum(r.upkeep_minutes_per_week for r in members) / 60, 2),
            "spent_hours_per_week": round(sum(r.minutes for r in members) / weeks / 60, 2),
        }
        previous = layer


def _typical_session(active: list[Relationship]) -> float:
    """The median length of the conversations held, or the default when none were."""
    lengths = [r.session_minutes for r in active if r.conversations >= 1]
    return statistics.median(lengths) if lengths else SESSION_MINUTES


def _room(spare_hours: float, session_minutes: float) -> dict[str, object]:
    """What the spare hours buy: conversations a week, relationships at each layer's
    minimum contact, and new relationships a month by goal."""
    spare_minutes = max(0.0, spare_hours) * 60
    per_month = spare_minutes * WEEKS_PER_MONTH
    return {
        "spare_hours_per_week": round(spare_hours, 2),
        "session_minutes": round(session_minutes, 1),
        "conversations_per_week": math.floor(spare_minutes / session_minutes),
        "more_at_layer": {
            str(layer): math.floor(spare_minutes / (session_minutes * 7 / days))
            for layer, days in LAYER_CADENCE_DAYS.items()
        },
        "new_per_month": {
            goal: math.floor(per_month / (session_minutes * n))
            for goal, n in CONVERSATIONS_PER_NEW.items()
        },
    }
