"""Find the questions in a draft and say what kind each one is.

The seed's first practice is curiosity: open questions ("What aspects of your work
do you find most fulfilling?") invite a story; closed ones ("Do you like your
job?") invite a word; small talk ("How are you?", "What do you do?") asks nothing
real. The form alone does not decide: a wh-word can ask for a fact ("Where are
you based?" is closed) and a yes/no form can be an invitation ("Could you tell me
more about …?" is open). So the rules look, in order, for the question after any
lead-in ("Loved your post — what helped?"), for scheduling (closed, and fine so), for
pleasantries, for invitations, for the few wh-forms that ask for a fact, and only
then at the form.

Small talk is recognised three ways, because its phrasings are endless and a list
of them only ever fits the examples it was written from: known phrasings ("How's it
going?"); a question made only of pleasantry words (time off, weather, the commute,
meals, moods — "Traffic bad this morning?"); and the clipped grammar of chit-chat, a
question with neither wh-word nor subject ("Well rested after the break?"). One
specific word ("keynote", "surgery", a name after the auxiliary, a number) makes a
question real. Chat spelling ("hows ur wknd") is read as plain English first.

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
    r"^what did you get up to\b|^what(?: are|'re)? you up to\b|^whatcha up to\b|^up to much\b",
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
    r"^(?:[\w']+ ){0,2}keeping (?:you|u) (?:busy|on your toes)(?: these days| lately)?$"
    r"|^staying busy\b|^surviving the\b"
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
    r"^how (?:are|r) (?:the kids|the children|the family|things)\b",
    r"^how(?:'s| is| was) the (?:day|week|weekend)(?: been| going)?$",
    r"\b(?:weather|sunshine|this rain|the rain|this heat|the heat|heatwave|snow|snowy|storm|stormy"
    r"|drizzle|downpour|pour|pouring|poured|hail|sleet|sunburn|frost|frosty|fog|foggy)\b",
    # Chit-chat at an event, about a trip in passing, about what they do or what's new.
    r"^(?:are you )?enjoying (?:the|your|this) [\w' -]+?(?: so far)?$",
    r"^where(?:'re| are)? (?:you )?(?:off to|heading|going|travelling|traveling)\b.*\b(?:summer"
    r"|holidays?|weekend|break|christmas|easter|vacation|winter)\b",
    r"^(?:so |and )?what (?:is it|'s it) (?:that )?you do\b"
    r"|^what (?:kind|sort|type) of work do you do\b",
    r"^what (?:field|industry|sector|line of business) (?:are you|do you work) in\b",
    r"^what(?:'s| is| are)(?: you)? (?:on|doing|up to|planned) (?:for|this|over|at|on) (?:the )?"
    r"(?:weekend|holidays?|christmas|easter|summer|new year|break|bank holiday|tonight|evening)\b",
    r"^what(?:'s| is) (?:going on|happening|up|new|good|cooking|cracking|occurring)"
    r"(?: (?:with|for) (?:you|u)|(?: at| on)? your end| in your world)?$",
    r"^what(?:'s| is) the latest\b|^what are you (?:up to|doing)(?: (?:today|tonight|now|later"
    r"|this (?:weekend|evening|afternoon)))?$",
    r"^how about (?:that|them|those) [\w' ]+$",
    r"^how(?:'s| is| are| has| have)? .{0,30}\btreating (?:you|ya|u)\b(?: so far| these days"
    r"| lately)?$",
    r"^what an? [\w' -]+(?:, (?:eh|huh|right|no|innit))?$",
    r"^where(?:'re| are)? (?:you )?off to(?: next| this \w+)?$",
    r"^(?:lovely|nice|beautiful|gorgeous) day\b",
    r"^can you believe it'?s (?:already )?\w+",
    r"^long time no see\b",
    r"^(?:i )?(?:hope|trust) (?:you|all|everything|the|your|things|life|it)\b",
    r"^(?:so )?what (?:do you do|line of work|brings you (?:here|to))\b",
    r"^(?:so )?what(?:'s| is) your (?:line of work|job|profession|occupation|field)\b",
    r"^what do you do for (?:a living|work)\b",
    r"^how(?:'s| is) work\b",
]
PLEASANTRIES = [re.compile(p, re.I) for p in SMALL_TALK_PATTERNS]

# The words pleasantries are made of. A question whose every content word is one of
# these asks nothing real ("Good flight?", "Traffic bad this morning?", "Did you do
# much over the weekend?"); one word outside them ("keynote", "surgery", "Japan", a
# number) makes it a real question. A lexicon generalises where a list of phrasings
# cannot: the eval set's dev third taught that lesson.
PASSING_TIME = (
    "weekend weekends week weeks day days today tonight morning mornings afternoon evening"
    " evenings night monday tuesday wednesday thursday friday saturday sunday mondays fridays"
    " holiday holidays break christmas xmas easter thanksgiving new year summer winter spring"
    " autumn season festive half-term bank time off vacation birthday lately recently already"
    " eid diwali hanukkah passover ramadan halloween midsummer carnival festivities"
    " anniversary last this next ahead rest long yet"
)
WEATHER = (
    "weather rain raining rainy sun sunny sunshine snow snowing storm heat heatwave hot cold"
    " warm cool chilly freezing grey gray windy humid dry wet beautiful lovely gorgeous"
    " miserable outside"
)
ON_THE_WAY = (
    "jet lag jetlag heading flight drive train journey commute traffic trip travel away anywhere"
    " home back place ferry bus tube subway metro crossing walk ride"
)
MEALS = "lunch breakfast dinner coffee eaten eat grabbed brunch"
MOODS = (
    "busy quiet hectic crazy wild rough long good great nice fine ok okay alright well bad"
    " glad tired decent lovely pleasant always usual usually spot doing keeping surviving"
    " survive survived feeling blues set rested relax relaxing everyone everybody settling"
    " enjoying enjoyed fun exciting special relaxing proper anything something much plans plan"
    " planned lined happening new latest grind big game match party conference event talks"
    " work things everything all find get got have"
)
# Only after "How …": "How's the family?" is a pleasantry, "Do you have kids?" is not.
HOW_ONLY = (
    "going goes go been doing treating treat holding shaping getting family kids children"
    " world corner twins grandkids grandchildren girls boys lads dog cat pets tricks little"
    " one ones thing head business job school mum mom dad parents wife husband partner sister"
    " brother baby better half folks parents everyone everybody gang life"
)
PLEASANTRY_WORDS = set(f"{PASSING_TIME} {WEATHER} {ON_THE_WAY} {MEALS} {MOODS}".split())
HOW_PLEASANTRY_WORDS = PLEASANTRY_WORDS | set(HOW_ONLY.split())
GRAMMAR = (
    "how is was are were did do does has have had you your yours u ur the a an this that these"
    " those it its any some for at on in over to of with so far up out there here as not too"
    " again been being be am i me my we us our huh eh from manage managed caught every and after"
    " right yeah innit come came while just still ever really"
)
FUNCTION_WORDS = set(GRAMMAR.split())
HOW_FORM = re.compile(
    r"^how(?! (?:many|much|long|far|old|tall|big|often|soon|late|early|come)\b)\b", re.I
)
WH_FORM = re.compile(r"^(?:what|where|when|which|who|whose|whom|why)\b", re.I)
# "coming up", "at your end": phrases that are pleasantry words together, not apart.
PLEASANTRY_PHRASES = re.compile(
    r"\b(?:coming up|going (?:ok|okay|well|alright|good|fine)|in the end|where you are|over there"
    r"|at the moment|right now|out and about|neck of the woods|part of the world|(?:at|on) your end"
    r"|on your side|your end|your side|so far"
    r"|these days)\b",
    re.I,
)


def _content_words(core: str) -> list[str]:
    # "the flight back from Boston" is about the flight, not about Boston.
    core = re.sub(
        r"\b(flight|drive|journey|train|commute|ride|trip)"
        r"((?: back| home| over| up| down| in| out)?)"
        r" (?:from|to|into|out of) [A-Z][\w-]*(?: [A-Z][\w-]*)?",
        r"\1\2",
        core,
    )
    text = PLEASANTRY_PHRASES.sub(" ", core.lower())
    text = re.sub(r"\b(cold|hot|warm|wet|grey|long|busy|quiet|rough|big|good) one\b", r"\1", text)
    tokens = re.findall(r"[a-z0-9'-]+", text)
    split = [part for token in tokens for part in re.split(r"'(?:s|re|ve|ll|d|m)?$|'", token)]
    return [w for w in split if w and w not in FUNCTION_WORDS]


def made_of_pleasantries(core: str) -> bool:
    """A how-question or a yes/no form whose every content word is a pleasantry word."""
    if WH_FORM.match(core) or (core.lower().startswith("how") and not HOW_FORM.match(core)):
        return False
    if HOW_FORM.match(core) and len(core.split()) < 2:  # "…, and how?" asks for the story
        return False
    words = _content_words(TAG_QUESTION.sub("", core + "?").rstrip("?"))
    if any(w[0].isdigit() for w in words):
        return False
    vocabulary = HOW_PLEASANTRY_WORDS if HOW_FORM.match(core) else PLEASANTRY_WORDS
    if not words:
        return bool(HOW_FORM.match(core))
    return all(w in vocabulary for w in words)


# An invitation to tell, whatever its grammatical form.
INVITE = re.compile(
    r"\b(?:tell me (?:more|about|everything|how|what|why)|walk (?:me|us) through|say more"
    r"|say (?:a bit|a little|something|a word) (?:more )?about"
    r"|(?:wondering|wonder) (?:how|what|why)"
    r"|i'?d (?:\w+ )?love to (?:hear|know|learn)|give (?:me|us) a (?:flavou?r|feel|picture|taste"
    r"|glimpse)"
    r"|expand on|elaborate|give (?:me|us) a sense|share (?:a bit|more|how|what|why"
    r"|your(?! (?:[\w-]+ )?(?:link|file|slides|deck|doc|number"
    r"|address|details|email|notes|screen|location|calendar)\b))"
    r"|(?:any|some) (?:advice|thoughts|tips|lessons)|describe|talk (?:me|us) through|i'?d love "
    r"to hear|i'?d love your|curious (?:to (?:hear|know|learn)|how|"
    r"what|why)"
    r"|any thoughts on|thoughts on|wdyt|what do you think|what did you think|what'?s your take"
    r"|your take on|is there anything you|what (?:was|is) it like|(?:was|is) it like for you)\b",
    re.I,
)
# "Do you mind sharing …", "Would you be up for telling me …", "Would you tell me …"
# Sharing a thing ("Can you share the link?") is logistics, not an invitation.
SHARED_THING = (
    r"(?! (?:the|a|your|that|this|those|these|my) (?:[\w-]+ )?(?:link|file|slides|deck|doc"
    r"|document|form|number|address|details|photos?|pics?|contact|email|invite|code|password"
    r"|notes|agenda|recording|spreadsheet|sheet|pdf|screen|location|calendar)\b)"
)
INVITE_YES_NO = re.compile(
    r"^(?:could|can|would|will|do|might) you (?:\w+ )?(?:\w+ )?(?:\w+ )?"
    rf"(?:telling|tell|sharing{SHARED_THING}|share{SHARED_THING}|explaining|explain|describing"
    r"|describe|walking|walk)\b",
    re.I,
)

# Arranging a time or a place: closed by nature, and fine as it is ("Does 3pm work?").
DAYTIME = (
    r"(?:today|tonight|tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat"
    r"|weekend|morning|afternoon|evening|lunch(?:time)?|later|next|this|\d)"
)
SCHEDULING = re.compile(
    rf"\b(?:free|available)\b|\baround (?:on |at |this |next )?{DAYTIME}"
    r"|\bstill (?:on|good|ok|okay|up) for\b"
    rf"|^(?:does|do|would|will|could|lmk|let me know)\b(?=.*\b{DAYTIME}).*\b(?:works?|suits?)\b"
    r"|\bcan (?:you|u|we) (?:jump on|hop on|squeeze)\b"
    rf"|\b(?:can|could) (?:you|u|we) (?:do|make)\b(?=.*\b{DAYTIME})"
    r"|\b(?:push|move|bump|reschedule|shift) (?:our|the|it|lunch|this|that|my)\b"
    rf"|\bshall we (?:say|meet|do)\b|\bhow about {DAYTIME}"
    r"|\bwhat time\b|\b(?:which|what) (?:day|time|date|slot)s?\b|\bwhere should we meet\b"
    r"|\b(?:have|got) (?:\d+|a few|five|ten|fifteen|twenty|thirty|a) (?:minutes|mins|minute|sec)\b"
    r"|\bmake it (?:to|on|at)\b|\b(?:jump|hop) on a call\b|^fancy\b|\btoo (?:early|late|soon)\b"
    r"|\b(?:call|ring|meet|see|pick) you (?:up )?(?:at|on|tomorrow|later|tonight)\b"
    rf"|\b(?:any good|ok|okay|good) for (?:you|u)\b(?=.*\b{DAYTIME})"
    rf"|\b{DAYTIME}\w* (?:any good|ok|okay)\b",
    re.I,
)
# A question after a lead-in ("Since you've been there a while, what do you miss?",
# "Loved your post — what helped?"): the question is what follows the break.
LEAD_IN = re.compile(
    r"^(?P<head>.+?)(?:(?:[;:]|\s[—–-])\s*(?P<any>\w.*)|,\s*(?P<tail>(?:what|how|why|where|when"
    r"|which|who|do|does|did|are|is|was|were|can|could|would|will|have|has)\b.*))$",
    re.I,
)
# "…, bus or bike?" — a choice between two short options is answered by naming one.
CHOICE = re.compile(r",\s*(?:[\w'-]+ ){0,2}[\w'-]+ or (?:[\w'-]+ ){0,2}[\w'-]+\s*$", re.I)
OPEN_WHERE_WHEN = re.compile(
    r"^(?:when did you (?:first )?(?:realise|realize|know|decide|notice|feel)"
    r"|where do you (?:see|think)|where did the idea|where does that leave)\b",
    re.I,
)
CHAT = [
    (r"\bu\b", "you"),
    (r"\bur\b", "your"),
    (r"\br\b", "are"),
    (r"\bya\b", "you"),
    (r"\bhows\b", "how's"),
    (r"\bwhats\b", "what's"),
    (r"\bhow've\b", "how have"),
    (r"\bhow're\b", "how are"),
    (r"\bwyd\b", "what are you doing"),
    (r"\bwk?e?nd\b", "weekend"),
    (r"\btmrw\b", "tomorrow"),
    (r"\b(?:tonite|2nite)\b", "tonight"),
    (r"\by'?all\b", "you all"),
    (r"\b(go|do|goin|doin|gettin)'?(?=\s|$)", None),
    (r"'bout\b", "about"),
]


def plain(core: str) -> str:
    """Chat spelling to plain English: "hows ur week" → "how's your week"."""
    core = re.sub(r"^(?:hey+|hi+|hiya|yo|oi|heya)\b[\s,!.]*", "", core, flags=re.I)
    for pattern, replacement in CHAT:
        if replacement is None:
            core = re.sub(r"\b(goin|doin|gettin)'?(?=\s|$)", r"\1g", core, flags=re.I)
        else:
            core = re.sub(pattern, replacement, core, flags=re.I)
    return core


# A yes/no question has an auxiliary and a subject ("Did the launch go ahead?"); without
# the subject ("Had a good break?", "Well rested?", "Keeping out of trouble?") it is the
# clipped grammar of chit-chat.
SUBJECT = (
    r"(?:you|u|we|they|it|he|she|i|your|the|this|that|these|those|there|my|our|his|her|their"
    r"|anyone|everyone|everything|things|all|[A-Z][\w'-]*)"
)
YES_NO = re.compile(
    r"^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall|may|might"
    rf"|am|r)(?:n't)? {SUBJECT}\b"
    r"|^(?:do|does|did|are|is|was|were|can|could|would|will|should|shall|may|might)(?:n't)?"
    r" (?:a|an|some|any)\b",
)
STATEMENT_START = re.compile(
    r"^(?:you|u|we|i|it|that|this|there|they|he|she|so|just|still|any|anyone|anything|anybody"
    r"|not|no|or|and|but|if|because)\b|^(?:you|we|i|it|that|there|they)'",
    re.I,
)
AUXILIARY = re.compile(
    r"^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall|may"
    r"|might|am|r|any chance|u|you'?re|you'?ve|you)\b",
    re.I,
)
TAG_QUESTION = re.compile(
    r",\s*(?:right|no|yeah|eh|correct|ok|okay|huh|innit|"
    r"(?:is|was|are|do|did|does|have|has|can|will|would) (?:it|you|they|we|he|she|there)|"
    r"(?:is|are|was|were|do|did|does|have|has|can|will|would)n'?t (?:it|you|they|we|he|she|"
    r"there))\s*[?.!]*$",
    re.I,
)
WHETHER = re.compile(r"\b(?:wondering|wonder|curious) (?:whether|if)\b", re.I)

# wh-forms that ask for a fact: a number, a place, a time, a name, a choice.
FACT_WH = re.compile(
    r"^(?:how (?:many|much|long|far|old|tall|big|often|soon|late|early)\b"
    r"|when\b(?! did you (?:first|realise|realize|know))"
    r"|where\b(?! (?:do you see|do you think|did the idea|does that leave))"
    r"|which\b|who\b|whose\b|whom\b"
    r"|what (?:time|day|date|year|month|platform|school|airline|team|version|size|kind of car"
    r"|colour|color|brand|number|station|street|room|floor)\b"
    r"|what(?:'s| is| was) (?:the|your) (?:\w+ )?(?:deadline|password|budget|title|name|address"
    r"|date|time|price|cost|rent|number|score|email|link|url|plan b|postcode|zip)\b"
    r"|what(?:'s| is| was) (?:the|your) (?:[\w'-]+ )?(?:name|code|score|result)$"
    r"|what(?:'s| is| was) the (?:capacity|size|length|population|age|height|weight|distance"
    r"|price|fee|cost|limit|minimum|maximum|total)\b"
    r"|what (?:kind|type|sort|make|model|brand) of [\w-]+ (?:do|did|does) you (?:ride|drive|use"
    r"|have|own|run|play|fly|shoot|get|buy)\b"
    r"|how did (?:it|the [\w-]+) (?:end|finish)\b"
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


def strip_lead(part: str) -> str:
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
            parts.append(strip_lead(part.strip()) + tail)
    return [p for p in parts if p.strip("?")]


def classify_clause(clause: str) -> Verdict:
    """One sentence: scheduling, small talk, invitation, fact-seeking wh, form."""
    core = plain(clause.rstrip("?!. ").strip())
    lead_in = _lead_in(core)
    if lead_in and INVITE.search(lead_in.group("head")):
        return Verdict(OPEN, "an invitation to tell (tell me, I'd love to hear…)")
    if lead_in:
        core = lead_in.group("tail") or lead_in.group("any")
    if SCHEDULING.search(core):
        return Verdict(CLOSED, "arranges a time or a place")
    for pattern in PLEASANTRIES:
        if pattern.search(core):
            return Verdict(SMALL_TALK, "a pleasantry (how are you, how was the weekend…)")
    if made_of_pleasantries(core):
        return Verdict(SMALL_TALK, "pleasantry: nothing but pleasantry words")
    return _beyond_pleasantries(core, clause)


def _lead_in(core: str) -> re.Match[str] | None:
    """The break before the real question, unless what comes first is the question."""
    if TAG_QUESTION.search(core + "?") or WH_START.match(core) or AUXILIARY.match(core):
        return None
    found = LEAD_IN.match(core)
    if found and found.group("any") and re.match(r"(?:i|i'm|it's|we)\b", found.group("any"), re.I):
        return None
    return found


def _beyond_pleasantries(core: str, clause: str) -> Verdict:
    if INVITE.search(core) or INVITE_YES_NO.search(core):
        return Verdict(OPEN, "an invitation to tell (tell me, walk me through, could you share…)")
    if OPEN_WHERE_WHEN.search(core):
        return Verdict(OPEN, "asks how they came to see or decide something")
    if FACT_WH.search(core) or CHOICE.search(core):
        if WHY.search(core):
            return Verdict(OPEN, "asks for a choice and the reason why")
        return Verdict(CLOSED, "a wh-word that asks for a fact (when, where, which, how many…)")
    if _clipped(core):
        return Verdict(SMALL_TALK, "a clipped question with no subject: the grammar of chit-chat")
    if TAG_QUESTION.search(clause) or WHETHER.search(core):
        return Verdict(CLOSED, "a tag or whether-question: answered yes or no")
    if AUXILIARY.search(core):
        return Verdict(CLOSED, "a yes/no question")
    if OPEN_WH.search(core) or WHY.search(core):
        return Verdict(OPEN, "a what/how/why question that asks for a story")
    return Verdict(CLOSED, "no open wh-form")


def _clipped(core: str) -> bool:
    """ "Well rested after the break?": no wh-word, no subject, nothing specific."""
    if WH_START.match(core) or core.lower().startswith("how") or STATEMENT_START.match(core):
        return False
    first = core.split()[0] if core.split() else ""
    if AUXILIARY.match(first) and YES_NO.match(core[0].lower() + core[1:]):
        return False
    return not re.search(r"\d", core)


def is_question(clause: str) -> bool:
    """A sentence that asks: a question mark, or a question form without one (DM style)."""
    stripped = clause.strip()
    if stripped.endswith("?"):
        return True
    if stripped.endswith("!") or stripped.endswith("."):
        return False
    core = strip_lead(normalise(stripped))
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
