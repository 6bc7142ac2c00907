"""What an import leaves behind, and who ends up a contact: found by a new-user pass.

- `kith import --undo` of a WhatsApp folder removes exactly what it added: the
  people it created (even after `kith show`/`kith today` kept their inferred stage)
  and the `me` identities it added; people that were there before stay as they were.
- The owner of a folder of WhatsApp chats is `me` in every chat they wrote in, never
  also a contact.
- One's own contact card stops being a contact once `kith me` names its identities.
- `people_merged` counts the people already known that an import added to.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.importers import whatsapp
from kith.models import MeRecord, TouchRecord

WHATSAPP_1TO1 = "synthetic_android_12h_nnbsp.txt"  # Maya Hartmann and Sam Whitaker
ANDROID_NAME = "WhatsApp Chat with Sam Whitaker.txt"  # how Android names that export
WHATSAPP_GROUP = "synthetic_ios__chat.txt"  # Maya Hartmann, Dev, Lena, Jonas, Priyanka
GOOGLE_CSV = "synthetic_google_contacts.csv"  # Maya Hartmann's own card comes first
MAYA = {"name": "Maya Hartmann", "email": "maya.hartmann@example.com"}


@pytest.fixture(autouse=True)
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLite file; a test that asks for `db_url` runs on PostgreSQL as well."""
    url = request.getfixturevalue("db_url") if "db_url" in request.fixturenames else ""
    if url.startswith("postgresql"):
        monkeypatch.setenv("KITH_DATABASE_URL", url)
    else:
        monkeypatch.setenv("KITH_DB", str(tmp_path / "kith.db"))


