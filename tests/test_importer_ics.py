"""The iCalendar importer against the corpus (../shared/corpus/ics) and small calendars
written here for the rules the corpus does not exercise (recurrence with EXDATE,
declined invitations, conference links). Corpus facts come from EXPECTED.json.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError
from kith.importers import SOURCES, detect, ics, read_records
from kith.importers._text import Member
from kith.models import MeRecord, Record, Skipped, TouchRecord

UTC_ZONE = ZoneInfo("UTC")
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    return json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))


def corpus_files() -> list[str]:
    folder = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ics"
    return sorted(p.name for p in folder.glob("*.ics")) or ["(corpus missing)"]


def read(path: Path, now: datetime = NOW, tz: ZoneInfo = UTC_ZONE) -> list[Record]:
    return list(ics.read(path, tz=tz, now=now))


def touches_of(records: list[Record]) -> list[TouchRecord]:
    return [r for r in records if isinstance(r, TouchRecord)]


def emails_of(touches: list[TouchRecord]) -> set[str]:
    return {i.value for t in touches for i in t.person.identities if i.kind == "email"}


# --- the corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_calendar_matches_expected(corpus: Path, expected: dict, name: str) -> None:
    path = corpus / "ics" / name
    facts = expected[f"ics/{name}"]
    calendars = ics.parse(Member(label=str(path), name=name, path=path))
    events = [ev for cal in calendars for ev in cal.walk("VEVENT")]
    assert len(events) == facts["vevents"]
    addresses = set()
    for event in events:
        organizer, attendees = ics.people_of(event)
        addresses |= {p.email for p in [organizer, *attendees] if p and p.email}
    assert len(addresses) == facts["attendees_and_organizers_with_email"]
    assert addresses == set(facts["emails"])

    assert detect(path) == "ics"
    records = read(path)
    touches = touches_of(records)
    me = [r for r in records if isinstance(r, MeRecord)]
    if touches:  # everyone the calendar names is either the user or a counterpart
        (user,) = me
        assert emails_of(touches) | {i.value for i in user.identities} == addresses
        assert not emails_of(touches) & {i.value for i in user.identities}
    else:
        assert not me
    alarm_only = {a for kind, a in facts["all_address_properties"] if "VALARM" in kind}
    assert not emails_of(touches) & alarm_only
    assert all(
        t.at.utcoffset() == timedelta(0) and t.channel in ("call", "video", "meeting")
        for t in touches
    )


def test_invitation_organizer_is_the_user_and_all_day_with_attendees_counts(
    corpus: Path, expected: dict
) -> None:
    name = "icalendar_property_params.ics"
    facts = expected[f"ics/{name}"]
    records = read(corpus / "ics" / name)
    (me,) = [r for r in records if isinstance(r, MeRecord)]
    organizer = next(a for kind, a in facts["all_address_properties"] if kind == "ORGANIZER")
    assert [i.value for i in me.identities] == [organizer]
    touches = touches_of(records)
    assert len(touches) == facts["attendees_and_organizers_with_email"] - 1
    assert {t.direction for t in touches} == {"out"}
    assert {t.participants for t in touches} == {facts["attendees_and_organizers_with_email"]}
    assert all(t.duration_s is None and t.status == "held" for t in touches)


def test_windows_zone_from_vtimezone(corpus: Path) -> None:
    path = corpus / "ics" / "vobject_ms_tzid.ics"
    (cal,) = ics.parse(Member(label=str(path), name=path.name, path=path))
    (event,) = cal.walk("VEVENT")
    start = ics.as_utc(event["DTSTART"].dt, UTC_ZONE, event["DTSTART"])
    assert start == datetime(2008, 5, 30, 5, 0, tzinfo=UTC)  # 15:00 in Sydney, +10:00


def test_blank_separated_rrule_is_repaired(corpus: Path) -> None:
    path = corpus / "ics" / "icalendar_issue_165_missing_event.ics"
    (cal,) = ics.parse(Member(label=str(path), name=path.name, path=path))
    (event,) = cal.walk("VEVENT")
    occurrences = list(
        ics.occurrences(str(path), cal, {ics.uid_of(event)}, ics.earliest_start([event]), NOW)
    )
    # Weekdays from Fri 3 Jul to Wed 22 Jul 2015: 3, 6-10, 13-17, 20-22 July.
    assert len(occurrences) == 14


def test_reimport_yields_identical_source_ids(tmp_path: Path) -> None:
    path = write(tmp_path, CALENDAR)
    first = [getattr(r, "source_id", None) for r in read(path)]
    assert first == [getattr(r, "source_id", None) for r in read(path)]
    real = [i for i in first if i]
    assert real and len(real) == len(set(real))


def test_detection_by_content_not_name(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "notes.txt"
    shutil.copyfile(corpus / "ics" / "recurring_issue_4.ics", renamed)
    assert detect(renamed) == "ics"
    assert "ics" in SOURCES


# --- bad input ------------------------------------------------------------------------


def test_empty_binary_and_truncated_files_fail_naming_the_file(
    corpus: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.ics"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="empty.ics: the file is empty"):
        read(empty)
    blob = tmp_path / "blob.ics"
    blob.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ImportFailed, match="blob.ics"):
        read(blob)
    data = (corpus / "ics" / "icalendar_property_params.ics").read_bytes()
    cut = tmp_path / "cut.ics"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed, match="cut.ics: the file is truncated"):
        read(cut)
    other = tmp_path / "other.ics"
    other.write_text("hello\nworld\n")
    with pytest.raises(ImportFailed, match="other.ics"):
        list(read_records("ics", other, tz=UTC_ZONE))


# --- rules on a calendar written for them -----------------------------------------------

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-CALNAME:maya@example.com
BEGIN:VEVENT
UID:weekly-1on1@example.com
SUMMARY:Weekly 1:1 Maya / Ana
DTSTART:20260105T090000Z
DTEND:20260105T093000Z
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE:20260119T090000Z
DESCRIPTION:Join Zoom Meeting\\nhttps://us02web.zoom.us/j/123456789
ORGANIZER;CN=Maya Hartmann:mailto:maya@example.com
ATTENDEE;CN=Maya Hartmann;PARTSTAT=ACCEPTED:mailto:maya@example.com
ATTENDEE;CN=Ana Lima;PARTSTAT=ACCEPTED:mailto:ana@example.org
BEGIN:VALARM
ACTION:EMAIL
ATTENDEE:mailto:reminders@example.net
TRIGGER:-PT10M
DESCRIPTION:reminder
SUMMARY:reminder
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:weekly-1on1@example.com
RECURRENCE-ID:20260126T090000Z
SUMMARY:Weekly 1:1 Maya / Ana (moved)
DTSTART:20260127T150000Z
DTEND:20260127T153000Z
DESCRIPTION:Join Zoom Meeting\\nhttps://us02web.zoom.us/j/123456789
ORGANIZER;CN=Maya Hartmann:mailto:maya@example.com
ATTENDEE;CN=Maya Hartmann;PARTSTAT=ACCEPTED:mailto:maya@example.com
ATTENDEE;CN=Ana Lima;PARTSTAT=ACCEPTED:mailto:ana@example.org
END:VEVENT
BEGIN:VEVENT
UID:coffee-bo@example.com
SUMMARY:Coffee with Bo
DTSTART:20260702T080000Z
DTEND:20260702T090000Z
LOCATION:Café Central\\, Vienna
ORGANIZER;CN=Bo Chen:mailto:bo@example.net
ATTENDEE;CN=Maya Hartmann;PARTSTAT=ACCEPTED:MAILTO:Maya@Example.com
ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;CN=Room 4:mailto:room4@example.net
END:VEVENT
BEGIN:VEVENT
UID:call-cy@example.com
SUMMARY:Intro call Cy
DTSTART;TZID=Eastern Standard Time:20260310T170000
DURATION:PT45M
ORGANIZER;CN=Cy Doe:mailto:cy@example.com
ATTENDEE;CN=Maya Hartmann;PARTSTAT=ACCEPTED:mailto:maya@example.com
ATTENDEE;CN=Cy Doe:mailto:cy@example.com
END:VEVENT
BEGIN:VEVENT
UID:declined@example.com
SUMMARY:Sales pitch
DTSTART:20260311T170000Z
ORGANIZER;CN=Vendor:mailto:sales@vendor.example
ATTENDEE;CN=Maya Hartmann;PARTSTAT=DECLINED:mailto:maya@example.com
END:VEVENT
BEGIN:VEVENT
UID:cancelled@example.com
SUMMARY:Lunch with Dee
STATUS:CANCELLED
DTSTART:20260312T120000Z
ORGANIZER;CN=Dee:mailto:dee@example.com
ATTENDEE;CN=Maya Hartmann:mailto:maya@example.com
END:VEVENT
BEGIN:VEVENT
UID:holiday@example.com
SUMMARY:Holiday
DTSTART;VALUE=DATE:20260313
DTEND;VALUE=DATE:20260314
END:VEVENT
END:VCALENDAR
"""


