"""Read iCalendar files (.ics: Google, Outlook/Exchange, Thunderbird, Apple) into touches.

A calendar says who the user met, not what was said: every event with someone
other than the user in it becomes one synchronous `TouchRecord` per counterpart.

Rules, each a decision a user can read in docs/imports-calendar-email.md:

* **Who the user is.** A calendar export rarely says. An address the user gave
  (`kith me --email`, the `me` argument) or an attendee named as the user
  (`me_names`) decides, and then an event the user is not in is someone else's (an
  invitation forwarded to them, a colleague's calendar): skipped with that reason.
  When the user gave addresses and none is in the file, the whole file is someone
  else's calendar. Only when the user gave no address does Kith take `X-WR-CALNAME`
  when it is an e-mail address (Google names the primary calendar after it), else
  the address that takes part in the most events, the organizer winning ties (so in
  a one-event invitation the organizer is the user). The assumption is reported as
  a `MeRecord` (the store keeps a guess that contradicts who the user is only as a
  guess).
* **What is a conversation.** An event with at least one counterpart (attendee or
  organizer other than the user). Not: events the user declined (`PARTSTAT=DECLINED`
  on the user's ATTENDEE), cancelled events or occurrences (`STATUS:CANCELLED`,
  `METHOD:CANCEL`), rooms and resources (`CUTYPE=RESOURCE|ROOM`,
  `ROLE=NON-PARTICIPANT`), counterparts who declined, and alarm recipients
  (an `ATTENDEE` inside a `VALARM` is who gets the reminder e-mail). All-day events
  count only when they have counterparts (a "WfH" or a holiday has none).
* **Channel.** `video` when a conference link (Zoom, Meet, Teams, Webex, …) is in
  LOCATION, DESCRIPTION, URL, `CONFERENCE` or `X-GOOGLE-CONFERENCE`; `meeting` when
  there is another LOCATION; `call` otherwise.
* **Time.** `at` is the occurrence's start in UTC; floating times and all-day dates
  are read in the user's zone. Windows zone names (`Eastern Standard Time`) are
  mapped to IANA by icalendar; unknown TZIDs fall back to the file's VTIMEZONE
  offsets, or the user's zone. An occurrence after `now` (a keyword argument,
  default: the clock) is `planned`, otherwise `held`.
* **Recurrence.** Recurring events are expanded (EXDATE, RDATE and moved
  occurrences honoured) from the earliest DTSTART in the file to `now` + 90 days.
  A recurring series is one thread (`thread_key` = UID); each occurrence has its
  own `source_id` (UID + RECURRENCE-ID), so re-imports add nothing.

The file is parsed whole by icalendar; calendars are small next to mailboxes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    name_identity,
    normalize_email,
    normalize_name,
    source_id,
)
from kith.importers._text import Member, iter_members, looks_binary, open_member, sniff_encoding
from kith.models import MeRecord, PersonRef, Record, Skipped, TouchRecord

SOURCE = "ics"
LOOKAHEAD = timedelta(days=90)
MAX_BYTES = 256 * 1024 * 1024
EXPORT_HINT = (
    "export the calendar again (Google: Settings → Import & export; Outlook: Save Calendar)"
)

CONFERENCE = re.compile(
    r"https?://[^\s\"'<>]*("
    r"zoom\.us/|zoomgov\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/"
    r"|webex\.com/|whereby\.com/|meet\.jit\.si/|gotomeeting\.com/|chime\.aws/|around\.co/"
    r"|skype\.com/|facetime\.apple\.com/|bluejeans\.com/)",
    re.I,
)
CONFERENCE_WORDS = re.compile(r"^(microsoft teams( meeting)?|google meet|zoom( meeting)?)$", re.I)
PHONE_LOCATION = re.compile(r"^(tel:|phone:?\s*)?\+?[\d\s().-]{7,}$", re.I)
PURPOSE_WORDS = (  # first match wins
    ("brainstorm", r"brainstorm|ideation|ideas? session|jam session|workshop"),
    ("converge", r"converg|decision|decide|prioriti[sz]|align|agree on|wrap[- ]?up|next steps"),
    ("explore", r"explor|intro\b|introduction|discovery|get to know|meet (and|&) greet|first call"),
    ("check_in", r"check[- ]?in|catch[- ]?up|1:1|1-on-1|one[- ]on[- ]one|sync|stand-?up|review"),
    ("social", r"coffee|lunch|dinner|drinks|breakfast|beer|walk|party"),
)
# icalendar's property types are a wide union; components are read dynamically.
Component = Any
NOT_PEOPLE = frozenset({"RESOURCE", "ROOM", "GROUP", "UNKNOWN"})


# --- detection ------------------------------------------------------------------------


def sniff(path: Path) -> bool:
    """Tell an iCalendar file (or a folder/zip of them) by its BEGIN:VCALENDAR/VEVENT."""
    try:
        return any(_head_is_ics(m) for m in _candidates(path))
    except ImportFailed:
        return False


def _candidates(path: Path) -> Iterator[Member]:
    for count, member in enumerate(iter_members(path)):
        if count >= 200:
            return
        yield member


def _head_is_ics(member: Member) -> bool:
    with open_member(member) as stream:
        head = stream.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return text.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT"))


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """An attendee or organizer as the event names them."""

    email: str | None
    name: str
    declined: bool = False

    @property
    def key(self) -> str:
        return self.email or "name:" + self.name.casefold()


def read(
    path: Path,
    *,
    tz: tzinfo,
    now: datetime | None = None,
    me: Iterable[str] = (),
    me_names: Iterable[str] = (),
) -> Iterator[Record]:
    """Yield the user (`MeRecord`) then one touch per event occurrence and counterpart.

    `now` decides held vs planned and ends the expansion window (+90 days); `me`
    lists addresses known to be the user's and `me_names` the names they go by
    (else the file decides, see above).
    """
    now = now or datetime.now(UTC)
    members = [m for m in iter_members(path) if path.is_file() or _head_is_ics(m)]
    if not members:
        raise ImportFailed(str(path), "no iCalendar files found", EXPORT_HINT)
    for member in members:
        calendars = parse(member)
        yield from read_calendars(
            member.label, calendars, tz=tz, now=now, me=me, me_names=me_names
        )


def parse(member: Member) -> list[icalendar.Calendar]:
    """Parse a member leniently: any line ending, BOM, blanks inside RRULE values."""
    with open_member(member) as stream:
        raw = stream.read(MAX_BYTES)
    if not raw.strip():
        raise ImportFailed(member.label, "the file is empty", EXPORT_HINT)
    encoding = sniff_encoding(raw[:65536])
    if looks_binary(raw, encoding):
        raise ImportFailed(member.label, "this is a binary file, not iCalendar", EXPORT_HINT)
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    text = repair(text)
    if not text.lstrip().upper().startswith(("BEGIN:VCALENDAR", "BEGIN:VEVENT")):
        raise ImportFailed(member.label, "not an iCalendar file (no BEGIN:VCALENDAR)", EXPORT_HINT)
    for kind in ("VCALENDAR", "VEVENT"):
        if text.upper().count(f"BEGIN:{kind}") > text.upper().count(f"END:{kind}"):
            raise ImportFailed(
                member.label, f"the file is truncated (a {kind} never ends)", EXPORT_HINT
            )
    try:
        found = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ImportFailed(member.label, f"unreadable iCalendar ({exc})", EXPORT_HINT) from exc
    return [wrap(c) for c in found]


def repair(text: str) -> str:
    """Unfold lines (CRLF, LF or a lone CR) and drop the blanks CDO writes inside RRULEs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n[ \t]", "", text)
    return re.sub(
        r"^((?:RRULE|EXRULE)[^:\n]*:)([^\n]*)$",
        lambda m: m.group(1) + re.sub(r"\s+", "", m.group(2)),
        text,
        flags=re.M | re.I,
    )


