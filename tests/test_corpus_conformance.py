"""Every file of the shared corpus, imported through the real CLI, against EXPECTED.json.

One parameter per file listed in `../shared/corpus/EXPECTED.json`: the file goes
through `kith --db … import PATH --json` (source detected from content, as a user
would run it) into a fresh SQLite database, then `kith stats --json` and a few
read-only queries check what was stored against the facts EXPECTED.json states:

* contact files: people created = `contacts` (nameless LinkedIn rows skipped with
  their line);
* conversations: messages stored = `messages` (system rows never stored; for a
  Gmail Takeout, Spam/Trash and automated senders - those EXPECTED lists among
  `participants_list` but not `people_list` - excluded); a message the user sent
  to several people counts once; Telegram `phone_call` service rows become `call`
  touches on top;
* posts: content stored = `posts`; a profile: the `me` of the report;
* calendars: where an event has two addresses or more, those of attendees and
  organisers (people and the user together) = `emails`; an event with only its
  organiser's address is the user's own entry: no touch;
* Slack `users.json`: people = `contacts` less the user's own account;
* and importing the same file again adds nothing.

A format whose importer is not registered in `kith.importers.SOURCES` yet is a
strict xfail, computed at collection time: when the importer lands the mark goes
away and the file must conform.
"""

from __future__ import annotations

import json
import mailbox
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.importers import SOURCES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"  # as conftest's

# Corpus folder -> the source `auto` must detect. LinkedIn files are copied into a
# folder under the names a real export uses (the importer reads them as an export).
FOLDER_SOURCE = {
    "linkedin": "linkedin",
    "vcard": "vcard",
    "ics": "ics",
    "mbox": "mbox",
    "whatsapp": "whatsapp",
    "telegram": "telegram",
    "slack": "slack",
}
LINKEDIN_NAMES = {
    "Comments": "Comments.csv",
    "Connections": "Connections.csv",
    "Invitations": "Invitations.csv",
    "Messages": "Messages.csv",
    "messages": "messages.csv",
    "Profile": "Profile.csv",
    "Shares": "Shares.csv",
}


# Mismatches reported to the importer's owner, pinned strictly so a fix flips them.
KNOWN_MISMATCHES = {
    "mbox/mailutils_teaparty.mbox": (
        "mbox stores 94 of 95 messages: Alice's note to herself (line 1184, To: Alice) is "
        "skipped as 'a note to yourself', EXPECTED counts it"
    ),
}


def source_of(rel: str) -> str:
    folder, name = rel.split("/", 1)
    if folder == "csv":
        return "outlook-csv" if "outlook" in name else "google-csv"
    return FOLDER_SOURCE[folder]


def corpus_entries() -> list[Any]:
    """One param per EXPECTED.json entry; xfail(strict) where the importer is missing."""
    listing = CORPUS / "EXPECTED.json"
    if not listing.is_file():
        return [pytest.param("(corpus absent)", id="corpus-absent")]
    params = []
    for rel in json.loads(listing.read_text(encoding="utf-8")):
        source = source_of(rel)
        marks = []
        if source not in SOURCES:
            reason = f"importer for {source} not written yet"
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        elif rel in KNOWN_MISMATCHES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISMATCHES[rel]))
        params.append(pytest.param(rel, id=rel, marks=marks))
    return params


# --- running the CLI ------------------------------------------------------------------


