"""Candidate details from what people write and what the user notes after a call.

The seed's last practice is to "remember details from previous conversations and
refer to them". Kith proposes, the user decides: every candidate is stored as
`pending` with the touch it came from and its date, and becomes a fact only when
the user accepts it (`kith details PERSON --pending`).

Rules, English only. Each kind has trigger patterns: people in their life named by
relation ("my daughter Mia", "Jonah (my co-founder)"), projects and launches,
moves, trips, preferences, worries and milestones. A candidate is a short phrase in
their words — the clause around the trigger ("my daughter Mia starts school in
September"), joined to its neighbour only when it leans on it ("…, which is a bit
terrifying") — so nothing is paraphrased into a claim they did not make, and a long
message is never stored whole. `about_at` is the date the phrase names.

Precision matters more than recall (a wrong "fact" erodes trust), so some text is
never read for details: quoted replies and forwarded newsletters, questions
("Do you prefer Zoom?"), hypotheticals ("if I ever quit"), hearsay ("I heard Acme is
launching"), the reader's own news ("congrats on your promotion") and news whose
subject is a colleague or a boss rather than the writer or their family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kith.engine.acknowledgement import ACKNOWLEDGEMENT
from kith.engine.details_rules import KINDS, RULES
from kith.engine.topics import readable, recent_topics

__all__ = ["KINDS", "Candidate", "about_date", "extract", "recent_topics", "units"]

# -- what is never read for details ---------------------------------------------------
BULK_MAIL = re.compile(
    r"\bunsubscribe\b|\bview (?:it )?in (?:your )?browser\b|\bmanage (?:your )?preferences\b",
    re.I,
)
# Someone else's news passed on, not the writer's life.
HEARSAY = re.compile(
    r"\b(?:did you (?:see|hear)|apparently|rumou?r|forward(?:ing|ed)|newsletter|"
    r"(?:thrilled|delighted|pleased|excited|proud) to announce|press release|register here)\b|"
    r"\bi (?:heard|read|saw) (?:that )?(?-i:[A-Z])",
    re.I,
)
HYPOTHETICAL = re.compile(
    r"\b(?:if (?:i|we) (?:ever|were|had|could|did|won)|imagine if|what if|what would you|"
    r"some ?day|one day|probably never|never going to|not happening|"
    r"i'?d love to (?:visit|go|move|live|travel|try)|"
    r"dream(?:ing)? (?:of|about)|thinking about maybe)\b",
    re.I,
)
QUESTION_START = re.compile(
    r"^(?!did i (?:tell|mention))(?:do|did|does|are|is|was|were|have|has|had|will|would|"
    r"could|can|should|what|how|where|when|which|who|why|any)\b",
    re.I,
)
ASKING = re.compile(r"^(?:could|can|shall|should) (?:we|you|i)\b", re.I)
# The reader's news ("congrats on the new role!"), not the writer's.
ABOUT_READER = re.compile(
    r"\b(?:congrat\w*|sorry to hear|sorry about your|jealous of|saw your|read your|loved your|"
    r"how was your|hope your|good luck with)\b",
    re.I,
)
READER_TRAVEL = re.compile(
    r"\b(?:your (?:trip|move|flight)|you'?re (?:back|moving|going|heading|visiting|off))\b", re.I
)
# "you have shipped consumer apps": the reader did it.
READER_DID = re.compile(r"\byou(?:'ve|'re| have| had| are| were)?\s+(?:\w+\s+)?$", re.I)
# E-mail wraps lines at ~72 characters: a break after a long line, before a lower-case
# word, is a space.
WRAPPED = re.compile(r"^([^\n]{50,}[^\s.!?:;])\n(?=[a-z(])", re.M)
YOU = re.compile(r"\b(?:you|your|you'?re|you'?ve|you'?ll)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|me|my|we|we're|we've|we'll|us|our)\b", re.I)
# A clause whose subject is a colleague or a boss is their news, not the writer's.
WORK_SUBJECT = re.compile(
    r"^(?:my|our|a|the) (?:\w+ )?(?:colleague|boss|manager|client|co-?worker|teammate|"
    r"landlord|ceo|cto|team lead)s?\b|^(?:a|one of my|some) (?:friend|colleague)s? of\b",
    re.I,
)
# "my niece's graduation" is the niece's event: at most a person detail.
SOMEONE_ELSES = re.compile(
    r"(?<!\bit)(?<!\bthat)(?<!\bhe)(?<!\bshe)(?<!\bthere)(?<!\bwho)(?<!\bwhat)(?<!\blet)"
    r"(?<!\bhere)'s\s+(?:\w+\s+)?$",
    re.I,
)
# "My sister is getting married in May": her wedding, the writer's person and trip.
RELATIVE_WEDDING = re.compile(r"\b(?:my|our) (?:\w+ ){1,3}(?:is|are) getting married\b", re.I)
# Their plans called off are no plans.
CALLED_OFF = re.compile(
    r"\b(?:cancel(?:l?ed)?|called off|postponed|not going|can'?t go|had to skip)\b", re.I
)
OTHERS_EVENTS = re.compile(
    r"(?:graduation|wedding|birthday|anniversary|promotion|retirement|engagement|defen[cs]e|"
    r"christening|party|baby shower|funeral)\b",
    re.I,
)
# Beyond the acknowledgements every rule shares: answers and openers that carry no news.
NOT_NEWS = re.compile(r"^(?:yes|no|sure|looks|sorry|happy to|can'?t wait|dear all|re:)\b", re.I)
ACKNOWLEDGEMENT_WORDS = 8

# -- sentences, clauses, phrases --------------------------------------------------------
# A sentence ends at . ! ? or a line break, but not after a title ("Mrs. Park").
SENTENCE = re.compile(r"(?:(?:Mrs|Mr|Ms|Dr|St|Prof)\.|[^.!?\n])+(?:[.!?]+|\n|$)")
# "It's a tiny place in Bristol" continues the sentence before it.
CONTINUES = re.compile(r"^(?:it'?s|it is|that'?s|this is|he'?s|she'?s|they'?re|which)\b", re.I)
SHORT_WORDS = 5
GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|dear)\b[^,!.:\n]*[,!.:]\s*|(?:quick|life|big|good|great) "
    r"(?:update|news)[:,!]\s*)",
    re.I,
)
TITLES = r"(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bProf)"
PRONOUN_SUBJECT = (
    r"i|i'm|i've|i'll|i'd|we|we're|we've|we'll|we'd|it's|he's|she's|they're|he|she|they"
)
CLAUSE_BREAK = re.compile(
    rf"{TITLES}[.!?]+\s+|\n+|\s{{3,}}|\s+[—–-]\s+|;\s*|:\s+|"
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u200d\ufe0f]+\s*|"
    r",\s+(?=(?:so|but|which|because|though|although|while|since)\b)|"
    rf",\s+(?=and (?:{PRONOUN_SUBJECT}|my|our)\b)|"
    rf"\s+(?=(?:so|but|because)\s+(?:{PRONOUN_SUBJECT}|my|our)\b)|"
    rf",\s+(?=(?:{PRONOUN_SUBJECT})\b)|"
    r",\s+(?=(?:any chance|anyone|let me know|if you|would you|could you|do you|are you|can we|"
    r"could we|shall we|you)\b)|\s+(?=and also\b)",
    re.I,
)
# A clause that points back ("…, which is terrifying", "moving there") needs the one before.
LEANS_BACK = re.compile(r"^(?:which|who|it|that|this)\b|\b(?:there|it|them)\b", re.I)
LEADING_FILLER = re.compile(
    r"(?:(?:hey|hi|hello|so|and|but|also|honestly|anyway|btw|oh|well|ps|fyi|finally|guess what|"
    r"heads[- ]up|just a heads[- ]up that|just so you know|great news|good news|big news)"
    r"\b[,:!]?\s*)+",
    re.I,
)
TRAILING_FILLER = re.compile(
    r"(?:[\s,;:—–-]*\b(?:if i'?m honest|to be honest|honestly|lol|haha|btw|fingers crossed))*"
    r"[\s,.;:!?—–-]*$",
    re.I,
)
CLAUSE_WORDS = 4
GAP = re.compile(r"[ \t]{3,}|\n\s*\n")  # readable() blanks quotes and links with spaces
# A clause of its own (a subject, or a conjunction before one) is no fragment to absorb.
HAS_SUBJECT = re.compile(
    rf"^(?:so|and|but|because|though|since|while|{PRONOUN_SUBJECT}|my|our|you)\b", re.I
)
FRAGMENT_WORDS = 5  # a trailing fragment this short completes its clause
MAX_WORDS = 24


@dataclass(frozen=True)
class Candidate:
    """A detail the user may want to remember, with where in the text it came from."""

    kind: str
    text: str
    start: int
    end: int
    about: date | None = None


MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTH_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?: of)? )?(?P<m>january|february|march|april|may|"
    r"june|july|"
    r"august|september|october|november|december)(?: (?P<d2>\d{1,2})(?:st|nd|rd|th)?)?\b",
    re.I,
)
RELATIVE = {"next week": 7, "next month": 30, "tomorrow": 1, "next year": 365}


def about_date(sentence: str, said_on: date | None) -> date | None:
    """The date a sentence names (a month, a day of a month, next week…), after `said_on`."""
    if said_on is None:
        return None
    match = MONTH_DATE.search(sentence)
    if match and not (
        match.group("m").lower() == "may"
        and not (match.group("d1") or match.group("d2"))
        and not re.search(r"\bin may\b", sentence, re.I)
    ):
        month = MONTHS[match.group("m").lower()]
        day = int(match.group("d1") or match.group("d2") or 1)
        try:
            found = date(said_on.year, month, min(day, 28) if day > 28 else day)
        except ValueError:
            return None
        if found < said_on - timedelta(days=31):
            found = found.replace(year=found.year + 1)
        return found
    for phrase, days in RELATIVE.items():
        if phrase in sentence.lower():
            return said_on + timedelta(days=days)
    return None


def _no_news(sentence: str) -> bool:
    return bool(ACKNOWLEDGEMENT.match(sentence) or NOT_NEWS.match(sentence))


def units(text: str) -> list[tuple[str, int, int]]:
    """Sentences, with a very short one or a continuation ("It's…") joined to its neighbour."""
    found: list[tuple[str, int, int]] = []
    for match in SENTENCE.finditer(text or ""):
        raw = match.group(0)
        sentence = GREETING.sub("", raw.strip()).strip()
        words = len(sentence.split())
        if words < 2 or (words < ACKNOWLEDGEMENT_WORDS and _no_news(sentence)):
            continue
        start = match.start() + max(raw.find(sentence), 0)
        end = start + len(sentence)
        previous = found[-1] if found else None
        short = words <= SHORT_WORDS
        if previous and (CONTINUES.match(sentence) or short):
            found[-1] = (text[previous[1] : end], previous[1], end)
        else:
            found.append((sentence, start, end))
    if len(found) >= 2 and len(found[0][0].split()) <= SHORT_WORDS:
        first, second = found[0], found[1]
        found[:2] = [(text[first[1] : second[2]], first[1], second[2])]
    return found


def clauses(unit: str) -> list[tuple[int, int]]:
    """Where the clauses of a unit start and end: split at sentence ends, dashes, colons,
    emoji and a comma or conjunction before a new subject."""
    spans: list[tuple[int, int]] = []
    last = 0
    for match in CLAUSE_BREAK.finditer(unit):
        if unit[last : match.start()].strip():
            spans.append((last, match.start()))
        last = match.end()
    if unit[last:].strip():
        spans.append((last, len(unit)))
    return spans or [(0, len(unit))]


def _core_words(clause: str) -> int:
    """Words in a clause once filler is gone ("I'm terrified, if I'm honest" → 2)."""
    lead = LEADING_FILLER.match(clause)
    core = clause[lead.end() :] if lead else clause
    trail = TRAILING_FILLER.search(core)
    return len(core[: trail.start()].split()) if trail else len(core.split())


def _clause_at(spans: list[tuple[int, int]], position: int) -> int:
    return next((k for k, (_, end) in enumerate(spans) if end > position), len(spans) - 1)


def phrase_span(unit: str, spans: list[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """Clauses `first` to `last`, with a neighbour when one is too short to stand alone
    or points back ("…, which is terrifying"), trimmed of filler, cut to a readable length."""
    start, end = spans[first][0], spans[last][1]
    clause = unit[spans[first][0] : spans[first][1]]
    if first > 0 and (_core_words(clause) < CLAUSE_WORDS or LEANS_BACK.search(clause.strip())):
        start = spans[first - 1][0]
    elif _core_words(unit[start:end]) < CLAUSE_WORDS and last + 1 < len(spans):
        end = spans[last + 1][1]
        last += 1
    if last + 1 < len(spans):
        after = unit[spans[last + 1][0] : spans[last + 1][1]].strip()
        same_sentence = not re.search(r"[.!?\n]", unit[spans[last][1] : spans[last + 1][0]])
        if CONTINUES.match(after) or (
            same_sentence
            and _core_words(after) < FRAGMENT_WORDS
            and not HAS_SUBJECT.match(after)
            and not after.endswith("?")
        ):
            end = spans[last + 1][1]  # "…in April — a boy this time", "It's a tiny place in…"
    lead = LEADING_FILLER.match(unit, start)
    start = lead.end() if lead else start
    trail = TRAILING_FILLER.search(unit, start, end)
    end = trail.start() if trail and trail.start() > start else end
    start, end = _between_gaps(unit, start, end, spans[first][0])
    start, end = _window(unit, start, end, spans[first][0])
    while start < end and unit[start].isspace():
        start += 1
    while end > start and unit[end - 1].isspace():
        end -= 1
    return start, end


def _between_gaps(unit: str, start: int, end: int, position: int) -> tuple[int, int]:
    """Never across a paragraph break or a blanked quote or link: it is another thought."""
    for gap in GAP.finditer(unit, start, end):
        if gap.end() <= position:
            start = gap.end()
        elif gap.start() > position:
            end = min(end, gap.start())
            break
    return start, end


def _window(unit: str, start: int, end: int, position: int) -> tuple[int, int]:
    """At most MAX_WORDS words, keeping the trigger and what follows it."""
    words = list(re.finditer(r"\S+", unit[start:end]))
    if len(words) <= MAX_WORDS:
        return start, end
    at = next((k for k, w in enumerate(words) if start + w.end() > position), 0)
    first = max(0, min(at - MAX_WORDS // 3, len(words) - MAX_WORDS))
    last = first + MAX_WORDS - 1
    return start + words[first].start(), start + words[last].end()


def _sentence_at(unit: str, position: int) -> str:
    for match in SENTENCE.finditer(unit):
        if match.end() > position:
            return GREETING.sub("", match.group(0).strip())
    return unit


def not_theirs(kind: str, unit: str, position: int, phrase: str, question: bool) -> bool:
    """Text that says nothing about the writer's life: a question, a hypothetical,
    hearsay, the reader's news, or a colleague's news."""
    sentence = _sentence_at(unit, position)
    if sentence.rstrip().endswith("?") and QUESTION_START.match(sentence):
        return True
    if question and (QUESTION_START.match(phrase) or ASKING.match(phrase)):
        return True  # "Sorry, I've double-booked myself, could we move to 3?"
    if HYPOTHETICAL.search(sentence) or HEARSAY.search(sentence):
        return True
    if ABOUT_READER.search(phrase) or (YOU.search(phrase) and not FIRST_PERSON.search(phrase)):
        return True
    if kind in ("trip", "move") and (READER_TRAVEL.search(phrase) or CALLED_OFF.search(phrase)):
        return True
    return kind != "worry" and bool(WORK_SUBJECT.match(phrase))


def _any_rule(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of a kind's rules: it matches somewhere exactly when one of them does,
    so a unit where it finds nothing skips every rule (most units of most kinds)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)


ANY_RULE = {kind: _any_rule(patterns) for kind, patterns in RULES.items()}


def _positions(kind: str, unit: str) -> list[int]:
    """Where the rules of a kind fire in a unit, first to last."""
    if not ANY_RULE[kind].search(unit):
        return []
    found = {
        m.start()
        for rule in RULES[kind]
        for m in rule.finditer(unit)
        if not READER_DID.search(unit, 0, m.start())
    }
    if kind == "milestone":  # "my niece's graduation" is the niece's milestone, not theirs
        found = {
            p
            for p in found
            if not (SOMEONE_ELSES.search(unit[:p]) and OTHERS_EVENTS.match(unit, p))
        }
        wedding = RELATIVE_WEDDING.search(unit)
        if wedding:
            found = {p for p in found if not wedding.start() <= p < wedding.end()}
    return sorted(found)


def _candidate(kind: str, unit: str, offset: int, day: date | None) -> Candidate | None:
    """The first phrase where the kind's rules fire and that is about the writer's life;
    rules firing in the next clause too widen it ("not a phone person — email is better")."""
    positions = _positions(kind, unit)
    if not positions:
        return None
    spans = clauses(unit)
    hit = {_clause_at(spans, p) for p in positions}
    for position in positions:
        first = last = _clause_at(spans, position)
        while last + 1 in hit:
            last += 1
        start, end = phrase_span(unit, spans, first, last)
        phrase = " ".join(unit[start:end].split())
        question = unit[end:].lstrip().startswith("?")
        if len(phrase.split()) >= 2 and not not_theirs(kind, unit, position, phrase, question):
            return Candidate(kind, phrase, offset + start, offset + end, about_date(phrase, day))
    return None


def extract(text: str, said_on: date | datetime | None = None) -> list[Candidate]:
    """Candidate details in a message or note: at most one per kind per sentence,
    each a short phrase in the writer's words."""
    day = said_on.date() if isinstance(said_on, datetime) else said_on
    own = WRAPPED.sub(r"\1 ", readable(text or ""))
    if BULK_MAIL.search(own):
        return []
    found: list[Candidate] = []
    for unit, start, _ in units(own):
        here = [c for kind in KINDS if (c := _candidate(kind, unit, start, day)) is not None]
        found += _one_event_one_kind(here)
    return found


def _one_event_one_kind(candidates: list[Candidate]) -> list[Candidate]:
    """A phrase that is a milestone ("our podcast just hit episode 100") is not also a
    project: the same words would be proposed twice."""
    milestones = {c.text for c in candidates if c.kind == "milestone"}
    return [c for c in candidates if not (c.kind == "project" and c.text in milestones)]
