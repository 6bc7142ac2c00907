"""The coach's criteria: a verdict and a sentence for each part of the practice.

Separate from the flags because it judges the draft as a whole against the seven
criteria (curiosity, listening, common ground, openness, story, async etiquette,
remembering); the largest part is listening: whether the draft takes up what they
said last, found by the subject words both share.
"""

from __future__ import annotations

import re
from typing import Any

from kith.engine.coach_context import CoachContext
from kith.engine.coach_questions import OPEN
from kith.engine.coach_text import FIRST_PERSON, SECOND_PERSON, STOP, words
from kith.models import TouchView

STORY = re.compile(
    r"\b(?:when i|i remember|last (?:year|month|week|summer|spring|winter|autumn)|years ago|"
    r"once,? i|the first time i|i used to|it reminded me|reminds me of|funny thing)\b",
    re.I,
)
COMMON_GROUND = re.compile(
    r"\b(?:me too|same here|i also|we both|as a fellow|i had the same|went through the same|"
    r"ran into the same|the same thing|like you,? i|i'?m also|i too)\b",
    re.I,
)
REFERENCE = re.compile(
    r"\b(?:you (?:said|mentioned|wrote|described|shared|told me)|your (?:point|idea|comment|"
    r"post|talk|"
    r"question|note|message)|what you said|stuck with me|stayed with me|kept thinking about)\b",
    re.I,
)


def criterion(name: str, verdict: str, sentence: str) -> dict[str, str]:
    return {"name": name, "verdict": verdict, "message": sentence}


# Words that say nothing about a subject: a reply sharing only these has not taken up
# what they said ("I'll think about it" → "What do you think of …?" is a switch).
GENERIC_WORDS = (
    "think thinking thought know let sure maybe thing things stuff actually pretty quite bit"
    " lot lots best better hope hoping talk talking tell said say want need make made take"
    " come coming look looking feel feeling seem around other next last first new old big"
    " little yesterday later now yet again ever never always even glad happy sorry great"
    " amazing awesome lovely cool wow haha lol yeah okay sounds sound luck congrats"
    " congratulations welcome anyway days lately right"
)
GENERIC = set(GENERIC_WORDS.split())
# A reply that opens by taking up their news, and one that announces a change of subject.
ACKNOWLEDGING = re.compile(
    r"^(?:(?:hi|hey|hello)\b[^.!?]*?[,!]\s*)?(?:welcome back|congrat\w*|good luck|best of luck"
    r"|so glad|glad|great news|what great news|amazing|wow|sounds|that sounds|how exciting"
    r"|no worries|no problem|of course|totally understand|understood|all good"
    r"|so exciting|sorry to hear|oh no|love (?:that|this)|well done|fantastic|brilliant|ha(?:ha)+"
    r"|thanks for (?:sharing|telling|letting)|that'?s (?:great|amazing|wonderful|hard|tough"
    r"|exciting|brilliant|huge|fantastic|big news))\b",
    re.I,
)
SWITCH = re.compile(
    r"\b(?:anyway|by the way|btw|random question|on another note|unrelated|changing the subject"
    r"|separately|totally different)\b",
    re.I,
)
GENERAL_TOPIC = re.compile(r"\b(?:these days|lately|in general|at the moment|recently)\b", re.I)
BACK_REFERENCE = re.compile(r"\b(?:it|that|this|there|she|he|they|them|her|him|those)\b", re.I)


def stem(word: str) -> str:
    """A rough English stem, enough to match "launch" with "launching" and "finished"."""
    word = word.lower().removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def key_words(text: str) -> set[str]:
    """The subject words of a text, stemmed: what a reply would have to pick up."""
    ignored = STOP | GENERIC
    stems = {stem(w) for w in words(text) if len(w) >= 3 and w not in ignored}
    return {s for s in stems if s not in ignored}


def _follows_up(question: dict[str, Any], theirs: set[str], taken_up: bool) -> bool:
    """A question on what they said: it shares their words, or, right after taking up their
    news (or pointing back with "she", "it", "there"), it brings in no new subject."""
    own = key_words(question["text"])
    if own & theirs:
        return True
    if SWITCH.search(question["text"]) or GENERAL_TOPIC.search(question["text"]):
        return False
    points_back = bool(BACK_REFERENCE.search(question["text"]))
    return (taken_up and not own) or ((taken_up or points_back) and len(own) <= 1)


