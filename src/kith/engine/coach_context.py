"""What the coach knows about the reader, and what it reads from your history with them.

Separate from the checks because it is the part that depends on a person (`--to`):
the context the service builds from the store, and the measures taken from it —
whether a reply is owed, how long their messages usually run, how much trust the
history shows — plus the `to` block the coach returns.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from kith.engine import waiting
from kith.engine.coach_text import words
from kith.engine.details_extract import recent_topics
from kith.models import DetailView, TopicView, TouchView

# Usual message lengths in words when a person's own history is too short to learn
# from (Kooti et al.: median email reply 43 words). Heuristics.
CHANNEL_WORDS = {"chat": 40, "dm": 60, "comment": 40, "email": 120, "letter": 250}
TRUSTED_TAGS = {"family", "friend", "close", "partner", "kin"}


@dataclass(frozen=True)
class CoachContext:
    """What the coach may know about the reader; built by the service from the store."""

    person_id: int
    name: str
    now: datetime
    tz: tzinfo
    touches: tuple[TouchView, ...] = ()  # newest last
    details: tuple[DetailView, ...] = ()  # accepted only
    detail_sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: tuple[TopicView, ...] = ()
    median_reply_s: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    strength: float | None = None
    me_name: str = ""  # the user's own name (`kith me`): never one of their topics


def last_incoming(ctx: CoachContext) -> TouchView | None:
    """Their last written message, if the user has not answered it yet (a reply is owed).

    The agenda's notion (`kith.engine.waiting`): a public comment is not it."""
    written = [t for t in waiting.unanswered(ctx.touches) if t.text]
    return written[-1] if written else None


def trailing_outs(ctx: CoachContext) -> list[TouchView]:
    """The user's messages since they last wrote or spoke, newest first (the agenda's notion)."""
    return waiting.unanswered_outs(ctx.touches)[::-1]


def polite_wait(ctx: CoachContext) -> datetime | None:
    """When writing again stops being pushy; None when the user is not waiting for them.

    The same wait the agenda gives its nudge: their reply time on the channel of the
    user's last message, once per unanswered message."""
    outs = trailing_outs(ctx)
    if not outs:
        return None
    return waiting.polite_wait(outs[0].at, outs[0].channel, len(outs), ctx.median_reply_s, ctx.tz)


def trust(ctx: CoachContext) -> str:
    """How much the history shows: `close`, `some` or `little` (Aron: disclosure escalates)."""
    held = [t for t in ctx.touches if t.status == "held" and t.channel != "reaction"]
    sync = [t for t in held if t.channel in ("call", "video", "meeting")]
    if TRUSTED_TAGS & {t.lower() for t in ctx.tags} or (ctx.strength or 0) >= 0.6 or len(sync) >= 4:
        return "close"
    if len(sync) >= 1 or len(held) >= 8:
        return "some"
    return "little"


def usual_words(ctx: CoachContext, channel: str | None) -> tuple[float, str]:
    """The median length of messages with this person (on this channel when known)."""
    texts = [t for t in ctx.touches if t.text and t.channel not in ("call", "video", "meeting")]
    on_channel = [t for t in texts if channel is None or t.channel == channel]
    sample = on_channel if len(on_channel) >= 3 else texts
    if len(sample) >= 3:
        return statistics.median(len(words(t.text or "")) for t in sample), "their conversation"
    return float(CHANNEL_WORDS.get(channel or "dm", 60)), f"a usual {channel or 'dm'}"


def context_dict(
    ctx: CoachContext, reply: dict[str, Any] | None, channel: str | None
) -> dict[str, Any]:
    last = last_incoming(ctx)
    wait = polite_wait(ctx)
    usual, basis = usual_words(ctx, channel)
    return {
        "person": {"id": ctx.person_id, "name": ctx.name},
        "details": [
            {
                "id": d.id,
                "text": d.text,
                "kind": d.kind,
                "at": _iso(d.at),
                "source": ctx.detail_sources.get(d.id),
            }
            for d in ctx.details
        ],
        "topics": [t.text for t in ctx.topics],
        # Words their recent messages keep returning to: topic candidates, not facts.
        "talks_about": recent_topics(
            [t.text for t in ctx.touches if t.direction == "in" and t.text][-20:],
            exclude=[ctx.name, ctx.me_name],
        ),
        "last_message": (
            {"at": _iso(last.at), "channel": last.channel, "text": last.text} if last else None
        ),
        "answers_last_message": reply,
        "polite_wait_until": _iso(wait) if wait else None,
        "trust": trust(ctx),
        "usual_words": round(usual),
        "usual_words_basis": basis,
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
