"""The LinkedIn importer against the corpus replicas of real exports (../shared/corpus).

Exports are assembled in tmp_path from corpus files under their real export names;
the facts checked come from EXPECTED.json, never typed in here.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith import service
from kith.errors import ImportFailed, UnknownFormat
from kith.identity import clean_text
from kith.importers import SOURCES, detect, files_of, read_records
from kith.importers._text import parse_utc
from kith.importers.linkedin_people import UTC_TIME
from kith.models import (
    ContentRecord,
    MeRecord,
    PersonRecord,
    Record,
    Skipped,
    TouchRecord,
)
from kith.store import Store

UTC_ZONE = ZoneInfo("UTC")
LINKEDIN = "linkedin/synthetic_{}"
EXPORT_2026 = {
    "Connections_2026.csv": "Connections.csv",
    "messages_2026.csv": "messages.csv",
    "Profile_2026.csv": "Profile.csv",
    "Shares_2026.csv": "Shares.csv",
    "Invitations_2026.csv": "Invitations.csv",
    "Comments.csv": "Comments.csv",
}
MESSAGE_FILES = {
    "Messages_2018.csv": "Messages.csv",
    "messages_2023.csv": "messages.csv",
    "messages_2026.csv": "messages.csv",
}
CONNECTION_FILES = ["Connections_2018.csv", "Connections_2021.csv", "Connections_2026.csv"]


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    return json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))


def fact(expected: dict[str, dict], corpus_name: str) -> dict:
    return expected[LINKEDIN.format(corpus_name)]


def build_export(corpus: Path, folder: Path, files: dict[str, str]) -> Path:
    """Copy corpus files into a folder under the names a real export uses."""
    folder.mkdir(parents=True, exist_ok=True)
    for corpus_name, export_name in files.items():
        shutil.copyfile(corpus / LINKEDIN.format(corpus_name), folder / export_name)
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"Basic_LinkedInDataExport/{file.name}")
    return target


def read(path: Path, tz: ZoneInfo = UTC_ZONE) -> list[Record]:
    return list(read_records("linkedin", path, tz=tz))


def of_type(records: list[Record], kind: type) -> list:
    return [r for r in records if isinstance(r, kind)]


def naive_local(at: datetime) -> str:
    """An aware UTC time as the zone-less wall-clock text EXPECTED uses (tests read in UTC)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat()


def zulu(at: datetime) -> str:
    return naive_local(at) + "Z"


# --- connections ----------------------------------------------------------------------


@pytest.mark.parametrize("corpus_name", CONNECTION_FILES)
def test_connections_yield_every_named_row(
    corpus: Path, expected: dict, tmp_path: Path, corpus_name: str
) -> None:
    facts = fact(expected, corpus_name)
    folder = build_export(corpus, tmp_path / "export", {corpus_name: "Connections.csv"})
    records = read(folder)
    people = of_type(records, PersonRecord)
    skipped = of_type(records, Skipped)

    assert len(people) == facts["contacts"]
    assert len(skipped) == facts["nameless_rows"]
    assert all(s.line and s.file.endswith("Connections.csv") for s in skipped)
    with_email = [p for p in people if any(i.kind == "email" for i in p.person.identities)]
    assert len(with_email) == facts["with_email"]
    if "with_profile_url" in facts:
        with_url = [p for p in people if any(i.kind == "profile" for i in p.person.identities)]
        assert len(with_url) == facts["with_profile_url"]
    dates = sorted(naive_local(p.person.connected_at) for p in people)
    assert dates[0].startswith(facts["earliest_connected"])
    assert dates[-1].startswith(facts["latest_connected"])


def test_connection_names_are_cleaned_and_urns_are_not_emails(
    corpus: Path, expected: dict, tmp_path: Path
) -> None:
    folder = build_export(corpus, tmp_path / "e", {"Connections_2018.csv": "Connections.csv"})
    people = of_type(read(folder), PersonRecord)
    names = {p.person.name for p in people}
    for listed in fact(expected, "Connections_2018.csv")["names_with_leading_or_trailing_blanks"]:
        first, last = listed.split(" / ")
        assert clean_text(f"{first} {last}") in names
    values = [i.value for p in people for i in p.person.identities]
    assert not any("urn:li:" in v for v in values)
    # The person behind the URN is still known, by name, within LinkedIn.
    assert len(people) == fact(expected, "Connections_2018.csv")["contacts"]