def write(tmp_path: Path, text: str, name: str = "calendar.ics") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_rules_on_a_written_calendar(tmp_path: Path) -> None:
    records = read(write(tmp_path, CALENDAR))
    assert isinstance(records[0], MeRecord)
    assert records[0].name == "Maya Hartmann"
    touches = touches_of(records)
    by_person: dict[str, list[TouchRecord]] = {}
    for t in touches:
        by_person.setdefault(t.person.name, []).append(t)
    assert set(by_person) == {"Ana Lima", "Bo Chen", "Cy Doe"}  # declined, cancelled: nothing

    weekly = sorted(by_person["Ana Lima"], key=lambda t: t.at)
    days = [t.at.date().isoformat() for t in weekly]
    # 6 weekly occurrences, 19 Jan excluded, 26 Jan moved to 27 Jan 15:00.
    assert days == ["2026-01-05", "2026-01-12", "2026-01-27", "2026-02-02", "2026-02-09"]
    assert weekly[2].at.hour == 15
    assert {t.channel for t in weekly} == {"video"}
    assert {t.purpose for t in weekly} == {"check_in"}
    assert {t.thread_key for t in weekly} == {"weekly-1on1@example.com"}
    assert {t.duration_s for t in weekly} == {1800}
    assert {t.direction for t in weekly} == {"out"}
    assert len({t.source_id for t in weekly}) == 5

    (coffee,) = by_person["Bo Chen"]
    assert (coffee.channel, coffee.status, coffee.purpose) == ("meeting", "planned", "social")
    assert coffee.direction == "in" and coffee.participants == 2  # the room is no one

    (call,) = by_person["Cy Doe"]
    assert call.channel == "call" and call.purpose == "explore"
    assert call.at == datetime(2026, 3, 10, 21, 0, tzinfo=UTC)  # New York, EDT since 8 March
    assert call.duration_s == 45 * 60 and call.status == "held"
    assert "reminders@example.net" not in emails_of(touches)


