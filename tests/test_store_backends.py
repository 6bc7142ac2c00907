"""The same store tests on SQLite and on a throwaway PostgreSQL cluster:
migrations from blank, an import, `today`, `search`, idempotence, atomic imports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from typer.testing import CliRunner

from kith import service
from kith.cli import app
from kith.errors import ImportFailed
from kith.models import ImportReport, PersonRef, Record, TouchRecord
from kith.store import Store
from kith.store.db import LATEST_REVISION, _alembic_config, current_revision, head_revision
from kith.store.schema import metadata

ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Loved the framing of asynchronous before synchronous
2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,This matches what I see with my clients
2026-04-20T10:00:00Z,linkedin,https://example.com/p/3,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Could you write more about the follow-up cadence?
2026-04-21T10:00:00Z,linkedin,https://example.com/p/3,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,reaction,
"""


@pytest.fixture
def engagement_csv(tmp_path: Path) -> Path:
    path = tmp_path / "engagement.csv"
    path.write_text(ENGAGEMENT, encoding="utf-8")
    return path


def test_the_latest_revision_kith_opens_with_is_alembics_head() -> None:
    # Opening compares the database to LATEST_REVISION without loading Alembic: a new
    # migration must move it too, or databases would never be upgraded to it.
    assert head_revision() == LATEST_REVISION


def test_a_database_of_an_older_version_is_upgraded_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = _alembic_config()
    with engine.begin() as conn:  # a database left by an older Kith, at the second migration
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    assert current_revision(engine) == "0002"
    engine.dispose()
    store = Store.open(url)
    try:
        assert current_revision(store.engine) == LATEST_REVISION
    finally:
        store.close()


