"""Who the user is stays who they said: guesses never take `me` over, the owner is no contact.

Each test replays a problem a tester found, through the CLI, on corpus files copied
into the test's own folder.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kith.cli import app
from kith.identity import email_identity
from kith.models import ImportReport, PersonRef, TouchRecord
from kith.store import Store

MAYA = ["--name", "Maya Hartmann", "--email", "maya.hartmann@example.com"]
JONAS = "jonas@brandtventures.example.com"
# An invitation Jonas sent Lena: the user (Maya) is not in it.
JONAS_INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:20240320T090000Z
DTEND:20240320T100000Z
DTSTAMP:20240310T120000Z
ORGANIZER;CN=Jonas Brandt:mailto:jonas@brandtventures.example.com
UID:jonas-lena-coaching-001@example.com
ATTENDEE;CN=Jonas Brandt;PARTSTAT=ACCEPTED:mailto:jonas@brandtventures.example.com
ATTENDEE;CN=Lena Fischer;PARTSTAT=NEEDS-ACTION:mailto:lena.fischer@example.com
SUMMARY:Coaching intro
LOCATION:https://meet.google.com/abc-defg-hij
END:VEVENT
END:VCALENDAR
"""
BEN_AND_CY = (
    "From ben@example.com Thu Mar 12 09:15:00 2026\n"
    "From: Ben Okafor <ben@example.com>\nTo: Cy Doe <cy@example.com>\n"
    "Subject: Workshop\nMessage-ID: <1@example.com>\nDate: Thu, 12 Mar 2026 09:15:00 +0000\n\n"
    "Did you see the notes?\n\n"
    "From cy@example.com Thu Mar 12 09:20:00 2026\n"
    "From: Cy Doe <cy@example.com>\nTo: Ben Okafor <ben@example.com>\n"
    "Subject: Re: Workshop\nMessage-ID: <2@example.com>\nIn-Reply-To: <1@example.com>\n"
    "Date: Thu, 12 Mar 2026 09:20:00 +0000\n\nYes, loved it.\n\n"
    "From ben@example.com Thu Mar 12 09:25:00 2026\n"
    "From: Ben Okafor <ben@example.com>\nTo: Cy Doe <cy@example.com>\n"
    "Subject: Re: Workshop\nMessage-ID: <3@example.com>\nIn-Reply-To: <2@example.com>\n"
    "Date: Thu, 12 Mar 2026 09:25:00 +0000\n\nGreat.\n\n"
)