def test_zone_less_dates_are_read_in_the_users_zone(corpus: Path, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "e", {"Connections_2026.csv": "Connections.csv"})
    in_utc = of_type(read(folder), PersonRecord)
    in_chicago = of_type(read(folder, ZoneInfo("America/Chicago")), PersonRecord)
    first_utc, first_chicago = in_utc[0].person.connected_at, in_chicago[0].person.connected_at
    assert first_chicago - first_utc == timedelta(hours=6)  # 07 Feb 2026 00:00 CST
    assert first_chicago.utcoffset() == timedelta(0)  # stored as UTC
    # Ids never depend on the zone setting.
    assert [r.source_id for r in in_utc] == [r.source_id for r in in_chicago]


# --- messages -------------------------------------------------------------------------


@pytest.mark.parametrize("corpus_name", list(MESSAGE_FILES))
def test_messages_match_expected_facts(
    corpus: Path, expected: dict, tmp_path: Path, corpus_name: str
) -> None:
    facts = fact(expected, corpus_name)
    folder = build_export(corpus, tmp_path / "e", {corpus_name: MESSAGE_FILES[corpus_name]})
    records = read(folder)
    touches = of_type(records, TouchRecord)
    (me,) = of_type(records, MeRecord)

    assert me.name == facts["owner"]
    assert len(touches) == facts["messages"]  # system rows excluded, 1:1 chats only
    assert not of_type(records, Skipped)
    assert {t.channel for t in touches} == {"dm"}
    times = sorted(t.at for t in touches)
    render = zulu if facts["time_basis"] == "utc" else naive_local
    assert render(times[0]) == facts["earliest"]
    assert render(times[-1]) == facts["latest"]
    assert all(t.at.utcoffset() is not None for t in touches)
    people = {t.person.name for t in touches} | {me.name}
    assert people == {clean_text(n) for n in facts["participants_list"]}
    assert all(t.participants == 2 for t in touches)
    if "conversations" in facts:  # the system row shares its conversation with a message
        assert len({t.thread_key for t in touches}) == facts["conversations"]
    assert not any(t.text and "Message request accepted" in t.text for t in touches)
    for sender in facts.get("senders_without_profile_url", []):
        theirs = [t for t in touches if t.person.name == sender]
        assert theirs and all(t.is_bulk and t.person.is_bulk for t in theirs)


def test_message_direction_follows_the_owner(corpus: Path, expected: dict, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "e", {"Messages_2018.csv": "Messages.csv"})
    touches = of_type(read(folder), TouchRecord)
    directions = Counter(t.direction for t in touches)
    stated = fact(expected, "Messages_2018.csv")["directions"]
    assert directions == {"out": stated["OUTGOING"], "in": stated["INCOMING"]}
    assert not any("&rsquo;" in (t.text or "") or "&amp;" in (t.text or "") for t in touches)


def test_2026_messages_keep_multiline_and_strip_nothing_else(
    corpus: Path, expected: dict, tmp_path: Path
) -> None:
    facts = fact(expected, "messages_2026.csv")
    folder = build_export(corpus, tmp_path / "e", {"messages_2026.csv": "messages.csv"})
    touches = of_type(read(folder), TouchRecord)
    multiline = [t for t in touches if t.text and "\n" in t.text]
    assert len(multiline) == facts["multiline_content_messages"]
    assert sum(1 for t in touches if t.text is None) == facts["empty_content_messages"]
    outgoing = [t for t in touches if t.direction == "out"]
    assert outgoing and all(t.person.name != facts["owner"] for t in outgoing)


