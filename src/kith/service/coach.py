"""The coach as a use case: a draft, optionally a person and a channel, in; feedback out.

With a person it reads what the store knows (recent touches, accepted details,
topics, reply times, tags, strength) into a `CoachContext` the pure engine uses.
The web app calls `coach` with the same arguments as the CLI.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kith import config
from kith.engine.coach import CoachContext
from kith.engine.coach import coach as coach_draft
from kith.errors import InvalidValue
from kith.models import CHANNELS
from kith.service.journey import strength_as_of
from kith.store import Store, details_store


def coach(
    store: Store | None,
    text: str,
    to: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Feedback on a draft: `questions`, `flags`, `criteria` and, with `to`, context."""
    if not text or not text.strip():
        raise InvalidValue("nothing to coach — give the draft as TEXT, or `-` to read stdin")
    if channel is not None and channel not in CHANNELS:
        raise InvalidValue(f"unknown channel {channel!r} — use one of: {', '.join(CHANNELS)}")
    context = None
    if to is not None:
        if store is None:
            raise InvalidValue("--to needs a database")
        context = coach_context(store, to, now or datetime.now(UTC))
        if channel is None:
            written = [
                t
                for t in context.touches
                if t.text and t.channel in ("dm", "email", "chat", "letter")
            ]
            channel = written[-1].channel if written else None
    return coach_draft(text, context, channel)


def coach_context(store: Store, query: str, now: datetime) -> CoachContext:
    person_id, name = store.resolve_person(query)
    inputs = details_store.coach_inputs(store, person_id)
    accepted = details_store.list_details(store, person_id, "accepted")
    return CoachContext(
        person_id=person_id,
        name=name,
        now=now,
        tz=config.local_zone(),
        touches=tuple(inputs["touches"]),
        details=tuple(details_store.accepted_views(store, person_id)),
        detail_sources={d["id"]: d["source"] for d in accepted},
        topics=tuple(inputs["topics"]),
        median_reply_s=inputs["median_reply_s"],
        tags=tuple(inputs["tags"]),
        strength=strength_as_of(store, person_id, now),  # decayed to `now`, as the brief's
        me_name=store.me().get("name") or "",
    )
