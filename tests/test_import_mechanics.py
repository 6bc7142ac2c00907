"""What every import does, whatever the source: it is logged, it can be undone,
it honours exclusions, it is one transaction even when killed, and `forget` erases
a person from the search index too. SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from interrupting import big_engagement_csv, kith_process, wait_until_importing
from kith import service
from kith.cli import app
from kith.models import Identity, ImportReport, PersonRef, TouchRecord
from kith.service import identity
from kith.service import imports as imports_service
from kith.store import Store
from kith.store import schema as t

ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,Loved the lighthouse framing
2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,Gaurav Mehta,https://www.linkedin.com/in/gaurav-m,comment,This matches my clients
2026-04-21T10:00:00Z,linkedin,https://example.com/p/3,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,comment,Marmalade and boats
"""
MORE = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-22T10:00:00Z,linkedin,https://example.com/p/3,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,comment,Second thought on boats
2026-04-23T10:00:00Z,linkedin,https://example.com/p/4,Zed Quist,https://www.linkedin.com/in/zed,comment,Quixotic idea
"""
REPORT_KEYS = {"source", "files", "people_created", "people_merged", "merge_suggestions",
               "touches_added", "touches_skipped", "skipped", "me"}
T0 = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def first(tmp_path: Path) -> Path:
    path = tmp_path / "first.csv"
    path.write_text(ENGAGEMENT, encoding="utf-8")
    return path


@pytest.fixture
def second(tmp_path: Path) -> Path:
    path = tmp_path / "second.csv"
    path.write_text(MORE, encoding="utf-8")
    return path


def use_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if db_url.startswith("sqlite"):
        monkeypatch.setenv("KITH_DB", db_url.removeprefix("sqlite:///"))
    else:
        monkeypatch.setenv("KITH_DATABASE_URL", db_url)


def test_every_inserted_row_carries_its_import(store: Store, first: Path) -> None:
    report = service.import_path(store, first)
    assert report.import_id is not None
    with store.engine.connect() as conn:
        for table in (t.people, t.identities, t.touches, t.engagements, t.content):
            ids = {r[0] for r in conn.execute(select(table.c.import_id).distinct())}
            assert ids == {report.import_id}, table.name
    [logged] = store.imports()
    assert logged["source"] == "engagement" and logged["path"] == str(first)
    assert logged["report"]["touches_added"] == 3 and logged["finished_at"]


def test_undo_removes_exactly_what_one_import_added(store: Store, first: Path, second: Path) -> None:
    service.import_path(store, first)
    before = store.stats()
    report = service.import_path(store, second)
    assert store.stats()["people"] == 3
    result = imports_service.undo_import(store, report.import_id or 0)
    assert result["removed"]["touches"] == 2 and result["removed"]["people"] == 1
    assert store.stats() == before
    ana = store.resolve_person("https://www.linkedin.com/in/ana-ruiz")[0]
    assert store.person(ana)["summary"]["touch_count"] == 1
    assert store.search("boats") and not store.search("second")
    assert store.imports()[-1]["undone_at"] is not None
    with pytest.raises(Exception, match="already undone — nothing of it is left"):
        store.undo_import(report.import_id or 0)


def test_undo_keeps_a_person_something_else_hangs_on(store: Store, first: Path, second: Path) -> None:
    report = service.import_path(store, first)
    service.import_path(store, second)
    gaurav = store.resolve_person("Gaurav")[0]
    store.add_detail(gaurav, "runs a book club", T0)
    store.undo_import(report.import_id or 0)
    names = {p["name"] for p in store.list_people()}
    assert names == {"Gaurav Mehta", "Ana Ruiz", "Zed Quist"}
    assert store.person(gaurav)["summary"].get("touch_count", 0) == 0
    ana = store.resolve_person("Ana Ruiz")[0]
    assert [x["text"] for x in store.touches(ana)] == ["Second thought on boats"]


def test_exclusions_are_kept_for_later_imports(store: Store, first: Path, second: Path) -> None:
    report = service.import_path(store, first, exclude=["address:https://linkedin.com/in/ana-ruiz"])
    assert report.excluded == 1 and store.stats()["people"] == 1
    later = service.import_path(store, second)
    assert later.excluded == 1 and {p["name"] for p in store.list_people()} == {"Gaurav Mehta", "Zed Quist"}
    assert imports_service.exclusions(store) == [
        {"kind": "address", "value": "https://linkedin.com/in/ana-ruiz"}
    ]


def test_thread_and_chat_exclusions_match_key_or_subject(store: Store) -> None:
    ref = PersonRef("Bo", (Identity("email", "bo@x.org"),))
    records = [
        TouchRecord("mail", "m:1", ref, "email", "in", T0, "keep me", thread_key="k1", subject="Lunch"),
        TouchRecord("mail", "m:2", ref, "email", "in", T0, "secret", thread_key="k2", subject="Divorce papers"),
        TouchRecord("chat", "c:1", ref, "chat", "in", T0, "noise", thread_key="family-group"),
    ]
    report = store.ingest(records, ImportReport("mail"),
                          exclude=[("thread", "divorce papers"), ("chat", "Family-Group")])
    assert report.excluded == 2 and report.touches_added == 1
    with pytest.raises(Exception, match="not understood"):
        imports_service.parse_exclude("folder:x")
    assert imports_service.parse_exclude("address:Bob@X.com") == ("address", "bob@x.com")


def test_forget_erases_a_person_and_their_words_from_search(store: Store, first: Path) -> None:
    service.import_path(store, first)
    assert [h["person"]["name"] for h in store.search("lighthouse")] == ["Gaurav Mehta"]
    result = identity.forget(store, "Gaurav")
    assert result["removed"]["touches"] == 2
    assert store.search("lighthouse") == [] and store.search("clients") == []
    assert store.search("marmalade")  # Ana's words stay
    assert store.stats()["people"] == 1
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            indexed = conn.exec_driver_sql(
                "SELECT count(*) FROM touches_fts WHERE touches_fts MATCH 'lighthouse'"
            ).scalar()
            assert indexed == 0
            integrity = conn.exec_driver_sql(
                "INSERT INTO touches_fts(touches_fts) VALUES ('integrity-check')"
            )
            assert integrity is not None


def test_cli_import_imports_undo_forget(db_url: str, first: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_db(db_url, monkeypatch)
    runner = CliRunner()
    imported = runner.invoke(app, ["import", str(first), "--json"])
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.stdout)
    assert set(report) >= REPORT_KEYS and report["touches_added"] == 3
    assert "Importing" not in imported.stderr  # no progress when not a terminal
    listed = json.loads(runner.invoke(app, ["imports", "--json"]).stdout)
    assert [i["id"] for i in listed] == [report["import_id"]]
    assert str(first) in runner.invoke(app, ["imports"]).stdout
    undone = runner.invoke(app, ["import", "--undo", str(report["import_id"])])
    assert undone.exit_code == 0 and "removed" in undone.stdout
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["people"] == 0
    runner.invoke(app, ["import", str(first)])
    forgot = runner.invoke(app, ["forget", "Gaurav", "--yes"])
    assert forgot.exit_code == 0 and "Forgot Gaurav Mehta" in forgot.stdout
    refused = runner.invoke(app, ["forget", "Ana"], input="n\n")
    assert refused.exit_code == 1
    bad = runner.invoke(app, ["import", str(first), "--exclude", "nonsense"])
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: --exclude")
    missing = runner.invoke(app, ["import", "--undo", "999"])
    assert missing.exit_code == 1 and "kith imports" in missing.stderr
    for command in (["import", "--help"], ["imports", "--help"], ["forget", "--help"]):
        assert runner.invoke(app, command).exit_code == 0


# -- one transaction, even when killed -------------------------------------------------






def snapshot_of(db: Path) -> tuple[dict, str]:
    store = Store.open(f"sqlite:///{db}")
    try:
        stats = store.stats()
        with store.engine.connect() as conn:
            stats["imports"] = conn.execute(select(func.count()).select_from(t.imports)).scalar()
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        # The ingest drops the FTS insert trigger inside its transaction: it must be back.
        stats["triggers"] = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    return stats, integrity


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_killed_import_leaves_the_database_as_it_was(tmp_path: Path, first: Path, how: str) -> None:
    db = tmp_path / "kith.db"
    store = Store.open(f"sqlite:///{db}")
    service.import_path(store, first)
    store.close()
    before = snapshot_of(db)
    big = big_engagement_csv(tmp_path / "big.csv", 150_000)
    process = kith_process(db, "import", str(big))
    wait_until_importing(process, big)
    process.send_signal(getattr(signal, how))
    _, err = process.communicate(timeout=60)
    if how == "SIGKILL":
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130, err.decode()
        assert err.decode().strip() == "Interrupted — nothing was imported; the database is as it was."
    assert snapshot_of(db) == before
    assert before[1] == "ok" and "touches_fts_insert" in before[0]["triggers"]


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from kith.cli import imports as cli_imports

    screen = io.StringIO()
    monkeypatch.setattr(cli_imports, "err_console", Console(file=screen, force_terminal=True))
    with cli_imports._progress(enabled=True) as tick:
        assert tick is not None
        tick(12_000)
    assert "Importing" in screen.getvalue()
    with cli_imports._progress(enabled=False) as tick:  # --json
        assert tick is None
    monkeypatch.setattr(cli_imports, "err_console", Console(file=io.StringIO(), force_terminal=False))
    with cli_imports._progress(enabled=True) as tick:  # piped
        assert tick is None


def stats_at(url: str) -> dict:
    store = Store.open(url)
    try:
        stats = store.stats()
        with store.engine.connect() as conn:
            stats["imports"] = conn.execute(select(func.count()).select_from(t.imports)).scalar()
        stats["searchable"] = len(store.search("lighthouse"))
        return stats
    finally:
        store.close()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_killed_import_leaves_postgresql_as_it_was(
    pg_db_url: str, tmp_path: Path, first: Path, how: str
) -> None:
    store = Store.open(pg_db_url)
    service.import_path(store, first)
    store.close()
    before = stats_at(pg_db_url)
    big = big_engagement_csv(tmp_path / "big.csv", 150_000)
    process = kith_process(pg_db_url, "import", str(big))
    wait_until_importing(process, big)
    process.send_signal(getattr(signal, how))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == (-signal.SIGKILL if how == "SIGKILL" else 130), stderr.decode()
    assert stats_at(pg_db_url) == before and before["searchable"] == 1


def test_ctrl_c_inside_a_postgresql_statement_counts_as_an_interruption() -> None:
    """psycopg answers Ctrl-C by cancelling the statement; what comes back is a database
    error, and `kith import` must still say 'Interrupted' and exit 130."""
    import psycopg.errors
    from sqlalchemy.exc import IntegrityError, OperationalError

    from kith.cli.imports import _cancelled_by_ctrl_c

    cancelled = psycopg.errors.QueryCanceled("canceling statement due to user request")
    assert _cancelled_by_ctrl_c(OperationalError("INSERT …", {}, cancelled))
    try:  # an error while cleaning up after Ctrl-C: the interruption is what happened
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise RuntimeError("while rolling back") from None
    except RuntimeError as during_cleanup:
        assert _cancelled_by_ctrl_c(during_cleanup)
    assert not _cancelled_by_ctrl_c(RuntimeError("a bug"))
    duplicate = psycopg.errors.UniqueViolation("duplicate key")
    assert not _cancelled_by_ctrl_c(IntegrityError("INSERT …", {}, duplicate))


def test_ctrl_c_after_the_import_was_saved_says_so(
    tmp_path: Path, first: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the new messages are read for details: the import stands, and the
    message says so (not 'nothing was imported')."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C arriving during the reading for details

    monkeypatch.setattr(imports_service.detail_memory, "extract_pending", interrupted)
    db = str(tmp_path / "kith.db")
    result = CliRunner().invoke(app, ["--db", db, "import", str(first)])
    assert result.exit_code == 130
    assert "Interrupted after the import was saved (import 1)" in result.stderr
    assert "kith import --undo 1" in result.stderr
    listed = json.loads(CliRunner().invoke(app, ["--db", db, "imports", "--json"]).stdout)
    assert [i["id"] for i in listed] == [1] and listed[0]["touches_added"] > 0
