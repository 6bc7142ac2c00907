"""Who is waiting for whom: one definition for the agenda, the brief and the coach.

Only two kinds of touch take part. The one-to-one written exchange (dm, email,
chat, letter; not a group thread) asks for an answer and gives one. A conversation
held (call, video, meeting) answers whatever was written before it. A public
comment on the user's post, a reaction or a group message neither asks nor
answers: counting their comment as "their last message" would have the coach
owe a reply the agenda does not see, and counting the user's comment would call
the next message a chase.

The store keeps the same answer per person for the agenda's hot path
(`last_direct_*` and `trailing_outs` in the summary, `last_sync_at` for a
conversation since); these functions read it from a person's touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo

from kith.engine.timing import polite_wait_until
from kith.models import DIRECT_ASYNC_CHANNELS, SYNC_CHANNELS, TouchView

DEFAULT_CHANNEL = "email"  # whose reply times to wait for when no channel is known


def in_the_exchange(touch: TouchView) -> bool:
    """A held touch that asks for an answer or gives one (see the module's note)."""
    if touch.status != "held":
        return False
    return touch.channel in SYNC_CHANNELS or (
        touch.channel in DIRECT_ASYNC_CHANNELS and not touch.is_group
    )


def _exchange(touches: Iterable[TouchView]) -> list[TouchView]:
    """The exchange, oldest first; nothing when a conversation came after the last message
    (it settled who wrote last)."""
    exchange = [t for t in touches if in_the_exchange(t)]
    return [] if not exchange or exchange[-1].channel in SYNC_CHANNELS else exchange


def unanswered(touches: Iterable[TouchView]) -> list[TouchView]:
    """Their messages since the user last wrote or spoke with them (a reply is owed),
    oldest first."""
    tail: list[TouchView] = []
    for touch in reversed(_exchange(touches)):
        if touch.direction != "in" or touch.channel in SYNC_CHANNELS:
            break
        tail.append(touch)
    return tail[::-1]


def unanswered_outs(touches: Iterable[TouchView]) -> list[TouchView]:
    """The user's messages since they last wrote (the user waits for them), oldest first.

    Counted back to their last message across a conversation held between two of the
    user's messages, as the summary's `trailing_outs` is: the agenda's second nudge and
    `close`, and the coach's "written three times", count the same messages."""
    written = [t for t in _exchange(touches) if t.channel not in SYNC_CHANNELS]
    tail: list[TouchView] = []
    for touch in reversed(written):
        if touch.direction != "out":
            break
        tail.append(touch)
    return tail[::-1]


def polite_wait(
    last_sent: datetime,
    channel: str | None,
    sent: int,
    median_reply_s: Mapping[str, float],
    tz: tzinfo,
) -> datetime:
    """When writing again stops being pushy, after `sent` unanswered messages, the last
    at `last_sent` on `channel`: their usual reply time there, once per message sent."""
    median = median_reply_s.get(channel or DEFAULT_CHANNEL)
    return polite_wait_until(last_sent, median, tz, factor=max(1, sent))
