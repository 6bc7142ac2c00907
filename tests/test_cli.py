"""Every CLI command through Typer's runner, on a temporary SQLite database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kith.cli import app

ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Loved the framing of async before sync
2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,This matches what I see with my clients
2026-04-20T10:00:00Z,linkedin,https://example.com/p/3,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Could you write more about the follow-up cadence?
2026-04-21T10:00:00Z,linkedin,https://example.com/p/3,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,reaction,
2026-04-22T10:00:00Z,linkedin,https://example.com/p/3,Ana Ortega,https://www.linkedin.com/in/ana-ortega,comment,Nice one
"""

Kith = Callable[..., Result]


@pytest.fixture
def kith(db_path: Path) -> Kith:
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True, input: str | None = None) -> Result:
        result = runner.invoke(app, ["--db", str(db_path), *args], input=input)
        if ok:
            assert result.exit_code == 0, result.stderr + result.stdout
        return result

    return invoke


@pytest.fixture
def loaded(kith: Kith, tmp_path: Path) -> Kith:
    csv = tmp_path / "engagement.csv"
    csv.write_text(ENGAGEMENT, encoding="utf-8")
    kith("import", str(csv))
    return kith


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def test_every_command_has_help() -> None:
    runner = CliRunner()
    commands = [
        "me",
        "import",
        "people",
        "show",
        "log",
        "remember",
        "details",
        "goal",
        "stage",
        "cadence",
        "tag",
        "topic",
        "action",
        "search",
        "stats",
        "today",
        "done",
        "snooze",
        "dismiss",
        "demo",
        "backup",
    ]
    for command in commands:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.stdout
    for sub in ("add", "done", "list"):
        assert runner.invoke(app, ["action", sub, "--help"]).exit_code == 0


def test_me_sets_and_shows(kith: Kith) -> None:
    kith(
        "me",
        "--name",
        "Maya Lindqvist",
        "--email",
        "Maya@Example.com",
        "--profile",
        "https://www.linkedin.com/in/maya-l/",
    )
    data = as_json(kith("me", "--json"))
    assert data["name"] == "Maya Lindqvist"
    assert {"kind": "email", "value": "maya@example.com"} in data["identities"]
    assert {"kind": "profile", "value": "https://linkedin.com/in/maya-l"} in data["identities"]
    bad = kith("me", "--email", "not-an-email", ok=False)
    assert bad.exit_code == 2 and bad.stderr.startswith("Error:")


def test_import_reports_and_is_idempotent(kith: Kith, tmp_path: Path) -> None:
    csv = tmp_path / "e.csv"
    csv.write_text(ENGAGEMENT, encoding="utf-8")
    first = as_json(kith("import", "engagement", str(csv), "--json"))
    assert first["source"] == "engagement" and first["people_created"] == 3
    assert first["engagements_added"] == 5
    before = as_json(kith("stats", "--json"))
    again = as_json(kith("import", str(csv), "--json"))
    assert again["people_created"] == 0 and again["engagements_added"] == 0
    assert again["touches_added"] == 0
    assert as_json(kith("stats", "--json")) == before


def test_people_and_show(loaded: Kith) -> None:
    rows = as_json(loaded("people", "--json"))["items"]
    assert {r["name"] for r in rows} == {"Gaurav Mehta", "Ana Ruiz", "Ana Ortega"}
    found = as_json(loaded("people", "gaurav", "--json"))["items"]
    assert [r["name"] for r in found] == ["Gaurav Mehta"]
    shown = as_json(loaded("show", "Gaurav", "--json"))
    assert shown["stage"] == "engaged"
    assert shown["identities"] == [{"kind": "profile", "value": "https://linkedin.com/in/gaurav-m"}]
    assert len(shown["touches"]) == 3
    by_url = as_json(loaded("show", "https://linkedin.com/in/gaurav-m/", "--json"))
    assert by_url["id"] == shown["id"]
    assert as_json(loaded("show", str(shown["id"]), "--json"))["name"] == "Gaurav Mehta"
    assert "Gaurav Mehta" in loaded("show", "gaurav").stdout


