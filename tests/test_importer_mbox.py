"""The mbox, .eml and Maildir importer against the corpus (../shared/corpus/mbox) and
small messages written here for rules the corpus does not exercise (LinkedIn
notifications, newsletters, charset fallbacks). Corpus facts come from EXPECTED.json.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError
from kith.importers import SOURCES, _mail, detect, mbox
from kith.models import EngagementRecord, MeRecord, Record, Skipped, TouchRecord

UTC_ZONE = ZoneInfo("UTC")
GMAIL = "synthetic_gmail-takeout.mbox"


def corpus_files() -> list[str]:
    folder = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mbox"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else ["(corpus missing)"]


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    return json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))


def read(path: Path, **kwargs: object) -> list[Record]:
    return list(mbox.read(path, tz=UTC_ZONE, **kwargs))  # type: ignore[arg-type]


def of_type(records: list[Record], kind: type) -> list:
    return [r for r in records if isinstance(r, kind)]


def zulu(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def emails(touches: list[TouchRecord]) -> set[str]:
    return {i.value for t in touches for i in t.person.identities if i.kind == "email"}


def headers(path: Path) -> list[tuple[mbox.Raw, object]]:
    """Each message's headers read by the email package: a second derivation of the facts."""
    parser = BytesHeaderParser(policy=compat32)
    return [(raw, parser.parsebytes(raw.data)) for raw in mbox.raw_messages(path)]


# --- the corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_messages_and_headers_match_expected(
    corpus: Path, expected: dict, name: str
) -> None:
    facts = expected[f"mbox/{name}"]
    messages = headers(corpus / "mbox" / name)
    assert len(messages) == facts["messages"]
    from_lines = {raw.from_line.decode("ascii").rstrip("\r\n") for raw, _ in messages}
    assert set(facts.get("from_lines_sample", [])) <= from_lines
    everyone = {
        a.email for _, m in messages for a in _mail.addresses(m, "From", "To", "Cc") if a.email
    }
    assert everyone == set(facts["participants_list"])
    senders = {a.email for _, m in messages for a in _mail.addresses(m, "From") if a.email}
    assert len(senders) == facts.get("senders", len(senders))
    without_from = sum(not m.get("From") for _, m in messages)
    assert without_from == facts.get("messages_without_from_header", 0)
    times = sorted(t for _, m in messages if (t := _mail.sent_at(m)))
    assert (zulu(times[0]), zulu(times[-1])) == (facts["earliest"], facts["latest"])
    if "with_in_reply_to" in facts:
        assert sum(bool(m.get("In-Reply-To")) for _, m in messages) == facts["with_in_reply_to"]
        assert sum(bool(m.get("References")) for _, m in messages) == facts["with_references"]


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_imports_every_message(corpus: Path, expected: dict, name: str) -> None:
    facts = expected[f"mbox/{name}"]
    path = corpus / "mbox" / name
    assert detect(path) == "mbox"
    records = read(path)
    (me,) = of_type(records, MeRecord)
    assert isinstance(records[0], MeRecord)
    mine = {i.value for i in me.identities}
    assert mine <= set(facts["participants_list"])
    touches = of_type(records, TouchRecord)
    skipped = of_type(records, Skipped)
    # Every message is a touch (one per counterpart) or skipped with a reason.
    stored = {(t.at, t.subject, t.text) for t in touches}
    assert len(stored) + len(skipped) == facts["messages"]
    assert all(s.reason and s.file.endswith(name) for s in skipped)
    assert {t.channel for t in touches} == {"email"}
    assert not emails(touches) & mine
    assert emails(touches) <= set(facts["participants_list"])
    assert all(facts["earliest"] <= zulu(t.at) <= facts["latest"] for t in touches)
    ids = [t.source_id for t in touches]
    assert len(ids) == len(set(ids))
    assert ids == [t.source_id for t in of_type(read(path), TouchRecord)]


