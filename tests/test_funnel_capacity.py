"""`kith funnel` and `kith capacity`: the scaling questions, on the demo's year and on
small hand-made cases for the pure rules.

The CLI's numbers are checked against the demo database read directly with sqlite3
(another way to the same answer), not against numbers copied from a run.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.engine import insights as rules
from kith.models import LAYER_CADENCE_DAYS

END = "2026-05-01"
NOW = datetime(2026, 5, 1, 23, 59, 59, tzinfo=UTC)
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def demo_db(
    demo_run: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The run's demo (conftest), copied for this module."""
    db = tmp_path_factory.mktemp("demo") / "d.db"
    shutil.copy(demo_run[0], db)
    return db


def run_json(db: Path, *args: str) -> dict[str, Any]:
    result = invoke("--db", str(db), *args, "--as-of", END, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# -- the funnel on the demo ------------------------------------------------------------
def expected_funnel(db: Path, since: datetime) -> tuple[int, int, int]:
    """Engaged in the window, then wrote both ways, then talked — straight from the tables."""
    conn = sqlite3.connect(db)
    first = {
        pid: moment(at)
        for pid, at in conn.execute(
            "SELECT person_id, MIN(at) FROM engagements WHERE at <= ? GROUP BY person_id",
            (NOW.strftime("%Y-%m-%d %H:%M:%S"),),
        )
    }
    cohort = {pid: at for pid, at in first.items() if since <= at <= NOW}
    messaged = talked = 0
    for pid, engaged in cohort.items():
        rows = conn.execute(
            "SELECT at, channel, direction FROM touches WHERE person_id = ? AND status = 'held' "
            "AND is_group = 0 AND is_bulk = 0 ORDER BY at",
            (pid,),
        ).fetchall()
        rows = [(moment(at), ch, d) for at, ch, d in rows if engaged <= moment(at) <= NOW]
        written = [(at, d) for at, ch, d in rows if ch in ("dm", "email", "chat", "letter")]
        ins = [at for at, d in written if d == "in"]
        outs = [at for at, d in written if d == "out"]
        if not ins or not outs:
            continue
        messaged += 1
        both = max(ins[0], outs[0])
        if any(ch in ("call", "video", "meeting") and at >= both for at, ch, _ in rows):
            talked += 1
    return len(cohort), messaged, talked


def test_funnel_counts_match_the_data(demo_db: Path) -> None:
    data = run_json(demo_db, "funnel")
    since = NOW - timedelta(days=365)  # the default window, a year
    assert data["since"] == since.date().isoformat()
    engaged, messaged, talked = expected_funnel(demo_db, since)
    steps = {s["step"]: s for s in data["steps"]}
    assert [s["step"] for s in data["steps"]] == ["engaged", "messaged", "talked"]
    assert (steps["engaged"]["people"], steps["messaged"]["people"]) == (engaged, messaged)
    assert steps["talked"]["people"] == talked
    assert engaged > messaged > talked > 0  # the demo has people at every step
    assert steps["messaged"]["rate"] == round(messaged / engaged, 3)
    assert steps["talked"]["rate"] == round(talked / messaged, 3)
    assert data["overall_rate"] == round(talked / engaged, 3)
    assert data["waiting"]["people"] == messaged - talked
    kinds = data["by_engagement"]
    assert kinds["commented"]["engaged"] + kinds["reacted_only"]["engaged"] == engaged
    assert kinds["commented"]["talked"] + kinds["reacted_only"]["talked"] == talked


def test_funnel_posts_and_window(demo_db: Path) -> None:
    data = run_json(demo_db, "funnel", "--since", "2026-01-01")
    assert data["since"] == "2026-01-01"
    conn = sqlite3.connect(demo_db)
    posts = conn.execute(
        "SELECT COUNT(*) FROM content WHERE posted_at >= '2026-01-01' AND posted_at <= ?",
        (NOW.strftime("%Y-%m-%d %H:%M:%S"),),
    ).fetchone()[0]
    assert data["posts"] == posts
    engaged, _, _ = expected_funnel(demo_db, datetime(2026, 1, 1, tzinfo=UTC))
    assert data["steps"][0]["people"] == engaged
    year = run_json(demo_db, "funnel")
    assert year["steps"][0]["people"] >= engaged  # a longer window holds at least as many


def test_funnel_human_output_and_errors(demo_db: Path) -> None:
    result = invoke("--db", str(demo_db), "funnel", "--as-of", END)
    assert result.exit_code == 0, result.output
    assert "From your content to conversations" in result.stdout
    assert "went from your content to a conversation" in result.stdout
    bad = invoke("--db", str(demo_db), "funnel", "--as-of", END, "--since", "2027-01-01")
    assert bad.exit_code != 0 and bad.stderr.startswith("Error: ")
    bad_date = invoke("--db", str(demo_db), "funnel", "--since", "last year")
    assert bad_date.exit_code != 0 and "YYYY-MM-DD" in bad_date.stderr


# -- capacity on the demo --------------------------------------------------------------
def expected_spent_hours(db: Path, weeks: int) -> float:
    """Minutes per touch in the window by the documented defaults, shared in groups."""
    conn = sqlite3.connect(db)
    start = (NOW - timedelta(weeks=weeks)).strftime("%Y-%m-%d %H:%M:%S")
    rows = conn.execute(
        "SELECT t.channel, t.direction, t.duration_s, COALESCE(th.participants, 2) "
        "FROM touches t LEFT JOIN threads th ON th.id = t.thread_id "
        "WHERE t.status = 'held' AND t.is_bulk = 0 AND t.at > ? AND t.at <= ?",
        (start, NOW.strftime("%Y-%m-%d %H:%M:%S")),
    ).fetchall()
    minutes = 0.0
    for channel, direction, duration, participants in rows:
        each = duration / 60 if duration else rules.default_minutes(channel, direction)
        minutes += each / max(1, participants - 1)
    return minutes / weeks / 60


def test_capacity_matches_the_data(demo_db: Path) -> None:
    data = run_json(demo_db, "capacity")
    assert data["spent_hours_per_week"] == pytest.approx(
        expected_spent_hours(demo_db, 12), abs=0.01
    )
    assert data["window_days"] == 84 and data["budget_hours_per_week"] == rules.DEFAULT_BUDGET_HOURS
    conn = sqlite3.connect(demo_db)
    by_layer = dict(conn.execute("SELECT layer, COUNT(*) FROM people GROUP BY layer").fetchall())
    assert {row["layer"]: row["people"] for row in data["layers"]} == {
        layer: by_layer.get(layer, 0) for layer in LAYER_CADENCE_DAYS
    }
    people = conn.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    assert sum(row["people"] for row in data["stages"]) == people
    upkeep = sum(row["upkeep_hours_per_week"] for row in data["layers"])
    assert upkeep <= data["upkeep_hours_per_week"] + 0.05  # user cadences beyond the layers too
    assert data["fits"] is (data["upkeep_hours_per_week"] <= data["budget_hours_per_week"])
    assert data["active_relationships"] > 0


def test_capacity_budget_decides_whether_it_fits(demo_db: Path) -> None:
    upkeep = run_json(demo_db, "capacity")["upkeep_hours_per_week"]
    tight = run_json(demo_db, "capacity", "--hours-per-week", str(upkeep / 2))
    roomy = run_json(demo_db, "capacity", "--hours-per-week", str(upkeep + 2))
    assert tight["fits"] is False and tight["budget_from"] == "set"
    assert roomy["fits"] is True and roomy["room"]["spare_hours_per_week"] == pytest.approx(2, 0.01)
    session = roomy["room"]["session_minutes"]
    assert roomy["room"]["conversations_per_week"] == int(
        roomy["room"]["spare_hours_per_week"] * 60 // session
    )
    human = invoke("--db", str(demo_db), "capacity", "--as-of", END, "--hours-per-week", "0.1")
    assert human.exit_code == 0 and "does not fit" in human.stdout
    bad = invoke("--db", str(demo_db), "capacity", "--hours-per-week", "0")
    assert bad.exit_code != 0 and bad.stderr.startswith("Error: ")


def test_capacity_counts_a_timed_call_by_its_duration(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    for args in (
        ("import", "engagement", str(write_engagement(tmp_path))),
        ("log", "Gaurav Mehta", "--channel", "call", "--at", "2026-04-28T10:00"),
    ):
        result = invoke("--db", str(db), *args)
        assert result.exit_code == 0, result.output
    one_call = run_json(db, "capacity", "--weeks", "1")
    assert one_call["spent_hours_per_week"] == pytest.approx(
        (30 + 1) / 60, abs=0.01
    )  # the default call plus reading one comment
    conn = sqlite3.connect(db)
    conn.execute("UPDATE touches SET duration_s = 5400 WHERE channel = 'call'")
    conn.commit()
    timed = run_json(db, "capacity", "--weeks", "1")
    assert timed["spent_hours_per_week"] == pytest.approx((90 + 1) / 60, abs=0.01)
    assert timed["measured_share"] == pytest.approx(90 / 91, abs=0.001)


def write_engagement(folder: Path) -> Path:
    path = folder / "engagement.csv"
    path.write_text(
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2026-04-27,linkedin,https://www.linkedin.com/feed/update/urn:li:activity:1,"
        "Gaurav Mehta,https://www.linkedin.com/in/gaurav-mehta,comment,Listening matters\n",
        encoding="utf-8",
    )
    return path


# -- the pure rules --------------------------------------------------------------------
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def path(*touches: tuple[float, str, str]) -> rules.FunnelPath:
    return rules.funnel_path(
        1, "A", T0, False, [rules.FunnelTouch(day(n), ch, d) for n, ch, d in touches]
    )


def test_a_message_only_the_user_sent_is_not_an_exchange() -> None:
    assert path((1, "dm", "out"), (2, "dm", "out")).messaged_at is None
    assert path((1, "dm", "out"), (3, "email", "in")).messaged_at == day(3)


def test_a_call_counts_only_after_the_written_exchange() -> None:
    early = path((1, "call", "out"), (2, "dm", "in"), (3, "dm", "out"))
    assert early.messaged_at == day(3) and early.talked_at is None
    later = path((1, "dm", "in"), (2, "dm", "out"), (6, "video", "out"), (9, "meeting", "out"))
    assert later.talked_at == day(6)


def test_touches_before_the_first_engagement_do_not_count() -> None:
    assert path((-5, "dm", "in"), (-4, "dm", "out"), (-1, "call", "out")).messaged_at is None


def test_funnel_keeps_to_its_cohort_and_computes_rates() -> None:
    paths = [
        rules.FunnelPath(1, "A", day(1), True, day(3), day(5)),
        rules.FunnelPath(2, "B", day(2), False, day(12), None),
        rules.FunnelPath(3, "C", day(4), True),
        rules.FunnelPath(4, "D", day(-30), True, day(-20), day(-10)),  # before the window
    ]
    result = rules.funnel(paths, since=T0, now=day(20), posts=7)
    assert [s.people for s in result.steps] == [3, 2, 1]
    assert [s.rate for s in result.steps] == [None, 0.667, 0.5]
    assert result.steps[1].median_days == 6.0  # 2 and 10 days
    assert result.steps[2].median_days == 2.0
    assert result.overall_rate == 0.333 and result.median_days_to_talk == 4.0
    assert result.by_engagement["commented"] == {"engaged": 2, "messaged": 1, "talked": 1}
    assert [p.person_id for p in result.waiting] == [2]


def test_minutes_use_durations_defaults_and_group_shares() -> None:
    timed = rules.ChannelTime(1, "call", "out", count=2, timed=1, timed_seconds=3600)
    assert rules.minutes_of(timed) == (60 + 30, 60)
    group = rules.ChannelTime(1, "meeting", "out", count=1, share=0.25)
    assert rules.minutes_of(group) == (15, 0)
    assert rules.default_minutes("dm", "out") == 5 and rules.default_minutes("reaction", "in") == 0


def test_upkeep_follows_cadence_then_layer_and_closed_keeps_nothing() -> None:
    close = rules.Relationship(1, "A", "maintaining", 5, None)
    assert close.upkeep_minutes_per_week == rules.SESSION_MINUTES  # weekly, 30 minutes
    own = rules.Relationship(2, "B", "acting", 5, 14, sync_minutes=120, conversations=2)
    assert own.upkeep_minutes_per_week == 60 * 7 / 14
    closed = rules.Relationship(3, "C", "closed", 15, None)
    assert closed.upkeep_minutes_per_week == 0


def test_capacity_room_in_conversations_and_new_relationships() -> None:
    people = [
        rules.Relationship(
            1, "A", "maintaining", 5, None, minutes=60, sync_minutes=60, conversations=2
        )
    ]
    result = rules.capacity(people, {"maintaining": 1}, NOW, 7, budget_hours=2)
    assert result.spent_hours == 1 and result.upkeep_hours == 0.5 and result.fits
    assert result.room["spare_hours_per_week"] == 1.5
    assert result.room["conversations_per_week"] == 3  # 90 spare minutes of 30-minute talks
    maintaining = next(row for row in result.stages if row["stage"] == "maintaining")
    assert maintaining["minutes_per_relationship"] == 60  # a week's window
    assert maintaining["budget_holds"] == 2  # 120 minutes of budget, 60 each
    assert result.room["new_per_month"] == {
        "connect": int(90 * rules.WEEKS_PER_MONTH // 60),
        "collaborate": int(90 * rules.WEEKS_PER_MONTH // 120),
    }


# -- the web app's Insights page shares the service ------------------------------------
def test_insights_api_gives_the_same_funnel_and_capacity(demo_db: Path) -> None:
    from web_browser import make_client

    web = make_client(demo_db)  # as of the demo's last day, END
    data = web.get("/api/insights", params={"hours_per_week": 2.5}).json()
    assert data["funnel"] == run_json(demo_db, "funnel")
    assert data["capacity"] == run_json(demo_db, "capacity", "--hours-per-week", "2.5")
    page = web.get("/insights").text
    assert "From content to conversations" in page and "Capacity" in page
    assert web.get("/api/insights", params={"hours_per_week": 0}).status_code == 422
