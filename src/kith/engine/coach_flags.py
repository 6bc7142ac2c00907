"""The coach's flags: what in a draft may put the reader off, each with its reason and span.

Separate from the criteria because flags are warnings found in the text (only
pleasantries, closed questions, pressure, oversharing, length) while criteria are
the verdicts built partly on them; the patterns behind each flag live here with it.
"""

from __future__ import annotations

import re
from typing import Any

from kith.engine.coach_context import CoachContext, polite_wait, trailing_outs, trust, usual_words
from kith.engine.coach_questions import CLOSED, INVITE, OPEN, SMALL_TALK, is_question
from kith.engine.coach_text import FIRST_PERSON, SECOND_PERSON, STOP, Sentence, sentences, words

LONG_FACTOR = 3
MIN_LONG_WORDS = 80

LIGHT_STATEMENT = re.compile(
    r"^(?:(?:hi|hey|hello|dear)\b[^.!?]*$|hope\b|have a (?:good|great|nice|lovely)\b|take care|"
    r"cheers|anyway,? have|enjoy (?:the|your)|long time|good to|great to|nice to|"
    r"(?:crazy|nice|lovely|lousy|strange|wild) weather|happy (?:friday|monday|new year|holidays)|"
    r"best|thanks!?$|talk soon|speak soon|see you|just (?:wanted to )?(?:say(?:ing)? hi|"
    r"check(?:ing)? in)|"
    r"stay (?:safe|warm|cool|dry|well)|thinking of you|take it easy|(?:crazy|busy|long|wild) "
    r"(?:week|day)|"
    r"enjoy\b)",
    re.I,
)
INVITING_STATEMENT = re.compile(
    r"\b(?:i'?d (?:love|like|be glad|be happy) to (?:hear|know|learn)|love to hear|keen to hear|"
    r"curious (?:to hear|how|what|why|which|whether)|i'?m curious|would love your (?:thoughts|"
    r"take|view)|"
    r"let me know (?:what|how|your|if|whether|when)|looking forward to hearing|would love to know|"
    r"tell me (?:more|about|how|what)|"
    r"your thoughts on|eager to hear|i wonder (?:what|how|whether|if))\b",
    re.I,
)

PRESSURE = [
    (
        r"\byou (?:promised|said you would)\b|\bthis is unacceptable\b|\bi expect (?:a|an|your)\b",
        "a reproach",
    ),
    (
        r"\b(?:it'?s been|that was) (?:a week|two weeks|\d+ days|days|weeks) (?:and|since)\b"
        r"|\bhaven'?t heard (?:back|anything) (?:yet|at all)\b",
        "counting the days of their silence",
    ),
    (
        r"\b(?:hello|hi|anyone)\?{2,}|\b(?:ping(?:ing)?|nudg(?:e|ing)) (?:you )?again\b"
        r"|\blast time i'?m asking\b|\btime[- ]sensitive\b|\bneed (?:this|it) (?:today|now)\b",
        "urgency they did not ask for",
    ),
    (r"\bstill waiting (?:for|on)\b|\bi'?ve been waiting\b", "reproach about waiting"),
    (r"\b(?:bumping|chasing) (?:this|you) (?:up )?again\b", "“again” reads as a reproach"),
    (
        r"\bfollowing up (?:again|once more|for the \w+ time)\b",
        "“following up again” reads as a reproach",
    ),
    (r"\bas per my (?:last|previous)\b", "“as per my last…” is a reproach"),
    (
        r"\b(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:time|message|email|"
        r"reminder|attempt|follow-up)\b",
        "counting your messages makes them feel owed",
    ),
    (
        r"\bmy last (?:two|three|four|five|several|few|\d+) (?:emails|messages|notes)\b",
        "counting your messages makes them feel owed",
    ),
    (r"\bfinal (?:reminder|notice|warning)\b|\blast chance\b", "a final reminder is an ultimatum"),
    (
        r"\bneed (?:an answer|a reply|a response|your answer|this|it|to know) (?:by|before|"
        r"today|asap)\b",
        "a deadline they did not agree to",
    ),
    (
        r"\bby (?:tomorrow|end of (?:the )?day|eod|cob|tonight|today|close of business)\b",
        "a deadline they did not agree to",
    ),
    (
        r"\b(?:please )?(?:respond|reply|answer|get back to me) (?:today|asap|now|immediately|"
        r"urgently)\b",
        "demanding a reply now",
    ),
    (r"\basap\b|\burgent(?:ly)?\b|\bimmediately\b", "urgency they did not ask for"),
    (
        r"\bi don'?t understand why\b|\bwhy haven'?t you\b|\bstill (?:haven'?t|not) (?:heard|"
        r"replied|answered)\b",
        "guilt about their silence",
    ),
    (r"\b(?:keep|kept|been) ignoring\b|\bignoring (?:me|my)\b", "guilt about their silence"),
    (r"\bdid i do something wrong\b|\bi thought we were\b", "guilt about their silence"),
    (
        r"\bi'?ll (?:assume|take it) (?:you'?re|that you'?re|you are) not interested\b",
        "an ultimatum",
    ),
    (
        r"\bor (?:else|we'?ll lose|i'?ll (?:give|offer))\b|\boffer your (?:spot|place|slot)\b",
        "an ultimatum",
    ),
    (
        r"\bi'?ve (?:sent|written|emailed|messaged) you (?:a few|several|multiple|many|\d+|two|"
        r"three|four) (?:times|messages|emails)\b",
        "counting your messages makes them feel owed",
    ),
    (
        r"\bfollowing up again\b|\bagain\b(?=[^.!?]*(?:message|email|follow))",
        "“again” reads as a reproach",
    ),
]
PRESSURE_RULES = [(re.compile(p, re.I), why) for p, why in PRESSURE]
CAPS_SHOUT = re.compile(r"\b[A-Z]{4,}\b")
SHOUT_OK = {"ASAP", "NASA", "HTML", "JSON", "UCLA", "CEO", "SQL", "HTTP", "HTTPS", "AWS"}

