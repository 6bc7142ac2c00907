"""`kith brief PERSON`: everything to prepare a conversation, built through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kith.cli import app

runner = CliRunner()


def kith(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def world(tmp_path: Path) -> Path:
    db = tmp_path / "kith.db"
    cards = tmp_path / "people.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nORG:Northwind\nTITLE:HR Director\n"
        "EMAIL:ana@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Lindgren\nEMAIL:bo@example.com\nEND:VCARD\n",
        encoding="utf-8",
    )
    kith(db, "import", "vcard", str(cards))
    kith(db, "goal", "Ana", "collaborate")
    kith(
        db,
        "log",
        "Ana",
        "--channel",
        "email",
        "--at",
        "2026-04-01T09:00",
        "--direction",
        "in",
        "--note",
        "We promote forty store managers a year and onboarding is a PDF.",
    )
    kith(
        db,
        "log",
        "Ana",
        "--channel",
        "call",
        "--at",
        "2026-04-10T10:00",
        "--note",
        "Her onboarding redesign",
    )
    kith(
        db,
        "log",
        "Ana",
        "--channel",
        "video",
        "--at",
        "2026-05-08T10:00",
        "--planned",
        "--purpose",
        "explore",
    )
    kith(db, "remember", "Ana", "Daughter Mia starts school in September")
    kith(db, "topic", "Ana", "add", "manager onboarding")
    kith(db, "action", "add", "Ana", "Send two references", "--owner", "me", "--due", "2026-05-20")
    kith(db, "action", "add", "Ana", "Share the survey", "--owner", "them", "--due", "2026-05-20")
    kith(
        db,
        "story",
        "add",
        "How a buddy system halved first-year manager attrition",
        "--topic",
        "manager onboarding",
    )
    kith(db, "story", "add", "My first marathon", "--topic", "running")
    return db


def test_brief_has_everything_to_prepare(tmp_path: Path) -> None:
    db = world(tmp_path)
    data = json.loads(kith(db, "brief", "Ana", "--as-of", "2026-05-06", "--json").stdout)
    assert data["person"]["name"] == "Ana Ruiz"
    assert data["who"]["company"] == "Northwind"
    assert data["met"]["how"].startswith("email") and data["met"]["at"].startswith("2026-04-01")
    assert data["goal"] == "collaborate" and data["stage"] == "acting"  # open action items
    assert data["purpose"].startswith("Explore")  # the next conversation is an exploring one
    assert [c["channel"] for c in data["last_conversations"]][:2] == ["video", "call"]
    assert data["details"][0]["text"].startswith("Daughter Mia")
    assert [a["text"] for a in data["action_items"]["mine"]] == ["Send two references"]
    assert [a["text"] for a in data["action_items"]["theirs"]] == ["Share the survey"]
    assert data["topics"] == ["manager onboarding"]
    assert data["reply_rhythm"] and data["strength"]["strength"] > 0
    assert len(data["questions"]) == 3
    assert "Daughter Mia" in data["questions"][0]
    assert "forty store managers" in data["questions"][1]
    assert "manager onboarding" in data["questions"][2]
    assert data["story"]["topic"] == "manager onboarding"
    assert data["openness"].split(":")[0] in ("light", "moderate", "warm", "close")


def test_brief_for_someone_never_contacted(tmp_path: Path) -> None:
    db = world(tmp_path)
    data = json.loads(kith(db, "brief", "Bo", "--json").stdout)
    assert data["strength"]["strength"] is None
    assert data["strength"]["label"] == "never contacted"
    assert data["stage"] == "new" and data["story"] is None
    assert len(data["questions"]) == 3 and data["openness"].startswith("light")


def test_brief_reads_well_on_a_terminal(tmp_path: Path) -> None:
    db = world(tmp_path)
    out = kith(db, "brief", "Ana", "--as-of", "2026-05-06").stdout
    for part in ("Ana Ruiz", "This conversation is for", "Three questions", "buddy system"):
        assert part in out


def test_brief_of_an_unknown_person_is_an_error(tmp_path: Path) -> None:
    db = world(tmp_path)
    result = runner.invoke(app, ["--db", str(db), "brief", "Zed"])
    assert result.exit_code == 1 and result.stderr.startswith("Error:")


def test_show_exposes_stage_history_and_strength(tmp_path: Path) -> None:
    db = world(tmp_path)
    data = json.loads(kith(db, "show", "Ana", "--json").stdout)
    assert data["stage"] == "acting"  # open action items: an action plan
    stages = [h["stage"] for h in data["stage_history"]]
    assert stages[:3] == ["engaged", "connected", "exploring"] and stages[-1] == "acting"
    assert data["strength"]["reply_latency"] is not None
    again = json.loads(kith(db, "show", "Ana", "--json").stdout)
    assert again["stage_history"] == data["stage_history"]  # kept once, not again


def max_nesting(text: str) -> int:
    """How deep brackets and curly quotes nest on any line (1 is a plain aside)."""
    deepest = 0
    for line in text.splitlines():
        depth = 0
        for ch in line:
            if ch in "(“":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in ")”":
                depth -= 1
    return deepest


def test_brief_leaves_out_empty_sections(tmp_path: Path) -> None:
    db = world(tmp_path)
    out = kith(db, "brief", "Bo").stdout
    for empty in ("Last conversations", "Details you remember", "Open action items"):
        assert empty not in out
    assert "PERSON TEXT" not in out and 'kith remember "Bo Lindgren"' in out
    full = kith(db, "brief", "Ana", "--as-of", "2026-05-06").stdout
    for section in ("Last conversations", "Details you remember", "Open action items"):
        assert section in full
    assert "you, due 2026-05-20: Send two references" in full


def test_brief_never_nests_brackets_or_quotes(tmp_path: Path) -> None:
    db = world(tmp_path)
    kith(
        db,
        "log",
        "Bo",
        "--channel",
        "email",
        "--direction",
        "in",
        "--at",
        "2026-04-20T09:00",
        "--note",
        'We call it "the second seed" internally and it stuck with the whole team.',
    )
    kith(
        db,
        "log",
        "Bo",
        "--channel",
        "email",
        "--direction",
        "in",
        "--at",
        "2026-04-21T09:00",
        "--note",
        "Ha, perfect",
    )
    out = kith(db, "brief", "Bo", "--as-of", "2026-04-22").stdout
    assert "weak or unknown" in out  # the label that used to sit in a second pair of brackets
    assert max_nesting(out) <= 1, out
    assert "You wrote “We call it ‘the second seed’ internally" in out  # not “Ha, perfect”
    assert "Since we last talked (" not in out


def test_brief_questions_do_not_repeat_the_detail(tmp_path: Path) -> None:
    db = world(tmp_path)
    kith(db, "remember", "Ana", "We promote forty store managers a year; onboarding is a PDF")
    data = json.loads(kith(db, "brief", "Ana", "--as-of", "2026-05-06", "--json").stdout)
    assert sum("forty store managers" in q for q in data["questions"]) == 1
    assert any(q.startswith("Since our call on 10 Apr") for q in data["questions"]) or any(
        "manager onboarding" in q for q in data["questions"]
    )


def test_brief_purpose_for_a_written_thread_is_not_about_comments(tmp_path: Path) -> None:
    db = world(tmp_path)
    for direction, day in (("out", "2026-04-20"), ("in", "2026-04-21")):
        kith(db, "log", "Bo", "--channel", "email", "--direction", direction, "--at", day)
    data = json.loads(kith(db, "brief", "Bo", "--as-of", "2026-04-22", "--json").stdout)
    assert data["stage"] == "engaged"
    assert "comments" not in data["purpose"] and "propose a call" in data["purpose"]