def test_gmail_takeout_labels_threads_owner_and_bulk(corpus: Path, expected: dict) -> None:
    facts = expected[f"mbox/{GMAIL}"]
    path = corpus / "mbox" / GMAIL
    records = read(path)
    skipped = of_type(records, Skipped)
    assert len(skipped) == facts["messages_in_spam_or_trash"]
    assert {s.reason.split(":")[0] for s in skipped} == {"in Gmail Spam", "in Gmail Trash"}
    touches = of_type(records, TouchRecord)
    outgoing = {(t.at, t.subject) for t in touches if t.direction == "out"}
    assert len(outgoing) == facts["sent_by_owner"]
    (me,) = of_type(records, MeRecord)
    thrown_away = {
        _mail.addresses(m, "From")[0].email
        for _, m in headers(path)
        if {"Spam", "Trash"} & set(_mail.gmail_labels(m))
    }
    people = emails([t for t in touches if not t.is_bulk]) | {i.value for i in me.identities}
    assert people == set(facts["people_list"]) - thrown_away
    bulk = [t for t in touches if t.is_bulk]
    assert bulk and all(t.person.is_bulk for t in bulk)
    automated = set(facts["participants_list"]) - set(facts["people_list"])
    assert emails(bulk) == automated - thrown_away
    # Threads from Message-ID/References agree with Gmail's own X-GM-THRID.
    gmail_threads = {m["X-GM-THRID"] for _, m in headers(path)}
    assert len(gmail_threads) == facts["threads_by_x_gm_thrid"]
    kept = {
        m["X-GM-THRID"]
        for _, m in headers(path)
        if not {"Spam", "Trash"} & set(_mail.gmail_labels(m))
    }
    assert len({t.thread_key for t in touches}) == len(kept)
    # One person under two display names and a mixed-case address is one address.
    assert len({t.person.identities for t in touches if "loomwork" in str(t.person)}) == 1


def test_gmail_text_is_what_the_message_adds(corpus: Path) -> None:
    touches = of_type(read(corpus / "mbox" / GMAIL), TouchRecord)
    texts = {t.person.name + ":" + t.direction: t.text or "" for t in touches}
    assert texts["Daniel Osei:in"].startswith("Fixed both")
    assert (
        "Sent:" not in texts["Daniel Osei:in"]
        and "reads really well" not in texts["Daniel Osei:in"]
    )
    assert "Co-founder" not in texts["Iyer, Priyanka:in"]  # the signature after "-- "
    reply = texts["Jonas Brandt:out"]
    assert reply.endswith("Maya") and "wrote" not in reply and "> " not in reply
    assert "\r" not in "".join(texts.values())
    subjects = {t.subject for t in touches}
    assert "Draft chapter 3 — feedback?" in subjects and "Café chat next week?" in subjects
    assert "Zoë Lefèvre" in {t.person.name for t in touches}


def test_single_message_rfc2047(corpus: Path, expected: dict) -> None:
    facts = expected["mbox/mail-parser_legacy_036_rfc2047.eml"]
    (touch,) = of_type(read(corpus / "mbox" / "mail-parser_legacy_036_rfc2047.eml"), TouchRecord)
    assert touch.person.name == facts["to_display_name"]
    assert touch.subject == facts["subject"]
    assert touch.text and "Frösche" in touch.text and "=\n" not in touch.text


def test_subject_threading_without_headers(corpus: Path) -> None:
    touches = of_type(read(corpus / "mbox" / "mailutils_teaparty.mbox"), TouchRecord)
    by_subject = {t.subject: t.thread_key for t in touches}
    assert by_subject["Invitation"] == by_subject["Re: Invitation"] == "subject:invitation"
    assert all(t.thread_key.startswith("subject:") for t in touches)
    mbox1 = of_type(read(corpus / "mbox" / "mailutils_mbox1.mbox"), TouchRecord)
    pair = {t.thread_key for t in mbox1 if "Jabberwocky" in (t.subject or "")}
    assert len(pair) == 1


def test_mailing_list_archive_owner_and_local_sender(corpus: Path) -> None:
    records = read(corpus / "mbox" / "mailbox-perl_mbox.src.mbox")
    (me,) = of_type(records, MeRecord)
    touches = of_type(records, TouchRecord)
    # The message with no From: header was sent by the local user `markov`: the owner.
    local = [t for t in touches if t.at == datetime(1999, 8, 8, 8, 4, 17, tzinfo=UTC)]
    assert local and {t.direction for t in local} == {"out"}
    assert me.identities[0].value.startswith("markov@")
    listed = [t for t in touches if t.is_bulk]
    assert listed and not any(t.person.is_bulk for t in listed if "@" in t.person.name)