def test_ambiguous_person_lists_candidates(loaded: Kith) -> None:
    result = loaded("show", "Ana", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert "Ana Ortega" in result.stderr and "Ana Ruiz" in result.stderr
    missing = loaded("show", "Zed", ok=False)
    assert missing.exit_code == 1 and "no person matches" in missing.stderr


def test_namesakes_are_told_apart_by_id_or_merged(kith: Kith, tmp_path: Path) -> None:
    """A longer name cannot separate two people called the same: the error offers a merge."""
    csv = tmp_path / "engagement.csv"
    csv.write_text(
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2026-03-01T10:00:00Z,linkedin,https://example.com/p/1,Jonas Berg,"
        "https://www.linkedin.com/in/jonas-berg-1,comment,Nice\n"
        "2026-03-02T10:00:00Z,linkedin,https://example.com/p/1,Jonas Berg,"
        "https://www.linkedin.com/in/jonas-berg-2,comment,Agreed\n",
        encoding="utf-8",
    )
    kith("import", str(csv))
    ids = sorted(p["id"] for p in as_json(kith("people", "Jonas", "--json"))["items"])
    result = kith("show", "Jonas Berg", ok=False)
    assert result.exit_code == 1
    assert f"`kith merge {ids[0]} {ids[1]}`" in result.stderr
    assert "longer name" not in result.stderr


def test_log_remember_details_goal_stage_cadence_tag_topic(loaded: Kith) -> None:
    logged = as_json(
        loaded(
            "log",
            "Gaurav",
            "--channel",
            "call",
            "--at",
            "2026-04-28T15:00",
            "--note",
            "Talked about his podcast",
            "--json",
        )
    )
    assert logged["channel"] == "call" and logged["status"] == "held"
    loaded(
        "log",
        "Gaurav",
        "--channel",
        "video",
        "--at",
        "2026-05-20T10:00",
        "--planned",
        "--purpose",
        "explore",
    )
    bad = loaded("log", "Gaurav", "--channel", "pigeon", ok=False)
    assert bad.exit_code == 2 and "unknown channel" in bad.stderr
    loaded("remember", "Gaurav", "Daughter Mia starts school in September")
    details = as_json(loaded("details", "Gaurav", "--json"))["details"]
    assert [d["text"] for d in details] == ["Daughter Mia starts school in September"]
    loaded("goal", "Gaurav", "collaborate")
    loaded("stage", "Gaurav", "exploring", "--at", "2026-04-29")
    loaded("cadence", "Gaurav", "monthly")
    loaded("tag", "Gaurav", "Podcast")
    loaded("topic", "Gaurav", "add", "climate tech podcasts")
    shown = as_json(loaded("show", "Gaurav", "--json"))
    assert shown["goal"] == "collaborate" and shown["stage"] == "exploring"
    assert shown["stage_history"][0]["stage"] == "exploring"
    assert shown["cadence_days"] == 30 and shown["tags"] == ["podcast"]
    assert shown["topics"] == ["climate tech podcasts"]
    assert shown["summary"]["sync_count"] == 1
    assert loaded("cadence", "Gaurav", "fortnightly", ok=False).exit_code == 2
    assert as_json(loaded("cadence", "Gaurav", "45d", "--json"))["cadence_days"] == 45
    assert loaded("stage", "Gaurav", "dating", ok=False).exit_code == 2


def test_action_items(loaded: Kith) -> None:
    added = as_json(
        loaded(
            "action",
            "add",
            "Gaurav",
            "Send the workshop outline",
            "--owner",
            "me",
            "--due",
            "2026-05-10",
            "--json",
        )
    )
    assert added["owner"] == "me" and added["due"] == "2026-05-10" and added["status"] == "open"
    listed = as_json(loaded("action", "list", "Gaurav", "--json"))
    assert [a["id"] for a in listed] == [added["id"]]
    done = as_json(loaded("action", "done", str(added["id"]), "--json"))
    assert done["status"] == "done"
    assert loaded("action", "done", "999", ok=False).exit_code == 1
    assert loaded("action", "add", "Gaurav", "x", "--owner", "us", ok=False).exit_code == 2


def test_search_words_prefixes_and_phrases(loaded: Kith) -> None:
    hits = as_json(loaded("search", "cadence", "--json"))
    assert [h["person"]["name"] for h in hits] == ["Gaurav Mehta"]
    assert as_json(loaded("search", "clien*", "--json"))[0]["text"].startswith("This matches")
    assert len(as_json(loaded("search", '"async before sync"', "--json"))) == 1
    assert as_json(loaded("search", '"sync before async"', "--json")) == []
    assert as_json(loaded("search", "AND OR NOT (", "--json")) == []  # never query syntax


def test_today_done_snooze_dismiss(loaded: Kith) -> None:
    data = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))
    assert data["as_of"] == "2026-04-25"
    item = data["items"][0]
    assert set(item) == {
        "person",
        "action",
        "channel",
        "why",
        "evidence",
        "due",
        "score",
        "draft",
        "id",
    }
    assert (
        item["action"] == "send_dm" and item["id"] == f"send_dm:{item['person']['id']}:2026-04-20"
    )
    assert item["evidence"][0]["kind"] == "comment" and item["evidence"][0]["at"].endswith("Z")
    assert (
        "Could you write more" in item["draft"]
        or "Loved" in item["draft"]
        or "matches" in item["draft"]
    )
    loaded("snooze", item["id"], "--until", "2026-04-27")
    assert as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"] == []
    assert len(as_json(loaded("today", "--as-of", "2026-04-27", "--json"))["items"]) == 1
    loaded("dismiss", item["id"], "--reason", "met him already")
    assert as_json(loaded("today", "--as-of", "2026-04-28", "--json"))["items"] == []
    assert loaded("done", "not-an-id", ok=False).exit_code == 2
    assert "Send a DM" not in loaded("today", "--as-of", "2026-04-28").stdout


