"""The LinkedIn export end to end: importer → store → agenda, on the shared corpus."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from kith import service
from kith.store import Store

EXPORT_NAMES = {
    "synthetic_Connections_2026.csv": "Connections.csv",
    "synthetic_messages_2026.csv": "messages.csv",
    "synthetic_Profile_2026.csv": "Profile.csv",
    "synthetic_Shares_2026.csv": "Shares.csv",
    "synthetic_Invitations_2026.csv": "Invitations.csv",
    "synthetic_Comments.csv": "Comments.csv",
}


@pytest.fixture
def export(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "Basic_LinkedInDataExport"
    folder.mkdir()
    for original, name in EXPORT_NAMES.items():
        shutil.copy(corpus / "linkedin" / original, folder / name)
    return folder


@pytest.fixture
def expected(corpus: Path) -> dict:
    data: dict = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    yield opened
    opened.close()


def test_export_folder_lands_whole(store: Store, export: Path, expected: dict) -> None:
    report = service.import_path(store, export)
    messages = expected["linkedin/synthetic_messages_2026.csv"]
    assert report.source == "linkedin"
    assert report.me == messages["owner"]
    assert store.me()["name"] == messages["owner"]
    stats = store.stats()
    assert stats["content"] == expected["linkedin/synthetic_Shares_2026.csv"]["posts"]
    assert stats["touches_by_channel"]["dm"] >= messages["messages"]
    assert stats["threads"] >= messages["conversations"]
    # Owner is never a contact; nameless connections are skipped and reported with a line.
    assert store.list_people(messages["owner"]) == []
    assert any(s.line and "Connections.csv" in s.file for s in report.skipped)


def test_same_person_across_invitations_and_messages_is_one_person(store: Store, export: Path) -> None:
    service.import_path(store, export)
    marco = store.list_people("Marco Bellini")
    assert len(marco) == 1
    channels = {t["channel"] for t in store.touches(marco[0]["id"], limit=100)}
    assert "dm" in channels


def test_zip_and_folder_are_the_same_import(store: Store, export: Path, tmp_path: Path) -> None:
    service.import_path(store, export)
    once = store.stats()
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in export.iterdir():
            zf.write(path, f"Basic_LinkedInDataExport/{path.name}")
    again = service.import_path(store, archive)
    assert again.touches_added == 0 and again.people_created == 0
    assert store.stats() == once


def test_agenda_on_the_export_skips_bulk_senders(store: Store, export: Path) -> None:
    service.import_path(store, export)
    items = service.today(store, "2026-04-10")["items"]
    assert items, "a real inbox has someone waiting for an answer"
    names = {i["person"]["name"] for i in items}
    assert "LinkedIn Member" not in names
    assert all(i["why"] and i["id"].count(":") == 2 for i in items)