def kith(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def people() -> dict[str, list[str]]:
    """Everyone listed as a contact, by name, with their identities."""
    listed = kith("people", "--limit", "1000")
    rows = listed["items"] if isinstance(listed, dict) else listed
    return {
        row["name"]: sorted(i["value"] for i in kith("show", str(row["id"]))["identities"])
        for row in rows
    }


def state() -> dict[str, Any]:
    return {"people": people(), "me": kith("me"), "stats": kith("stats")}


def chats(corpus: Path, folder: Path, *names: str) -> Path:
    """Copy WhatsApp chats of the corpus into a folder of the test's own."""
    folder.mkdir()
    for name in names or [p.name for p in (corpus / "whatsapp").glob("*.txt")]:
        (folder / name).write_bytes((corpus / "whatsapp" / name).read_bytes())
    return folder


# -- 1. undoing a WhatsApp folder import ------------------------------------------------


def test_undoing_a_whatsapp_folder_import_removes_its_people_and_me_identities(
    tmp_path: Path, corpus: Path, db_url: str
) -> None:
    kith("import", str(corpus / "csv" / GOOGLE_CSV))  # people who were there before
    kith("me", "--phone", "+49 30 000000")  # and a `me` the user gave
    before = state()
    folder = chats(corpus, tmp_path / "chats")
    report = kith("import", str(folder))
    assert report["people_created"] > 20
    assert kith("me")["identities"] != before["me"]["identities"]
    # Looking at people keeps their inferred stage: that must not keep them after undo.
    for row in kith("people", "--limit", "1000")["items"][:5]:
        kith("show", str(row["id"]))
    kith("today")
    kith("import", "--undo", str(report["import_id"]))
    assert state() == before


def test_undo_keeps_a_person_the_user_wrote_something_about(tmp_path: Path, corpus: Path) -> None:
    folder = chats(corpus, tmp_path / "chats", WHATSAPP_1TO1, WHATSAPP_GROUP)
    report = kith("import", str(folder))
    sam = kith("people", "Sam")["items"][0]["id"]
    kith("tag", str(sam), "investor")
    undone = kith("import", "--undo", str(report["import_id"]))
    assert undone["removed"]["people"] == report["people_created"] - 1
    assert list(people()) == ["Sam Whitaker"]


def test_undo_takes_the_candidate_details_read_from_its_messages(tmp_path: Path) -> None:
    """Details waiting for the user were read from the import's messages: they go
    with them, and hold no one (an accepted detail is the user's and would)."""
    day = (datetime.now(UTC) - timedelta(days=10)).strftime("%d/%m/%Y")
    chat = tmp_path / "WhatsApp Chat with Ana Ruiz.txt"
    chat.write_text(
        f"{day}, 09:00 - Ana Ruiz: My daughter Mia starts school next week\n"
        f"{day}, 09:05 - Sam Lee: Good luck to her!\n"
        f"{day}, 09:07 - Ana Ruiz: I just moved to Lisbon last month\n",
        encoding="utf-8",
    )
    report = kith("import", str(chat))
    assert kith("stats")["details_pending"] > 0
    kith("import", "--undo", str(report["import_id"]))
    stats = kith("stats")
    assert (stats["people"], stats["details_pending"]) == (0, 0)


# -- 2. the owner of a WhatsApp folder ---------------------------------------------------


def test_the_owner_of_a_whatsapp_folder_is_me_and_never_a_contact(
    tmp_path: Path, corpus: Path
) -> None:
    folder = chats(corpus, tmp_path / "chats", WHATSAPP_1TO1, WHATSAPP_GROUP)
    # Named as Android names it: the chat with Sam says its other author is the user (a
    # guess from who wrote first would be assumed for the import, never kept as `me`).
    (folder / WHATSAPP_1TO1).rename(folder / ANDROID_NAME)
    # Sam is in the group too: two authors are in every chat, so that rule cannot decide;
    # the one-to-one chat says Maya is the user, and so she is in the group as well.
    group = folder / WHATSAPP_GROUP
    with group.open("a", encoding="utf-8") as out:
        out.write("[16/03/2024, 12:30:00] Sam Whitaker: Count me in next time!\n")
    report = kith("import", str(folder))
    assert report["me"] == "Maya Hartmann"
    assert "Maya Hartmann" not in people()
    assert {"Sam Whitaker", "Dev", "Lena"} <= set(people())
    assert kith("me")["identities"] == [{"kind": "name", "value": "whatsapp:maya hartmann"}]
    # Her messages in the group are the user's: outgoing, to whom she answered.
    sam = kith("people", "Sam")["items"][0]["id"]
    touches = kith("show", str(sam))["touches"]
    assert any(t["direction"] == "out" for t in touches)


# -- 3. one's own contact card -----------------------------------------------------------


def test_kith_me_takes_ones_own_card_out_of_the_contacts(corpus: Path, db_url: str) -> None:
    report = kith("import", str(corpus / "csv" / GOOGLE_CSV))
    assert "Maya Hartmann" in people()
    card = people()["Maya Hartmann"]
    others = {name: ids for name, ids in people().items() if name != "Maya Hartmann"}
    kith("me", "--name", MAYA["name"], "--email", MAYA["email"])
    assert "Maya Hartmann" not in people()
    assert people() == others
    # The card's other addresses and phone are the user's now, as one record said.
    assert sorted(i["value"] for i in kith("me")["identities"]) == card
    # Undoing the import takes back what it brought, and keeps what the user said.
    kith("import", "--undo", str(report["import_id"]))
    assert kith("me")["identities"] == [{"kind": "email", "value": MAYA["email"]}]
    assert kith("stats")["people"] == 0


def test_a_card_naming_me_imported_after_kith_me_is_no_contact(corpus: Path) -> None:
    kith("me", "--name", MAYA["name"], "--email", MAYA["email"])
    report = kith("import", str(corpus / "csv" / GOOGLE_CSV))
    assert "Maya Hartmann" not in people()
    assert report["people_created"] == len(people())
    again = kith("import", str(corpus / "csv" / GOOGLE_CSV))
    assert (again["people_created"], again["people_merged"]) == (0, 0)
    assert "Maya Hartmann" not in people()


def test_kith_me_leaves_a_person_with_history_alone(tmp_path: Path, corpus: Path) -> None:
    """Touches are never deleted: a person who holds the user's address and has a
    conversation stays as they are (the user can `kith forget` or merge them)."""
    kith("import", str(corpus / "csv" / GOOGLE_CSV))
    maya = kith("people", "Maya")["items"][0]["id"]
    kith("log", str(maya), "--channel", "call", "--note", "talked about the offsite")
    kith("me", "--email", MAYA["email"])
    assert "Maya Hartmann" in people()
    assert kith("show", str(maya))["summary"]["touch_count"] == 1


# -- 4. people merged ----------------------------------------------------------------------


def test_people_merged_counts_the_known_people_an_import_added_to(
    tmp_path: Path, corpus: Path, db_url: str
) -> None:
    kith("import", str(corpus / "whatsapp" / WHATSAPP_1TO1))  # Sam Whitaker, and me
    folder = chats(corpus, tmp_path / "chats", WHATSAPP_1TO1, WHATSAPP_GROUP)
    with (folder / WHATSAPP_1TO1).open("a", encoding="utf-8") as out:
        out.write("2/4/24, 9:15\u202fAM - Sam Whitaker: Any news from the board?\n")
    report = kith("import", str(folder))
    assert report["people_merged"] == 1  # Sam, known already, has a new message
    assert report["people_created"] == 4  # the group's other authors
    again = kith("import", str(folder))
    assert (again["people_created"], again["people_merged"]) == (0, 0)


def test_people_merged_counts_each_known_person_once_across_batches(
    tmp_path: Path, db_url: str
) -> None:
    """A person named by many records, in many batches of the import, is one person."""
    header = "date,platform,post_url,person_name,profile_url,kind,text\n"

    def rows(start: int, count: int) -> str:
        return "".join(
            f"2024-01-{1 + n % 28:02d},linkedin,https://example.com/post/{n},Ana Ruiz,"
            f"https://linkedin.com/in/ana-ruiz,comment,comment {n}\n"
            for n in range(start, start + count)
        )

    first = tmp_path / "first.csv"
    first.write_text(header + rows(0, 3), encoding="utf-8")
    kith("import", "engagement", str(first))
    more = tmp_path / "more.csv"
    more.write_text(header + rows(0, 12_000), encoding="utf-8")
    report = kith("import", "engagement", str(more))
    assert (report["people_created"], report["people_merged"]) == (0, 1)


def test_the_owner_a_chat_showed_is_me_in_a_group_imported_later(
    corpus: Path, tmp_path: Path
) -> None:
    kith("me", "--name", "Maya H.")  # not how WhatsApp shows her
    one_to_one = tmp_path / ANDROID_NAME
    one_to_one.write_bytes((corpus / "whatsapp" / WHATSAPP_1TO1).read_bytes())
    kith("import", str(one_to_one))  # she is the user there: the chat is named after Sam
    kith("import", str(corpus / "whatsapp" / WHATSAPP_GROUP))  # nothing says who is
    assert "Maya Hartmann" not in people()
    assert kith("me")["name"] == "Maya H."


def test_a_guess_beaten_by_better_evidence_makes_no_one_the_user(tmp_path: Path) -> None:
    """Ana deleted a message as herself in the group: she is the user. The one-to-one
    chat alone would have guessed Bo (he did not write first); he is a contact, also
    in the other group, and only Ana is `me`."""
    folder = tmp_path / "chats"
    folder.mkdir()
    lines = {
        "group.txt": [
            ("Ana", "Hi all"),
            ("Cy", "Hello"),
            ("Dee", "Hey"),
            ("Ana", "You deleted this message"),
        ],
        "ana-bo.txt": [("Ana", "Are we still on for Friday?"), ("Bo", "Yes, 10am")],
        "others.txt": [("Bo", "Lunch?"), ("Cy", "Sure"), ("Dee", "Me too")],
    }
    for name, said in lines.items():
        (folder / name).write_text(
            "".join(f"12/01/2024, 10:0{n} - {who}: {text}\n" for n, (who, text) in enumerate(said)),
            encoding="utf-8",
        )
    records = list(whatsapp.read(folder, tz=ZoneInfo("UTC")))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["Ana"]
    touches = [r for r in records if isinstance(r, TouchRecord)]
    assert {t.person.name for t in touches} == {"Bo", "Cy", "Dee"}
    assert {t.direction for t in touches if t.thread_key == "members:bo|cy|dee"} == {"in"}
