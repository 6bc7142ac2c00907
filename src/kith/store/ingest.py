"""Turn importer records into rows, inside the caller's transaction.

Why it is shaped this way: an import is one transaction (a crash leaves the
database as it was), every row is keyed by its `source_id` so a re-import inserts
nothing twice, and people are resolved through their normalised identities —
email, phone, profile URL and chat handle are certain and attach automatically; a
bare name only matches within its own source. When one record names identities
that belong to two people, they are the same person and are merged (undoably).

It is fast because nothing is asked of the database one record at a time. Records
are taken in batches: the identities, threads and posts a batch names are looked
up with one `IN` query each and remembered (found or not) for the rest of the
import; new people, threads and posts get their ids from the import itself (the
next ids on SQLite, where the import holds the write lock, a block of sequence
values on PostgreSQL), so rows wait in lists and go in with one `executemany` per
table and batch. Summaries and merge suggestions are computed once, at the end,
for the people the import touched.

Every row an import inserts carries its `import_id`, so `kith import --undo`
removes exactly those rows; rows that were already there are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, func, or_, select, text, update

from kith.identity import email_identity, normalize_name, phone_identity, profile_identity
from kith.models import (
    GROUP_THRESHOLD,
    SYNC_CHANNELS,
    ContentRecord,
    EngagementRecord,
    ImportReport,
    MeRecord,
    NewsRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)
from kith.store import schema as t
from kith.store.bulk import BulkWriter
from kith.store.merge import chunks, known_different, merge_people
from kith.store.suggest import suggest_for
from kith.store.summary import refresh_summaries
from kith.store.timeutil import aware

BATCH = 5000
LOOKUP = 900  # values per IN query (SQLite allows 999 variables in old builds)
UPDATABLE = ("company", "position", "connected_at", "is_bulk")
EXCLUSION_KINDS = ("address", "thread", "chat", "label")
FTS_TRIGGER = "touches_fts_insert"  # built by migration 0001


@dataclass
class Exclusions:
    """What the user keeps out of the store, as matching keys.

    `address:` matches a person's email, phone, profile URL or handle; `thread:`,
    `chat:` and `label:` match a thread's key or subject (case-insensitive).
    """

    addresses: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Exclusions:
        made = cls()
        for kind, value in pairs:
            if kind == "address":
                made.addresses.add(address_key(value))
            else:
                made.threads.add(normalize_name(value))
        return made

    def __bool__(self) -> bool:
        return bool(self.addresses or self.threads)

    def excludes(self, record: Record) -> bool:
        person = getattr(record, "person", None)
        if person is not None and any(i.value in self.addresses for i in person.identities):
            return True
        if isinstance(record, TouchRecord) and self.threads:
            keys = (record.thread_key, record.subject)
            return any(k and normalize_name(k) in self.threads for k in keys)
        return False


def address_key(value: str) -> str:
    """The stored form of an address the user excludes: a normalised identity value."""
    value = value.strip()
    found = email_identity(value) or (profile_identity(value) if "/" in value else None)
    if found is None and not any(c.isalpha() for c in value):
        found = phone_identity(value)
    return found.value if found else value.lower()


class IdAllocator:
    """Hand out primary keys before the rows are written, so they can be batched."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn = conn
        self.table = table
        self.free: list[int] = []
        self.last: int | None = None

    def next(self) -> int:
        if self.conn.dialect.name != "postgresql":
            if self.last is None:
                self.last = int(self.conn.execute(select(func.max(self.table.c.id))).scalar() or 0)
                if self.table is t.people:
                    # A merged person's id stays theirs, for the day they are unmerged.
                    merged = self.conn.execute(select(func.max(t.merges.c.merged_id))).scalar()
                    self.last = max(self.last, int(merged or 0))
            self.last += 1
            return self.last
        if not self.free:
            rows = self.conn.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, 1000)"
                ),
                {"t": self.table.name},
            ).all()
            self.free = [int(r[0]) for r in reversed(rows)]
        return self.free.pop()


