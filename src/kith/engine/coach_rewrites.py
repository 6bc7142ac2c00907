"""Open rewrites for closed and small-talk questions, keeping their subject.

The seed's own examples set the tone: "Do you like your job?" becomes "What do you
enjoy most about your work these days?", "What do you do?" becomes "What aspects of
your work do you find most fulfilling?". Two kinds of question keep their form:
practical ones (a file, a booking, a number) stay as they are with one open question to
add elsewhere, and scheduling ones stay about scheduling — the time the writer offered
and what suits the reader — because a question about meaning there would be odd.
"""

from __future__ import annotations

import re

from kith.engine.coach_questions import OPEN, SCHEDULING, SMALL_TALK, normalise, plain, strip_lead

WORK = re.compile(
    r"\b(?:what do you do|line of work|how(?:'s| is) work|your (?:job|work|role)|for a living)\b",
    re.I,
)
PERIOD = (
    r"weekend|long weekend|half-term|monday|tuesday|wednesday|thursday|friday|week|day|holidays?"
    r"|time off"
    r"|break|easter|christmas|summer|winter|new year|vacation|trip|evening"
)
AHEAD = (
    r"ahead|coming up|looking forward|ready for|planned|doing anything|anything (?:fun|nice"
    r"|exciting)|what's on|going away|off (?:to|anywhere|somewhere)|heading"
)
SMALL_TALK_REWRITES = [
    (WORK, "What aspects of your work do you find most fulfilling?"),
    (
        re.compile(rf"\bplans?\b.*?\b(?:the |this |for )?({PERIOD})\b|\b({PERIOD}) plans\b", re.I),
        "What are you most looking forward to this {0}?",
    ),
    (re.compile(r"\bplans?\b", re.I), "What are you most looking forward to in the weeks ahead?"),
    # Ahead, not behind: "Anything fun this weekend?" asks about what is coming.
    (
        re.compile(rf"\b(?:{AHEAD})\b.*?\b({PERIOD})\b|\b({PERIOD})\b.*?\b(?:{AHEAD})\b", re.I),
        "What are you most looking forward to this {0}?",
    ),
    (
        re.compile(rf"\b({PERIOD})\b.*?\b(?:going|so far|shaping up|treating you|looking)\b", re.I),
        "What has been the best part of your {0} so far?",
    ),
    (re.compile(rf"\b({PERIOD})\b", re.I), "What was the best part of your {0}, and why?"),
    (
        re.compile(r"\b(?:weather|rain|sunshine|heat|sun|cold|snow)\b", re.I),
        "What do you most enjoy doing at this time of year where you are?",
    ),
    (re.compile(r"\bfamily\b", re.I), "What has your family been up to that you're enjoying?"),
    (re.compile(r"\bbrings you\b", re.I), "What are you hoping to get out of being here?"),
]
PROPER = {"monday", "tuesday", "wednesday", "thursday", "friday", "easter", "christmas"}
# Practical questions (times, places, files, permissions) need no rewrite of their own.
LOGISTICS = re.compile(
    r"\b(?:send|forward|call you at|open on|how far|password|deadline|parking|invite|calendar"
    r"|zoom|slot|agenda|tickets?|deck|the email i sent|my (?:pr|email|message)|is it okay if"
    r"|works? better|which day|what time|on the \d+(?:st|nd|rd|th)|or the \d+|train|flight"
    r"|number|address|e-?mail|phone|link|budget|hotel|booked|thread|report|invoice|notes|slides"
    r"|bring|booking|receipt|form|refund|delivery)\b",
    re.I,
)
LOGISTICS_NOTE = (
    "{0} — fine as a practical question; add one open question about them elsewhere "
    "in the message, such as “What has been the best part of your week?”"
)
GENERIC_SMALL_TALK = "What has been taking most of your attention lately?"

