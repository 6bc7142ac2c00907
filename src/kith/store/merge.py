"""Merging two people into one, undoing it, and forgetting a person.

A merge moves every row that belongs to the merged person over to the survivor
and deletes the merged person's `people` row. What moved is kept in a `merges` row
as JSON: the merged person's own row, the ids of the rows that changed hands, the
rows that could not move because the survivor already had the same thing (a tag,
a topic, a birthday) and were removed instead, the open suggestions that named the
merged person, and the fields the survivor took over because it had none.

Unmerging replays that record backwards: the person comes back with their old id,
exactly the moved rows go back (rows added to the survivor since stay with the
survivor), removed rows are re-inserted, and borrowed fields are returned when the
survivor still holds them unchanged. The pair is then remembered as "not the same
person" (a rejected suggestion), so a later import does not merge them again.

Forgetting deletes a person with everything they said, row by row, so the SQLite
FTS5 triggers drop their words from the index (PostgreSQL keeps the tsvector in the
row itself), and the merge history that still names them.

The user's own card (their contact in an address book, a contacts CSV) is a person
holding one of the user's identities. When nothing else hangs on it (no message, no
engagement, nothing the user added or set, no merge to undo) it is not a contact but
the user: its identities become the user's, each with the import that brought it (so
undoing that import takes it back), and the person goes. A person with any history
is left alone: messages are never deleted, and the user decides (`kith forget`).

A chat names people by name alone, so the user, in a chat where nothing said who
they are, is a name-only person with their name. Once `kith me` gives that name, such
a person is the user too, and their messages become the user's: each goes out to
the person the chat importer would have addressed it to (the other author before
it in its thread, else the one after), with its `source_id` unchanged, so importing
the chat again adds nothing. A person whose messages cannot all be addressed that
way is left alone and reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Table,
    and_,
    delete,
    insert,
    or_,
    select,
    update,
)

from kith.errors import InvalidValue, ItemNotFound, KithError
from kith.identity import normalize_name
from kith.models import Identity
from kith.store import schema as t
from kith.store.summary import refresh_summaries

CHUNK = 500
# Tables whose rows belong to a person; the tuple names their unique key within
# one person, when they have one (a row that would collide is removed instead).
OWNED: dict[str, tuple[Table, tuple[str, ...]]] = {
    "identities": (t.identities, ()),
    "touches": (t.touches, ()),
    "engagements": (t.engagements, ()),
    "details": (t.details, ()),
    "topics": (t.topics, ("text",)),
    "tags": (t.tags, ("tag",)),
    "stage_history": (t.stage_history, ()),
    "action_items": (t.action_items, ()),
    "agenda_states": (t.agenda_states, ()),
    "person_dates": (t.person_dates, ("kind", "month", "day")),
}
DEFAULT_GOAL = "connect"  # people.goal's default: any other goal is the user's choice
# Fields a survivor without them takes from the merged person.
FILLABLE = ("company", "position", "connected_at", "notes")


class MergeError(KithError):
    pass


# -- rows as JSON ------------------------------------------------------------------
def encode_row(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row._mapping.items():
        out[key] = value.isoformat() if isinstance(value, datetime | date) else value
    return out


def decode_row(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in table.c:
            continue
        kind = table.c[key].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- merge -------------------------------------------------------------------------
def merge_people(
    conn: Connection,
    account_id: int,
    survivor_id: int,
    merged_id: int,
    now: datetime,
    *,
    cause: str = "by you",
    import_id: int | None = None,
    refresh: bool = True,
) -> int:
    """Move everything of `merged_id` onto `survivor_id`; return the merge's id."""
    if survivor_id == merged_id:
        raise MergeError("a person cannot be merged into themselves — name two different people")
    survivor = _person_row(conn, account_id, survivor_id)
    merged = _person_row(conn, account_id, merged_id)
    record: dict[str, Any] = {
        "version": 1,
        "cause": cause,
        "import_id": import_id,
        "survivor_name": survivor.name,
        "person": encode_row(merged),
        "moved": {},
        "removed": {},
        "filled": {},
    }
    for name, (table, key) in OWNED.items():
        moved, removed = _move_rows(conn, table, key, merged_id, survivor_id)
        if moved:
            record["moved"][name] = moved
        if removed:
            record["removed"][name] = removed
    record["suggestions"] = _take_suggestions(conn, account_id, merged_id)
    record["filled"] = _fill_fields(conn, survivor, merged)
    conn.execute(delete(t.person_summary).where(t.person_summary.c.person_id == merged_id))
    conn.execute(delete(t.channel_summary).where(t.channel_summary.c.person_id == merged_id))
    conn.execute(delete(t.people).where(t.people.c.id == merged_id))
    result = conn.execute(
        insert(t.merges).values(
            account_id=account_id,
            survivor_id=survivor_id,
            merged_id=merged_id,
            merged_person=json.dumps(record, ensure_ascii=False),
            at=now,
        )
    )
    if refresh:
        refresh_summaries(conn, account_id, [survivor_id])
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def _person_row(conn: Connection, account_id: int, person_id: int) -> Any:
    row = conn.execute(
        select(t.people).where(t.people.c.account_id == account_id, t.people.c.id == person_id)
    ).first()
    if row is None:
        raise ItemNotFound(f"no person {person_id} — find them with `kith people`")
    return row


