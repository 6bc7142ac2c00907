"""Invariants of the agenda, with hypothesis: deterministic, monotone in new touches,
and safe however far in the future `now` is."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.engine import agenda
from kith.models import (
    ActionItemView,
    ImportantDate,
    PersonState,
    Snapshot,
    TopicView,
    TouchView,
)

NOW = datetime(2026, 5, 6, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("UTC")
CHANNELS = ["dm", "email", "call", "video", "meeting", "comment"]
PURPOSES = [None, None, "explore", "brainstorm", "converge"]


def summarise(pid: int, touches: list[TouchView], **fields: object) -> PersonState:
    """A PersonState whose summary agrees with its touches, as the store computes it."""
    touches = sorted(touches, key=lambda t: (t.at, t.id))
    real = [t for t in touches if t.status == "held"]
    direct = [t for t in real if t.channel in ("dm", "email")]
    sync = [t for t in real if t.channel in ("call", "video", "meeting")]
    trailing = 0
    for t in reversed(direct):
        if t.direction == "in":
            break
        trailing += 1
    planned = [t.at for t in touches if t.status == "planned"]
    base = PersonState(
        id=pid,
        name=f"Person {pid:03d}",
        first_touch_at=real[0].at if real else None,
        last_touch_at=real[-1].at if real else None,
        touch_count=len(real),
        direct_in=sum(t.direction == "in" for t in direct),
        direct_out=sum(t.direction == "out" for t in direct),
        sync_count=len(sync),
        last_sync_at=sync[-1].at if sync else None,
        next_planned_at=max(planned) if planned else None,
        last_direct_at=direct[-1].at if direct else None,
        last_direct_direction=direct[-1].direction if direct else None,
        last_direct_channel=direct[-1].channel if direct else None,
        trailing_outs=trailing,
        recent=tuple(touches[-8:]),
        strength=0.3 if real else None,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@st.composite
def people(draw: st.DrawFn) -> list[PersonState]:
    out = []
    for pid in range(1, draw(st.integers(1, 6)) + 1):
        touches = []
        for n in range(draw(st.integers(0, 6))):
            planned = draw(st.booleans()) and n % 3 == 0
            days = draw(st.floats(-10 if planned else 0.01, 200))
            touches.append(
                TouchView(
                    pid * 100 + n,
                    pid,
                    draw(st.sampled_from(CHANNELS)),
                    draw(st.sampled_from(["in", "out"])),
                    NOW - timedelta(days=days),
                    draw(st.sampled_from([None, "pricing", "looking for a designer"])),
                    status="planned" if planned else "held",
                    purpose=draw(st.sampled_from(PURPOSES)),
                )
            )
        actions = tuple(
            ActionItemView(
                pid * 10 + k,
                "do it",
                draw(st.sampled_from(["me", "them"])),
                (NOW - timedelta(days=draw(st.integers(-20, 20)))).date(),
                NOW,
            )
            for k in range(draw(st.integers(0, 2)))
        )
        out.append(
            summarise(
                pid,
                touches,
                goal=draw(st.sampled_from(["connect", "collaborate"])),
                cadence_days=draw(st.sampled_from([None, 7, 30, 91])),
                actions=actions,
                topics=(
                    TopicView(draw(st.sampled_from(["design", "looking for a designer"])), NOW),
                ),
                dates=(ImportantDate("birthday", 5, draw(st.integers(1, 28))),),
            )
        )
    return out


@given(people(), st.integers(0, 1000))
def test_the_agenda_is_deterministic(group: list[PersonState], seed: int) -> None:
    first = agenda(Snapshot(now=NOW, tz=TZ, people=tuple(group)))
    shuffled = list(group)
    random.Random(seed).shuffle(shuffled)
    again = agenda(Snapshot(now=NOW, tz=TZ, people=tuple(shuffled)))
    assert first == again
    assert first == sorted(first, key=lambda i: (-i.score, i.due, i.person_name.casefold(), i.id))


def _overdue(group: list[PersonState], pid: int) -> date | None:
    items = agenda(Snapshot(now=NOW, tz=TZ, people=tuple(group)))
    dues = [i.due for i in items if i.person_id == pid and i.action == "reconnect"]
    return dues[0] if dues else None


@given(people(), st.floats(0.01, 100), st.sampled_from(CHANNELS), st.sampled_from(["in", "out"]))
def test_a_new_touch_never_makes_a_person_more_overdue(
    group: list[PersonState], days_ago: float, channel: str, direction: str
) -> None:
    person = group[0]
    before = _overdue(group, person.id)
    touch = TouchView(99_999, person.id, channel, direction, NOW - timedelta(days=days_ago), "hi")
    touches = [*person.recent, touch]
    fields = {k: getattr(person, k) for k in ("goal", "cadence_days", "actions", "topics", "dates")}
    after = _overdue([summarise(person.id, touches, **fields), *group[1:]], person.id)
    if before is not None:
        assert after is None or after >= before
    elif person.last_touch_at is not None:  # a first touch ever may start a cadence
        assert after is None


runner = CliRunner()


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=date(2026, 5, 7), max_value=date(9000, 12, 31)))
def test_as_of_far_in_the_future_never_crashes(tmp_path: Path, day: date) -> None:
    db = tmp_path / "world.db"
    if not db.exists():
        card = tmp_path / "p.vcf"
        card.write_text(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nEMAIL:ana@example.com\nBDAY:1990-02-29\n"
            "END:VCARD\n",
            encoding="utf-8",
        )
        for args in (
            ["import", "vcard", str(card)],
            ["log", "Ana", "--channel", "call", "--at", "2026-05-01T10:00"],
            ["log", "Ana", "--channel", "email", "--at", "2026-05-02T10:00"],
            [
                "log",
                "Ana",
                "--channel",
                "video",
                "--at",
                "2026-05-09T10:00",
                "--planned",
                "--purpose",
                "converge",
            ],
            ["action", "add", "Ana", "Send it", "--owner", "me", "--due", "2026-05-10"],
            ["topic", "Ana", "add", "looking for a designer"],
            ["cadence", "Ana", "monthly"],
        ):
            assert runner.invoke(app, ["--db", str(db), *args]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "today", "--as-of", day.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    brief = runner.invoke(app, ["--db", str(db), "brief", "Ana", "--as-of", day.isoformat()])
    assert brief.exit_code == 0, brief.output