def test_today_reply_after_logged_message_and_done(loaded: Kith) -> None:
    loaded(
        "log",
        "Ana Ortega",
        "--channel",
        "dm",
        "--direction",
        "in",
        "--at",
        "2026-04-24T09:00",
        "--note",
        "Would love your take on my launch plan",
    )
    items = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"]
    reply = next(i for i in items if i["action"] == "reply")
    assert reply["person"]["name"] == "Ana Ortega" and reply["channel"] == "dm"
    assert "24 Apr" in reply["why"]
    loaded("done", reply["id"])
    items = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"]
    assert reply["id"] not in [i["id"] for i in items]


def test_stats_counts(loaded: Kith) -> None:
    data = as_json(loaded("stats", "--json"))
    for key in (
        "people",
        "identities",
        "threads",
        "touches",
        "touches_by_channel",
        "details",
        "action_items",
    ):
        assert key in data
    assert data["people"] == 3 and data["touches_by_channel"] == {"comment": 4, "reaction": 1}


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.csv", b"", "empty"),
        ("binary.bin", bytes(range(256)) * 4, ""),
        ("truncated.zip", b"PK\x03\x04" + b"\x00" * 40, "zip"),
    ],
)
def test_bad_files_fail_cleanly_and_change_nothing(
    loaded: Kith, tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    before = as_json(loaded("stats", "--json"))
    bad = tmp_path / name
    bad.write_bytes(content)
    result = loaded("import", str(bad), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and name in result.stderr
    assert problem in result.stderr.lower()
    assert as_json(loaded("stats", "--json")) == before


def test_missing_file(kith: Kith, tmp_path: Path) -> None:
    result = kith("import", str(tmp_path / "nope.zip"), ok=False)
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_kith_db_env_and_default_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_dir: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["me", "--name", "Default Me"]).exit_code == 0
    assert (user_dir / "kith.db").exists()
    monkeypatch.setenv("KITH_DB", str(tmp_path / "env.db"))
    assert runner.invoke(app, ["me", "--name", "Env Me"]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_a_logged_call_resets_the_cadence(loaded: Kith) -> None:
    loaded("cadence", "Gaurav", "30d")
    loaded("log", "Gaurav", "--channel", "dm", "--direction", "in", "--at", "2026-04-22T09:00")
    items = as_json(loaded("today", "--as-of", "2026-05-25", "--json"))["items"]
    assert [i["action"] for i in items if i["person"]["name"] == "Gaurav Mehta"] == ["reconnect"]
    loaded("log", "Gaurav", "--channel", "call", "--at", "2026-05-10T15:00", "--note", "Caught up")
    loaded("log", "Gaurav", "--channel", "email", "--at", "2026-05-11T09:00", "--note", "Notes")
    items = as_json(loaded("today", "--as-of", "2026-05-25", "--json"))["items"]
    assert "reconnect" not in [i["action"] for i in items if i["person"]["name"] == "Gaurav Mehta"]
    # Reactions are engagement, not conversation: they never reset a cadence.
    loaded("cadence", "Ana Ruiz", "7d")
    loaded("log", "Ana Ruiz", "--channel", "dm", "--direction", "in", "--at", "2026-03-20T09:00")
    items = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"]
    assert "reconnect" in [i["action"] for i in items if i["person"]["name"] == "Ana Ruiz"]


def test_a_malformed_profile_url_is_no_identity_not_a_crash() -> None:
    from kith.identity import normalize_profile_url

    assert normalize_profile_url("https://[linkedin.com/in/x") is None
    assert (
        normalize_profile_url("https://www.linkedin.com/in/Ana-R/")
        == "https://linkedin.com/in/ana-r"
    )


VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:Lena Berg
EMAIL:lena@example.org
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Omar Haddad
TEL:+46 70 123 45 67
END:VCARD
"""


def test_follow_up_channel_is_one_they_can_be_reached_on(loaded: Kith, tmp_path: Path) -> None:
    """A LinkedIn-only contact is followed up by DM, never by email we do not have."""
    cards = tmp_path / "contacts.vcf"
    cards.write_text(VCARDS, encoding="utf-8")
    loaded("import", str(cards))
    for name in ("Gaurav", "Lena", "Omar"):
        loaded("log", name, "--channel", "call", "--at", "2026-04-27T15:00", "--note", "Good talk")
    items = as_json(loaded("today", "--as-of", "2026-04-28", "--json"))["items"]
    channels = {i["person"]["name"]: i["channel"] for i in items if i["action"] == "follow_up"}
    assert channels == {"Gaurav Mehta": "dm", "Lena Berg": "email", "Omar Haddad": "chat"}
    # Once they write on a channel, that conversation's channel wins over the address book.
    loaded("log", "Lena", "--channel", "chat", "--direction", "out", "--at", "2026-04-20T09:00")
    loaded("log", "Lena", "--channel", "chat", "--direction", "in", "--at", "2026-04-21T09:00")
    items = as_json(loaded("today", "--as-of", "2026-04-28", "--json"))["items"]
    lena = next(i for i in items if i["person"]["name"] == "Lena Berg")
    assert lena["action"] == "follow_up" and lena["channel"] == "chat"


def test_today_limit_says_how_many_are_due(loaded: Kith) -> None:
    for name in ("Gaurav", "Ana Ortega", "Ana Ruiz"):
        loaded("log", name, "--channel", "call", "--at", "2026-04-27T15:00", "--note", "Good talk")
    full = as_json(loaded("today", "--as-of", "2026-04-28", "--json"))
    assert full["total"] == len(full["items"]) == 3
    limited = as_json(loaded("today", "--as-of", "2026-04-28", "--limit", "2", "--json"))
    assert limited["total"] == 3 and limited["items"] == full["items"][:2]
    assert (
        "— 2 of 3 things worth doing"
        in loaded("today", "--as-of", "2026-04-28", "--limit", "2").stdout
    )
    assert (
        "— 3 things worth doing" in loaded("today", "--as-of", "2026-04-28", "--limit", "3").stdout
    )


def test_times_read_back_in_the_users_zone(loaded: Kith, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logged at 15:00 in Stockholm reads back as 15:00, not 13:00 UTC; a stage set
    on the 29th is not shown as the 28th."""
    monkeypatch.setenv("KITH_TZ", "Europe/Stockholm")
    logged = loaded("log", "Gaurav", "--channel", "call", "--at", "2026-04-28T15:00").stdout
    assert "at 2026-04-28 15:00." in logged
    assert as_json(loaded("show", "Gaurav", "--json"))["touches"][0]["at"] == "2026-04-28T13:00:00Z"
    assert "2026-04-28 15:00 → call" in loaded("show", "Gaurav").stdout
    staged = loaded("stage", "Gaurav", "exploring", "--at", "2026-04-29").stdout
    assert "(since 2026-04-29)" in staged
    late = "2026-04-26T00:30"  # the 26th in Stockholm, still the 25th in UTC
    loaded("log", "Ana Ortega", "--channel", "dm", "--direction", "in", "--at", late)
    assert "2026-04-26" in loaded("people", "Ana Ortega").stdout
    monkeypatch.setenv("KITH_TZ", "America/New_York")
    assert "2026-04-25 18:30 ← dm" in loaded("show", "Ana Ortega").stdout


def test_drafts_call_people_by_name_and_point_past_your_greeting(
    kith: Kith, tmp_path: Path
) -> None:
    cards = tmp_path / "titled.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dr. Ana Ruiz\nEMAIL:ana@example.org\nBDAY:1980-05-03\n"
        "END:VCARD\n",
        encoding="utf-8",
    )
    kith("import", str(cards))
    note = "Hi Ana, here is the outline for the workshop we discussed"
    kith("log", "Dr. Ana", "--channel", "email", "--at", "2026-04-27T09:00", "--note", note)
    items = as_json(kith("today", "--as-of", "2026-04-29", "--json"))["items"]
    drafts = {i["action"]: i["draft"] for i in items}
    assert drafts["remember_date"].startswith("Happy birthday, Ana!")
    assert drafts["nudge"].startswith("Hi Ana, bringing my message about “Here is the outline")


def test_acting_on_an_item_of_nobody_is_a_clear_error(loaded: Kith) -> None:
    result = loaded("done", "reply:999:2026-04-29", ok=False)
    assert result.exit_code == 1  # not a foreign-key traceback
    assert result.stderr.startswith("Error: no agenda item 'reply:999:2026-04-29'")
    assert "kith today --json" in result.stderr


def test_import_reports_count_one_person_and_one_touch(kith: Kith, tmp_path: Path) -> None:
    cards = tmp_path / "one.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Berg\nEMAIL:lena@example.org\nEND:VCARD\n", "utf-8"
    )
    assert "1 person created, 0 touches added" in kith("import", str(cards)).stdout
    listed = kith("imports").stdout
    assert "1 person, 0 touches" in listed and "1 people" not in listed


