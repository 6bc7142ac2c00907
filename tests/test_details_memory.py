"""Memory of details: extraction rules, pending → accepted/rejected through the CLI.

The sentences are written for these tests, not taken from the evaluation set.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kith.cli import app
from kith.engine.details_extract import extract, recent_topics
from kith.service import detail_memory, open_store
from kith.store import details_store


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("Our son Felix starts nursery next week.", "person", ["Felix", "son"]),
        ("We're launching the recipe app on 2 May.", "project", ["recipe app"]),
        ("We're relocating to Porto in the autumn.", "move", ["Porto"]),
        ("I'll be in Nairobi from the 3rd to the 9th for a workshop.", "trip", ["Nairobi"]),
        ("I really prefer voice notes to long emails.", "preference", ["voice notes"]),
        ("Honestly I'm anxious about the audit next month.", "worry", ["audit"]),
        ("She got promoted to head of research on Friday!", "milestone", ["promoted"]),
    ],
)
def test_each_kind(text: str, kind: str, words: list[str]) -> None:
    found = [c for c in extract(text) if c.kind == kind]
    assert found, extract(text)
    assert all(w.lower() in found[0].text.lower() for w in words)


@pytest.mark.parametrize(
    "text", ["Thanks, got it.", "Sounds good — see you at 3.", "Noted!", "Here's the invite."]
)
def test_acknowledgements_hold_no_detail(text: str) -> None:
    assert extract(text) == []


def test_dates_are_read_relative_to_the_message() -> None:
    (candidate,) = [c for c in extract("I'm running the Lisbon half in March.", date(2026, 11, 20))]
    assert candidate.about == date(2027, 3, 1)


def test_a_short_follow_on_sentence_joins_its_neighbour() -> None:
    found = extract("The viva is on the 9th. Terrified, honestly.")
    worry = [c for c in found if c.kind == "worry"]
    assert worry and "viva" in worry[0].text


def test_recent_topics_need_two_messages() -> None:
    said = ["The kiln broke again", "New kiln arrives Friday", "Glazes are tricky"]
    assert recent_topics(said) == ["kiln"]


ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-03-01T10:00:00Z,linkedin,https://example.com/p/1,Tomasz Nowak,https://www.linkedin.com/in/tnowak,comment,Good read
"""


