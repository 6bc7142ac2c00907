"""The store: people, touches, what the user keeps about them, and agenda state.

Reads return plain dicts and model values, never rows or handles, so the service
and the interfaces stay free of SQL. Every write that changes a person's touches
refreshes that person's summary in the same transaction.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text, update

from kith.errors import AmbiguousPerson, ItemNotFound, PersonNotFound
from kith.identity import email_identity, normalize_name, profile_identity
from kith.models import Identity, ImportReport, Record
from kith.store import imports_log, merge, reads
from kith.store import schema as t
from kith.store.db import DEFAULT_ACCOUNT, connect
from kith.store.ingest import Exclusions, Ingestor
from kith.store.search import fts5_query, parse_query, tsquery
from kith.store.snapshot import load_snapshot
from kith.store.suggest import list_suggestions
from kith.store.summary import refresh_summaries
from kith.store.timeutil import iso

PERSON_COLUMNS = (
    t.people.c.id,
    t.people.c.name,
    t.people.c.company,
    t.people.c.position,
    t.people.c.goal,
    t.people.c.stage,
    t.people.c.cadence_days,
)


class Store:
    def __init__(self, engine: Engine, account_id: int = DEFAULT_ACCOUNT) -> None:
        self.engine = engine
        self.account_id = account_id

    @classmethod
    def open(cls, url: str) -> Store:
        return cls(connect(url))

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- imports ------------------------------------------------------------------
    def ingest(
        self,
        records: Iterable[Record],
        report: ImportReport,
        *,
        path: str | None = None,
        exclude: Iterable[tuple[str, str]] = (),
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Write all records in one transaction, logged as one import: all land, or none.

        `exclude` pairs (kind, value) are stored and, with the ones stored before,
        keep matching records out of this and every later import.
        """
        now = datetime.now(UTC)
        with self.engine.begin() as conn, _import_cache(conn):
            # The log row is the first write: on SQLite it takes the write lock that
            # lets the ingest hand out ids itself.
            import_id = imports_log.start_import(
                conn, self.account_id, report.source, path or ", ".join(report.files), now
            )
            report.import_id = import_id
            imports_log.add_exclusions(conn, self.account_id, list(exclude))
            rules = Exclusions.from_pairs(imports_log.exclusions(conn, self.account_id))
            ingestor = Ingestor(conn, self.account_id, report, import_id, rules, progress)
            ingestor.add_all(records)
            ingestor.finish()
            report.exclusions_unmatched = rules.unmatched(exclude)
            imports_log.finish_import(conn, import_id, report, datetime.now(UTC))
        return report

    def imports(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return imports_log.list_imports(conn, self.account_id)

    def undo_import(self, import_id: int) -> dict[str, Any]:
        with self.engine.begin() as conn:
            return imports_log.undo_import(conn, self.account_id, import_id, datetime.now(UTC))

    def exclusions(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            return imports_log.exclusions(conn, self.account_id)

    # -- identity: merge, unmerge, suggestions, forget ------------------------------
    def merge(self, survivor_id: int, merged_id: int) -> int:
        """Merge `merged_id` into `survivor_id`; return the merge id (for unmerge)."""
        with self.engine.begin() as conn:
            return merge.merge_people(
                conn, self.account_id, survivor_id, merged_id, datetime.now(UTC)
            )

    def unmerge(self, merge_id: int) -> dict[str, Any]:
        with self.engine.begin() as conn:
            return merge.unmerge(conn, self.account_id, merge_id, datetime.now(UTC))

    def merges(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return merge.merge_history(conn, self.account_id)

    def suggestions(self, status: str = "open") -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return list_suggestions(conn, self.account_id, status)

    def suggestion(self, suggestion_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return list_suggestions(conn, self.account_id, None, suggestion_id)[0]

    def set_suggestion_status(self, suggestion_id: int, status: str) -> None:
        s = t.merge_suggestions
        with self.engine.begin() as conn:
            conn.execute(
                update(s)
                .where(s.c.account_id == self.account_id, s.c.id == suggestion_id)
                .values(status=status)
            )

    def forget(self, person_id: int) -> dict[str, int]:
        with self.engine.begin() as conn:
            return merge.forget_person(conn, self.account_id, person_id)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.people.c.id).limit(1)).first() is None

    # -- me -----------------------------------------------------------------------
    def set_me(
        self,
        name: str | None,
        identities: Iterable[Identity],
        removed: Iterable[Identity] = (),
    ) -> dict[str, Any]:
        """Say who the user is and settle what follows, in one transaction (see
        `merge.set_me`); return what it did: identities removed, people absorbed,
        people with history who hold one of the user's identities."""
        with self.engine.begin() as conn:
            return merge.set_me(conn, self.account_id, name, list(identities), list(removed))

    def me(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            name = conn.execute(
                select(t.accounts.c.me_name).where(t.accounts.c.id == self.account_id)
            ).scalar()
            rows = conn.execute(
                select(t.me_identities.c.kind, t.me_identities.c.value)
                .where(t.me_identities.c.account_id == self.account_id)
                .order_by(t.me_identities.c.kind, t.me_identities.c.value)
            ).all()
        return {"name": name, "identities": [{"kind": k, "value": v} for k, v in rows]}

    # -- finding people ----------------------------------------------------------
    def resolve_person(self, query: str) -> tuple[int, str]:
        """Find one person by id, email, profile URL or unambiguous name prefix."""
        query = query.strip()
        with self.engine.connect() as conn:
            if query.isdigit():
                row = conn.execute(self._people_where(t.people.c.id == int(query))).first()
                if row:
                    return int(row.id), row.name
            identity = email_identity(query) or (profile_identity(query) if "/" in query else None)
            if identity is not None:
                row = conn.execute(
                    select(t.people.c.id, t.people.c.name)
                    .join(t.identities, t.identities.c.person_id == t.people.c.id)
                    .where(
                        t.identities.c.account_id == self.account_id,
                        t.identities.c.kind == identity.kind,
                        t.identities.c.value == identity.value,
                    )
                ).first()
                if row:
                    return int(row.id), row.name
                raise PersonNotFound(query)
            return self._resolve_name(conn, query)

    def _resolve_name(self, conn: Connection, query: str) -> tuple[int, str]:
        key = normalize_name(query)
        lowered = func.lower(t.people.c.name)
        rows = conn.execute(
            select(t.people.c.id, t.people.c.name)
            .where(
                t.people.c.account_id == self.account_id,
                lowered.like(_like_prefix(key), escape="\\"),
            )
            .order_by(t.people.c.name, t.people.c.id)
            .limit(50)
        ).all()
        exact = [r for r in rows if normalize_name(r.name) == key]
        if len(exact) == 1:
            return int(exact[0].id), exact[0].name
        if len(rows) == 1:
            return int(rows[0].id), rows[0].name
        if not rows:
            raise PersonNotFound(query)
        raise AmbiguousPerson(query, [(int(r.id), r.name) for r in rows])

    def _people_where(self, *conditions: Any) -> Any:
        return select(*PERSON_COLUMNS).where(t.people.c.account_id == self.account_id, *conditions)

    def list_people(
        self,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
        *,
        include_bulk: bool = False,
    ) -> list[dict[str, Any]]:
        s = t.person_summary
        is_bulk = reads.not_a_person().label("is_bulk")
        stmt = (
            select(*PERSON_COLUMNS, is_bulk, s.c.last_touch_at, s.c.touch_count)
            .select_from(t.people.outerjoin(s, s.c.person_id == t.people.c.id))
            .where(*self._people_matching(query, include_bulk))
            .order_by(s.c.last_touch_at.desc().nulls_last(), t.people.c.name)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [_person_dict(r) for r in conn.execute(stmt).all()]

    def count_people(self, query: str | None = None, *, include_bulk: bool = False) -> int:
        """How many people `list_people` finds for `query`, however many it shows."""
        matching = self._people_matching(query, include_bulk)
        summary = t.person_summary
        joined = t.people.outerjoin(summary, summary.c.person_id == t.people.c.id)
        stmt = select(func.count()).select_from(joined).where(*matching)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def _people_matching(self, query: str | None, include_bulk: bool = False) -> list[Any]:
        conditions: list[Any] = [t.people.c.account_id == self.account_id]
        if not include_bulk:  # newsletters, notifications, sponsored InMail: not people
            conditions.append(~reads.not_a_person())
        if query:
            pattern = "%" + _escape_like(normalize_name(query)) + "%"
            conditions.append(
                or_(
                    func.lower(t.people.c.name).like(pattern, escape="\\"),
                    func.lower(t.people.c.company).like(pattern, escape="\\"),
                    t.people.c.id.in_(
                        select(t.identities.c.person_id).where(
                            t.identities.c.account_id == self.account_id,
                            t.identities.c.kind != "name",
                            t.identities.c.value.like(pattern, escape="\\"),
                        )
                    ),
                )
            )
        return conditions

    def person(self, person_id: int) -> dict[str, Any]:
        """One person with identities, tags, topics, stage history and summary."""
        with self.engine.connect() as conn:
            where = self._people_where(t.people.c.id == person_id)
            row = conn.execute(where.add_columns(t.people.c.notes)).first()
            if row is None:
                raise PersonNotFound(str(person_id))
            person = _person_dict(row)
            person["notes"] = row.notes  # from their contact card, kept whole
            person["identities"] = [
                {"kind": k, "value": v}
                for k, v in conn.execute(
                    select(t.identities.c.kind, t.identities.c.value)
                    .where(t.identities.c.person_id == person_id, t.identities.c.kind != "name")
                    .order_by(t.identities.c.kind, t.identities.c.value)
                ).all()
            ]
            person["tags"] = self._column(conn, t.tags.c.tag, t.tags.c.person_id == person_id)
            person["topics"] = self._column(
                conn, t.topics.c.text, t.topics.c.person_id == person_id
            )
            person["stage_history"] = [
                {"stage": r.stage, "at": iso(r.at), "cause": r.cause}
                for r in conn.execute(
                    select(t.stage_history)
                    .where(t.stage_history.c.person_id == person_id)
                    .order_by(t.stage_history.c.at, t.stage_history.c.id)
                ).all()
            ]
            summary = conn.execute(
                select(t.person_summary).where(t.person_summary.c.person_id == person_id)
            ).first()
            person["summary"] = _summary_dict(summary)
        return person

    @staticmethod
    def _column(conn: Connection, column: Any, condition: Any) -> list[str]:
        return [r[0] for r in conn.execute(select(column).where(condition).order_by(column)).all()]

    def touches(self, person_id: int, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.touches)
                .where(t.touches.c.person_id == person_id)
                .order_by(t.touches.c.at.desc(), t.touches.c.id.desc())
                .limit(limit)
            ).all()
        return [_touch_dict(r) for r in rows]

    # -- keeping what matters ------------------------------------------------------
    def log_touch(
        self,
        person_id: int,
        *,
        channel: str,
        at: datetime,
        direction: str,
        status: str,
        purpose: str | None,
        text_: str | None,
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(t.touches).values(
                    account_id=self.account_id,
                    person_id=person_id,
                    source="manual",
                    source_id=f"manual:{uuid.uuid4().hex}",
                    channel=channel,
                    direction=direction,
                    at=at,
                    text=text_,
                    status=status,
                    purpose=purpose,
                )
            )
            refresh_summaries(conn, self.account_id, [person_id])
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def add_detail(self, person_id: int, text_: str, now: datetime) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(t.details).values(
                    account_id=self.account_id, person_id=person_id, text=text_, created_at=now
                )
            )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def details(self, person_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.details)
                .where(t.details.c.person_id == person_id)
                .order_by(t.details.c.created_at, t.details.c.id)
            ).all()
        return [
            {
                "id": r.id,
                "text": r.text,
                "status": r.status,
                "at": iso(r.created_at),
                "source_touch_id": r.source_touch_id,
            }
            for r in rows
        ]

    def set_person_fields(self, person_id: int, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.people).where(t.people.c.id == person_id).values(**values))
            if "cadence_days" in values:
                refresh_summaries(conn, self.account_id, [person_id])

    def set_stage(self, person_id: int, stage: str, at: datetime, cause: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(t.people)
                .where(t.people.c.id == person_id)
                .values(stage=stage, stage_set_at=at)
            )
            conn.execute(
                insert(t.stage_history).values(
                    account_id=self.account_id, person_id=person_id, stage=stage, at=at, cause=cause
                )
            )

    def add_tag(self, person_id: int, tag: str) -> bool:
        return self._add_unique(t.tags, person_id, tag=tag)

    def add_topic(self, person_id: int, topic: str, now: datetime) -> bool:
        return self._add_unique(t.topics, person_id, text=topic, created_at=now)

    def _add_unique(self, table: Any, person_id: int, **values: Any) -> bool:
        key = next(iter(values))
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(table.c.id).where(
                    table.c.person_id == person_id, table.c[key] == values[key]
                )
            ).first()
            if exists:
                return False
            conn.execute(
                insert(table).values(account_id=self.account_id, person_id=person_id, **values)
            )
        return True

    # -- action items ------------------------------------------------------------
    def add_action(
        self, person_id: int, text_: str, owner: str, due: date | None, now: datetime
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(t.action_items).values(
                    account_id=self.account_id,
                    person_id=person_id,
                    text=text_,
                    owner=owner,
                    due=due,
                    created_at=now,
                )
            )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def finish_action(self, action_id: int, now: datetime) -> dict[str, Any]:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(t.action_items)
                .where(
                    t.action_items.c.id == action_id, t.action_items.c.account_id == self.account_id
                )
                .values(status="done", done_at=now)
            )
            if result.rowcount == 0:
                raise ItemNotFound(f"no action item {action_id} — see `kith action list`")
        return self.actions(action_id=action_id)[0]

    def actions(
        self, person_id: int | None = None, action_id: int | None = None
    ) -> list[dict[str, Any]]:
        a = t.action_items
        stmt = (
            select(a, t.people.c.name)
            .join(t.people, t.people.c.id == a.c.person_id)
            .where(a.c.account_id == self.account_id)
        )
        if person_id is not None:
            stmt = stmt.where(a.c.person_id == person_id)
        if action_id is not None:
            stmt = stmt.where(a.c.id == action_id)
        stmt = stmt.order_by(a.c.status.desc(), a.c.due.nulls_last(), a.c.id)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [
            {
                "id": r.id,
                "person": {"id": r.person_id, "name": r.name},
                "text": r.text,
                "owner": r.owner,
                "due": r.due.isoformat() if r.due else None,
                "status": r.status,
            }
            for r in rows
        ]

    # -- agenda state --------------------------------------------------------------
    def set_agenda_state(
        self,
        item_id: str,
        state: str,
        now: datetime,
        until: date | None = None,
        reason: str | None = None,
    ) -> None:
        person_id = _person_of_item(item_id)
        with self.engine.begin() as conn:
            conn.execute(
                delete(t.agenda_states).where(
                    t.agenda_states.c.account_id == self.account_id,
                    t.agenda_states.c.item_id == item_id,
                )
            )
            conn.execute(
                insert(t.agenda_states).values(
                    account_id=self.account_id,
                    item_id=item_id,
                    person_id=person_id,
                    state=state,
                    until=until,
                    reason=reason,
                    at=now,
                )
            )

    def snapshot(self, now: datetime, tz: Any) -> Any:
        with self.engine.connect() as conn:
            return load_snapshot(conn, self.account_id, now, tz)

    # -- search and counts -------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Touches whose text matches; comments on the user's posts are touches too."""
        terms = parse_query(query)
        if not terms:
            return []
        if self.dialect == "postgresql":
            matching: Any = select(t.touches.c.id).where(
                text("text_tsv @@ to_tsquery('simple', :q)").bindparams(q=tsquery(terms))
            )
        else:
            matching = text("SELECT rowid FROM touches_fts WHERE touches_fts MATCH :q").bindparams(
                q=fts5_query(terms)
            )
        tc = t.touches.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    tc.id, tc.person_id, t.people.c.name, tc.channel, tc.direction, tc.at, tc.text
                )
                .join(t.people, t.people.c.id == tc.person_id)
                .where(tc.account_id == self.account_id, tc.id.in_(matching))
                .order_by(tc.at.desc(), tc.id.desc())
                .limit(limit)
            ).all()
        return [
            {
                "id": r.id,
                "person": {"id": r.person_id, "name": r.name},
                "channel": r.channel,
                "direction": r.direction,
                "at": iso(r.at),
                "text": r.text,
            }
            for r in rows
        ]

    def stats(self) -> dict[str, Any]:
        def count(table: Any, *where: Any) -> int:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.account_id == self.account_id, *where)
                ).scalar_one()
            )

        with self.engine.connect() as conn:
            identities = int(
                conn.execute(
                    select(func.count())
                    .select_from(t.identities)
                    .where(
                        t.identities.c.account_id == self.account_id, t.identities.c.kind != "name"
                    )
                ).scalar_one()
            )
            by_channel: dict[str, int] = dict(
                conn.execute(
                    select(t.touches.c.channel, func.count())
                    .where(t.touches.c.account_id == self.account_id)
                    .group_by(t.touches.c.channel)
                    .order_by(t.touches.c.channel)
                ).all()
            )
            return {
                "people": count(t.people),
                "identities": identities,
                "threads": count(t.threads),
                "touches": count(t.touches),
                "touches_by_channel": by_channel,
                # A detail is one once the user accepted it; candidates wait apart.
                "details": count(t.details, t.details.c.status == "accepted"),
                "details_pending": count(t.details, t.details.c.status == "pending"),
                "action_items": count(t.action_items),
                "content": count(t.content),
                "engagements": count(t.engagements),
            }