def test_reconnect_after_only_comments_does_not_claim_a_conversation(loaded: Kith) -> None:
    loaded("cadence", "Gaurav", "7d")  # he has only commented on posts, last on 20 Apr
    items = as_json(loaded("today", "--as-of", "2026-05-10", "--json"))["items"]
    why = next(i["why"] for i in items if i["action"] == "reconnect")
    assert "conversation" not in why and "last in touch on 20 Apr" in why


def test_as_of_a_past_day_never_quotes_what_came_later(loaded: Kith) -> None:
    thread = [
        ("out", "2026-04-01T09:00", "Loved your comment on async first, want to compare notes?"),
        ("in", "2026-04-02T09:00", "Yes please, I have been thinking about this a lot lately"),
        ("out", "2026-04-03T09:00", "What does your team do when a thread goes in circles?"),
        ("in", "2026-04-04T09:00", "We call a ten minute huddle and write down the decision"),
        ("in", "2026-04-27T09:00", "LATER: sorry for the silence, the launch ate my April"),
    ]
    for direction, at, note in thread:
        loaded(
            "log",
            "Ana Ortega",
            "--channel",
            "dm",
            "--direction",
            direction,
            "--at",
            at,
            "--note",
            note,
        )
    # An open action item keeps her among the agenda's candidates on any day.
    loaded("action", "add", "Ana Ortega", "Send the huddle template", "--owner", "them")
    today = loaded("today", "--as-of", "2026-04-10", "--json").stdout
    assert "propose_call" in today and "LATER" not in today
    brief = loaded("brief", "Ana Ortega", "--as-of", "2026-04-10", "--json").stdout
    assert "huddle" in brief and "LATER" not in brief
    assert "LATER" in loaded("brief", "Ana Ortega", "--as-of", "2026-04-28", "--json").stdout