HEAVY = [
    r"\b(?:my|i have|i'?ve got|i was diagnosed with) (?:\w+ )?(?:cancer|tumou?r|chemo)\b",
    r"\b(?:infertility|ivf|affair|cheated on|custody battle|my ex\b|evicted|foreclos\w+)",
    r"\b(?:grieving|grief|funeral)\b",
    r"\b(?:my (?:mental health|anxiety|drinking)|anxiety attacks|rock bottom|falling apart|"
    r"hate my life|self-harm|relapsed?|abusive)\b",
    r"\bdivorce\w*\b",
    r"\bseparat(?:ing|ed)\b",
    r"\bmarriage is (?:falling apart|over|in trouble)\b",
    r"\bbreak ?down\b",
    r"\btherap(?:ist|y)\b",
    r"\bantidepressants?\b|\bdepress(?:ed|ion)\b|\bpanic attacks?\b|\bsuicid\w+\b",
    r"\bmiscarriages?\b",
    r"\b(?:medical |credit card |crushing )?debts?\b|\bmaxed out\b|\bbehind on (?:rent|bills|"
    r"payments|the mortgage)\b|\bbankrupt\w*\b|\bfinances are a (?:disaster|mess)\b",
    r"\b(?:deeply |so |really )?lonely\b|\bcry (?:most|every)\b|\bcrying\b",
    r"\bpassed away\b|\bdied\b",
    r"\bbarely sleep\b|\bcan'?t sleep\b",
    r"\bbiggest mistake of my life\b",
    r"\bi'?ve been struggling\b|\bi'?m struggling\b",
    r"\brehab\b|\baddiction\b|\bdrinking problem\b",
    r"\bhaven'?t told (?:my|anyone)\b",
]
HEAVY_RULES = [re.compile(p, re.I) for p in HEAVY]
STRANGER = re.compile(
    r"\b(?:we (?:only|just|briefly) met|only met|met (?:only )?briefly|we haven'?t (?:met|spoken)|"
    r"we'?ve never met|we'?ve only (?:spoken|talked|met)|only spoken once|you don'?t know me|"
    r"we don'?t (?:really )?know each other|we just connected|i have to tell someone|sorry to dump|"
    r"i know this is a lot|tmi|i feel like i can (?:open up|tell you))\b",
    re.I,
)


def flag(kind: str, message: str, span: list[int] | None) -> dict[str, Any]:
    return {"kind": kind, "message": message, "span": span}


def _content(sentence: Sentence) -> bool:
    """A statement with something real in it (not a greeting, wish or sign-off)."""
    text = re.sub(r"^(?:hi|hey|hello|dear)\s+\w+[,!]?\s*", "", sentence.text, flags=re.I).strip()
    if not text or LIGHT_STATEMENT.search(text):
        return False
    return len([w for w in words(text) if w not in STOP]) >= 3


