"""Words that close or acknowledge ("Thanks!", "Saved", "Sounds good"): one vocabulary for
the rules that must not read them as more — a message that asks for an answer, or a
detail of someone's life."""

from __future__ import annotations

import re

ACKNOWLEDGEMENT = re.compile(
    r"^\W*(?:thanks|thank you|thx|ty|cheers|saved|noted|got it|will do|sounds good|great|"
    r"perfect|cool|ok|okay|awesome|lovely|nice|done|congrats|congratulations|see you)\b",
    re.I,
)


def is_acknowledgement(text: str | None, max_words: int) -> bool:
    """A short message or sentence that opens as an acknowledgement and asks nothing."""
    text = text or ""
    words = text.split()
    return 0 < len(words) <= max_words and "?" not in text and bool(ACKNOWLEDGEMENT.match(text))