def test_migrations_from_blank_match_the_schema(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # FTS shadow tables (SQLite) and the generated tsvector column (PostgreSQL) are
    # built by hand in the migration and are not part of the Core metadata.
    diff = [d for d in diff if "fts" not in str(d) and "text_tsv" not in str(d)]
    assert diff == []


def test_reopening_migrates_nothing_and_keeps_data(db_url: str, engagement_csv: Path) -> None:
    first = Store.open(db_url)
    service.import_path(first, engagement_csv)
    first.close()
    again = Store.open(db_url)
    assert again.stats()["people"] == 2
    again.close()


def test_import_today_search(store: Store, engagement_csv: Path) -> None:
    report = service.import_path(store, engagement_csv)
    assert report.people_created == 2 and report.engagements_added == 4
    agenda = service.today(store, "2026-04-25")
    assert [i["action"] for i in agenda["items"]] == ["send_dm"]
    assert agenda["items"][0]["person"]["name"] == "Gaurav Mehta"
    assert [h["person"]["name"] for h in service.search(store, "cadence")] == ["Gaurav Mehta"]
    assert len(service.search(store, "synchron*")) == 1
    assert len(service.search(store, '"what I see"')) == 1
    assert service.search(store, '"I see what"') == []


def test_import_twice_is_import_once(store: Store, engagement_csv: Path) -> None:
    service.import_path(store, engagement_csv)
    once = store.stats()
    again = service.import_path(store, engagement_csv)
    assert (again.people_created, again.touches_added, again.engagements_added) == (0, 0, 0)
    assert store.stats() == once


def failing_records() -> Iterator[Record]:
    ref = PersonRef("Half Written", ())
    for n in range(700):  # more than one insert batch reaches the database
        yield TouchRecord(
            "test", f"test:{n}", ref, "dm", "in", datetime(2026, 1, 1, tzinfo=UTC), "hi"
        )
    raise ImportFailed(
        "export.csv", "the file ends in the middle of a record", "download it again", 701
    )


def test_a_failed_import_leaves_the_database_as_it_was(store: Store, engagement_csv: Path) -> None:
    service.import_path(store, engagement_csv)
    before = store.stats()
    with pytest.raises(ImportFailed, match="line 701"):
        store.ingest(failing_records(), ImportReport("test"))
    assert store.stats() == before
    assert store.list_people("Half Written") == []


def test_cli_runs_on_postgresql(
    pg_db_url: str, engagement_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_DATABASE_URL", pg_db_url)
    runner = CliRunner()
    imported = runner.invoke(app, ["import", str(engagement_csv), "--json"])
    assert imported.exit_code == 0, imported.stderr
    today = runner.invoke(app, ["today", "--as-of", "2026-04-25", "--json"])
    assert json.loads(today.stdout)["items"][0]["action"] == "send_dm"
    found = runner.invoke(app, ["search", "clients", "--json"])
    assert json.loads(found.stdout)[0]["person"]["name"] == "Gaurav Mehta"


def test_upgrade_from_the_oldest_schema_keeps_data_and_search(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from kith.store.db import MIGRATIONS

    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        conn.execute(
            text("INSERT INTO accounts (id, name, created_at) VALUES (1, 'default', :n)"),
            {"n": now},
        )
        conn.execute(
            text(
                "INSERT INTO people (id, account_id, name, goal, stage, is_bulk, created_at) "
                "VALUES (1, 1, 'Old Friend', 'connect', 'new', false, :n)"
            ),
            {"n": now},
        )
        conn.execute(
            text(
                "INSERT INTO touches (account_id, person_id, source, source_id, channel, direction, at, "
                "text, status, is_bulk, is_group) VALUES (1, 1, 'manual', 'm:1', 'email', 'in', :n, "
                "'remember the lighthouse trip', 'held', false, false)"
            ),
            {"n": now},
        )
    engine.dispose()
    store = Store.open(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.stats()["touches"] == 1
        assert [h["person"]["name"] for h in store.search("lighthouse")] == ["Old Friend"]
    finally:
        store.close()


def test_agenda_reads_touches_in_time_order_not_insert_order(
    store: Store, engagement_csv: Path
) -> None:
    service.import_path(store, engagement_csv)
    # Logged out of order: the newest message is stored first.
    service.log(
        store, "Ana Ruiz", "dm", "2026-04-24T09:00", False, None, "in", "Newest: shall we talk?"
    )
    service.log(store, "Ana Ruiz", "dm", "2026-04-22T09:00", False, None, "out", "Middle")
    service.log(store, "Ana Ruiz", "dm", "2026-04-20T09:00", False, None, "in", "Oldest")
    items = [
        i for i in service.today(store, "2026-04-25")["items"] if i["person"]["name"] == "Ana Ruiz"
    ]
    assert [i["action"] for i in items] == ["reply"]
    assert [e["text"] for e in items[0]["evidence"]] == ["Newest: shall we talk?"]


def test_a_booked_call_imported_again_after_it_happened_becomes_held(store: Store) -> None:
    ref = PersonRef("Lena Brandt", ())
    at = datetime(2026, 4, 20, 15, tzinfo=UTC)

    def event(status: str) -> Iterator[Record]:
        yield TouchRecord(
            "ics",
            "ics:event-1",
            ref,
            "video",
            "out",
            at,
            "Explore: pilot",
            status=status,
            purpose="explore",
        )  # type: ignore[arg-type]

    store.ingest(event("planned"), ImportReport("ics"))
    person_id = store.list_people("Lena")[0]["id"]
    assert store.touches(person_id)[0]["status"] == "planned"
    again = store.ingest(event("held"), ImportReport("ics"))
    assert again.touches_added == 0
    assert store.touches(person_id)[0]["status"] == "held"
    assert store.person(person_id)["summary"]["sync_count"] == 1
    items = service.today(store, "2026-04-21")["items"]
    assert [i["action"] for i in items if i["person"]["id"] == person_id] == ["follow_up"]


def test_a_stray_nul_character_does_not_fail_the_import(store: Store, tmp_path: Path) -> None:
    """PostgreSQL text cannot hold U+0000: the character is dropped there, the import goes on,
    and the words around it stay findable."""
    header, *rows = ENGAGEMENT.splitlines(keepends=True)
    filler = [  # past the first 8 KB, where a NUL would make the file look binary
        f"2026-03-{1 + n % 28:02d}T10:00:00Z,linkedin,https://example.com/p/9,Ana Ruiz,"
        f"https://www.linkedin.com/in/ana-ruiz,comment,Thoughtful note number {n} on the post\n"
        for n in range(120)
    ]
    late = "".join(rows).replace("the follow-up cadence?", "the follow-up\x00 cadence?")
    path = tmp_path / "engagement.csv"
    path.write_text(header + "".join(filler) + late, encoding="utf-8")
    report = service.import_path(store, path)
    assert report.engagements_added == 124
    assert [h["person"]["name"] for h in service.search(store, "cadence")] == ["Gaurav Mehta"]
    texts = [t["text"] or "" for t in store.touches(store.resolve_person("Gaurav")[0])]
    assert any("follow-up" in text and "cadence" in text for text in texts)
    if store.dialect == "postgresql":
        assert not any("\x00" in text for text in texts)


def test_an_import_gives_its_page_cache_back(tmp_path: Path, engagement_csv: Path) -> None:
    """The pooled connection outlives the import (the web app): its cache shrinks back."""
    store = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    try:
        with store.engine.connect() as conn:
            before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        service.import_path(store, engagement_csv)
        with pytest.raises(ImportFailed):
            store.ingest(failing_records(), ImportReport("test"))
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
    finally:
        store.close()


def test_ctrl_c_inside_a_statement_is_still_an_interruption(tmp_path: Path) -> None:
    """When Ctrl-C lands inside a statement SQLAlchemy closes the connection; giving the
    import's cache back must not replace the KeyboardInterrupt with a database error."""
    from kith.store.store import _import_cache

    store = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    try:
        with pytest.raises(KeyboardInterrupt), store.engine.connect() as conn, _import_cache(conn):
            conn.invalidate()  # what SQLAlchemy does with an exit exception mid-statement
            raise KeyboardInterrupt
    finally:
        store.close()