def _move_rows(
    conn: Connection, table: Table, key: tuple[str, ...], merged_id: int, survivor_id: int
) -> tuple[list[int], list[dict[str, Any]]]:
    rows = conn.execute(
        select(table).where(table.c.person_id == merged_id).order_by(table.c.id)
    ).all()
    if not rows:
        return [], []
    taken: set[tuple[Any, ...]] = set()
    if key:
        taken = {
            tuple(r)
            for r in conn.execute(
                select(*(table.c[k] for k in key)).where(table.c.person_id == survivor_id)
            ).all()
        }
    clash = [r for r in rows if key and tuple(getattr(r, k) for k in key) in taken]
    moving = [int(r.id) for r in rows if r not in clash]
    for ids in chunks([int(r.id) for r in clash]):
        conn.execute(delete(table).where(table.c.id.in_(ids)))
    for ids in chunks(moving):
        conn.execute(update(table).where(table.c.id.in_(ids)).values(person_id=survivor_id))
    return moving, [encode_row(r) for r in clash]


def _take_suggestions(conn: Connection, account_id: int, person_id: int) -> list[dict[str, Any]]:
    s = t.merge_suggestions
    naming = and_(
        s.c.account_id == account_id, or_(s.c.person_a == person_id, s.c.person_b == person_id)
    )
    rows = conn.execute(select(s).where(naming).order_by(s.c.id)).all()
    conn.execute(delete(s).where(naming))
    return [encode_row(r) for r in rows]


def _fill_fields(conn: Connection, survivor: Any, merged: Any) -> dict[str, Any]:
    filled = {f: getattr(merged, f) for f in FILLABLE if getattr(survivor, f) is None}
    filled = {f: v for f, v in filled.items() if v is not None}
    if filled:
        conn.execute(update(t.people).where(t.people.c.id == survivor.id).values(**filled))
    return {f: v.isoformat() if isinstance(v, datetime) else v for f, v in filled.items()}


