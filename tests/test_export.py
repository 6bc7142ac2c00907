"""`kith export` and `kith import kith-json`: take the data out and read it back.

The round trip runs through the CLI on the demo's year: export, import into a fresh
database, and the new database holds the same people, identities and touches and
gives the same agenda (with an item done and one dismissed before the export).
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed
from kith.importers import detect, kith_json
from kith.service import export as export_service
from kith.store import Store

END = "2026-05-01"
LATER_DAYS = ("2026-05-04", "2026-05-11", "2026-06-15")  # other actions show on these days
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def ok(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def demo_template(demo_run: tuple[Path, dict[str, Any]]) -> Path:
    """The run's demo (conftest); each test works on a copy (`demo_db`)."""
    return demo_run[0]


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    return db


def stats(db: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok("--db", str(db), "stats", "--json").stdout)
    return data


def identities(db: Path) -> list[tuple[str, str, str, str]]:
    """Every identity with its source and whose it is (by name: ids may differ)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT i.kind, i.value, i.source, p.name FROM identities i "
            "JOIN people p ON p.id = i.person_id ORDER BY 1, 2"
        ).fetchall()
    return [tuple(r) for r in rows]


def agenda(db: Path, day: str) -> list[tuple[Any, ...]]:
    data = json.loads(ok("--db", str(db), "today", "--as-of", day, "--json").stdout)
    return [
        (i["person"]["name"], i["action"], i["channel"], i["due"], i["score"], i["why"], i["draft"])
        for i in data["items"]
    ]


def test_round_trip_keeps_people_touches_and_the_agenda(demo_db: Path, tmp_path: Path) -> None:
    items = json.loads(ok("--db", str(demo_db), "today", "--as-of", END, "--json").stdout)["items"]
    ok("--db", str(demo_db), "done", items[0]["id"])
    ok("--db", str(demo_db), "dismiss", items[1]["id"], "--reason", "not now")
    before = {day: agenda(demo_db, day) for day in (END, *LATER_DAYS)}
    assert len(before[END]) == len(items) - 2

    exported = tmp_path / "network.json"
    ok("--db", str(demo_db), "export", str(exported))
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", "kith-json", str(exported))

    assert stats(fresh) == stats(demo_db)
    assert identities(fresh) == identities(demo_db)
    for day, expected in before.items():
        assert agenda(fresh, day) == expected, day


def test_the_export_holds_what_the_database_holds(demo_db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "network.json"
    report = json.loads(ok("--db", str(demo_db), "export", str(exported), "--json").stdout)
    document = json.loads(exported.read_text(encoding="utf-8"))
    held = stats(demo_db)
    assert document["format"] == "kith-json" and document["version"] == 1
    assert len(document["people"]) == held["people"] == report["counts"]["people"]
    identities = [i for p in document["people"] for i in p["identities"]]
    assert sum(i["kind"] != "name" for i in identities) == held["identities"]  # as stats counts
    # Touches made from engagements are made again on import, so not written twice.
    assert len(document["touches"]) + len(document["engagements"]) == held["touches"]
    details = sum(len(p["details"]) for p in document["people"])
    actions = sum(len(p["action_items"]) for p in document["people"])
    assert actions == held["action_items"]
    assert details >= 1 and document["account"]["me_name"]


def test_export_to_stdout_is_the_same_document(demo_db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "network.json"
    ok("--db", str(demo_db), "export", str(exported))
    from_file = json.loads(exported.read_text(encoding="utf-8"))
    from_stdout = json.loads(ok("--db", str(demo_db), "export").stdout)
    for document in (from_file, from_stdout):
        document.pop("exported_at")
    assert from_stdout == from_file


def test_import_is_detected_and_idempotent(demo_db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "network.json"
    ok("--db", str(demo_db), "export", str(exported))
    assert detect(exported) == "kith-json"
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", str(exported))  # auto
    once = stats(fresh)
    again = json.loads(ok("--db", str(fresh), "import", str(exported), "--json").stdout)
    assert again["touches_added"] == 0 and again["people_created"] == 0
    assert stats(fresh) == once


def test_export_refuses_to_overwrite_a_file(demo_db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "network.json"
    exported.write_text("keep me", encoding="utf-8")
    result = invoke("--db", str(demo_db), "export", str(exported))
    assert result.exit_code != 0 and result.stderr.startswith("Error: ")
    assert "already exists" in result.stderr and exported.read_text() == "keep me"
    assert not list(tmp_path.glob(".*partial"))


# -- streaming, both ways --------------------------------------------------------------
class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[int] = []

    def write(self, text: str) -> int:
        self.writes.append(len(text))
        return super().write(text)


def test_export_writes_as_it_reads(demo_db: Path) -> None:
    """Written in pieces of about FLUSH_AT characters, never as one document."""
    out = CountingStream()
    store = Store.open(f"sqlite:///{demo_db}")
    try:
        export_service.export(store, out)
    finally:
        store.close()
    total = sum(out.writes)
    assert total > 3 * export_service.FLUSH_AT  # the demo is big enough to tell
    assert len(out.writes) >= total // (2 * export_service.FLUSH_AT)
    assert max(out.writes) < 2 * export_service.FLUSH_AT
    json.loads(out.getvalue())


def test_walk_reads_item_by_item_across_chunk_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kith_json, "CHUNK", 7)  # every value crosses a chunk edge
    document = {
        "format": "kith-json",
        "version": 1,
        "numbers": [1234567890123, -0.5e-3, 7],
        "empty": [],
        "people": [{"name": 'Zoë "Z" \\ O\'Neil', "tags": ["a,b", "]"]}, {}],
        "nested": {"a": [1, {"b": None}]},
    }
    path = tmp_path / "doc.json"
    path.write_text("\ufeff" + json.dumps(document, indent=3), encoding="utf-8")
    got = list(kith_json.walk(path))
    assert got == [
        ("format", "kith-json"),
        ("version", 1),
        ("numbers", 1234567890123),
        ("numbers", -0.5e-3),
        ("numbers", 7),
        ("people", document["people"][0]),
        ("people", {}),
        ("nested", document["nested"]),
    ]


def test_walk_gives_the_good_items_before_a_broken_one(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "kith-json", "people": [{"id": 1}, {"id": 2}, {"id": ', "utf-8")
    items = kith_json.walk(path)
    assert next(items) == ("format", "kith-json")
    assert next(items) == ("people", {"id": 1})
    assert next(items) == ("people", {"id": 2})
    with pytest.raises(ImportFailed, match="not a valid kith-json document"):
        next(items)


def test_a_bad_touch_is_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    person = {"id": 5, "name": "Ana Ruiz", "identities": [{"kind": "email", "value": "a@x.org"}]}
    touch = {"source": "manual", "source_id": "manual:1", "channel": "dm", "direction": "in"}
    document = {
        "format": "kith-json",
        "version": 1,
        "people": [person],
        "touches": [
            {**touch, "person": 5, "at": "2026-04-01T10:00:00Z"},
            {**touch, "source_id": "manual:2", "person": 9, "at": "2026-04-02T10:00:00Z"},
            {**touch, "source_id": "manual:3", "person": 5, "channel": "pigeon", "at": "x"},
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    report = json.loads(
        ok("--db", str(tmp_path / "k.db"), "import", "kith-json", str(path), "--json").stdout
    )
    assert report["people_created"] == 1 and report["touches_added"] == 1
    reasons = " ".join(s["reason"] for s in report["skipped"])
    assert "person 9" in reasons and "pigeon" in reasons


def test_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text('{"format": "kith-json", "version": 99, "people": []}', encoding="utf-8")
    result = invoke("--db", str(tmp_path / "k.db"), "import", "kith-json", str(path))
    assert result.exit_code == 1 and "newer than this Kith reads" in result.stderr


def test_a_sqlite_export_moves_to_postgresql(
    demo_db: Path, tmp_path: Path, pg_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way from a laptop to a team server: the same network, agenda and insights."""
    exported = tmp_path / "network.json"
    ok("--db", str(demo_db), "export", str(exported))
    local = {
        "stats": stats(demo_db),
        "agenda": agenda(demo_db, END),
        "funnel": json.loads(ok("--db", str(demo_db), "funnel", "--as-of", END, "--json").stdout),
        "capacity": json.loads(
            ok("--db", str(demo_db), "capacity", "--as-of", END, "--json").stdout
        ),
    }
    monkeypatch.setenv("KITH_DATABASE_URL", pg_db_url)
    ok("import", "kith-json", str(exported))
    server = {
        "stats": json.loads(ok("stats", "--json").stdout),
        "agenda": [
            (
                i["person"]["name"],
                i["action"],
                i["channel"],
                i["due"],
                i["score"],
                i["why"],
                i["draft"],
            )
            for i in json.loads(ok("today", "--as-of", END, "--json").stdout)["items"]
        ],
        "funnel": json.loads(ok("funnel", "--as-of", END, "--json").stdout),
        "capacity": json.loads(ok("capacity", "--as-of", END, "--json").stdout),
    }
    for side in (local, server):  # ids are the database's own
        for waiting in side["funnel"]["waiting"]["first"]:
            waiting.pop("id")
    assert server == local
    again = json.loads(ok("export").stdout)
    assert len(again["touches"]) == len(json.loads(exported.read_text())["touches"])


