"""Topics top-of-mind: the content words and phrases someone keeps coming back to.

A topic is a word or a two-word phrase ("funding round", "kiln") found in at least
two of their recent messages. What is not content is left out before counting:
quoted replies, links and addresses, greetings and sign-offs with the names in them
(the user is who they greet, the writer is who signs), filler and stop words, days
and months, and any name the caller passes in (the user's own `me` name, the
person's name) — a topic is what they talk about, never who is talking.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

FILLER = """
a about above after again against ago all almost also always am an and another any anyone
anything anyway are aren't around as at away back be because been before being below best
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
done down during each either else even ever every everyone everything few for from further
get gets getting got had hadn't has hasn't have haven't having he he'd he'll he's her here
here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't
it it's its itself just let let's lot lots made make makes many may maybe me might mine more
most much must my myself near need needs never new next no nor not nothing now of off often
oh ok okay on once one only or other others otherwise our ours ourselves out over own per
perhaps please pretty quite rather re really said same say says see seems shall she she'd
she'll she's should shouldn't since so some something soon still such sure than that that's
the their theirs them themselves then there there's these they they'd they'll they're
they've thing things think this those though through thus to too toward under until up upon
us very via was wasn't way we we'd we'll we're we've well were weren't what what's when
when's where where's whether which while who who's whom whose why why's will with within
without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself
actually already bit btw definitely especially etc fine going gonna great good hope hoping
kind know last later like likely little long look looking lol haha hahaha mostly nice
probably quick quickly real right seem sort stuff super thank thanks thx totally tried try
trying want wanted wants wanna yeah yep yup awesome amazing cool lovely glad happy sorry
hi hey hello dear cheers regards best wishes morning afternoon evening tonight today tomorrow
yesterday week weeks weekend month months year years day days time times ago soon later
update updates message messages email emails call calls meeting meetings chat talk talking
send sent link links attached attachment invite reply replied note notes catch touch
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december
first second third last next number numbers part parts place places point lots plenty whole
half able sure true false okay alright enough less least else around across along behind
beyond among inside outside everywhere somewhere anywhere nowhere together apart instead
come comes came coming go goes went gone give gives gave given giving take takes took taken
taking tell tells told telling ask asks asked asking mean means meant begin begins began
begun start started end ended keep keeps kept let lets put puts seen saw find found found
feel feels felt leave left live lived lives living seem seemed show showed shown turn turned
use used using work works worked working call called run ran help helped meet met hear heard
read write wrote written bring brought hold held stand stood sit sat speak spoke spoken
wait waited wish wished believe believed guess guessed remember remembered forgot forget
happen happened happens move moved change changed follow followed stop stopped understand
understood yes nope sorry welcome lovely brilliant perfect exactly absolutely certainly
course indeed anyway anyways though although however otherwise already almost often usually
sometimes always never ever once twice again yet still soon early late later recently lately
person people someone somebody everybody nobody thing stuff everything nothing
liked likes loved loves love hate hated enjoy enjoyed o'clock half-past quarter
one two three four five six seven eight nine ten eleven twelve twenty hundred thousand
""".strip()
STOP = frozenset(FILLER.split())
QUOTE_START = re.compile(
    r"^(?:On\b[^\n]{0,200}(?:\n[^\n]{0,100})?\bwrote:|-{2,}\s*(?:Original|Forwarded) [Mm]essage)",
    re.M,
)
QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.M)
LINK = re.compile(r"\b(?:https?://|www\.)[^\s,]*[^\s,.;:!?)]|[\w.+-]+@[\w-]+\.[\w.]+|@\w+")
GREETING = re.compile(
    r"^\s*(?:hi|hey|hello|dear|morning|good morning|hiya)\b[ ,]*([^\n,!.:]*)", re.I
)
SIGN_OFF = re.compile(
    r"\b(?:best|cheers|thanks|thank you|regards|best wishes|warmly|love|speak soon|talk soon|"
    r"ciao|x+)\s*,?\s*\n+\s*([^\n]{1,40})\s*$",
    re.I,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
CLAUSE_END = re.compile(r"[.!?,;:()\n\"—–]")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def readable(text: str) -> str:
    """The writer's own words, everything else blanked so offsets still point into `text`:
    no quoted reply below, no `>` lines, no links or addresses."""
    quote = QUOTE_START.search(text)
    if quote:
        text = text[: quote.start()] + _blank(text[quote.start() :])
    text = QUOTED_LINE.sub(lambda m: _blank(m.group(0)), text)
    return LINK.sub(lambda m: _blank(m.group(0)), text)


def name_words(names: Iterable[str]) -> set[str]:
    """Every word of every name, lower case: "Anna María Ruiz" → anna, maría, ruiz."""
    return {w.lower() for name in names for w in re.findall(r"[^\W\d_]+", name or "")}


def _addressed_names(text: str) -> set[str]:
    """The names in a greeting ("Hi Anna,") and a sign-off ("Best,\\nIngrid")."""
    found: set[str] = set()
    for pattern in (GREETING, SIGN_OFF):
        match = pattern.search(text.strip())
        if match:
            found |= name_words([match.group(1)])
    return found


def _key(word: str) -> str:
    """Fold case, possessives and a plain plural so "kilns" and "kiln's" count as "kiln"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def terms(text: str, exclude: set[str]) -> set[str]:
    """The content words of one message, and each pair of content words side by side."""
    found: set[str] = set()
    for clause in CLAUSE_END.split(text):
        run: list[str] = []
        for word in WORD.findall(clause):
            key = _key(word)
            if len(key) < 4 or key in STOP or word.lower() in STOP or key in exclude:
                run = []
                continue
            found.add(key)
            if run:
                found.add(f"{run[-1]} {key}")
            run.append(key)
    return found


def recent_topics(texts: list[str], limit: int = 5, exclude: Iterable[str] = ()) -> list[str]:
    """Words and phrases they keep coming back to: in at least two of their messages.

    `exclude` holds names that are never topics (the user's, the person's).
    """
    names = name_words(exclude)
    seen: Counter[str] = Counter()
    for text in texts:
        own = readable(text or "")
        seen.update(terms(own, names | _addressed_names(own)))
    kept = {term: n for term, n in seen.items() if n >= 2}
    # A phrase that recurs says more than its words alone; drop a word its phrase covers.
    covered = {
        w for term, n in kept.items() if " " in term for w in term.split() if kept.get(w, 0) <= n
    }
    ranked = sorted(
        (term for term in kept if term not in covered),
        key=lambda term: (-kept[term], " " not in term, term),
    )
    return ranked[:limit]
