"""The rules of the later journey: preparing, booking, acting, keeping warm.

Each comes from a paragraph of the second seed (Settle-Murphy & Anklam, "Real-time
conversations crucial for networking in a virtual world") or its last section,
"Maintaining the connection"; docs/engine.md lists the numbers that are heuristics.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kith.engine import drafts
from kith.engine.rules import Clock, evidence_of, importance, item, usual_channel
from kith.engine.stage import purpose_of
from kith.engine.timing import add_business_days, days_between
from kith.models import (
    DIRECT_ASYNC_CHANNELS,
    ActionItemView,
    AgendaItem,
    Evidence,
    NewsView,
    PersonState,
    TopicView,
    TouchView,
)

PREPARE_WINDOW = timedelta(days=7)  # send material / a summary in the week before
CONVERGE_WINDOW = timedelta(days=21)  # after this, a brainstorm is history
QUIET_DAYS = 21  # acting, and nothing said for three weeks: say hello
NEWS_WINDOW = timedelta(days=14)
DATE_WINDOW_DAYS = 7
_STOP = """about after and are for from have how into its new not of on our out the their
this that what when with your you more most over than them they were will can just need needs
looking seeking wants want hiring"""
STOPWORDS = frozenset(_STOP.split())


def _planned(p: PersonState, purpose: str, clock: Clock) -> TouchView | None:
    """The next planned touch with this purpose within the preparation window."""
    ahead = [
        t
        for t in p.recent
        if t.status == "planned"
        and purpose_of(t) == purpose
        and clock.now < t.at <= clock.now + PREPARE_WINDOW
    ]
    return min(ahead, key=lambda t: t.at) if ahead else None


def _sent_between(p: PersonState, start: datetime, end: datetime) -> bool:
    return any(
        t.direction == "out" and t.channel in DIRECT_ASYNC_CHANNELS and start < t.at <= end
        for t in p.recent
        if t.status == "held"
    )


def _prepare_urgency(meeting: TouchView, clock: Clock) -> float:
    days = days_between(clock.now, meeting.at)
    return min(0.95, 0.95 - 0.04 * max(0.0, days - 1))


class SendMaterial:
    """`send_material`: an exploring conversation is planned within a week and
    nothing has been sent since it was booked — "send relevant documents in advance
    to help focus the conversation"."""

    action = "send_material"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        meeting = _planned(p, "explore", clock)
        if meeting is None or _sent_between(p, meeting.at - PREPARE_WINDOW, clock.now):
            return None
        return item(
            p,
            self.action,
            clock.day(meeting.at),
            channel=usual_channel(p),
            why=f"Your exploring {meeting.channel} with {p.name} is on {clock.say(meeting.at)}: "
            "send something to read first so the conversation can focus",
            due=clock.day(meeting.at) - timedelta(days=1),
            score=_prepare_urgency(meeting, clock) * importance(p, clock.now),
            evidence=(evidence_of(meeting),),
            draft=drafts.send_material(p, meeting),
        )


class BookConverge:
    """`book_converge`: a brainstorm was held and no converging session is booked —
    "book both at the same time … don't leave more than a few days between
    conversations, or you risk losing interest". Urgency grows each day."""

    action = "book_converge"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        held = [
            t
            for t in p.recent
            if purpose_of(t) == "brainstorm" and t.status == "held" and t.at <= clock.now
        ]
        if not held or clock.now - held[-1].at > CONVERGE_WINDOW:
            return None
        brainstorm = held[-1]
        if any(purpose_of(t) == "converge" and t.at > brainstorm.at for t in p.recent):
            return None
        days = days_between(brainstorm.at, clock.now)
        return item(
            p,
            self.action,
            clock.day(brainstorm.at),
            channel=usual_channel(p),
            why=f"You brainstormed with {p.name} on {clock.say(brainstorm.at)} and no converging "
            "session is booked: book it within a few days, before interest fades",
            due=clock.day(brainstorm.at) + timedelta(days=2),
            score=min(0.95, 0.7 + 0.05 * days) * importance(p, clock.now),
            evidence=(evidence_of(brainstorm),),
            draft=drafts.book_converge(p, brainstorm, clock.today),
        )


