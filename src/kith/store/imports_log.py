"""The log of imports, undoing one, and the exclusions every import honours.

An `imports` row is written inside the import's own transaction, so an import
that fails or is killed leaves no trace at all, not even in the log. Every row the
import inserted carries its id; rows that were already there (a re-import) keep
the id of the import that first brought them.

Undoing an import removes the rows carrying its id, then the people it created
unless something else now hangs on them (touches or identities from another import,
details the user accepted, tags, topics, actions, a stage, goal or cadence the user
set): those stay with what they gained. What Kith derived from the import on its own
does not keep anyone: the stage it inferred when a person was looked at, and the
candidate details still pending (those go with the import's touches). The `me`
identities and name the import found go too. Merges the import made are undone
first, so people come back apart. Changes the import made to existing people's
fields (a newer company) are not rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from kith.errors import ItemNotFound
from kith.models import ImportReport
from kith.store import schema as t
from kith.store.merge import OWNED, MergeError, chosen_by_user, chunks, take_own_cards, unmerge
from kith.store.summary import refresh_summaries
from kith.store.timeutil import iso

# Tables whose rows carry the import that inserted them, children before parents.
IMPORTED: tuple[Table, ...] = (
    t.touches,
    t.engagements,
    t.person_dates,
    t.news,
)


def start_import(conn: Connection, account_id: int, source: str, path: str, now: datetime) -> int:
    result = conn.execute(
        insert(t.imports).values(account_id=account_id, source=source, path=path, started_at=now)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_import(conn: Connection, import_id: int, report: ImportReport, now: datetime) -> None:
    """Log the report; a card of the user's own the import made is no contact (see merge)."""
    account_id = conn.execute(
        select(t.imports.c.account_id).where(t.imports.c.id == import_id)
    ).scalar_one()
    report.people_created -= len(take_own_cards(conn, account_id, import_id=import_id))
    report.news_added = _news_of(conn, account_id, import_id)
    conn.execute(
        update(t.imports)
        .where(t.imports.c.id == import_id)
        .values(finished_at=now, report=json.dumps(report.as_dict(), ensure_ascii=False))
    )


def _news_of(conn: Connection, account_id: int, import_id: int) -> int:
    """Feed items this import brought: they are stored once, the next import adds none."""
    n = t.news.c
    found = select(func.count()).where(n.account_id == account_id, n.import_id == import_id)
    return int(conn.execute(found).scalar_one())


def list_imports(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.imports).where(t.imports.c.account_id == account_id).order_by(t.imports.c.id)
    ).all()
    out = []
    for r in rows:
        report = json.loads(r.report) if r.report else {}
        out.append(
            {
                "id": int(r.id),
                "source": r.source,
                "path": r.path,
                "started_at": iso(r.started_at),
                "finished_at": iso(r.finished_at),
                "undone_at": iso(r.undone_at),
                "people_created": report.get("people_created", 0),
                "touches_added": report.get("touches_added", 0),
                "content_added": report.get("content_added", 0),
                "engagements_added": report.get("engagements_added", 0),
                "news_added": report.get("news_added", 0),
                "report": report,
            }
        )
    return out


def undo_import(conn: Connection, account_id: int, import_id: int, now: datetime) -> dict[str, Any]:
    """Remove what one import added; return counts of what went."""
    row = conn.execute(
        select(t.imports).where(t.imports.c.account_id == account_id, t.imports.c.id == import_id)
    ).first()
    if row is None:
        raise ItemNotFound(f"no import {import_id} — list them with `kith imports`")
    if row.undone_at is not None:
        raise MergeError(
            f"import {import_id} was already undone — nothing of it is left; "
            "`kith imports` lists what is"
        )
    unmerged = _unmerge_its_merges(conn, account_id, import_id, now)
    affected = _people_with(conn, t.touches, import_id) | _people_with(
        conn, t.engagements, import_id
    )
    counts: dict[str, int] = {"merges_undone": unmerged}
    counts["details_pending"] = _drop_pending_details(conn, account_id, import_id)
    for table in IMPORTED:
        counts[table.name] = conn.execute(
            delete(table).where(table.c.account_id == account_id, table.c.import_id == import_id)
        ).rowcount
    created = _people_with(conn, t.people, import_id, column="id")
    counts["people"] = _drop_people(conn, created, import_id)
    counts["identities"] = conn.execute(
        delete(t.identities).where(
            t.identities.c.import_id == import_id, t.identities.c.person_id.not_in(created)
        )
    ).rowcount
    counts["threads"] = _drop_unused(conn, t.threads, t.touches.c.thread_id, import_id)
    counts["content"] = _drop_unused(conn, t.content, t.engagements.c.content_id, import_id)
    counts["me_identities"] = _drop_its_me(conn, account_id, import_id)
    conn.execute(update(t.imports).where(t.imports.c.id == import_id).values(undone_at=now))
    still_here = (
        [r[0] for r in conn.execute(select(t.people.c.id).where(t.people.c.id.in_(affected))).all()]
        if affected
        else []
    )
    refresh_summaries(conn, account_id, still_here)
    return {"import": import_id, "source": row.source, "path": row.path, "removed": counts}


