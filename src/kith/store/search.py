"""Full-text search over everything said: FTS5 on SQLite, tsvector on PostgreSQL.

The user types words, `prefix*` and "quoted phrases"; each backend gets a query
built from those parts only, so stray punctuation can never become query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False


def parse_query(query: str) -> list[Term]:
    terms: list[Term] = []
    for phrase, word in _PART.findall(query):
        words = tuple(w.lower() for w in _WORD.findall(phrase or word))
        if words:
            terms.append(Term(words, prefix=bool(word) and word.endswith("*")))
    return terms


def fts5_query(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        text = '"' + " ".join(term.words) + '"'
        parts.append(text + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def tsquery(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        words = [w.replace("'", "") for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)