def wrap(component: Component) -> icalendar.Calendar:
    """A bare VEVENT (no VCALENDAR around it) becomes a one-event calendar."""
    if isinstance(component, icalendar.Calendar):
        return component
    calendar = icalendar.Calendar()
    calendar.add_component(component)
    return calendar


def read_calendars(
    label: str,
    calendars: list[icalendar.Calendar],
    *,
    tz: tzinfo,
    now: datetime,
    me: Iterable[str],
    me_names: Iterable[str] = (),
) -> Iterator[Record]:
    events = [
        (cal, ev)
        for cal in calendars
        if clean_text(str(cal.get("METHOD", ""))).upper() != "CANCEL"
        for ev in cal.walk("VEVENT")
    ]
    told = Told({a.lower() for a in me}, {normalize_name(n) for n in me_names if clean_text(n)})
    user, known = find_user(calendars, [ev for _, ev in events], told)
    wanted = {uid_of(ev) for _, ev in events if counterparts(ev, user, known)}
    if wanted and user:
        yield MeRecord(name=user.name or user.email, identities=me_identities(user))
    # Say why the rest add nothing: a calendar that adds nothing must not look like a failure.
    rest = [ev for _, ev in events if uid_of(ev) not in wanted]
    for reason in not_conversations(rest, user, known):
        yield Skipped(label, None, reason)
    if not wanted:
        return
    start = earliest_start(ev for _, ev in events)
    end = now + LOOKAHEAD
    for cal in calendars:
        for occurrence in occurrences(label, cal, wanted, start, end):
            if isinstance(occurrence, Skipped):
                yield occurrence
                continue
            yield from touches(occurrence, user, tz=tz, now=now)


