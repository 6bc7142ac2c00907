"""Candidate details from what people write and what the user notes after a call.

The seed's last practice is to "remember details from previous conversations and
refer to them". Kith proposes, the user decides: every candidate is stored as
`pending` with the touch it came from and its date, and becomes a fact only when
the user accepts it (`kith details PERSON --pending`).

Rules, one sentence at a time, English only. Each kind has trigger patterns:
people in their life named by relation ("my daughter Mia", "Jonah (my
co-founder)"), projects and launches, moves, trips, preferences, worries and
milestones. The candidate's text is the sentence itself, in their words, so nothing
is paraphrased into a claim they did not make; `about_at` is the date the sentence
names, when it names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

KINDS = ("person", "project", "move", "trip", "preference", "worry", "milestone")

RELATIONS = (
    r"daughter|son|kids?|children|wife|husband|partner|fianc[ée]e?|girlfriend|boyfriend|"
    r"mum|mom|mother|dad|father|parents|sister|brother|siblings?|cousin|niece|nephew|"
    r"grandson|granddaughter|grandchildren|grandkids|grandmother|grandma|grandfather|grandpa|"
    r"aunt|uncle|in-laws?|co-?founder|business partner|best friend|teacher|mentor|coach|"
    r"little one|baby (?:girl|boy)|stepson|stepdaughter"
)
PERSON = [
    r"\b(?:mum|mom|dad|mother|father|grandma|grandpa|granny|nan|stepmom|stepdad)(?:'s)?\b",
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:friend|colleague|boss|manager|flatmate|roommate|neighbou?r|"
    r"twins|family)\b",
    rf"\b(?:my|our)\s+(?:\w+\s+)?(?:{RELATIONS})\b",
    rf"\([^)]*\b(?:my|our)\s+(?:{RELATIONS})\)",
    r"\b(?:had|welcomed) (?:a|our) baby\b",
]
PROJECT = [
    r"\bworking on\b|\bputting together\b|\bkick(?:ed|ing) off\b",
    r"\b(?:writing|recording|organi[sz]ing|planning|building|launching|starting|running) (?:a|"
    r"an|my|our|the)\b",
    r"\b(?:renovat\w+|prototype|beta|mvp|fundraiser|campaign|exhibition|thesis|album|course)\b",
    r"\b(?:launch(?:ing|ed)?|ship(?:ped|ping)|releas(?:ing|ed)|roll(?:ing)? out)\b",
    r"\b(?:writing|finishing|finished|publishing) (?:my|our|a|the) (?:book|novel|thesis|paper|"
    r"album)\b",
    r"\bbook on\b",
    r"\b(?:rewriting|migrating|redesigning|refactoring|developing)\b",
    r"\bbuilding (?:a|an|our|my|the|out)\b",
    r"\b(?:running|training for|signed up for) (?:the|a|my)\b[^.!?]*\b(?:marathon|half|race|"
    r"triathlon|ultra)\b",
    r"\b(?:started|starting|learning) (?:to learn |learning )?(?:the|a|to play)?\s*(?:cello|"
    r"piano|violin|guitar|spanish|french|german|japanese|pottery|coding|drums)\b",
    r"\blearning the \w+\b",
    r"\bhosting an? \w+",
    r"\bpilot will\b|\bpilot (?:begins|starts)\b|\bclinic pilot\b",
    r"\bstarted (?:her|his|their|my|our) own\b",
    r"\b(?:our|my) (?:startup|company|podcast|newsletter|studio|app|side project)\b",
    r"\baccelerator\b",
    r"\b(?:applying|application) for\b|\bdeadline for the\b",
    r"\bi coach\b|\brecording a\b",
    r"\bworking on (?:a|an|my|our|the)\b",
]
MOVE = [
    r"\bmov(?:ing|ed) (?:in|out|away|abroad|house|over)\b",
    r"\b(?:starting|joining|transferring) (?:at|to) [A-Z]",
    r"\b(?:changing|switched|switching) (?:teams|jobs|roles)\b|\bnew role at\b",
    r"\bleaving (?:the|my|our)\b|\bgoing (?:fully )?remote\b",
    r"\bmov(?:ing|ed|e) (?:to|back|there|into|the|our|house|cities)\b",
    r"\brelocat\w+\b",
    r"\bswitching (?:teams|jobs|roles|companies)\b",
    r"\bleaving \w+ (?:at|in|on|next|after|this)\b",
    r"\b(?:joining|transferring to) the \w+ (?:team|office|platform)\b",
    r"\bnew (?:building|office|house|flat|apartment)\b(?!.*\bbought\b)",
    r"\bbought (?:our|my|a) (?:first )?(?:house|flat|home|apartment)\b",
]
TRIP = [
    r"\b(?i:travel(?:l?ing)|road trip|back from|holiday in|vacation in|conference in|honeymoon)\b",
    r"\b(?i:going|heading|flying|driving|travelling|traveling) (?i:back )?(?i:to) [A-Z]",
    r"\b(?i:visit(?:ing)?) [A-Z]",
    r"\b(?i:i'?ll|we'?ll|i'?m|we'?re|i am|we are|i will|we will) (?i:be )?(?i:in|off to|"
    r"heading to|visiting|going to) [A-Z][a-z]+",
    r"\b(?i:off|headed|heading|flying|travel(?:l?ing)?|fly|one) to [A-Z]",
    r"\b(?i:trip|flight|holiday|vacation) to [A-Z]",
    r"\b(?i:visiting) (?:her|him|them|us|[A-Z])",
    r"\b(?i:sabbatical)\b",
    r"\b(?i:to walk the|to hike the)\b",
    r"\b(?i:surprised me with the trip)\b",
    r"\bin (?!January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
    r"[A-Z][a-z]+ (?:for|from|next|this|on|over)\b",
    r"\bin (?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) in [A-Z]",
    r"\bin [A-Z][a-z]+ (?:the last|the first|last|first) (?:weekend|week)\b",
    r"\b(?i:semester abroad)\b",
]
PREFERENCE = [
    r"\b(?:favou?rite|allergic|vegetarian|vegan|gluten|lactose|i don'?t drink|teetotal)\b",
    r"\b(?:i'?d rather|works? better for me|best way to reach me|easiest to reach|no meetings)\b",
    r"\bi (?:hate|can'?t stand|never drink|always (?:prefer|drink|take|use|book))\b",
    r"\b(?:i|we) (?:really )?(?:prefer|only drink|only eat|love using|swear by)\b",
    r"\bprefer\b",
    r"\bnot a (?:\w+ )?(?:person|fan)\b|\bbig fan of\b|\bfan of\b",
    r"\b(?:is|are) (?:always |much |really )?(?:better|best|easier) for me\b",
    r"\bi tend to\b",
    r"\b(?:mornings|afternoons|evenings|weekdays|weekends)(?: after \d+)? (?:are|is) (?:better|"
    r"best|easier|the only time)\b",
    r"\bthe only time i'?m free\b|\bonly (?:free|available) (?:on|in|after|before)\b",
    r"^(?:tea|coffee|decaf)\b",
]
WORRY = [
    r"\b(?:stress(?:ed|ful)?|struggl\w+|tough time|hard time|overwhelmed|burn(?:ed|t)? ?out|"
    r"layoffs?|laid off|redundan\w+|diagnos\w+|ill(?:ness)?|hospital|fear)\b",
    r"\b(?:running out of|behind on|not sure (?:how|if|whether)|keeps me up)\b",
    r"\b(?:worried|worrying|anxious|nervous|terrified|scared|afraid|stressed|on edge|dreading|"
    r"concerned)\b",
    r"\bhas been sick\b|\bbeen (?:sick|ill|unwell)\b|\bin and out of hospital\b|\bchemo\b|"
    r"\bsurgery\b",
    r"\bhaven'?t been sleeping\b|\bstill missing\b",
    r"\bugh\b",
]
MILESTONE = [
    r"\b(?:birthday|born|engaged|married|hired|award|won|published|certified|"
    r"certification|paid off|raised \$?\d|series [abc])\b",
    r"\b(?:started|starting|joined|joining) (?:at|as) \b|\bgot the job\b",
    r"\bfirst (?:book|house|home|marathon|customer|hire|sale|grandchild)\b",
    r"\bpromot(?:ed|ion)\b",
    r"\banniversary\b",
    r"\b(?:had|welcomed|expecting) (?:a|our) (?:baby|second|third|first)\b|\bbaby (?:girl|"
    r"boy)\b|\bwe'?re expecting\b",
    r"\bjust turned \w+\b|\bturned (?:one|two|three|four|five|\d+)\b",
    r"\bgraduat\w+\b|\bfinished (?:my|her|his) (?:mba|phd|degree|masters?|doctorate)\b",
    r"\bretir(?:ing|ed|ement)\b",
    r"\bpassed (?:my|her|his|the) \w+",
    r"\b\d+ years (?:at|with|in)\b|\b(?:a|one) year since\b",
    r"\bclosed (?:our|a|the) (?:seed|series|round|funding)\b",
    r"\bgot into\b|\bgot accepted\b|\bwas accepted\b",
    r"\bfirst steps\b|\bfirst house\b|\bbought our first\b",
    r"\bgot (?:engaged|married)\b|\bgetting married\b|\bengaged\b",
    r"\b(?:started|starting) a new job\b|\bnew job\b",
    r"\bhit episode\b|\bepisode \d+\b",
    r"\bdefen[cs]e\b|\bquit (?:drinking|smoking)\b|\bsober\b",
    r"\bgot (?:the|my) (?:job|offer|fellowship|grant|visa)\b",
]
RULES = {
    kind: [re.compile(p, 0 if kind == "trip" else re.I) for p in patterns]
    for kind, patterns in {
        "person": PERSON,
        "project": PROJECT,
        "move": MOVE,
        "trip": TRIP,
        "preference": PREFERENCE,
        "worry": WORRY,
        "milestone": MILESTONE,
    }.items()
}
# Trip patterns need the capital of a place name, so only their verbs ignore case.
NOT_A_DETAIL = re.compile(
    r"^(?:thanks|thank you|noted|will do|sounds good|ok|okay|yes|no|sure|great|looks|sorry|"
    r"happy to|can'?t wait|dear all|re:)\b",
    re.I,
)
# A sentence ends at . ! ? or a line break, but not after a title ("Mrs. Park").
SENTENCE = re.compile(r"(?:(?:Mrs|Mr|Ms|Dr|St|Prof)\.|[^.!?\n])+(?:[.!?]+|\n|$)")
# "It's a tiny place in Bristol" continues the sentence before it.
CONTINUES = re.compile(r"^(?:it'?s|it is|that'?s|this is|he'?s|she'?s|they'?re|which)\b", re.I)
SHORT_WORDS = 5
GREETING = re.compile(r"^(?:(?:hi|hey|hello|dear)\b[^,!.]*[,!.]\s*|quick update:\s*)", re.I)

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


@dataclass(frozen=True)
class Candidate:
    """A detail the user may want to remember, with where in the text it came from."""

    kind: str
    text: str
    start: int
    end: int
    about: date | None = None


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


def _matches(kind: str, sentence: str) -> bool:
    return any(rule.search(sentence) for rule in RULES[kind])


def units(text: str) -> list[tuple[str, int, int]]:
    """Sentences, with a very short one or a continuation ("It's…") joined to its neighbour."""
    found: list[tuple[str, int, int]] = []
    for match in SENTENCE.finditer(text or ""):
        raw = match.group(0)
        sentence = GREETING.sub("", raw.strip()).strip()
        if len(sentence.split()) < 2 or NOT_A_DETAIL.match(sentence):
            continue
        start = match.start() + max(raw.find(sentence), 0)
        end = start + len(sentence)
        previous = found[-1] if found else None
        short = len(sentence.split()) <= SHORT_WORDS
        if previous and (CONTINUES.match(sentence) or short):
            found[-1] = (text[previous[1] : end], previous[1], end)
        else:
            found.append((sentence, start, end))
    if len(found) >= 2 and len(found[0][0].split()) <= SHORT_WORDS:
        first, second = found[0], found[1]
        found[:2] = [(text[first[1] : second[2]], first[1], second[2])]
    return found


def extract(text: str, said_on: date | datetime | None = None) -> list[Candidate]:
    """Candidate details in a message or note, one per kind per sentence."""
    day = said_on.date() if isinstance(said_on, datetime) else said_on
    found: list[Candidate] = []
    for sentence, start, end in units(text):
        for kind in KINDS:
            if _matches(kind, sentence):
                found.append(Candidate(kind, sentence, start, end, about_date(sentence, day)))
    return found


TOPIC_STOP = set(
    [
        "about",
        "after",
        "again",
        "also",
        "always",
        "another",
        "because",
        "been",
        "before",
        "being",
        "both",
        "could",
        "didn",
        "does",
        "doing",
        "done",
        "down",
        "each",
        "even",
        "ever",
        "every",
        "from",
        "going",
        "good",
        "great",
        "have",
        "having",
        "here",
        "into",
        "just",
        "know",
        "last",
        "like",
        "little",
        "long",
        "looking",
        "made",
        "make",
        "many",
        "more",
        "most",
        "much",
        "must",
        "next",
        "only",
        "other",
        "over",
        "really",
        "right",
        "same",
        "should",
        "since",
        "some",
        "still",
        "such",
        "sure",
        "take",
        "than",
        "thank",
        "thanks",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "think",
        "this",
        "those",
        "though",
        "through",
        "time",
        "today",
        "tomorrow",
        "very",
        "want",
        "week",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "year",
        "years",
        "your",
        "yours",
        "you're",
        "we're",
        "i'm",
        "i've",
        "it's",
        "that's",
        "let's",
        "can't",
        "don't",
        "won't",
        "didn't",
        "anyway",
        "okay",
        "sounds",
        "talk",
        "soon",
        "hope",
        "maybe",
        "quick",
        "update",
        "send",
        "sent",
        "call",
        "meeting",
        "message",
        "email",
    ]
)


def recent_topics(texts: list[str], limit: int = 5) -> list[str]:
    """Words they keep coming back to: in at least two of their recent messages."""
    seen: dict[str, int] = {}
    shown: dict[str, str] = {}
    for text in texts:
        for word in set(re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text or "")):
            key = word.lower().rstrip("s")
            if key in TOPIC_STOP or word.lower() in TOPIC_STOP:
                continue
            seen[key] = seen.get(key, 0) + 1
            shown.setdefault(key, word.lower())
    ranked = sorted((k for k, n in seen.items() if n >= 2), key=lambda k: (-seen[k], k))
    return [shown[k] for k in ranked[:limit]]
