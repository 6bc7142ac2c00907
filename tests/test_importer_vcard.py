"""vCard 2.1/3.0/4.0: the real client files of the corpus, and the quirks they carry."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError, UnknownFormat
from kith.identity import clean_text
from kith.importers import detect, read_records
from kith.models import ImportantDate, PersonRecord, Record, Skipped

UTC_ZONE = ZoneInfo("UTC")


def read(path: Path) -> list[Record]:
    return list(read_records("vcard", path, tz=UTC_ZONE))


def people(path: Path) -> list[PersonRecord]:
    return [r for r in read(path) if isinstance(r, PersonRecord)]


def expected(corpus: Path) -> dict[str, Any]:
    data = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k.startswith("vcard/")}


def write(tmp_path: Path, text: str, name: str = "contacts.vcf", newline: str = "\r\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


# --- the corpus -----------------------------------------------------------------------


def test_every_corpus_card_is_a_contact_with_its_name_and_emails(corpus: Path) -> None:
    facts = expected(corpus)
    assert len(facts) == 7
    for rel, fact in facts.items():
        path = corpus / rel
        assert detect(path) == "vcard", rel
        records = people(path)
        assert len(records) == fact["contacts"], rel
        emails = sorted(i.value for r in records for i in r.person.identities if i.kind == "email")
        assert emails == sorted(e.lower() for e in fact["email_values"]), rel
        names = sorted(r.person.name for r in records)
        # Cards without N/FN are named by their e-mail; the others by FN as written.
        fns = [clean_text(fn) for fn in fact["fn_values"] if clean_text(fn)]
        assert sorted(n for n in names if "@" not in n) == sorted(fns), rel
        assert sum("@" in n for n in names) == fact["cards_without_fn_or_n"], rel


def test_android_quoted_printable_soft_breaks_and_email_only_cards(corpus: Path) -> None:
    records = people(corpus / "vcard/ezvcard_John_Doe_ANDROID.vcf")
    by_name = {r.person.name: r.person for r in records}
    # A soft break whose continuation starts with '=' (no blank) joins mid-name.
    assert "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ" in by_name
    assert by_name["john.doe@company.com"].identities[0].value == "john.doe@company.com"
    # The QP "e-mail" that decodes to letters is not an address.
    bob = next(
        p for p in by_name.values() if any(i.value == "bob@company.com" for i in p.identities)
    )
    assert [i.value for i in bob.identities if i.kind == "email"] == ["bob@company.com"]
    assert bob.company and set(bob.company) == {"Ñ"}


def test_dates_notes_company_from_real_clients(corpus: Path) -> None:
    (gmail,) = people(corpus / "vcard/ezvcard_John_Doe_GMAIL.vcf")
    assert gmail.person.company == "IBM" and gmail.person.position == "Money Counter"
    assert ImportantDate("birthday", 3, 22, 1980) in gmail.person.dates
    assert ImportantDate("anniversary", 3, 1, 1975, "Anniversary") in gmail.person.dates
    assert gmail.person.notes and '"AS IS"' in gmail.person.notes  # folded, \" kept, \, undone
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED" in gmail.person.notes
    assert gmail.person.notes.endswith("\nFavotire Color: Blue")

    (outlook,) = people(corpus / "vcard/ezvcard_John_Doe_MS_OUTLOOK.vcf")
    assert ImportantDate("birthday", 3, 22, 1980) in outlook.person.dates  # BDAY:19800322
    assert ImportantDate("anniversary", 1, 13, 2011) in outlook.person.dates  # X-MS-ANNIVERSARY

    (iphone,) = people(corpus / "vcard/ezvcard_John_Doe_IPHONE.vcf")  # CR CR LF
    assert ImportantDate("birthday", 6, 6, 2012) in iphone.person.dates
    phones = [i.value for i in iphone.person.identities if i.kind == "phone"]
    # the card gives no country code: national digits, no +1 invented (fax is not theirs)
    assert "9055551234" in phones and "9058881234" not in phones

    (outlook2007,) = people(corpus / "vcard/ezvcard_outlook-2007.vcf")
    assert outlook2007.person.notes and "\t" in outlook2007.person.notes
    assert "It does not preserve the formatting" in outlook2007.person.notes


def test_source_ids_are_stable_and_distinct(corpus: Path) -> None:
    for path in sorted((corpus / "vcard").glob("*.vcf")):
        first = [r.source_id for r in people(path)]
        assert first == [r.source_id for r in people(path)]
        assert len(set(first)) == len(first)


# --- quirks in small synthetic cards --------------------------------------------------

QUIRKS = """BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
FN:Ana Lima
N:Lima;Ana;;;
BDAY:--0412
EMAIL;TYPE=work:ana@example.com
TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102
URL:https://www.linkedin.com/in/ana-lima/
URL:https://lima-consulting.example.com/about
X-SOCIALPROFILE;type=twitter:https://twitter.com/analima
IMPP:xmpp:ana@jabber.example.org
ANNIVERSARY:20090808T1430-0500
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Stone;Bo;;;
FN:Bo Stone
BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-12-31
item1.EMAIL;type=INTERNET:bo@example.org
item1.X-ABLabel:_$!<Other>!$_
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
N:;;;;
ORG:Studio Nord;
X-ABShowAs:COMPANY
TEL;type=WORK:+44 20 7946 0999
END:VCARD
BEGIN:VCARD
VERSION:3.0
BDAY;VALUE=text:circa 1800
CATEGORIES:Nobody
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen;;;
TEL;CELL;PREF:+49 151 0000 0042
PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD
 CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr

