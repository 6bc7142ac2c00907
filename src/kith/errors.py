"""Errors named after the condition. Each message says what went wrong and what to do."""

from __future__ import annotations


class KithError(Exception):
    """Base of every error Kith reports to a user (CLI: `Error: …`, exit 1)."""

    exit_code = 1


class UsageError(KithError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class PersonNotFound(KithError):
    def __init__(self, query: str) -> None:
        super().__init__(f"no person matches {query!r} — try `kith people {query}` to search")
        self.query = query


def _what_to_do(candidates: list[tuple[int, str]]) -> str:
    """A longer name cannot tell namesakes apart; if they are one person, merging can."""
    names = {name.casefold() for _, name in candidates}
    if len(names) == 1 and len(candidates) >= 2:
        first, second = candidates[0][0], candidates[1][0]
        return f"use the id, or if they are one person, `kith merge {first} {second}`"
    return "use the id or a longer name"


class AmbiguousPerson(KithError):
    def __init__(self, query: str, candidates: list[tuple[int, str]]) -> None:
        listed = "; ".join(f"{pid}: {name}" for pid, name in candidates[:10])
        more = f" (and {len(candidates) - 10} more)" if len(candidates) > 10 else ""
        advice = _what_to_do(candidates)
        super().__init__(f"{query!r} matches {len(candidates)} people — {listed}{more}; {advice}")
        self.query = query
        self.candidates = candidates


class ImportFailed(KithError):
    """A file cannot be imported at all; nothing was written."""

    def __init__(self, file: str, problem: str, hint: str = "", line: int | None = None) -> None:
        where = f"{file}, line {line}" if line else file
        todo = f" — {hint}" if hint else ""
        super().__init__(f"{where}: {problem}{todo}")
        self.file = file
        self.line = line
        self.problem = problem


class UnknownFormat(ImportFailed):
    pass


class ItemNotFound(KithError):
    pass


class InvalidValue(UsageError):
    pass


class DatabaseError(KithError):
    pass


class DatabaseNotEmpty(KithError):
    """The demo fills only an empty database; the user's data is never mixed with it."""