class WritesMeanwhile(io.StringIO):
    """A stream that logs a call through another connection when the export first writes."""

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db
        self.wrote = False

    def write(self, text: str) -> int:
        if not self.wrote:
            self.wrote = True
            other = Store.open(f"sqlite:///{self.db}")
            try:
                other.log_touch(
                    1,
                    channel="call",
                    at=datetime(2026, 4, 30, 9, tzinfo=UTC),
                    direction="out",
                    status="held",
                    purpose=None,
                    text_="logged meanwhile",
                )
            finally:
                other.close()
        return super().write(text)


def test_the_export_is_one_snapshot(demo_db: Path) -> None:
    out = WritesMeanwhile(demo_db)
    store = Store.open(f"sqlite:///{demo_db}")
    try:
        export_service.export(store, out)
    finally:
        store.close()
    document = json.loads(out.getvalue())
    assert out.wrote and not any(t["text"] == "logged meanwhile" for t in document["touches"])
    assert "logged meanwhile" in ok("--db", str(demo_db), "export").stdout  # it was written


def test_a_rejected_merge_suggestion_stays_rejected(tmp_path: Path) -> None:
    cards = tmp_path / "two.vcf"
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gaurav Mehta\r\nORG:Acme\r\nEMAIL:{}\r\nEND:VCARD\r\n"
    cards.write_text(card.format("gaurav@acme.com") + card.format("gm@example.org"), "utf-8")
    db, fresh, exported = tmp_path / "k.db", tmp_path / "fresh.db", tmp_path / "k.json"
    ok("--db", str(db), "import", str(cards))
    (suggestion,) = json.loads(ok("--db", str(db), "merge", "--suggestions", "--json").stdout)
    ok("--db", str(db), "merge", "--reject", str(suggestion["id"]))
    ok("--db", str(db), "export", str(exported))
    ok("--db", str(fresh), "import", str(exported))
    assert json.loads(ok("--db", str(fresh), "merge", "--suggestions", "--json").stdout) == []
    assert stats(fresh)["people"] == 2


