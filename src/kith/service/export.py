"""`kith export`: everything Kith holds about the user's network, as one JSON document
that `kith import kith-json PATH` reads back (the format: `kith.importers.kith_json`).

The document is written as it is read from the database — people a chunk at a time
with their identities and what the user kept, then threads, touches, engagements and
news streamed row by row — so memory does not grow with the database. Each array item
is one line, which also makes the file easy to read with `grep` and `jq`.

A touch Kith made from an engagement (a comment is also a conversational touch) is
not written: importing the engagement makes it again.

`restore_kept` is the second half of reading an export back: the records bring back
people, identities, touches, content, engagements and news; what records do not
carry — goal, stage, cadence, layer, tags, topics, details, action items, stage
history, agenda states, stories, exclusions, merge decisions — it writes here, each person found
through their identities, and only what is not there yet, so importing the same
export twice changes nothing the second time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Table, and_, bindparam, func, select, update

from kith.errors import InvalidValue
from kith.importers import kith_json
from kith.models import GOALS, STAGES
from kith.store import Store
from kith.store import schema as t
from kith.store.summary import refresh_summaries
from kith.store.timeutil import iso

CHUNK = 500
STREAM = 2000
FLUSH_AT = 1 << 16


class _Sink:
    """Buffered writes to a text stream, with counts per section."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0
        self.counts: dict[str, int] = {}

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts))
        self.parts, self.size = [], 0

    def section(self, name: str, items: Iterable[dict[str, Any]]) -> None:
        self.write(f',\n"{name}": [')
        count = 0
        for item in items:
            self.write(("\n" if count == 0 else ",\n") + _dumps(item))
            count += 1
        self.write("\n]" if count else "]")
        self.counts[name] = count


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


# One encoder for every item: `json.dumps` with options builds a new one each call.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain).encode


def _stream(conn: Connection, query: Any) -> Iterator[dict[str, Any]]:
    """The query's rows as dicts, fetched a few thousand at a time."""
    result = conn.execution_options(yield_per=STREAM).execute(query)
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row, strict=True))


# -- export -----------------------------------------------------------------------------
def export(store: Store, out: IO[str]) -> dict[str, int]:
    """Write the whole network to `out` as a kith-json document; return the counts."""
    sink = _Sink(out)
    head = {"format": kith_json.FORMAT, "version": kith_json.VERSION}
    sink.write(_dumps(head)[:-1])  # the object stays open for the sections
    sink.write(f',\n"exported_at":{_dumps(datetime.now(UTC))}')
    with _snapshot(store) as conn:
        account = store.account_id
        sink.write(f',\n"account":{_dumps(_account(conn, account))}')
        sink.section("people", _people(conn, account))
        # The small kept sections before the big ones: reading them back stops early.
        sink.section("agenda_states", _rows(conn, t.agenda_states, account))
        sink.section("stories", _rows(conn, t.stories, account))
        sink.section("exclusions", _rows(conn, t.exclusions, account))
        sink.section("merge_suggestions", _rows(conn, t.merge_suggestions, account))
        sink.section("content", _rows(conn, t.content, account, drop=("import_id",)))
        sink.section("threads", _rows(conn, t.threads, account, drop=("import_id",)))
        sink.section("touches", _touches(conn, account))
        sink.section("engagements", _engagements(conn, account))
        sink.section("news", _rows(conn, t.news, account, drop=("import_id",)))
        # The touches written plus those their engagements make again: what the database
        # holds, as `kith stats` and the re-import count them.
        remade = conn.execute(
            select(func.count())
            .select_from(t.touches)
            .where(t.touches.c.account_id == account, _made_from_engagement(account))
        ).scalar()
    sink.write("\n}\n")
    sink.flush()
    sink.counts["touches_from_engagements"] = int(remade or 0)
    sink.counts["touches"] += sink.counts["touches_from_engagements"]
    return sink.counts


@contextmanager
def _snapshot(store: Store) -> Iterator[Connection]:
    """One read snapshot for the whole export, so a touch never names a person added
    after the people were written (an import or the web app may write meanwhile)."""
    if store.dialect != "sqlite":
        with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            yield conn
        return
    with store.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")  # WAL: the first read fixes what this one sees
        try:
            yield conn
        finally:
            conn.exec_driver_sql("ROLLBACK")


def export_to(store: Store, target: str | None) -> dict[str, Any]:
    """Export to a new file (written whole or not at all), or to stdout for None / `-`."""
    import sys

    if target in (None, "-"):
        return {"path": "-", "counts": export(store, sys.stdout)}
    path = Path(target).expanduser()
    if path.exists():
        raise InvalidValue(f"{path} already exists — give a new file name for the export")
    if not path.parent.is_dir():
        raise InvalidValue(f"{path.parent} is not a folder — create it first")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            counts = export(store, handle)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return {"path": str(path), "bytes": path.stat().st_size, "counts": counts}


