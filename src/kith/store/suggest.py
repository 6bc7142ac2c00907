"""Likely duplicates: pairs of people who are probably one, for the user to review.

Certain matches (a shared email, phone, profile URL or handle) never get here: the
ingest merges them. What is left is judgement, so Kith only suggests, and only
with evidence beyond a similar name:

* similar names (rapidfuzz `token_sort_ratio` ≥ 88, so "Jon Smith" ~ "John Smith"
  and "Smith, John" ~ "John Smith") **and** one of: the same company, the same
  email domain (not a free-mail one), or a thread they were both in;
* the same full name (two words or more, held by fewer than `COMMON` people) from
  anywhere — "Anna Berg" on LinkedIn and "Anna Berg" <anna@berg.io> — unless both
  have a profile on the same network and the profiles differ (two accounts are
  two namesakes); a name known only by its display name in one source (a WhatsApp
  or Slack name, `name:<source>:…`) says so in the reason.

Similar is word by word, not only overall: every word must find its counterpart
in the other name — the same word, a spelling of it ("Jon"/"John") or its short
form ("Alex"/"Alexander"). "John Doe" and "Jane Doe" share a surname and maybe a
domain, but a different given name is a different person. A person known only by
an address ("john.doe@x.com") is named by its local part ("john doe").

It stays fast at tens of thousands of people because it never compares all pairs:
every person is filed under each token of their name, and a person the import
created or touched is compared only with the people who share a token with them.
The evidence (companies, domains, threads) is read only for the pairs whose names
already match, a chunk of people per statement.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from kith.errors import ItemNotFound
from kith.identity import normalize_name
from kith.store import schema as t
from kith.store.merge import chunks

THRESHOLD = 88
VARIANT = 82  # one word against another: "jon"/"john" 86, "jonas"/"jonah" 80, "jane"/"john" 50
COMMON = 3  # this many people share a full name: the name alone says nothing
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
_ADDRESS_SEPARATORS = re.compile(r"[\d_.+-]+")
Blocks = dict[tuple[str, str, str], list[int]]  # (word, initial of another word, initials)


@dataclass
class Facts:
    """What the evidence rules need to know about one person."""

    company: str = ""
    domains: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    name_only: bool = True
    threads: set[int] = field(default_factory=set)
    profiles: set[str] = field(default_factory=set)

    @property
    def networks(self) -> dict[str, str]:
        """Profile host -> profile, to tell two accounts on one network apart."""
        return {urlsplit(url).netloc: url for url in sorted(self.profiles)}


def block_keys(name: str) -> set[tuple[str, str]]:
    """Where a name is filed: each word with the initial of each other word.

    "John Smith", "Jon Smith" and "Smith, John" all land in ("smith", "j"); a
    block holds the few people who share a word and an initial, not every John.
    """
    return _block_keys(_words(name))


def _words(name: str) -> list[str]:
    """A name's words as every rule here reads them (normalised once per name): accents
    folded ("Zoë" is how one source spells "Zoe"), an address read by its local part."""
    if "@" in name:
        name = _name_part(name)
    if name.isascii():  # nothing invisible to strip, nothing to fold: most names
        return _TOKEN.findall(name.lower())
    return _TOKEN.findall(_fold_accents(normalize_name(name)))


def _fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _name_part(name: str) -> str:
    """An address standing for a name ("john.doe@x.com") is read by its local part."""
    if "@" not in name or " " in name.strip():
        return name
    return _ADDRESS_SEPARATORS.sub(" ", name.strip().split("@", 1)[0])


def _block_keys(words: list[str]) -> set[tuple[str, str]]:
    words = [w for w in words if not w.isdigit()]
    if len(words) == 1:
        return {(words[0], "")}
    # An initial ("John A. Smith") is never a block of its own: it only narrows one,
    # and only when the name has a single full word: "John A. Smith" is filed under
    # ("john", "s") and ("smith", "j"), not with every John whose middle name starts with A.
    full = [i for i, w in enumerate(words) if len(w) > 1 or not w.isascii()]
    partners = full if len(full) > 1 else range(len(words))
    return {(words[i], words[j][0]) for i in full for j in partners if i != j}


@dataclass
class Name:
    """One person's name, taken apart once: what it is compared on, and where it is filed."""

    text: str
    key: str  # match_key
    initials: frozenset[str]
    blocks: set[tuple[str, str]]

    @classmethod
    def of(cls, text: str, words: list[str] | None = None) -> Name:
        words = _words(text) if words is None else words
        return cls(text, _match_key(words), _initials(words), _block_keys(words))

    @property
    def full(self) -> bool:
        """Two words or more: "Anna Berg", not "Anna", "Bookwell" or "Person 2"."""
        return sum(not word.isdigit() for word in self.key.split()) >= 2

    @property
    def tag(self) -> str:
        return "".join(sorted(self.initials))


