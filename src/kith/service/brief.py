"""`kith brief PERSON`: everything to prepare a conversation, on one page.

Who they are, how and when you met, goal and stage and what this conversation is
for at this stage (the second seed's steps), the last conversations, the details
you accepted, open action items on both sides, topics, reply rhythm, strength and
layer, three open questions built from what they told you (Huang et al. 2017:
follow-up questions build liking), a story of yours that fits (the third seed:
storytelling), and how much openness the trust so far supports (Aron et al. 1997:
disclosure escalates with trust).
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

from kith import config
from kith.engine import waiting
from kith.engine.drafts import quoted, snippet
from kith.engine.timing import local_date, short_date
from kith.models import SYNC_CHANNELS, PersonState
from kith.service.journey import current_state, strength_dict, yearly_dates
from kith.store import Store, reads
from kith.store.timeutil import aware, iso

PURPOSE = {
    "new": "Find a reason to talk: what do you genuinely want to learn from them?",
    "engaged": "Turn comments into a conversation: ask about their work, then propose a call.",
    "connected": "Find a basis for relatedness; if the fit is good, suggest one concrete next "
    "step — if not, say so honestly and thank them for their time.",
    "exploring": "Explore where you could work together: bring specific possibilities and stay "
    "open to the ones you had not thought of.",
    "brainstorming": "Diverge: generate possibilities together and decide later; book the "
    "converging session before you hang up.",
    "converging": "Agree on one or two opportunities: intended outcomes, timing, "
    "responsibilities, resources — and the next steps.",
    "acting": "Review the plan: progress on both sides, issues, and when you will next check in.",
    "maintaining": "Keep it warm: what is top of mind for them now, and who or what you "
    "could pass on.",
    "closed": "Honour what you agreed at the close, and nothing more.",
}
ENGAGED_IN_WRITING = (
    "Deepen the written thread: ask about their work, then propose a call — voice first."
)
WORD = re.compile(r"[a-z0-9]{4,}")
SUBSTANTIAL_WORDS = 5  # fewer ("Ha, perfect", "👍") leaves nothing to ask about


def brief(store: Store, query: str, as_of: str | None = None) -> dict[str, Any]:
    from kith.service import now_for  # the service package's clock helpers

    person_id, _ = store.resolve_person(query)
    tz = config.local_zone()
    now = now_for(as_of, tz)
    state = current_state(store, person_id, now)
    person = store.person(person_id)
    with store.engine.connect() as conn:
        met = reads.first_met(conn, person_id)
        last = _as_of(reads.last_conversations(conn, person_id, limit=20), now)[:5]
        rhythm = reads.channel_rhythm(conn, person_id)
        stories = reads.stories(conn, store.account_id)
    actions = [a for a in store.actions(person_id) if a["status"] == "open"]
    strength = strength_dict(state, now, tz)
    if state.last_direct_direction == "out" and state.last_direct_at is not None:
        wait = waiting.polite_wait(  # the wait the agenda's nudge and the coach keep
            state.last_direct_at,
            state.last_direct_channel,
            state.trailing_outs,
            state.median_reply_s,
            tz,
        )
        strength["polite_wait_until"] = iso(wait)
    return {
        "person": {"id": person_id, "name": state.name},
        "who": {
            "company": person.get("company"),
            "position": person.get("position"),
            "tags": list(state.tags),
        },
        "dates": yearly_dates(state, now, tz),
        "notes": person.get("notes"),  # from their contact card, whole
        "met": _met(met),
        "goal": state.goal,
        "stage": state.stage,
        "purpose": _purpose(state, now),
        "last_conversations": [
            {
                "at": iso(r.at),
                "channel": r.channel,
                "direction": r.direction,
                "status": r.status,
                "gist": snippet(r.text or r.subject or "", 140) or None,
            }
            for r in last
        ],
        "details": [{"text": d.text, "at": iso(d.at)} for d in state.details],
        "action_items": {
            "mine": [_action(a) for a in actions if a["owner"] == "me"],
            "theirs": [_action(a) for a in actions if a["owner"] == "them"],
        },
        "topics": [t.text for t in state.topics],
        "reply_rhythm": rhythm,
        "strength": strength,
        "questions": questions(state, last, now, tz),
        "story": best_story(state, stories),
        "openness": strength["openness"],
        "stage_history": person.get("stage_history", []),
    }


def _as_of(rows: list[Any], now: datetime) -> list[Any]:
    """What had happened by `now` (a brief `--as-of` a past day does not quote later
    messages); planned conversations stay, they were known."""
    return [r for r in rows if r.status == "planned" or (aware(r.at) or now) <= now]


def _purpose(p: PersonState, now: datetime) -> str:
    """What the next conversation is for: its planned purpose, else the stage's step."""
    from kith.engine.stage import PURPOSE_STAGE, purpose_of

    ahead = [t for t in p.recent if t.status == "planned" and t.at >= now]
    for touch in sorted(ahead, key=lambda t: t.at):
        purpose = purpose_of(touch)
        if purpose in PURPOSE_STAGE:
            return PURPOSE[PURPOSE_STAGE[purpose]]
    if p.stage == "engaged" and (p.direct_in or p.direct_out):
        return ENGAGED_IN_WRITING
    return PURPOSE.get(p.stage, "")