def _account(conn: Connection, account: int) -> dict[str, Any]:
    me_name = conn.execute(select(t.accounts.c.me_name).where(t.accounts.c.id == account)).scalar()
    m = t.me_identities.c
    me = conn.execute(
        select(m.kind, m.value).where(m.account_id == account).order_by(m.kind, m.value)
    ).all()
    return {"me_name": me_name, "me": [{"kind": k, "value": v} for k, v in me]}


def _rows(
    conn: Connection, table: Table, account: int, drop: Sequence[str] = ()
) -> Iterator[dict[str, Any]]:
    skip = {"account_id", *drop}
    columns = [c for c in table.c if c.name not in skip]
    query = select(*columns).where(table.c.account_id == account).order_by(table.c.id)
    return _stream(conn, query)


PERSON_FIELDS = (
    "id",
    "name",
    "company",
    "position",
    "goal",
    "stage",
    "stage_set_at",
    "cadence_days",
    "is_bulk",
    "connected_at",
    "created_at",
    "notes",
    "layer",
)


def _people(conn: Connection, account: int) -> Iterator[dict[str, Any]]:
    p = t.people.c
    ids = list(conn.execute(select(p.id).where(p.account_id == account).order_by(p.id)).scalars())
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = conn.execute(select(*(p[f] for f in PERSON_FIELDS)).where(p.id.in_(part)))
        kept = _kept_of(conn, part)
        for row in rows:
            person = dict(row._mapping)
            person.update({name: kept[name].get(row.id, []) for name in kept})
            yield person


def _kept_of(conn: Connection, ids: list[int]) -> dict[str, dict[int, list[dict[str, Any]]]]:
    """Per person of `ids`: identities, dates, tags, topics, details, actions, stage history."""
    d, tc = t.details.c, t.touches.c
    details = (
        select(d.person_id, d.text, d.status, d.created_at, d.kind, d.about_at, tc.source_id)
        .select_from(t.details.outerjoin(t.touches, tc.id == d.source_touch_id))
        .where(d.person_id.in_(ids))
        .order_by(d.id)
    )
    queries = {
        "identities": _children(t.identities, ids, ("kind", "value", "source")),
        "dates": _children(t.person_dates, ids, ("kind", "month", "day", "year", "label")),
        "tags": _children(t.tags, ids, ("tag",)),
        "topics": _children(t.topics, ids, ("text", "created_at")),
        "details": details,
        "action_items": _children(
            t.action_items,
            ids,
            ("text", "owner", "due", "deliverable", "measure", "status", "created_at", "done_at"),
        ),
        "stage_history": _children(t.stage_history, ids, ("stage", "at", "cause")),
    }
    kept: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name, query in queries.items():
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in conn.execute(query):
            values = dict(row._mapping)
            grouped[values.pop("person_id")].append(values)
        kept[name] = grouped
    for detail in (x for rows in kept["details"].values() for x in rows):
        detail["source_touch"] = detail.pop("source_id")
    return kept


def _children(table: Table, ids: list[int], fields: Sequence[str]) -> Any:
    return (
        select(table.c.person_id, *(table.c[f] for f in fields))
        .where(table.c.person_id.in_(ids))
        .order_by(table.c.id)
    )


def _made_from_engagement(account: int) -> Any:
    """The touches Kith made from an engagement (importing the engagement makes them)."""
    c, e = t.touches.c, t.engagements.c
    # IN over the derived ids, not a correlated EXISTS: SQLite cannot index
    # `e.source_id || ':touch'` and would scan every engagement for each touch (50 s for
    # 20,000 of each); the subquery is built once (source ids are never NULL).
    return c.source_id.in_(select(e.source_id + ":touch").where(e.account_id == account))


def _touches(conn: Connection, account: int) -> Iterator[dict[str, Any]]:
    c = t.touches.c
    query = (
        select(
            c.person_id.label("person"),
            c.thread_id.label("thread"),
            c.source,
            c.source_id,
            c.channel,
            c.direction,
            c.at,
            c.text,
            c.status,
            c.purpose,
            c.is_bulk,
            c.duration_s,
        )
        .where(c.account_id == account, ~_made_from_engagement(account))
        .order_by(c.id)
    )
    return _stream(conn, query)


def _engagements(conn: Connection, account: int) -> Iterator[dict[str, Any]]:
    e = t.engagements.c
    query = (
        select(
            e.person_id.label("person"),
            e.content_id.label("content"),
            e.source_id,
            e.kind,
            e.at,
            e.text,
            e.platform,
        )
        .where(e.account_id == account)
        .order_by(e.id)
    )
    return _stream(conn, query)


