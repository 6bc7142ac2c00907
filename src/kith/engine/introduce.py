"""`introduce`: two people who should know each other and do not.

"Maintaining the connection … making introductions of people whom they may not
know" (the second seed). Two people qualify when one's need matches the other's
topic (a topic phrased as a need: "looking for …", "needs …", "hiring …") or when
they share a topic; and they do not know each other as far as the logs show (no
shared thread). The item goes to the person with the need (or, for a shared
topic, the one with the stronger tie), with the reason and a double opt-in draft:
each is asked before anyone is connected. Neither may be closed, bulk or new.
"""

from __future__ import annotations

import re
from datetime import date

from kith.engine import drafts
from kith.engine.journey import matches
from kith.engine.rules import Clock, importance, item, usual_channel
from kith.engine.strength import strength_for_scoring
from kith.models import AgendaItem, Evidence, PersonState

NEED = re.compile(r"^\s*(looking for|needs?|seeking|wants?|hiring|searching for)\s+(an?\s+)?", re.I)
MAX_PEOPLE = 400  # pairs are quadratic: the strongest ties with topics only


def need_of(topic: str) -> str | None:
    match = NEED.match(topic)
    return topic[match.end() :].strip() if match else None


def _open(p: PersonState) -> bool:
    return bool(p.topics) and not p.is_bulk and p.stage not in ("closed", "new")


def introductions(people: tuple[PersonState, ...], clock: Clock) -> list[AgendaItem]:
    """At most one introduction per person, for the best pair they are in."""
    pool = sorted(
        (p for p in people if _open(p)),
        key=lambda p: (-strength_for_scoring(p, clock.now), p.id),
    )[:MAX_PEOPLE]
    best: dict[int, AgendaItem] = {}
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            if b.id in a.known_ids or a.id in b.known_ids:
                continue
            found = _pair(a, b, clock) or _pair(b, a, clock)
            if found is not None and (
                found.person_id not in best or found.score > best[found.person_id].score
            ):
                best[found.person_id] = found
    return sorted(best.values(), key=lambda i: i.id)


def _pair(a: PersonState, b: PersonState, clock: Clock) -> AgendaItem | None:
    """`a` needs what `b` knows, or they share a topic (then `a` is the stronger tie)."""
    for need_topic in a.topics:
        need = need_of(need_topic.text)
        if not need:
            continue
        for offer in b.topics:
            if need_of(offer.text) is None and matches(need, offer.text):
                reason = f"{a.name} is {need_topic.text.lower()} and {b.name} knows {offer.text}"
                cause = max(need_topic.at, offer.at)
                return _item(a, b, reason, clock.day(cause), clock, 0.55)
    for ta in a.topics:
        for tb in b.topics:
            if need_of(ta.text) is None and need_of(tb.text) is None and matches(ta.text, tb.text):
                if strength_for_scoring(a, clock.now) < strength_for_scoring(b, clock.now):
                    return None  # the pair is found again with the roles swapped
                reason = f"you both care about {ta.text}"
                return _item(a, b, reason, clock.day(max(ta.at, tb.at)), clock, 0.45)
    return None


def _item(
    a: PersonState, b: PersonState, reason: str, cause: date, clock: Clock, urgency: float
) -> AgendaItem:
    return item(
        a,
        "introduce",
        cause,
        channel=usual_channel(a),
        why=f"Introduce {a.name} to {b.name} — {reason}; they share no conversation yet. "
        "Ask both first (double opt-in)",
        due=clock.today,
        score=urgency * importance(a, clock.now),
        evidence=(Evidence("topic", cause, reason),),
        draft=drafts.introduce(a, b, reason),
    )
