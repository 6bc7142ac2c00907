"""`kith coach` through the CLI with --json: every question type and every flag.

A person for `--to` is built the way a user would: an engagement CSV import, then
`kith log` for what they wrote and what the user sent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kith.cli import app

ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-03-01T10:00:00Z,linkedin,https://example.com/p/1,Inès Laurent,https://www.linkedin.com/in/ines-l,comment,Great point about listening first
"""


class Kith:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Result:
        result = self.runner.invoke(app, ["--db", str(self.db), *args], input=input)
        if ok:
            assert result.exit_code == 0, result.stderr + result.stdout
        return result

    def coach(self, text: str, *options: str) -> dict[str, Any]:
        return json.loads(self("coach", text, "--json", *options).stdout)


@pytest.fixture
def kith(db_path: Path, tmp_path: Path) -> Kith:
    runner = Kith(db_path)
    csv = tmp_path / "engagement.csv"
    csv.write_text(ENGAGEMENT, encoding="utf-8")
    runner("import", str(csv))
    return runner


def at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def flag_kinds(data: dict[str, Any]) -> set[str]:
    return {f["kind"] for f in data["flags"]}


def test_json_has_exactly_the_keys(kith: Kith) -> None:
    data = kith.coach("What drew you to restoring boats?")
    assert set(data) == {"questions", "flags", "criteria"}
    assert [c["name"] for c in data["criteria"]] == [
        "curiosity",
        "listening",
        "common_ground",
        "openness",
        "story",
        "async_etiquette",
        "remembering",
    ]
    assert all(c["verdict"] in ("good", "improve", "n/a") for c in data["criteria"])
    with_person = kith.coach("What drew you to restoring boats?", "--to", "Inès")
    assert set(with_person) == {"questions", "flags", "criteria", "to"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How did you get into restoring boats?", "open"),
        ("Where is the boatyard?", "closed"),
        ("How's your week going?", "small_talk"),
    ],
)
def test_question_types(kith: Kith, text: str, kind: str) -> None:
    (question,) = kith.coach(text)["questions"]
    assert question["type"] == kind
    assert ("suggestion" in question) == (kind != "open")


def test_a_scheduling_question_gets_a_scheduling_rewrite(kith: Kith) -> None:
    (question,) = kith.coach("Hi Inès! Are you free Thursday afternoon?")["questions"]
    assert question["type"] == "closed"
    assert "Thursday afternoon" in question["suggestion"]
    assert "suits you" in question["suggestion"]


def test_small_talk_in_new_words_through_the_cli(kith: Kith) -> None:
    data = kith.coach("Hey! Well rested after the long weekend? Hope the drive back was ok.")
    assert [q["type"] for q in data["questions"]] == ["small_talk"]
    assert "small_talk_only" in flag_kinds(data)


def test_text_from_stdin(kith: Kith) -> None:
    result = kith("coach", "-", "--json", input="Do you like your job?\n")
    (question,) = json.loads(result.stdout)["questions"]
    assert question["suggestion"] == "What do you enjoy most about your work these days?"


def test_plain_text_output(kith: Kith) -> None:
    out = kith("coach", "What do you do?").stdout
    assert "[small_talk] What do you do?" in out
    assert "try: What aspects of your work do you find most fulfilling?" in out
    assert "curiosity" in out


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hi! How are you? Hope all is well.", "small_talk_only"),
        ("Hi, did you get the tickets? Is the train booked?", "closed_questions"),
        ("Thanks for the call. I'll send the notes on Monday.", "no_question"),
        (
            "Hi Jo, I'm a product coach. I've run my workshops for ten years, my clients love "
            "my method, I wrote my own book and I speak at my own events. I know I can help.",
            "me_focus",
        ),
        ("Following up again — I need an answer by tomorrow.", "pressure"),
        (
            "We've never met, but my divorce is final and I'm behind on rent. Coffee?",
            "oversharing",
        ),
    ],
)
def test_flags_from_the_text(kith: Kith, text: str, kind: str) -> None:
    assert kind in flag_kinds(kith.coach(text))


def test_pressure_before_the_polite_wait(kith: Kith) -> None:
    kith(
        "log",
        "Inès",
        "--channel",
        "dm",
        "--direction",
        "out",
        "--at",
        at(-timedelta(hours=1)),
        "--note",
        "Would you like to co-host the listening circle?",
    )
    data = kith.coach("Any thoughts on the circle idea?", "--to", "Inès")
    pressure = [f for f in data["flags"] if f["kind"] == "pressure"]
    assert pressure and "polite wait" in pressure[0]["message"]
    assert data["to"]["polite_wait_until"] is not None
    assert "pressure" not in flag_kinds(kith.coach("Any thoughts on the circle idea?"))


def test_oversharing_depends_on_trust(kith: Kith) -> None:
    text = "Honestly my therapist says I should slow down. What are you reading lately?"
    assert "oversharing" not in flag_kinds(kith.coach(text))
    assert "oversharing" in flag_kinds(kith.coach(text, "--to", "Inès"))
    kith("tag", "Inès", "friend")
    assert "oversharing" not in flag_kinds(kith.coach(text, "--to", "Inès"))