# -- restoring what records do not carry ---------------------------------------------------
def restore_after_import(store: Store, path: Path, import_id: int | None) -> dict[str, int]:
    """Restore what the user kept after the records of `path` went in as `import_id`.

    The two are separate transactions (the records' is the store's ingest); if this one
    fails or is interrupted, that import is undone, so the database is as it was.
    """
    try:
        return restore_kept(store, path, import_id)
    except BaseException:
        if import_id is not None:
            store.undo_import(import_id)
        raise


def restore_kept(store: Store, path: Path, import_id: int | None = None) -> dict[str, int]:
    """After the records of a kith-json export are in, write what the user kept.

    With `import_id`, a person's goal, stage, cadence and layer are written only for the
    people that import created: someone already here keeps what the user set since (an
    older export must not put back last year's cadence)."""
    restored: dict[str, int] = defaultdict(int)
    mapping: dict[int, int] = {}
    changed: set[int] = set()
    with store.engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        for key, value in kith_json.walk(path):
            if key in RECORD_SECTIONS:
                break  # the rest is what the records brought in
            if key == "people" and _usable(value):
                batch.append(value)
                if len(batch) >= CHUNK:
                    changed |= _restore_people(
                        conn, store.account_id, batch, mapping, restored, import_id
                    )
                    batch = []
            elif key in RESTORED_ROWS:
                if batch:
                    changed |= _restore_people(
                        conn, store.account_id, batch, mapping, restored, import_id
                    )
                    batch = []
                try:
                    restored[key] += _restore_row(conn, store.account_id, key, value, mapping)
                except (KeyError, TypeError, ValueError, AttributeError):
                    restored["skipped"] += 1  # the records' reader reports such items
        if batch:
            changed |= _restore_people(conn, store.account_id, batch, mapping, restored, import_id)
        refresh_summaries(conn, store.account_id, changed)
    return dict(restored)


def _usable(person: Any) -> bool:
    """A people item the records' reader could use (it skips the others)."""
    return (
        isinstance(person, dict)
        and isinstance(person.get("id"), int)
        and isinstance(person.get("identities", []), list)
    )


def _restore_people(
    conn: Connection,
    account: int,
    people: list[dict[str, Any]],
    mapping: dict[int, int],
    restored: dict[str, int],
    import_id: int | None = None,
) -> set[int]:
    found = _find_people(conn, account, people)
    mapping.update(found)
    writable = set(found.values()) if import_id is None else _made_by(conn, import_id, found)
    fields = [
        (found[int(p["id"])], _kept_fields(p))
        for p in people
        if found.get(int(p["id"])) in writable
    ]
    if fields:
        statement = update(t.people).where(t.people.c.id == bindparam("person"))
        conn.execute(statement, [{"person": pid, **values} for pid, values in fields])
    for person in people:
        new_id = found.get(int(person["id"]))
        if new_id is None:
            continue
        for name, table, key in KEPT_TABLES:
            try:
                restored[name] += _add_missing(conn, account, new_id, table, person.get(name), key)
            except (KeyError, TypeError, ValueError, AttributeError):
                restored["skipped"] += 1
    return {pid for pid, values in fields if _differs_from_new(values)}


def _made_by(conn: Connection, import_id: int, found: dict[int, int]) -> set[int]:
    """Which of these people the import created (the others were here before it)."""
    p = t.people.c
    ids = sorted(set(found.values()))
    return {
        int(r[0]) for r in conn.execute(select(p.id).where(p.id.in_(ids), p.import_id == import_id))
    }


def _find_people(conn: Connection, account: int, people: list[dict[str, Any]]) -> dict[int, int]:
    """Exported id -> id here, through each person's first identity (the reader's rule)."""
    wanted: dict[tuple[str, str], int] = {}
    for person in people:
        first = person["identities"][0] if person.get("identities") else None
        if first is None:
            made = kith_json.stand_in_identity(person["name"], person["id"])
            first = {"kind": made.kind, "value": made.value} if made else None
        if first is not None:
            wanted[(first["kind"], first["value"])] = int(person["id"])
    i = t.identities.c
    rows = conn.execute(
        select(i.kind, i.value, i.person_id).where(
            i.account_id == account, i.value.in_(sorted({v for _, v in wanted}))
        )
    )
    return {
        wanted[(r.kind, r.value)]: int(r.person_id) for r in rows if (r.kind, r.value) in wanted
    }


def _kept_fields(person: dict[str, Any]) -> dict[str, Any]:
    return {
        "goal": person.get("goal") if person.get("goal") in GOALS else "connect",
        "stage": person.get("stage") if person.get("stage") in STAGES else "new",
        "stage_set_at": kith_json.moment(person.get("stage_set_at")),
        "cadence_days": person.get("cadence_days"),
        "layer": person.get("layer"),
        # when Kith first knew them, not when the export came in
        "created_at": kith_json.moment(person.get("created_at")) or datetime.now(UTC),
    }


