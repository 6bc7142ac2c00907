"""`kith demo`: a year of a professional's network, imported through the real
importers, must give an agenda with every kind of action — and nothing for the
group chat or the bulk senders."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith import importers
from kith.cli import app
from kith.demo import BULK_SENDERS, GROUP_MEMBERS, ME_NAME, REPEAT_ENGAGERS, write_demo

END = "2026-05-01"
KINDS = {"send_dm", "propose_call", "reply", "nudge", "follow_up", "reconnect", "close"}
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def demo_db(
    demo_run: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """The run's demo (conftest), copied for the read-only checks of this module."""
    db = tmp_path_factory.mktemp("demo") / "d.db"
    shutil.copy(demo_run[0], db)
    return db, demo_run[1]


def test_demo_agenda_has_every_kind_of_action(demo_db: tuple[Path, dict[str, Any]]) -> None:
    _, data = demo_db
    items = data["today"]["items"]
    assert data["today"]["as_of"] == END
    assert {item["action"] for item in items} >= KINDS
    for item in items:
        assert item["why"] and item["person"]["name"] != ME_NAME
    first_dms = {item["person"]["name"] for item in items if item["action"] == "send_dm"}
    assert first_dms == set(REPEAT_ENGAGERS)
    for item in items:
        if item["action"] == "send_dm":  # the draft quotes what they said
            assert any(e["kind"] == "comment" and e["text"] for e in item["evidence"])


def test_demo_agenda_ignores_group_chat_and_bulk_senders(
    demo_db: tuple[Path, dict[str, Any]],
) -> None:
    _, data = demo_db
    names = {item["person"]["name"] for item in data["today"]["items"]}
    assert names.isdisjoint(GROUP_MEMBERS)
    assert names.isdisjoint(BULK_SENDERS)


def test_demo_imports_through_the_real_importers(demo_db: tuple[Path, dict[str, Any]]) -> None:
    _, data = demo_db
    sources = [report["source"] for report in data["imports"]]
    assert sources == ["linkedin", "engagement"]
    linkedin, engagement = data["imports"]
    assert linkedin["me"] == ME_NAME
    assert linkedin["content_added"] >= 45
    assert engagement["engagements_added"] > 500
    assert data["logged"] > 20


def test_demo_stats_look_like_a_lived_in_year(demo_db: tuple[Path, dict[str, Any]]) -> None:
    db, _ = demo_db
    result = invoke("--db", str(db), "stats", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert 120 <= stats["people"] <= 220
    channels = stats["touches_by_channel"]
    assert channels.get("dm", 0) > 100
    assert channels.get("comment", 0) > 50
    assert channels.get("call", 0) + channels.get("meeting", 0) >= 5
    assert channels.get("video", 0) >= 5


def test_demo_refuses_a_database_that_holds_people(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert invoke("--db", str(db), "demo", "--as-of", END, "--json").exit_code == 0
    before = json.loads(invoke("--db", str(db), "stats", "--json").stdout)
    result = invoke("--db", str(db), "demo", "--as-of", END)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert "already holds people" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(invoke("--db", str(db), "stats", "--json").stdout) == before


def test_demo_into_a_database_that_holds_people_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert invoke("--db", str(db), "demo", "--as-of", END, "--json").exit_code == 0
    assert invoke("--db", str(db), "demo", "--as-of", END).exit_code == 1


def test_demo_without_db_uses_its_own_database(user_dir: Path, tmp_path: Path) -> None:
    result = invoke("demo", "--as-of", END, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["database"]) == user_dir / "demo" / "kith-demo.db"
    assert Path(data["database"]).exists()
    assert not (user_dir / "kith.db").exists()  # the user's own database is never touched
    again = invoke("demo", "--as-of", END, "--json")  # the demo database is simply renewed
    assert again.exit_code == 0, again.output


def test_demo_never_writes_into_a_users_kith_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.db"
    assert invoke("--db", str(mine), "demo", "--as-of", "2026-04-01", "--json").exit_code == 0
    before = json.loads(invoke("--db", str(mine), "stats", "--json").stdout)
    monkeypatch.setenv("KITH_DB", str(mine))
    result = invoke("demo", "--as-of", END)
    assert result.exit_code != 0
    assert result.stderr.startswith("Error:")
    after = json.loads(invoke("--db", str(mine), "stats", "--json").stdout)
    assert after == before


def test_write_demo_is_deterministic(tmp_path: Path) -> None:
    end = date.fromisoformat(END)
    first = write_demo(tmp_path / "a", end)
    second = write_demo(tmp_path / "b", end)
    files = sorted(p.relative_to(first.folder) for p in first.folder.rglob("*") if p.is_file())
    assert len(files) == 7
    for name in files:
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    assert first.logs == second.logs and first.cadences == second.cadences
    rewritten = write_demo(tmp_path / "a", end)  # rewriting the same folder is the same too
    assert rewritten.logs == first.logs
    other = write_demo(tmp_path / "c", end, seed=8)
    assert (other.linkedin_dir / "Connections.csv").read_bytes() != (
        first.linkedin_dir / "Connections.csv"
    ).read_bytes()


def test_write_demo_writes_real_export_shapes(tmp_path: Path) -> None:
    plan = write_demo(tmp_path, date.fromisoformat(END))
    assert importers.detect(plan.linkedin_dir) == "linkedin"
    assert importers.detect(plan.engagement_csv) == "engagement"
    connections = (plan.linkedin_dir / "Connections.csv").read_text(encoding="utf-8")
    lines = connections.split("\n")
    assert lines[0] == "Notes:" and lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    messages = (plan.linkedin_dir / "messages.csv").read_text(encoding="utf-8")
    assert messages.startswith('"CONVERSATION ID","CONVERSATION TITLE","FROM"')
    assert ' UTC",' in messages
    shares = (plan.linkedin_dir / "Shares.csv").read_text(encoding="utf-8")
    assert shares.startswith("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n")
    for log in plan.logs:
        assert log.at.tzinfo is not None
        assert log.status in ("held", "planned") and log.direction in ("in", "out")


def test_demo_heading_says_how_many_of_how_many(demo_db: tuple[Path, dict[str, Any]]) -> None:
    db, data = demo_db
    total = data["today"]["total"]
    assert total > len(data["today"]["items"]) == 12  # the demo shows 12 of a fuller day
    shown = invoke("--db", str(db), "today", "--as-of", END, "--limit", "12")
    assert f"— 12 of {total} things worth doing" in shown.stdout