END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:group
FN:Book club
MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN:Dee Ek
EMAIL;PREF:dee@example.com
X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1985-04-12;3;;;;;;;;;;;;;
X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Dee;1;;;;;;;;;;;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Cut Short
"""


def test_quirks_of_other_clients(tmp_path: Path) -> None:
    records = read(write(tmp_path, QUIRKS))
    ana, bo, studio, _juergen, dee = (r for r in records if isinstance(r, PersonRecord))
    skipped = [r for r in records if isinstance(r, Skipped)]

    values = {i.value for i in ana.person.identities}
    assert values == {
        "ana@example.com",
        "+14186569254",
        "https://linkedin.com/in/ana-lima",
        "https://twitter.com/analima",
        "xmpp:ana@jabber.example.org",
    }  # a company page is not an identity
    assert ana.person.identities[0].kind == "email"
    assert ImportantDate("birthday", 4, 12, None) in ana.person.dates
    assert ImportantDate("anniversary", 8, 8, 2009) in ana.person.dates

    assert bo.person.dates == (ImportantDate("birthday", 12, 31, None),)  # Apple's year 1604
    assert studio.person.name == "Studio Nord" and studio.person.company == "Studio Nord"

    assert dee.person.dates == (ImportantDate("birthday", 4, 12, 1985),)  # Android's custom event
    assert [s.line for s in skipped] == [31, 44, 57]  # where each card begins
    assert "group" in skipped[1].reason
    assert "name, e-mail or phone" in skipped[0].reason
    assert "END:VCARD" in skipped[2].reason


def test_qp_charset_photo_and_bare_params(tmp_path: Path) -> None:
    records = people(write(tmp_path, QUIRKS))
    juergen = records[3].person
    assert juergen.name == "Jürgen Müller"
    assert [i.value for i in juergen.identities] == ["+4915100000042"]


def test_a_dangling_soft_break_does_not_swallow_the_next_card(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ana=\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Bo\nEND:VCARD\n"
    )
    assert [r.person.name for r in people(write(tmp_path, text))] == ["Ana", "Bo"]


def test_uid_keeps_the_id_when_the_card_changes(tmp_path: Path) -> None:
    first = people(write(tmp_path, QUIRKS, "a.vcf"))[0]
    changed = people(write(tmp_path, QUIRKS.replace("ana@example.com", "ana@new.example"), "b.vcf"))
    assert changed[0].source_id == first.source_id


def test_line_ends_lf_and_cr_cr_lf_read_the_same(tmp_path: Path) -> None:
    crlf = people(write(tmp_path, QUIRKS, "crlf.vcf"))
    lf = people(write(tmp_path, QUIRKS, "lf.vcf", "\n"))
    crcrlf = people(write(tmp_path, QUIRKS, "crcrlf.vcf", "\r\r\n"))
    assert [r.person for r in crlf] == [r.person for r in lf] == [r.person for r in crcrlf]


def test_detected_by_content_folder_and_zip(tmp_path: Path, corpus: Path) -> None:
    renamed = tmp_path / "export.txt"
    shutil.copy(corpus / "vcard/ezvcard_John_Doe_IPHONE.vcf", renamed)
    assert detect(renamed) == "vcard"
    folder = tmp_path / "cards"
    folder.mkdir()
    for path in (corpus / "vcard").glob("*.vcf"):
        shutil.copy(path, folder / path.name)
    (folder / "Ana Lima.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))  # Takeout side-car
    assert detect(folder) == "vcard"
    total = sum(f["contacts"] for f in expected(corpus).values())
    assert len(people(folder)) == total
    archive = tmp_path / "contacts.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, path.name)
    assert [r.source_id for r in people(archive)] == [r.source_id for r in people(folder)]


@pytest.mark.parametrize(
    "content, problem",
    [(b"", "empty"), (bytes(range(256)) * 4, "binary"), (b"hello\nworld\n", "BEGIN:VCARD")],
)
def test_bad_files_fail_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.vcf"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=problem) as info:
        read(path)
    assert "bad.vcf" in str(info.value)
    with pytest.raises((ImportFailed, UnknownFormat)):
        detect(path)


# --- end to end through the CLI -------------------------------------------------------


def test_cli_import_reports_people_and_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "kith.db")
    path = corpus / "vcard/ezvcard_gmail-single2.vcf"

    def run(*args: str) -> Any:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return json.loads(result.stdout)

    first = run("import", str(path), "--json")
    assert first["source"] == "vcard"
    assert (
        first["people_created"] == expected(corpus)["vcard/ezvcard_gmail-single2.vcf"]["contacts"]
    )
    stats = run("stats", "--json")
    assert stats["people"] == first["people_created"]
    again = run("import", "vcard", str(path), "--json")
    assert again["people_created"] == 0 and again["touches_added"] == 0
    assert run("stats", "--json") == stats


# --- any bytes end in records or a clear error ----------------------------------------

vcard_like = st.lists(
    st.sampled_from(
        [
            b"BEGIN:VCARD\r\n",
            b"END:VCARD\r\n",
            b"VERSION:2.1\r\n",
            b"N;ENCODING=QUOTED-PRINTABLE:=C3=91=\r\n",
            b"=20x\r\n",
            b"FN:Ana\\, Lima\r\n",
            b"EMAIL:ana@example.com\r\n",
            b"BDAY:--0230\r\n",
            b"PHOTO;ENCODING=BASE64:\r\n",
            b" AAAA\r\n",
            b"\r\n",
            b"\r\r\n",
            b"item1.X-ABLabel:_$!<Anniversary>!$_\r\n",
            b";;:\r\n",
        ]
    )
    | st.binary(max_size=20)
).map(b"".join)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=vcard_like)
def test_any_bytes_end_in_records_or_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\n" + content)
    try:
        records = read(path)
    except KithError as exc:
        assert "fuzz.vcf" in str(exc)
        return
    assert all(isinstance(r, PersonRecord | Skipped) for r in records)