def _differs_from_new(values: dict[str, Any]) -> bool:
    """Whether the summary must be refreshed: a cadence, stage or layer moves attention."""
    return any(values[k] != v for k, v in NEW_PERSON.items())


NEW_PERSON = {
    "goal": "connect",
    "stage": "new",
    "stage_set_at": None,
    "cadence_days": None,
    "layer": None,
}
RECORD_SECTIONS = frozenset({"content", "threads", "touches", "engagements", "news"})

# (section, table, the fields that say a row is already there)
KEPT_TABLES: tuple[tuple[str, Table, tuple[str, ...]], ...] = (
    ("tags", t.tags, ("tag",)),
    ("topics", t.topics, ("text",)),
    ("details", t.details, ("text",)),
    ("action_items", t.action_items, ("text", "created_at")),
    ("stage_history", t.stage_history, ("stage", "at")),
)
RESTORED_ROWS = {
    "agenda_states": t.agenda_states,
    "stories": t.stories,
    "exclusions": t.exclusions,
    "merge_suggestions": t.merge_suggestions,
}
MOMENTS = {"created_at", "done_at", "at", "about_at", "stage_set_at"}


def _add_missing(
    conn: Connection,
    account: int,
    person_id: int,
    table: Table,
    rows: list[dict[str, Any]] | None,
    key: tuple[str, ...],
) -> int:
    added = 0
    for row in rows or ():
        values = {k: _typed(k, v) for k, v in row.items() if k in table.c and k != "id"}
        if table is t.details:
            values["source_touch_id"] = _touch_id(conn, account, row.get("source_touch"))
        match = and_(table.c.person_id == person_id, *(table.c[k] == values.get(k) for k in key))
        if conn.execute(select(table.c.id).where(match).limit(1)).first():
            continue
        conn.execute(table.insert().values(account_id=account, person_id=person_id, **values))
        added += 1
    return added


def _touch_id(conn: Connection, account: int, source_id: str | None) -> int | None:
    if not source_id:
        return None
    c = t.touches.c
    query = select(c.id).where(c.account_id == account, c.source_id == source_id)
    found = conn.execute(query).scalar()
    return int(found) if found is not None else None


def _restore_row(
    conn: Connection, account: int, key: str, row: dict[str, Any], mapping: dict[int, int]
) -> int:
    table = RESTORED_ROWS[key]
    values = {k: _typed(k, v) for k, v in row.items() if k in table.c and k not in ("id",)}
    values.pop("account_id", None)
    if key == "merge_suggestions":
        return _restore_suggestion(conn, account, values, mapping)
    if key == "agenda_states":
        remapped = _remapped_state(values, mapping)
        if remapped is None:
            return 0
        values = remapped
        match: Any = table.c.item_id == values["item_id"]
    elif key == "stories":
        match = table.c.text == values["text"]
    else:
        match = and_(table.c.kind == values["kind"], table.c.value == values["value"])
    if conn.execute(select(table.c.id).where(table.c.account_id == account, match)).first():
        return 0
    conn.execute(table.insert().values(account_id=account, **values))
    return 1


def _restore_suggestion(
    conn: Connection, account: int, values: dict[str, Any], mapping: dict[int, int]
) -> int:
    """A suggestion the user decided stays decided: a rejected pair is not offered again."""
    a, b = mapping.get(int(values["person_a"])), mapping.get(int(values["person_b"]))
    if a is None or b is None or a == b:
        return 0
    s = t.merge_suggestions.c
    values.update(person_a=min(a, b), person_b=max(a, b))
    pair = and_(s.account_id == account, s.person_a == min(a, b), s.person_b == max(a, b))
    found = conn.execute(select(s.id, s.status).where(pair)).first()
    if found is None:
        conn.execute(t.merge_suggestions.insert().values(account_id=account, **values))
        return 1
    if found.status == values["status"]:
        return 0
    conn.execute(
        update(t.merge_suggestions).where(s.id == found.id).values(status=values["status"])
    )
    return 1


def _remapped_state(values: dict[str, Any], mapping: dict[int, int]) -> dict[str, Any] | None:
    """An agenda item's id names its person (`action:PERSON:date`): name the one here."""
    old = values.get("person_id")
    new = mapping.get(int(old)) if old is not None else None
    if old is not None and new is None:
        return None
    action, _, rest = str(values["item_id"]).partition(":")
    _, _, day = rest.partition(":")
    if new is not None:
        values["person_id"] = new
        values["item_id"] = f"{action}:{new}:{day}"
    return values


def _typed(key: str, value: Any) -> Any:
    if key in MOMENTS:
        return kith_json.moment(value)
    if key in ("due", "until") and value:
        return date.fromisoformat(value)
    return value