def _unmerge_its_merges(conn: Connection, account_id: int, import_id: int, now: datetime) -> int:
    rows = conn.execute(
        select(t.merges.c.id, t.merges.c.merged_person)
        .where(t.merges.c.account_id == account_id, t.merges.c.undone_at.is_(None))
        .order_by(t.merges.c.id.desc())
    ).all()
    done = 0
    for merge_id, record in rows:
        if json.loads(record).get("import_id") == import_id:
            unmerge(conn, account_id, int(merge_id), now, strict=False)
            done += 1
    return done


def _people_with(
    conn: Connection, table: Table, import_id: int, column: str = "person_id"
) -> set[int]:
    return {
        int(r[0])
        for r in conn.execute(
            select(table.c[column]).where(table.c.import_id == import_id).distinct()
        ).all()
    }


def _drop_people(conn: Connection, created: set[int], import_id: int) -> int:
    """Delete the people an import created, unless something else hangs on them."""
    ids = sorted(created)
    kept: set[int] = set()
    for part in chunks(ids):
        kept.update(_held(conn, part, import_id))
    gone = [pid for pid in ids if pid not in kept]
    for part in chunks(gone):
        for table, _ in OWNED.values():
            conn.execute(delete(table).where(table.c.person_id.in_(part)))
        s = t.merge_suggestions
        conn.execute(delete(s).where(s.c.person_a.in_(part) | s.c.person_b.in_(part)))
        conn.execute(delete(t.person_summary).where(t.person_summary.c.person_id.in_(part)))
        conn.execute(delete(t.channel_summary).where(t.channel_summary.c.person_id.in_(part)))
        conn.execute(delete(t.people).where(t.people.c.id.in_(part)))
    return len(gone)


def _held(conn: Connection, people: Sequence[int], import_id: int) -> set[int]:
    """Which of these people something outside the import holds: rows from another
    import or the user's own hand. A stage Kith inferred while the user looked at
    them is derived from the import's touches, so it holds no one."""
    held: set[int] = set()
    for name, (table, _) in OWNED.items():
        if name == "stage_history":
            continue  # a stage the user set shows in `people.stage_set_at`, below
        query = select(table.c.person_id).where(table.c.person_id.in_(people)).distinct()
        if name in ("identities", "person_dates"):
            query = query.where((table.c.import_id != import_id) | table.c.import_id.is_(None))
        elif name == "details":
            query = query.where(table.c.status == "accepted")
        held.update(int(r[0]) for r in conn.execute(query).all())
    p = t.people.c
    chosen = select(p.id).where(p.id.in_(people), chosen_by_user())
    held.update(int(r[0]) for r in conn.execute(chosen).all())
    return held


def _drop_pending_details(conn: Connection, account_id: int, import_id: int) -> int:
    """Candidate details read from the import's messages go with them (accepted ones
    are the user's and stay, without their source)."""
    d = t.details
    its_touches = select(t.touches.c.id).where(
        t.touches.c.account_id == account_id, t.touches.c.import_id == import_id
    )
    return int(
        conn.execute(
            delete(d).where(
                d.c.account_id == account_id,
                d.c.status == "pending",
                d.c.source_touch_id.in_(its_touches),
            )
        ).rowcount
    )


def _drop_its_me(conn: Connection, account_id: int, import_id: int) -> int:
    """The `me` identities and name this import found; what the user said stays."""
    a = t.accounts.c
    conn.execute(
        update(t.accounts)
        .where(a.id == account_id, a.me_name_import_id == import_id)
        .values(me_name=None, me_name_import_id=None)
    )
    m = t.me_identities.c
    return int(
        conn.execute(
            delete(t.me_identities).where(m.account_id == account_id, m.import_id == import_id)
        ).rowcount
    )


def _drop_unused(conn: Connection, table: Table, used_by: Any, import_id: int) -> int:
    used = select(used_by).where(used_by.is_not(None))
    return int(
        conn.execute(
            delete(table).where(table.c.import_id == import_id, table.c.id.not_in(used))
        ).rowcount
    )


# -- exclusions --------------------------------------------------------------------
def add_exclusions(conn: Connection, account_id: int, pairs: list[tuple[str, str]]) -> None:
    for kind, value in pairs:
        exists = conn.execute(
            select(t.exclusions.c.id).where(
                t.exclusions.c.account_id == account_id,
                t.exclusions.c.kind == kind,
                t.exclusions.c.value == value,
            )
        ).first()
        if exists is None:
            conn.execute(insert(t.exclusions).values(account_id=account_id, kind=kind, value=value))


def exclusions(conn: Connection, account_id: int) -> list[tuple[str, str]]:
    rows = conn.execute(
        select(t.exclusions.c.kind, t.exclusions.c.value)
        .where(t.exclusions.c.account_id == account_id)
        .order_by(t.exclusions.c.kind, t.exclusions.c.value)
    ).all()
    return [(k, v) for k, v in rows]