def suggest_for(conn: Connection, account_id: int, person_ids: Iterable[int], now: datetime) -> int:
    """File suggestions for these people against everyone; return how many are new."""
    targets = set(person_ids)
    if not targets:
        return 0
    names, blocks, holders = _index(conn, account_id, targets)
    pairs = _similar_pairs(targets, names, blocks)
    if not pairs:
        return 0
    facts = _facts(conn, account_id, {p for pair in pairs for p in pair})
    rows = []
    for (a, b), ratio in pairs.items():
        common = holders[names[a].key] >= COMMON
        found = evidence(names[a], names[b], ratio, facts[a], facts[b], common=common)
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


def _index(
    conn: Connection, account_id: int, targets: set[int]
) -> tuple[dict[int, Name], Blocks, Counter[str]]:
    """The names that could match a target's, taken apart and filed in blocks, and how
    many people hold each of those names.

    Only a person sharing a word with a target can share a block with one, so an
    import that touched a few people takes apart only the names with their words."""
    rows = conn.execute(
        select(t.people.c.id, t.people.c.name).where(
            t.people.c.account_id == account_id, t.people.c.is_bulk.is_(False)
        )
    ).all()
    words_of: dict[str, list[str]] = {}  # namesakes are read once
    for _, text in rows:
        if text not in words_of:
            words_of[text] = _words(text)
    wanted = {w for pid, text in rows if pid in targets for w in words_of[text]}
    names: dict[int, Name] = {}
    blocks: Blocks = defaultdict(list)
    parsed: dict[str, Name] = {}
    for pid, text in rows:
        words = words_of[text]
        if not wanted.intersection(words):
            continue
        name = parsed.get(text)
        if name is None:
            name = parsed[text] = Name.of(text, words)
        names[int(pid)] = name
        # Middle initials split a block: "Ana B. Smith" files under "b" and under "*"
        # (anyone with initials), "Ana Smith" under "" (no initials).
        tag = name.tag
        for word, initial in name.blocks:
            blocks[(word, initial, tag)].append(int(pid))
            if tag:
                blocks[(word, initial, "*")].append(int(pid))
    holders = Counter(name.key for name in names.values())  # all of a name's holders are in
    return names, blocks, holders


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
            if same_words(names[pid].key, names[other].key):
                pairs[(min(pid, other), max(pid, other))] = ratio
    return pairs


def same_words(key_a: str, key_b: str) -> bool:
    """Whether each word of one name has its counterpart in the other.

    The counterpart is the same word, a spelling of it ("jon"/"john") or its short
    form ("alex"/"alexander"); the longer name may have more words (a middle name).
    "jane doe" / "john doe" is False: the same surname, another given name.
    """
    if key_a == key_b:
        return True
    rest_a, rest_b = key_a.split(), key_b.split()
    for word in list(rest_a):
        if word in rest_b:
            rest_a.remove(word)
            rest_b.remove(word)
    short, long = sorted((rest_a, rest_b), key=len)
    for word in short:
        partner = next((other for other in long if _variant(word, other)), None)
        if partner is None:
            return False
        long.remove(partner)
    return True


def _variant(a: str, b: str) -> bool:
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return fuzz.ratio(a, b) >= VARIANT


def match_key(name: str) -> str:
    """What names are compared on: their words, without punctuation or initials (a
    number stays: "Person 2" and "Person 3" are two people)."""
    return _match_key(_words(name))


def _match_key(words: list[str]) -> str:
    return " ".join(w for w in words if len(w) > 1 or w.isdigit())


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
    if kind == "profile":
        f.profiles.add(value)
    if kind == "email":
        domain = value.rsplit("@", 1)[-1]
        if domain not in FREE_MAIL:
            f.domains.add(domain)


def evidence(
    name_a: Name, name_b: Name, ratio: float, a: Facts, b: Facts, *, common: bool = False
) -> tuple[float, str] | None:
    """Score and reason for a pair with similar names, or None when nothing backs it.

    `common`: so many people hold this name that sharing it says nothing."""
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
    same_name = name_a.key == name_b.key
    if same_name and name_a.full and not common and not _two_accounts(a, b):
        reasons.append(_same_name_reason(a, b))
        weight += 0.5 if (a.name_only or b.name_only) else 0.4
    if not reasons:
        return None
    score = round(0.7 * ratio / 100 + 0.3 * min(1.0, weight), 3)
    what = "same name" if same_name else f"similar names ({ratio:.0f}/100)"
    return score, f"{what}; " + "; ".join(reasons)


def _two_accounts(a: Facts, b: Facts) -> bool:
    """Both have a profile on one network, and not the same one: two namesakes."""
    mine, theirs = a.networks, b.networks
    return any(mine[host] != theirs[host] for host in mine.keys() & theirs.keys())


def _same_name_reason(a: Facts, b: Facts) -> str:
    if (a.name_only or b.name_only) and a.sources != b.sources:
        only = a if a.name_only else b
        other = b if only is a else a
        where = ", ".join(sorted(only.sources)) or "one source"
        elsewhere = ", ".join(sorted(other.sources - only.sources)) or "another source"
        return f"known only by name in {where}, and from {elsewhere}"
    sources = sorted(a.sources | b.sources)
    return "the same full name" + (f" in {' and '.join(sources)}" if sources else "")


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
