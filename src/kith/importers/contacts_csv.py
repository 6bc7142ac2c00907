"""Read contact CSVs from Google Contacts (both generations) and Outlook.

Three header families, each told apart by its header (FORMATS.md §2), never by the
file name, and read column by name, never by position (Google writes as many
`E-mail n` / `Phone n` groups as the data needs):

* **Google, current** (contacts.google.com): `First Name,Middle Name,Last Name,…,
  Labels,E-mail 1 - Label,E-mail 1 - Value,…`.
* **Google, legacy** ("Google CSV", before ~2020, UTF-16LE with a BOM):
  `Name,Given Name,Additional Name,Family Name,…,E-mail 1 - Type,E-mail 1 - Value,…`.
* **Outlook** (the desktop 92-column export, Windows-1252, every field quoted, and the
  Outlook.com / Windows Live variants): `First Name,…,E-mail Address,E-mail Type,…`.

What Kith takes: the name (given, middle and family names; else the organisation,
then the e-mail or phone), organisation and title, every e-mail and phone (Google
joins several values in one cell with ` ::: `), social profile URLs, IM handles
(legacy Google), the birthday (`1984-06-21`, year-less `--06-21`, Outlook `M/D/YYYY`)
and other yearly dates (Google "Event" columns, Outlook Anniversary), and the notes.

What it leaves out, on purpose: Outlook's placeholder values (`0/0/00`, `Unspecified`,
`Normal`, `False`), Exchange X.500 addresses (`E-mail Type` `EX`: not an e-mail),
fax, pager, assistant and company main-line numbers (shared with other people, they
would merge colleagues), addresses, and labels/categories. Google's labels are
mostly system groups (`* myContacts`, `* starred`) and Outlook's categories are the
user's filing; neither is a tag the user chose in Kith, and `PersonRef` has no place
for them yet. A row with nothing but placeholders names nobody: it is skipped and
reported with its line (an entirely blank row is dropped like a blank line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    handle_identity,
    name_identity,
    normalize_name,
    phone_identity,
    source_id,
)
from kith.importers._text import iter_members, open_csv
from kith.importers.vcard import ordered, parse_yearly, social_profile
from kith.models import Identity, ImportantDate, PersonRecord, PersonRef, Record, Skipped

MULTI = " ::: "
OUTLOOK_DEFAULTS = frozenset({"0/0/00", "unspecified", "normal", "false"})
NOT_THEIR_PHONE = re.compile(r"fax|pager|assistant|main|callback", re.I)
EXCHANGE_ADDRESS = re.compile(r"^/o=", re.I)
DISPLAY_ADDRESS = re.compile(r"\(([^()\s]+@[^()\s]+)\)\s*$")
HINT = {
    "google-csv": "export again from contacts.google.com (Export → Google CSV)",
    "outlook-csv": "export again from Outlook (File → Open & Export → Export to a file → CSV)",
}


# --- which header is which ------------------------------------------------------------


def recognise(header: tuple[str, ...]) -> str | None:
    """Name the contact CSV family a header belongs to, or None."""
    cols = set(header)
    if {"given name", "family name"} <= cols and ("name" in cols or "e-mail 1 - value" in cols):
        return "google-legacy"
    if {"first name", "last name"} <= cols:
        if cols & {"labels", "e-mail 1 - value", "e-mail 1 - label"}:
            return "google"
        if "e-mail address" in cols:
            return "outlook"
    return None


def table_kind(path: Path) -> str | None:
    if path.is_dir():
        return None
    members = list(iter_members(path))
    if len(members) != 1 or members[0].in_zip:
        return None
    with open_csv(members[0], recognise) as table:
        return table.kind if table else None


def sniff_google(path: Path) -> bool:
    """Tell a Google Contacts CSV (either generation) by its header."""
    try:
        return table_kind(path) in ("google", "google-legacy")
    except ImportFailed:
        return False


def sniff_outlook(path: Path) -> bool:
    """Tell an Outlook contacts CSV by its header."""
    try:
        return table_kind(path) == "outlook"
    except ImportFailed:
        return False


# --- reading --------------------------------------------------------------------------


def read_google(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield a PersonRecord per contact row of a Google Contacts CSV."""
    return read_rows(path, "google-csv", ("google", "google-legacy"))


