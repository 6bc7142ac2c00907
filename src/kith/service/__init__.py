"""The use cases the interfaces call. Plain data in, plain data out.

Each function opens nothing itself: it takes a `Store`, so the CLI, the web app
and the tests share one path. Dates the user types are parsed here, in the user's
zone; everything stored is UTC.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from kith import config, engine, importers  # noqa: F401  (service.importers, for the web)
from kith.errors import DatabaseNotEmpty, InvalidValue, ItemNotFound, PersonNotFound
from kith.models import CHANNELS, GOALS, PURPOSES, STAGES, AgendaItem
from kith.service.identity import set_me  # noqa: F401  (re-exported)
from kith.service.imports import import_path  # noqa: F401  (re-exported)
from kith.store import Store

CADENCES = {"weekly": 7, "monthly": 30, "quarterly": 91, "half-yearly": 182, "yearly": 365}


def open_store(db: str | Path | None = None) -> Store:
    return Store.open(config.database_url(db))


# -- time ---------------------------------------------------------------------------
def parse_date(value: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidValue(f"{what} {value!r} is not a date — use YYYY-MM-DD") from exc


def parse_moment(value: str, tz: tzinfo) -> datetime:
    """A date or date-time the user typed, in their zone, as aware UTC."""
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidValue(
            f"time {value!r} is not understood — use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def end_of_day(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC)


def now_for(as_of: str | None, tz: tzinfo) -> datetime:
    """`--as-of DATE` is the end of that day in the user's zone; otherwise the clock."""
    if as_of:
        return end_of_day(parse_date(as_of, "as-of date"), tz)
    return datetime.now(UTC)


# -- import -------------------------------------------------------------------------
# `import_path` lives in `kith.service.imports`, re-exported here (see the imports above).


# -- me -----------------------------------------------------------------------------
# `set_me` lives in `kith.service.identity`, re-exported here (see the imports above).


# -- agenda -------------------------------------------------------------------------
def today(store: Store, as_of: str | None = None, limit: int | None = None) -> dict[str, Any]:
    tz = config.local_zone()
    now = now_for(as_of, tz)
    snapshot = store.snapshot(now, tz)
    from kith.service.journey import keep_stages  # inferred stage changes are kept

    keep_stages(store, snapshot.people, now)
    items = engine.agenda(snapshot)
    shown = items[:limit] if limit else items
    return {
        "as_of": now.astimezone(tz).date().isoformat(),
        "total": len(items),  # before --limit, so "12 of 40" can be said
        "items": [item_dict(i) for i in shown],
    }


def item_dict(item: AgendaItem) -> dict[str, Any]:
    return {
        "person": {"id": item.person_id, "name": item.person_name},
        "action": item.action,
        "channel": item.channel,
        "why": item.why,
        "evidence": [{"kind": e.kind, "at": _iso(e.at), "text": e.text} for e in item.evidence],
        "due": item.due.isoformat(),
        "score": item.score,
        "draft": item.draft,
        "id": item.id,
    }


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


_ITEM_ID = re.compile(r"^[a-z_]+:\d+:\d{4}-\d{2}-\d{2}$")


def act_on_item(
    store: Store, item_id: str, state: str, until: str | None = None, reason: str | None = None
) -> dict[str, Any]:
    if not _ITEM_ID.match(item_id):
        raise InvalidValue(
            f"{item_id!r} is not an agenda item id — copy one from `kith today --json`"
        )
    until_date = parse_date(until, "--until") if until else None
    if state == "snoozed" and until_date is None:
        raise InvalidValue("snooze needs --until YYYY-MM-DD")
    person_id = int(item_id.split(":")[1])
    try:
        store.person(person_id)
    except PersonNotFound:  # a typo'd or forgotten person: say so, not a foreign-key trace
        raise ItemNotFound(
            f"no agenda item {item_id!r}: person {person_id} does not exist — copy an id "
            "from `kith today --json`"
        ) from None
    store.set_agenda_state(item_id, state, datetime.now(UTC), until_date, reason)
    return {"id": item_id, "state": state, "until": until, "reason": reason}


# -- people -------------------------------------------------------------------------
def people(
    store: Store,
    query: str | None = None,
    limit: int = 50,
    as_of: str | None = None,
    *,
    include_bulk: bool = False,
) -> list[dict[str, Any]]:
    """People matching `query`, most recently in touch first, at the stage `show` says.

    Automated senders (newsletters, notifications, sponsored InMail) are left out
    unless `include_bulk`."""
    from kith.service.journey import with_stages_now

    now = now_for(as_of, config.local_zone())
    found = store.list_people(query, limit=limit, include_bulk=include_bulk)
    return with_stages_now(store, found, now)


