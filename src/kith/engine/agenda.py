"""Build the day's agenda from a snapshot.

For each person: infer the stage as of `now` (`stage.infer_stage`), run the rules
that fit it, respect the user's done / snoozed / dismissed choices, and keep the
best item. At most one item per person, unless two are truly separate: a date
(`remember_date`) is its own cause and stands beside anything else. A closed
relationship gets only what was agreed at the close: a `reconnect` on the cadence
the user set, and nothing else. Introductions look at pairs, after the rest.

Score = urgency × importance (goal, stage, tie strength), rounded to two places;
ties are broken by due date, name and id, so the agenda is deterministic.
"""

from __future__ import annotations

from dataclasses import replace

from kith.engine.introduce import introductions
from kith.engine.journey import JOURNEY_RULES, RememberDate
from kith.engine.rules import RULES, Clock, Reconnect
from kith.engine.stage import infer_stage
from kith.models import AgendaItem, AgendaState, PersonState, Snapshot

ALL_RULES = (*RULES, *JOURNEY_RULES)
CLOSED_RULES = (Reconnect(),)
SEPARATE_RULES = (RememberDate(),)


def agenda(snapshot: Snapshot, limit: int | None = None) -> list[AgendaItem]:
    clock = Clock(snapshot.now, snapshot.tz, snapshot.news)
    people = tuple(with_stage(p, clock) for p in snapshot.people)
    items: list[AgendaItem] = []
    has_item: set[int] = set()
    for person in people:
        rules = CLOSED_RULES if person.stage == "closed" else ALL_RULES
        best = _best(person, rules, clock, snapshot.states)
        if best is not None:
            items.append(best)
            has_item.add(person.id)
        for rule in SEPARATE_RULES:
            extra = _best(person, (rule,), clock, snapshot.states)
            if extra is not None:
                items.append(extra)
    for intro in introductions(people, clock):
        if intro.person_id not in has_item and _is_open(
            intro, snapshot.states.get(intro.id), clock
        ):
            items.append(_rounded(intro))
            has_item.add(intro.person_id)
    items.sort(key=lambda i: (-i.score, i.due, i.person_name.casefold(), i.id))
    return items[:limit] if limit else items


def with_stage(person: PersonState, clock: Clock) -> PersonState:
    person = as_of(person, clock)
    stage = infer_stage(person, clock.now)
    return person if stage == person.stage else replace(person, stage=stage)


def as_of(person: PersonState, clock: Clock) -> PersonState:
    """Without what was held after `now`: `--as-of` in the past must not quote the future.

    Planned touches stay (a booked call ahead is known today). The summary's counts
    come from the store and still include later touches; see docs/engine.md.
    """
    seen = tuple(t for t in person.recent if t.status == "planned" or t.at <= clock.now)
    return person if len(seen) == len(person.recent) else replace(person, recent=seen)


def _best(
    person: PersonState, rules: tuple, clock: Clock, states: dict[str, AgendaState]
) -> AgendaItem | None:
    """The most useful open item for this person; rule order breaks ties."""
    best: AgendaItem | None = None
    for rule in rules:
        item = rule.evaluate(person, clock)
        if item is None or not _is_open(item, states.get(item.id), clock):
            continue
        item = _rounded(item)
        if best is None or item.score > best.score:
            best = item
    return best


def _is_open(item: AgendaItem, state: AgendaState | None, clock: Clock) -> bool:
    if state is None:
        return True
    if state.state == "snoozed":
        return state.until is not None and clock.today >= state.until
    return False


def _rounded(item: AgendaItem) -> AgendaItem:
    return replace(item, score=round(max(0.0, min(1.0, item.score)), 2))