class Ingestor:
    """Write records for one account; call `finish()` before the transaction commits."""

    def __init__(
        self,
        conn: Connection,
        account_id: int,
        report: ImportReport,
        import_id: int | None = None,
        exclusions: Exclusions | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.conn = conn
        self.account_id = account_id
        self.report = report
        self.import_id = import_id
        self.exclusions = exclusions or Exclusions()
        self.excluding = bool(self.exclusions)  # asked once, not for every record
        self.progress = progress
        self.seen = 0
        self.now = datetime.now(UTC)
        self.identity_owner: dict[tuple[str, str], int] = {}
        self.missing: set[tuple[str, str]] = set()
        self.fields: dict[int, dict[str, Any]] = {}  # what each known person holds now
        self.thread_ids: dict[str, tuple[int, int]] = {}  # key -> (id, participants)
        self.threads_missing: set[str] = set()
        self.content_ids: dict[str, int] = {}
        self.created: set[int] = set()
        self.merged: set[int] = set()  # merge survivors and people whose fields changed
        self.affected: set[int] = set()
        self.ids = {name: IdAllocator(conn, table) for name, table in _ALLOCATED.items()}
        self.writer = BulkWriter(conn)
        self.touches_before = self._largest_touch_id()
        self.pending: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _ORDER}
        self.pending_people: dict[int, dict[str, Any]] = {}
        self.pending_threads: dict[int, dict[str, Any]] = {}
        self.updates: dict[int, dict[str, Any]] = {}
        self.fts_trigger = self._pause_fts_trigger()

    # -- records ---------------------------------------------------------------
    def add_all(self, records: Iterable[Record]) -> None:
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                self._add_batch(batch)
                batch = []
        if batch:
            self._add_batch(batch)

    def _add_batch(self, batch: Sequence[Record]) -> None:
        self._prefetch(batch)
        for record in batch:
            self.add(record)
        self.flush()
        self.seen += len(batch)
        if self.progress is not None:
            self.progress(self.seen)

    def add(self, record: Record) -> None:
        if self.excluding and self.exclusions.excludes(record):
            self.report.excluded += 1
        elif isinstance(record, TouchRecord):
            self._add_touch(record)
        elif isinstance(record, PersonRecord):
            self.person_for(record.person, record.source)
        elif isinstance(record, EngagementRecord):
            self._add_engagement(record)
        elif isinstance(record, ContentRecord):
            self._content_id(record)
        elif isinstance(record, MeRecord):
            self._add_me(record)
        elif isinstance(record, NewsRecord):
            self._add_news(record)
        elif isinstance(record, Skipped):
            self.report.skipped.append(record)
            self.report.touches_skipped += 1

    def finish(self) -> None:
        self.flush()
        self._index_new_touches()
        changed = self._changed_people()
        refresh_summaries(self.conn, self.account_id, changed)
        self.report.merge_suggestions += suggest_for(self.conn, self.account_id, changed, self.now)

    def _changed_people(self) -> set[int]:
        """Who this import really changed: a re-import of the same file changes no one."""
        if self.import_id is None:
            return self.created | self.affected
        changed = self.created | self.merged
        changed.update(self._people_with_new_touches())
        for table in (t.engagements, t.identities):
            changed.update(
                int(r[0])
                for r in self.conn.execute(
                    select(table.c.person_id)
                    .where(table.c.account_id == self.account_id)
                    .where(table.c.import_id == self.import_id)
                    .distinct()
                )
            )
        return changed

    def _people_with_new_touches(self) -> set[int]:
        if self.conn.dialect.name == "sqlite":
            # This import's touches are the ids above the largest before it: read that
            # range in order, not through the account index (1.2 s -> 0.1 s at 100,000).
            rows = self.conn.execute(
                text(
                    "SELECT DISTINCT person_id FROM touches NOT INDEXED "
                    "WHERE id > :before AND import_id = :i AND account_id = :a"
                ),
                {"before": self.touches_before, "i": self.import_id, "a": self.account_id},
            )
        else:
            c = t.touches.c
            rows = self.conn.execute(
                select(c.person_id)
                .where(c.account_id == self.account_id, c.import_id == self.import_id)
                .distinct()
            )
        return {int(r[0]) for r in rows}

    # -- full-text index: in bulk at the end, on SQLite -------------------------------
    def _pause_fts_trigger(self) -> str | None:
        """Drop the FTS5 insert trigger for the length of this transaction.

        Indexing row by row through the trigger is most of an import's cost; one
        `INSERT … SELECT` over this import's touches at the end is four times faster.
        DDL is transactional in SQLite: if the import fails or is killed, the trigger
        is back as it was. Other writers wait for this transaction anyway.
        """
        if self.conn.dialect.name != "sqlite" or self.import_id is None:
            return None
        sql = self.conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": FTS_TRIGGER},
        ).scalar()
        if sql:
            self.conn.exec_driver_sql(f"DROP TRIGGER {FTS_TRIGGER}")
        return str(sql) if sql else None

    def _largest_touch_id(self) -> int:
        """On SQLite, where the import holds the write lock, new touches get ids above this."""
        if self.conn.dialect.name != "sqlite":
            return 0
        return int(self.conn.execute(select(func.max(t.touches.c.id))).scalar() or 0)

    def _index_new_touches(self) -> None:
        """Index this import's touches in id order: the FTS5 index takes them
        several times faster in order than in the order of any other index (7x at
        100,000 touches), so the rowid range is read with no index (NOT INDEXED)."""
        if self.fts_trigger is None:
            return
        self.conn.execute(
            text(
                "INSERT INTO touches_fts(rowid, text) SELECT id, text FROM touches NOT INDEXED "
                "WHERE id > :before AND import_id = :i AND account_id = :a"
            ),
            {"before": self.touches_before, "i": self.import_id, "a": self.account_id},
        )
        self.conn.exec_driver_sql(self.fts_trigger)
        self.fts_trigger = None

    # -- looking up a batch at once --------------------------------------------------
    def _prefetch(self, batch: Sequence[Record]) -> None:
        wanted: set[tuple[str, str]] = set()
        threads: set[str] = set()
        urls: set[str] = set()
        for record in batch:
            person = getattr(record, "person", None)
            if person is not None:
                wanted.update((i.kind, i.value) for i in person.identities)
            if isinstance(record, TouchRecord) and record.thread_key:
                threads.add(f"{record.source}:{record.thread_key}")
            elif isinstance(record, EngagementRecord) and record.content_url:
                urls.add(record.content_url)
        wanted -= self.missing
        wanted.difference_update(self.identity_owner)
        self._prefetch_identities(wanted)
        self._prefetch_threads(threads - self.thread_ids.keys())
        self._prefetch_content(urls - self.content_ids.keys())

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

    def _prefetch_threads(self, keys: set[str]) -> None:
        c = t.threads.c
        for part in chunks(sorted(keys), LOOKUP):
            for row in self.conn.execute(
                select(c.id, c.source_id, c.participants).where(
                    c.account_id == self.account_id, c.source_id.in_(part)
                )
            ).all():
                self.thread_ids[row.source_id] = (int(row.id), int(row.participants))
        self.threads_missing.update(k for k in keys if k not in self.thread_ids)

    def _prefetch_content(self, urls: set[str]) -> None:
        c = t.content.c
        for part in chunks(sorted(urls), LOOKUP):
            for row in self.conn.execute(
                select(c.id, c.url).where(c.account_id == self.account_id, c.url.in_(part))
            ).all():
                self.content_ids.setdefault(row.url, int(row.id))

    # -- people ----------------------------------------------------------------
    def person_for(self, ref: PersonRef, source: str) -> int:
        """Find or create the person a ref names, attaching any new identities."""
        if len(ref.identities) == 1 and not ref.dates:  # the common case: a known sender
            only = ref.identities[0]
            owner = self.identity_owner.get((only.kind, only.value))
            if owner is not None:
                self._update_person(owner, ref)
                return owner
        owners = [self._owner(i.kind, i.value) for i in ref.identities]
        known = list(dict.fromkeys(o for o in owners if o is not None))
        if known:
            person_id = self._merge_all(known) if len(known) > 1 else known[0]
            self._update_person(person_id, ref)
        else:
            person_id = self._create_person(ref)
        for identity, owner in zip(ref.identities, owners, strict=True):
            if owner is None:
                self._attach(person_id, identity.kind, identity.value, source)
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
            self.report.people_merged += 1
            if other in self.created:  # created, then found to be someone known: not new
                self.report.people_created -= 1
            self.affected.add(survivor)
            self.merged.add(survivor)
            self._forget_person_cache(other, survivor)
        return survivor

    def _forget_person_cache(self, gone: int, survivor: int) -> None:
        for key, owner in self.identity_owner.items():
            if owner == gone:
                self.identity_owner[key] = survivor
        for ids in (self.affected, self.created, self.merged):
            if gone in ids:
                ids.discard(gone)
                ids.add(survivor)
        self.fields.pop(gone, None)

    def _add_me(self, record: MeRecord) -> None:
        if record.name:
            self.report.me = record.name
            self.conn.execute(
                update(t.accounts)
                .where(and_(t.accounts.c.id == self.account_id, t.accounts.c.me_name.is_(None)))
                .values(me_name=record.name)
            )
        self.writer.insert(
            t.me_identities,
            ("account_id", "kind", "value"),
            [(self.account_id, i.kind, i.value) for i in record.identities],
            ignore=True,
        )

    # -- touches, threads, content ----------------------------------------------
    def _add_touch(self, record: TouchRecord) -> None:
        person_id = self.person_for(record.person, record.source)
        thread_id = self._thread_id(record) if record.thread_key else None
        self.affected.add(person_id)
        self.pending["touches"].append(
            (
                self.account_id,
                person_id,
                thread_id,
                record.source,
                record.source_id,
                record.channel,
                record.direction,
                record.at,
                record.text,
                record.status,
                record.purpose,
                record.is_bulk or record.person.is_bulk,
                record.participants > GROUP_THRESHOLD,
                record.duration_s,
                self.import_id,
            )
        )

    def _thread_id(self, record: TouchRecord) -> int:
        key = f"{record.source}:{record.thread_key}"
        known = self.thread_ids.get(key)
        if known is None and key not in self.threads_missing:
            self._prefetch_threads({key})
            known = self.thread_ids.get(key)
        if known is None:
            thread_id = self.ids["threads"].next()
            self.pending_threads[thread_id] = {
                "id": thread_id,
                "account_id": self.account_id,
                "source_id": key,
                "channel": record.channel,
                "subject": record.subject,
                "participants": record.participants,
                "import_id": self.import_id,
            }
            self.thread_ids[key] = (thread_id, record.participants)
            return thread_id
        thread_id, participants = known
        if record.participants > participants:
            self.thread_ids[key] = (thread_id, record.participants)
            if thread_id in self.pending_threads:
                self.pending_threads[thread_id]["participants"] = record.participants
            else:
                self.conn.execute(
                    update(t.threads)
                    .where(t.threads.c.id == thread_id)
                    .values(participants=record.participants)
                )
        return thread_id

    def _content_id(self, record: ContentRecord) -> int:
        key = record.url or record.source_id
        existing = self.content_ids.get(key)
        if existing is None:
            existing = self._stored_content(record)
        if existing is None:
            existing = self.ids["content"].next()
            self.pending["content"].append(
                (
                    existing,
                    self.account_id,
                    record.source_id,
                    record.url,
                    record.platform,
                    record.title,
                    record.text,
                    record.posted_at,
                    self.import_id,
                )
            )
            self.report.content_added += 1
        elif record.text:
            # A post first known from engagement on it gains its text when Shares arrive.
            self.flush()
            self.conn.execute(
                update(t.content)
                .where(t.content.c.id == existing)
                .values(text=record.text, title=record.title, posted_at=record.posted_at)
            )
        self.content_ids[key] = existing
        return existing

    def _stored_content(self, record: ContentRecord) -> int | None:
        c = t.content.c
        match = c.source_id == record.source_id
        if record.url:
            match = or_(match, c.url == record.url)
        found = self.conn.execute(
            select(c.id).where(c.account_id == self.account_id, match).order_by(c.id).limit(1)
        ).scalar()
        return int(found) if found is not None else None

    def _add_engagement(self, record: EngagementRecord) -> None:
        person_id = self.person_for(record.person, record.source)
        content_id = None
        if record.content_url:
            content_id = self.content_ids.get(record.content_url)
            if content_id is None:
                content_id = self._content_id(
                    ContentRecord(
                        source=record.source,
                        source_id=f"{record.source}:post:{record.content_url}",
                        url=record.content_url,
                        posted_at=record.at,
                        platform=record.platform,
                    )
                )
        self.pending["engagements"].append(
            (
                self.account_id,
                person_id,
                content_id,
                record.source_id,
                record.kind,
                record.at,
                record.text,
                record.platform,
                self.import_id,
            )
        )
        self.affected.add(person_id)
        # A comment is also a conversational touch (async, virtual); a reaction or a
        # repost is engagement, kept on the `reaction` channel that never resets a cadence.
        self.pending["touches"].append(
            (
                self.account_id,
                person_id,
                None,
                record.source,
                f"{record.source_id}:touch",
                "comment" if record.kind == "comment" else "reaction",
                "in",
                record.at,
                record.text,
                "held",
                None,
                False,
                False,
                None,
                self.import_id,
            )
        )

    def _add_news(self, record: NewsRecord) -> None:
        self.pending["news"].append(
            (
                self.account_id,
                record.source_id,
                record.url,
                record.title,
                record.summary,
                record.feed,
                record.published_at,
                self.import_id,
            )
        )

    # -- writing ------------------------------------------------------------------
    def flush(self) -> None:
        """Write what waits, parents before children."""
        if self.pending_people:
            self._insert_dicts(t.people, list(self.pending_people.values()))
            self.pending_people = {}
        if self.pending_threads:
            self._insert_dicts(t.threads, list(self.pending_threads.values()))
            self.pending_threads = {}
        self._flush_updates()
        for name in _ORDER:
            rows, self.pending[name] = self.pending[name], []
            if not rows:
                continue
            added = self.writer.insert(_TABLES[name], _COLUMNS[name], rows, ignore=True)
            if name == "touches":
                self.report.touches_added += added
                self.report.touches_skipped += len(rows) - added
                if added < len(rows):
                    self._settle_planned(rows)
            elif name == "engagements":
                self.report.engagements_added += added

    def _insert_dicts(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """New people and threads wait as dicts (later records still change them)."""
        columns = tuple(sorted(set().union(*rows)))  # executemany needs one shape
        self.writer.insert(table, columns, [tuple(row.get(c) for c in columns) for row in rows])

    def _settle_planned(self, rows: list[tuple[Any, ...]]) -> None:
        """A booked call imported again after it happened is now held: update it in place.

        Only synchronous touches are ever planned, so only they are looked up.
        """
        source_id, channel, status = (
            TOUCH_COLUMNS.index(c) for c in ("source_id", "channel", "status")
        )
        held = [r[source_id] for r in rows if r[status] == "held" and r[channel] in SYNC_CHANNELS]
        if not held:
            return
        tc = t.touches.c
        stale = self.conn.execute(
            select(tc.id, tc.person_id).where(
                tc.account_id == self.account_id, tc.status == "planned", tc.source_id.in_(held)
            )
        ).all()
        if not stale:
            return
        self.conn.execute(
            update(t.touches).where(t.touches.c.id.in_([r.id for r in stale])).values(status="held")
        )
        self.merged.update(int(r.person_id) for r in stale)  # their summaries change

    def _flush_updates(self) -> None:
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for person_id, changes in self.updates.items():
            shape = tuple(sorted(changes))
            by_shape.setdefault(shape, []).append({"pid": person_id, **changes})
        self.updates = {}
        for shape, rows in by_shape.items():
            statement = (
                update(t.people)
                .where(t.people.c.id == bindparam("pid"))
                .values({f: bindparam(f) for f in shape})
            )
            self.conn.execute(statement, rows)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) or isinstance(new, datetime):
        return aware(old) != aware(new)
    return bool(old != new)


