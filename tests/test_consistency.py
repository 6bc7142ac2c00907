"""One person, one answer: the list, `show`, `brief`, the coach and the web page agree.

Each test here was a disagreement a new user met on the same person on the same
day: a stage in the list that `show` contradicted, a coach that counted a public
comment as their last message, a birthday imported and never shown, two strengths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app

runner = CliRunner()

ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Loved the framing of async before sync
2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,This matches what I see with my clients
2026-04-21T10:00:00Z,linkedin,https://example.com/p/3,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,reaction,
2026-04-22T10:00:00Z,linkedin,https://example.com/p/3,Ana Ortega,https://www.linkedin.com/in/ana-ortega,comment,Nice one
"""


def kith(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def as_json(db: Path, *args: str) -> Any:
    return json.loads(kith(db, *args, "--json").stdout)


@pytest.fixture
def engaged(tmp_path: Path) -> Path:
    """Three people who engaged with the user's posts; no stage was ever inferred."""
    db = tmp_path / "kith.db"
    csv = tmp_path / "engagement.csv"
    csv.write_text(ENGAGEMENT, encoding="utf-8")
    kith(db, "import", str(csv))
    return db


# -- 1. the list says the stage `show` says ----------------------------------------------
def test_people_lists_the_stage_show_gives_before_anyone_is_opened(engaged: Path) -> None:
    listed = {r["name"]: r["stage"] for r in as_json(engaged, "people")["items"]}
    shown = {name: as_json(engaged, "show", name)["stage"] for name in listed}
    assert listed == shown
    assert listed["Gaurav Mehta"] == "engaged"  # their comments, not the stored "new"


def test_people_table_shows_the_stage_show_gives(engaged: Path) -> None:
    kith(engaged, "log", "Gaurav", "--channel", "call", "--at", "2026-04-23T10:00")
    row = next(line for line in kith(engaged, "people").stdout.splitlines() if "Gaurav" in line)
    assert "connected" in row
    assert as_json(engaged, "show", "Gaurav")["stage"] == "connected"


# -- 5. the list's JSON says how many match, not only how many are shown ----------------
def test_people_json_total_counts_every_match(engaged: Path) -> None:
    page = as_json(engaged, "people", "--limit", "1")
    assert page["total"] == 3 and len(page["items"]) == 1
    found = as_json(engaged, "people", "ana")
    assert found["total"] == 2 and {r["name"] for r in found["items"]} == {
        "Ana Ruiz",
        "Ana Ortega",
    }
    assert as_json(engaged, "people", "nobody")["total"] == 0