# -- unmerge -----------------------------------------------------------------------
def unmerge(
    conn: Connection, account_id: int, merge_id: int, now: datetime, *, strict: bool = True
) -> dict[str, Any]:
    """Bring a merged person back exactly as they were; return both people.

    A merged person made by an import since undone is not brought back (see
    `_gone_with_its_import`): an error by default, or with `strict=False` (an undo
    taking its merges back) the merge is only marked undone and `restored` is None.
    """
    row = conn.execute(
        select(t.merges).where(t.merges.c.account_id == account_id, t.merges.c.id == merge_id)
    ).first()
    if row is None:
        raise ItemNotFound(f"no merge {merge_id} — list merges with `kith merge --history`")
    if row.undone_at is not None:
        raise MergeError(
            f"merge {merge_id} was already undone — `kith merge --history` lists the merges"
        )
    survivor_id, merged_id = int(row.survivor_id), int(row.merged_id)
    if conn.execute(select(t.people.c.id).where(t.people.c.id == survivor_id)).first() is None:
        raise MergeError(
            f"person {survivor_id}, who merge {merge_id} kept, is gone (merged on or forgotten) "
            "— undo the later merge first"
        )
    if conn.execute(select(t.people.c.id).where(t.people.c.id == merged_id)).first() is not None:
        raise MergeError(
            f"person id {merged_id} is in use again, so merge {merge_id} cannot be undone "
            "— split them by hand (`kith forget`, then import again)"
        )
    record = json.loads(row.merged_person)
    gone_with = _gone_with_its_import(conn, record)
    if gone_with is not None:
        if strict:
            person = record["person"]
            raise MergeError(
                f"merge {merge_id} has nothing to restore: {person['name']} ({person['id']}) "
                f"came from import {gone_with}, which was undone — what is left stays with "
                f"{record['survivor_name']} ({survivor_id})"
            )
        conn.execute(update(t.merges).where(t.merges.c.id == merge_id).values(undone_at=now))
        return {"merge": merge_id, "survivor": {"id": survivor_id}, "restored": None}
    conn.execute(insert(t.people).values(**decode_row(t.people, record["person"])))
    for name, ids in record["moved"].items():
        table = OWNED[name][0]
        for part in chunks(ids):
            conn.execute(
                update(table)
                .where(table.c.id.in_(part), table.c.person_id == survivor_id)
                .values(person_id=merged_id)
            )
    for name, rows in record["removed"].items():
        table = OWNED[name][0]
        conn.execute(insert(table), [decode_row(table, r) for r in rows])
    _restore_suggestions(conn, record["suggestions"], merged_id)
    _return_fields(conn, survivor_id, record["filled"])
    remember_not_same(conn, account_id, survivor_id, merged_id, now)
    conn.execute(update(t.merges).where(t.merges.c.id == merge_id).values(undone_at=now))
    refresh_summaries(conn, account_id, [survivor_id, merged_id])
    return {
        "merge": merge_id,
        "survivor": {"id": survivor_id, "name": record["survivor_name"]},
        "restored": {"id": merged_id, "name": record["person"]["name"]},
    }


def _gone_with_its_import(conn: Connection, record: dict[str, Any]) -> int | None:
    """The undone import that made the merged person, if it was undone: what it brought
    went with it, and bringing the person back would make one with nothing, whom no
    later undo removes (it was merged away when its import was undone)."""
    made_by = record["person"].get("import_id")
    if made_by is None:
        return None
    undone = conn.execute(select(t.imports.c.undone_at).where(t.imports.c.id == made_by)).scalar()
    return int(made_by) if undone is not None else None


def _restore_suggestions(conn: Connection, rows: list[dict[str, Any]], merged_id: int) -> None:
    """Put back the suggestions that named the merged person, if the other one is still here."""
    s = t.merge_suggestions
    for data in rows:
        other = data["person_b"] if data["person_a"] == merged_id else data["person_a"]
        if conn.execute(select(t.people.c.id).where(t.people.c.id == other)).first() is None:
            continue
        pair = and_(s.c.person_a == data["person_a"], s.c.person_b == data["person_b"])
        if conn.execute(select(s.c.id).where(pair)).first() is None:
            conn.execute(insert(s).values(**decode_row(s, data)))


def _return_fields(conn: Connection, survivor_id: int, filled: dict[str, Any]) -> None:
    current = conn.execute(select(t.people).where(t.people.c.id == survivor_id)).one()
    back: dict[str, Any] = {}
    for field, value in filled.items():
        now_value = getattr(current, field)
        if isinstance(now_value, datetime):
            now_value = now_value.isoformat()
        if now_value == value:
            back[field] = None
    if back:
        conn.execute(update(t.people).where(t.people.c.id == survivor_id).values(**back))


def remember_not_same(conn: Connection, account_id: int, a: int, b: int, now: datetime) -> None:
    """Record that two people are different, so no import merges or suggests them again."""
    low, high = min(a, b), max(a, b)
    s = t.merge_suggestions
    pair = and_(s.c.account_id == account_id, s.c.person_a == low, s.c.person_b == high)
    if conn.execute(select(s.c.id).where(pair)).first():
        conn.execute(update(s).where(pair).values(status="rejected"))
        return
    conn.execute(
        insert(s).values(
            account_id=account_id,
            person_a=low,
            person_b=high,
            score=0.0,
            reason="unmerged by you",
            status="rejected",
            created_at=now,
        )
    )


def known_different(conn: Connection, account_id: int, a: int, b: int) -> bool:
    s = t.merge_suggestions
    return (
        conn.execute(
            select(s.c.id).where(
                s.c.account_id == account_id,
                s.c.person_a == min(a, b),
                s.c.person_b == max(a, b),
                s.c.status == "rejected",
            )
        ).first()
        is not None
    )