def kith(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.stderr or result.stdout
    return result.stdout


def kith_json(db: Path, *args: str) -> Any:
    return json.loads(kith(db, *args, "--json"))


def copy(corpus: Path, relative: str, tmp_path: Path) -> str:
    target = tmp_path / Path(relative).name
    shutil.copy(corpus / relative, target)
    return str(target)


def me_values(db: Path) -> set[str]:
    return {i["value"] for i in kith_json(db, "me")["identities"]}


def people_named(db: Path, query: str) -> list[dict[str, Any]]:
    return list(kith_json(db, "people", query, "--all")["items"])


# -- 1: a guess never contradicts who the user said they are ---------------------------


def test_someone_elses_invite_does_not_make_its_organiser_me(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kith.db"
    invite = tmp_path / "jonas_invite.ics"
    invite.write_text(JONAS_INVITE, encoding="utf-8")
    kith(db, "me", *MAYA)
    report = kith_json(db, "import", str(invite))
    assert me_values(db) == {"maya.hartmann@example.com"}
    assert report["touches_added"] == 0
    assert any("someone else's calendar" in s["reason"] for s in report["skipped"])
    mail = kith_json(db, "import", copy(corpus, "mbox/synthetic_gmail-takeout.mbox", tmp_path))
    assert mail["me"] != "Jonas Brandt"
    assert me_values(db) == {"maya.hartmann@example.com"}
    assert [p["name"] for p in people_named(db, "Jonas")] == ["Jonas Brandt"]


def test_a_guessed_owner_who_contradicts_me_is_reported_not_kept(tmp_path: Path) -> None:
    """The user gave only a name, so a mailbox between two others can only guess."""
    db = tmp_path / "kith.db"
    kith(db, "me", "--name", "Maya Hartmann")
    mail = tmp_path / "forwarded.mbox"
    mail.write_text(BEN_AND_CY, encoding="utf-8")
    report = kith_json(db, "import", str(mail))
    assert report["me"] == "Ben Okafor"  # a guess is reported…
    assert any("not kept as yours" in s["reason"] for s in report["skipped"])
    assert me_values(db) == set()  # …never kept
    assert kith_json(db, "me")["name"] == "Maya Hartmann"


def test_with_only_my_name_an_invite_can_only_guess_and_the_guess_is_not_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kith.db"
    invite = tmp_path / "jonas_invite.ics"
    invite.write_text(JONAS_INVITE, encoding="utf-8")
    kith(db, "me", "--name", "Maya Hartmann")
    report = kith_json(db, "import", str(invite))
    assert report["me"] == "Jonas Brandt"
    assert any("not kept as yours" in s["reason"] for s in report["skipped"])
    assert me_values(db) == set()
    named = tmp_path / "named.ics"  # the user, by the name they gave, is in this one
    named.write_text(JONAS_INVITE.replace("Lena Fischer", "Maya Hartmann"), encoding="utf-8")
    assert kith_json(db, "import", str(named))["me"] == "Maya Hartmann"
    assert me_values(db) == {"lena.fischer@example.com"}


def test_kith_me_can_take_an_identity_back(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    kith(db, "me", *MAYA, "--email", JONAS, "--phone", "+49 151 0000 0100")
    kith(db, "me", "--remove-email", JONAS.upper(), "--remove-phone", "+49 151 0000 0100")
    assert me_values(db) == {"maya.hartmann@example.com"}
    result = CliRunner().invoke(app, ["--db", str(db), "me", "--remove-email", "no@x.example"])
    assert result.exit_code == 2  # a usage error, like any value Kith cannot take
    assert "not one of yours" in result.stderr


# -- 2: the owner of a chat is no contact once `kith me` names them ----------------------


def test_the_chat_person_with_my_name_becomes_me_and_keeps_every_message(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kith.db"
    chat = copy(corpus, "whatsapp/synthetic_ios__chat.txt", tmp_path)
    kith(db, "import", chat)
    touches_before = kith_json(db, "stats")["touches"]
    said = kith_json(db, "me", *MAYA)
    assert people_named(db, "Maya") == []
    assert "whatsapp:maya hartmann" in me_values(db)
    assert said["absorbed"][0]["name"] == "Maya Hartmann"
    assert kith_json(db, "stats")["touches"] == touches_before
    outs = [
        t["direction"]
        for who in ("Jonas", "Lena", "Dev", "Priyanka")
        for t in kith_json(db, "show", who)["touches"]
    ]
    assert outs.count("out") == 5  # Maya's five messages, each to the author before it
    again = kith_json(db, "import", chat)
    assert (again["touches_added"], again["people_created"]) == (0, 0)


def test_a_chat_person_with_my_name_and_more_is_left_and_named(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kith.db"
    kith(db, "import", copy(corpus, "whatsapp/synthetic_ios__chat.txt", tmp_path))
    kith(db, "tag", "Maya Hartmann", "friend")  # something of the user's hangs on them
    said = kith_json(db, "me", *MAYA)
    assert said["absorbed"] == []
    assert [(p["name"], p["identity"]) for p in said["holding"]] == [
        ("Maya Hartmann", "whatsapp:maya hartmann")
    ]
    assert people_named(db, "Maya")[0]["touch_count"] == 5


# -- 3: unmerge after an undo brings back nothing of the undone import --------------------


def test_unmerge_after_undoing_the_import_restores_nothing_of_it(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kith.db"
    kith(db, "import", copy(corpus, "csv/synthetic_google_contacts.csv", tmp_path))
    kith(db, "import", copy(corpus, "whatsapp/synthetic_ios__chat.txt", tmp_path))
    card = people_named(db, "Jonas")
    chat_jonas = max(p["id"] for p in card)
    kith(db, "merge", str(min(p["id"] for p in card)), str(chat_jonas))
    kith(db, "import", "--undo", "2")
    count = kith_json(db, "people", "--all")["total"]
    result = CliRunner().invoke(app, ["--db", str(db), "unmerge", "1"])
    assert result.exit_code == 1
    assert "import 2" in result.stderr and "undone" in result.stderr
    assert kith_json(db, "people", "--all")["total"] == count
    kith(db, "import", "--undo", "1")
    assert kith_json(db, "people", "--all")["total"] == 0


# -- 4: a message naming the user as the other person is no contact ----------------------


def test_a_message_to_myself_makes_no_contact(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    kith(db, "me", *MAYA)
    engagement = tmp_path / "engagement.csv"
    engagement.write_text(
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2024-03-01,linkedin,https://linkedin.com/posts/1,Maya Hartmann,"
        "https://linkedin.com/in/maya-hartmann,comment,Thanks all!\n"
        "2024-03-01,linkedin,https://linkedin.com/posts/1,Ana Ruiz,"
        "https://linkedin.com/in/ana-ruiz,comment,Great post\n",
        encoding="utf-8",
    )
    kith(db, "me", "--profile", "https://www.linkedin.com/in/maya-hartmann/")
    report = kith_json(db, "import", str(engagement))
    assert report["people_created"] == 1
    assert any("your own comment" in s["reason"] for s in report["skipped"])
    assert people_named(db, "Maya") == []


def test_a_touch_naming_me_is_skipped_by_the_store(db_url: str) -> None:
    """Whatever the importer believed, the store makes no contact of the user."""
    store = Store.open(db_url)
    try:
        maya = email_identity("maya.hartmann@example.com")
        assert maya is not None
        store.set_me("Maya Hartmann", [maya])
        at = datetime(2024, 3, 1, tzinfo=UTC)
        records = [
            TouchRecord("x", "x:1", PersonRef("Maya", (maya,)), "chat", "in", at, "hi me"),
            TouchRecord("x", "x:2", PersonRef("Ana Ruiz"), "chat", "in", at, "hi Maya"),
        ]
        report = store.ingest(records, ImportReport(source="x", files=["chat.txt"]))
        assert (report.people_created, report.touches_added, report.touches_skipped) == (1, 1, 1)
        assert report.skipped[0].reason.startswith("a message to yourself")
        assert [p["name"] for p in store.list_people()] == ["Ana Ruiz"]
    finally:
        store.close()


# -- 5: `kith me` is one transaction and says what it did --------------------------------


def test_kith_me_says_which_cards_it_absorbed_and_who_holds_my_identities(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kith.db"
    kith(db, "import", copy(corpus, "csv/synthetic_google_contacts.csv", tmp_path))
    said = kith_json(db, "me", *MAYA)
    assert [p["name"] for p in said["absorbed"]] == ["Maya Hartmann"]
    kith(db, "import", copy(corpus, "mbox/synthetic_gmail-takeout.mbox", tmp_path))
    text = kith(db, "me", "--email", "daniel@oseiwrites.example.com")
    assert "Daniel Osei" in text and "kith forget" in text  # he wrote: left alone, named
