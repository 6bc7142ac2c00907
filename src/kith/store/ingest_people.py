"""Which person a record names: identity lookup, new people, field updates and merges.

Separate from threads and content because it is the part with the hard rules:
email, phone, profile URL and chat handle are certain and attach automatically; a
bare name only matches within its own source; when one record names identities
that belong to two people, they are the same person and are merged (undoably).
Identities are looked up a batch at a time and remembered, found or not, for the
rest of the import.

The report's `people_merged` counts the people already known before the import
that it added to (a new identity, message, date or field, or another person merged
in), each once: a re-import adds nothing and counts no one. Whether a message or a
date was new is only known once its row is written (a re-imported one is ignored),
so after each write the import's new rows are read back by id range, once per
batch and only when a known person was named in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Table, and_, func, select, text, update

from kith.identity import normalize_name
from kith.models import MeRecord, PersonRef, Skipped
from kith.store import schema as t
from kith.store.ingest_buffer import IdAllocator, WriteBuffer
from kith.store.merge import chunks, known_different, merge_people
from kith.store.timeutil import aware

LOOKUP = 900  # values per IN query (SQLite allows 999 variables in old builds)
UPDATABLE = ("company", "position", "connected_at", "is_bulk")


@dataclass
class KnownAdded:
    """The people known before the import that it added to (see the module essay)."""

    made: set[int] = field(default_factory=set)  # people this import created
    joined: set[int] = field(default_factory=set)
    named: set[int] = field(default_factory=set)  # known people named since the last write
    since: dict[str, int] = field(default_factory=dict)  # table -> largest id checked

    def note(self, person_id: int) -> None:
        if person_id not in self.made and person_id not in self.joined:
            self.named.add(person_id)

    def add(self, person_id: int) -> None:
        if person_id not in self.made:
            self.joined.add(person_id)

    def moved(self, gone: int, survivor: int) -> None:
        for ids in (self.joined, self.named):
            if gone in ids:
                ids.discard(gone)
                ids.add(survivor)


class PersonResolver(WriteBuffer):
    """Find, create, update and merge people; `Ingestor.__init__` sets the state."""

    now: datetime
    identity_owner: dict[tuple[str, str], int]
    missing: set[tuple[str, str]]
    fields: dict[int, dict[str, Any]]  # what each known person holds now
    created: set[int]
    affected: set[int]
    ids: dict[str, IdAllocator]

    def _prefetch_identities(self, wanted: set[tuple[str, str]]) -> None:
        i, p = t.identities.c, t.people.c
        for part in chunks(sorted({value for _, value in wanted}), LOOKUP):
            rows = self.conn.execute(
                select(i.kind, i.value, i.person_id, *(p[f] for f in UPDATABLE))
                .join(t.people, p.id == i.person_id)
                .where(i.account_id == self.account_id, i.value.in_(part))
            ).all()
            for row in rows:
                self.identity_owner[(row.kind, row.value)] = int(row.person_id)
                self.fields.setdefault(int(row.person_id), {f: getattr(row, f) for f in UPDATABLE})
        self.missing.update(key for key in wanted if key not in self.identity_owner)

    # -- people ----------------------------------------------------------------
    def person_for(self, ref: PersonRef, source: str) -> int:
        """Find or create the person a ref names, attaching any new identities."""
        if len(ref.identities) == 1 and not ref.dates:  # the common case: a known sender
            only = ref.identities[0]
            owner = self.identity_owner.get((only.kind, only.value))
            if owner is not None:
                self.known_added.note(owner)
                self._update_person(owner, ref)
                return owner
        owners = [self._owner(i.kind, i.value) for i in ref.identities]
        known = list(dict.fromkeys(o for o in owners if o is not None))
        if known:
            person_id = self._merge_all(known) if len(known) > 1 else known[0]
            self.known_added.note(person_id)
            self._update_person(person_id, ref)
        else:
            person_id = self._create_person(ref)
        for identity, owner in zip(ref.identities, owners, strict=True):
            if owner is None:
                self._attach(person_id, identity.kind, identity.value, source)
                self.known_added.add(person_id)
        if ref.dates:
            self.pending["person_dates"].extend(
                (
                    self.account_id,
                    person_id,
                    d.kind,
                    d.month,
                    d.day,
                    d.year,
                    d.label,
                    self.import_id,
                )
                for d in ref.dates
            )
        return person_id

    def _owner(self, kind: str, value: str) -> int | None:
        key = (kind, value)
        found = self.identity_owner.get(key)
        if found is not None or key in self.missing:
            return found
        self._prefetch_identities({key})
        return self.identity_owner.get(key)

    def _attach(self, person_id: int, kind: str, value: str, source: str) -> None:
        self.pending["identities"].append(
            (self.account_id, person_id, kind, value, source, self.import_id)
        )
        self.identity_owner[(kind, value)] = person_id
        self.missing.discard((kind, value))

    def _create_person(self, ref: PersonRef) -> int:
        person_id = self.ids["people"].next()
        row = {
            "id": person_id,
            "account_id": self.account_id,
            "name": ref.name or "(no name)",
            "company": ref.company or None,
            "position": ref.position or None,
            "is_bulk": ref.is_bulk,
            "connected_at": ref.connected_at,
            "created_at": self.now,
            "notes": ref.notes,
            "import_id": self.import_id,
        }
        self.pending_people[person_id] = row
        self.known_added.made.add(person_id)
        self.report.people_created += 1
        self.created.add(person_id)
        self.affected.add(person_id)
        return person_id

    def _update_person(self, person_id: int, ref: PersonRef) -> None:
        """Mutable fields follow the newest source that has them."""
        if not (ref.company or ref.position or ref.connected_at or ref.is_bulk):
            return  # a message names no fields: nothing to compare
        changes = {
            "company": ref.company or None,
            "position": ref.position or None,
            "connected_at": ref.connected_at,
            "is_bulk": True if ref.is_bulk else None,
        }
        pending = self.pending_people.get(person_id)
        current = pending if pending is not None else self.fields.get(person_id, {})
        changed = {
            f: v
            for f, v in changes.items()
            if v is not None and (f not in current or _differs(current[f], v))
        }
        if not changed:
            return
        if pending is not None:
            pending.update(changed)
            return
        self.fields.setdefault(person_id, {}).update(changed)
        self.updates.setdefault(person_id, {}).update(changed)
        self.merged.add(person_id)  # changed fields can change suggestions
        self.known_added.add(person_id)

    def _merge_all(self, people: list[int]) -> int:
        """One record names several known people: they are one; keep the oldest."""
        self.flush()
        survivor, *others = sorted(people)
        for other in others:
            if known_different(self.conn, self.account_id, survivor, other):
                continue
            merge_people(
                self.conn,
                self.account_id,
                survivor,
                other,
                self.now,
                cause="same identity in one record",
                import_id=self.import_id,
                refresh=False,
            )
            if other in self.created:  # created, then found to be someone known: not new
                self.report.people_created -= 1
            self.known_added.add(survivor)
            self.known_added.moved(other, survivor)
            self.affected.add(survivor)
            self.merged.add(survivor)
            self._forget_person_cache(other, survivor)
        return survivor

    # -- people merged: the known people this import added to ---------------------
    @cached_property
    def known_added(self) -> KnownAdded:
        """Made at the first record, before any row of the import is written."""
        tally = KnownAdded()
        for table in (t.touches, t.person_dates):
            tally.since[table.name] = int(
                self.conn.execute(select(func.max(table.c.id))).scalar() or 0
            )
        return tally

    def flush(self) -> None:
        tally = self.known_added
        dates = bool(self.pending["person_dates"])
        touches_before = self.report.touches_added
        super().flush()
        if tally.named:
            if self.report.touches_added > touches_before:
                tally.joined.update(self._new_rows_of(t.touches, tally) & tally.named)
            if dates:
                tally.joined.update(self._new_rows_of(t.person_dates, tally) & tally.named)
            tally.named = set()
        self.report.people_merged = len(tally.joined)

    def _new_rows_of(self, table: Table, tally: KnownAdded) -> set[int]:
        """Who this import's rows written since the last look belong to.

        Read as the id range above the last look (the import's ids only grow), with no
        index on SQLite: any other index would walk the whole account.
        """
        rows = self.conn.execute(
            text(
                f"SELECT person_id, MAX(id) FROM {table.name}"  # noqa: S608 -- a schema name
                f"{' NOT INDEXED' if self.conn.dialect.name == 'sqlite' else ''} "
                "WHERE id > :since AND import_id = :i AND account_id = :a GROUP BY person_id"
            ),
            {"since": tally.since[table.name], "i": self.import_id, "a": self.account_id},
        ).all()
        if rows:
            tally.since[table.name] = max(int(r[1]) for r in rows)
        return {int(r[0]) for r in rows}

    def _forget_person_cache(self, gone: int, survivor: int) -> None:
        for key, owner in self.identity_owner.items():
            if owner == gone:
                self.identity_owner[key] = survivor
        for ids in (self.affected, self.created, self.merged):
            if gone in ids:
                ids.discard(gone)
                ids.add(survivor)
        self.fields.pop(gone, None)

    @cached_property
    def me_keys(self) -> set[tuple[str, str]]:
        """The user's identities, as (kind, value): read once, grown by the import's own."""
        m = t.me_identities.c
        rows = self.conn.execute(select(m.kind, m.value).where(m.account_id == self.account_id))
        return {(r.kind, r.value) for r in rows}

    def _me_first_names(self) -> set[str]:
        """The first word of every name the user goes by: `kith me`'s, and the chat names
        an import found (`whatsapp:maya h`)."""
        given = self.conn.execute(
            select(t.accounts.c.me_name).where(t.accounts.c.id == self.account_id)
        ).scalar()
        shown = [value.partition(":")[2] for kind, value in self.me_keys if kind == "name"]
        return {_first_word(n) for n in [given, *shown] if n and _first_word(n)}

    def _contradicts_me(self, record: MeRecord) -> bool:
        """An export's owner who shares nothing with who the user already is (said with
        `kith me`, or found by an earlier import): no identity, and another first name.
        Usually a guess made from someone else's file (an invitation, a forwarded
        mailbox); keeping it would make that person the user in every later import.
        Without names on both sides nothing contradicts (a phone says nothing of a name,
        and people write from several addresses)."""
        if self._already_me(record):
            return False
        first = _first_word(record.name)
        if not first or "@" in first:
            return False
        names = self._me_first_names()
        return bool(names) and first not in names

    def _already_me(self, record: MeRecord) -> bool:
        """Whether a record names someone the user already is (then it is no guess)."""
        return any((i.kind, i.value) in self.me_keys for i in record.identities)

    def _note_skipped(self, source: str, reason: str) -> None:
        """Report a record the store (not the importer) left out: the file when there is
        one, else the source."""
        files = self.report.files
        self.report.skipped.append(Skipped(files[0] if len(files) == 1 else source, None, reason))

    def _add_me(self, record: MeRecord) -> None:
        """Who the export says the user is; what it adds carries the import, for undo."""
        if record.guess and not self._already_me(record):
            self.report.me = record.name  # assumed for this import, reported, not kept
            return
        if self._contradicts_me(record):
            who = record.name or ", ".join(i.value for i in record.identities) or "someone"
            self.report.me = who  # what this import assumed, and only here
            reason = (
                f"this export looks like {who}'s, who shares no address or first name with "
                "you (kith me): a guess for this import only, not kept as yours"
            )
            self._note_skipped(self.report.source, reason)
            return
        if record.name:
            self.report.me = record.name
            self.conn.execute(
                update(t.accounts)
                .where(and_(t.accounts.c.id == self.account_id, t.accounts.c.me_name.is_(None)))
                .values(me_name=record.name, me_name_import_id=self.import_id)
            )
        self.writer.insert(
            t.me_identities,
            ("account_id", "kind", "value", "import_id"),
            [(self.account_id, i.kind, i.value, self.import_id) for i in record.identities],
            ignore=True,  # one the user or an earlier import gave stays theirs
        )
        self.me_keys.update((i.kind, i.value) for i in record.identities)


def _first_word(name: str | None) -> str:
    words = normalize_name(name).replace(",", " ").split()
    return words[0] if words else ""


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) or isinstance(new, datetime):
        return aware(old) != aware(new)
    return bool(old != new)