def merge_history(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.merges).where(t.merges.c.account_id == account_id).order_by(t.merges.c.id.desc())
    ).all()
    out = []
    for r in rows:
        record = json.loads(r.merged_person)
        out.append(
            {
                "id": int(r.id),
                "at": r.at.isoformat() if r.at else None,
                "survivor": {"id": int(r.survivor_id), "name": record.get("survivor_name")},
                "merged": {"id": int(r.merged_id), "name": record["person"]["name"]},
                "cause": record.get("cause"),
                "import_id": record.get("import_id"),
                "moved": {k: len(v) for k, v in record["moved"].items()},
                "undone": r.undone_at is not None,
            }
        )
    return out


# -- forget ------------------------------------------------------------------------
def forget_person(conn: Connection, account_id: int, person_id: int) -> dict[str, int]:
    """Delete a person, everything they said and the history that names them."""
    _person_row(conn, account_id, person_id)
    thread_ids = [
        r[0]
        for r in conn.execute(
            select(t.touches.c.thread_id)
            .where(t.touches.c.person_id == person_id, t.touches.c.thread_id.is_not(None))
            .distinct()
        ).all()
    ]
    counts: dict[str, int] = {}
    # Row by row through each table (not by cascade) so FTS triggers see every delete.
    for name, (table, _) in OWNED.items():
        counts[name] = conn.execute(delete(table).where(table.c.person_id == person_id)).rowcount
    s = t.merge_suggestions
    conn.execute(delete(s).where(or_(s.c.person_a == person_id, s.c.person_b == person_id)))
    conn.execute(delete(t.person_summary).where(t.person_summary.c.person_id == person_id))
    conn.execute(delete(t.channel_summary).where(t.channel_summary.c.person_id == person_id))
    m = t.merges
    counts["merges"] = conn.execute(
        delete(m).where(
            m.c.account_id == account_id,
            or_(m.c.survivor_id == person_id, m.c.merged_id == person_id),
        )
    ).rowcount
    conn.execute(delete(t.people).where(t.people.c.id == person_id))
    counts["threads"] = _drop_empty_threads(conn, thread_ids)
    return counts


def _drop_empty_threads(conn: Connection, thread_ids: list[int]) -> int:
    dropped = 0
    for part in chunks(thread_ids):
        used = select(t.touches.c.thread_id).where(t.touches.c.thread_id.in_(part))
        dropped += conn.execute(
            delete(t.threads).where(t.threads.c.id.in_(part), t.threads.c.id.not_in(used))
        ).rowcount
    return dropped


# -- the user's own card ---------------------------------------------------------
def chosen_by_user() -> ColumnElement[bool]:
    """A person's stage, cadence or goal the user set (Kith infers none of them there)."""
    p = t.people.c
    return p.stage_set_at.is_not(None) | p.cadence_days.is_not(None) | (p.goal != DEFAULT_GOAL)


def take_own_cards(
    conn: Connection, account_id: int, *, import_id: int | None = None
) -> list[dict[str, Any]]:
    """Remove the people who are only the user's own card; return them (id, name).

    With `import_id`, only the people that import created are looked at: an import
    takes back nothing it did not make, so undoing an earlier one still works.
    """
    i, m = t.identities.c, t.me_identities.c
    holders: set[int] = set()
    # The user's few identities, each looked up through the unique index (a join lets
    # the planner walk every identity of the account instead).
    mine = conn.execute(select(m.kind, m.value).where(m.account_id == account_id)).all()
    for kind, value in mine:
        query = select(i.person_id).where(
            i.account_id == account_id, i.kind == kind, i.value == value
        )
        if import_id is not None:
            query = query.join(t.people, t.people.c.id == i.person_id).where(
                t.people.c.import_id == import_id
            )
        holders.update(int(r[0]) for r in conn.execute(query).all())
    cards = [
        pid
        for pid in sorted(holders)
        if not _has_history(conn, account_id, pid) and _plainly_mine(conn, account_id, pid)
    ]
    taken = [{"id": pid, "name": _person_row(conn, account_id, pid).name} for pid in cards]
    for person_id in cards:
        _become_me(conn, account_id, person_id)
    return taken