def test_reconnect_after_years_reads_in_years_and_skips_one_word_quotes(loaded: Kith) -> None:
    loaded("cadence", "Ana Ruiz", "monthly")
    loaded(
        "log",
        "Ana Ruiz",
        "--channel",
        "chat",
        "--direction",
        "in",
        "--at",
        "2023-03-01T09:00",
        "--note",
        "Our team finally moved the weekly status meeting to a written update",
    )
    loaded(
        "log",
        "Ana Ruiz",
        "--channel",
        "chat",
        "--direction",
        "in",
        "--at",
        "2023-03-02T09:00",
        "--note",
        "world?",
    )
    items = as_json(loaded("today", "--as-of", "2026-05-10", "--json"))["items"]
    item = next(i for i in items if i["person"]["name"] == "Ana Ruiz")
    assert item["action"] == "reconnect" and "over 3 years past due" in item["why"]
    assert "world?" not in item["draft"] and "weekly status meeting" in item["draft"]


def test_forget_confirms_the_person_a_prefix_resolved_to(loaded: Kith) -> None:
    kept = loaded("forget", "Gaur", input="n\n", ok=False)
    assert "Erase Gaurav Mehta (id " in kept.stdout and kept.exit_code == 1
    assert as_json(loaded("show", "Gaurav", "--json"))["name"] == "Gaurav Mehta"
    gone = loaded("forget", "Gaur", input="y\n")
    assert "Forgot Gaurav Mehta" in gone.stdout
    assert loaded("show", "Gaurav", ok=False).exit_code == 1
    missing = loaded("forget", "Zed", ok=False)  # no question asked about nobody
    assert missing.exit_code == 1 and "Erase" not in missing.stdout


