"""`--exclude` keeps out what the user named, and a stray quote in a CSV is reported, not stored.

Through the CLI on copies of corpus files in `tmp_path` (the corpus itself is never edited).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kith.cli import app
from kith.identity import normalize_phone
from kith.store.exclusions import loose_key

runner = CliRunner()
INTRO = "Intro: Maya <> Priyanka (Loomwork)"


@pytest.fixture
def kith(db_path: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(app, ["--db", str(db_path), *args])
        assert (result.exit_code == 0) == ok, result.output
        return result

    return invoke


def imported(kith, path: Path, *excludes: str) -> dict:  # type: ignore[no-untyped-def]
    args = [a for rule in excludes for a in ("--exclude", rule)]
    return json.loads(kith("import", str(path), *args, "--json").stdout)


def found(kith, words: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(kith("search", words, "--json").stdout)


def test_a_thread_is_kept_out_with_its_replies(kith, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    mbox = corpus / "mbox" / "synthetic_gmail-takeout.mbox"
    assert found(kith, "Priyanka") == []
    report = imported(kith, mbox, f"thread:{INTRO}")
    assert report["excluded"] >= 3  # the intro and its two replies (one went to two people)
    assert report["exclusions_unmatched"] == []
    assert found(kith, "Priyanka") == []  # the replies, whose subjects start with Re:
    assert len(found(kith, "Thursday")) == 2  # the two mails outside the thread


@pytest.mark.parametrize("label", ["Starred", "Clients, 2025", "clients,  2025"])
def test_a_gmail_label_keeps_out_its_conversations(kith, corpus: Path, label: str) -> None:  # type: ignore[no-untyped-def]
    mbox = corpus / "mbox" / "synthetic_gmail-takeout.mbox"
    report = imported(kith, mbox, f"label:{label}")
    assert report["excluded"] >= 3  # the labelled message and the rest of its thread
    assert report["exclusions_unmatched"] == []
    words = "Priyanka" if "2025" in label else "chapter"
    assert found(kith, words) == []


def test_a_chat_is_named_as_the_user_types_it(kith, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "WhatsApp Chat - Founders Breakfast.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(corpus / "whatsapp" / "synthetic_ios__chat.txt", "_chat.txt")
    report = imported(kith, export, "chat:founders  breakfast")
    assert report["touches_added"] == 0
    assert report["excluded"] > 0
    assert report["exclusions_unmatched"] == []


def test_a_one_to_one_chat_is_named_after_the_other_person(kith, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    chat = corpus / "whatsapp" / "synthetic_android_12h_nnbsp.txt"
    report = imported(kith, chat, "chat:sam whitaker", "chat:Sam Whitaker 2")
    assert report["touches_added"] == 0
    assert report["exclusions_unmatched"] == ["chat:Sam Whitaker 2"]


def test_chat_names_meet_without_emoji_but_never_another_chat() -> None:
    assert loose_key("Founders Breakfast ☕") == loose_key("founders  BREAKFAST")
    assert loose_key("Team 2") != loose_key("Team 3")
    assert loose_key("☕") == "☕"


def test_an_exclusion_that_matches_nothing_is_said(kith, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    mbox = corpus / "mbox" / "synthetic_gmail-takeout.mbox"
    report = imported(kith, mbox, "label:Clients 2026", "thread:Security alert")
    assert report["exclusions_unmatched"] == ["label:Clients 2026"]
    again = kith("import", str(mbox), "--exclude", "chat:Nobody")
    assert "--exclude 'chat:Nobody' matched nothing" in again.stdout


# --- a stray quote in a CSV ---------------------------------------------------------------

UNCLOSED = "an unclosed quote — fix the quote or remove the line"


def skipped(report: dict) -> list[tuple[str, int, str]]:
    return [(Path(s["file"]).name, s["line"], s["reason"]) for s in report["skipped"]]


def people(kith) -> set[str]:  # type: ignore[no-untyped-def]
    return {p["name"] for p in json.loads(kith("people", "--json").stdout)["items"]}


def test_a_stray_quote_in_google_contacts_skips_its_row_only(  # type: ignore[no-untyped-def]
    kith, tmp_path: Path, corpus: Path
) -> None:
    good = (corpus / "csv" / "synthetic_google_contacts.csv").read_bytes()
    assert good.count(b"Daniel,,Osei") == 1
    bad = tmp_path / "contacts.csv"
    bad.write_bytes(good.replace(b"Daniel,,Osei", b'Daniel,",Osei'))  # opens a field on row 6
    report = imported(kith, bad)
    assert skipped(report) == [("contacts.csv", 9, UNCLOSED)]
    names = people(kith)
    assert "Lena Fischer" in names  # the row the quote had swallowed, read as it was meant
    assert not any("Osei" in n or "Berlin" in n or "Lindenstraße" in n for n in names)
    assert report["people_created"] == 21  # the corpus's 22 but the broken row
    assert "contacts.csv, line 9: an unclosed quote" in kith("import", str(bad)).stdout


ENGAGEMENT = """date,platform,post_url,person_name,profile_url,kind,text
2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,https://www.linkedin.com/in/gm,comment,"Loved it
over two lines, as exports write them"
2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,"Ana Ruiz,https://www.linkedin.com/in/ana,comment,Yes
2026-04-20T10:00:00Z,linkedin,https://example.com/p/3,Bo Lind,https://www.linkedin.com/in/bo,comment,Good "point" here
2026-04-21T10:00:00Z,linkedin,https://example.com/p/3,Cy Moss,https://www.linkedin.com/in/cy,reaction,
"""


def test_a_stray_quote_in_engagements_swallows_no_valid_row(  # type: ignore[no-untyped-def]
    kith, tmp_path: Path
) -> None:
    path = tmp_path / "engagement.csv"
    path.write_text(ENGAGEMENT, encoding="utf-8")
    report = imported(kith, path)
    assert skipped(report) == [("engagement.csv", 4, UNCLOSED)]
    assert report["engagements_added"] == 3  # the two-line comment, Bo's and Cy's
    assert {"Gaurav Mehta", "Bo Lind", "Cy Moss"} <= people(kith)


def test_a_quote_left_open_at_the_end_of_a_csv_is_reported(  # type: ignore[no-untyped-def]
    kith, tmp_path: Path
) -> None:
    path = tmp_path / "engagement.csv"
    last = (
        '2026-04-22T10:00:00Z,linkedin,https://p.example/4,"Di Park,https://di.example,comment,Hi\n'
    )
    path.write_text(ENGAGEMENT + last, encoding="utf-8")
    report = imported(kith, path)
    assert skipped(report) == [("engagement.csv", 4, UNCLOSED), ("engagement.csv", 7, UNCLOSED)]
    assert report["engagements_added"] == 3


# --- phone numbers without a country code ---------------------------------------------


def test_a_phone_without_a_country_code_gets_no_invented_country(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KITH_REGION", raising=False)
    assert normalize_phone("123456789") == "123456789"  # was +123456789
    assert normalize_phone("345 6789") == "3456789"  # was +13456789, a US number
    assert normalize_phone("+44 7700 900123") == "+447700900123"
    assert normalize_phone("0044 7700 900123") == "+447700900123"
    monkeypatch.setenv("KITH_REGION", "de")
    assert normalize_phone("030 1234567") == "+49301234567"
    assert normalize_phone("+44 7700 900123") == "+447700900123"


def test_a_contact_without_a_country_code_keeps_its_digits(  # type: ignore[no-untyped-def]
    kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KITH_REGION", raising=False)
    contacts = tmp_path / "contacts.vcf"
    contacts.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL;TYPE=CELL:345-6789\nEND:VCARD\n",
        encoding="utf-8",
    )
    imported(kith, contacts)
    (person,) = json.loads(kith("people", "--json").stdout)["items"]
    shown = json.loads(kith("show", str(person["id"]), "--json").stdout)
    phones = [i["value"] for i in shown["identities"] if i["kind"] == "phone"]
    assert phones == ["3456789"]


def test_a_stray_quote_in_linkedin_connections_is_reported(  # type: ignore[no-untyped-def]
    kith, tmp_path: Path, corpus: Path
) -> None:
    good = (corpus / "linkedin" / "synthetic_Connections_2026.csv").read_bytes()
    assert good.count(b"Rebecca,Thorne") == 1
    bad = tmp_path / "Connections.csv"
    bad.write_bytes(good.replace(b"Rebecca,Thorne", b'Rebecca,"Thorne'))
    report = imported(kith, bad)
    assert [s for s in skipped(report) if s[2] == UNCLOSED] == [("Connections.csv", 6, UNCLOSED)]
    assert "Hamza Qureshi" in people(kith)  # the row the quote had swallowed