def _plainly_mine(conn: Connection, account_id: int, person_id: int) -> bool:
    """Whether a card sharing an identity with the user is the user's own: it bears the
    user's name, or everything certain on it is already the user's. A family landline
    or a shared team address on someone else's card does not make them the user (and
    must not hand the user their other addresses)."""
    person = _person_row(conn, account_id, person_id)
    given = conn.execute(select(t.accounts.c.me_name).where(t.accounts.c.id == account_id)).scalar()
    if given and normalize_name(person.name) == normalize_name(given):
        return True
    i = t.identities.c
    certain = {
        (r.kind, r.value)
        for r in conn.execute(
            select(i.kind, i.value).where(i.person_id == person_id, i.kind != "name")
        )
    }
    return certain <= set(_my_identities(conn, account_id))


def _has_history(conn: Connection, account_id: int, person_id: int) -> bool:
    for name, (table, _) in OWNED.items():
        if name in ("identities", "person_dates", "stage_history"):
            continue  # what a card holds, and a stage inferred from nothing
        if conn.execute(select(table.c.id).where(table.c.person_id == person_id)).first():
            return True
    return _has_history_beyond_rows(conn, account_id, person_id)


def _become_me(conn: Connection, account_id: int, person_id: int) -> None:
    """One record said these identities belong together, and one of them is the user's."""
    i, m = t.identities.c, t.me_identities.c
    held = conn.execute(select(i.kind, i.value, i.import_id).where(i.person_id == person_id)).all()
    mine = {
        (r.kind, r.value)
        for r in conn.execute(select(m.kind, m.value).where(m.account_id == account_id)).all()
    }
    new = [
        {"account_id": account_id, "kind": r.kind, "value": r.value, "import_id": r.import_id}
        for r in held
        if (r.kind, r.value) not in mine
    ]
    if new:
        conn.execute(insert(t.me_identities), new)
    forget_person(conn, account_id, person_id)


# -- `kith me`: one transaction ------------------------------------------------------
def set_me(
    conn: Connection,
    account_id: int,
    name: str | None,
    add: Sequence[Identity],
    remove: Sequence[Identity],
) -> dict[str, Any]:
    """Say who the user is and settle what follows; return what happened.

    Identities in `remove` are taken back (an import's wrong guess); the people who
    are only the user's own card, or the user under their name in a chat, stop being
    contacts; people with history who hold one of the user's identities are listed,
    not touched (see the module essay).
    """
    m = t.me_identities.c
    mine = set(_my_identities(conn, account_id))
    strangers = [i.value for i in remove if (i.kind, i.value) not in mine]
    if strangers:
        raise InvalidValue(f"{', '.join(strangers)} is not one of yours — `kith me` lists what is")
    for identity in remove:
        conn.execute(
            delete(t.me_identities).where(
                m.account_id == account_id, m.kind == identity.kind, m.value == identity.value
            )
        )
    if name:  # the user's word: undoing the import that had guessed a name leaves it
        conn.execute(
            update(t.accounts)
            .where(t.accounts.c.id == account_id)
            .values(me_name=name, me_name_import_id=None)
        )
    mine -= {(i.kind, i.value) for i in remove}
    for identity in add:  # the user's word now: undoing the import that found it keeps it
        conn.execute(
            update(t.me_identities)
            .where(m.account_id == account_id, m.kind == identity.kind)
            .where(m.value == identity.value, m.import_id.is_not(None))
            .values(import_id=None)
        )
    new = list(dict.fromkeys((i.kind, i.value) for i in add if (i.kind, i.value) not in mine))
    if new:
        conn.execute(
            insert(t.me_identities),
            [{"account_id": account_id, "kind": k, "value": v} for k, v in new],
        )
    absorbed = take_own_cards(conn, account_id) + take_chat_selves(conn, account_id)
    return {
        "removed": [i.value for i in remove],
        "absorbed": absorbed,
        "holding": _holders_of_mine(conn, account_id) + _chat_selves_left(conn, account_id),
    }


def _my_identities(conn: Connection, account_id: int) -> list[tuple[str, str]]:
    m = t.me_identities.c
    rows = conn.execute(select(m.kind, m.value).where(m.account_id == account_id)).all()
    return [(r.kind, r.value) for r in rows]


