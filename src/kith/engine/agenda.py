"""Build the day's agenda from a snapshot: run the rules, respect the user's
done / snoozed / dismissed choices, keep one item per person, sort by score."""

from __future__ import annotations

from kith.engine.rules import RULES, Clock
from kith.models import AgendaItem, AgendaState, PersonState, Snapshot


def agenda(snapshot: Snapshot, limit: int | None = None) -> list[AgendaItem]:
    clock = Clock(snapshot.now, snapshot.tz)
    items: list[AgendaItem] = []
    for person in snapshot.people:
        best = _best_for(person, clock, snapshot.states)
        if best is not None:
            items.append(best)
    items.sort(key=lambda i: (-i.score, i.due, i.person_name.casefold(), i.id))
    return items[:limit] if limit else items


def _best_for(
    person: PersonState, clock: Clock, states: dict[str, AgendaState]
) -> AgendaItem | None:
    """The most useful open item for this person; rule order breaks ties."""
    best: AgendaItem | None = None
    for rule in RULES:
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
    from dataclasses import replace

    return replace(item, score=round(max(0.0, min(1.0, item.score)), 2))