_TABLES: dict[str, Table] = {
    "identities": t.identities,
    "person_dates": t.person_dates,
    "content": t.content,
    "engagements": t.engagements,
    "touches": t.touches,
    "news": t.news,
}
_ORDER = tuple(_TABLES)
TOUCH_COLUMNS = (
    "account_id",
    "person_id",
    "thread_id",
    "source",
    "source_id",
    "channel",
    "direction",
    "at",
    "text",
    "status",
    "purpose",
    "is_bulk",
    "is_group",
    "duration_s",
    "import_id",
)
# The order of the values in each table's pending tuples (see the `add` methods).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "identities": ("account_id", "person_id", "kind", "value", "source", "import_id"),
    "person_dates": (
        "account_id",
        "person_id",
        "kind",
        "month",
        "day",
        "year",
        "label",
        "import_id",
    ),
    "content": (
        "id",
        "account_id",
        "source_id",
        "url",
        "platform",
        "title",
        "text",
        "posted_at",
        "import_id",
    ),
    "engagements": (
        "account_id",
        "person_id",
        "content_id",
        "source_id",
        "kind",
        "at",
        "text",
        "platform",
        "import_id",
    ),
    "touches": TOUCH_COLUMNS,
    "news": (
        "account_id",
        "source_id",
        "url",
        "title",
        "summary",
        "feed",
        "published_at",
        "import_id",
    ),
}
_ALLOCATED: dict[str, Table] = {"people": t.people, "threads": t.threads, "content": t.content}