def kith(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, f"kith {' '.join(args)}: {result.output}"
    return json.loads(result.stdout)


def import_target(corpus: Path, rel: str, tmp_path: Path) -> Path:
    """What the user would point Kith at for this corpus file."""
    folder, name = rel.split("/", 1)
    if folder == "linkedin":
        kind = name.removeprefix("synthetic_").split("_")[0].removesuffix(".csv")
        export = tmp_path / "Basic_LinkedInDataExport"
        export.mkdir(parents=True)
        shutil.copyfile(corpus / rel, export / LINKEDIN_NAMES[kind])
        return export
    if folder == "slack":  # a Slack export is a folder: users, channels, days together
        return corpus / "slack" / name.split("/", 1)[0]
    return corpus / rel


# --- reading back what was stored -----------------------------------------------------


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def messages_stored(db: Path, where: str = "1") -> int:
    """Touches as messages: each incoming one, and each outgoing one once (not per recipient)."""
    incoming = query(db, f"SELECT COUNT(*) FROM touches WHERE direction = 'in' AND {where}")
    outgoing = query(
        db,
        "SELECT COUNT(*) FROM (SELECT DISTINCT at, thread_id, COALESCE(text, '') FROM touches"
        f" WHERE direction = 'out' AND {where})",
    )
    return int(incoming[0][0]) + int(outgoing[0][0])


def stored_times(db: Path, where: str = "1") -> list[str]:
    """Touch times as zone-less UTC wall-clock text to the second (tests run with KITH_TZ=UTC)."""
    rows = query(db, f"SELECT at FROM touches WHERE {where} ORDER BY at")
    return [as_utc(str(r[0])).replace(tzinfo=None, microsecond=0).isoformat() for r in rows]


def as_utc(value: str) -> datetime:
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def email_identities(db: Path) -> set[str]:
    people = query(db, "SELECT value FROM identities WHERE kind = 'email'")
    mine = query(db, "SELECT value FROM me_identities WHERE kind = 'email'")
    return {str(r[0]) for r in people + mine}


def gmail_automated_messages(path: Path, fact: dict[str, Any], scratch: Path) -> int:
    """Messages outside Spam/Trash from senders EXPECTED does not count as people."""
    automated = set(fact["participants_list"]) - set(fact["people_list"])
    copy = scratch / path.name  # mailbox.mbox opens read-write: never on the corpus itself
    shutil.copyfile(path, copy)
    box = mailbox.mbox(copy, create=False)
    count = 0
    try:
        for message in box:
            labels = str(message.get("X-Gmail-Labels", ""))
            if {"Spam", "Trash"} & {p.strip() for p in labels.split(",")}:
                continue
            count += parseaddr(str(message.get("From", "")))[1].lower() in automated
    finally:
        box.close()
    return count


# --- the conformance test -------------------------------------------------------------


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, Any]]:
    listing = CORPUS / "EXPECTED.json"
    if not listing.is_file():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(listing.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("rel", corpus_entries())
def test_corpus_file_conforms(
    corpus: Path, expected: dict[str, dict[str, Any]], tmp_path: Path, rel: str
) -> None:
    fact = expected[rel]
    db = tmp_path / "kith.db"
    report = kith(db, "import", str(import_target(corpus, rel, tmp_path)), "--json")
    stats = kith(db, "stats", "--json")

    assert report["source"] == source_of(rel)
    assert report["touches_added"] == stats["touches"]
    CHECKS[fact["kind"]](db, report, stats, fact, corpus / rel)

    again = kith(db, "import", str(import_target(corpus, rel, tmp_path / "again")), "--json")
    assert (again["people_created"], again["touches_added"]) == (0, 0)  # idempotent
    assert kith(db, "stats", "--json") == stats


def test_every_corpus_file_is_listed(corpus: Path, expected: dict[str, dict[str, Any]]) -> None:
    on_disk = {
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and p.name not in ("EXPECTED.json", "README.md")
    }
    assert on_disk == set(expected)


# --- what each kind of file must give -------------------------------------------------

Report = dict[str, Any]
Fact = dict[str, Any]


def check_contacts(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    # Slack's users.json lists the user too: that account is `me`, not a contact.
    owner = 1 if "users" in fact and report["me"] else 0
    assert report["people_created"] + owner == fact["contacts"]
    assert stats["people"] + owner == fact["contacts"]
    if "nameless_rows" in fact:
        assert len([s for s in report["skipped"] if s["line"]]) == fact["nameless_rows"]


def check_messages(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    assert messages_stored(db) == fact["messages"]
    assert report["me"] == fact["owner"]
    assert report["people_created"] == fact["participants"] - 1  # everyone but the owner
    times = stored_times(db)
    assert (times[0], times[-1]) == (fact["earliest"].rstrip("Z"), fact["latest"].rstrip("Z"))


def check_invitations(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    assert report["people_created"] == fact["people"]
    assert messages_stored(db) == fact["with_message"]  # an invitation's note is a dm
    assert report["me"] == fact["owner"]


def check_comments(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    # Alone, Comments.csv names no post author: every comment is counted, none stored.
    counted = [int(s["reason"].split()[0]) for s in report["skipped"] if "comments" in s["reason"]]
    assert stats["touches"] + sum(counted) == fact["comments"]


def check_profile(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    assert report["me"] == fact["name"]
    assert report["people_created"] == 0  # the owner is not a contact


def check_posts(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    assert report["content_added"] == stats["content"] == fact["posts"]


def check_email(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    wanted = fact["messages"] - fact.get("messages_in_spam_or_trash", 0)
    if "people_list" in fact:  # automated senders are bulk: stored or not, never messages
        wanted -= gmail_automated_messages(path, fact, db.parent)
        assert messages_stored(db, "NOT is_bulk") == wanted
    else:
        assert messages_stored(db) == wanted


def check_chat(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    calls = fact.get("system_actions", []).count("phone_call")  # Telegram call service rows
    where = "channel != 'call'" if calls else "1"
    assert messages_stored(db, where) == fact["messages"]
    if calls:
        assert stats["touches_by_channel"].get("call") == calls
    times = stored_times(db, where)
    assert times[-1] == fact["latest"].rstrip("Z")
    if "earliest" in fact:  # a local-only time is on the export's clock (Telegram's -03:00)
        shift = fact.get("zone_offset_hours_revealed_by_service_entry", [0])[0]
        earliest = datetime.fromisoformat(fact["earliest"].rstrip("Z")) - timedelta(hours=shift)
        assert times[0] == earliest.isoformat()


def check_calendar(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    stored, listed = email_identities(db), set(fact["emails"])
    assert stored <= listed
    if len(listed) >= 2:  # someone met someone: every address is a person or the user
        assert stored == listed
    else:  # one address at most: the user's own calendar entry, nobody to have met
        assert stats["touches"] == 0


def check_channels(db: Path, report: Report, stats: Report, fact: Fact, path: Path) -> None:
    assert stats["threads"] >= fact["channels"]


CHECKS = {
    "contacts": check_contacts,
    "messages": check_messages,
    "invitations": check_invitations,
    "comments": check_comments,
    "profile": check_profile,
    "posts": check_posts,
    "email": check_email,
    "chat": check_chat,
    "calendar": check_calendar,
    "channels": check_channels,
}
