"""The agenda rules: each one small, named after its action, with its evidence.

Each rule reads one `PersonState` and the clock it is given, and proposes at most
one `AgendaItem`. Where a rule comes from: the seeds (content starts, async
deepens, sync binds, follow-up keeps alive) and RESEARCH.md (reply timing).
Scores are urgency × importance in [0, 1]; `agenda.py` keeps one item a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from kith.engine import drafts, waiting
from kith.engine.acknowledgement import is_acknowledgement
from kith.engine.strength import effective_cadence, strength_for_scoring
from kith.engine.timing import days_between, local_date, polite_wait_until, short_date
from kith.models import (
    DIRECT_ASYNC_CHANNELS,
    SYNC_CHANNELS,
    AgendaItem,
    Evidence,
    NewsView,
    PersonState,
    TouchView,
)

REPLY_WINDOW = timedelta(days=30)  # beyond this a reply owed becomes a reconnect
NUDGE_WINDOW = timedelta(days=45)
MAX_NUDGES = 2
# A closing acknowledgement ("Saved!", "Thanks, will do 👍") asks for nothing: chasing
# an answer to it would be pressure, not patience (seed 3: patience with async replies).
ACKNOWLEDGEMENT_WORDS = 6
FOLLOW_UP_WINDOW = timedelta(days=14)  # most urgent on day one, fading after a week
REPEAT_ENGAGER_POSTS = 3  # "several" of the user's posts
ALIVE_THREAD = timedelta(days=21)
LIVE_THREAD_EXCHANGES = 2  # at least this many messages each way
NO_FIT_TAGS = frozenset({"no-fit", "no fit", "nofit"})


@dataclass(frozen=True)
class Clock:
    """`now` and what the whole snapshot shares (news to match topics against)."""

    now: datetime
    tz: tzinfo
    news: tuple[NewsView, ...] = ()

    @property
    def today(self) -> date:
        return local_date(self.now, self.tz)

    def day(self, moment: datetime) -> date:
        return local_date(moment, self.tz)

    def say(self, moment: datetime) -> str:
        return short_date(self.day(moment), self.today)

    def say_date(self, day: date) -> str:
        return short_date(day, self.today)


GOAL_WEIGHT = {"collaborate": 1.0, "connect": 0.85}
STAGE_WEIGHT = {
    "new": 0.8,
    "engaged": 0.9,
    "connected": 0.95,
    "exploring": 1.0,
    "brainstorming": 1.0,
    "converging": 1.0,
    "acting": 1.0,
    "maintaining": 0.85,
    "closed": 0.5,
}
# A single shared "now" for strength inside one importance call would need the
# clock; importance reads the strength as of the person's last touch instead.


def importance(person: PersonState, now: datetime | None = None) -> float:
    """Goal × stage × tie strength, each a heuristic weight (docs/engine.md).

    Collaborations and relationships further along matter more; a stronger tie
    matters more, but an unknown one is not zero (silence is missing evidence).
    """
    goal = GOAL_WEIGHT.get(person.goal, 0.85)
    stage = STAGE_WEIGHT.get(person.stage, 0.9)
    moment = now or person.last_touch_at
    strength = strength_for_scoring(person, moment) if moment else 0.3
    return goal * stage * (0.8 + 0.2 * strength)


def _evidence(touch: TouchView) -> Evidence:
    return Evidence(kind=touch.channel, at=touch.at, text=drafts.snippet(touch.text, 200) or None)


def item(person: PersonState, action: str, cause: date, **fields: object) -> AgendaItem:
    return _item(person, action, cause, **fields)


def _item(person: PersonState, action: str, cause: date, **fields: object) -> AgendaItem:
    return AgendaItem(
        id=f"{action}:{person.id}:{cause.isoformat()}",
        person_id=person.id,
        person_name=person.name,
        action=action,
        **fields,
    )


def _direct(person: PersonState) -> list[TouchView]:
    return [
        t
        for t in person.recent
        if t.channel in DIRECT_ASYNC_CHANNELS and not t.is_group and t.status == "held"
    ]


def _unanswered(p: PersonState) -> list[TouchView]:
    """Their messages since the user last wrote or spoke with them: what a reply answers."""
    return waiting.unanswered(p.recent)  # the coach's `last_message` is the same one


class Reply:
    """`reply`: they wrote last in a one-to-one written thread and wait for an answer.

    Not for bulk senders or group threads (PRODUCT.md); after 30 days unanswered it
    is a matter for `reconnect`, not a reply.
    """

    action = "reply"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.last_direct_direction != "in" or p.last_direct_at is None:
            return None
        if spoke_since(p, p.last_direct_at, clock):
            return None  # a call or meeting since answered it
        waited = clock.now - p.last_direct_at
        if waited < timedelta(0) or waited > REPLY_WINDOW:
            return None
        # What they wrote lately: a note from months before is not what waits for an answer.
        incoming = [t for t in _unanswered(p) if p.last_direct_at - t.at <= REPLY_WINDOW][-2:]
        urgency = min(1.0, 0.75 + days_between(p.last_direct_at, clock.now) / 10)
        return _item(
            p,
            self.action,
            clock.day(p.last_direct_at),
            channel=p.last_direct_channel,
            why=f"{p.name} wrote to you on {clock.say(p.last_direct_at)} "
            f"({p.last_direct_channel}) and is waiting for your answer",
            due=clock.today,
            score=urgency * importance(p, clock.now),
            evidence=tuple(_evidence(t) for t in incoming),
            draft=drafts.reply(p, incoming),
        )


class Nudge:
    """`nudge`: the user wrote last and the polite wait is over.

    Wait = max(one business day, 3 × their median reply time on that channel); the
    second nudge after twice that; never more than two (then `close`).
    """

    action = "nudge"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.last_direct_direction != "out" or p.last_direct_at is None:
            return None
        if spoke_since(p, p.last_direct_at, clock):
            return None  # they answered in a conversation, not in writing
        if not 1 <= p.trailing_outs <= MAX_NUDGES or clock.now - p.last_direct_at > NUDGE_WINDOW:
            return None
        if p.next_planned_at is not None and p.next_planned_at >= clock.now:
            return None  # a conversation is booked: nothing to chase
        channel = p.last_direct_channel or waiting.DEFAULT_CHANNEL
        due_at = waiting.polite_wait(
            p.last_direct_at, channel, p.trailing_outs, p.median_reply_s, clock.tz
        )
        if clock.now < due_at:
            return None
        second = p.trailing_outs == MAX_NUDGES
        sent = [t for t in _direct(p) if t.direction == "out"][-1:]
        if sent and is_acknowledgement(sent[-1].text, ACKNOWLEDGEMENT_WORDS):
            return None
        which = "a second, last gentle nudge" if second else "a gentle nudge"
        return _item(
            p,
            self.action,
            clock.day(p.last_direct_at),
            channel=channel,
            why=f"You wrote to {p.name} on {clock.say(p.last_direct_at)} and have had no answer "
            f"since; the polite wait ended {clock.say(due_at)} — time for {which}",
            due=clock.day(due_at),
            score=(0.55 if second else 0.65) * importance(p, clock.now),
            evidence=tuple(_evidence(t) for t in sent),
            draft=drafts.nudge(p, second, sent[-1] if sent else None),
        )


class Close:
    """`close`: stalled after two nudges, or the user has seen there is no fit
    (tag `no-fit`) — offer a graceful, honest close.

    Drafts thanks, their time and ideas, the user's future availability and the
    cadence to agree, if any (the second seed, "Closing the conversation");
    moving to `closed` stays the user's choice (`kith stage PERSON closed`).
    """

    action = "close"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.stage == "closed":
            return None
        if NO_FIT_TAGS & set(p.tags):
            return self._no_fit(p, clock)
        if p.last_direct_at is None:
            return None
        if p.last_direct_direction != "out" or p.trailing_outs <= MAX_NUDGES:
            return None
        if spoke_since(p, p.last_direct_at, clock):
            return None
        channel = p.last_direct_channel or "email"
        due_at = polite_wait_until(p.last_direct_at, p.median_reply_s.get(channel), clock.tz, 2)
        if clock.now < due_at or clock.now - p.last_direct_at > NUDGE_WINDOW:
            return None
        return _item(
            p,
            self.action,
            clock.day(p.last_direct_at),
            channel=channel,
            why=f"{p.trailing_outs} messages to {p.name} since their last answer, the latest on "
            f"{clock.say(p.last_direct_at)}: close the loop kindly rather than chase",
            due=clock.today,
            score=0.55 * importance(p, clock.now),
            evidence=tuple(_evidence(t) for t in _direct(p)[-3:]),
            draft=drafts.close(p),
        )

    def _no_fit(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        last = p.recent[-1] if p.recent else None
        cause = clock.day(p.last_touch_at) if p.last_touch_at else clock.today
        return _item(
            p,
            self.action,
            cause,
            channel=usual_channel(p),
            why=f"You marked {p.name} as no fit for now: say so honestly, thank them, "
            "and agree how to stay in touch",
            due=clock.today,
            score=0.5 * importance(p, clock.now),
            evidence=(_evidence(last),) if last else (),
            draft=drafts.close(p),
        )


class FollowUp:
    """`follow_up`: a synchronous conversation ended and nothing has been sent since.

    ASAP after it (the second seed): specific possibilities, two or three proposed
    times, material to read first. Most urgent on the first day, fading after a week.
    """

    action = "follow_up"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.last_sync_at is None:
            return None
        held = [
            t
            for t in p.recent
            if t.channel in SYNC_CHANNELS and t.status == "held" and t.at <= clock.now
        ]
        if not held or held[-1].is_group or held[-1].purpose == "brainstorm":
            return None  # after a brainstorm, the follow-up is `book_converge`
        conversation = held[-1]
        age = clock.now - conversation.at
        if age > FOLLOW_UP_WINDOW:
            return None
        sent_since = any(
            t.direction == "out"
            and t.channel in DIRECT_ASYNC_CHANNELS
            and conversation.at < t.at <= clock.now
            for t in p.recent
        )
        if sent_since:
            return None
        days = age.total_seconds() / 86400
        urgency = 1.0 if days <= 1 else max(0.35, 1.0 - 0.09 * (days - 1))
        booked = next(
            (
                t
                for t in p.recent
                if t.status == "planned" and t.at > clock.now and t.channel in SYNC_CHANNELS
            ),
            None,
        )
        # With the next conversation already booked, proposing times would talk past it.
        ask = (
            f"thank them and confirm the {booked.channel} on {clock.say(booked.at)}"
            if booked
            else "send the possibilities you see and two or three times for a next conversation"
        )
        return _item(
            p,
            self.action,
            clock.day(conversation.at),
            channel=usual_channel(p),
            why=f"You had a {conversation.channel} with {p.name} on {clock.say(conversation.at)} "
            f"and have not followed up yet — {ask}",
            due=clock.day(conversation.at) + timedelta(days=1),
            score=urgency * importance(p, clock.now),
            evidence=(_evidence(conversation),),
            draft=drafts.follow_up(p, conversation, clock.today, booked),
        )


class Reconnect:
    """`reconnect`: the cadence is overdue — the one the user set (or agreed at a
    close), else their own learned rhythm (talked monthly for two years, silent 50
    days: overdue), else the default of their Dunbar layer (5 weekly, 15 monthly,
    50 half-yearly, 150 yearly; RESEARCH.md).

    Any real touch resets it, in or out, on any channel; reactions and bulk mail
    do not (they are not counted in `last_touch_at`). A planned conversation ahead
    means nothing is overdue.
    """

    action = "reconnect"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        cadence, source = effective_cadence(p)
        if not cadence or p.last_touch_at is None or p.is_bulk:
            return None
        if p.next_planned_at is not None and p.next_planned_at >= clock.now:
            return None
        due_at = p.last_touch_at + timedelta(days=cadence)
        if clock.now < due_at:
            return None
        overdue = days_between(due_at, clock.now)
        last = p.recent[-1] if p.recent else None
        return _item(
            p,
            self.action,
            clock.day(due_at),
            channel=usual_channel(p),
            # "in touch", not "conversation": a comment on your post counts as a touch too.
            why=f"Every {cadence} days with {p.name} ({source}); last in touch on "
            f"{clock.say(p.last_touch_at)}, {_how_long(int(overdue))} past due",
            due=clock.day(due_at),
            score=_reconnect_urgency(overdue, cadence, source) * importance(p, clock.now),
            evidence=(_evidence(last),) if last else (),
            draft=drafts.reconnect(p, last),
        )


def _how_long(days: int) -> str:
    """`12 days`, `about 5 months`, `over 3 years`: the scale a person thinks in."""
    if days < 60:
        return f"{days} day{'s' * (days != 1)}"
    if days < 730:
        return f"about {round(days / 30.44)} months"
    return f"over {days // 365} years"


def _reconnect_urgency(overdue: float, cadence: int, source: str) -> float:
    """A cadence the user chose weighs more than one Kith inferred (a heuristic)."""
    if source == "you set":
        return min(1.0, 0.45 + overdue / (2 * cadence))
    return min(0.6, 0.3 + overdue / (4 * cadence))


class SendDM:
    """`send_dm`: a repeat engager — comments on several of the user's posts within
    about 90 days — with no direct thread yet. Content started it; a DM deepens it.
    """

    action = "send_dm"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.direct_in or p.direct_out or p.sync_count:
            return None
        comments = [e for e in p.engagements if e.kind == "comment"]
        posts = {e.content_url or e.at.isoformat() for e in comments}
        if len(posts) < REPEAT_ENGAGER_POSTS:
            return None
        latest = comments[-1]
        first = comments[0]
        return _item(
            p,
            self.action,
            clock.day(latest.at),
            channel=_dm_channel(p),
            why=f"Commented on {len(posts)} of your posts since {clock.say(first.at)}; "
            "you have never written to them directly",
            due=clock.today,
            score=min(1.0, 0.6 + 0.05 * len(posts)) * importance(p, clock.now),
            evidence=tuple(
                Evidence("comment", e.at, drafts.snippet(e.text, 200) or None)
                for e in comments[-3:]
            ),
            draft=drafts.send_dm(p, comments),
        )


def _dm_channel(p: PersonState) -> str | None:
    """A DM on the platform where they comment, unless all we hold is another address
    (a blog commenter known by email is written to by email)."""
    reachable = address_channels(p)
    return "dm" if "dm" in reachable or not reachable else usual_channel(p)


class ProposeCall:
    """`propose_call`: a live async thread — several exchanges both ways, recent —
    and never a synchronous conversation. Voice first (the second seed).
    """

    action = "propose_call"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.is_bulk or p.sync_count or p.last_direct_at is None or p.first_touch_at is None:
            return None
        if p.direct_in < LIVE_THREAD_EXCHANGES or p.direct_out < LIVE_THREAD_EXCHANGES:
            return None
        if clock.now - p.last_direct_at > ALIVE_THREAD or p.next_planned_at is not None:
            return None
        direct = _direct(p)
        last_in = next((t for t in reversed(direct) if t.direction == "in"), None)
        owed = (
            " — answer their last message with the invitation"
            if p.last_direct_direction == "in"
            else ""
        )
        return _item(
            p,
            self.action,
            clock.day(p.first_touch_at),
            channel="call",
            why=f"{p.direct_in + p.direct_out} messages back and forth with {p.name} since "
            f"{clock.say(p.first_touch_at)}, and you have never spoken: propose a call{owed}",
            due=clock.today,
            score=(0.85 if owed else 0.75) * importance(p, clock.now),
            evidence=tuple(_evidence(t) for t in direct[-3:]),
            draft=drafts.propose_call(p, last_in, clock.today),
        )


def spoke_since(p: PersonState, moment: datetime, clock: Clock) -> bool:
    """A synchronous conversation after `moment` (and by now) settles who wrote last."""
    return p.last_sync_at is not None and moment < p.last_sync_at <= clock.now


# The written channel an address reaches, preferred in this order when nothing
# they wrote says which one they use.
ADDRESS_CHANNEL = {"email": "email", "profile": "dm", "phone": "chat"}
CHANNEL_PREFERENCE = ("email", "dm", "chat")
DM_NETWORKS = frozenset({"twitter", "x", "instagram", "linkedin", "bluesky", "mastodon"})


def address_channels(p: PersonState) -> set[str]:
    """The written channels we hold an address for (a handle reaches its network)."""
    found = {ADDRESS_CHANNEL[kind] for kind in p.addresses if kind in ADDRESS_CHANNEL}
    for kind in p.addresses:
        if kind.startswith("handle:"):
            found.add("dm" if kind.removeprefix("handle:") in DM_NETWORKS else "chat")
    return found


def usual_channel(p: PersonState) -> str | None:
    """The written channel to reach them by: the one your recent conversation used
    most, else the last one either of you wrote on, else one you hold an address for.

    Never a channel without an address: a LinkedIn-only contact is not emailed. None
    when Kith knows no way to write to them.
    """
    channels = [
        t.channel for t in p.recent if t.status == "held" and t.channel in DIRECT_ASYNC_CHANNELS
    ]
    if channels:
        return max(sorted(set(channels)), key=channels.count)
    if p.last_direct_channel:
        return p.last_direct_channel
    reachable = address_channels(p)
    return next((c for c in CHANNEL_PREFERENCE if c in reachable), None)


def evidence_of(touch: TouchView) -> Evidence:
    return _evidence(touch)


RULES = (ProposeCall(), FollowUp(), Reply(), SendDM(), Nudge(), Close(), Reconnect())