def show(store: Store, query: str, as_of: str | None = None) -> dict[str, Any]:
    from kith.service.journey import current_state, strength_dict, yearly_dates

    person_id, _ = store.resolve_person(query)
    tz = config.local_zone()
    now = now_for(as_of, tz)
    state = current_state(store, person_id, now)  # keeps an inferred stage change
    person = store.person(person_id)
    person["stage"] = state.stage
    person["strength"] = strength_dict(state, now, tz)  # as of `now`, as the brief says
    # The stored value is the strength at their last touch, before decay: named so.
    person["summary"]["strength_at_last_touch"] = person["summary"].pop("strength", None)
    person["dates"] = yearly_dates(state, now, tz)  # `notes` come whole with the person
    person["touches"] = store.touches(person_id, limit=20)
    person["details"] = store.details(person_id)
    person["action_items"] = store.actions(person_id)
    return person


def log(
    store: Store,
    query: str,
    channel: str,
    at: str | None,
    planned: bool,
    purpose: str | None,
    direction: str,
    note: str | None,
) -> dict[str, Any]:
    if channel not in CHANNELS:
        raise InvalidValue(f"unknown channel {channel!r} — use one of: {', '.join(CHANNELS)}")
    if purpose is not None and purpose not in PURPOSES:
        raise InvalidValue(f"unknown purpose {purpose!r} — use one of: {', '.join(PURPOSES)}")
    if direction not in ("in", "out"):
        raise InvalidValue("--direction is `in` or `out`")
    tz = config.local_zone()
    moment = parse_moment(at, tz) if at else datetime.now(UTC)
    person_id, name = store.resolve_person(query)
    touch_id = store.log_touch(
        person_id,
        channel=channel,
        at=moment,
        direction=direction,
        status="planned" if planned else "held",
        purpose=purpose,
        text_=note,
    )
    if note:
        from kith.service import detail_memory  # the module imports this package

        detail_memory.extract_pending(store, person_id, after_touch_id=touch_id - 1)
    return {
        "id": touch_id,
        "person": {"id": person_id, "name": name},
        "channel": channel,
        "at": _iso(moment),
        "status": "planned" if planned else "held",
        "purpose": purpose,
    }


def remember(store: Store, query: str, text: str) -> dict[str, Any]:
    if not text.strip():
        raise InvalidValue("nothing to remember — give the detail as text")
    person_id, name = store.resolve_person(query)
    detail_id = store.add_detail(person_id, text.strip(), datetime.now(UTC))
    return {"id": detail_id, "person": {"id": person_id, "name": name}, "text": text.strip()}


def details(store: Store, query: str) -> dict[str, Any]:
    person_id, name = store.resolve_person(query)
    return {"person": {"id": person_id, "name": name}, "details": store.details(person_id)}


def set_goal(store: Store, query: str, goal: str) -> dict[str, Any]:
    if goal not in GOALS:
        raise InvalidValue(f"goal is one of: {', '.join(GOALS)}")
    person_id, name = store.resolve_person(query)
    store.set_person_fields(person_id, goal=goal)
    return {"person": {"id": person_id, "name": name}, "goal": goal}


def set_stage(store: Store, query: str, stage: str, at: str | None) -> dict[str, Any]:
    if stage not in STAGES:
        raise InvalidValue(f"stage is one of: {', '.join(STAGES)}")
    tz = config.local_zone()
    moment = parse_moment(at, tz) if at else datetime.now(UTC)
    person_id, name = store.resolve_person(query)
    store.set_stage(person_id, stage, moment, cause="set by you")
    return {"person": {"id": person_id, "name": name}, "stage": stage, "at": _iso(moment)}


def parse_cadence(value: str) -> int | None:
    value = value.strip().lower()
    if value == "none":
        return None
    if value in CADENCES:
        return CADENCES[value]
    match = re.fullmatch(r"(\d{1,4})d", value)
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    raise InvalidValue(f"cadence {value!r} — use {'|'.join(CADENCES)}|Nd|none (e.g. 45d)")


def set_cadence(store: Store, query: str, cadence: str) -> dict[str, Any]:
    days = parse_cadence(cadence)
    person_id, name = store.resolve_person(query)
    store.set_person_fields(person_id, cadence_days=days)
    return {"person": {"id": person_id, "name": name}, "cadence_days": days}


