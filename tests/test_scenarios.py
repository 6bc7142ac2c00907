"""Every agenda action in a small world built through the importers and the CLI,
at a pinned `--as-of`: one world where it must appear, one where it must not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app

AS_OF = "2026-05-06"  # a Wednesday
runner = CliRunner()

PEOPLE = {
    "Gaurav Mehta": "gaurav@example.com",
    "Ana Ruiz": "ana@example.com",
    "Bo Lindgren": "bo@example.com",
}


class World:
    """A temporary database built the way a user builds theirs."""

    def __init__(self, tmp: Path, birthdays: dict[str, str] | None = None) -> None:
        self.tmp = tmp
        self.db = tmp / "kith.db"
        cards = []
        for name, email in PEOPLE.items():
            bday = f"BDAY:{birthdays[name]}\n" if birthdays and name in birthdays else ""
            cards.append(f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{email}\n{bday}END:VCARD\n")
        path = tmp / "people.vcf"
        path.write_text("".join(cards), encoding="utf-8")
        self.kith("import", "vcard", str(path))

    def kith(self, *args: str) -> Any:
        result = runner.invoke(app, ["--db", str(self.db), *args])
        assert result.exit_code == 0, result.output
        return result

    def log(self, who: str, channel: str, at: str, *extra: str) -> None:
        self.kith("log", who, "--channel", channel, "--at", at, *extra)

    def engagement(self, rows: list[tuple[str, str, str, str]]) -> None:
        """(date, post, person, text) comments on the user's posts."""
        lines = ["date,platform,post_url,person_name,profile_url,kind,text"]
        for at, post, name, text in rows:
            slug = name.lower().replace(" ", "-")
            lines.append(
                f"{at},linkedin,https://example.com/posts/{post},{name},"
                f"https://www.linkedin.com/in/{slug},comment,{text}"
            )
        path = self.tmp / "engagement.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.kith("import", "engagement", str(path))

    def today(self, as_of: str = AS_OF) -> list[dict[str, Any]]:
        data = json.loads(self.kith("today", "--as-of", as_of, "--json").stdout)
        return list(data["items"])

    def actions(self, who: str, as_of: str = AS_OF) -> list[str]:
        return [i["action"] for i in self.today(as_of) if i["person"]["name"].startswith(who)]

    def item(self, who: str, action: str, as_of: str = AS_OF) -> dict[str, Any]:
        found = [
            i
            for i in self.today(as_of)
            if i["person"]["name"].startswith(who) and i["action"] == action
        ]
        assert found, f"no {action} for {who}: {self.today(as_of)}"
        return found[0]

    def show(self, who: str) -> dict[str, Any]:
        return dict(json.loads(self.kith("show", who, "--json").stdout))


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


# -- engaged: send_dm, propose_call -----------------------------------------------------
def test_send_dm_to_a_repeat_engager(world: World) -> None:
    world.engagement(
        [
            ("2026-04-01T09:00:00Z", "a", "Cleo Park", "This framework saved my week"),
            ("2026-04-15T09:00:00Z", "b", "Cleo Park", "Exactly what my team leads need"),
            ("2026-04-29T09:00:00Z", "c", "Cleo Park", "Would love your take on peer feedback"),
        ]
    )
    item = world.item("Cleo", "send_dm")
    assert item["channel"] == "dm" and "peer feedback" in item["draft"]


def test_no_send_dm_for_two_posts(world: World) -> None:
    world.engagement(
        [
            ("2026-04-01T09:00:00Z", "a", "Cleo Park", "Nice"),
            ("2026-04-15T09:00:00Z", "b", "Cleo Park", "Agreed"),
        ]
    )
    assert "send_dm" not in world.actions("Cleo")


def _thread(world: World, who: str, days: list[tuple[str, str]]) -> None:
    for at, direction in days:
        world.log(who, "dm", at, "--direction", direction, "--note", f"note {at}")


