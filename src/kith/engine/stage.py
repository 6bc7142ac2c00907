"""Where a relationship stands: inferred from evidence, unless the user said so.

The journey of PRODUCT.md, from the second seed (Settle-Murphy & Anklam):

- `new` — known, nothing exchanged;
- `engaged` — only asynchronous touches or engagement with the user's content;
- `connected` — the first synchronous conversation (call, video, meeting);
- `exploring` / `brainstorming` / `converging` — a conversation with that purpose
  is planned or held (`kith log --purpose`, or a calendar event whose title says
  "explore", "brainstorm", "converge"/"decide"/"prioritise");
- `acting` — an action plan exists (open action items);
- `maintaining` — for a `connect` goal, once the conversation was held and
  followed up (or a second one held): "one or two conversations, then maintain";
- `closed` — only ever the user's choice, and it sticks.

Inference never moves a relationship backwards: the stored stage (the last one
inferred or set) is the floor, and evidence can only raise it. A stage the user
set (`kith stage … --at`) wins over all evidence dated before that moment; later
evidence moves on from it. `journey_step` says what changed, when and why, so the
service can keep the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from kith.models import SYNC_CHANNELS, PersonState, TouchView

RANK = {
    "new": 0,
    "engaged": 1,
    "connected": 2,
    "maintaining": 3,
    "exploring": 4,
    "brainstorming": 5,
    "converging": 6,
    "acting": 7,
}
PURPOSE_STAGE = {"explore": "exploring", "brainstorm": "brainstorming", "converge": "converging"}
# A calendar event's title is evidence of its purpose: one pass, first group wins.
TITLE_PURPOSE = re.compile(
    r"\b(?:(?P<converge>converg|decid|decision|prioriti[sz]|agree on|shortlist)"
    r"|(?P<brainstorm>brainstorm|ideation|workshop|diverg)"
    r"|(?P<explore>explor|discovery|intro(?:ductory)? call|get to know))",
    re.I,
)


@dataclass(frozen=True)
class StageStep:
    stage: str
    at: datetime
    cause: str


def purpose_of(touch: TouchView) -> str | None:
    """The touch's purpose, or the one its calendar title names (sync touches only)."""
    if touch.purpose:
        return touch.purpose
    if touch.channel not in SYNC_CHANNELS:
        return None
    title = " ".join(filter(None, (touch.subject, touch.text)))
    found = TITLE_PURPOSE.search(title) if title else None
    return found.lastgroup if found else None


def evidence(p: PersonState, now: datetime | None = None) -> list[StageStep]:
    """Every stage the evidence supports, with when and why, oldest first."""
    steps: list[StageStep] = []
    seen = [t for t in p.recent if t.status == "planned" or now is None or t.at <= now]
    held = [t for t in seen if t.status == "held"]
    first_async = p.first_touch_at or (p.engagements[0].at if p.engagements else None)
    if first_async is not None:
        steps.append(StageStep("engaged", first_async, "first exchange"))
    syncs = [t for t in held if t.channel in SYNC_CHANNELS]
    if p.sync_count and (syncs or p.last_sync_at):
        first = syncs[0].at if syncs else p.last_sync_at
        assert first is not None
        what = syncs[0].channel if syncs else "conversation"
        steps.append(StageStep("connected", first, f"first synchronous conversation ({what})"))
        if p.goal == "connect":
            steps.extend(_maintaining(p, held, first))
    for touch in seen:
        purpose = purpose_of(touch)
        if purpose in PURPOSE_STAGE:
            when = "planned for" if touch.status == "planned" else "held on"
            label = purpose.replace("explore", "exploring").replace("converge", "converging")
            steps.append(
                StageStep(
                    PURPOSE_STAGE[purpose],
                    touch.at,
                    f"{'an' if label[0] in 'aeiou' else 'a'} {label} {touch.channel} {when} "
                    f"{touch.at.date().isoformat()}",
                )
            )
    # Open action items are a plan whatever the day they were typed in: `--as-of`
    # must not depend on the wall clock. The history records when they were added.
    dated = [a.created_at for a in p.actions if a.created_at is not None]
    at = min(dated) if dated else (now or p.last_touch_at)
    if p.actions and at is not None:
        steps.append(StageStep("acting", at, f"an action plan: {len(p.actions)} open item(s)"))
    steps.sort(key=lambda s: (s.at, RANK.get(s.stage, 0)))
    return steps


def _maintaining(p: PersonState, held: list[TouchView], first: datetime) -> list[StageStep]:
    followed = [t for t in held if t.direction == "out" and t.at > first]
    if p.sync_count >= 2 or followed:
        at = followed[0].at if followed else (p.last_sync_at or first)
        return [StageStep("maintaining", at, "goal is to connect: met and followed up")]
    return []


def journey_steps(p: PersonState, now: datetime | None = None) -> list[StageStep]:
    """Each step forward the evidence supports beyond the stored stage, in order."""
    if p.stage == "closed" or (p.user_stage == "closed" and p.stage_set_at is not None):
        return []
    current = RANK.get(p.stage, 0)
    steps: list[StageStep] = []
    for step in evidence(p, now):
        if p.stage_set_at is not None and step.at <= p.stage_set_at:
            continue  # the user's word wins over what they knew when they set it
        if RANK[step.stage] > current:
            steps.append(step)
            current = RANK[step.stage]
    return steps


def journey_step(p: PersonState, now: datetime | None = None) -> StageStep | None:
    """The furthest stage the evidence supports beyond the stored one, or None."""
    steps = journey_steps(p, now)
    return steps[-1] if steps else None


def infer_stage(person: PersonState, now: datetime | None = None) -> str:
    """The stage as of `now`: the stored one raised by later evidence."""
    step = journey_step(person, now)
    return step.stage if step else person.stage