def _action(a: dict[str, Any]) -> dict[str, Any]:
    return {"id": a["id"], "text": a["text"], "due": a["due"]}




def _met(met: dict[str, Any]) -> dict[str, Any]:
    first = met.get("first_touch")
    engaged = met.get("first_engagement")
    if engaged and (not first or engaged["at"] <= first["at"]):
        how, when = f"{engaged['kind']} on your content", engaged["at"]
    elif first:
        who = "they" if first["direction"] == "in" else "you"
        began = "began" if first["channel"] in ("call", "video", "meeting") else "wrote first"
        how, when = f"{first['channel']} ({who} {began})", first["at"]
    elif met.get("connected_at"):
        how, when = "connection", met["connected_at"]
    else:
        return {"how": None, "at": None}
    connected = met.get("connected_at")
    return {"how": how, "at": iso(when), "connected_at": iso(connected)}


def questions(p: PersonState, last: list[Any], now: datetime, tz: tzinfo) -> list[str]:
    """Three open questions: from their details, their words, their topics, your last talk."""
    out: list[str] = []
    detail = p.details[-1].text if p.details else None
    if detail:
        out.append(f"Last time you mentioned “{quoted(detail, 100)}” — how has that turned out?")
    said = _worth_asking_about(last, detail)
    if said is not None:
        out.append(f"You wrote “{quoted(said, 80)}” — what has happened since?")
    for topic in reversed(p.topics):
        out.append(f"What is the hardest part of {topic.text} for you right now?")
    talk = next((r for r in last if r.status == "held" and r.channel in SYNC_CHANNELS), None)
    if len(out) < 3 and talk is not None:
        when = short_date(local_date(aware(talk.at) or now, tz), local_date(now, tz))
        out.append(f"Since our {talk.channel} on {when}, what has moved on your side?")
    fallback = [
        "What are you most looking forward to in the next few months?",
        "What would make our next conversation worth your time?",
        "Who else should I be talking to about this?",
    ]
    for question in fallback:
        if len(out) >= 3:
            break
        out.append(question)
    return out[:3]


def _worth_asking_about(last: list[Any], detail: str | None) -> str | None:
    """Their latest words with something in them (not a “Ha, perfect”), unless the
    detail the first question quotes already came from them."""
    said = next(
        (
            r.text
            for r in last
            if r.direction == "in" and r.text and len(r.text.split()) >= SUBSTANTIAL_WORDS
        ),
        None,
    )
    if said is None or (detail and _overlap(said, detail) >= 0.5):
        return None
    return str(said)


def _overlap(a: str, b: str) -> float:
    """The share of the shorter text's words found in the other."""
    wa, wb = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def best_story(p: PersonState, stories: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The user's story whose topic or words best overlap their topics and details."""
    wanted = set()
    for text in [t.text for t in p.topics] + [d.text for d in p.details]:
        wanted |= set(WORD.findall(text.lower()))
    best, best_score = None, 0
    for story in stories:
        words = set(WORD.findall(f"{story['topic'] or ''} {story['text']}".lower()))
        score = len(words & wanted) + (
            3 if story["topic"] and story["topic"].lower() in wanted else 0
        )
        if score > best_score:
            best, best_score = story, score
    return best
