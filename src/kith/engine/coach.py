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
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from kith.engine.coach_questions import (
    CLOSED,
    INVITE,
    OPEN,
    SMALL_TALK,
    classify,
    is_question,
    normalise,
)
from kith.engine.coach_rewrites import suggest
from kith.engine.details_extract import recent_topics
from kith.engine.timing import polite_wait_until
from kith.models import DetailView, TopicView, TouchView

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
# Usual message lengths in words when a person's own history is too short to learn
# from (Kooti et al.: median email reply 43 words). Heuristics.
CHANNEL_WORDS = {"chat": 40, "dm": 60, "comment": 40, "email": 120, "letter": 250}
LONG_FACTOR = 3
MIN_LONG_WORDS = 80


@dataclass(frozen=True)
class CoachContext:
    """What the coach may know about the reader; built by the service from the store."""

    person_id: int
    name: str
    now: datetime
    tz: tzinfo
    touches: tuple[TouchView, ...] = ()  # newest last
    details: tuple[DetailView, ...] = ()  # accepted only
    detail_sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: tuple[TopicView, ...] = ()
    median_reply_s: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    strength: float | None = None
    me_name: str = ""  # the user's own name (`kith me`): never one of their topics


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


SENTENCES = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentences(text: str) -> list[Sentence]:
    found = []
    for match in SENTENCES.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if len(stripped.strip(".!?")) < 2:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(stripped, start, start + len(stripped)))
    return found


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", normalise(text).lower())


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


# -- the flags -----------------------------------------------------------------------

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
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.I)
SECOND_PERSON = re.compile(r"\b(?:you|you're|you've|you'd|you'll|your|yours|yourself)\b", re.I)

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
TRUSTED_TAGS = {"family", "friend", "close", "partner", "kin"}
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
STOP_WORDS = (
    "the a an and or but to of in on at for with from by about as is are was were be been"
    " am it this that these those there here i you he she we they me my your our their his"
    " her its them us so if then than too very just really also not no yes do did does have"
    " has had will would can could should may might what when where which who how why hi hey"
    " hello thanks thank please dear all any some more most much many one two get got go"
    " going know like love good great nice well still back soon time week day today tomorrow"
    " i'm you're it's that's i've i'd i'll don't can't"
)
STOP = set(STOP_WORDS.split())


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
        found.extend(_pressure_from_history(ctx, channel))
    return found[:2]


def _trailing_outs(ctx: CoachContext) -> list[TouchView]:
    outs: list[TouchView] = []
    for touch in reversed(ctx.touches):
        if touch.status != "held" or touch.channel == "reaction":
            continue
        if touch.direction == "in":
            break
        outs.append(touch)
    return outs


def _pressure_from_history(ctx: CoachContext, channel: str | None) -> list[dict[str, Any]]:
    outs = [t for t in _trailing_outs(ctx) if t.channel not in ("call", "video", "meeting")]
    if not outs:
        return []
    last = outs[0]
    wait = polite_wait_until(last.at, ctx.median_reply_s.get(channel or last.channel), ctx.tz)
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


def trust(ctx: CoachContext) -> str:
    """How much the history shows: `close`, `some` or `little` (Aron: disclosure escalates)."""
    held = [t for t in ctx.touches if t.status == "held" and t.channel != "reaction"]
    sync = [t for t in held if t.channel in ("call", "video", "meeting")]
    if TRUSTED_TAGS & {t.lower() for t in ctx.tags} or (ctx.strength or 0) >= 0.6 or len(sync) >= 4:
        return "close"
    if len(sync) >= 1 or len(held) >= 8:
        return "some"
    return "little"


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


def usual_words(ctx: CoachContext, channel: str | None) -> tuple[float, str]:
    """The median length of messages with this person (on this channel when known)."""
    texts = [t for t in ctx.touches if t.text and t.channel not in ("call", "video", "meeting")]
    on_channel = [t for t in texts if channel is None or t.channel == channel]
    sample = on_channel if len(on_channel) >= 3 else texts
    if len(sample) >= 3:
        return statistics.median(len(words(t.text or "")) for t in sample), "their conversation"
    return float(CHANNEL_WORDS.get(channel or "dm", 60)), f"a usual {channel or 'dm'}"


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


# -- the criteria --------------------------------------------------------------------


def criterion(name: str, verdict: str, sentence: str) -> dict[str, str]:
    return {"name": name, "verdict": verdict, "message": sentence}


def last_incoming(ctx: CoachContext) -> TouchView | None:
    """Their last written message, if it came after the user's last one (a reply is owed)."""
    for touch in reversed(ctx.touches):
        if touch.status != "held" or touch.channel == "reaction":
            continue
        if touch.direction == "out":
            return None
        if touch.text:
            return touch
    return None


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


# -- the whole -----------------------------------------------------------------------


def context_dict(
    ctx: CoachContext, reply: dict[str, Any] | None, channel: str | None
) -> dict[str, Any]:
    last = last_incoming(ctx)
    outs = _trailing_outs(ctx)
    wait = None
    if outs:
        wait = polite_wait_until(
            outs[0].at, ctx.median_reply_s.get(channel or outs[0].channel), ctx.tz
        )
    usual, basis = usual_words(ctx, channel)
    return {
        "person": {"id": ctx.person_id, "name": ctx.name},
        "details": [
            {
                "id": d.id,
                "text": d.text,
                "kind": d.kind,
                "at": _iso(d.at),
                "source": ctx.detail_sources.get(d.id),
            }
            for d in ctx.details
        ],
        "topics": [t.text for t in ctx.topics],
        # Words their recent messages keep returning to: topic candidates, not facts.
        "talks_about": recent_topics(
            [t.text for t in ctx.touches if t.direction == "in" and t.text][-20:],
            exclude=[ctx.name, ctx.me_name],
        ),
        "last_message": (
            {"at": _iso(last.at), "channel": last.channel, "text": last.text} if last else None
        ),
        "answers_last_message": reply,
        "polite_wait_until": _iso(wait) if wait else None,
        "trust": trust(ctx),
        "usual_words": round(usual),
        "usual_words_basis": basis,
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


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