LIKE = re.compile(r"^(?:do|did) you (?:still )?(?:like|enjoy|love) (?P<x>.+)$", re.I)
# The closed question stays (it is what the writer wants to know); an open follow-up
# on the same subject turns the pair into an invitation (Huang et al.: follow-ups).
FOLLOW_UPS = [
    (r"^(?:did|was|were|had)\b", "? How did it go, and what stood out for you?"),
    (r"^when\b", ", and what are you most looking forward to about it?"),
    (r"^(?:who|whose)\b", ", and what do you make of that?"),
    (
        r"^how (?:many|much|long|old|far|often|big|tall)\b",
        ", and how has that shaped things for you?",
    ),
    (r"^(?:which|would you prefer)\b|\bor\b", ", and what makes that the better fit for you?"),
    (r"^(?:what|where)\b", ", and what's the story behind it?"),
]


# The time the writer had in mind: "Tuesday afternoon", "3pm", "the 14th", "tomorrow".
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
PART = r"(?: (?:morning|afternoon|evening|lunchtime|night))?"
CLOCK = r"(?:at )?\d{1,2}(?::\d{2})?(?: ?[ap]\.?m\.?)?"
WHEN = re.compile(
    rf"\b(?:(?:next |this )?{WEEKDAY}{PART}(?: at \d{{1,2}}(?::\d{{2}})?(?: ?[ap]m)?)?"
    rf"|(?:tomorrow|today|tonight){PART}|the \d{{1,2}}(?:st|nd|rd|th)|next week"
    rf"|{CLOCK}(?= ?[ap]\.?m\b)[^?,]*?[ap]\.?m\.?|\d{{1,2}}:\d{{2}}|(?<=at )\d{{1,2}}\b)",
    re.I,
)
PLACE = re.compile(r"\b(?:where|which (?:caf[eé]|place|restaurant|pub|bar|venue))\b", re.I)


def scheduling_rewrite(core: str) -> str:
    """Keep a scheduling question about scheduling: offer the time, ask what suits them."""
    if PLACE.search(core):
        return "Where would be easiest for you? I'm happy to come your way."
    if re.search(r"\bstill (?:on|good|ok|okay|up) for\b", core, re.I):
        return f"{core}? If plans have changed, no problem — tell me what suits you better."
    if re.match(r"^(?:which|what|when)\b", core, re.I):
        return f"{core}? I'm happy to fit around you."
    when = WHEN.search(core)
    if when:
        time = when.group(0).strip()
        time = time[0].upper() + time[1:] if re.match(WEEKDAY, time, re.I) else time
        return f"Would {time} work for you? If not, tell me what suits you best — I'll fit in."
    return "What times suit you this week? I'm happy to fit around you."


def suggest(question: str, kind: str) -> str | None:
    """An open rewrite of a closed or small-talk question that keeps its subject."""
    if kind == OPEN:
        return None
    text = normalise(question)
    if kind == SMALL_TALK:
        for pattern, rewrite in SMALL_TALK_REWRITES:
            found = pattern.search(text)
            if found:
                word = next((g for g in found.groups() if g), found.group(0)).lower()
                rewrite = rewrite.format(word.capitalize() if word in PROPER else word)
                return rewrite.replace("this holidays", "over the holidays")
        return GENERIC_SMALL_TALK
    core = strip_lead(text).rstrip("?!. ")
    like = LIKE.match(core)
    if like:
        subject = like.group("x")
        if WORK.search(subject):
            return "What do you enjoy most about your work these days?"
        return f"What do you enjoy most about {subject}?"
    if WORK.search(core):
        return "What aspects of your work do you find most fulfilling?"
    if SCHEDULING.search(plain(core)):
        return scheduling_rewrite(core)
    if LOGISTICS.search(core):
        return LOGISTICS_NOTE.format(core + "?")
    if re.match(r"^where (?:are you|do you live|are you based)", core, re.I):
        return "What do you love about where you live, and what brought you there?"
    for form, follow_up in FOLLOW_UPS:
        if re.search(form, core, re.I):
            return core + follow_up
    return core + "? What's that like for you these days?"