def add_tag(store: Store, query: str, tag: str) -> dict[str, Any]:
    tag = tag.strip().lower()
    if not tag:
        raise InvalidValue("the tag is empty")
    person_id, name = store.resolve_person(query)
    added = store.add_tag(person_id, tag)
    return {"person": {"id": person_id, "name": name}, "tag": tag, "added": added}


def add_topic(store: Store, query: str, topic: str) -> dict[str, Any]:
    topic = " ".join(topic.split())
    if not topic:
        raise InvalidValue("the topic is empty")
    person_id, name = store.resolve_person(query)
    added = store.add_topic(person_id, topic, datetime.now(UTC))
    return {"person": {"id": person_id, "name": name}, "topic": topic, "added": added}


def add_action(store: Store, query: str, text: str, owner: str, due: str | None) -> dict[str, Any]:
    if owner not in ("me", "them"):
        raise InvalidValue("--owner is `me` or `them`")
    if not text.strip():
        raise InvalidValue("the action item needs a text")
    due_date = parse_date(due, "--due") if due else None
    person_id, _ = store.resolve_person(query)
    action_id = store.add_action(person_id, text.strip(), owner, due_date, datetime.now(UTC))
    return store.actions(action_id=action_id)[0]


def finish_action(store: Store, action_id: int) -> dict[str, Any]:
    return store.finish_action(action_id, datetime.now(UTC))


def list_actions(store: Store, query: str | None = None) -> list[dict[str, Any]]:
    person_id = store.resolve_person(query)[0] if query else None
    return store.actions(person_id)


def search(store: Store, query: str, limit: int = 50) -> list[dict[str, Any]]:
    if not query.strip():
        raise InvalidValue("give something to search for")
    return store.search(query, limit=limit)


def stats(store: Store) -> dict[str, Any]:
    return store.stats()


def as_plain(value: Any) -> Any:
    """Dataclasses to dicts, for interfaces that render JSON."""
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


# -- demo ---------------------------------------------------------------------------
def run_demo(db: str | Path | None, as_of: str | None, limit: int | None = 12) -> dict[str, Any]:
    """Write the demo exports, import them through the real importers, log the
    conversations a user would log by hand, and return today's agenda."""
    from kith import demo

    tz = config.local_zone()
    end = parse_date(as_of, "as-of date") if as_of else datetime.now(tz).date()
    explicit = db
    target = Path(explicit) if explicit else config.user_dir() / "demo" / "kith-demo.db"
    if not explicit:  # Kith's own demo folder: made here, the user named no path
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    store = open_store(target)
    try:
        if not store.is_empty():
            raise DatabaseNotEmpty(
                f"{target} already holds people — the demo only fills an empty database; "
                "omit --db to use a separate demo database"
            )
        plan = demo.write_demo(config.user_dir() / "demo" / "exports", end)
        reports = [
            import_path(store, plan.linkedin_dir).as_dict(),
            import_path(store, plan.engagement_csv).as_dict(),
        ]
        logged = _apply_plan(store, plan)
        agenda = today(store, end.isoformat(), limit)
    finally:
        store.close()
    example = agenda["items"][0]["person"]["name"] if agenda["items"] else plan.me_name
    return {
        "folder": str(plan.folder),
        "database": str(target),
        "imports": reports,
        "logged": logged,
        "today": agenda,
        "example_person": example,
    }


def _apply_plan(store: Store, plan: Any) -> int:
    """What a user keeps by hand: calls and meetings, goals, cadences, tags, details, actions."""
    set_me(store, plan.me_name, [], [], [])
    for log_entry in plan.logs:
        person_id, _ = store.resolve_person(log_entry.person)
        store.log_touch(
            person_id,
            channel=log_entry.channel,
            at=log_entry.at,
            direction=log_entry.direction,
            status=log_entry.status,
            purpose=log_entry.purpose,
            text_=log_entry.note,
        )
    for name, goal in plan.goals.items():
        set_goal(store, name, goal)
    for name, cadence in plan.cadences.items():
        set_cadence(store, name, cadence)
    for name, tag in plan.tags:
        add_tag(store, name, tag)
    for name, text in plan.details:
        remember(store, name, text)
    for name, text, owner, due in plan.actions:
        add_action(store, name, text, owner, due.isoformat())
    from kith.service import sharing

    for name, topic in getattr(plan, "topics", ()):
        add_topic(store, name, topic)
    for at, url, title, summary in getattr(plan, "news", ()):
        sharing.add_news(store, url, title, summary, at.isoformat())
    for name, kind, day in getattr(plan, "dates", ()):
        sharing.add_date(store, name, kind, day)
    return len(plan.logs)