class SendSummary:
    """`send_summary`: a converging session is planned within a week and no summary
    has gone out — "send a summary of the output from your brainstorming session,
    highlighting a few areas with the most promise. Ask your colleague to do the same"."""

    action = "send_summary"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        meeting = _planned(p, "converge", clock)
        if meeting is None:
            return None
        brainstorms = [t for t in p.recent if purpose_of(t) == "brainstorm" and t.at <= clock.now]
        since = brainstorms[-1].at if brainstorms else meeting.at - PREPARE_WINDOW
        if _sent_between(p, since, clock.now):
            return None
        return item(
            p,
            self.action,
            clock.day(meeting.at),
            channel=usual_channel(p),
            why=f"You converge with {p.name} on {clock.say(meeting.at)}: send your summary of the "
            "brainstorm first, with the few most promising areas, and ask for theirs",
            due=clock.day(meeting.at) - timedelta(days=1),
            score=_prepare_urgency(meeting, clock) * importance(p, clock.now),
            evidence=tuple(evidence_of(t) for t in (*brainstorms[-1:], meeting)),
            draft=drafts.send_summary(p, meeting, brainstorms[-1] if brainstorms else None),
        )


def _overdue(p: PersonState, owner: str, today: date) -> list[ActionItemView]:
    return sorted(
        (a for a in p.actions if a.owner == owner and a.due is not None and a.due < today),
        key=lambda a: (a.due or today, a.id),
    )


def _action_evidence(a: ActionItemView) -> Evidence:
    return Evidence("action_item", a.due or a.created_at or date.min, a.text)


class CheckInCall:
    """`check_in_call`: their action item is overdue — "pick up the phone to check
    in instead of sending an email reminder". Channel call; it sends nothing."""

    action = "check_in_call"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        late = _overdue(p, "them", clock.today)
        if not late:
            return None
        first = late[0]
        assert first.due is not None
        days = (clock.today - first.due).days
        return item(
            p,
            self.action,
            first.due,
            channel="call",
            why=f"{p.name} planned to “{drafts.snippet(first.text, 80)}” by "
            f"{clock.say_date(first.due)}, {days} day{'s' * (days != 1)} ago: call to check in "
            "rather than send a reminder — priorities collide",
            due=clock.today,
            score=min(0.95, 0.8 + 0.02 * days) * importance(p, clock.now),
            evidence=tuple(_action_evidence(a) for a in late[:3]),
            draft=None,
        )


class AcknowledgeDelay:
    """`acknowledge_delay`: the user's own action item is overdue — "don't ignore
    the fact that you're late … indicate when you will be able to respond". The
    draft names the item and offers a new date three business days out."""

    action = "acknowledge_delay"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        late = _overdue(p, "me", clock.today)
        if not late:
            return None
        first = late[0]
        assert first.due is not None
        days = (clock.today - first.due).days
        new_date = clock.day(add_business_days(clock.now, 3, clock.tz))
        return item(
            p,
            self.action,
            first.due,
            channel=usual_channel(p),
            why=f"You promised {p.name} to “{drafts.snippet(first.text, 80)}” by "
            f"{clock.say_date(first.due)}, {days} day{'s' * (days != 1)} ago: say so and give "
            "a new date",
            due=clock.today,
            score=min(0.98, 0.85 + 0.02 * days) * importance(p, clock.now),
            evidence=tuple(_action_evidence(a) for a in late[:3]),
            draft=drafts.acknowledge_delay(p, first, new_date),
        )


class SayHello:
    """`say_hello`: acting together, nothing overdue, and all quiet for three weeks —
    "even when no actions are required, pick up the phone or send an email simply
    to say hello"."""

    action = "say_hello"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if p.stage != "acting" or p.last_touch_at is None:
            return None
        if _overdue(p, "them", clock.today) or _overdue(p, "me", clock.today):
            return None
        if p.next_planned_at is not None and p.next_planned_at >= clock.now:
            return None
        quiet = days_between(p.last_touch_at, clock.now)
        if quiet < QUIET_DAYS:
            return None
        last = p.recent[-1] if p.recent else None
        return item(
            p,
            self.action,
            clock.day(p.last_touch_at),
            channel=usual_channel(p),
            why=f"You act together with {p.name} and it has been quiet since "
            f"{clock.say(p.last_touch_at)}: a hello with no ask keeps it glued",
            due=clock.today,
            score=min(0.7, 0.45 + quiet / 200) * importance(p, clock.now),
            evidence=(evidence_of(last),) if last else (),
            draft=drafts.say_hello(p),
        )


