"""The conversation coach: feedback on a draft, criterion by criterion.

The practice it teaches is the third seed's: curiosity and open questions, listening
and following up on what they said, common ground, openness paced to trust, stories,
patience with asynchronous exchanges, and remembering details. Research backs the
checks (RESEARCH.md): follow-up questions raise liking (Huang et al. 2017), closeness
grows from reciprocal, escalating disclosure (Aron et al. 1997; Sprecher et al.
2013), replies come within a day and nudges before the polite wait feel pushy
(Kooti et al. 2015). Feedback is a list of criteria with a verdict and a sentence,
never a bare score.

Every check is a rule that can say why it fired. Without a person (`--to`) the coach
reads the text alone; with one it also knows the polite wait, how long their
messages usually are, how much trust the history shows, what they said last and
what the user has accepted as remembered details. English only.

This module puts the parts together: `coach_text` cuts the draft into sentences and
words, `coach_questions` and `coach_rewrites` classify questions and suggest open
ones, `coach_flags` finds what may put the reader off, `coach_criteria` gives the
verdicts and `coach_context` holds what is known about the reader.
"""

from __future__ import annotations

from typing import Any

from kith.engine.coach_context import CoachContext, context_dict, last_incoming
from kith.engine.coach_criteria import answers, criteria
from kith.engine.coach_flags import flags
from kith.engine.coach_questions import OPEN, classify, is_question
from kith.engine.coach_rewrites import suggest
from kith.engine.coach_text import sentences

__all__ = ["CRITERIA", "FLAG_KINDS", "CoachContext", "coach", "questions"]

FLAG_KINDS = (
    "small_talk_only",
    "closed_questions",
    "no_question",
    "me_focus",
    "pressure",
    "oversharing",
    "long_for_channel",
)
CRITERIA = (
    "curiosity",
    "listening",
    "common_ground",
    "openness",
    "story",
    "async_etiquette",
    "remembering",
)


# -- the questions -------------------------------------------------------------------


def questions(text: str) -> list[dict[str, Any]]:
    """Every question in the draft with its type, why, and an open rewrite if needed."""
    found = []
    for sentence in sentences(text):
        if not is_question(sentence.text):
            continue
        verdict = classify(sentence.text)
        item: dict[str, Any] = {
            "text": sentence.text,
            "type": verdict.type,
            "why": verdict.rule,
            "span": [sentence.start, sentence.end],
        }
        if verdict.type != OPEN:
            item["suggestion"] = suggest(sentence.text, verdict.type)
        found.append(item)
    return found


# -- the whole -----------------------------------------------------------------------


def coach(text: str, ctx: CoachContext | None = None, channel: str | None = None) -> dict[str, Any]:
    """Read a draft and return its questions, flags and criteria (and context with a person)."""
    qs = questions(text)
    found = flags(text, qs, ctx, channel)
    reply = answers(text, qs, last_incoming(ctx)) if ctx is not None else None
    result: dict[str, Any] = {
        "questions": qs,
        "flags": found,
        "criteria": criteria(text, qs, found, ctx, reply),
    }
    if ctx is not None:
        result["to"] = context_dict(ctx, reply, channel)
    return result
