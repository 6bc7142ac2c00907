"""How the coach cuts a draft into sentences and words, and the word lists all its checks share.

Separate because the flags, the criteria and the context all read a draft the same
way; keeping the cutting here means a sentence or a word is the same thing to each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kith.engine.coach_questions import normalise


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


FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.I)
SECOND_PERSON = re.compile(r"\b(?:you|you're|you've|you'd|you'll|your|yours|yourself)\b", re.I)

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