def answers(text: str, qs: list[dict[str, Any]], last: TouchView | None) -> dict[str, Any] | None:
    """Does the draft take up what they said last? A follow-up question beats a switch."""
    if last is None or not last.text:
        return None
    theirs = key_words(last.text)
    shared = sorted(theirs & key_words(text))
    switching = bool(SWITCH.search(text))
    taken_up = bool(shared or ACKNOWLEDGING.search(text.strip())) and not switching
    if any(_follows_up(q, theirs, taken_up) for q in qs):
        kind = "follow_up"
    elif taken_up:
        kind = "acknowledges"
    elif qs:
        kind = "switch"
    else:
        kind = "ignores"
    return {
        "kind": kind,
        "shared_words": shared[:8],
        "answers": kind in ("follow_up", "acknowledges"),
    }


def _remembered(text: str, ctx: CoachContext) -> tuple[list[str], list[str]]:
    draft = key_words(text)
    used = [d.text for d in ctx.details if key_words(d.text) & draft]
    used += [t.text for t in ctx.topics if key_words(t.text) & draft]
    unused = [d.text for d in ctx.details if d.text not in used]
    unused += [t.text for t in ctx.topics if t.text not in used]
    return used, unused


def criteria(
    text: str,
    qs: list[dict[str, Any]],
    found: list[dict[str, Any]],
    ctx: CoachContext | None,
    reply: dict[str, Any] | None,
) -> list[dict[str, str]]:
    kinds = {f["kind"] for f in found}
    types = [q["type"] for q in qs]
    out = [_curiosity(types, kinds)]
    out.append(_listening(text, ctx, reply))
    if COMMON_GROUND.search(text):
        out.append(
            criterion(
                "common_ground", "good", "You name something you share — rapport starts there."
            )
        )
    elif "me_focus" in kinds:
        out.append(
            criterion(
                "common_ground",
                "improve",
                "Look for what you share with them, not only what you offer.",
            )
        )
    else:
        out.append(
            criterion(
                "common_ground",
                "n/a",
                "No shared interest named; fine if the message has another job.",
            )
        )
    if "oversharing" in kinds:
        out.append(
            criterion(
                "openness",
                "improve",
                "Too much, too soon: pace disclosure to the trust you have built.",
            )
        )
    elif FIRST_PERSON.search(text) and SECOND_PERSON.search(text):
        out.append(
            criterion("openness", "good", "You share a little of yourself and turn back to them.")
        )
    else:
        out.append(
            criterion(
                "openness",
                "n/a",
                "Nothing personal shared; a small, relevant disclosure invites theirs.",
            )
        )
    if STORY.search(text):
        out.append(criterion("story", "good", "A short story makes you easier to know."))
    else:
        out.append(
            criterion(
                "story",
                "n/a",
                "No story; one vivid line of your own can carry an idea further than a fact.",
            )
        )
    if kinds & {"pressure", "long_for_channel"}:
        out.append(
            criterion(
                "async_etiquette",
                "improve",
                "Respect their time: no pressure, a length that fits the channel.",
            )
        )
    else:
        out.append(
            criterion(
                "async_etiquette",
                "good",
                "No pressure for an immediate reply; it leaves them room.",
            )
        )
    out.append(_remembering(text, ctx))
    return out


def _curiosity(types: list[str], kinds: set[str]) -> dict[str, str]:
    if OPEN in types:
        return criterion(
            "curiosity", "good", "An open question invites them to tell you something real."
        )
    if types:
        return criterion(
            "curiosity", "improve", "Turn one question into an open one (see the suggestions)."
        )
    if "no_question" in kinds:
        return criterion(
            "curiosity", "improve", "Ask them something: what they care about, how it is going."
        )
    return criterion("curiosity", "good", "You invite them to tell you more.")


def _listening(text: str, ctx: CoachContext | None, reply: dict[str, Any] | None) -> dict[str, str]:
    if reply is not None:
        if reply["kind"] == "follow_up":
            return criterion(
                "listening",
                "good",
                "You follow up on what they said last — the question that builds liking most.",
            )
        if reply["kind"] == "acknowledges":
            return criterion(
                "listening",
                "improve",
                "You refer to what they said; ask a follow-up question about it too.",
            )
        return criterion(
            "listening",
            "improve",
            "Their last message is unanswered: take it up before switching topic.",
        )
    if REFERENCE.search(text):
        return criterion("listening", "good", "You refer back to what they said.")
    return criterion("listening", "n/a", "Nothing of theirs to follow up on here.")


def _remembering(text: str, ctx: CoachContext | None) -> dict[str, str]:
    if ctx is None:
        return criterion(
            "remembering", "n/a", "Give --to PERSON to check the draft against what you remember."
        )
    used, unused = _remembered(text, ctx)
    if used:
        return criterion(
            "remembering", "good", f"You refer to what you remember: {used[0].rstrip('.!')}."
        )
    if unused:
        return criterion(
            "remembering",
            "improve",
            f"You could refer to something you remember: {unused[-1].rstrip('.!')}.",
        )
    return criterion("remembering", "n/a", f"Nothing remembered about {ctx.name} yet.")