# --- Maildir, folders, zips -----------------------------------------------------------


def make_maildir(corpus: Path, root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for n, raw in enumerate(mbox.raw_messages(corpus / "mbox" / "mailutils_teaparty.mbox")):
        (root / ("new" if n % 5 == 0 else "cur") / f"{1000 + n}.M{n}.host:2,S").write_bytes(
            raw.data
        )
    return root


def test_maildir_reads_like_the_mbox(corpus: Path, tmp_path: Path) -> None:
    maildir = make_maildir(corpus, tmp_path / "Mail")
    assert detect(maildir) == "maildir" and {"mbox", "maildir"} <= set(SOURCES)
    from_maildir = list(mbox.read_maildir(maildir, tz=UTC_ZONE))
    from_mbox = read(corpus / "mbox" / "mailutils_teaparty.mbox")
    assert sorted(t.source_id for t in of_type(from_maildir, TouchRecord)) == sorted(
        t.source_id for t in of_type(from_mbox, TouchRecord)
    )
    assert of_type(from_maildir, MeRecord) == of_type(from_mbox, MeRecord)


def test_folder_and_zip_of_mail_files(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    shutil.copyfile(corpus / "mbox" / GMAIL, folder / "All mail.mbox")
    shutil.copyfile(corpus / "mbox" / "mail-parser_legacy_036_rfc2047.eml", folder / "a.eml")
    (folder / "README.txt").write_text("not mail\n")
    assert detect(folder) == "mbox"
    touches = of_type(read(folder), TouchRecord)
    assert len(touches) == len(of_type(read(corpus / "mbox" / GMAIL), TouchRecord)) + 1
    archive = Path(shutil.make_archive(str(tmp_path / "takeout"), "zip", folder))
    assert sorted(t.source_id for t in of_type(read(archive), TouchRecord)) == sorted(
        t.source_id for t in touches
    )


def test_detection_by_content(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "mail.txt"
    shutil.copyfile(corpus / "mbox" / GMAIL, renamed)
    assert detect(renamed) == "mbox"
    eml = tmp_path / "message"
    shutil.copyfile(corpus / "mbox" / "mail-parser_legacy_036_rfc2047.eml", eml)
    assert detect(eml) == "mbox"


# --- bad input ------------------------------------------------------------------------


def test_bad_files_fail_naming_the_file(corpus: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="empty.mbox: the file is empty"):
        read(empty)
    blob = tmp_path / "blob.mbox"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFailed, match="blob.mbox: this is a binary file"):
        read(blob)
    data = (corpus / "mbox" / GMAIL).read_bytes()
    cut = tmp_path / "cut.mbox"
    cut.write_bytes(data[: len(data) // 2 + 7])
    with pytest.raises(ImportFailed, match="cut.mbox: the file is truncated"):
        read(cut)
    prose = tmp_path / "prose.mbox"
    prose.write_text("Dear diary,\ntoday nothing happened.\n")
    with pytest.raises(ImportFailed, match="prose.mbox: not an mbox"):
        read(prose)
    with pytest.raises(ImportFailed, match="not a Maildir"):
        list(mbox.read_maildir(tmp_path, tz=UTC_ZONE))


# --- rules on messages written for them -------------------------------------------------


def message(headers: str, body: str, charset: str = "utf-8") -> bytes:
    head = headers.strip().replace("\n", "\r\n") + "\r\n\r\n"
    return head.encode("ascii") + body.replace("\n", "\r\n").encode(charset)


LINKEDIN_NOTIFICATION = message(
    """From: LinkedIn <notifications-noreply@linkedin.com>
To: Maya Hartmann <maya.hartmann@example.com>
Date: Tue, 04 Mar 2025 10:00:00 +0000
Message-ID: <notif-1@linkedin.com>
Subject: Gaurav Mehta commented on your post
List-Unsubscribe: <https://www.linkedin.com/comm/psettings/email-unsubscribe>
Content-Type: text/plain; charset=utf-8""",
    """Gaurav Mehta commented on your post

"Async first, then a call - exactly how I met my co-founder."

View Gaurav's profile: https://www.linkedin.com/comm/in/gaurav-mehta-42?midToken=AQ
See the comment: https://www.linkedin.com/feed/update/urn:li:activity:7301234567890123456/?commentUrn=x
""",
)

NEWSLETTER = message(
    """From: The Weekly Coach <hello@weeklycoach.example.net>
To: maya.hartmann@example.com
Date: Wed, 05 Mar 2025 06:00:00 +0000
Message-ID: <issue-88@weeklycoach.example.net>
Subject: Issue 88: the five-minute check-in
List-Unsubscribe: <https://weeklycoach.example.net/unsubscribe>
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: 8bit""",
    "<html><head><style>p{color:red}</style></head><body><p>Five minutes \x96 that's all.</p>"
    "</body></html>",
    charset="latin-1",
)


def mbox_of(*messages: bytes) -> bytes:
    out = b""
    for n, data in enumerate(messages):
        out += b"From sender@example.com Tue Mar 04 10:00:0%d 2025\r\n" % n + data + b"\r\n\r\n"
    return out


def test_linkedin_notification_becomes_engagement(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes((corpus / "mbox" / GMAIL).read_bytes() + mbox_of(LINKEDIN_NOTIFICATION))
    records = read(path)
    (engagement,) = of_type(records, EngagementRecord)
    assert (engagement.kind, engagement.person.name) == ("comment", "Gaurav Mehta")
    assert engagement.person.identities[0].value == "https://linkedin.com/in/gaurav-mehta-42"
    assert engagement.content_url == (
        "https://www.linkedin.com/feed/update/urn:li:activity:7301234567890123456"
    )
    assert engagement.platform == "linkedin"
    assert not any("linkedin" in t.person.name.lower() for t in of_type(records, TouchRecord))
    reaction = LINKEDIN_NOTIFICATION.replace(b"commented on", b"and 3 others reacted to").replace(
        b"notif-1", b"notif-2"
    )
    path.write_bytes(mbox_of(reaction))
    (second,) = of_type(read(path), EngagementRecord)
    assert (second.kind, second.person.name) == ("reaction", "Gaurav Mehta")


def test_newsletter_is_bulk_and_cp1252_under_latin1(tmp_path: Path) -> None:
    path = tmp_path / "news.eml"
    path.write_bytes(NEWSLETTER)
    (touch,) = of_type(read(path, me=["maya.hartmann@example.com"]), TouchRecord)
    assert touch.is_bulk and touch.person.is_bulk and touch.direction == "in"
    assert touch.text == "Five minutes – that's all."  # 0x96 read as CP1252, no CSS
    assert _mail.decode_bytes(b"caf\xe9", "us-ascii") == "café"
    assert _mail.decode_bytes(b"\xe2\x80\x94", None) == "—"
    assert _mail.decode_bytes(b"x\x96y", "x-no-such-charset") == "x–y"


def test_reply_text_strips_quotes_and_signatures() -> None:
    text = (
        "Sounds good.\n\nAm 14.01.2025 um 09:12 schrieb Jonas <j@x.org>:\n> old\n"
        "-----Original Message-----\nFrom: someone"
    )
    assert _mail.reply_text(text) == "Sounds good."
    assert _mail.reply_text("Yes!\n-- \nMaya\nCoach") == "Yes!"
    assert _mail.reply_text("> only quoted\n>> text") is None
    assert _mail.thread_subject("AW: Re: Fwd: [team] Plan") == "plan"


def test_messages_without_ids_and_repeated_ids_stay_distinct(corpus: Path, tmp_path: Path) -> None:
    touches = of_type(read(corpus / "mbox" / "mailutils_mbox1.mbox"), TouchRecord)
    assert len({t.source_id for t in touches}) == len(touches) == 5  # two share a Message-Id
    bare = message(
        """From: Ana <ana@example.org>
To: Maya <maya@example.com>
Date: Thu, 06 Mar 2025 09:00:00 +0000
Subject: no id""",
        "hello",
    )
    path = tmp_path / "bare.eml"
    path.write_bytes(bare)
    first = [t.source_id for t in of_type(read(path, me=["maya@example.com"]), TouchRecord)]
    assert first == [t.source_id for t in of_type(read(path, me=["maya@example.com"]), TouchRecord)]


# --- end to end -----------------------------------------------------------------------


def test_cli_import_twice_and_newsletters_never_owe_a_reply(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes((corpus / "mbox" / GMAIL).read_bytes() + mbox_of(LINKEDIN_NOTIFICATION))
    runner = CliRunner()
    db = str(tmp_path / "kith.db")

    def kith(*args: str) -> dict:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return json.loads(result.stdout)

    first = kith("import", str(path), "--json")
    assert first["source"] == "mbox" and first["me"] == "Maya Hartmann"
    # A comment is engagement and also a touch on the `comment` channel.
    assert first["touches_added"] == len(of_type(read(path), TouchRecord)) + 1
    assert first["engagements_added"] == 1
    assert Counter(s["reason"].split(":")[0] for s in first["skipped"]) == {
        "in Gmail Spam": 1,
        "in Gmail Trash": 1,
    }
    again = kith("import", str(path), "--json")
    assert again["touches_added"] == 0 and again["people_created"] == 0
    assert again["engagements_added"] == 0

    for day in ("2025-02-11", "2025-02-14", "2025-03-03"):
        items = kith("today", "--as-of", day, "--json")["items"]
        named = {(i["person"]["name"], i["action"]) for i in items}
        assert not {
            n for n, a in named if n in ("Bookwell", "Accounts") and a in ("reply", "nudge")
        }
    items = kith("today", "--as-of", "2025-02-14", "--json")["items"]
    assert ("Daniel Osei", "reply") in {(i["person"]["name"], i["action"]) for i in items}


def test_cli_maildir_with_a_sent_folder(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "Maildir"
    for folder in (root, root / ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True)
    incoming = message(
        """From: Ana Lima <ana@example.org>
To: Maya <maya@example.com>, Bo <bo@example.net>
Date: Mon, 03 Mar 2025 09:00:00 +0000
Message-ID: <a1@example.org>
Subject: Workshop dates""",
        "Could you both do the 12th?",
    )
    sent = message(
        """From: Maya <maya@example.com>
To: Ana Lima <ana@example.org>
Date: Mon, 03 Mar 2025 10:00:00 +0000
Message-ID: <m1@example.com>
In-Reply-To: <a1@example.org>
References: <a1@example.org>
Subject: Re: Workshop dates""",
        "Yes, the 12th works.\n\nOn Mon, 3 Mar 2025, Ana Lima wrote:\n> Could you both do the 12th?",
    )
    (root / "cur" / "1.M1.host:2,S").write_bytes(incoming)
    (root / ".Sent" / "cur" / "2.M2.host:2,S").write_bytes(sent)
    records = list(mbox.read_maildir(root, tz=UTC_ZONE))
    (me,) = of_type(records, MeRecord)
    assert me.identities[0].value == "maya@example.com"  # the sender of the Sent folder
    touches = of_type(records, TouchRecord)
    assert sorted((t.direction, t.person.name) for t in touches) == [
        ("in", "Ana Lima"),
        ("out", "Ana Lima"),
    ]
    assert {t.thread_key for t in touches} == {"a1@example.org"}
    assert {t.participants for t in touches} == {3, 2}
    assert [t.text for t in touches if t.direction == "out"] == ["Yes, the 12th works."]

    runner = CliRunner()
    db = str(tmp_path / "kith.db")
    for expected_added in (2, 0):
        result = runner.invoke(app, ["--db", db, "import", str(root), "--json"])
        assert result.exit_code == 0, result.stderr + result.stdout
        report = json.loads(result.stdout)
        assert (report["source"], report["touches_added"]) == ("maildir", expected_added)


# --- any bytes: records or a clear error ---------------------------------------------------


@settings(max_examples=60, suppress_health_check=list(HealthCheck))
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: ("From a@b.c Mon Jan  1 00:00:00 2024\n" + t).encode()),
        st.text(max_size=400).map(lambda t: ("From: a@b.c\nTo: d@e.f\n" + t).encode()),
    )
)
def test_any_bytes_end_in_records_or_a_kith_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input"
    path.write_bytes(data)
    try:
        records = read(path)
    except KithError as error:
        assert "input" in str(error)
        return
    assert all(isinstance(r, (MeRecord, TouchRecord, EngagementRecord, Skipped)) for r in records)


def test_every_address_the_user_sent_from_is_theirs(corpus: Path, tmp_path: Path) -> None:
    alias = message(
        """X-Gmail-Labels: Sent
From: Maya Hartmann <maya@hartmann-coaching.example.com>
To: Daniel Osei <daniel@oseiwrites.example.com>
Date: Fri, 14 Feb 2025 08:00:00 +0000
Message-ID: <alias-1@hartmann-coaching.example.com>
Subject: Invoice""",
        "Here is the invoice for the session.",
    )
    path = tmp_path / "box.mbox"
    path.write_bytes((corpus / "mbox" / GMAIL).read_bytes() + mbox_of(alias))
    records = read(path)
    (me,) = of_type(records, MeRecord)
    assert [i.value for i in me.identities] == [
        "maya.hartmann@example.com",
        "maya@hartmann-coaching.example.com",
    ]
    (invoice,) = [t for t in of_type(records, TouchRecord) if t.subject == "Invoice"]
    assert (invoice.direction, invoice.person.name) == ("out", "Daniel Osei")


def test_thunderbird_folder_deleted_flag_and_from_line_dates(tmp_path: Path) -> None:
    def thunderbird(status: str, n: int) -> bytes:
        return b"From - Sun Apr 07 22:47:11 2013\r\n" + message(
            f"""X-Mozilla-Status: {status}
X-Mozilla-Status2: 00000000
From: Ana <ana@example.org>
To: Maya <maya@example.com>
Message-ID: <tb{n}@example.org>
Subject: Note {n}""",
            "From the start, >From a quoted line.\n",
        )

    path = tmp_path / "Inbox"
    path.write_bytes(thunderbird("0001", 1) + b"\r\n" + thunderbird("0009", 2))
    records = read(path, me=["maya@example.com"])
    (touch,) = of_type(records, TouchRecord)
    (skipped,) = of_type(records, Skipped)
    assert "deleted in Thunderbird" in skipped.reason and skipped.line == 11
    assert touch.at == datetime(2013, 4, 7, 22, 47, 11, tzinfo=UTC)  # no Date: the From_ line
    for line, when in (
        (b"From god@heaven.af.mil Sat Jan  3 01:05:34 1996\n", datetime(1996, 1, 3, 1, 5, 34)),
        (b"From x@y Wed Feb  9 22:02 MET 2000\n", datetime(2000, 2, 9, 22, 2)),
        (b"From 1826@xxx Mon Feb 10 14:00:31 +0000 2025\r\n", datetime(2025, 2, 10, 14, 0, 31)),
    ):
        assert mbox.from_line_time(line) == when.replace(tzinfo=UTC)


@pytest.mark.parametrize("shift", range(-12, 4))
def test_a_from_line_cut_by_the_read_boundary_is_not_lost(shift: int) -> None:
    """Regression: a From_ line whose end fell in the next 1 MiB read was skipped."""
    import io

    def message(n: int, body: bytes) -> bytes:
        return (b"From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\n"
                b"Message-ID: <m%d@example.com>\n\n" % n) + body + b"\n\n"

    first = message(1, b"")
    filler = b"x" * (mbox.CHUNK + shift - len(first) - 2) + b"\n"
    data = message(1, filler) + message(2, b"second") + message(3, b"third")
    assert data.index(b"\nFrom a", 10) + 1 - mbox.CHUNK in range(-14, 4)
    raws = list(mbox.split_mbox(io.BytesIO(data), "boundary.mbox"))
    assert len(raws) == 3
    assert [r.data.split(b"Message-ID: ")[1][:16] for r in raws] == [
        b"<m1@example.com>", b"<m2@example.com>", b"<m3@example.com>"]
