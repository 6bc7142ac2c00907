"""What each kind of detail sounds like: the trigger patterns of the extraction rules.

English only. A kind fires on a sentence when one of its patterns matches; where the
phrase is cut, and what is never read at all, lives in `details_extract`. Trip patterns
need the capital letter of a place name, so only their verbs ignore case.
"""

from __future__ import annotations

import re

KINDS = ("person", "project", "move", "trip", "preference", "worry", "milestone")

MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3}"
HOBBIES = (
    r"running|hiking|climbing|cycling|swimming|cooking|baking|gardening|fishing|sailing|"
    r"surfing|skiing|painting|knitting|reading|camping|dancing|singing|yoga|chess|jazz|"
    r"bouldering|birdwatching|photography|pottery"
)
PREMISES = "schools hospitals clinic clinics office offices sites branch store shop studio team"
NOT_AFTER_PREMISES = "".join(f"(?<!{word} )" for word in PREMISES.split())
RELATIONS = (
    r"daughter|son|kids?|children|wife|husband|partner|fianc[ée]e?|girlfriend|boyfriend|"
    r"mum|mom|mother|dad|father|parents|sister|brother|siblings?|cousin|niece|nephew|"
    r"grandson|granddaughter|grandchildren|grandkids|grandmother|grandma|grandfather|grandpa|"
    r"grandparents|grandad|granddad|grand-dad|granny|"
    r"(?:mother|father|sister|brother|son|daughter)-in-law|"
    r"aunt|uncle|in-laws?|co-?founder|business partner|best friend|teacher|mentor|coach|"
    r"little one|baby (?:girl|boy)|stepson|stepdaughter"
)
PERSON = [
    r"\b(?:mum|mom|dad|mother|father|grandma|grandpa|granny|grandad|granddad|grand-dad|nan|"
    r"stepmom|stepdad)"
    r"(?:'s)?\b",
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:friend|mate|pal|flatmate|roommate|neighbou?r|twins|family)\b",
    r"\bthe (?:in-laws|twins)\b",
    rf"\b(?:my|our)\s+(?:\w+\s+)?(?:{RELATIONS})\b",
    rf"\([^)]*\b(?:my|our)\s+(?:{RELATIONS})\)",
    r"\b(?:had|welcomed) (?:a|our) baby\b",
    # Notes the user writes after a call name the people in the other person's life.
    rf"\b(?:his|her|their) (?:{RELATIONS}),? (?-i:[A-Z][a-z]+)",
    rf"\b(?-i:[A-Z][a-z]+)'s (?:{RELATIONS}),? (?-i:[A-Z][a-z]+)",
    r"\b(?:wife|husband|partner|fianc[ée]e?) is (?-i:[A-Z][a-z]+)",
    r"\b(?:my|our) (?:youngest|eldest|oldest|middle one)\b",
    r"\bbaby (?-i:[A-Z][a-z]+)\b|\b(?:little|baby) (?:boy|girl) (?:called|named)\b",
]
PROJECT = [
    r"\bworking on\b|\bputting together\b|\bkick(?:ed|ing) off\b|\bheads down on\b",
    r"\b(?:writing|recording|organi[sz]ing|planning|building|launching|starting|running) (?:a|"
    r"an|my|our|the)\b",
    r"\b(?:renovat\w+|remodel\w*|prototype|beta|mvp|fundraiser|campaign|exhibition|thesis|"
    r"album|(?<!of )course|kickstarter)\b|\b(?:doing|my|an?) (?:\w+ )?apprenticeship\b",
    r"\b(?:launch(?:ing|ed)?|ship(?:ped|ping)|releas(?:ing|ed)|roll(?:ing)? out)\b",
    r"\b(?:writing|finishing|finished|publishing) (?:my|our|a|the) (?:book|novel|thesis|paper|"
    r"album|manuscript|draft|dissertation|screenplay|script)\b",
    r"\b(?:doing|taking on|signed up for) (?:the|a) (?:[\w-]+ ){0,3}(?:challenge|trek|swim|ride)\b",
    r"\bteaching myself\b|\bgoing back to (?:school|uni|university|college)\b|"
    r"\b(?:going|gone|went) (?:back )?to study\b",
    r"\bcoaching (?:the|a|my|our)\b|\bconvert(?:ing)? (?:the|our|my|a)\b",
    r"\bstarted (?:a|an) (?:\w+ )?(?:podcast|newsletter|blog|company|business|charity|band|club)\b",
    r"\bfundraising (?:gig|event|dinner|walk|ride|run|concert|campaign)\b|"
    r"\bfor (?:a )?charity\b|\bscaling (?:the|our|up)\b|\bplanning permission\b|"
    r"\b(?:co-?)?organi[sz]ing (?:a|an|the)\b",
    r"\b(?:documentary|short film|feature film)\b",
    r"\bbook on\b",
    r"\b(?:rewriting|rebuilding|migrating|redesigning|refactoring|developing)\b",
    r"\bbuilding (?:a|an|our|my|the|out)\b",
    r"\brestor(?:ing|e) (?:a|an|my|our|the|one|old)\b",
    r"\b(?:running|training for|signed up for) (?:the|a|my)\b[^.!?]*\b(?:marathon|half|race|"
    r"triathlon|ultra)\b",
    r"\b(?:started|starting|learning) (?:to learn |learning )?(?:the|a|to play)?\s*(?:cello|"
    r"piano|violin|guitar|spanish|french|german|japanese|pottery|coding|drums)\b",
    r"\blearning the \w+\b|\blearning (?-i:[A-Z][a-z]+)",
    r"\bhosting an? \w+",
    r"\bpilot will\b|\bpilot (?:begins|starts)\b|\bclinic pilot\b",
    r"\bstarted (?:her|his|their|my|our) own\b",
    r"\b(?:our|my) (?:startup|company|podcast|newsletter|studio|app|side project)\b",
    r"\baccelerator\b",
    r"\b(?:applying|application) (?:for|to)\b|\bdeadline for the\b|\bgrant application\b",
    r"\bi coach\b|\brecording a\b",
    r"\bopening (?:a|an|our|my) |\bexpanding (?:into|to) (?-i:[A-Z])",
    r"\b(?:rebrand\w*|in the middle of an? \w+)\b",
    r"\blearning to (?:sail|swim|drive|ski|surf|code|paint|knit|dance|sing|climb|fly)\b",
    r"\b(?:doing up|writing up|volunteer(?:ing|s)? (?:at|with|for)|rais(?:e|ing) money for|"
    r"green light for)\b|\bi run an? (?:\w+ ){0,2}(?:choir|club|group|team|class|workshop)\b",
    r"\b(?:giving|give|gave) (?:a|the) (?:talk|keynote|lecture|workshop)\b|\bspeaking at\b",
    r"\b(?:doing|studying for|started) (?:a|an|my) (?:[\w-]+ )?(?:msc|mba|phd|ma|masters?|degree|"
    r"diploma)\b",
    r"\btraining for (?:a|an|the|my) (?:\w+ )?(?:\d+k|marathon|half|race|triathlon|ultra|"
    r"century|ironman)\b",
]
MOVE = [
    r"\bmov(?:ing|ed) (?:in|out|away|abroad|house|over)\b",
    r"\b(?:joining|transferring) (?:at|to) (?-i:[A-Z])",
    r"\b(?:changing|switched|switching) (?:teams|jobs|roles)\b|\bnew role at\b",
    r"\bleaving (?:the|my|our)\b|\bgo(?:ing)? (?:fully )?remote\b",
    r"\bmov(?:ing|ed|e) (?:to|back|there|into|the|our|house|cities)\b",
    r"\brelocat(?:e|es|ed|ing)\b",
    r"\bswitching (?:teams|jobs|roles|companies)\b",
    r"\bleaving \w+ (?:at|in|on|next|after|this)\b",
    r"\bmov(?:ed|ing) (?:over )?from (?-i:[A-Z])|"
    r"\b(?:i|we) (?:left|quit) (?:my job|consulting|banking|academia|teaching|(?-i:[A-Z])\w+)",
    r"\b(?:joining|transferring to) the \w+ (?:team|office|platform)\b",
    r"\b(?:into|to) (?:a|the|our|my) new (?:building|office|house|flat|apartment|home)\b",
    r"\bbought (?:our|my|a) (?:first )?(?:house|flat|home|apartment)\b",
    r"\boffer (?:in )?on (?:a|the) (?:flat|house|home|apartment|place)\b",
    r"\bcompleted on (?:a|the|our) (?:flat|house|home|apartment|place)\b",
    r"\binterviewing (?:elsewhere|at|with|for)\b",
    r"\bleaving \w+ (?:to|for) (?:train|become|join|start|go|do)\b",
]
TRIP = [
    r"\b(?i:travel(?:l?ing)|road trip|holiday in|vacation in|conference in|honeymoon)\b",
    r"\b(?i:back from) (?:(?i:a|an|the) (?:\w+ ){0,3}(?i:in|to|at) )?[A-Z]",
    r"\b(?i:going|heading|flying|driving|travelling|traveling) (?i:back )?(?i:to) [A-Z]",
    r"\b(?i:visit(?:ing)?) [A-Z]",
    r"\b(?i:i'?ll|we'?ll|i'?m|we'?re|i am|we are|i will|we will) (?i:be )?(?i:in|off to|"
    r"heading to|visiting|going to) [A-Z][a-z]+",
    r"\b(?i:off|headed|heading|flying|travel(?:l?ing)?|fly|one) to [A-Z]",
    r"\b(?i:trip|flight|holiday|vacation) to (?i:the )?[A-Z]",
    r"\b(?i:taking|bringing) (?i:the|my|our) \w+ to [A-Z]",
    r"\b(?i:visiting) (?:her|him|them|us|[A-Z])",
    r"\b(?i:sabbatical)\b|\b(?i:just landed in) [A-Z]",
    r"\b(?i:to walk the|to hike the)\b",
    r"\b(?i:surprised me with the trip)\b",
    r"\b(?i:celebrat\w+) (?:\w+ ){0,4}in [A-Z][a-z]+",
    r"\b(?i:spending|spend) (?:[\w']+ ){0,6}in [A-Z][a-z]+",
    r"\b(?i:wedding|conference|festival|retreat|summit|offsite) in (?i:the )?[A-Z]",
    r"\b(?i:gap year|year abroad|semester) (?:\w+ )?in [A-Z]",
    r"\b(?i:getting married|married) (?:\w+ ){0,6}in [A-Z]",
    r"\b(?i:cycling|walking|driving|sailing|hiking) from [A-Z]\w+ to [A-Z]",
    r"\b(?i:back and forth|to and fro) (?i:to|from) [A-Z]",
    r"\b(?i:travel(?:l?ing)?|backpacking) (?:(?i:around|through|across) )?[A-Z]",
    # "in Tokyo from the 10th", but not where their business is ("a clinic in Bristol next…")
    rf"{NOT_AFTER_PREMISES}\bin (?!{MONTH_NAMES})[A-Z][a-z]+ (?:for|from|next|this|on|over)\b",
    r"\b(?i:this|next) (?i:summer|winter|spring|autumn) in [A-Z]|\b(?i:summer|winter) in [A-Z]",
    rf"(?:^|[.!]\s+)In (?!{MONTH_NAMES})[A-Z][a-z]+ (?i:next|this|from|until|for)\b",
    rf"\b(?i:week|weekend|fortnight|days) (?:\w+ ){{0,3}}in (?!{MONTH_NAMES})[A-Z][a-z]+",
    rf"\bin (?:{MONTH_NAMES}) in [A-Z]",
    r"\bin [A-Z][a-z]+ (?:the last|the first|last|first) (?:weekend|week)\b",
    r"\b(?i:semester abroad)\b",
]
PREFERENCE = [
    r"\b(?:favou?rite|allergic|vegetarian|vegan|gluten|lactose|i don'?t drink|teetotal)\b",
    r"\b(?:i'?d (?:much |really )?rather|works? better for me|best way to reach me|"
    r"easiest to reach|no meetings)\b",
    r"\bi (?:hate|can'?t stand|never drink|always (?:prefer|drink|take|use|book))\b",
    r"\b(?:i|we) (?:really )?(?:prefer|only drink|only eat|love using|swear by)\b",
    r"\bprefer(?! (?:we|you|if|it if|that)\b)",
    r"\bnot a (?:\w+ )?(?:person|fan|drinker|eater)\b|\bbig fan of\b|\bfan of\b|"
    r"\b(?:big|huge) (?:\w+ )?fan\b|\bi'?m (?:really |totally |very |so )?into\b|"
    r"\banything (?:after|before) \d",
    r"\b(?:is|are) (?:always |much |really |so much |far )?(?:better|best|easier) for me\b",
    r"\bi tend to\b|\bsoft spot for\b|\bbig believer in\b|\bsacred (?:for|to) me\b",
    r"\bi (?:swim|run|cycle|climb|surf|row|paint|walk|meditate) (?:\w+ ){0,4}(?:every|most|each) "
    r"(?:day|morning|evening|week|weekend)\b",
    r"\b(?:mornings|afternoons|evenings|weekdays|weekends)(?: after \d+)? (?:are|is) (?:better|"
    r"best|easier|the only time)\b",
    r"\bthe only time i'?m free\b|\bonly (?:free|available) (?:on|in|after|before)\b",
    r"\bi (?:really )?can'?t do (?:mornings|afternoons|evenings|early|late|weekends|mondays|"
    r"tuesdays|wednesdays|thursdays|fridays)\b|\bi can only do\b|\bi'?m happiest (?:on|with|in)\b",
    r"\b(?:more of an?|definitely an?|i'?m an?|i am an?) (?:\w+ ){0,2}(?:person|owl|lark)\b",
    rf"\b(?:i (?:really |absolutely |just )?love|loves|i'?m into|hooked on|obsessed with) "
    rf"(?:\w+ )?(?:{HOBBIES})\b",
    r"^(?:tea|coffee|decaf)\b[,.!]",
]
WORRY = [
    r"\b(?:stress(?:ed|ful)?|struggl\w+|tough time|hard time|overwhelmed|burn(?:ed|t)? ?out|"
    r"layoffs?|laid off|redundan\w+|diagnos\w+|ill(?:ness)?|fear)\b",
    r"\b(?:in|to|into|of) (?:the )?hospital\b|\bhospitali[sz]ed\b",
    r"\b(?:running out of|behind on|keeps me up)\b|"
    r"\bnot sure (?:how|if|whether)\b(?! (?:i|you) (?:mentioned|told|said|saw|sent))",
    r"\b(?:worried|worrying|anxious|nervous|terrified|terrifying|scared|afraid|stressed|on edge|"
    r"dreading|concerned)\b",
    r"\bhas been sick\b|\bbeen (?:sick|ill|unwell)\b|\bin and out of hospital\b|\bchemo\b|"
    r"\bsurgery\b|\b(?:hip|knee) replacement\b",
    r"\bhaven'?t been sleeping\b|\bstill missing\b|\bwearing me down\b",
    r"\b(?:stroke|heart attack|cancer|tumou?r|miscarriage|divorce|funeral|grief|grieving|"
    r"injur(?:y|ed)|accident|passed away|broke up|splitting up|break-?up)\b",
    r"\b(?:lost (?:my|his|her|their|our) job|money is tight|rough (?:month|week|year|patch|time)|"
    r"hard (?:few|couple of) (?:weeks|months)|not going well)\b",
    r"\bbroke (?:my|his|her) (?:leg|arm|wrist|ankle|hip|foot)\b",
    r"\bput (?:our|my|the) (?:dog|cat) down\b|\bworried sick\b|\bin a bad way\b|"
    r"\brecovering from (?:a|an|the|his|her|my|their) (?:fall|operation|surgery|stroke|"
    r"injury|illness|heart attack)\b",
    r"\b(?:died|lost (?:our|my|a|the) (?:biggest |main |key )?(?:client|customer|contract|"
    r"investor)|trying for a baby|ivf|fertility|care home|nursing home|not (?:well|doing well)|"
    r"unwell)\b",
    r"\b(?:it'?s|it has|has|have) been (?:really |so |very )?(?:hard|tough|emotional|difficult)\b",
    r"\b(?:exhausted|knackered|drained|dementia|alzheimer'?s|parkinson'?s|depression|"
    r"ran out of|run out of|fell through|on hold|pulled out)\b",
]
MILESTONE = [
    r"\b(?:birthday|(?<!were )born|engaged|married|hired|award|won(?!')|published|certified|"
    r"certification|paid off|raised \$?\d|series [abc])\b",
    r"\b(?:started|starting|joined|joining) (?:at|as) \b|\bgot the job\b",
    r"\bfirst (?:book|house|home|marathon|customer|hire|sale|grandchild|employee|engineer)\b",
    r"\b(?:round|fundraising|raise) closed\b|\bclosed at [£$€]\d|"
    r"\b(?:joining|joined) the (?:faculty|board) (?:at|of)\b",
    r"\bpromot(?:ed|ion)\b",
    r"\banniversary\b",
    r"\b(?:had|welcomed|expecting) (?:a|our|her|his|their) (?:baby|second|third|first)\b|"
    r"\bbaby (?:girl|boy)\b|\bwe'?re expecting\b",
    rf"\bjust turned \w+\b|\bturn(?:ed|s)? (?:{NUMBER_WORDS})\b",
    r"\bgraduat\w+\b|\bfinished (?:my|her|his) (?:mba|phd|degree|masters?|doctorate)\b",
    r"\bretir(?:ing|ed|ement)\b",
    r"\bpassed (?:my|her|his|the) \w+",
    r"\b\d+ years (?:at|with|in)\b|\b(?:a|one) year since\b",
    rf"\bcelebrat\w+ (?:\w+ ){{0,2}}(?:{NUMBER_WORDS}) years\b",
    r"\bclosed (?:our|a|the) (?:seed|series|round|funding)\b",
    r"\bgot into\b|\bgot accepted\b|\bwas accepted\b",
    r"\bfirst steps\b|\bfirst house\b|\bbought our first\b",
    r"\bgot (?:engaged|married)\b|\bgetting married\b|\bengaged\b",
    r"\b(?:started|starting) a new job\b|\bnew job\b|\bnew role as\b|\bour wedding\b",
    r"\bhit episode\b|\bepisode \d+\b",
    r"\bdefen[cs]e\b|\bquit (?:drinking|smoking)\b|\bsober\b",
    r"\bgot (?:the|my|his|her|a|an) (?:[\w']+ )?(?:job|offer|fellowship|grant|visa|scholarship|"
    r"black belt|licen[cs]e)\b",
    r"\b(?:visa|permit|mortgage|application) (?:was |has been |got )?approved\b|"
    r"\bgot (?:my|the|our) \w+ approved\b",
    r"\b(?:hit|reached|passed|crossed) \d[\d,.]*k? (?:paying |active )?(?:customers|users|"
    r"subscribers|members|downloads)\b",
    r"\bthe new (?:chair|director|head|ceo|cto|president|principal) of\b",
    r"\bstart(?:s|ing|ed)? (?:university|college|uni)\b|\boff to (?:university|college|uni)\b",
    r"\bsigned with\b|\baccepted (?:an|the|their) offer\b|\boffer from\b",
    r"\b(?:citizenship|green card|tenure)\b|\bstepping down\b|\bstepped down\b",
    r"\b(?:had|having|expecting) (?:twins|triplets)\b",
    r"\b(?:got|adopted|adopting|getting) (?:a|our|my) (?:\w+ )?(?:puppy|dog|kitten|cat)\b",
    r"\bis \d{1,3} today\b|\bbecame an? (?:uncle|aunt|grandmother|grandfather|grandparent|"
    r"godmother|godfather)\b|\b(?:an|a) (?:uncle|aunt|grandma|grandad|grandpa) (?:again|now)\b",
    r"\bstarts? (?:his|her|their|my) (?:apprenticeship|residency|internship|new job)\b",
    r"\b(?:pregnant|proposed|shortlisted|joined the board)\b|\bhit number one\b",
    r"\b(?:elected|appointed) (?:to|as)\b|"
    r"\bdefended (?:my|her|his|their) (?:thesis|dissertation|phd)\b",
    r"\badopted (?:a|our) (?:little |baby )?(?:girl|boy|baby|son|daughter)\b|\bbaby'?s due\b",
    r"\bmerger\b|\b(?:finished|completed|ran|did|published) (?:my|her|his|our|a|the) first "
    r"(?:ultra(?:marathon)?|triathlon|half marathon|10k|ironman|paper|research paper)\b",
    r"\bjoined (?-i:[A-Z])\w+(?: (?-i:[A-Z])\w+)? as\b|\b(?:sold|selling) (?:the|our|my) "
    r"(?:company|business|startup)\b|\bgot acquired\b|\bacquired by\b",
    r"\b(?:baby|second|third|first one) (?:is )?due\b|\bdue any day\b",
    r"\bfirst (?:\w+ )?(?:recital|concert|gig|exhibition|solo show|match|race|commission|"
    r"client|contract|order)\b|\bmerg(?:ing|ed|er) with\b",
    r"'s \d{2,3}(?:st|nd|rd|th)\b|\b\d{2,3}(?:st|nd|rd|th) birthday\b",
    r"\b(?:hit|reached|passed|crossed) (?:our |my |the )?(?:first )?[£$€]\d|\bfirst [£$€]\d",
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