def test_long_for_channel(kith: Kith) -> None:
    for day, note in enumerate(["sounds good!", "ha, yes", "see you then", "thanks, will do"]):
        kith(
            "log",
            "Inès",
            "--channel",
            "chat",
            "--direction",
            "in",
            "--at",
            at(-timedelta(days=10 - day)),
            "--note",
            note,
        )
    long = " ".join(["I wanted to tell you about the workshop and the venue."] * 12)
    data = kith.coach(long + " What do you think?", "--to", "Inès", "--channel", "chat")
    assert "long_for_channel" in flag_kinds(data)
    short = kith.coach("What did you think of the venue?", "--to", "Inès", "--channel", "chat")
    assert "long_for_channel" not in flag_kinds(short)


def test_context_details_topics_and_the_last_message(kith: Kith) -> None:
    kith(
        "log",
        "Inès",
        "--channel",
        "dm",
        "--direction",
        "in",
        "--at",
        at(-timedelta(days=3)),
        "--note",
        "We're launching the listening circle podcast in June, slightly nervous!",
    )
    kith("topic", "Inès", "add", "community radio")
    pending = json.loads(kith("details", "Inès", "--pending", "--json").stdout)["details"]
    project = next(d for d in pending if d["kind"] == "project")
    kith("details", "accept", str(project["id"]))
    follow_up = kith.coach("How are you preparing for the podcast launch?", "--to", "Inès")
    to = follow_up["to"]
    assert to["last_message"]["text"].startswith("We're launching")
    assert to["answers_last_message"]["kind"] == "follow_up"
    assert [d["text"] for d in to["details"]] == [project["text"]]
    assert to["details"][0]["source"]["channel"] == "dm"
    assert to["topics"] == ["community radio"]
    remembering = {c["name"]: c for c in follow_up["criteria"]}["remembering"]
    assert remembering["verdict"] == "good"
    switch = kith.coach("What are you reading these days?", "--to", "Inès")
    assert switch["to"]["answers_last_message"]["kind"] == "switch"
    assert {c["name"]: c for c in switch["criteria"]}["listening"]["verdict"] == "improve"


def test_errors(kith: Kith) -> None:
    bad = kith("coach", "Hello?", "--channel", "pigeon", ok=False)
    assert bad.exit_code == 2 and "unknown channel" in bad.stderr
    missing = kith("coach", "Hello?", "--to", "Nobody", ok=False)
    assert missing.exit_code == 1 and "no person matches" in missing.stderr


def said(kith: Kith, note: str) -> None:
    kith(
        "log",
        "Inès",
        "--channel",
        "dm",
        "--direction",
        "in",
        "--at",
        at(-timedelta(days=1)),
        "--note",
        note,
    )


def answer_kind(kith: Kith, draft: str) -> str:
    return str(kith.coach(draft, "--to", "Inès")["to"]["answers_last_message"]["kind"])


def test_a_reply_that_takes_up_their_words_answers_them(kith: Kith) -> None:
    said(kith, "Finally finished the mural on the library wall, my arms are dead!")
    # "finishing" picks up "finished": word forms count.
    assert answer_kind(kith, "Congrats on finishing! Which part took longest?") in (
        "follow_up",
        "acknowledges",
    )
    assert answer_kind(kith, "How many murals have you painted this year?") == "follow_up"
    # Taking up their news, then a question that points back at it.
    assert answer_kind(kith, "That's huge! How does it feel to see it up there?") == "follow_up"


def test_a_topic_switch_is_not_an_answer(kith: Kith) -> None:
    said(kith, "I'll think about the residency and let you know next week.")
    # Sharing only a word like "think" is not taking up what they said.
    data = kith.coach("What do you think of the new bakery on Rue Oberkampf?", "--to", "Inès")
    reply = data["to"]["answers_last_message"]
    assert reply["kind"] == "switch" and reply["answers"] is False
    listening = {c["name"]: c for c in data["criteria"]}["listening"]
    assert listening["verdict"] == "improve"
    assert answer_kind(kith, "Anyway, are you coming to the quiz on Friday?") == "switch"


def test_talks_about_leaves_out_the_users_name(kith: Kith) -> None:
    """They address the user by name in every message: a name, never a topic."""
    kith("me", "--name", "Marguerite Okafor")
    for days, note in (
        (5, "Marguerite, the ceramics studio finally has a kiln. Marguerite, come see it!"),
        (3, "Marguerite — the kiln fired its first ceramics batch today."),
    ):
        kith(
            "log", "Inès", "--channel", "dm", "--direction", "in",
            "--at", at(-timedelta(days=days)), "--note", note,
        )  # fmt: skip
    talks_about = kith.coach("How did the batch come out?", "--to", "Inès")["to"]["talks_about"]
    assert "kiln" in talks_about
    assert not any("marguerite" in term.lower() for term in talks_about)


def test_every_reason_is_plain_words(kith: Kith) -> None:
    data = kith.coach("Hi! How are you? How was the weekend? Do you like your job? What drives you?")
    whys = [q["why"] for q in data["questions"] if q.get("why")]
    assert whys and not any(mark in why for why in whys for mark in ("(?", "\\", "[", "^"))