def test_propose_call_on_a_live_thread(world: World) -> None:
    _thread(
        world,
        "Gaurav",
        [("2026-04-20", "in"), ("2026-04-21", "out"), ("2026-04-27", "in"), ("2026-04-28", "out")],
    )
    assert world.item("Gaurav", "propose_call")["channel"] == "call"


def test_no_propose_call_once_you_have_spoken(world: World) -> None:
    _thread(
        world,
        "Gaurav",
        [("2026-04-20", "in"), ("2026-04-21", "out"), ("2026-04-27", "in"), ("2026-04-28", "out")],
    )
    world.log("Gaurav", "call", "2026-04-10T10:00")
    assert "propose_call" not in world.actions("Gaurav")


# -- connected: follow_up ------------------------------------------------------------
def test_follow_up_after_a_call_with_times(world: World) -> None:
    world.log("Ana", "call", "2026-05-05T15:00", "--note", "her onboarding redesign")
    world.kith("topic", "Ana", "add", "onboarding redesign")
    item = world.item("Ana", "follow_up")
    assert "onboarding redesign" in item["draft"]
    assert item["draft"].count(" at ") >= 3  # three proposed times


def test_no_follow_up_once_you_wrote(world: World) -> None:
    world.log("Ana", "call", "2026-05-05T15:00")
    world.log("Ana", "email", "2026-05-05T18:00", "--note", "Thanks — two ideas and times")
    assert "follow_up" not in world.actions("Ana")


# -- exploring, brainstorming, converging --------------------------------------------------
def test_send_material_before_an_exploring_conversation(world: World) -> None:
    world.log("Ana", "call", "2026-04-20T15:00")
    world.log("Ana", "email", "2026-04-21T09:00")
    world.log("Ana", "video", "2026-05-08T10:00", "--planned", "--purpose", "explore")
    assert world.item("Ana", "send_material")["due"] == "2026-05-07"
    assert world.show("Ana")["stage"] == "exploring"


def test_no_send_material_when_the_conversation_is_weeks_away(world: World) -> None:
    world.log("Ana", "call", "2026-04-20T15:00")
    world.log("Ana", "email", "2026-04-21T09:00")
    world.log("Ana", "video", "2026-06-08T10:00", "--planned", "--purpose", "explore")
    assert "send_material" not in world.actions("Ana")


def test_calendar_title_is_evidence_of_purpose(world: World) -> None:
    world.log("Bo", "video", "2026-05-08T10:00", "--planned", "--note", "Brainstorm: pilot ideas")
    assert world.show("Bo")["stage"] == "brainstorming"


def test_book_converge_after_a_brainstorm(world: World) -> None:
    world.kith("goal", "Bo", "collaborate")
    world.log("Bo", "video", "2026-05-04T10:00", "--purpose", "brainstorm")
    world.log("Bo", "email", "2026-05-04T16:00", "--note", "Thanks for the ideas")
    item = world.item("Bo", "book_converge")
    assert "4 May" in item["why"] and item["draft"]


def test_no_book_converge_when_it_is_booked(world: World) -> None:
    world.log("Bo", "video", "2026-05-04T10:00", "--purpose", "brainstorm")
    world.log("Bo", "email", "2026-05-04T16:00")
    world.log("Bo", "video", "2026-05-07T10:00", "--planned", "--purpose", "converge")
    assert "book_converge" not in world.actions("Bo")


def test_send_summary_before_the_converging_session(world: World) -> None:
    world.log("Bo", "video", "2026-05-01T10:00", "--purpose", "brainstorm", "--note", "12 ideas")
    world.log("Bo", "video", "2026-05-08T10:00", "--planned", "--purpose", "converge")
    item = world.item("Bo", "send_summary")
    assert "12 ideas" in item["draft"]
    assert world.show("Bo")["stage"] == "converging"


def test_no_send_summary_once_it_is_sent(world: World) -> None:
    world.log("Bo", "video", "2026-05-01T10:00", "--purpose", "brainstorm")
    world.log("Bo", "email", "2026-05-02T10:00", "--note", "Summary: the two favourites")
    world.log("Bo", "video", "2026-05-08T10:00", "--planned", "--purpose", "converge")
    assert "send_summary" not in world.actions("Bo")


