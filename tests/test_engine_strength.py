"""Tie strength, decay, Dunbar layers with hysteresis, and the learned rhythm."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.engine import agenda
from kith.engine.strength import effective_cadence, openness, strength_now
from kith.models import Identity, ImportReport, PersonRef, PersonState, TouchRecord
from kith.store import Store
from kith.store.summary import _layer, rhythm, tie_strength

NOW = datetime(2026, 5, 6, 12, tzinfo=UTC)


def features(**kw: object) -> tuple[dict, dict]:
    s = {
        "touch_count": 10,
        "first_touch_at": NOW - timedelta(days=400),
        "last_touch_at": NOW,
        "sync_count": 0,
        "direct_in": 5,
        "direct_out": 5,
    }
    f = {"words_in": 300, "words_out": 300, "sync_seconds": 0, "active_days": 10}
    for key, value in kw.items():
        (s if key in s else f)[key] = value
    return s, f


def test_never_contacted_is_its_own_answer_not_zero() -> None:
    s, f = features(touch_count=0)
    assert tie_strength(s, f, 0, 0) is None
    assert strength_now(PersonState(1, "A"), NOW) is None
    assert openness(PersonState(1, "A"), NOW).startswith("light")


def test_each_dimension_raises_strength() -> None:
    base = tie_strength(*features(), 0, 0)
    assert base is not None and 0 < base < 1
    for more in (
        features(words_in=3000, words_out=3000),  # intensity
        features(sync_count=4, sync_seconds=4 * 3600),  # synchronous share
        features(first_touch_at=NOW - timedelta(days=1000)),  # duration
        features(active_days=80),  # frequency
    ):
        assert tie_strength(*more, 0, 0) > base  # type: ignore[operator]
    assert tie_strength(*features(direct_out=0), 0, 0) < base  # type: ignore[operator]
    assert tie_strength(*features(), 12, 0) > base  # type: ignore[operator]  # intimacy words
    assert tie_strength(*features(), 0, 1) > base  # type: ignore[operator]  # a repair


def test_silence_within_the_rhythm_is_not_decay_and_kin_fade_slower() -> None:
    p = PersonState(1, "A", strength=0.6, last_touch_at=NOW - timedelta(days=20))
    assert strength_now(p, NOW) == 0.6  # missing evidence, not weakness
    old = replace(p, last_touch_at=NOW - timedelta(days=2 * 365 + 30))
    friend, kin = strength_now(old, NOW), strength_now(replace(old, tags=("family",)), NOW)
    assert friend is not None and kin is not None
    assert friend < kin < 0.6
    assert abs(kin - 0.6 * 0.85**2) < 0.01  # about 15% a year


def test_rhythm_needs_a_pattern_and_ignores_bursts() -> None:
    start = date(2024, 5, 1)
    monthly = [start + timedelta(days=30 * k) for k in range(24)]
    assert rhythm(monthly) == 30.0
    burst = [start + timedelta(days=k) for k in range(6)]  # one thread over six days
    assert rhythm(burst) is None
    assert rhythm(monthly[:4]) is None


def test_layers_have_hysteresis() -> None:
    assert _layer(3, None, 0.5) == 5
    assert _layer(6, 5, 0.5) == 5  # fell just past the edge: keeps the layer
    assert _layer(8, 5, 0.5) == 15
    assert _layer(3, None, 0.2) == 50  # too weak a tie for the closest five
    assert _layer(None, 150, 0.0) is None


def test_layer_default_cadence_unless_the_user_set_one() -> None:
    p = PersonState(1, "A", layer=15)
    assert effective_cadence(p) == (30, "their place in your closest 15")
    assert effective_cadence(replace(p, cadence_days=91))[0] == 91
    assert effective_cadence(replace(p, stage="closed")) == (None, "")
    learned = replace(p, rhythm_days=30.0, active_days=24)
    assert effective_cadence(learned) == (45, "your usual rhythm with them")


def _monthly(store: Store, name: str, email: str, last: datetime, months: int) -> None:
    ref = PersonRef(name, (Identity("email", email),))
    records = []
    for k in range(months):
        at = last - timedelta(days=30 * k)
        for n, direction in enumerate(("out", "in")):
            records.append(
                TouchRecord(
                    "test",
                    f"{email}:{k}:{n}",
                    ref,
                    "email",
                    direction,  # type: ignore[arg-type]
                    at + timedelta(hours=n),
                    "How are things going with the team and the new role these days?",
                    thread_key=f"{email}:{k}",
                )
            )
    store.ingest(records, ImportReport("test"))


def test_talked_monthly_for_two_years_and_silent_fifty_days_is_overdue(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        _monthly(store, "Ana Ruiz", "ana@example.com", NOW - timedelta(days=50), 24)
        _monthly(store, "Bo Lindgren", "bo@example.com", NOW - timedelta(days=50), 2)
        snapshot = store.snapshot(NOW, ZoneInfo("UTC"))
        ana = next(p for p in snapshot.people if p.name == "Ana Ruiz")
        assert ana.layer in (5, 15) and ana.rhythm_days == 30.0
        items = [i for i in agenda(snapshot) if i.action == "reconnect"]
        assert [i.person_name for i in items] == ["Ana Ruiz"]
        assert "usual rhythm" in items[0].why
        early = store.snapshot(NOW - timedelta(days=20), ZoneInfo("UTC"))
        assert not [i for i in agenda(early) if i.action == "reconnect"]
    finally:
        store.close()