def test_sponsored_html_is_reduced_to_text(corpus: Path, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "e", {"messages_2023.csv": "messages.csv"})
    bulk = [t for t in of_type(read(folder), TouchRecord) if t.is_bulk]
    assert bulk
    assert not any("<p" in (t.text or "") for t in bulk)


def test_group_conversations_count_everyone(tmp_path: Path) -> None:
    header = '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    header += '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n'
    me, ana, bo = (
        ("Me Owner", "https://www.linkedin.com/in/me-owner"),
        ("Ana Lima", "https://www.linkedin.com/in/ana-lima"),
        ("Bo Chen", "https://www.linkedin.com/in/bo-chen"),
    )

    def row(conv: str, sender: tuple, to: list[tuple], when: str, text: str) -> str:
        names = ", ".join(n for n, _ in to)
        urls = ",".join(u for _, u in to)
        cells = [conv, "", *sender, names, urls, f"{when} UTC", "", text, "INBOX", ""]
        return ",".join(f'"{c}"' for c in cells) + "\n"

    lines = [
        row("g1", ana, [me, bo], "2026-01-02 10:00:00", "hello all"),
        row("g1", me, [ana, bo], "2026-01-02 10:05:00", "hi both"),
        row("d1", me, [ana], "2026-01-03 09:00:00", "just you"),
        row("d1", ana, [me], "2026-01-03 09:30:00", "ok"),
        row("d2", bo, [me], "2026-01-04 09:00:00", "yo"),
        row("d1", ana, [me], "not a date", "broken"),
    ]
    path = tmp_path / "messages.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    records = read(path)
    touches = of_type(records, TouchRecord)
    group = [t for t in touches if t.thread_key == "g1"]
    assert {t.participants for t in group} == {3}
    assert sorted((t.direction, t.person.name) for t in group) == [
        ("in", "Ana Lima"),
        ("out", "Ana Lima"),
        ("out", "Bo Chen"),
    ]
    assert {t.participants for t in touches if t.thread_key != "g1"} == {2}
    (me_record,) = of_type(records, MeRecord)
    assert me_record.name == "Me Owner"
    (bad,) = of_type(records, Skipped)
    assert bad.line == 7 and "date" in bad.reason


# --- the whole export -----------------------------------------------------------------


def test_full_2026_export_from_a_zip(corpus: Path, expected: dict, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "export", EXPORT_2026)
    (folder / "Skills.csv").write_text("Name\nCopywriting\n", encoding="utf-8")
    archive = zip_folder(folder, tmp_path / "Basic_LinkedInDataExport_04-07-2026.zip")
    assert detect(archive) == "linkedin"
    records = read(archive)

    records_me = of_type(records, MeRecord)
    assert isinstance(records[0], MeRecord) and len(records_me) == 1
    assert records_me[0].name == fact(expected, "Profile_2026.csv")["name"]
    assert any(i.kind == "profile" for i in records_me[0].identities)

    shares = fact(expected, "Shares_2026.csv")
    posts = of_type(records, ContentRecord)
    assert len(posts) == shares["posts"]
    assert naive_local(min(p.posted_at for p in posts)) == shares["earliest"]
    assert naive_local(max(p.posted_at for p in posts)) == shares["latest"]
    first_wrapped = next(p for p in posts if p.text and "\n" in p.text)
    paragraphs = [p for p in first_wrapped.text.split("\n\n") if p.strip()]
    assert len(paragraphs) == shares["first_wrapped_post_paragraph_count"]
    assert not any('"\n"' in (p.text or "") for p in posts)

    invitations = fact(expected, "Invitations_2026.csv")
    touches = of_type(records, TouchRecord)
    notes = [t for t in touches if (t.thread_key or "").startswith("invitation:")]
    assert len(notes) == invitations["with_message"]
    people = {r.person.name for r in of_type(records, PersonRecord)}
    assert {clean_text(n) for n in invitations["people_list"]} <= people

    comments = [t for t in touches if t.channel == "comment"]
    assert comments and len(comments) <= fact(expected, "Comments.csv")["comments"]
    assert all(t.direction == "out" and t.text.startswith(t.person.name) for t in comments)
    assert all(t.person.identities for t in comments)

    messages = [t for t in touches if t.channel == "dm" and t not in notes]
    assert len(messages) == fact(expected, "messages_2026.csv")["messages"]
    skipped = of_type(records, Skipped)
    assert (
        len([s for s in skipped if s.line])
        == fact(expected, "Connections_2026.csv")["nameless_rows"]
    )
    (summary,) = [s for s in skipped if s.file.endswith("Comments.csv")]
    unattributed = int(summary.reason.split()[0])
    assert len(comments) + unattributed == fact(expected, "Comments.csv")["comments"]
    assert any("Connections.csv" in f for f in files_of(archive))