def words(text: str) -> set[str]:
    """Content words, crudely stemmed (facilitator ~ facilitation) by their first 7 letters."""
    return {
        w[:7]
        for w in re.findall(r"[a-z0-9][a-z0-9-]+", text.lower())
        if w not in STOPWORDS and len(w) > 2
    }


def matches(topic: str, text: str) -> bool:
    """A topic matches text when its phrase appears, or most of its words do."""
    if topic.lower() in text.lower():
        return True
    wanted = words(topic)
    found = wanted & words(text)
    return bool(wanted) and len(found) >= max(1, (2 * len(wanted) + 2) // 3)


def match_news(
    topics: tuple[TopicView, ...], news: tuple[NewsView, ...], clock: Clock
) -> tuple[NewsView, str] | None:
    fresh = [n for n in news if clock.now - NEWS_WINDOW <= n.at <= clock.now]
    for n in sorted(fresh, key=lambda n: (n.at, n.id), reverse=True):
        text = f"{n.title} {n.summary or ''}"
        for topic in topics:
            if matches(topic.text, text):
                return n, topic.text
    return None


class Share:
    """`share`: a news item or article from the last two weeks matches a topic
    top-of-mind for them — "follow these up by forwarding news items". Not for a
    closed relationship or someone never spoken to."""

    action = "share"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if not p.topics or not clock.news or p.stage in ("closed", "new") or p.is_bulk:
            return None
        found = match_news(p.topics, clock.news, clock)
        if found is None:
            return None
        news, topic = found
        return item(
            p,
            self.action,
            clock.day(news.at),
            channel=usual_channel(p),
            why=f"“{drafts.snippet(news.title, 80)}” matches {topic!r}, top of mind for {p.name}",
            due=clock.today,
            score=0.5 * importance(p, clock.now),
            evidence=(Evidence("news", news.at, drafts.snippet(news.title, 200)),),
            draft=drafts.share(p, news, topic),
        )


def next_occurrence(month: int, day: int, today: date) -> date | None:
    for year in (today.year, today.year + 1):
        if year > date.max.year:
            break
        when: date | None
        try:
            when = date(year, month, day)
        except ValueError:  # 29 Feb in a common year: the day before
            when = date(year, month, 28) if (month, day) == (2, 29) else None
        if when is not None and when >= today:
            return when
    return None


class RememberDate:
    """`remember_date`: a birthday or important date in the next seven days.
    A separate item from any other for the same person (a date is its own cause)."""

    action = "remember_date"

    def evaluate(self, p: PersonState, clock: Clock) -> AgendaItem | None:
        if not p.dates or p.stage == "closed" or p.is_bulk:
            return None
        upcoming = []
        for d in p.dates:
            when = next_occurrence(d.month, d.day, clock.today)
            if when is not None and (when - clock.today).days <= DATE_WINDOW_DAYS:
                upcoming.append((when, d))
        if not upcoming:
            return None
        when, d = min(upcoming, key=lambda pair: (pair[0], pair[1].kind))
        label = d.label or d.kind.replace("_", " ")
        days = (when - clock.today).days
        said = "today" if days == 0 else f"on {clock.say_date(when)}"
        return item(
            p,
            self.action,
            when,
            channel=usual_channel(p),
            why=f"{p.name}'s {label} is {said}",
            due=when,
            score=(0.9 if days == 0 else max(0.5, 0.75 - 0.03 * days)) * importance(p, clock.now),
            evidence=(Evidence("date", when, label),),
            draft=drafts.remember_date(p, label, days),
        )


JOURNEY_RULES = (
    SendMaterial(),
    BookConverge(),
    SendSummary(),
    CheckInCall(),
    AcknowledgeDelay(),
    SayHello(),
    Share(),
)
