"""One person, one answer: the list, `show`, `brief`, the coach and the web page agree.

Each test here was a disagreement a new user met on the same person on the same
day: a stage in the list that `show` contradicted, a coach that counted a public
comment as their last message, a birthday imported and never shown, two strengths.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
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


# -- 2. the coach and the agenda agree on who is waiting for whom ---------------------
def ago(delta: timedelta) -> str:
    return (datetime.now(UTC) - delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def log(db: Path, who: str, channel: str, direction: str, delta: timedelta, note: str) -> None:
    kith(
        db,
        "log",
        who,
        "--channel",
        channel,
        "--direction",
        direction,
        "--at",
        ago(delta),
        "--note",
        note,
    )


def coach_to(db: Path, who: str) -> dict[str, Any]:
    return as_json(db, "coach", "Thanks for this! What would help most?", "--to", who)


def agenda_actions(db: Path, person_id: int) -> set[str]:
    items = as_json(db, "today")["items"]
    return {i["action"] for i in items if i["person"]["id"] == person_id}


def test_their_public_comment_after_their_dm_leaves_the_dm_as_their_last_message(
    engaged: Path,
) -> None:
    ask = "Could you send me the outline of the onboarding workshop?"
    log(engaged, "Gaurav", "dm", "in", timedelta(days=2), ask)
    log(engaged, "Gaurav", "comment", "in", timedelta(hours=20), "Great post, as always")
    data = coach_to(engaged, "Gaurav")
    assert data["to"]["last_message"]["text"] == ask
    assert data["to"]["last_message"]["channel"] == "dm"
    gaurav = as_json(engaged, "show", "Gaurav")["id"]
    assert "reply" in agenda_actions(engaged, gaurav)


def test_their_public_comment_does_not_answer_the_users_dm(engaged: Path) -> None:
    log(engaged, "Gaurav", "dm", "out", timedelta(hours=30), "Would you like to co-host a session?")
    log(engaged, "Gaurav", "comment", "in", timedelta(hours=20), "Great post, as always")
    data = coach_to(engaged, "Gaurav")
    assert data["to"]["last_message"] is None  # nothing of theirs waits for an answer
    assert data["to"]["polite_wait_until"] is not None  # the user waits for them
    gaurav = as_json(engaged, "show", "Gaurav")["id"]
    assert "reply" not in agenda_actions(engaged, gaurav)


def test_the_users_public_comment_is_not_a_message_that_waits_for_them(engaged: Path) -> None:
    ask = "Could you send me the outline of the onboarding workshop?"
    log(engaged, "Gaurav", "dm", "in", timedelta(days=2), ask)
    log(engaged, "Gaurav", "comment", "out", timedelta(hours=1), "Thanks Gaurav, glad it helped")
    data = coach_to(engaged, "Gaurav")
    assert data["to"]["last_message"]["text"] == ask  # still owed, as the agenda says
    assert data["to"]["polite_wait_until"] is None
    assert "pressure" not in {f["kind"] for f in data["flags"]}  # answering is not chasing
    gaurav = as_json(engaged, "show", "Gaurav")["id"]
    assert "reply" in agenda_actions(engaged, gaurav)


# -- 3. what their contact card says is shown -----------------------------------------
NOTE = (
    "Met at the Lisbon L&D summit; she runs the onboarding of forty store managers a "
    "year and wants to replace the PDF with cohorts. Prefers mornings; two kids; ask "
    "about the half-marathon in October. Introduced by Sofia Carvalho."
)
CARD = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nORG:Northwind\nEMAIL:ana@example.com\n"
    f"BDAY:1984-06-21\nNOTE:{NOTE.replace(';', chr(92) + ';')}\nEND:VCARD\n"
)


@pytest.fixture
def carded(tmp_path: Path) -> Path:
    db = tmp_path / "kith.db"
    card = tmp_path / "ana.vcf"
    card.write_text(CARD, encoding="utf-8")
    kith(db, "import", str(card))
    return db


def test_brief_shows_the_birthday_with_its_next_occurrence_and_the_notes(carded: Path) -> None:
    data = as_json(carded, "brief", "Ana", "--as-of", "2026-05-01")
    (birthday,) = data["dates"]
    assert birthday["kind"] == "birthday" and (birthday["month"], birthday["day"]) == (6, 21)
    assert birthday["next"] == "2026-06-21" and birthday["in_days"] == 51
    assert birthday["years"] == 42
    assert data["notes"] == NOTE  # whole in JSON
    out = kith(carded, "brief", "Ana", "--as-of", "2026-05-01").stdout
    assert "Birthday: 21 Jun — next 2026-06-21 (in 51 days, turns 42)" in out
    notes = next(line for line in out.splitlines() if line.startswith("Notes: "))
    assert notes.startswith("Notes: Met at the Lisbon") and notes.endswith("…")
    assert len(notes) < len(NOTE)  # shortened on screen


def test_show_shows_the_birthday_and_the_notes(carded: Path) -> None:
    data = as_json(carded, "show", "Ana")
    (birthday,) = data["dates"]
    assert (birthday["month"], birthday["day"], birthday["year"]) == (6, 21, 1984)
    assert birthday["next"].endswith("-06-21") and 0 <= birthday["in_days"] <= 366
    assert data["notes"] == NOTE
    out = kith(carded, "show", "Ana").stdout
    assert "Birthday: 21 Jun — next " in out and "Notes: Met at the Lisbon" in out


GOOGLE = (
    "First Name,Last Name,Organization Name,Birthday,Notes,E-mail 1 - Label,E-mail 1 - Value\n"
    'Bo,Lindgren,Fjordline,--03-02,"Prefers WhatsApp.\nTime zone: CET",* Work,bo@example.com\n'
)


def test_a_year_less_birthday_and_notes_from_google_contacts(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(GOOGLE, encoding="utf-8")
    kith(db, "import", str(contacts))
    data = as_json(db, "brief", "Bo", "--as-of", "2026-05-01")
    assert data["dates"] == [
        {
            "kind": "birthday",
            "label": "birthday",
            "month": 3,
            "day": 2,
            "year": None,
            "next": "2027-03-02",
            "in_days": 305,
            "years": None,
        }
    ]
    assert data["notes"] == "Prefers WhatsApp.\nTime zone: CET"
    out = kith(db, "brief", "Bo", "--as-of", "2026-05-01").stdout
    assert "Birthday: 2 Mar — next 2027-03-02 (in 305 days)" in out
    assert "Notes: Prefers WhatsApp. Time zone: CET" in out
    assert as_json(db, "show", "Bo")["notes"] == data["notes"]


# -- 4. one strength: the brief's and the web person page's --------------------------
def test_brief_and_the_person_page_show_one_strength(carded: Path) -> None:
    from web_browser import make_client  # the web app on this database, as of 2026-05-01

    kith(carded, "log", "Ana", "--channel", "call", "--at", "2025-06-02T10:00")
    kith(carded, "log", "Ana", "--channel", "dm", "--at", "2025-06-03T10:00", "--note", "Hi")
    brief = as_json(carded, "brief", "Ana", "--as-of", "2026-05-01")
    strength = brief["strength"]["strength"]
    with make_client(carded) as client:
        page = client.get(f"/people/{brief['person']['id']}").text
        shown = client.get(f"/api/people/{brief['person']['id']}").json()
    assert f"strength {strength:.2f}" in page
    assert shown["strength"]["strength"] == shown["brief"]["strength"]["strength"] == strength
    # What the store keeps is the strength at their last touch: a year of silence decays it.
    assert shown["summary"]["strength_at_last_touch"] > strength
    assert "strength" not in shown["summary"]


def test_the_coach_reads_trust_from_the_strength_the_brief_gives(carded: Path) -> None:
    from kith.service import coach as coach_service
    from kith.service import open_store

    long_note = " ".join(["the onboarding cohorts and what the store managers need"] * 300)
    for day in ("2023-05-02", "2024-05-02", "2026-04-01"):
        kith(carded, "log", "Ana", "--channel", "call", "--at", f"{day}T10:00", "--note", long_note)
    kith(
        carded,
        "log",
        "Ana",
        "--channel",
        "email",
        "--direction",
        "in",
        "--at",
        "2026-04-02T10:00",
        "--note",
        long_note,
    )
    brief = as_json(carded, "brief", "Ana", "--as-of", "2027-04-01")
    stored = as_json(carded, "show", "Ana")["summary"]["strength_at_last_touch"]
    assert stored >= 0.6 > brief["strength"]["strength"]  # a year of silence since
    store = open_store(carded)
    try:
        data = coach_service.coach(
            store, "How are the cohorts going?", "Ana", now=datetime(2027, 4, 1, tzinfo=UTC)
        )
    finally:
        store.close()
    assert data["to"]["trust"] == "some"  # not "close" from the strength of a year ago