def test_2018_shares_are_utf16_tsv(corpus: Path, expected: dict, tmp_path: Path) -> None:
    facts = fact(expected, "Shares_2018.csv")
    folder = build_export(corpus, tmp_path / "e", {"Shares_2018.csv": "Shares.csv"})
    posts = of_type(read(folder), ContentRecord)
    assert len(posts) == facts["posts"]
    assert sum(1 for p in posts if p.text) == facts["with_commentary"]
    assert zulu(min(p.posted_at for p in posts)) == facts["earliest"]
    assert zulu(max(p.posted_at for p in posts)) == facts["latest"]
    non_bmp = sum(1 for p in posts for ch in (p.text or "") if ord(ch) > 0xFFFF)
    assert non_bmp == facts["non_bmp_characters"]


def test_comments_parse_backslash_escaped_quotes(corpus: Path, tmp_path: Path) -> None:
    folder = build_export(
        corpus,
        tmp_path / "e",
        {"Comments.csv": "Comments.csv", "Invitations_2026.csv": "Invitations.csv"},
    )
    comments = [t for t in of_type(read(folder), TouchRecord) if t.channel == "comment"]
    assert comments
    assert not any("\\" in (t.text or "") for t in comments)


def test_reimport_yields_identical_source_ids(corpus: Path, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "export", EXPORT_2026)
    ids = [getattr(r, "source_id", None) for r in read(folder)]
    again = [getattr(r, "source_id", None) for r in read(folder)]
    assert ids == again
    real = [i for i in ids if i]
    assert len(real) == len(set(real))
    # The same export as a zip is the same data.
    zipped = [getattr(r, "source_id", None) for r in read(zip_folder(folder, tmp_path / "e.zip"))]
    assert sorted(filter(None, zipped)) == sorted(real)


# --- detection and bad input ----------------------------------------------------------


def test_detection_looks_at_content_not_names(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "foo.csv"
    shutil.copyfile(corpus / LINKEDIN.format("Connections_2021.csv"), renamed)
    assert detect(renamed) == "linkedin"
    odd = tmp_path / "chat.txt"
    shutil.copyfile(corpus / LINKEDIN.format("messages_2023.csv"), odd)
    assert detect(odd) == "linkedin"
    assert "linkedin" in SOURCES and "engagement" in SOURCES


def test_truncated_zip_fails_naming_the_file(corpus: Path, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "export", EXPORT_2026)
    archive = zip_folder(folder, tmp_path / "export.zip")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed, match="export.zip") as failure:
        read(archive)
    assert "truncated or damaged" in str(failure.value)
    with pytest.raises(ImportFailed, match="export.zip"):
        detect(archive)


def test_corrupt_zip_entry_fails_naming_the_entry(corpus: Path, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("Connections.csv", "First Name,Last Name,Connected On\nA,B,07 Feb 2026\n" * 50)
    data = bytearray(archive.read_bytes())
    data[200] ^= 0xFF  # flip a byte inside the stored entry: its CRC no longer matches
    archive.write_bytes(bytes(data))
    with pytest.raises(ImportFailed, match="Connections.csv"):
        read(archive)


def test_empty_csv_fails(tmp_path: Path) -> None:
    empty = tmp_path / "Connections.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="empty"):
        read(empty)
    with pytest.raises(ImportFailed, match="empty"):
        detect(empty)


def test_binary_file_fails(tmp_path: Path) -> None:
    blob = tmp_path / "photo.csv"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFailed, match="photo.csv"):
        read(blob)
    with pytest.raises(UnknownFormat, match="photo.csv: a binary file"):
        detect(blob)


