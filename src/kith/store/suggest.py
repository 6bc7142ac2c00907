"""Likely duplicates: pairs of people who are probably one, for the user to review.

Certain matches (a shared email, phone, profile URL or handle) never get here: the
ingest merges them. What is left is judgement, so Kith only suggests, and only
with evidence beyond the name:

* similar names (rapidfuzz `token_sort_ratio` ≥ 88, so "Jon Smith" ~ "John Smith"
  and "Smith, John" ~ "John Smith") **and** one of: the same company, the same
  email domain (not a free-mail one), or a thread they were both in;
* the same normalised name where one of the two is known by name only (a WhatsApp
  or Slack display name, `name:<source>:…`) and the other comes from another
  source.

It stays fast at tens of thousands of people because it never compares all pairs:
every person is filed under each token of their name, and a person the import
created or touched is compared only with the people who share a token with them.
The evidence (companies, domains, threads) is read only for the pairs whose names
already match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from kith.errors import ItemNotFound
from kith.identity import normalize_name
from kith.store import schema as t
from kith.store.merge import chunks

THRESHOLD = 88
MAX_BLOCK = 2000  # a block this big says nothing (a very common name)
FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "hotmail.co.uk",
        "yahoo.co.uk",
        "fastmail.com",
        "hey.com",
    ]
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
Blocks = dict[tuple[str, str, str], list[int]]  # (word, initial of another word, initials)


@dataclass
class Facts:
    """What the evidence rules need to know about one person."""

    company: str = ""
    domains: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    name_only: bool = True
    threads: set[int] = field(default_factory=set)


def block_keys(name: str) -> set[tuple[str, str]]:
    """Where a name is filed: each word with the initial of each other word.

    "John Smith", "Jon Smith" and "Smith, John" all land in ("smith", "j"); a
    block holds the few people who share a word and an initial, not every John.
    """
    return _block_keys(_words(name))


def _words(name: str) -> list[str]:
    """A name's words as every rule here reads them (normalised once per name)."""
    return _TOKEN.findall(normalize_name(name))


def _block_keys(words: list[str]) -> set[tuple[str, str]]:
    words = [w for w in words if not w.isdigit()]
    if len(words) == 1:
        return {(words[0], "")}
    # An initial ("John A. Smith") is never a block of its own: it only narrows one.
    return {
        (w, o[0])
        for i, w in enumerate(words)
        for j, o in enumerate(words)
        if i != j and (len(w) > 1 or not w.isascii())
    }


@dataclass
class Name:
    """One person's name, taken apart once: what it is compared on, and where it is filed."""

    text: str
    key: str  # match_key
    initials: frozenset[str]
    blocks: set[tuple[str, str]]

    @classmethod
    def of(cls, text: str) -> Name:
        words = _words(text)
        return cls(text, _match_key(words), _initials(words), _block_keys(words))

    @property
    def tag(self) -> str:
        return "".join(sorted(self.initials))


def suggest_for(conn: Connection, account_id: int, person_ids: Iterable[int], now: datetime) -> int:
    """File suggestions for these people against everyone; return how many are new."""
    targets = set(person_ids)
    if not targets:
        return 0
    names, blocks = _index(conn, account_id)
    pairs = _similar_pairs(targets, names, blocks)
    if not pairs:
        return 0
    facts = _facts(conn, account_id, {p for pair in pairs for p in pair})
    rows = []
    for (a, b), ratio in pairs.items():
        found = evidence(names[a].text, names[b].text, ratio, facts[a], facts[b])
        if found is not None:
            score, reason = found
            rows.append(
                {
                    "account_id": account_id,
                    "person_a": a,
                    "person_b": b,
                    "score": score,
                    "reason": reason,
                    "status": "open",
                    "created_at": now,
                }
            )
    return _insert_new(conn, rows)


def _index(conn: Connection, account_id: int) -> tuple[dict[int, Name], Blocks]:
    names: dict[int, Name] = {}
    blocks: Blocks = defaultdict(list)
    rows = conn.execute(
        select(t.people.c.id, t.people.c.name).where(
            t.people.c.account_id == account_id, t.people.c.is_bulk.is_(False)
        )
    ).all()
    for pid, text in rows:
        name = names[int(pid)] = Name.of(text)
        # Middle initials split a block: "Ana B. Smith" files under "b" and under "*"
        # (anyone with initials), "Ana Smith" under "" (no initials).
        tag = name.tag
        for word, initial in name.blocks:
            blocks[(word, initial, tag)].append(int(pid))
            if tag:
                blocks[(word, initial, "*")].append(int(pid))
    return names, blocks


def _lookup(blocks: Blocks, name: Name) -> set[int]:
    """Everyone filed where this name could match: same initials, or none on one side."""
    tag = name.tag
    found: set[int] = set()
    for word, initial in name.blocks:
        for other_tag in (tag, "") if tag else ("", "*"):
            block = blocks.get((word, initial, other_tag), ())
            if len(block) <= MAX_BLOCK:
                found.update(block)
    return found


def _similar_pairs(
    targets: set[int], names: dict[int, Name], blocks: Blocks
) -> dict[tuple[int, int], float]:
    pairs: dict[tuple[int, int], float] = {}
    for pid in targets:
        if pid not in names:
            continue
        # Two targets meet once, from the smaller id; "Ana B. Smith" is not "Ana C. Smith".
        mine = names[pid].initials
        others = [
            o
            for o in _lookup(blocks, names[pid])
            if (o > pid or o not in targets)
            and not (mine and (theirs := names[o].initials) and theirs != mine)
        ]
        if not others:
            continue
        found = process.extract(
            names[pid].key,
            [names[o].key for o in others],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=THRESHOLD,
            limit=None,
        )
        for _, ratio, index in found:
            other = others[index]
            pairs[(min(pid, other), max(pid, other))] = ratio
    return pairs