def not_conversations(
    events: list[Component], user: Person | None, known: bool
) -> Iterator[str]:
    """One line per reason, with how many events (a UID with its moved occurrences is one)."""
    why: dict[str, set[str]] = {}
    for event in events:
        why.setdefault(_why_not(event, user, known), set()).add(uid_of(event))
    for reason, uids in sorted(why.items()):
        count = "1 event" if len(uids) == 1 else f"{len(uids)} events"
        yield f"{count} {reason}: not a conversation"


def _why_not(event: Component, user: Person | None, known: bool) -> str:
    if clean_text(str(event.get("STATUS", ""))).upper() == "CANCELLED":
        return "cancelled"
    organizer, attendees = people_of(event)
    if user and user.key in {a.key for a in attendees if a.declined}:
        return "declined by you"
    if known and not _has_user(event, user) and (organizer or attendees):
        return (
            "you are not in (someone else's calendar; if one of its addresses is yours, "
            "add it with `kith me --email`)"
        )
    return "with no one but you in it (no other attendee or organizer)"


def me_identities(user: Person) -> tuple[Any, ...]:
    found = email_identity(user.email)
    return (found,) if found else ()


# --- who -----------------------------------------------------------------------------


def people_of(event: Component) -> tuple[Person | None, list[Person]]:
    """The organizer and the attendees that are people (rooms and resources left out)."""
    organizer = person(event.get("ORGANIZER"))
    raw = event.get("ATTENDEE") or []
    attendees = []
    for value in raw if isinstance(raw, list) else [raw]:
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        found = person(value)
        if found:
            attendees.append(found)
    return organizer, attendees


def person(value: Any) -> Person | None:
    if value is None:
        return None
    params = getattr(value, "params", {})
    email = normalize_email(str(value))
    name = clean_text(str(params.get("CN", ""))).strip('"')
    if not email and not name:
        return None
    declined = str(params.get("PARTSTAT", "")).upper() == "DECLINED"
    return Person(email=email, name=name or (email or ""), declined=declined)


@dataclass(frozen=True)
class Told:
    """What the user said about themselves: their addresses and names (normalised)."""

    addresses: set[str]
    names: set[str]