def test_unrecognised_csv_fails(tmp_path: Path) -> None:
    other = tmp_path / "Skills.csv"
    other.write_text("Name\nCopywriting\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no LinkedIn header"):
        read(other)


def test_unreadable_files_inside_an_export_are_reported_not_fatal(
    corpus: Path, tmp_path: Path
) -> None:
    folder = build_export(corpus, tmp_path / "e", {"Connections_2026.csv": "Connections.csv"})
    (folder / "Empty.csv").write_bytes(b"")
    records = read(folder)
    assert any(isinstance(r, Skipped) and r.file.endswith("Empty.csv") for r in records)
    assert of_type(records, PersonRecord)


# --- the smaller files: profile, e-mails, phones, imported contacts, reactions -----------

PROFILE_2018 = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Contact Instructions,Headline,Summary,"
    "Industry,Country,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    'Abhi,Mathur,,,"Feb 17, 1998",,Engineer,,Software,IN,,,"abhi_m, abhi2",'
    '"PORTFOLIO:http://abhi.example.com, COMPANY:https://corp.example.com",SKYPE:abhi.m\n'
)


def write(folder: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding=encoding)
    return folder


def test_profile_2018_emails_and_phones_make_me(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "e",
        {
            "Profile.csv": PROFILE_2018,
            "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\n"
            "Abhi@Example.com,Yes,Yes,1/1/18\nold@example.org,Yes,No,\n",
            "Phone Numbers.csv": "Extension,Number,Type\n,+1 415 555 0100,Mobile\n",
        },
    )
    (me,) = of_type(read(folder), MeRecord)
    assert me.name == "Abhi Mathur"
    values = {(i.kind, i.value) for i in me.identities}
    assert {
        ("email", "abhi@example.com"),
        ("email", "old@example.org"),
        ("phone", "+14155550100"),
        ("handle", "twitter:abhi_m"),
        ("handle", "twitter:abhi2"),
        ("handle", "skype:abhi.m"),
        ("profile", "https://abhi.example.com"),
    } <= values
    assert not any("corp.example.com" in v for _, v in values)  # colleagues share it


def test_profile_2026_from_the_corpus(corpus: Path, expected: dict, tmp_path: Path) -> None:
    folder = build_export(corpus, tmp_path / "e", {"Profile_2026.csv": "Profile.csv"})
    records = read(folder)
    (me,) = of_type(records, MeRecord)
    assert me.name == fact(expected, "Profile_2026.csv")["name"]
    assert ("handle", "twitter:clarawrites") in {(i.kind, i.value) for i in me.identities}
    assert not of_type(records, PersonRecord)  # the owner is not a contact


IMPORTED_2018 = (
    "First Name,Last Name,Companies,Title,Email Address,Phone Numbers,Created At,"
    "Instant Message Handles,Addresses,Sites,Full Name,Birthday,Location,Bookmarked At,Profiles\n"
    'Mia,Lund,Lund Design,Owner,"mia@lund.example.com, mia@home.example.org",+45 20 12 34 56,'
    '"6/20/15, 12:02 AM",,,,Mia Lund,"Jun 20",,,\n'
    ',,,,,+1 (415) 555-0199,"6/20/15, 12:03 AM",,,,,,,,\n'
    ',,,,,,"6/20/15, 12:04 AM",,,,,,,,\n'
    'Olu,Ade,,,olu@example.net,,"6/21/15, 9:00 AM",,,,Olu Ade,"Mar 3, 1990",,,\n'
)
IMPORTED_2026 = (
    "FirstName,MiddleName,LastName,MaidenName,NickName,NamePrefix,NameSuffix,Title,Emails,"
    "PhoneNumbers,CreatedAt,UpdatedAt,CountryCode,RegionCode,ThirdPartyVerified,Location\n"
    "Ana,,Lima,,,,,Founder,ana@lima.example.com,,2024-01-02,,,,,\n"
)