def read_outlook(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield a PersonRecord per contact row of an Outlook contacts CSV."""
    return read_rows(path, "outlook-csv", ("outlook",))


def read_rows(path: Path, source: str, kinds: tuple[str, ...]) -> Iterator[Record]:
    if path.is_dir():
        raise ImportFailed(str(path), "a contacts import takes one CSV file, not a folder")
    member = next(iter_members(path))
    with open_csv(member, recognise) as table:
        if table is None or table.kind not in kinds:
            raise ImportFailed(member.label, f"no {source} header found", HINT[source])
        row_to_contact = outlook_contact if table.kind == "outlook" else google_contact
        for line, row in table.rows():
            yield row_to_contact(source, member.label, line, row)
        yield from table.skipped()  # records broken by a stray quote


def cell(row: dict[str, str], column: str) -> str:
    """A cell as text; Outlook's placeholder values count as empty."""
    value = clean_text(row.get(column))
    return "" if value.casefold() in OUTLOOK_DEFAULTS else value


def values(row: dict[str, str], column: str) -> list[str]:
    """The values of one cell, split on Google's ` ::: `."""
    return [v for v in (clean_text(v) for v in (row.get(column) or "").split(MULTI)) if v]


def groups(row: dict[str, str], prefix: str, suffix: str) -> Iterator[tuple[str, str]]:
    """(label, value) of each numbered group: `E-mail 1 - Label` + `E-mail 1 - Value`…"""
    pattern = re.compile(rf"^{re.escape(prefix)} (\d+) - {re.escape(suffix)}$")
    for column in row:
        match = pattern.match(column)
        if not match:
            continue
        n = match.group(1)
        label = clean_text(row.get(f"{prefix} {n} - label") or row.get(f"{prefix} {n} - type"))
        for value in values(row, column):
            yield label.lstrip("* ").strip(), value


def full_name(*parts: str) -> str:
    return clean_text(" ".join(p for p in parts if p))


def yearly(kind: str, value: str, label: str | None = None) -> ImportantDate | None:
    """A date from a CSV cell: ISO, year-less `--MM-DD`, or Outlook's `M/D/YYYY`."""
    parsed = parse_yearly(value, {})
    if parsed is None:
        try:
            moment = datetime.strptime(value.strip(), "%m/%d/%Y")
        except ValueError:
            return None
        parsed = (moment.year, moment.month, moment.day)
    year, month, day = parsed
    return ImportantDate(kind=kind, month=month, day=day, year=year, label=label)


def google_contact(source: str, label: str, line: int, row: dict[str, str]) -> Record:
    legacy = "given name" in row
    if legacy:
        name = full_name(row["given name"], row.get("additional name", ""), row["family name"])
        name = name or clean_text(row.get("name"))
        company = clean_text(row.get("organization 1 - name"))
        position = clean_text(row.get("organization 1 - title"))
    else:
        name = full_name(row["first name"], row.get("middle name", ""), row["last name"])
        name = name or clean_text(row.get("file as"))
        company = clean_text(row.get("organization name"))
        position = clean_text(row.get("organization title"))
    found: list[Identity | None] = [email_identity(v) for _, v in groups(row, "e-mail", "value")]
    found += [
        phone_identity(v)
        for kind, v in groups(row, "phone", "value")
        if not NOT_THEIR_PHONE.search(kind)
    ]
    found += [social_profile(v) for _, v in groups(row, "website", "value")]
    for n in range(1, 10):
        service = clean_text(row.get(f"im {n} - service")).casefold()
        for value in values(row, f"im {n} - value"):
            found.append(handle_identity(service or "im", value))
    dates = [yearly("birthday", row.get("birthday", ""))]
    for event, value in groups(row, "event", "value"):
        kind = "anniversary" if event.casefold() == "anniversary" else "other"
        dates.append(yearly(kind, value, event or None))
    notes = (row.get("notes") or "").strip() or None
    return contact(source, label, line, name, company, position, found, dates, notes)


def outlook_contact(source: str, label: str, line: int, row: dict[str, str]) -> Record:
    name = full_name(cell(row, "first name"), cell(row, "middle name"), cell(row, "last name"))
    found: list[Identity | None] = []
    for n in ("", " 2", " 3"):
        address = cell(row, f"e-mail{n} address")
        kind = cell(row, f"e-mail{n} type").upper()
        if kind == "EX" or EXCHANGE_ADDRESS.match(address):
            shown = DISPLAY_ADDRESS.search(cell(row, f"e-mail{n} display name"))
            address = shown.group(1) if shown else ""
        found.append(email_identity(address))
    phones = [c for c in row if c.endswith("phone") or re.search(r"phone \d$", c)]
    found += [phone_identity(cell(row, c)) for c in phones if not NOT_THEIR_PHONE.search(c)]
    found.append(social_profile(cell(row, "web page")))
    dates = [
        yearly("birthday", cell(row, "birthday")),
        yearly("anniversary", cell(row, "anniversary")),
    ]
    notes = (row.get("notes") or "").strip() or None
    return contact(
        source,
        label,
        line,
        name,
        cell(row, "company"),
        cell(row, "job title"),
        found,
        dates,
        notes,
    )


def contact(
    source: str,
    label: str,
    line: int,
    name: str,
    company: str,
    position: str,
    found: list[Identity | None],
    dates: list[ImportantDate | None],
    notes: str | None,
) -> Record:
    """Assemble a PersonRecord, or Skipped when the row names nobody."""
    identities = ordered(i for i in found if i is not None)
    name = name or company or (identities[0].value if identities else "")
    if not name:
        return Skipped(label, line, "the row has no name, company, e-mail or phone number")
    if not identities:
        fallback = name_identity(source, name)
        identities = [fallback] if fallback else []
    return PersonRecord(
        source=source,
        source_id=source_id(source, *(i.value for i in identities), normalize_name(name)),
        person=PersonRef(
            name=name,
            identities=tuple(identities),
            company=company or None,
            position=position or None,
            dates=tuple(dict.fromkeys(d for d in dates if d is not None)),
            notes=notes,
        ),
    )
