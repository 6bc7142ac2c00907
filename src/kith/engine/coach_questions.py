"""Find the questions in a draft and say what kind each one is.

The seed's first practice is curiosity: open questions ("What aspects of your work
do you find most fulfilling?") invite a story; closed ones ("Do you like your
job?") invite a word; small talk ("How are you?", "What do you do?") asks nothing
real. The form alone does not decide: a wh-word can ask for a fact ("Where are
you based?" is closed) and a yes/no form can be an invitation ("Could you tell me
more about …?" is open). So the rules look, in order, for pleasantries, for
invitations, for the few wh-forms that ask for a fact, and only then at the form.

English only. Every rule is a readable pattern; `classify` returns the rule that
fired so the coach can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSED, SMALL_TALK = "open", "closed", "small_talk"

GREETING = re.compile(
    r"^\s*(?:(?:hi|hey|hello|hiya|dear|yo|good (?:morning|afternoon|evening)|"
    r"happy (?:friday|monday|new year)|congrats|congratulations)\b[^.!?,—–-]*[,!.—–-]+\s*)+",
    re.I,
)

# Pleasantries: the words people exchange before (or instead of) a conversation.
SMALL_TALK_PATTERNS = [
    # Time periods and outings asked about in passing ("How was your summer?").
    r"^how(?:'s| is| are| was| were| did| has| have)? (?:your |the |this |that )?"
    r"(?:long |holiday )?"
    r"(?:weekend|week|holidays?|vacation|break|christmas|easter|summer|winter|new year|morning"
    r"|afternoon|evening|night|trip back|drive|flight|journey|commute|party|day off)"
    r"(?: been| going| go| treating you| looking| so far)?$",
    r"^(?:did you |d'?you )?(?:have|had|enjoy|get) (?:a |the |your )?(?:good|nice|great|lovely"
    r"|relaxing|fun|restful|decent)? ?(?:weekend|break|holiday|vacation|christmas|easter|summer"
    r"|time off|day off|new year|long weekend)\b",
    r"^(?:good|nice|great|relaxing|fun|restful) (?:weekend|break|holiday|trip|summer|christmas"
    r"|easter|evening|night)\b",
    r"^(?:are you |r u )?(?:ready|looking forward|excited) (?:for|to) the (?:weekend|holidays?"
    r"|break)\b",
    r"^(?:doing|are you doing|got|have you got|any) (?:anything|something|plans|fun plans)"
    r" (?:nice |fun |special )?(?:for|this|over|at) (?:the )?(?:weekend|holidays?|christmas"
    r"|easter|summer|new year|break)\b",
    r"^(?:are you |you )?(?:going|heading|off) (?:away|anywhere)\b",
    r"^what(?: are|'re|'s) (?:your |the )?plans? (?:for|this|over) (?:the )?(?:weekend|summer"
    r"|holidays?|christmas|easter|break|evening|tonight)\b",
    r"^what did you get up to\b|^what(?: are|'re) you up to\b|^whatcha up to\b|^up to much\b",
    r"^how (?:are you getting on|goes it|goes|you been|'re you|re you|you doing)\b",
    r"^how(?:'s| is) (?:life|everyone|the job|work going|things with you)\b",
    r"^(?:you |are you )?(?:alright|ok|okay|doing ok|doing okay|doing well)$",
    r"^all (?:well|ok|okay|good)\b|^everything (?:good|ok|okay|alright|well)\b",
    r"\b(?:weather|sunshine|raining|rainy|snowing|hot enough|cold enough|freezing|humid|windy"
    r"|chilly)\b",
    r"\bwhere (?:has|did) the (?:year|time|week|summer|month) go(?:ne)?\b|\bflown by\b"
    r"|^is it (?:friday|the weekend) yet\b|\btgif\b|^can'?t believe it'?s\b",
    r"^come here often\b|^how do you know the (?:host|hosts|bride|groom|organi[sz]ers?)\b",
    r"^did you get home (?:ok|okay|safe|alright)\b|^sleep well\b|^how did you sleep\b"
    r"|^had (?:your |a )?(?:coffee|lunch|breakfast) yet\b",
    r"^(?:work |things )?keeping you busy\b|^staying busy\b|^surviving the\b"
    r"|^(?:tough|hectic|rough|crazy|long|busy) (?:week|day|morning|one)\b",
    r"^how(?:'s| is| are| r|s)? (?:you|ya|u|we)(?:,|$| today| these days| doing (?:today|$))",
    r"^how(?:'s| is| are| r|s)? (?:things|everything|it going|tricks|life|work"
    r"|the family|the weather|your (?:day|week|weekend))\b(?! (?:with|at) )",
    r"^how (?:are|r) (?:you|ya|u)(?: doing| keeping| going)?(?: today| these days)?(?:,|$)",
    r"^how (?:are|r) (?:you|ya|u) holding up with (?:all )?(?:this|the) (?:heat|rain|cold|snow|"
    r"weather)",
    r"^how ya doin",
    r"^how(?:'s| is) (?:your |the )?(?:day|week|weekend|morning|evening) (?:going|been|looking)\b",
    r"^how did (?:your|the) (?:weekend|week|day|holidays?) go\b",
    r"^what(?:'s| is) new\b|^anything new\b|^what have you been up to\b(?! (?:with|at|on) )",
    r"^(?:what are you |are you )?up to anything (?:fun|exciting|nice)\b",
    r"^what are you up to (?:this|for the) (?:weekend|evening|holiday)",
    r"^(?:staying|keeping) (?:warm|cool|dry|sane)\b|^cold enough for you\b",
    r"^hows it going",
    r"^how(?:'s| is) (?:the )?(?:new year|week|weekend) treating",
    r"^how(?:'s| is) your \w+day\b",
    r"^how (?:was|were) (?:your |the )?(?:long )?(?:weekend|week|day|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|commute|lunch|dinner|break|holidays?|time off|trip back)\b",
    r"^how have you been\b(?! \w+ing)",
    r"^(?:hey,? )?what'?s up\b|^sup\b|^wassup\b|^whats good\b",
    r"^(?:you )?(?:all )?good\b(?! (?:idea|point))|^you good\b|^all good\b",
    r"^everything (?:alright|ok|okay|good|fine)\b",
    r"^(?:you )?keeping (?:well|busy)\b|^been (?:up to much|busy|keeping)\b",
    r"^(?:busy|long|wild|crazy|good|nice|great) (?:week|day|weekend)\b",
    r"^(?:happy \w+! )?any (?:fun |big |exciting )?(?:weekend |summer |holiday )?plans\b",
    r"^did you (?:have|get) a (?:nice|good|great|lovely|relaxing) (?:time off|holiday|break"
    r"|weekend|vacation|christmas|easter)",
    r"^did you do anything (?:nice|fun|special)\b",
    r"^(?:do|doing|did you do|up to) anything (?:fun|nice|special|exciting)\b",
    r"^anything (?:fun|exciting|nice|good) (?:planned|coming up|on)\b",
    r"^how (?:are|r) (?:the kids|the children|the family|you all|things)\b",
    r"^how(?:'s| is| was) the (?:day|week|weekend)(?: been| going)?$",
    r"\b(?:weather|sunshine|this rain|the rain|this heat|the heat)\b",
    r"^(?:lovely|nice|beautiful|gorgeous) day\b",
    r"^can you believe it'?s (?:already )?\w+",
    r"^long time no see\b",
    r"^hope (?:you'?re|you are|all is|everything|the|your)\b",
    r"^(?:so )?what (?:do you do|line of work|brings you (?:here|to))\b",
    r"^what do you do for (?:a living|work)\b",
    r"^how(?:'s| is) work\b",
]
PLEASANTRIES = [re.compile(p, re.I) for p in SMALL_TALK_PATTERNS]

# An invitation to tell, whatever its grammatical form.
INVITE = re.compile(
    r"\b(?:tell me (?:more|about|everything|how|what|why)|walk (?:me|us) through|say more"
    r"|expand on|elaborate|give (?:me|us) a sense|share (?:a bit|more|how|what|why|your)"
    r"|(?:any|some) (?:advice|thoughts|tips|lessons)|describe|talk (?:me|us) through|i'?d love "
    r"to hear|i'?d love your|curious (?:to hear|how|"
    r"what|why)"
    r"|any thoughts on|thoughts on|wdyt|what do you think|what did you think|what'?s your take"
    r"|your take on|is there anything you|what (?:was|is) it like|(?:was|is) it like for you)\b",
    re.I,
)
# "Do you mind sharing …", "Would you be up for telling me …", "Would you tell me …"
INVITE_YES_NO = re.compile(
    r"^(?:could|can|would|will|do|might) you (?:\w+ )?(?:\w+ )?(?:\w+ )?"
    r"(?:telling|tell|sharing|share|explaining|explain|describing|describe|walking|walk)\b",
    re.I,
)

AUXILIARY = re.compile(
    r"^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall|may"
    r"|might|am|r|any chance|u|you'?re|you'?ve|you)\b",
    re.I,
)
TAG_QUESTION = re.compile(
    r",\s*(?:right|no|yeah|eh|correct|ok|okay|"
    r"(?:is|are|was|were|do|did|does|have|has|can|will|would)n'?t (?:it|you|they|we|he|she|"
    r"there))\s*[?.!]*$",
    re.I,
)
WHETHER = re.compile(r"\b(?:wondering|wonder|curious) (?:whether|if)\b", re.I)

# wh-forms that ask for a fact: a number, a place, a time, a name, a choice.
FACT_WH = re.compile(
    r"^(?:how (?:many|much|long|far|old|tall|big|often|soon|late|early)\b"
    r"|when\b(?! did you (?:first|realise|realize|know))"
    r"|where\b(?! (?:do you see|did the idea|does that leave))"
    r"|which\b|who\b|whose\b|whom\b"
    r"|what (?:time|day|date|year|month|platform|school|airline|team|version|size|kind of car"
    r"|colour|color|brand|number|station|street|room|floor)\b"
    r"|what(?:'s| is| was) (?:the|your) (?:\w+ )?(?:deadline|password|budget|title|name|address"
    r"|date|time|price|cost|rent|number|score|email|link|url|plan b|postcode|zip)\b"
    r"|what did you (?:end up )?(?:name|naming|call|calling|pick|choose|order|buy|get|go with)\b"
    r"|what(?:'s| is) the \w+ like in .+ ballpark)",
    re.I,
)
# A wh-question that reaches for an answer with a why attached is open ("which … and why?").
WHY = re.compile(r"\bwhy\b|\bwhat (?:made|makes) you\b|\bhow come\b", re.I)
OPEN_WH = re.compile(r"^(?:what|how|why|so what|so how|tell me)\b|^if [^,]+, (?:what|how)\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")

# "…, and what made it special?" — two questions in one sentence.
JOINED = re.compile(r",?\s+(?:and|but)\s+(?=(?:what|how|why)\b)", re.I)
WH_START = re.compile(r"^(?:what|whats|how|hows|why|where|when|which|who|whose)\b", re.I)


@dataclass(frozen=True)
class Verdict:
    type: str
    rule: str


def normalise(text: str) -> str:
    """Drop emoji and greeting, straighten quotes, collapse spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[^\w\s'\",.!?;:—–()&$%/-]", " ", text)
    return " ".join(text.split())


def _strip_lead(part: str) -> str:
    part = GREETING.sub("", part).strip()
    part = re.sub(
        r"^(?:and|but|so|also|oh|anyway|ok|okay|well|quick question)[,:]?\s+", "", part, flags=re.I
    )
    part = re.sub(r"^(?:and|so|also)\s+", "", part, flags=re.I)
    return part.strip(" ,;:—–-")


def clauses(text: str) -> list[str]:
    """The sentences of a question text, greetings and fillers removed."""
    text = normalise(text)
    parts = []
    for sentence in SENTENCE.findall(text):
        for part in JOINED.split(sentence.strip()):
            tail = "?" if sentence.strip().endswith("?") and not part.endswith("?") else ""
            parts.append(_strip_lead(part.strip()) + tail)
    return [p for p in parts if p.strip("?")]


def classify_clause(clause: str) -> Verdict:
    """One sentence: small talk, invitation, fact-seeking wh, form."""
    core = clause.rstrip("?!. ").strip()
    for pattern in PLEASANTRIES:
        if pattern.search(core):
            return Verdict(SMALL_TALK, "pleasantry: " + pattern.pattern[:40])
    if INVITE.search(core) or INVITE_YES_NO.search(core):
        return Verdict(OPEN, "an invitation to tell (tell me, walk me through, could you share…)")
    if FACT_WH.search(core):
        if WHY.search(core):
            return Verdict(OPEN, "asks for a choice and the reason why")
        return Verdict(CLOSED, "a wh-word that asks for a fact (when, where, which, how many…)")
    if TAG_QUESTION.search(clause) or WHETHER.search(core):
        return Verdict(CLOSED, "a tag or whether-question: answered yes or no")
    if AUXILIARY.search(core):
        return Verdict(CLOSED, "a yes/no question")
    if OPEN_WH.search(core) or WHY.search(core):
        return Verdict(OPEN, "a what/how/why question that asks for a story")
    return Verdict(CLOSED, "no open wh-form")


def is_question(clause: str) -> bool:
    """A sentence that asks: a question mark, or a question form without one (DM style)."""
    stripped = clause.strip()
    if stripped.endswith("?"):
        return True
    if stripped.endswith("!") or stripped.endswith("."):
        return False
    core = _strip_lead(normalise(stripped))
    return bool(
        WH_START.match(core)
        or re.match(r"^(?:r|do|did|are|is|can|could|would) (?:u|you)\b", core, re.I)
    )


def classify(text: str) -> Verdict:
    """The type of a question text, which may hold a greeting or two questions.

    A pair is open if either part is; pleasantries alone are small talk; anything
    else closed.
    """
    parts = clauses(text)
    asking = [p for p in parts if is_question(p)] or parts[-1:] or [text]
    invitations = [p for p in parts if not is_question(p) and INVITE.search(p)]
    verdicts = [classify_clause(p) for p in asking]
    if invitations:
        verdicts.append(Verdict(OPEN, "an invitation to tell (tell me, I'd love to hear…)"))
    for wanted in (OPEN, CLOSED, SMALL_TALK):
        found = [v for v in verdicts if v.type == wanted]
        if found:
            return found[0]
    return Verdict(CLOSED, "no open wh-form")


# -- open rewrites that keep the subject ---------------------------------------------

WORK = re.compile(
    r"\b(?:what do you do|line of work|how(?:'s| is) work|your (?:job|work|role)|for a living)\b",
    re.I,
)
PERIOD = (
    r"weekend|long weekend|monday|tuesday|wednesday|thursday|friday|week|day|holidays?|time off"
    r"|break|easter|christmas|summer|winter|new year|vacation|trip|evening"
)
SMALL_TALK_REWRITES = [
    (WORK, "What aspects of your work do you find most fulfilling?"),
    (
        re.compile(rf"\bplans?\b.*?\b(?:the |this |for )?({PERIOD})\b|\b({PERIOD}) plans\b", re.I),
        "What are you most looking forward to this {0}?",
    ),
    (re.compile(r"\bplans?\b", re.I), "What are you most looking forward to in the weeks ahead?"),
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
    r"|works? better|which day|what time|on the \d+(?:st|nd|rd|th)|or the \d+|train|flight)\b",
    re.I,
)
LOGISTICS_NOTE = (
    "{0} — fine as a practical question; add one open question about them elsewhere "
    "in the message, such as “What are you most looking forward to about it?”"
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
                return rewrite.format(word.capitalize() if word in PROPER else word)
        return GENERIC_SMALL_TALK
    core = _strip_lead(text).rstrip("?!. ")
    like = LIKE.match(core)
    if like:
        subject = like.group("x")
        if WORK.search(subject):
            return "What do you enjoy most about your work these days?"
        return f"What do you enjoy most about {subject}?"
    if WORK.search(core):
        return "What aspects of your work do you find most fulfilling?"
    if LOGISTICS.search(core):
        return LOGISTICS_NOTE.format(core + "?")
    if re.match(r"^where (?:are you|do you live|are you based)", core, re.I):
        return "What do you love about where you live, and what brought you there?"
    for form, follow_up in FOLLOW_UPS:
        if re.search(form, core, re.I):
            return core + follow_up
    return core + "? What's that like for you these days?"