def find_user(
    calendars: list[icalendar.Calendar], events: list[Component], told: Told
) -> tuple[Person | None, bool]:
    """The user, and whether it is who the user said they are: an address or a name
    they gave; if they gave addresses and none is here, no one (someone else's
    calendar); else the calendar's own address or the most present one (a guess)."""
    names: dict[str, str] = {}
    presence: Counter[str] = Counter()
    organizing: Counter[str] = Counter()
    for event in events:
        organizer, attendees = people_of(event)
        present = {p.key for p in [organizer, *attendees] if p}
        presence.update(present)
        for p in [organizer, *attendees]:
            if p and p.name != p.email:
                names.setdefault(p.key, p.name)
        if organizer:
            organizing[organizer.key] += 1
    for key in presence:
        if key in told.addresses:
            return Person(key, names.get(key, key)), True
    for key in presence:
        if normalize_name(names.get(key, "")) in told.names:
            return Person(key, names[key]), True
    if told.addresses:
        return None, True
    for cal in calendars:
        own = normalize_email(str(cal.get("X-WR-CALNAME", "")))
        if own:
            return Person(own, names.get(own, own)), False
    candidates = [k for k in presence if not k.startswith("name:")]
    if not candidates:
        return None, False
    best = max(sorted(candidates), key=lambda k: (presence[k], organizing[k]))
    return Person(best, names.get(best, best)), False


def _has_user(event: Component, user: Person | None) -> bool:
    organizer, attendees = people_of(event)
    return user is not None and user.key in {p.key for p in [organizer, *attendees] if p}


def counterparts(event: Component, user: Person | None, known: bool = False) -> list[Person]:
    """Everyone in the event but the user, once each; none if the user declined it, or
    when the user is who they said and is not in it (someone else's event)."""
    if clean_text(str(event.get("STATUS", ""))).upper() == "CANCELLED":
        return []
    if known and not _has_user(event, user):
        return []
    organizer, attendees = people_of(event)
    declined = {a.key for a in attendees if a.declined}
    if user and user.key in declined:
        return []
    found: dict[str, Person] = {}
    for p in [organizer, *attendees]:
        if p and p.key not in declined and not (user and p.key == user.key):
            found.setdefault(p.key, p)
    return list(found.values())


def head_count(event: Component) -> int:
    organizer, attendees = people_of(event)
    return max(2, len({p.key for p in [organizer, *attendees] if p}))


# --- when ----------------------------------------------------------------------------


def uid_of(event: Component) -> str:
    uid = clean_text(str(event.get("UID", "")))
    if uid:
        return uid
    start = event.get("DTSTART")
    return "nouid:" + source_id(SOURCE, start.to_ical() if start else "", event.get("SUMMARY", ""))


def earliest_start(events: Iterable[Component]) -> datetime:
    starts = [as_utc(ev["DTSTART"].dt, UTC, ev["DTSTART"]) for ev in events if ev.get("DTSTART")]
    return min(starts, default=datetime(1970, 1, 1, tzinfo=UTC)) - timedelta(days=1)


