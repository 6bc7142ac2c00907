"""The journey as the interfaces see it: inferred stages kept, strength explained.

When `today` or `show` runs, each person it looks at gets their stage inferred as
of `now` (`kith.engine.stage`); a change is kept in `people.stage` and in
`stage_history` with its cause and the date of its evidence. Inference only ever
moves a relationship forward, so running `today --as-of` an earlier day cannot
undo what a later run kept; a stage the user set wins over evidence dated before it.

A list of people says the same stage `show` would: it infers, for the page of rows
it shows, through the same engine function — without keeping (a list only reads).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any

from kith.engine.journey import next_occurrence
from kith.engine.stage import infer_stage, journey_steps
from kith.engine.strength import effective_cadence, openness, strength_now
from kith.engine.timing import local_date
from kith.models import PersonState
from kith.store import Store
from kith.store.keep import record_stage
from kith.store.snapshot import load_people


def keep_stages(store: Store, people: Iterable[PersonState], now: datetime) -> int:
    """Write the stage changes the evidence supports; return how many."""
    changes = [(p.id, journey_steps(p, now)) for p in people]
    changes = [(pid, steps) for pid, steps in changes if steps]
    if not changes:
        return 0
    with store.engine.begin() as conn:
        for pid, steps in changes:
            for step in steps:
                record_stage(conn, store.account_id, pid, step.stage, step.at, step.cause)
    return len(changes)


def person_state(store: Store, person_id: int, now: datetime) -> PersonState:
    with store.engine.connect() as conn:
        found = load_people(conn, store.account_id, [person_id], now)
    return found[0]


def current_state(store: Store, person_id: int, now: datetime) -> PersonState:
    """Their state with the stage brought up to date (and kept)."""
    state = person_state(store, person_id, now)
    if keep_stages(store, [state], now):
        state = person_state(store, person_id, now)
    return state


def with_stages_now(
    store: Store, rows: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """These listed people with the stage `show` would say at `now` (nothing is kept)."""
    if not rows:
        return rows
    with store.engine.connect() as conn:
        states = load_people(conn, store.account_id, [int(r["id"]) for r in rows], now)
    stages = {p.id: infer_stage(p, now) for p in states}
    return [{**r, "stage": stages.get(int(r["id"]), r["stage"])} for r in rows]


def yearly_dates(p: PersonState, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    """Their birthday and other yearly dates, each with its next occurrence, soonest first."""
    today = local_date(now, tz)
    out = []
    for d in p.dates:
        when = next_occurrence(d.month, d.day, today)
        out.append(
            {
                "kind": d.kind,
                "label": d.label or d.kind.replace("_", " "),
                "month": d.month,
                "day": d.day,
                "year": d.year,
                "next": when.isoformat() if when else None,
                "in_days": (when - today).days if when else None,
                "years": _years(d.year, when, today),
            }
        )
    return sorted(out, key=lambda d: (d["in_days"] is None, d["in_days"] or 0, d["kind"]))


def _years(year: int | None, when: date | None, today: date) -> int | None:
    """How many years it will be at the next occurrence (their age, for a birthday).

    Only a past year counts: a date the user typed as this year's occurrence is not
    a year of birth."""
    if year is None or when is None or year >= today.year:
        return None
    return when.year - year


def strength_as_of(store: Store, person_id: int, now: datetime) -> float | None:
    """Their tie strength at `now`: the number the brief, show and the web page give."""
    return strength_now(person_state(store, person_id, now), now)


def strength_dict(p: PersonState, now: datetime, tz: tzinfo) -> dict[str, Any]:
    """Tie strength, layer, cadence, rhythm and who owes whom, for show and brief."""
    value = strength_now(p, now)
    cadence, source = effective_cadence(p)
    owes = None
    spoke_since = p.last_sync_at and p.last_direct_at and p.last_sync_at > p.last_direct_at
    if spoke_since:
        owes = None  # a conversation since the last message settles who wrote last
    elif p.last_direct_direction == "in":
        owes = "you owe them a reply"
    elif p.last_direct_direction == "out":
        owes = "they owe you a reply"
    return {
        "strength": value,
        "label": "never contacted" if value is None else _label(value),
        "layer": p.layer,
        "cadence_days": cadence,
        "cadence_source": source or None,
        "rhythm_days": p.rhythm_days,
        "words": {"in": p.words_in, "out": p.words_out},
        "reply_latency": {
            channel: {"median_s": median, "p90_s": p.p90_reply_s.get(channel)}
            for channel, median in sorted(p.median_reply_s.items())
        },
        "owes": owes,
        "openness": openness(p, now),
    }


def _label(value: float) -> str:
    if value >= 0.5:
        return "strong"
    if value >= 0.25:
        return "growing"
    return "weak or unknown (little logged contact is missing evidence, not weakness)"