def test_planned_follows_now_and_window_ends_90_days_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, CALENDAR.replace("RRULE:FREQ=WEEKLY;COUNT=6", "RRULE:FREQ=WEEKLY"))
    early = datetime(2026, 1, 20, tzinfo=UTC)
    weekly = [t for t in touches_of(read(path, now=early)) if t.person.name == "Ana Lima"]
    assert max(t.at for t in weekly) <= early + timedelta(days=90)
    assert {t.status for t in weekly if t.at > early} == {"planned"}
    assert {t.status for t in weekly if t.at < early} == {"held"}


def test_known_user_address_wins(tmp_path: Path) -> None:
    text = CALENDAR.replace("X-WR-CALNAME:maya@example.com", "X-WR-CALNAME:Work")
    records = list(ics.read(write(tmp_path, text), tz=UTC_ZONE, now=NOW, me=["cy@example.com"]))
    (me,) = [r for r in records if isinstance(r, MeRecord)]
    assert me.identities[0].value == "cy@example.com"
    assert "Cy Doe" not in {t.person.name for t in touches_of(records)}


# --- end to end -----------------------------------------------------------------------


def test_cli_import_twice_and_follow_up_after_a_held_meeting(tmp_path: Path) -> None:
    path = write(tmp_path, CALENDAR)
    runner = CliRunner()
    db = str(tmp_path / "kith.db")

    def kith(*args: str) -> dict:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return json.loads(result.stdout)

    first = kith("import", str(path), "--json")
    assert first["source"] == "ics" and first["touches_added"] == 7
    assert first["me"] == "Maya Hartmann"
    again = kith("import", str(path), "--json")
    assert again["touches_added"] == 0 and again["people_created"] == 0

    items = kith("today", "--as-of", "2026-03-11", "--json")["items"]
    follow = [i for i in items if i["action"] == "follow_up"]
    assert [i["person"]["name"] for i in follow] == ["Cy Doe"]
    assert follow[0]["evidence"][0]["kind"] == "call"