def test_a_first_run_agenda_says_how_to_begin(kith: Kith) -> None:
    out = kith("today").stdout
    assert "kith import PATH" in out and "0 things" not in out
    data = as_json(kith("today", "--json"))  # the JSON keeps its shape for scripts
    assert data["total"] == 0 and data["items"] == []


def test_people_says_when_the_list_is_cut(loaded: Kith) -> None:
    assert "there are more" in loaded("people", "--limit", "2").stdout
    assert "there are more" not in loaded("people", "--limit", "3").stdout
    assert len(as_json(loaded("people", "--limit", "2", "--json"))["items"]) == 2


def test_log_notes_a_held_call_in_the_future(loaded: Kith) -> None:
    ahead = loaded("log", "Gaurav", "--channel", "call", "--at", "2999-01-10T10:00").stdout
    assert "--planned" in ahead
    passed = loaded("log", "Gaurav", "--channel", "call", "--at", "2020-01-10", "--planned").stdout
    assert "has passed" in passed
    plain = loaded("log", "Gaurav", "--channel", "call", "--at", "2026-04-10T10:00").stdout
    assert "Note" not in plain


def test_backup_is_a_whole_database_you_can_open(loaded: Kith, tmp_path: Path) -> None:
    loaded("log", "Gaurav", "--channel", "call", "--at", "2026-04-27T15:00", "--note", "Podcast")
    copy = tmp_path / "backup" / "kith-2026-04-28.db"
    copy.parent.mkdir()
    assert "Backed up to" in loaded("backup", str(copy)).stdout
    runner = CliRunner()
    stats = runner.invoke(app, ["--db", str(copy), "stats", "--json"])
    assert json.loads(stats.stdout) == as_json(loaded("stats", "--json"))
    again = loaded("backup", str(copy), ok=False)  # never overwrites
    assert again.exit_code == 2 and "already exists" in again.stderr
    nowhere = loaded("backup", str(tmp_path / "missing" / "k.db"), ok=False)
    assert nowhere.exit_code == 2 and "create it first" in nowhere.stderr


def test_reply_draft_takes_up_the_question_after_an_emoji(loaded: Kith) -> None:
    note = (
        "Our VP asked who helped me most. I said you, obviously 🙂 Would you be open to an intro?"
    )
    loaded(
        "log",
        "Ana Ortega",
        "--channel",
        "dm",
        "--direction",
        "in",
        "--at",
        "2026-04-24T09:00",
        "--note",
        note,
    )
    items = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"]
    reply = next(i for i in items if i["action"] == "reply")
    assert reply["draft"] == "Hi Ana, [your answer to “Would you be open to an intro?”]"


def test_reply_evidence_is_what_they_wrote_lately(loaded: Kith) -> None:
    for at, note in (
        ("2025-12-04T09:00", "Thank you! Will read it before I talk to Chloe."),
        ("2026-04-24T09:00", "Our new VP starts in June. Would you be open to an intro?"),
    ):
        loaded(
            "log", "Ana Ortega", "--channel", "dm", "--direction", "in", "--at", at, "--note", note
        )
    items = as_json(loaded("today", "--as-of", "2026-04-25", "--json"))["items"]
    reply = next(i for i in items if i["action"] == "reply")
    assert [e["at"][:10] for e in reply["evidence"]] == ["2026-04-24"]


def test_a_mistyped_db_path_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "kith.db"
    result = CliRunner().invoke(app, ["--db", str(missing), "people"])
    assert result.exit_code == 2
    assert "no such folder" in result.stderr and str(missing.parent) in result.stderr
    assert not missing.parent.exists()