def test_a_hand_made_file_with_odd_items_imports_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    good = {
        "id": 1,
        "name": "Ana Ruiz",
        "identities": [{"kind": "email", "value": "ana@example.org"}],
        "tags": ["not an object"],
        "goal": "collaborate",
    }
    document = {
        "format": "kith-json",
        "version": 1,
        "people": [good, {"name": "No id"}, "not a person"],
        "agenda_states": [{"state": "done"}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "k.db"
    report = json.loads(ok("--db", str(db), "import", "kith-json", str(path), "--json").stdout)
    assert report["people_created"] == 1 and len(report["skipped"]) == 2
    shown = json.loads(ok("--db", str(db), "show", "Ana", "--json").stdout)
    assert shown["goal"] == "collaborate"


def test_a_failed_restore_undoes_the_import(
    tmp_path: Path, pg_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL refuses a cadence beyond its integer column after the records went in."""
    path = tmp_path / "bad-stage.json"
    person = {
        "id": 1,
        "name": "Ana Ruiz",
        "identities": [{"kind": "email", "value": "ana@example.org"}],
        "cadence_days": 2**40,
    }
    document = {"format": "kith-json", "version": 1, "people": [person]}
    path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("KITH_DATABASE_URL", pg_db_url)
    result = invoke("import", "kith-json", str(path))
    assert result.exit_code != 0
    assert json.loads(ok("stats", "--json").stdout)["people"] == 0


def test_an_older_export_does_not_overwrite_what_the_user_set_since(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "old.json"
    ok("--db", str(demo_db), "cadence", "Lucas Moreau", "monthly")
    ok("--db", str(demo_db), "export", str(out))
    ok("--db", str(demo_db), "cadence", "Lucas Moreau", "weekly")  # changed after the export
    ok("--db", str(demo_db), "import", "kith-json", str(out))
    with sqlite3.connect(demo_db) as conn:
        (days,) = conn.execute(
            "SELECT cadence_days FROM people WHERE name = 'Lucas Moreau'"
        ).fetchone()
    assert days == 7