def match_key(name: str) -> str:
    """What names are compared on: their words, without punctuation or initials."""
    return _match_key(_words(name))


def _match_key(words: list[str]) -> str:
    return " ".join(w for w in words if len(w) > 1)


def initials(name: str) -> frozenset[str]:
    """The single-letter words of a name: middle initials."""
    return _initials(_words(name))


def _initials(words: list[str]) -> frozenset[str]:
    return frozenset(w for w in words if len(w) == 1 and w.isalpha())


def _facts(conn: Connection, account_id: int, people: set[int]) -> dict[int, Facts]:
    facts = {pid: Facts() for pid in people}
    ids = sorted(people)
    for part in chunks(ids):
        for pid, company in conn.execute(
            select(t.people.c.id, t.people.c.company).where(t.people.c.id.in_(part))
        ).all():
            facts[int(pid)].company = normalize_name(company)
        for pid, kind, value, source in conn.execute(
            select(
                t.identities.c.person_id,
                t.identities.c.kind,
                t.identities.c.value,
                t.identities.c.source,
            ).where(t.identities.c.person_id.in_(part))
        ).all():
            _add_identity(facts[int(pid)], kind, value, source)
        for pid, thread in conn.execute(
            select(t.touches.c.person_id, t.touches.c.thread_id)
            .where(t.touches.c.person_id.in_(part), t.touches.c.thread_id.is_not(None))
            .distinct()
        ).all():
            facts[int(pid)].threads.add(int(thread))
    return facts


def _add_identity(f: Facts, kind: str, value: str, source: str | None) -> None:
    if kind == "name":
        f.sources.add(value.split(":", 1)[0])
        return
    f.name_only = False
    if source:
        f.sources.add(source)
    if kind == "email":
        domain = value.rsplit("@", 1)[-1]
        if domain not in FREE_MAIL:
            f.domains.add(domain)


def evidence(
    name_a: str, name_b: str, ratio: float, a: Facts, b: Facts
) -> tuple[float, str] | None:
    """Score and reason for a pair with similar names, or None when nothing backs it."""
    reasons: list[str] = []
    weight = 0.0
    if a.company and a.company == b.company:
        reasons.append(f"both at {a.company}")
        weight += 1.0
    shared = sorted(a.domains & b.domains)
    if shared:
        reasons.append(f"both write from {shared[0]}")
        weight += 0.8
    if a.threads & b.threads:
        reasons.append("in the same conversation")
        weight += 0.6
    same_name = normalize_name(name_a) == normalize_name(name_b)
    if same_name and (a.name_only or b.name_only) and a.sources != b.sources:
        only = a if a.name_only else b
        other = b if only is a else a
        where = ", ".join(sorted(only.sources)) or "one source"
        elsewhere = ", ".join(sorted(other.sources - only.sources)) or "another source"
        reasons.append(f"known only by name in {where}, and from {elsewhere}")
        weight += 0.5
    if not reasons:
        return None
    score = round(0.7 * ratio / 100 + 0.3 * min(1.0, weight), 3)
    what = "same name" if same_name else f"similar names ({ratio:.0f}/100)"
    return score, f"{what}; " + "; ".join(reasons)


def _insert_new(conn: Connection, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    module: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = module.insert(t.merge_suggestions).on_conflict_do_nothing()
    added = 0
    for part in chunks(rows):
        added += len(conn.execute(statement.returning(t.merge_suggestions.c.id), list(part)).all())
    return added


def list_suggestions(
    conn: Connection, account_id: int, status: str | None = "open", suggestion_id: int | None = None
) -> list[dict[str, Any]]:
    """Suggestions with both people side by side, best first."""
    s = t.merge_suggestions
    query = select(s).where(s.c.account_id == account_id)
    if status is not None:
        query = query.where(s.c.status == status)
    if suggestion_id is not None:
        query = query.where(s.c.id == suggestion_id)
    rows = conn.execute(query.order_by(s.c.score.desc(), s.c.id)).all()
    if suggestion_id is not None and not rows:
        raise ItemNotFound(f"no merge suggestion {suggestion_id} — see `kith merge --suggestions`")
    people = _side_by_side(conn, {p for r in rows for p in (r.person_a, r.person_b)})
    return [
        {
            "id": int(r.id),
            "a": people.get(int(r.person_a)),
            "b": people.get(int(r.person_b)),
            "score": r.score,
            "reason": r.reason,
            "status": r.status,
        }
        for r in rows
    ]


def _side_by_side(conn: Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for part in chunks(sorted(ids)):
        for row in conn.execute(
            select(t.people.c.id, t.people.c.name, t.people.c.company).where(
                t.people.c.id.in_(part)
            )
        ).all():
            out[int(row.id)] = {
                "id": int(row.id),
                "name": row.name,
                "company": row.company,
                "identities": [],
            }
        for pid, kind, value in conn.execute(
            select(t.identities.c.person_id, t.identities.c.kind, t.identities.c.value)
            .where(t.identities.c.person_id.in_(part))
            .order_by(t.identities.c.kind, t.identities.c.value)
        ).all():
            out[int(pid)]["identities"].append(f"{kind}:{value}" if kind != "name" else value)
    return out