# -- acting: check_in_call, acknowledge_delay, say_hello ---------------------------------
def test_check_in_call_when_their_item_is_overdue(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.kith("action", "add", "Ana", "Send the survey", "--owner", "them", "--due", "2026-05-01")
    item = world.item("Ana", "check_in_call")
    assert item["channel"] == "call" and item["draft"] is None
    assert item["evidence"][0]["kind"] == "action_item"
    assert world.show("Ana")["stage"] == "acting"


def test_no_check_in_call_before_the_due_date(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.kith("action", "add", "Ana", "Send the survey", "--owner", "them", "--due", "2026-05-20")
    assert "check_in_call" not in world.actions("Ana")


def test_acknowledge_delay_when_mine_is_overdue(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.kith("action", "add", "Ana", "Send the proposal", "--owner", "me", "--due", "2026-05-04")
    item = world.item("Ana", "acknowledge_delay")
    assert "send the proposal" in item["draft"] and "late" in item["draft"]


def test_no_acknowledge_delay_once_done(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    added = world.kith(
        "action",
        "add",
        "Ana",
        "Send the proposal",
        "--owner",
        "me",
        "--due",
        "2026-05-04",
        "--json",
    )
    world.kith("action", "done", str(json.loads(added.stdout)["id"]))
    assert "acknowledge_delay" not in world.actions("Ana")


def test_say_hello_when_acting_and_quiet(world: World) -> None:
    world.log("Ana", "call", "2026-03-20T10:00")
    world.kith("action", "add", "Ana", "Run the pilot", "--owner", "them", "--due", "2026-07-01")
    assert world.item("Ana", "say_hello")["draft"]


def test_no_say_hello_after_a_recent_conversation(world: World) -> None:
    world.log("Ana", "call", "2026-05-01T10:00")
    world.log("Ana", "email", "2026-05-01T15:00")
    world.kith("action", "add", "Ana", "Run the pilot", "--owner", "them", "--due", "2026-07-01")
    assert "say_hello" not in world.actions("Ana")


# -- reply, nudge, close, reconnect ---------------------------------------------------------
def test_reply_when_they_wrote_last(world: World) -> None:
    world.log("Gaurav", "email", "2026-05-05T09:00", "--direction", "in", "--note", "Pricing?")
    assert world.item("Gaurav", "reply")["channel"] == "email"


def test_no_reply_once_answered(world: World) -> None:
    world.log("Gaurav", "email", "2026-05-05T09:00", "--direction", "in")
    world.log("Gaurav", "email", "2026-05-05T12:00")
    assert "reply" not in world.actions("Gaurav")


def test_nudge_after_the_polite_wait(world: World) -> None:
    world.log("Gaurav", "email", "2026-04-20T09:00", "--direction", "in")
    world.log("Gaurav", "email", "2026-04-30T09:00", "--note", "the workshop outline")
    assert "workshop outline" in world.item("Gaurav", "nudge")["draft"]


def test_no_nudge_within_a_business_day(world: World) -> None:
    world.log("Gaurav", "email", "2026-04-20T09:00", "--direction", "in")
    world.log("Gaurav", "email", "2026-05-06T09:00")
    assert "nudge" not in world.actions("Gaurav")


def test_no_nudge_or_reply_once_you_have_spoken_since(world: World) -> None:
    world.log("Bo", "dm", "2026-04-20T09:00", "--note", "Coffee on Wednesday?")
    world.log("Ana", "dm", "2026-04-20T09:00", "--direction", "in", "--note", "Call me?")
    for who in ("Bo", "Ana"):
        world.log(who, "meeting", "2026-04-22T09:00")
    assert {"nudge", "reply"}.isdisjoint(world.actions("Bo") + world.actions("Ana"))
    # the same threads without the meeting owe a nudge and a reply
    world.log("Gaurav", "dm", "2026-04-20T09:00", "--note", "Coffee on Wednesday?")
    assert "nudge" in world.actions("Gaurav")


def test_close_after_two_nudges(world: World) -> None:
    world.log("Gaurav", "email", "2026-04-10T09:00", "--direction", "in")
    for day in ("2026-04-13", "2026-04-20", "2026-04-27"):
        world.log("Gaurav", "email", f"{day}T09:00")
    item = world.item("Gaurav", "close")
    assert "thank you for your time" in item["draft"].lower()


def test_close_when_you_see_no_fit(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.kith("tag", "Ana", "no-fit")
    assert "close" in world.actions("Ana")


def test_no_close_when_they_answered(world: World) -> None:
    world.log("Gaurav", "email", "2026-04-10T09:00", "--direction", "in")
    for day in ("2026-04-13", "2026-04-20"):
        world.log("Gaurav", "email", f"{day}T09:00")
    world.log("Gaurav", "email", "2026-04-21T09:00", "--direction", "in")
    assert "close" not in world.actions("Gaurav")


def test_reconnect_on_cadence(world: World) -> None:
    world.log("Bo", "call", "2026-03-20T10:00")
    world.log("Bo", "email", "2026-03-20T15:00")
    world.kith("cadence", "Bo", "monthly")
    assert "you set" in world.item("Bo", "reconnect")["why"]


def test_no_reconnect_after_a_logged_call(world: World) -> None:
    world.log("Bo", "call", "2026-03-20T10:00")
    world.kith("cadence", "Bo", "monthly")
    world.log("Bo", "call", "2026-05-01T10:00")
    world.log("Bo", "email", "2026-05-01T15:00")
    assert "reconnect" not in world.actions("Bo")


# -- maintaining: share, introduce -----------------------------------------------------------
def test_share_news_that_matches_a_topic(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.log("Ana", "email", "2026-04-01T15:00")
    world.log("Ana", "email", "2026-04-02T15:00", "--direction", "in")
    world.kith("topic", "Ana", "add", "climate tech podcasts")
    world.kith(
        "share",
        "add",
        "https://news.example.com/p",
        "A new network of climate tech podcasts",
        "--at",
        "2026-05-04",
    )
    item = world.item("Ana", "share")
    assert "https://news.example.com/p" in item["draft"]


def test_share_through_a_feed_import(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.log("Ana", "email", "2026-04-01T15:00")
    world.log("Ana", "email", "2026-04-02T15:00", "--direction", "in")
    world.kith("topic", "Ana", "add", "manager onboarding")
    feed = world.tmp / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>HR News</title>'
        "<item><title>Why manager onboarding fails</title><link>https://hr.example.com/1</link>"
        "<guid>hr-1</guid><pubDate>Mon, 04 May 2026 08:00:00 GMT</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    world.kith("import", "feed", str(feed))
    assert "share" in world.actions("Ana")


def test_no_share_when_nothing_matches(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.kith("topic", "Ana", "add", "sourdough baking")
    world.kith(
        "share", "add", "https://news.example.com/p", "Climate tech podcasts", "--at", "2026-05-04"
    )
    assert "share" not in world.actions("Ana")


def test_introduce_a_need_to_someone_who_knows(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.log("Bo", "call", "2026-04-02T10:00")
    world.kith("topic", "Ana", "add", "looking for a data engineer")
    world.kith("topic", "Bo", "add", "data engineering")
    item = world.item("Ana", "introduce")
    assert "Bo Lindgren" in item["why"] and "only connect you if you both say yes" in item["draft"]


def test_no_introduce_without_a_match(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.log("Bo", "call", "2026-04-02T10:00")
    world.kith("topic", "Ana", "add", "looking for a data engineer")
    world.kith("topic", "Bo", "add", "pottery")
    assert "introduce" not in world.actions("Ana") + world.actions("Bo")


# -- remember_date ---------------------------------------------------------------------------
def test_remember_a_birthday_this_week_beside_another_item(tmp_path: Path) -> None:
    world = World(tmp_path, birthdays={"Ana Ruiz": "1990-05-09"})
    world.log("Ana", "email", "2026-05-05T09:00", "--direction", "in")
    assert sorted(world.actions("Ana")) == ["remember_date", "reply"]  # truly separate
    assert world.item("Ana", "remember_date")["evidence"][0]["kind"] == "date"


def test_no_remember_date_a_month_away(tmp_path: Path) -> None:
    world = World(tmp_path, birthdays={"Ana Ruiz": "1990-06-09"})
    world.log("Ana", "email", "2026-05-05T09:00", "--direction", "in")
    assert "remember_date" not in world.actions("Ana")


# -- the journey ------------------------------------------------------------------------------
def test_connect_goal_keeps_the_journey_short(world: World) -> None:
    world.log("Ana", "call", "2026-04-01T10:00")
    world.log("Ana", "email", "2026-04-01T15:00")
    assert world.show("Ana")["stage"] == "maintaining"
    world.kith("goal", "Bo", "collaborate")
    world.log("Bo", "call", "2026-04-01T10:00")
    world.log("Bo", "email", "2026-04-01T15:00")
    assert world.show("Bo")["stage"] == "connected"


def test_stage_history_keeps_cause_and_date(world: World) -> None:
    world.kith("goal", "Bo", "collaborate")
    world.log("Bo", "email", "2026-03-01T10:00", "--direction", "in")
    world.log("Bo", "call", "2026-03-10T10:00")
    world.log("Bo", "video", "2026-04-10T10:00", "--purpose", "explore")
    history = world.show("Bo")["stage_history"]
    assert [h["stage"] for h in history] == ["engaged", "connected", "exploring"]
    assert history[1]["at"].startswith("2026-03-10") and "call" in history[1]["cause"]


def test_the_stage_the_user_sets_wins_until_new_evidence(world: World) -> None:
    world.log("Bo", "video", "2026-04-10T10:00", "--purpose", "brainstorm")
    world.kith("stage", "Bo", "exploring", "--at", "2026-04-20")
    assert world.show("Bo")["stage"] == "exploring"
    world.log("Bo", "video", "2026-05-08T10:00", "--planned", "--purpose", "converge")
    shown = world.show("Bo")
    assert shown["stage"] == "converging"
    assert [h["cause"] for h in shown["stage_history"]][-2:] == [
        "set by you",
        "a converging video planned for 2026-05-08",
    ]


def test_closed_gets_only_what_was_agreed(world: World) -> None:
    world.log("Gaurav", "email", "2026-05-05T09:00", "--direction", "in")
    world.kith("stage", "Gaurav", "closed", "--at", "2026-05-05T10:00")
    assert world.actions("Gaurav") == []
    world.kith("cadence", "Gaurav", "quarterly")
    assert world.actions("Gaurav", "2026-08-10") == ["reconnect"]


# -- the demo's year shows every kind of action ----------------------------------------------
DEMO_END = "2026-05-01"
DEMO_DATES = {  # docs/engine.md lists these for the tour
    "2026-04-11": {"book_converge"},
    DEMO_END: {"send_dm", "propose_call", "reply", "nudge", "follow_up", "reconnect", "close"},
    "2026-05-04": {"send_material", "send_summary", "remember_date"},
    "2026-05-05": {"acknowledge_delay"},
    "2026-05-11": {"check_in_call", "share"},
    "2026-05-31": {"say_hello"},
    "2026-06-15": {"introduce"},
}


def test_the_demo_year_shows_every_action(tmp_path: Path) -> None:
    from kith.models import ACTIONS

    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["--db", str(db), "demo", "--as-of", DEMO_END, "--json"])
    assert result.exit_code == 0, result.output
    seen: set[str] = set()
    for day, expected in sorted(DEMO_DATES.items()):
        out = runner.invoke(app, ["--db", str(db), "today", "--as-of", day, "--json"])
        assert out.exit_code == 0, out.output
        kinds = {item["action"] for item in json.loads(out.stdout)["items"]}
        assert expected <= kinds, (day, expected - kinds)
        seen |= kinds
    assert seen == set(ACTIONS)
