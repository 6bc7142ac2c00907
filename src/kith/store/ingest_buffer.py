"""Rows an import has made but not yet written, and how they are written in bulk.

Separate from the rest of ingest because it is the part that talks to the database
in batches: primary keys are handed out before rows are written (`IdAllocator`), so
new rows wait in lists per table and go in with one `executemany` per table and
batch, parents before children (`WriteBuffer.flush`). The resolving of people and
threads above it only appends to these lists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, select, text, update

from kith.models import SYNC_CHANNELS, ImportReport
from kith.store import schema as t
from kith.store.bulk import BulkWriter


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


class WriteBuffer:
    """What waits to be written, and the writing; `Ingestor.__init__` sets the state."""

    conn: Connection
    account_id: int
    report: ImportReport
    import_id: int | None
    writer: BulkWriter
    pending: dict[str, list[tuple[Any, ...]]]
    pending_people: dict[int, dict[str, Any]]
    pending_threads: dict[int, dict[str, Any]]
    updates: dict[int, dict[str, Any]]
    merged: set[int]  # merge survivors and people whose fields changed

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
        for name in ORDER:
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


_TABLES: dict[str, Table] = {
    "identities": t.identities,
    "person_dates": t.person_dates,
    "content": t.content,
    "engagements": t.engagements,
    "touches": t.touches,
    "news": t.news,
}
ORDER = tuple(_TABLES)
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
ALLOCATED: dict[str, Table] = {"people": t.people, "threads": t.threads, "content": t.content}
