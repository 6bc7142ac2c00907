"""Tie strength now, layers' cadences and learned rhythm — the engine's side.

The store keeps, per person, a tie strength as of their last touch (a weighted
sum of the Gilbert & Karahalios dimensions logs can show: duration, intensity,
frequency, reciprocity, share of synchronous conversation, intimacy words, and a
repair bonus; see `kith.store.summary.tie_strength`). Here it is carried to
`now`:

- Silence is missing evidence, not proof of weakness (Wiese et al. 2015): no
  decay while the silence is within the person's own rhythm (or a month).
- Beyond that, closeness decays about 15% a year for kin (people tagged
  `family`) and, a heuristic, twice as fast for everyone else (Roberts & Dunbar
  2015: friends fade faster than family).
- "Never contacted" is its own answer (None), never a zero: the G&K "days since"
  weights are inflated by never-contacted pairs (RESEARCH.md).
"""

from __future__ import annotations

from datetime import datetime

from kith.models import DECAY_PER_YEAR, KIN_TAG, LAYER_CADENCE_DAYS, PersonState

GRACE_DAYS = 30  # silence shorter than this (or than their rhythm) is not evidence
RHYTHM_SLACK = 1.5  # overdue after 1.5 × their usual gap (monthly → 45 days)
UNKNOWN_STRENGTH = 0.3  # the prior for someone we have no evidence about (Wiese)


def is_kin(person: PersonState) -> bool:
    return KIN_TAG in person.tags


def strength_now(person: PersonState, now: datetime) -> float | None:
    """Their tie strength at `now` (0..1), or None when never contacted."""
    if person.strength is None or person.last_touch_at is None:
        return None
    silent = (now - person.last_touch_at).total_seconds() / 86400
    grace = max(GRACE_DAYS, person.rhythm_days or 0)
    years = max(0.0, silent - grace) / 365.25
    rate = DECAY_PER_YEAR["kin" if is_kin(person) else "non_kin"]
    return round(person.strength * (1 - rate) ** years, 3)


def strength_for_scoring(person: PersonState, now: datetime) -> float:
    value = strength_now(person, now)
    return UNKNOWN_STRENGTH if value is None else value


def learned_cadence(person: PersonState) -> int | None:
    """Days of silence after which their own rhythm says they are overdue."""
    if person.rhythm_days is None:  # the store learns one only from a real pattern
        return None
    return max(7, round(person.rhythm_days * RHYTHM_SLACK))


def effective_cadence(person: PersonState) -> tuple[int | None, str]:
    """The cadence that applies, and where it comes from: user > rhythm > layer.

    A closed relationship keeps only what was agreed at the close (the user's cadence).
    """
    if person.cadence_days:
        return person.cadence_days, "you set"
    if person.stage == "closed":
        return None, ""
    learned = learned_cadence(person) if person.layer else None
    if learned is not None:
        return learned, "your usual rhythm with them"
    if person.layer in LAYER_CADENCE_DAYS:
        return LAYER_CADENCE_DAYS[person.layer], f"their place in your closest {person.layer}"
    return None, ""


def openness(person: PersonState, now: datetime) -> str:
    """How much self-disclosure the trust so far supports (Aron et al. 1997: escalating)."""
    value = strength_now(person, now)
    if value is None or person.sync_count == 0:
        return (
            "light: keep to the topic and their work; "
            "share a professional story, not a personal one"
        )
    if value < 0.35:
        return (
            "moderate: a professional struggle and what you learned is welcome; "
            "ask one level deeper"
        )
    if value < 0.6:
        return "warm: personal stories fit; ask what matters to them beyond work"
    return "close: you can be candid and ask for candour in return"
