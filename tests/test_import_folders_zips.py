"""`kith import` of what a tester found wrong (issue 3): a folder of mixed exports with a
chat at its top level, a Google Takeout zip, misleading errors, feed imports that
reported nothing, and an export count that disagreed with `kith stats`.

Everything goes through the CLI, on corpus files copied into the test's folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app
from test_importer_engagement import GOOD as ENGAGEMENT_CSV
from test_importer_feed import RSS
from test_importer_wxr import SITE as WXR

WHATSAPP = "whatsapp/synthetic_ios__chat.txt"
TELEGRAM = "telegram/chat-analytics_DM_2A_7M_result.json"
GOOGLE = "csv/synthetic_google_contacts.csv"
OUTLOOK = "csv/synthetic_outlook.csv"
CARD = "vcard/ezvcard_John_Doe_IPHONE.vcf"
CALENDAR = "ics/icalendar_alarm_google_future.ics"
MBOX = "mbox/synthetic_gmail-takeout.mbox"


def copy(corpus: Path, name: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((corpus / name).read_bytes())
    return target


def kith(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def failure(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    return str(result.stderr)


# -- 1. a folder of mixed exports with a chat at its top level ----------------------------


@pytest.fixture
def mixed(tmp_path: Path, corpus: Path) -> Path:
    """Ten exports side by side, as the tester had them: no subfolders."""
    folder = tmp_path / "mixed"
    for name in (WHATSAPP, TELEGRAM, GOOGLE, OUTLOOK, CARD, CALENDAR, MBOX):
        copy(corpus, name, folder / Path(name).name)
    (folder / "engagement.csv").write_text(ENGAGEMENT_CSV, encoding="utf-8")
    (folder / "blog.wxr").write_text(WXR, encoding="utf-8")
    (folder / "feed.xml").write_text(RSS, encoding="utf-8")
    return folder


def test_a_chat_beside_other_exports_does_not_hide_them(tmp_path: Path, mixed: Path) -> None:
    report = kith(tmp_path / "kith.db", "import", str(mixed))
    assert report["source"] == "mixed"
    assert {Path(f).name: s for f, s in report["sources"].items()} == {
        "synthetic_ios__chat.txt": "whatsapp",
        "chat-analytics_DM_2A_7M_result.json": "telegram",
        "synthetic_google_contacts.csv": "google-csv",
        "synthetic_outlook.csv": "outlook-csv",
        "ezvcard_John_Doe_IPHONE.vcf": "vcard",
        "icalendar_alarm_google_future.ics": "ics",
        "synthetic_gmail-takeout.mbox": "mbox",
        "engagement.csv": "engagement",
        "blog.wxr": "wxr",
        "feed.xml": "feed",
    }
    assert report["engagements_added"] > 0 and report["news_added"] == 3
    imports = kith(tmp_path / "kith.db", "imports")
    assert len(imports) == 1  # one import, so one undo takes it all back
    kith(tmp_path / "kith.db", "import", "--undo", str(report["import_id"]))
    assert kith(tmp_path / "kith.db", "stats")["people"] == 0


@pytest.mark.parametrize(
    ("name", "source"),
    [
        (WHATSAPP, "whatsapp"),
        (TELEGRAM, "telegram"),
        ("linkedin/synthetic_Connections_2026.csv", "linkedin"),
    ],
)
def test_one_file_of_a_whole_folder_source_among_others(
    tmp_path: Path, corpus: Path, name: str, source: str
) -> None:
    folder = tmp_path / "exports"
    for each in (name, GOOGLE, CALENDAR):
        copy(corpus, each, folder / Path(each).name)
    report = kith(tmp_path / "kith.db", "import", str(folder))
    assert report["source"] == "mixed"
    assert sorted(report["sources"].values()) == sorted([source, "google-csv", "ics"])


def test_chats_beside_other_exports_are_read_together_as_in_a_chat_folder(
    tmp_path: Path, corpus: Path
) -> None:
    names = [p.name for p in sorted((corpus / "whatsapp").glob("*.txt"))]
    chats, mixed = tmp_path / "chats", tmp_path / "mixed"
    for name in names:
        copy(corpus, f"whatsapp/{name}", chats / name)
        copy(corpus, f"whatsapp/{name}", mixed / name)
    for folder in (chats, mixed):  # a line the reader skips, to see it named
        with (folder / Path(WHATSAPP).name).open("ab") as chat:
            chat.write(b"[31/02/2024, 10:00:00] Lena: the day that never was\r\n")
    copy(corpus, OUTLOOK, mixed / "outlook.csv")  # contacts: no touches of their own
    alone = kith(tmp_path / "chats.db", "import", str(chats))
    together = kith(tmp_path / "mixed.db", "import", str(mixed))
    assert alone["source"] == "whatsapp" and together["source"] == "mixed"
    assert together["me"] == alone["me"]  # the owner found across all the chats
    assert together["touches_added"] == alone["touches_added"]
    assert sorted(together["sources"]) == sorted([str(mixed / n) for n in [*names, "outlook.csv"]])
    in_chats = [s for s in alone["skipped"] if s["file"].startswith(f"{chats}/")]
    assert in_chats  # lines of the chats the reader skipped, named by the chats' own paths
    assert [s for s in together["skipped"] if s["file"].startswith(f"{mixed}/")] == [
        {**s, "file": s["file"].replace(str(chats), str(mixed))} for s in in_chats
    ]


def test_a_folder_of_only_one_chat_source_is_still_one_export(
    tmp_path: Path, corpus: Path
) -> None:
    chats = tmp_path / "chats"
    copy(corpus, WHATSAPP, chats / "_chat.txt")
    copy(corpus, "whatsapp/synthetic_android_12h_nnbsp.txt", chats / "WhatsApp Chat with Bo.txt")
    (chats / "00000013-PHOTO-2024-03-14-11-43-02.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00JFIF")
    copy(corpus, CARD, chats / "John Doe.vcf")  # one shared contact card: an attachment
    report = kith(tmp_path / "kith.db", "import", str(chats))
    assert report["source"] == "whatsapp" and "sources" not in report


def test_an_address_book_beside_a_chat_is_imported_too(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "phone"
    copy(corpus, WHATSAPP, folder / "_chat.txt")
    cards = [(corpus / "vcard" / n).read_text(encoding="utf-8") for n in (
        "ezvcard_John_Doe_IPHONE.vcf", "ezvcard_gmail-single2.vcf")]
    (folder / "contacts.vcf").write_text("\n".join(cards), encoding="utf-8")
    report = kith(tmp_path / "kith.db", "import", str(folder))
    assert report["source"] == "mixed"
    assert report["sources"][str(folder / "contacts.vcf")] == "vcard"


def test_a_calendar_in_a_subfolder_of_a_chat_folder_is_imported_too(
    tmp_path: Path, corpus: Path
) -> None:
    folder = tmp_path / "phone"
    copy(corpus, WHATSAPP, folder / "_chat.txt")
    copy(corpus, CALENDAR, folder / "calendars" / "work.ics")
    report = kith(tmp_path / "kith.db", "import", str(folder))
    assert report["source"] == "mixed"
    assert report["sources"][str(folder / "calendars" / "work.ics")] == "ics"


def test_a_whatsapp_zip_with_its_attachments_is_one_chat(tmp_path: Path, corpus: Path) -> None:
    archive = tmp_path / "WhatsApp Chat - Lena.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(corpus / WHATSAPP, "_chat.txt")
        out.write(corpus / CARD, "00000040-John Doe.vcf")
        out.writestr("00000013-PHOTO-2024-03-14-11-43-02.jpg", b"\xff\xd8\xff\xe0\x00JFIF")
    report = kith(tmp_path / "kith.db", "import", str(archive))
    assert report["source"] == "whatsapp" and report["files"] == [str(archive)]


# -- 2. a zip of mixed exports reads like the folder ----------------------------------------


def takeout(tmp_path: Path, corpus: Path, *, calendar: bool = True) -> tuple[Path, Path]:
    """A Google Takeout as a folder and as the zip Google hands out."""
    folder = tmp_path / "unzipped"
    copy(corpus, MBOX, folder / "Takeout/Mail/All mail Including Spam and Trash.mbox")
    copy(corpus, CARD, folder / "Takeout/Contacts/My Contacts/My Contacts.vcf")
    if calendar:
        copy(corpus, CALENDAR, folder / "Takeout/Calendar/x.ics")
    archive = tmp_path / "takeout-20261205.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            out.write(file, file.relative_to(folder).as_posix())
    return folder, archive


def counts(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k.endswith(("_added", "_created", "_skipped"))}


@pytest.mark.parametrize("calendar", [True, False], ids=["with-calendar", "mail-and-contacts"])
def test_a_takeout_zip_imports_like_the_same_folder(
    tmp_path: Path, corpus: Path, calendar: bool
) -> None:
    folder, archive = takeout(tmp_path, corpus, calendar=calendar)
    as_folder = kith(tmp_path / "folder.db", "import", str(folder))
    as_zip = kith(tmp_path / "zip.db", "import", str(archive))
    assert as_zip["source"] == as_folder["source"] == "mixed"
    assert counts(as_zip) == counts(as_folder)
    assert as_zip["people_created"] > 0
    assert sorted(as_zip["sources"].values()) == sorted(as_folder["sources"].values())
    # Named as entries of the zip, never as the temporary folder it was unpacked to.
    inside = "Takeout/Contacts/My Contacts/My Contacts.vcf"
    assert as_zip["sources"][f"{archive}/{inside}"] == "vcard"
    assert all(s["file"].startswith(str(archive)) for s in as_zip["skipped"])
    (logged,) = kith(tmp_path / "zip.db", "imports")
    assert logged["path"] == str(archive)
    assert "kith-zip-" not in json.dumps(logged["report"])  # nor in the log of imports
    assert kith(tmp_path / "zip.db", "stats") == kith(tmp_path / "folder.db", "stats")
    again = kith(tmp_path / "zip.db", "import", str(archive))
    assert again["people_created"] == again["touches_added"] == 0


def test_a_zip_of_one_export_is_still_read_as_that_export(tmp_path: Path, corpus: Path) -> None:
    archive = tmp_path / "linkedin.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted((corpus / "linkedin").iterdir()):
            out.write(file, file.name)
    report = kith(tmp_path / "kith.db", "import", str(archive))
    assert report["source"] == "linkedin" and "sources" not in report


# -- 3. errors that say what is wrong ----------------------------------------------------------


def damaged_zip(tmp_path: Path, corpus: Path) -> Path:
    """A LinkedIn zip whose messages.csv has bytes flipped inside its compressed data."""
    archive = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(corpus / "linkedin/synthetic_Connections_2026.csv", "Connections.csv")
        out.write(corpus / "linkedin/synthetic_messages_2026.csv", "messages.csv")
    with zipfile.ZipFile(archive) as read:
        entry = read.getinfo("messages.csv")
    data = bytearray(archive.read_bytes())
    start = entry.header_offset + 30 + len(entry.filename) + len(entry.extra) + 50
    data[start : start + 30] = bytes(b ^ 0xFF for b in data[start : start + 30])
    archive.write_bytes(bytes(data))
    return archive


def test_a_damaged_zip_is_called_damaged_with_or_without_a_source(
    tmp_path: Path, corpus: Path
) -> None:
    archive = damaged_zip(tmp_path, corpus)
    db = tmp_path / "kith.db"
    named = failure(db, "import", "linkedin", str(archive))
    auto = failure(db, "import", str(archive))
    for said in (named, auto):
        assert said.startswith(f"Error: {archive}/messages.csv: the file is truncated or damaged")
        assert "download the export again" in said
    assert "name the source" not in auto


def test_random_bytes_are_no_export_kith_reads(tmp_path: Path) -> None:
    blob = tmp_path / "blob.dat"
    blob.write_bytes(bytes(range(256)) * 64)
    said = failure(tmp_path / "kith.db", "import", str(blob))
    assert said.startswith(f"Error: {blob}: a binary file, not an export Kith reads — Kith reads")
    assert "WhatsApp" in said and "vCard" in said and "name the source" not in said


def test_an_empty_folder_is_called_empty(tmp_path: Path) -> None:
    empty = tmp_path / "exports"
    (empty / ".hidden").mkdir(parents=True)
    said = failure(tmp_path / "kith.db", "import", str(empty))
    assert said.startswith(f"Error: {empty}: the folder is empty")


def big_telegram(corpus: Path, target: Path, copies: int) -> str:
    """The corpus chat with its messages repeated (new ids), pretty-printed as Telegram does."""
    export = json.loads((corpus / TELEGRAM).read_text(encoding="utf-8"))
    messages = export["messages"]
    export["messages"] = [
        {**m, "id": m["id"] + 1000 * round_} for round_ in range(copies) for m in messages
    ]
    text = json.dumps(export, indent=1, ensure_ascii=False)
    target.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize("source", ["telegram", "auto"])
def test_a_truncated_telegram_export_names_its_line(
    tmp_path: Path, corpus: Path, source: str
) -> None:
    whole = tmp_path / "result.json"
    text = big_telegram(corpus, whole, copies=400)  # far past one read chunk
    cut = text[: len(text) * 3 // 4]
    whole.write_text(cut, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(cut)
    args = ["import", str(whole)] if source == "auto" else ["import", source, str(whole)]
    said = failure(tmp_path / "kith.db", *args)
    assert said.startswith(f"Error: {whole}, line {expected.value.lineno}: broken JSON")
    assert "export the chat again" in said


# -- 4. a feed import says what it added -----------------------------------------------------


def test_a_feed_import_reports_its_news_items(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    db = tmp_path / "kith.db"
    first = kith(db, "import", str(feed))
    assert first["news_added"] == 3 and first["people_created"] == first["touches_added"] == 0
    assert kith(db, "import", str(feed))["news_added"] == 0  # already there
    listed = kith(db, "imports")
    assert [row["news_added"] for row in listed] == [3, 0]
    said = CliRunner().invoke(app, ["--db", str(db), "import", str(feed)]).stdout
    assert "0 news items" in said
    lines = CliRunner().invoke(app, ["--db", str(db), "imports"]).stdout.splitlines()
    assert "0 people, 0 touches, 3 news items" in lines[0]


# -- 5. kith export counts what kith stats counts ------------------------------------------


def test_export_counts_the_touches_stats_counts(tmp_path: Path, mixed: Path) -> None:
    db = tmp_path / "kith.db"
    kith(db, "import", str(mixed / "engagement.csv"))  # comments make touches too
    kith(db, "import", str(mixed / "synthetic_ios__chat.txt"))
    touches = kith(db, "stats")["touches"]
    out = tmp_path / "export.json"
    written = kith(db, "export", str(out))
    assert written["counts"]["touches"] == touches
    said = CliRunner().invoke(app, ["--db", str(db), "export", str(tmp_path / "b.json")]).stdout
    assert f"{touches:,} touches" in said
    kith(tmp_path / "back.db", "import", "kith-json", str(out))
    assert kith(tmp_path / "back.db", "stats")["touches"] == touches


def test_a_mixed_zip_too_big_for_the_temporary_disk_is_refused_before_unpacking(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    _, archive = takeout(tmp_path, corpus)
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=1000))
    said = failure(tmp_path / "kith.db", "import", str(archive))
    assert said.startswith(f"Error: {archive}: a zip of several exports is unpacked to read it")
    assert "unzip it where there is room and import the folder" in said