def _question_flags(
    text: str, qs: list[dict[str, Any]], parts: list[Sentence]
) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    types = [q["type"] for q in qs]
    statements = [s for s in parts if not is_question(s.text)]
    inviting = [s for s in statements if INVITING_STATEMENT.search(s.text) or INVITE.search(s.text)]
    substantive = [s for s in statements if _content(s)]
    if (
        types
        and SMALL_TALK in types
        and OPEN not in types
        and CLOSED not in types
        and not substantive
    ):
        flags.append(
            flag(
                "small_talk_only",
                "Only pleasantries: nothing here gives them something real to answer. "
                "Ask about something they care about (see the suggestions).",
                [0, len(text)],
            )
        )
    elif types and OPEN not in types and CLOSED in types and not inviting:
        closed = [q for q in qs if q["type"] == CLOSED]
        flags.append(
            flag(
                "closed_questions",
                "Every question can be answered in a word; add one open question "
                "(what, how, tell me about…) so they can tell you a story.",
                closed[0]["span"],
            )
        )
    if not qs and not inviting:
        flags.append(
            flag(
                "no_question",
                "Nothing invites a reply: end with a question about them, or "
                "“I'd love to hear how … went”.",
                None,
            )
        )
    return flags


def _me_focus(text: str, qs: list[dict[str, Any]]) -> dict[str, Any] | None:
    me = len(FIRST_PERSON.findall(text))
    you = len(SECOND_PERSON.findall(text))
    if len(words(text)) < 25 or me < 5 or me < 3 * (you + 1):
        return None
    if any(q["type"] == OPEN for q in qs):
        return None
    return flag(
        "me_focus",
        f"Mostly about you ({me} I/me/my against {you} you/your): say what drew you to "
        "them and ask about their work or view.",
        None,
    )


def _pressure(text: str, ctx: CoachContext | None, channel: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for rule, why in PRESSURE_RULES:
        match = rule.search(text)
        if match:
            found.append(
                flag(
                    "pressure",
                    f"Pressure: {why}. Give them an out instead.",
                    [match.start(), match.end()],
                )
            )
            break
    shout = [m for m in CAPS_SHOUT.finditer(text) if m.group(0) not in SHOUT_OK]
    if not found and shout:
        m = shout[0]
        found.append(flag("pressure", "Capitals read as shouting.", [m.start(), m.end()]))
    if ctx is not None:
        found.extend(_pressure_from_history(ctx))
    return found[:2]


def _pressure_from_history(ctx: CoachContext) -> list[dict[str, Any]]:
    outs = trailing_outs(ctx)
    wait = polite_wait(ctx)
    if not outs or wait is None:
        return []
    last = outs[0]
    if len(outs) >= 3:
        return [
            flag(
                "pressure",
                f"You have written {len(outs)} times since {ctx.name} last replied: two nudges "
                "are the most that stay polite. Consider an honest, graceful close.",
                None,
            )
        ]
    if ctx.now < wait:
        local = wait.astimezone(ctx.tz)
        return [
            flag(
                "pressure",
                f"Too soon: you wrote on {last.at.astimezone(ctx.tz):%a %d %b}; the polite wait "
                f"for {ctx.name} runs until {local:%a %d %b %H:%M}. Send it after that.",
                None,
            )
        ]
    return []


def _oversharing(text: str, ctx: CoachContext | None) -> dict[str, Any] | None:
    hits = [(m.start(), m.end()) for rule in HEAVY_RULES for m in [rule.search(text)] if m]
    if not hits:
        return None
    level = trust(ctx) if ctx is not None else None
    stranger = bool(STRANGER.search(text))
    if level == "close":
        return None
    needed = 1 if (stranger or level == "little") else 2
    if len(hits) < needed or (level is None and not stranger and len(hits) < 2):
        return None
    who = f" with {ctx.name}" if ctx else ""
    history = f" (the history{who} shows {level} trust so far)" if level else ""
    first = min(hits)
    return flag(
        "oversharing",
        "Heavy personal disclosure early in a relationship can overwhelm"
        f"{history}. Share a little, relevant to them, and let it grow both ways.",
        [first[0], first[1]],
    )


def _long_for_channel(text: str, ctx: CoachContext, channel: str | None) -> dict[str, Any] | None:
    usual, basis = usual_words(ctx, channel)
    length = len(words(text))
    if length < MIN_LONG_WORDS or length < LONG_FACTOR * usual:
        return None
    return flag(
        "long_for_channel",
        f"{length} words where {basis} runs to about {round(usual)}: shorten it, or "
        "suggest a call for what needs more room.",
        None,
    )


def flags(
    text: str, qs: list[dict[str, Any]], ctx: CoachContext | None, channel: str | None
) -> list[dict[str, Any]]:
    parts = sentences(text)
    found = _question_flags(text, qs, parts)
    for extra in (_me_focus(text, qs), _oversharing(text, ctx)):
        if extra:
            found.append(extra)
    found.extend(_pressure(text, ctx, channel))
    if ctx is not None:
        long = _long_for_channel(text, ctx, channel)
        if long:
            found.append(long)
    return found