# --- any bytes: records or a clear error ---------------------------------------------------


@settings(max_examples=60, suppress_health_check=list(HealthCheck))
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: ("BEGIN:VCALENDAR\n" + t).encode()),
        st.sampled_from(CALENDAR.splitlines()).flatmap(
            lambda cut: st.just(CALENDAR.replace(cut, "", 1).encode())
        ),
    )
)
def test_any_bytes_end_in_records_or_a_kith_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.ics"
    path.write_bytes(data)
    try:
        records = read(path)
    except KithError as error:
        assert "input.ics" in str(error)
        return
    assert all(isinstance(r, (MeRecord, TouchRecord, Skipped)) for r in records)


def test_unreadable_rule_keeps_the_first_occurrence_and_says_so(tmp_path: Path) -> None:
    odd = CALENDAR.replace("RRULE:FREQ=WEEKLY;COUNT=6", "RRULE:FREQ=SOMETIMES;BYDAY=XX")
    records = read(write(tmp_path, odd))
    (skipped,) = [r for r in records if isinstance(r, Skipped) and "recurrence" in r.reason]
    assert "weekly-1on1@example.com" in skipped.reason and "first occurrence" in skipped.reason
    weekly = [t for t in touches_of(records) if t.person.name == "Ana Lima"]
    # The series' first occurrence, plus the moved one its override describes.
    assert sorted(t.at.date().isoformat() for t in weekly) == ["2026-01-05", "2026-01-27"]
    assert {t.person.name for t in touches_of(records)} == {"Ana Lima", "Bo Chen", "Cy Doe"}


def test_a_calendar_with_no_one_else_says_why_nothing_was_added(corpus: Path) -> None:
    """recurring_issue_4.ics: the organizer is the only attendee — the report says so."""
    path = corpus / "ics" / "recurring_issue_4.ics"
    records = read(path)
    assert not touches_of(records)
    (skip,) = [r for r in records if isinstance(r, Skipped)]
    assert skip.line is None and skip.reason.startswith("1 event with no one but you in it")


def test_events_with_someone_else_report_only_the_lonely_ones(tmp_path: Path) -> None:
    def reasons(text: str) -> list[str]:
        return [r.reason for r in read(write(tmp_path, text)) if isinstance(r, Skipped)]

    lonely = (
        "BEGIN:VEVENT\nUID:dentist-1\nDTSTART:20260305T090000Z\nDTEND:20260305T093000Z\n"
        "SUMMARY:Dentist\nEND:VEVENT\n"
    )
    before = reasons(CALENDAR)
    after = reasons(CALENDAR.replace("END:VCALENDAR", lonely + "END:VCALENDAR"))
    assert "1 event cancelled: not a conversation" in before
    assert "1 event declined by you: not a conversation" in before
    alone = "events with no one but you in it (no other attendee or organizer): not a conversation"
    assert f"1 {alone.replace('events', 'event')}" in before and f"2 {alone}" in after