@pytest.fixture
def kith(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(app, ["--db", str(db_path), *args])
        if ok:
            assert result.exit_code == 0, result.stderr + result.stdout
        return result

    csv = tmp_path / "engagement.csv"
    csv.write_text(ENGAGEMENT, encoding="utf-8")
    invoke("import", str(csv))
    invoke(
        "log",
        "Tomasz",
        "--channel",
        "dm",
        "--direction",
        "in",
        "--at",
        "2026-03-02T09:00",
        "--note",
        "My wife Ola is expecting our first baby in July. Thanks for the link!",
    )
    invoke(
        "log",
        "Tomasz",
        "--channel",
        "call",
        "--at",
        "2026-03-05T15:00",
        "--note",
        "He is worried about the reorg at the bank.",
    )
    return invoke


def test_pending_accept_reject(kith, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(kith("details", "Tomasz", "--pending", "--json").stdout)
    pending = data["details"]
    assert {d["kind"] for d in pending} >= {"person", "milestone", "worry"}
    assert all(d["status"] == "pending" and d["source"]["touch_id"] for d in pending)
    worry = next(d for d in pending if d["kind"] == "worry")
    assert worry["source"]["channel"] == "call"  # a note from a call log
    person = next(d for d in pending if d["kind"] == "person")
    text_out = kith("details", "Tomasz", "--pending").stdout
    assert "they wrote, dm 2026-03-02" in text_out and "kith details accept ID" in text_out

    assert json.loads(kith("details", "Tomasz", "--json").stdout)["details"] == []
    accepted = json.loads(kith("details", "accept", str(person["id"]), "--json").stdout)
    assert accepted["status"] == "accepted"
    kith("details", "reject", str(worry["id"]))
    shown = json.loads(kith("details", "Tomasz", "--json").stdout)
    assert [d["id"] for d in shown["details"]] == [person["id"]]

    again = json.loads(kith("details", "Tomasz", "--pending", "--json").stdout)
    assert again["extracted"]["added"] == 0  # nothing proposed twice, rejected stays rejected
    assert worry["id"] not in [d["id"] for d in again["details"]]
    stats = json.loads(kith("stats", "--json").stdout)  # a candidate is not yet a detail
    assert (stats["details"], stats["details_pending"]) == (1, len(again["details"]))

    store = open_store(db_path)
    try:
        views = detail_memory.accepted_details(store, person["person_id"])
    finally:
        store.close()
    assert [v.text for v in views] == [person["text"]]


def test_remembered_by_hand_stays_accepted_with_its_source(kith) -> None:  # type: ignore[no-untyped-def]
    kith("remember", "Tomasz", "Plays the trumpet in a brass band")
    (detail,) = json.loads(kith("details", "Tomasz", "--json").stdout)["details"]
    assert detail["status"] == "accepted" and detail["source"] == {
        "kind": "you",
        "note": "added by you",
    }


def test_bad_ids(kith) -> None:  # type: ignore[no-untyped-def]
    missing = kith("details", "accept", "999", ok=False)
    assert missing.exit_code == 1 and "no detail 999" in missing.stderr
    bad = kith("details", "accept", "x1", ok=False)
    assert bad.exit_code == 2 and "not a detail id" in bad.stderr


def test_extraction_after_a_touch_id_reads_only_newer_touches(kith, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        mark = details_store.last_touch_id(store)
        assert detail_memory.extract_pending(store, after_touch_id=mark)["touches_read"] == 0
        assert detail_memory.extract_pending(store)["touches_read"] >= 2
    finally:
        store.close()


def test_extract_pending_for_everyone_is_idempotent(kith, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        first = detail_memory.extract_pending(store)
        second = detail_memory.extract_pending(store)
        pending = details_store.list_details(store, None, "pending")
    finally:
        store.close()
    # Imports and `kith log --note` already extracted what they added: reading
    # everything again finds the same candidates and stores none twice.
    assert first["candidates"] >= 3 and first["added"] == 0 and second["added"] == 0
    assert len(pending) >= 3


LONG_NOTE = (
    "Hi Anna, great to catch up! Quick update: my colleague Ben just moved to Berlin, and "
    "our office is chaos. My daughter Kasia starts school in September, so mornings are "
    "mad. The kiln broke again too. https://example.com/photos"
)


def test_pending_details_are_short_phrases_about_them(kith) -> None:  # type: ignore[no-untyped-def]
    kith("me", "--name", "Anna Nowak")
    for day, note in (("10", LONG_NOTE), ("12", "Anna — the kiln is fixed! Kasia says hi.")):
        kith(
            "log", "Tomasz", "--channel", "dm", "--direction", "in", "--at",
            f"2026-03-{day}T09:00", "--note", note,
        )  # fmt: skip
    data = json.loads(kith("details", "Tomasz", "--pending", "--json").stdout)
    from_note = [d for d in data["details"] if d["source"]["text"] == LONG_NOTE]
    assert [(d["kind"], d["text"]) for d in from_note] == [
        ("person", "My daughter Kasia starts school in September")
    ]  # the colleague's move is not Tomasz's; the whole note is never a detail
    assert "kiln" in data["suggested_topics"]
    assert not {"anna", "nowak", "hi", "https"} & set(data["suggested_topics"])


def test_whole_messages_left_pending_by_an_older_extractor_are_replaced(
    kith, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        touch = details_store.extraction_touches(store)[0]
        old = {"person_id": touch.person_id, "kind": "person", "source_touch_id": touch.id}
        details_store.add_pending(store, [{**old, "text": touch.text}], datetime.now(UTC))
        pending = details_store.list_details(store, touch.person_id, "pending")
        kept = next(d for d in pending if d["text"] == touch.text)
        details_store.set_status(store, kept["id"], "accepted")  # a decision stays
        details_store.add_pending(store, [{**old, "text": touch.text + " "}], datetime.now(UTC))
    finally:
        store.close()
    data = json.loads(kith("details", "Tomasz", "--pending", "--json").stdout)
    assert data["extracted"]["dropped"] == 1
    texts = [d["text"] for d in data["details"]]
    assert touch.text not in texts and touch.text + " " not in texts
    assert "My wife Ola is expecting our first baby in July" in texts
    accepted = json.loads(kith("details", "Tomasz", "--json").stdout)["details"]
    assert [d["text"] for d in accepted] == [touch.text]


def test_a_long_chat_is_read_for_details_only_at_its_newest(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each person's newest READ_PER_PERSON messages of an import are read, on both backends."""
    from datetime import timedelta

    from kith import service

    per_person = detail_memory.READ_PER_PERSON
    start = datetime.now(UTC) - timedelta(days=60)
    lines = []
    for n in range(per_person + 40):
        at = start + timedelta(minutes=10 * n)
        who = "Bo Chen" if n % 25 == 0 else "Ana Lima"
        lines.append(f"{at:%d/%m/%Y, %H:%M} - {who}: Message {n}: we're moving to Lisbon soon\n")
    lines.append(f"{start - timedelta(days=1):%d/%m/%Y, %H:%M} - Cy Doe: Lisbon news?\n")
    chat = tmp_path / "WhatsApp Chat with Friends.txt"
    lines.insert(0, lines.pop())  # the oldest line first: the chat is in time order
    chat.write_text("".join(lines), encoding="utf-8")
    store.set_me("Cy Doe", [])
    service.import_path(store, chat)
    everything = details_store.extraction_touches(store)
    read = details_store.extraction_touches(store, per_person=per_person)
    assert len(everything) == per_person + 40
    by_person: dict[int, list[int]] = {}
    for touch in everything:
        by_person.setdefault(touch.person_id, []).append(touch.id)
    ana, bo = sorted(by_person.values(), key=len, reverse=True)  # ids follow the chat's time
    assert len(ana) > per_person
    assert {t.id for t in read} == set(ana[-per_person:]) | set(bo)