@contextmanager
def _import_cache(conn: Connection) -> Iterator[None]:
    """A 64 MB SQLite page cache for the import, given back afterwards.

    Big imports touch many index pages; the default 2 MB makes them spill. 64 MB imports
    1,000,000 messages as fast as 128 MB did with 70 MB less peak memory; 32 MB was about
    10% slower. The pooled connection outlives the import (in the web app for days), so
    the cache shrinks back to what it was once the import ends, however it ends.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        # After Ctrl-C inside a statement SQLAlchemy has closed the connection: nothing
        # to give back then, and an error here would hide the interruption.
        with suppress(sqlite3.Error):
            raw.execute(f"PRAGMA cache_size={int(before)}")


def _like_prefix(key: str) -> str:
    return _escape_like(key) + "%"


def _escape_like(value: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", value)


def _person_dict(row: Any) -> dict[str, Any]:
    data = {
        "id": int(row.id),
        "name": row.name,
        "company": row.company,
        "position": row.position,
        "goal": row.goal,
        "stage": row.stage,
        "cadence_days": row.cadence_days,
    }
    mapping = row._mapping
    if "last_touch_at" in mapping:
        data["last_touch_at"] = iso(mapping["last_touch_at"])
        data["touch_count"] = int(mapping["touch_count"] or 0)
    if "is_bulk" in mapping:
        data["is_bulk"] = bool(mapping["is_bulk"])
    return data


def _summary_dict(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    out: dict[str, Any] = {}
    for key, value in row._mapping.items():
        if key in ("person_id", "account_id", "attention_at", "attention_until"):
            continue
        out[key] = iso(value) if isinstance(value, datetime) else value
    return out


def _touch_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "channel": row.channel,
        "direction": row.direction,
        "at": iso(row.at),
        "status": row.status,
        "purpose": row.purpose,
        "text": row.text,
        "source": row.source,
        "is_bulk": bool(row.is_bulk),
        "is_group": bool(row.is_group),
    }


def _person_of_item(item_id: str) -> int | None:
    parts = item_id.split(":")
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None
