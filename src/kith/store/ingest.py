"""Turn importer records into rows, inside the caller's transaction.

Why it is shaped this way: an import is one transaction (a crash leaves the
database as it was), every row is keyed by its `source_id` so a re-import inserts
nothing twice, and people are resolved through their normalised identities —
email, phone and profile URL are certain and attach automatically; a bare name
only matches within its own source. The people an import touches are collected
so their summaries are refreshed once, at the end, not per record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kith.models import (
    GROUP_THRESHOLD,
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
from kith.store.summary import refresh_summaries

BATCH = 500


class Ingestor:
    """Write records for one account; call `finish()` before the transaction commits."""

    def __init__(self, conn: Connection, account_id: int, report: ImportReport) -> None:
        self.conn = conn
        self.account_id = account_id
        self.report = report
        self.identity_owner: dict[tuple[str, str], int] = {}
        self.thread_ids: dict[str, int] = {}
        self.content_ids: dict[str, int] = {}
        self.affected: set[int] = set()
        self.pending_touches: list[dict[str, Any]] = []
        self.now = datetime.now(UTC)

    # -- records ---------------------------------------------------------------
    def add_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.add(record)

    def add(self, record: Record) -> None:
        if isinstance(record, TouchRecord):
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
        self._flush_touches()
        refresh_summaries(self.conn, self.account_id, self.affected)

    # -- people ----------------------------------------------------------------
    def person_for(self, ref: PersonRef, source: str) -> int:
        """Find or create the person a ref names, attaching any new identities."""
        owners = [self._owner(i.kind, i.value) for i in ref.identities]
        known = [o for o in owners if o is not None]
        if known:
            person_id = known[0]
            if len(set(known)) > 1:
                self.report.merge_suggestions += 1
            self._update_person(person_id, ref)
        else:
            person_id = self._create_person(ref)
        for identity, owner in zip(ref.identities, owners, strict=True):
            if owner is None:
                self._attach(person_id, identity.kind, identity.value, source)
        if ref.dates:
            self._add_dates(person_id, ref)
        return person_id

    def _add_dates(self, person_id: int, ref: PersonRef) -> None:
        self._insert_ignore(
            t.person_dates,
            [
                {
                    "account_id": self.account_id,
                    "person_id": person_id,
                    "kind": d.kind,
                    "month": d.month,
                    "day": d.day,
                    "year": d.year,
                    "label": d.label,
                }
                for d in ref.dates
            ],
        )

    def _owner(self, kind: str, value: str) -> int | None:
        key = (kind, value)
        if key in self.identity_owner:
            return self.identity_owner[key]
        row = self.conn.execute(
            select(t.identities.c.person_id).where(
                t.identities.c.account_id == self.account_id,
                t.identities.c.kind == kind,
                t.identities.c.value == value,
            )
        ).first()
        if row is None:
            return None
        self.identity_owner[key] = row[0]
        return int(row[0])

    def _attach(self, person_id: int, kind: str, value: str, source: str) -> None:
        self.conn.execute(
            insert(t.identities).values(
                account_id=self.account_id,
                person_id=person_id,
                kind=kind,
                value=value,
                source=source,
            )
        )
        self.identity_owner[(kind, value)] = person_id

    def _create_person(self, ref: PersonRef) -> int:
        result = self.conn.execute(
            insert(t.people).values(
                account_id=self.account_id,
                name=ref.name or "(no name)",
                company=ref.company or None,
                position=ref.position or None,
                is_bulk=ref.is_bulk,
                connected_at=ref.connected_at,
                created_at=self.now,
            )
        )
        self.report.people_created += 1
        person_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        self.affected.add(person_id)
        return person_id

    def _update_person(self, person_id: int, ref: PersonRef) -> None:
        """Mutable fields follow the newest source that has them."""
        changes: dict[str, Any] = {}
        if ref.company:
            changes["company"] = ref.company
        if ref.position:
            changes["position"] = ref.position
        if ref.connected_at:
            changes["connected_at"] = ref.connected_at
        if ref.is_bulk:
            changes["is_bulk"] = True
        if changes:
            self.conn.execute(update(t.people).where(t.people.c.id == person_id).values(**changes))

    def _add_me(self, record: MeRecord) -> None:
        if record.name:
            self.report.me = record.name
            self.conn.execute(
                update(t.accounts)
                .where(and_(t.accounts.c.id == self.account_id, t.accounts.c.me_name.is_(None)))
                .values(me_name=record.name)
            )
        for identity in record.identities:
            self._insert_ignore(
                t.me_identities,
                [{"account_id": self.account_id, "kind": identity.kind, "value": identity.value}],
            )

    # -- touches, threads, content ----------------------------------------------
    def _add_touch(self, record: TouchRecord) -> None:
        person_id = self.person_for(record.person, record.source)
        thread_id = self._thread_id(record) if record.thread_key else None
        self.affected.add(person_id)
        self.pending_touches.append(
            {
                "account_id": self.account_id,
                "person_id": person_id,
                "thread_id": thread_id,
                "source": record.source,
                "source_id": record.source_id,
                "channel": record.channel,
                "direction": record.direction,
                "at": record.at,
                "text": record.text,
                "status": record.status,
                "purpose": record.purpose,
                "is_bulk": record.is_bulk or record.person.is_bulk,
                "is_group": record.participants > GROUP_THRESHOLD,
                "duration_s": record.duration_s,
            }
        )
        if len(self.pending_touches) >= BATCH:
            self._flush_touches()

    def _flush_touches(self) -> None:
        if not self.pending_touches:
            return
        rows, self.pending_touches = self.pending_touches, []
        added = self._insert_ignore(t.touches, rows)
        self.report.touches_added += added
        self.report.touches_skipped += len(rows) - added

    def _thread_id(self, record: TouchRecord) -> int:
        key = f"{record.source}:{record.thread_key}"
        if key in self.thread_ids:
            return self.thread_ids[key]
        self._insert_ignore(
            t.threads,
            [
                {
                    "account_id": self.account_id,
                    "source_id": key,
                    "channel": record.channel,
                    "subject": record.subject,
                    "participants": record.participants,
                }
            ],
        )
        row = self.conn.execute(
            select(t.threads.c.id, t.threads.c.participants).where(
                t.threads.c.account_id == self.account_id, t.threads.c.source_id == key
            )
        ).one()
        if record.participants > row.participants:
            self.conn.execute(
                update(t.threads)
                .where(t.threads.c.id == row.id)
                .values(participants=record.participants)
            )
        self.thread_ids[key] = int(row.id)
        return int(row.id)

    def _content_id(self, record: ContentRecord) -> int:
        key = record.url or record.source_id
        if key in self.content_ids:
            return self.content_ids[key]
        existing = self._find_content(record.url) if record.url else None
        if existing is None:
            added = self._insert_ignore(
                t.content,
                [
                    {
                        "account_id": self.account_id,
                        "source_id": record.source_id,
                        "url": record.url,
                        "platform": record.platform,
                        "title": record.title,
                        "text": record.text,
                        "posted_at": record.posted_at,
                    }
                ],
            )
            self.report.content_added += added
            existing = self.conn.execute(
                select(t.content.c.id).where(
                    t.content.c.account_id == self.account_id,
                    t.content.c.source_id == record.source_id,
                )
            ).scalar_one()
        elif record.text:
            # A post first known from engagement on it gains its text when Shares arrive.
            self.conn.execute(
                update(t.content)
                .where(t.content.c.id == existing)
                .values(text=record.text, title=record.title, posted_at=record.posted_at)
            )
        self.content_ids[key] = int(existing)
        return int(existing)

    def _find_content(self, url: str) -> int | None:
        return self.conn.execute(
            select(t.content.c.id).where(
                t.content.c.account_id == self.account_id, t.content.c.url == url
            )
        ).scalar()

    def _add_engagement(self, record: EngagementRecord) -> None:
        person_id = self.person_for(record.person, record.source)
        content_id = self._find_content(record.content_url) if record.content_url else None
        if content_id is None and record.content_url:
            content_id = self._content_id(
                ContentRecord(
                    source=record.source,
                    source_id=f"{record.source}:post:{record.content_url}",
                    url=record.content_url,
                    posted_at=record.at,
                    platform=record.platform,
                )
            )
        added = self._insert_ignore(
            t.engagements,
            [
                {
                    "account_id": self.account_id,
                    "person_id": person_id,
                    "content_id": content_id,
                    "source_id": record.source_id,
                    "kind": record.kind,
                    "at": record.at,
                    "text": record.text,
                    "platform": record.platform,
                }
            ],
        )
        self.report.engagements_added += added
        self.affected.add(person_id)
        # A comment is also a conversational touch (async, virtual); a reaction or a
        # repost is engagement, kept on the `reaction` channel that never resets a cadence.
        self.pending_touches.append(
            {
                "account_id": self.account_id,
                "person_id": person_id,
                "thread_id": None,
                "source": record.source,
                "source_id": f"{record.source_id}:touch",
                "channel": "comment" if record.kind == "comment" else "reaction",
                "direction": "in",
                "at": record.at,
                "text": record.text,
                "status": "held",
                "purpose": None,
                "is_bulk": False,
                "is_group": False,
                "duration_s": None,
            }
        )
        if len(self.pending_touches) >= BATCH:
            self._flush_touches()

    def _add_news(self, record: NewsRecord) -> None:
        self._insert_ignore(
            t.news,
            [
                {
                    "account_id": self.account_id,
                    "source_id": record.source_id,
                    "url": record.url,
                    "title": record.title,
                    "summary": record.summary,
                    "feed": record.feed,
                    "published_at": record.published_at,
                }
            ],
        )

    def _insert_ignore(self, table: Any, rows: list[dict[str, Any]]) -> int:
        """Insert rows, skipping those whose unique key exists; return how many went in."""
        dialect = self.conn.dialect.name
        module: Any = postgresql if dialect == "postgresql" else sqlite
        # RETURNING counts what went in on both backends; rowcount is unreliable for
        # batched inserts with psycopg.
        statement = module.insert(table).on_conflict_do_nothing().returning(table.c.id)
        return len(self.conn.execute(statement, rows).all())