def _holders_of_mine(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    """The people (with history: the others became the user) holding the user's identities."""
    i, p = t.identities.c, t.people.c
    found: list[dict[str, Any]] = []
    for kind, value in _my_identities(conn, account_id):
        rows = conn.execute(
            select(p.id, p.name)
            .join(t.identities, i.person_id == p.id)
            .where(i.account_id == account_id, i.kind == kind, i.value == value)
        ).all()
        found += [{"id": int(r.id), "name": r.name, "identity": value} for r in rows]
    return found


def _named_like_me(conn: Connection, account_id: int) -> tuple[str, list[Any]]:
    """The user's name as a name identity ends (`maya hartmann`), and who holds one."""
    given = conn.execute(select(t.accounts.c.me_name).where(t.accounts.c.id == account_id)).scalar()
    key = normalize_name(given)
    if not key:
        return key, []
    i = t.identities.c
    named = conn.execute(
        select(i.person_id, i.value)
        .where(i.account_id == account_id, i.kind == "name")
        .where(i.value.endswith(":" + key, autoescape=True))
        .order_by(i.person_id)
    ).all()
    return key, list(named)


def _chat_selves_left(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    """Those with the user's name in a chat who are more than that (see `_addressees`)."""
    _, named = _named_like_me(conn, account_id)
    return [
        {
            "id": int(r.person_id),
            "name": _person_row(conn, account_id, r.person_id).name,
            "identity": r.value,
        }
        for r in named
    ]


def take_chat_selves(conn: Connection, account_id: int) -> list[dict[str, Any]]:
    """The name-only people with the user's name become the user, their messages the
    user's (see the module essay); return them (id, name)."""
    key, named = _named_like_me(conn, account_id)
    taken: list[dict[str, Any]] = []
    for person_id in dict.fromkeys(int(r.person_id) for r in named):
        addressees = _addressees(conn, account_id, person_id, key)
        if addressees is None:
            continue
        name = _person_row(conn, account_id, person_id).name
        for touch_id, other in addressees.items():
            conn.execute(
                update(t.touches)
                .where(t.touches.c.id == touch_id)
                .values(person_id=other, direction="out")
            )
        _become_me(conn, account_id, person_id)
        refresh_summaries(conn, account_id, sorted(set(addressees.values())))
        taken.append({"id": person_id, "name": name})
    return taken


def _addressees(
    conn: Connection, account_id: int, person_id: int, key: str
) -> dict[int, int] | None:
    """Touch id -> whom the user's message went to; None when this person is more than
    a chat name (another identity, anything but messages) or a message has no one to go to."""
    i = t.identities.c
    held = conn.execute(select(i.kind, i.value).where(i.person_id == person_id)).all()
    if any(r.kind != "name" or r.value.partition(":")[2] != key for r in held):
        return None
    for name, (table, _) in OWNED.items():
        if name in ("identities", "touches", "stage_history"):
            continue
        if conn.execute(select(table.c.id).where(table.c.person_id == person_id)).first():
            return None
    if _has_history_beyond_rows(conn, account_id, person_id):
        return None
    c = t.touches.c
    touches = conn.execute(
        select(c.id, c.thread_id).where(c.person_id == person_id).order_by(c.id)
    ).all()
    found: dict[int, int] = {}
    for touch in touches:
        other = _other_author(conn, touch.thread_id, person_id, touch.id)
        if other is None:
            return None
        found[int(touch.id)] = other
    return found


def _has_history_beyond_rows(conn: Connection, account_id: int, person_id: int) -> bool:
    """A stage, cadence or goal the user set, or a merge still open on this person."""
    p, m = t.people.c, t.merges.c
    if conn.execute(select(p.id).where(p.id == person_id, chosen_by_user())).first():
        return True
    open_merge = select(m.id).where(
        m.account_id == account_id, m.survivor_id == person_id, m.undone_at.is_(None)
    )
    return conn.execute(open_merge).first() is not None


def _other_author(
    conn: Connection, thread_id: int | None, person_id: int, touch_id: int
) -> int | None:
    """The other author just before a message in its thread, else the one just after."""
    if thread_id is None:
        return None
    c = t.touches.c
    others = select(c.person_id).where(c.thread_id == thread_id, c.person_id != person_id)
    before = conn.execute(others.where(c.id < touch_id).order_by(c.id.desc()).limit(1)).scalar()
    if before is None:
        before = conn.execute(others.where(c.id > touch_id).order_by(c.id).limit(1)).scalar()
    return int(before) if before is not None else None
