"""Every agenda rule with a pinned `now`, positive and negative, on pure snapshots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kith.engine import agenda, infer_stage
from kith.models import AgendaState, EngagementView, PersonState, Snapshot, TouchView

NOW = datetime(2026, 5, 6, 12, 0, tzinfo=UTC)  # a Wednesday
TZ = ZoneInfo("UTC")


def touch(
    n: int, channel: str, direction: str, days_ago: float, text: str = "hello", **kw: object
) -> TouchView:
    return TouchView(n, 1, channel, direction, NOW - timedelta(days=days_ago), text, **kw)  # type: ignore[arg-type]


def person(*touches: TouchView, **fields: object) -> PersonState:
    """A PersonState whose summary agrees with its touches (as the store computes it)."""
    real = [t for t in touches if t.status == "held" and t.channel != "reaction"]
    direct = [t for t in real if t.channel in ("dm", "email", "chat", "letter") and not t.is_group]
    sync = [t for t in real if t.channel in ("call", "video", "meeting")]
    trailing = 0
    for t in reversed(direct):
        if t.direction == "in":
            break
        trailing += 1
    base = PersonState(
        id=1,
        name="Gaurav Mehta",
        first_touch_at=real[0].at if real else None,
        last_touch_at=real[-1].at if real else None,
        last_out_at=max((t.at for t in real if t.direction == "out"), default=None),
        last_in_at=max((t.at for t in real if t.direction == "in"), default=None),
        touch_count=len(real),
        direct_in=sum(t.direction == "in" for t in direct),
        direct_out=sum(t.direction == "out" for t in direct),
        sync_count=len(sync),
        last_sync_at=sync[-1].at if sync else None,
        last_direct_at=direct[-1].at if direct else None,
        last_direct_direction=direct[-1].direction if direct else None,
        last_direct_channel=direct[-1].channel if direct else None,
        trailing_outs=trailing,
        recent=tuple(touches),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def run(
    *people: PersonState, now: datetime = NOW, states: dict[str, AgendaState] | None = None
) -> list:
    return agenda(Snapshot(now=now, tz=TZ, people=tuple(people), states=states or {}))


def actions(*people: PersonState, **kw: object) -> list[str]:
    return [i.action for i in run(*people, **kw)]  # type: ignore[arg-type]


# -- reply ------------------------------------------------------------------------
def test_reply_when_they_wrote_last() -> None:
    items = run(
        person(touch(1, "dm", "out", 3), touch(2, "dm", "in", 1, "Can we talk about pricing?"))
    )
    assert [i.action for i in items] == ["reply"]
    assert items[0].evidence[-1].text == "Can we talk about pricing?"
    assert "5 May" in items[0].why and items[0].id == "reply:1:2026-05-05"


def test_a_reply_that_arrived_cancels_the_nudge() -> None:
    waiting = person(touch(1, "email", "in", 10), touch(2, "email", "out", 5))
    assert actions(waiting) == ["nudge"]
    answered = person(
        touch(1, "email", "in", 10), touch(2, "email", "out", 5), touch(3, "email", "in", 4)
    )
    assert "nudge" not in actions(answered)


def test_group_threads_owe_no_reply() -> None:
    group = person(
        touch(1, "chat", "out", 3, is_group=True), touch(2, "chat", "in", 1, is_group=True)
    )
    assert actions(group) == []


def test_bulk_senders_never_get_reply_nudge_or_follow_up() -> None:
    newsletter = person(touch(1, "email", "in", 1, "Weekly digest"), is_bulk=True)
    assert actions(newsletter) == []


def test_old_unanswered_message_is_not_a_reply() -> None:
    assert actions(person(touch(1, "dm", "in", 60))) == []


# -- nudge ------------------------------------------------------------------------
def test_no_nudge_before_one_business_day() -> None:
    assert actions(person(touch(1, "email", "in", 9), touch(2, "email", "out", 0.5))) == []


def test_nudge_waits_three_times_their_median_reply() -> None:
    slow = person(
        touch(1, "email", "in", 9), touch(2, "email", "out", 4), median_reply_s={"email": 2 * 86400}
    )  # wait = 6 days
    assert actions(slow) == []
    assert actions(slow, now=NOW + timedelta(days=2, hours=1)) == ["nudge"]


def test_weekend_does_not_count_as_a_business_day() -> None:
    friday_evening = datetime(2026, 5, 8, 17, 0, tzinfo=UTC)
    sent = person(
        touch(1, "email", "in", 9), replace(touch(2, "email", "out", 0), at=friday_evening)
    )
    assert actions(sent, now=datetime(2026, 5, 10, 20, 0, tzinfo=UTC)) == []  # Sunday
    assert actions(sent, now=datetime(2026, 5, 11, 17, 30, tzinfo=UTC)) == ["nudge"]


def test_second_nudge_waits_twice_and_then_close() -> None:
    once = person(touch(1, "dm", "in", 20), touch(2, "dm", "out", 6), touch(3, "dm", "out", 1.5))
    assert actions(once) == []  # second nudge needs twice the wait after the first
    assert actions(once, now=NOW + timedelta(days=1)) == ["nudge"]
    thrice = person(
        touch(1, "dm", "in", 20),
        touch(2, "dm", "out", 12),
        touch(3, "dm", "out", 8),
        touch(4, "dm", "out", 4),
    )
    assert actions(thrice) == ["close"]


# -- follow_up ----------------------------------------------------------------------
def test_follow_up_after_a_call_until_something_is_sent() -> None:
    after_call = person(
        touch(1, "dm", "out", 20), touch(2, "dm", "in", 19), touch(3, "call", "out", 1)
    )
    items = run(after_call)
    assert [i.action for i in items] == ["follow_up"] and items[0].evidence[0].kind == "call"
    sent = person(
        touch(1, "dm", "out", 20),
        touch(2, "dm", "in", 19),
        touch(3, "call", "out", 1),
        touch(4, "email", "out", 0.5),
    )
    assert "follow_up" not in actions(sent)


def test_follow_up_fades_and_ends() -> None:
    fresh = run(person(touch(1, "video", "out", 0.5)))[0]
    week = run(person(touch(1, "video", "out", 7)))[0]
    assert fresh.score > week.score
    assert actions(person(touch(1, "video", "out", 20))) == []


def test_group_meeting_needs_no_follow_up() -> None:
    assert actions(person(touch(1, "meeting", "out", 1, is_group=True))) == []


# -- reconnect ----------------------------------------------------------------------
def test_reconnect_when_cadence_overdue_and_a_logged_call_resets_it() -> None:
    overdue = person(touch(1, "email", "out", 40), touch(2, "email", "in", 39), cadence_days=30)
    assert actions(overdue) == ["reconnect"]
    called = person(
        touch(1, "email", "out", 40),
        touch(2, "email", "in", 39),
        touch(3, "call", "in", 20),
        touch(4, "email", "out", 19),
        cadence_days=30,
    )
    assert "reconnect" not in actions(called)


def test_no_cadence_no_reconnect() -> None:
    assert actions(person(touch(1, "email", "out", 400), touch(2, "email", "in", 399))) == []


# -- send_dm ------------------------------------------------------------------------
def comments(*days_ago: int) -> tuple[EngagementView, ...]:
    return tuple(
        EngagementView(
            1, "comment", NOW - timedelta(days=d), f"Great point number {n}", f"https://x/p/{n}"
        )
        for n, d in enumerate(days_ago)
    )


def test_send_dm_to_a_repeat_engager_quotes_what_they_wrote() -> None:
    items = run(person(engagements=comments(80, 30, 2)))
    assert [i.action for i in items] == ["send_dm"]
    assert "Great point number" in (items[0].draft or "")
    assert "3 of your posts" in items[0].why


def test_no_send_dm_for_two_posts_or_once_a_thread_exists() -> None:
    assert actions(person(engagements=comments(30, 2))) == []
    with_thread = person(
        touch(1, "dm", "out", 3), touch(2, "dm", "in", 2), engagements=comments(80, 30, 2)
    )
    assert "send_dm" not in actions(with_thread)


def test_reactions_do_not_make_a_repeat_engager() -> None:
    likes = tuple(
        EngagementView(1, "reaction", NOW - timedelta(days=d), None, f"https://x/{d}")
        for d in (3, 9, 20)
    )
    assert actions(person(engagements=likes)) == []


# -- propose_call -------------------------------------------------------------------
def live_thread(*extra: TouchView) -> PersonState:
    return person(
        touch(1, "dm", "in", 12),
        touch(2, "dm", "out", 11),
        touch(3, "dm", "in", 6),
        touch(4, "dm", "out", 5),
        *extra,
    )


def test_propose_call_on_a_live_thread_never_spoken() -> None:
    items = run(live_thread())
    assert [i.action for i in items] == ["propose_call"] and items[0].channel == "call"


def test_no_propose_call_once_you_have_spoken_or_booked() -> None:
    assert "propose_call" not in actions(live_thread(touch(5, "call", "out", 30)))
    booked = replace(live_thread(), next_planned_at=NOW + timedelta(days=3))
    assert "propose_call" not in actions(booked)


def test_no_propose_call_for_a_one_sided_thread() -> None:
    assert "propose_call" not in actions(
        person(
            touch(1, "dm", "in", 5),
            touch(2, "dm", "in", 4),
            touch(3, "dm", "in", 3),
            touch(4, "dm", "out", 2),
        )
    )


# -- states, ordering, stage ----------------------------------------------------------
def test_dismissed_item_stays_dismissed_and_snooze_expires() -> None:
    p = person(touch(1, "dm", "in", 1))
    item_id = run(p)[0].id
    assert run(p, states={item_id: AgendaState(item_id, "dismissed")}) == []
    assert run(p, states={item_id: AgendaState(item_id, "done")}) == []
    snoozed = {item_id: AgendaState(item_id, "snoozed", date(2026, 5, 8))}
    assert run(p, states=snoozed) == []
    assert [i.id for i in run(p, now=NOW + timedelta(days=2), states=snoozed)] == [item_id]


def test_one_item_per_person_sorted_by_score() -> None:
    a = person(touch(1, "call", "out", 0.2))
    b = replace(
        person(touch(1, "email", "in", 9), touch(2, "email", "out", 5)), id=2, name="Ana Ruiz"
    )
    items = run(b, a)
    assert [i.person_id for i in items] == [1, 2]
    assert items == sorted(items, key=lambda i: -i.score)
    assert all(0 <= i.score <= 1 for i in items)


def test_ids_are_stable_for_the_same_cause() -> None:
    p = person(touch(1, "dm", "in", 1))
    assert run(p)[0].id == run(p, now=NOW + timedelta(hours=5))[0].id


def test_infer_stage_from_evidence_and_respects_the_user() -> None:
    assert infer_stage(person()) == "new"
    assert infer_stage(person(touch(1, "comment", "in", 3))) == "engaged"
    assert infer_stage(person(touch(1, "call", "in", 3))) == "connected"
    assert infer_stage(person(touch(1, "call", "in", 3), stage="acting")) == "acting"


def test_follow_up_with_the_next_conversation_already_booked_confirms_it() -> None:
    booked = touch(9, "video", "out", -6, "Explore the pilot", status="planned", purpose="explore")
    items = run(person(touch(1, "call", "out", 1), booked))
    assert [i.action for i in items] == ["follow_up"]
    assert "confirm the video on 12 May" in items[0].why
    assert "12 May" in (items[0].draft or "") and " or " not in (items[0].draft or "")


def test_no_nudge_after_an_acknowledgement_that_asks_nothing() -> None:
    for closing in ("Saved!", "Thanks, will do 👍", "Great, see you then."):
        thanked = person(touch(1, "email", "in", 9), touch(2, "email", "out", 5, closing))
        assert actions(thanked) == [], closing
    for asking in ("Thanks! Could you send the deck?", "Hi Priya, here is the plan for March"):
        waiting = person(touch(1, "email", "in", 9), touch(2, "email", "out", 5, asking))
        assert actions(waiting) == ["nudge"], asking
