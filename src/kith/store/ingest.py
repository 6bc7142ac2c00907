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

This module drives an import, batch by batch, and finishes it; the parts it is
built from live apart so each reads alone: `exclusions` (what the user keeps out),
`ingest_people` (who a record names), `ingest_content` (touches, threads, posts,
engagements, news) and `ingest_buffer` (rows waiting to be written, and the write).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select, text

from kith.models import (
    ContentRecord,
    EngagementRecord,
    ImportReport,
    MeRecord,
    NewsRecord,
    PersonRecord,
    Record,
    Skipped,
    TouchRecord,
)
from kith.store import schema as t
from kith.store.bulk import BulkWriter
from kith.store.exclusions import EXCLUSION_KINDS, Exclusions, address_key
from kith.store.ingest_buffer import ALLOCATED, ORDER, IdAllocator
from kith.store.ingest_content import ContentWriter
from kith.store.suggest import suggest_for
from kith.store.summary import refresh_summaries

__all__ = ["EXCLUSION_KINDS", "Exclusions", "Ingestor", "address_key"]

BATCH = 5000
FTS_TRIGGER = "touches_fts_insert"  # built by migration 0001


class Ingestor(ContentWriter):
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
        self.ids = {name: IdAllocator(conn, table) for name, table in ALLOCATED.items()}
        self.writer = BulkWriter(conn)
        self.touches_before = self._largest_touch_id()
        self.pending: dict[str, list[tuple[Any, ...]]] = {name: [] for name in ORDER}
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