def test_imported_contacts_become_people_with_dates(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "e",
        {"Imported Contacts.csv": IMPORTED_2018, "ImportedContacts.csv": IMPORTED_2026},
    )
    records = read(folder)
    people = {p.person.name: p.person for p in of_type(records, PersonRecord)}
    assert set(people) == {"Mia Lund", "+14155550199", "Olu Ade", "Ana Lima"}
    mia = people["Mia Lund"]
    assert {i.value for i in mia.identities} == {
        "mia@lund.example.com",
        "mia@home.example.org",
        "+4520123456",
    }
    assert (mia.company, mia.position) == ("Lund Design", "Owner")
    (birthday,) = mia.dates
    assert (birthday.kind, birthday.month, birthday.day, birthday.year) == ("birthday", 6, 20, None)
    assert people["Olu Ade"].dates[0].year == 1990
    assert people["Ana Lima"].position == "Founder"
    (empty,) = of_type(records, Skipped)
    assert empty.line == 4 and "without a name" in empty.reason


def test_reactions_are_counted_not_stored(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "e",
        {
            "Reactions.csv": "Date,Type,Link\n"
            "2026-04-01 10:00:00,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1\n"
            "2026-04-02 10:00:00,PRAISE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2"
            "?commentUrn=urn%3Ali%3Acomment%3A%28x%29\n"
        },
    )
    records = read(folder)
    (summary,) = records
    assert isinstance(summary, Skipped) and summary.reason.startswith("2 of your reactions")
    assert detect(folder / "Reactions.csv") == "linkedin"


def test_2018_invitations_and_urn_emails(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "e",
        {
            "Invitations.csv": "From,To,Sent At,Message,Direction\n"
            'Abhi Mathur,Ravi Rao,"10/16/18, 8:36 AM",Hi Ravi - met you at the meetup,OUTGOING\n'
            'Lena Fox,Abhi Mathur,"10/17/18, 9:00 PM",,INCOMING\n',
            "Connections.csv": "First Name,Last Name,Email Address,Company,Position,Connected On\n"
            'Ishaan,Kohli,urn:li:member:581904227,,,"8/17/18, 12:37 AM"\n',
        },
    )
    records = read(folder, ZoneInfo("Asia/Kolkata"))
    names = {p.person.name for p in of_type(records, PersonRecord)}
    assert names == {"Ravi Rao", "Lena Fox", "Ishaan Kohli"}
    (note,) = of_type(records, TouchRecord)
    assert (note.direction, note.person.name) == ("out", "Ravi Rao")
    assert note.at == datetime(2018, 10, 16, 3, 6, tzinfo=UTC)
    ishaan = next(p for p in of_type(records, PersonRecord) if p.person.name == "Ishaan Kohli")
    assert [i.kind for i in ishaan.person.identities] == ["name"]


def test_imported_contacts_reach_the_store_with_their_birthday(tmp_path: Path) -> None:
    folder = write(tmp_path / "e", {"Imported Contacts.csv": IMPORTED_2018})
    store = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    try:
        report = service.import_path(store, folder)
    finally:
        store.close()
    assert (report.source, report.people_created) == ("linkedin", 3)
    with sqlite3.connect(tmp_path / "kith.db") as conn:
        rows = conn.execute(
            "SELECT kind, month, day, year FROM person_dates ORDER BY month"
        ).fetchall()
    assert rows == [("birthday", 3, 3, 1990), ("birthday", 6, 20, None)]


@given(
    moment=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    shape=st.sampled_from(["%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M UTC", "%Y/%m/%d %H:%M:%S UTC"]),
)
def test_utc_times_read_as_the_formats_say(moment: datetime, shape: str) -> None:
    """The fast path for the common shape reads what strptime with the formats reads."""
    written = moment.strftime(shape)
    expected = datetime.strptime(written, shape).replace(tzinfo=UTC)
    parsed = parse_utc(written, UTC_TIME)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC
