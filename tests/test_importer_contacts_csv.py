"""Google Contacts CSV (current and legacy) and Outlook CSV, against the corpus facts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError, UnknownFormat
from kith.importers import detect, read_records
from kith.models import ImportantDate, PersonRecord, Record, Skipped

UTC_ZONE = ZoneInfo("UTC")
FILES = {
    "csv/synthetic_google_contacts.csv": "google-csv",
    "csv/synthetic_google_contacts_legacy.csv": "google-csv",
    "csv/synthetic_outlook.csv": "outlook-csv",
}


def read(source: str, path: Path) -> list[Record]:
    return list(read_records(source, path, tz=UTC_ZONE))


def people(source: str, path: Path) -> list[PersonRecord]:
    return [r for r in read(source, path) if isinstance(r, PersonRecord)]


def expected(corpus: Path, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return data[rel]


def by_name(records: list[PersonRecord]) -> dict[str, PersonRecord]:
    return {r.person.name: r for r in records}


@pytest.mark.parametrize("rel, source", FILES.items())
def test_corpus_contacts_and_emails(corpus: Path, rel: str, source: str) -> None:
    fact = expected(corpus, rel)
    path = corpus / rel
    assert detect(path) == source
    records = people(source, path)
    assert len(records) == fact["contacts"]
    emails = [i for r in records for i in r.person.identities if i.kind == "email"]
    assert len(emails) == fact["smtp_email_addresses"]  # Exchange X.500 addresses are not e-mails
    names = {r.person.name for r in records}
    assert set(fact["non_ascii_names"]) <= names
    nameless = [r for r in records if "@" in r.person.name or r.person.name.startswith("+")]
    nameless += [r for r in records if r.person.name == r.person.company]
    assert len(nameless) == fact["contacts_without_name"]
    assert [r.source_id for r in people(source, path)] == [r.source_id for r in records]
    assert len({r.source_id for r in records}) == len(records)


def test_google_current_details(corpus: Path) -> None:
    found = by_name(people("google-csv", corpus / "csv/synthetic_google_contacts.csv"))
    jonas = found["Jonas Brandt"].person
    assert [i.value for i in jonas.identities[:2]] == [
        "jonas@brandtventures.example.com",
        "j.brandt@brandtventures.example.com",
    ]  # two values in one cell joined by ' ::: '
    assert jonas.company == "Brandt Ventures" and jonas.position == "Partner"
    assert found["Lena Fischer"].person.dates == (ImportantDate("birthday", 7, 3, None),)
    assert ImportantDate("birthday", 6, 21, 1984) in found["Marco Bellini"].person.dates
    daniel = found["Daniel Osei"].person
    assert ImportantDate("other", 9, 18, 2025, "Book launch") in daniel.dates
    tom = found["Tom Reyes"].person
    assert ("profile", "https://linkedin.com/in/tomreyes") in [
        (i.kind, i.value) for i in tom.identities
    ]
    assert found["Nadia Petrova"]  # trailing blank in the last name
    rachel = [i.value for i in found["Rachel Kim"].person.identities]
    assert "+14155550100" not in rachel  # a "Main" line is the company's, not hers
    priyanka = found["Priyanka Iyer"].person
    assert priyanka.notes and priyanka.notes.startswith("Manager training cohort")
    assert "Studio Nord" in found and "+447700900123" in found


def test_google_legacy_details(corpus: Path) -> None:
    found = by_name(people("google-csv", corpus / "csv/synthetic_google_contacts_legacy.csv"))
    marco = found["Marco Bellini"].person
    assert marco.dates == (ImportantDate("birthday", 6, 21, None),)
    assert ("handle", "skype:marco.bellini.live") in [(i.kind, i.value) for i in marco.identities]
    assert found["Owen McAllister"].person.company == "McAllister & Rowe, LLP"
    assert found["Helen Park"].person  # given + family name, titles left out
    assert "hello@studio-nord.example.com" in found  # the nameless contact, named by e-mail


def test_outlook_details(corpus: Path) -> None:
    found = by_name(people("outlook-csv", corpus / "csv/synthetic_outlook.csv"))
    rachel = found["Rachel Kim"].person
    assert [i.value for i in rachel.identities if i.kind == "email"] == [
        "rachel@kimcapital.example.com"
    ]
    assert found["Zoë Lefèvre"].person.dates == (ImportantDate("birthday", 11, 2, 1988),)
    assert found["Grace Liu"].person.dates == (ImportantDate("anniversary", 5, 4, 2019),)
    assert all(
        not r.person.dates for n, r in found.items() if n not in ("Zoë Lefèvre", "Grace Liu")
    )
    assert found["?ukasz Nowak"]  # unrepresentable in Windows-1252: kept as exported
    assert found["Studio Nord"].person.company == "Studio Nord"
    notes = found["Priyanka Iyer"].person.notes
    assert notes and "\n" in notes


OUTLOOK_HEADER = '"First Name","Last Name","Company","E-mail Address","E-mail Type","E-mail Display Name","Birthday","Anniversary","Gender","Priority","Private","Sensitivity","Categories"\r\n'


def test_default_only_rows_are_skipped_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    rows = [
        '"Ana","Lima","","ana@example.com","SMTP","Ana Lima (ana@example.com)","0/0/00","0/0/00","Unspecified","Normal","False","Normal",""',
        '"","","","","","","0/0/00","0/0/00","Unspecified","Normal","False","Normal","Clients"',
        '"Bo","","","/o=Org/cn=Recipients/cn=bo","EX","Bo (bo@example.org)","13/45/1990","0/0/00","Unspecified","Normal","False","Normal",""',
    ]
    path.write_bytes((OUTLOOK_HEADER + "\r\n".join(rows) + "\r\n").encode("cp1252"))
    records = read("outlook-csv", path)
    ana, skipped, bo = records
    assert isinstance(ana, PersonRecord) and isinstance(bo, PersonRecord)
    assert isinstance(skipped, Skipped) and skipped.line == 3 and skipped.file == str(path)
    assert bo.person.identities[0].value == "bo@example.org"  # from the display name
    assert bo.person.dates == ()  # an impossible date is dropped, not fatal


def test_detection_is_by_content(tmp_path: Path, corpus: Path) -> None:
    for rel, source in FILES.items():
        renamed = tmp_path / f"{source}.txt"
        shutil.copy(corpus / rel, renamed)
        assert detect(renamed) == source


@pytest.mark.parametrize(
    "content, problem",
    [(b"", "empty"), (bytes(range(256)) * 4, "binary"), (b"a,b,c\n1,2,3\n", "no google-csv")],
)
def test_bad_files_fail_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=problem) as info:
        read("google-csv", path)
    assert "bad.csv" in str(info.value)
    with pytest.raises((ImportFailed, UnknownFormat)):
        detect(path)


def test_outlook_file_read_as_google_is_refused(corpus: Path) -> None:
    with pytest.raises(ImportFailed, match="no google-csv header"):
        read("google-csv", corpus / "csv/synthetic_outlook.csv")


@pytest.mark.parametrize("rel, source", FILES.items())
def test_cli_import_reports_people_and_is_idempotent(
    tmp_path: Path, corpus: Path, rel: str, source: str
) -> None:
    runner = CliRunner()
    db = str(tmp_path / "kith.db")

    def run(*args: str) -> Any:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return json.loads(result.stdout)

    first = run("import", str(corpus / rel), "--json")
    assert first["source"] == source
    assert first["people_created"] == expected(corpus, rel)["contacts"]
    stats = run("stats", "--json")
    assert stats["people"] == first["people_created"]
    again = run("import", source, str(corpus / rel), "--json")
    assert again["people_created"] == 0 and again["touches_added"] == 0
    assert run("stats", "--json") == stats


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.sampled_from(['"Ana","Lima"', '"', ",,,,", "0/0/00", "\r\n", "\n", '"x\ny"', "\x00"])
        | st.text(max_size=10),
        max_size=12,
    )
)
def test_any_text_ends_in_records_or_a_clear_error(tmp_path: Path, rows: list[str]) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes((OUTLOOK_HEADER + "".join(rows)).encode("utf-8", "surrogatepass"))
    try:
        records = read("outlook-csv", path)
    except KithError as exc:
        assert "fuzz.csv" in str(exc)
        return
    assert all(isinstance(r, PersonRecord | Skipped) for r in records)
