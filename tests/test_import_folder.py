"""`kith import FOLDER` for a folder of mixed exports: every file Kith recognises is
imported, in one transaction logged as one import; the rest are reported as skipped.
A folder that IS one export (LinkedIn, Slack, a WhatsApp chat…) is still read whole."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from interrupting import big_engagement_csv, kith_process, wait_until_importing
from kith import importers
from kith.cli import app

COUNTS = ("people_created", "people_merged", "merge_suggestions", "touches_added",
          "touches_skipped", "content_added", "engagements_added", "excluded")
CSVS = ("synthetic_google_contacts.csv", "synthetic_google_contacts_legacy.csv", "synthetic_outlook.csv")
MBOX = "synthetic_gmail-takeout.mbox"


def copy(source: Path, target: Path) -> Path:
    """Copy a corpus file or folder into the test's folder (contents only: the corpus is read-only)."""
    if source.is_dir():
        target.mkdir(parents=True)
        for child in sorted(source.iterdir()):
            copy(child, target / child.name)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return target


@pytest.fixture
def exports(tmp_path: Path, corpus: Path) -> Path:
    """A user's "my exports" folder: three contact CSVs, a Gmail mbox, a LinkedIn export
    in a subfolder, a stray note, and a hidden folder that must be left alone."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in CSVS:
        copy(corpus / "csv" / name, folder / name)
    copy(corpus / "mbox" / MBOX, folder / "mail" / MBOX)
    copy(corpus / "linkedin", folder / "linkedin")
    (folder / "notes.txt").write_text("call the plumber on Tuesday\n", encoding="utf-8")
    copy(corpus / "csv" / CSVS[2], folder / ".cache" / "old.csv")
    return folder


def use_db(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    monkeypatch.setenv("KITH_DB", str(db))


def kith(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_folder_parts_are_sorted_skip_hidden_names_and_keep_an_export_folder_whole(exports: Path) -> None:
    parts = importers.folder_parts(exports)
    assert [(p.path.relative_to(exports).as_posix(), p.source) for p in parts] == [
        ("linkedin", "linkedin"),
        (f"mail/{MBOX}", "mbox"),
        ("notes.txt", None),
        (CSVS[0], "google-csv"),
        (CSVS[1], "google-csv"),
        (CSVS[2], "outlook-csv"),
    ]
    assert parts[2].reason == "not a format Kith recognises"


def test_a_folder_imports_what_each_file_imports_alone(
    tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = [exports / "linkedin", exports / "mail" / MBOX, *(exports / name for name in CSVS)]
    use_db(monkeypatch, tmp_path / "one-by-one.db")
    singles = [kith("import", str(path)) for path in alone]
    stats_one_by_one = kith("stats")

    use_db(monkeypatch, tmp_path / "folder.db")
    report = kith("import", str(exports))

    assert report["source"] == "mixed"
    assert report["sources"] == {str(p): single["source"] for p, single in zip(alone, singles, strict=True)}
    assert report["files"] == [str(p) for p in alone]
    for count in COUNTS:
        if count != "people_merged":
            assert report[count] == sum(single[count] for single in singles), count
    # One import into an empty database: no one was known before it to add to, while one
    # by one the later files add to the people the earlier ones created.
    assert report["people_merged"] == 0 < sum(single["people_merged"] for single in singles)
    assert report["people_created"] > 0 and report["touches_added"] > 0
    note = {"file": str(exports / "notes.txt"), "line": None, "reason": "not a format Kith recognises"}
    assert note in report["skipped"]
    assert len(report["skipped"]) == 1 + sum(len(single["skipped"]) for single in singles)
    assert not any(".cache" in s["file"] for s in report["skipped"])
    assert kith("stats") == stats_one_by_one
    [logged] = kith("imports")
    assert logged["source"] == "mixed" and logged["path"] == str(exports)


def test_the_plain_output_says_what_each_file_was_read_as(
    tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(monkeypatch, tmp_path / "kith.db")
    result = CliRunner().invoke(app, ["import", str(exports)])
    assert result.exit_code == 0, result.output
    assert f"Imported mixed from {exports}:" in result.stdout
    for line in ("read linkedin as linkedin", f"read mail/{MBOX} as mbox",
                 f"read {CSVS[1]} as google-csv", f"read {CSVS[2]} as outlook-csv",
                 f"skipped {exports / 'notes.txt'}: not a format Kith recognises"):
        assert line in result.stdout


def test_importing_a_folder_twice_adds_nothing(
    tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(monkeypatch, tmp_path / "kith.db")
    kith("import", str(exports))
    before = kith("stats")
    again = kith("import", str(exports))
    assert (again["people_created"], again["touches_added"], again["content_added"]) == (0, 0, 0)
    assert kith("stats") == before


def test_one_undo_removes_what_the_folder_import_added(
    db_url: str, exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db_url.startswith("sqlite"):  # SQLite and PostgreSQL alike
        use_db(monkeypatch, Path(db_url.removeprefix("sqlite:///")))
    else:
        monkeypatch.setenv("KITH_DATABASE_URL", db_url)
    kith("import", str(exports / CSVS[2]))  # some people already there
    before = kith("stats")
    report = kith("import", str(exports))
    assert kith("stats") != before
    undone = kith("import", "--undo", str(report["import_id"]))
    assert undone["source"] == "mixed"
    assert kith("stats") == before
    assert [row["undone_at"] is not None for row in kith("imports")] == [False, True]


def test_an_export_folder_is_still_one_source(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(monkeypatch, tmp_path / "kith.db")
    linkedin = copy(corpus / "linkedin", tmp_path / "linkedin")
    report = kith("import", str(linkedin))
    assert report["source"] == "linkedin" and "sources" not in report
    # A WhatsApp chat folder with a contact card attached is a chat, not a contact import.
    chat = tmp_path / "chat"
    copy(corpus / "whatsapp" / "synthetic_ios__chat.txt", chat / "_chat.txt")
    copy(corpus / "vcard" / "ezvcard_John_Doe_IPHONE.vcf", chat / "John Doe.vcf")
    assert kith("import", str(chat))["source"] == "whatsapp"


def test_a_folder_of_one_kind_reads_as_before_until_another_kind_joins_it(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(monkeypatch, tmp_path / "kith.db")
    calendars = copy(corpus / "ics", tmp_path / "calendars")
    report = kith("import", str(calendars))
    assert report["source"] == "ics" and "sources" not in report
    copy(corpus / "csv" / CSVS[0], calendars / CSVS[0])
    report = kith("import", str(calendars))
    assert report["source"] == "mixed" and report["sources"][str(calendars / CSVS[0])] == "google-csv"
    assert report["people_created"] > 0  # the CSV the ics sniffer would have hidden


def test_a_folder_with_nothing_recognised_fails_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(monkeypatch, tmp_path / "kith.db")
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("nothing to see\n", encoding="utf-8")
    (junk / "empty.csv").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(junk)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {junk}: not a format Kith recognises")
    assert "name the source explicitly" in result.stderr
    assert kith("imports") == []


# -- one transaction for the whole folder, even when interrupted -------------------------


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("people", "identities", "touches", "engagements", "imports")}


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_an_interrupted_folder_import_leaves_the_database_as_it_was(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    db = tmp_path / "kith.db"
    use_db(monkeypatch, db)
    folder = tmp_path / "exports"
    copy(corpus / "csv" / CSVS[2], folder / "a_outlook.csv")  # read first, then the big one
    big = big_engagement_csv(folder / "b_engagement.csv", 150_000)
    kith("import", str(corpus / "csv" / CSVS[0]))
    before = table_counts(db)
    process = kith_process(db, "import", str(folder))
    wait_until_importing(process, big)
    process.send_signal(getattr(signal, how))
    _, err = process.communicate(timeout=60)
    if how == "SIGINT":
        assert process.returncode == 130, err.decode()
        assert "nothing was imported" in err.decode()
    else:
        assert process.returncode == -signal.SIGKILL
    assert table_counts(db) == before