def as_utc(value: date | datetime, tz: tzinfo, prop: Any = None) -> datetime:
    """An aware UTC time: dates at midnight and floating times read in `tz`."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=windows_zone(prop) or tz)
    return value.astimezone(UTC)


def windows_zone(prop: Any) -> tzinfo | None:
    """A TZID icalendar left unresolved, e.g. `Eastern Standard Time 1`: try it as Windows."""
    tzid = str(getattr(prop, "params", {}).get("TZID", "")).strip('"')
    name = WINDOWS_TO_OLSON.get(re.sub(r"\s+\d+$", "", tzid))
    return ZoneInfo(name) if name else None


def occurrences(
    label: str, calendar: icalendar.Calendar, wanted: set[str], start: datetime, end: datetime
) -> Iterator[Component | Skipped]:
    """Expand the events with counterparts; a broken rule keeps the first occurrence."""
    keep = icalendar.Calendar()
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE":
            keep.add_component(component)
    chosen = [ev for ev in calendar.walk("VEVENT") if uid_of(ev) in wanted]
    if not chosen:
        return
    for event in chosen:
        keep.add_component(event)
    try:  # `between` is eager: a failure yields nothing twice
        expanded = list(recurring_ical_events.of(keep).between(start, end))
    except Exception as exc:  # the library raises many kinds on odd rules
        problem = exc
    else:
        yield from expanded
        return
    for event in chosen:
        single = icalendar.Calendar()
        for component in keep.subcomponents:
            if component.name == "VTIMEZONE":
                single.add_component(component)
        single.add_component(event)
        try:
            yield from recurring_ical_events.of(single).between(start, end)
        except Exception:
            yield Skipped(
                label,
                None,
                f"event {uid_of(event)!r}: recurrence unreadable "
                f"({problem}); only its first occurrence was imported",
            )
            if not event.get("RECURRENCE-ID"):
                yield event


# --- what -----------------------------------------------------------------------------


def touches(
    event: Component, user: Person | None, *, tz: tzinfo, now: datetime
) -> Iterator[TouchRecord]:
    if not event.get("DTSTART"):
        return
    others = counterparts(event, user)
    if not others:
        return
    start_prop = event["DTSTART"]
    at = as_utc(start_prop.dt, tz, start_prop)
    uid = uid_of(event)
    recurrence = event.get("RECURRENCE-ID")
    occurrence = as_utc(recurrence.dt, tz, recurrence).isoformat() if recurrence else at.isoformat()
    title = clean_text(str(event.get("SUMMARY", ""))) or None
    base: dict[str, Any] = {
        "channel": channel_of(event),
        "at": at,
        "text": description(event),
        "thread_key": uid,
        "subject": title,
        "participants": head_count(event),
        "status": "planned" if at > now else "held",
        "purpose": purpose_of(title),
        "duration_s": duration_of(event, tz),
    }
    direction = "out" if user and organizer_key(event) == user.key else "in"
    for other in others:
        ref = person_ref(other)
        sid = source_id(SOURCE, uid, occurrence, other.key)
        yield TouchRecord(source=SOURCE, source_id=sid, person=ref, direction=direction, **base)


def organizer_key(event: Component) -> str | None:
    organizer = person(event.get("ORGANIZER"))
    return organizer.key if organizer else None


def person_ref(p: Person) -> PersonRef:
    found = email_identity(p.email) or name_identity(SOURCE, p.name)
    return PersonRef(name=p.name or (p.email or ""), identities=(found,) if found else ())


def text_of(event: Component, *names: str) -> str:
    parts = []
    for name in names:
        value = event.get(name)
        for v in value if isinstance(value, list) else [value]:
            if v is not None:
                parts.append(str(v))
    return "\n".join(parts)


def channel_of(event: Component) -> str:
    linked = text_of(
        event,
        "LOCATION",
        "DESCRIPTION",
        "URL",
        "CONFERENCE",
        "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
        "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    )
    location = clean_text(str(event.get("LOCATION", "")))
    if CONFERENCE.search(linked) or CONFERENCE_WORDS.match(location):
        return "video"
    if location and not PHONE_LOCATION.match(location) and "://" not in location:
        return "meeting"
    return "call"


def purpose_of(title: str | None) -> str | None:
    if not title:
        return None
    for purpose, pattern in PURPOSE_WORDS:
        if re.search(pattern, title, re.I):
            return purpose
    return None


def duration_of(event: Component, tz: tzinfo) -> int | None:
    start, end = event.get("DTSTART"), event.get("DTEND")
    if start is None or not isinstance(start.dt, datetime):
        return None  # an all-day event says nothing about how long people talked
    if end is not None:
        seconds = (as_utc(end.dt, tz, end) - as_utc(start.dt, tz, start)).total_seconds()
    elif event.get("DURATION") is not None:
        seconds = event["DURATION"].dt.total_seconds()
    else:
        return None
    return int(seconds) if seconds > 0 else None


def description(event: Component) -> str | None:
    if event.get("DESCRIPTION") is None:
        return None
    lines = [clean_text(line) for line in str(event["DESCRIPTION"]).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text if text and text != clean_text(str(event.get("SUMMARY", ""))) else None
