"""Read e-mail (mbox, single .eml messages, Maildir) into touches and engagement.

Sources: Gmail Takeout (`All mail Including Spam and Trash.mbox`), Thunderbird
local folders, Unix spools, a folder or zip of those or of `.eml` files
(source `mbox`), and Maildir trees with `cur/` and `new/` (source `maildir`).

**Streaming.** An mbox is split on `From ` lines that follow a blank line (or
start the file) and carry a time — every variant in FORMATS.md §5.1 — reading
1 MiB at a time, so one message is in memory, never the file. The file is read
twice: a first pass reads only the headers it needs, to learn who the user is and
which messages start a thread; the second reads each message and yields its
records. Between passes only 8-byte digests of ids (`_digests`: ~10 bytes a
message, where id strings took ~160) and per-address counters are kept, so a 1 GB
mailbox reads in about 100 MB. Bodies of the common shapes (one text part;
multipart of text parts) are decoded directly, anything else by the email package:
parsing whole messages was most of the time.

**Who the user is.** Nothing in a mailbox says. In order: addresses given by the
caller (`me=`), every sender of Gmail's `Sent` label or of a `Sent` folder (people
write from several addresses), the address mail was `Delivered-To`, else the
address present in the most non-bulk messages (ties: the one who sent most). The
assumption is yielded first as a `MeRecord`, so the import report can show it.

**What becomes what.** Each message yields one `email` touch per counterpart:
the sender for incoming mail, every To/Cc address for the user's own. `participants`
counts the distinct addresses of the message (the user included), so mail among
more than three people is a group thread. Gmail Spam and Trash, and messages
Thunderbird marked deleted, are skipped with a reason. Newsletters, notifications
and automated senders (List-Unsubscribe, Auto-Submitted, no-reply addresses,
Gmail Promotions/Social) are kept with `is_bulk` on the touch and the person;
mailing-list traffic (List-Id, `Precedence: bulk|list|junk`) marks the touch only.
LinkedIn notification mail ("Ana Lima commented on your post") becomes an
`EngagementRecord` on the user's post instead of a touch.

**Threads and ids.** A thread is the root of the reply chain (first References
id, else In-Reply-To); a message others reply to is its own root; without either,
Gmail's `X-GM-THRID`, then the subject with `Re:`/`Fwd:`/`AW:` stripped (old
mailboxes such as teaparty.mbox have no threading headers at all). A touch's
`source_id` hashes the Message-ID (or, without one, date + sender + subject) and
the counterpart; records use the source name `email` for mbox and Maildir alike,
so the same message imported from both is stored once.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path
from typing import IO, Any, NamedTuple

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    is_noreply_address,
    name_identity,
    profile_identity,
    source_id,
)
from kith.importers import _mail
from kith.importers._digests import DigestSet, RepeatedKeys
from kith.importers._mail import Address
from kith.importers._text import Member, iter_members, looks_binary, open_member
from kith.models import (
    EngagementRecord,
    MeRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

SOURCE = "email"
HINT = "export the mailbox again (Google Takeout → Mail, or Thunderbird's ImportExportTools)"
FROM_LINE_TIME = re.compile(rb"\d{1,2}:\d{2}")
HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
KNOWN_HEADERS = frozenset(
    {
        b"from",
        b"to",
        b"subject",
        b"date",
        b"message-id",
        b"received",
        b"return-path",
        b"mime-version",
        b"delivered-to",
        b"x-gm-thrid",
        b"x-gmail-labels",
        b"cc",
        b"references",
        b"in-reply-to",
    }
)
SKIP_LABELS = ("Spam", "Trash")
# Gmail's own labels, on most messages: not worth remembering per thread (see `Survey`).
SYSTEM_LABELS = frozenset(
    ("Inbox", "Sent", "Opened", "Unread", "Important", "Archived", "Drafts", "Chat")
)
SENT_FOLDER = re.compile(r"(^|[./\\ _-])(sent|gesendet|envoy|enviad|inviat|verzonden)", re.I)
MOZILLA_DELETED = 0x0008
FULL = BytesParser(policy=compat32)


# --- where the messages are -------------------------------------------------------------


class Raw(NamedTuple):  # a tuple: made for every message, twice, so made cheaply
    """One message's bytes and where it sits."""

    label: str
    line: int | None
    data: bytes
    from_line: bytes = b""
    folder: str = ""


def is_from_line(line: bytes) -> bool:
    return line.startswith(b"From ") and bool(FROM_LINE_TIME.search(line))


CHUNK = 1 << 20


def split_mbox(stream: IO[bytes], label: str, folder: str = "") -> Iterator[Raw]:
    """Yield the messages of an mbox one by one (any From_ variant, CRLF or LF).

    Reads 1 MiB at a time and looks for a blank line followed by a From_ line, so
    only the message being cut out is held, however large the file.
    """
    chunk = stream.read(CHUNK)
    if not chunk.lstrip(b"\r\n").startswith(b"From "):
        raise ImportFailed(label, "not an mbox file (it does not start with a From line)", HINT)
    buffer = bytearray(b"\n\n")  # as if a blank line came before the first From_
    buffer += chunk
    lines_before = -2  # newlines before the buffer's start, not counting the two above
    start: int | None = None  # where the current message's bytes begin in the buffer
    from_line, at_line, scan = b"", 0, 0
    while True:
        found = blank_then_from(buffer, scan)
        end_of_line = buffer.find(b"\n", found[1]) if found else -1
        if found is None or end_of_line < 0:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            # A From_ line cut by the read boundary is looked at again whole; otherwise
            # only the tail that could start one needs a second look.
            scan = found[0] if found is not None else max(0, len(buffer) - 8)
            buffer += chunk
            continue
        candidate = bytes(buffer[found[1] - 5 : end_of_line + 1])
        if not is_from_line(candidate):
            scan = found[1]
            continue
        cut = found[0] + 1  # the message keeps its last newline, not the blank line
        if start is not None:
            yield Raw(label, at_line, unescape(bytes(buffer[start:cut])), from_line, folder)
        lines_before += buffer.count(b"\n", 0, cut)
        del buffer[:cut]
        from_line = candidate
        at_line = lines_before + buffer.count(b"\n", 0, found[1] - 5 - cut) + 1
        start = end_of_line + 1 - cut
        scan = start
    if start is None:
        return
    data = bytes(buffer[start:])
    if data and not data.endswith(b"\n"):
        problem = f"the file is truncated (the message at line {at_line} is cut off)"
        raise ImportFailed(label, problem, HINT)
    for blank in (b"\r\n\r\n", b"\n\n"):
        if data.endswith(blank):
            data = data[: -len(blank) // 2]
            break
    yield Raw(label, at_line, unescape(data), from_line, folder)


def blank_then_from(buffer: bytearray, scan: int) -> tuple[int, int] | None:
    """Find `\\n` + blank line + `From ` from `scan`: (where the `\\n` is, after `From `)."""
    while True:
        at = buffer.find(b"\nFrom ", scan)
        if at < 0:
            return None
        if buffer[at - 1 : at] == b"\n":
            return at - 1, at + 6
        if buffer[at - 2 : at] == b"\n\r":
            return at - 2, at + 6
        scan = at + 1


def unescape(data: bytes) -> bytes:
    """mboxo/mboxrd writers turn a body's `From ` into `>From `: undo one level."""
    return re.sub(rb"(?m)^>(>*From )", rb"\1", data) if b">From " in data else data


def head_kind(head: bytes) -> str | None:
    """`mbox`, `message` (a single RFC 5322 message) or None, from a file's first bytes."""
    head = head.lstrip(b"\r\n")
    if is_from_line(head.split(b"\n", 1)[0]):
        return "mbox"
    known = 0
    for line in head.split(b"\n")[:60]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue
        if not HEADER_LINE.match(line):
            return None
        known += line.split(b":", 1)[0].strip().lower() in KNOWN_HEADERS
    return "message" if known >= 2 else None


def member_kind(member: Member) -> str | None:
    with open_member(member) as stream:
        head = stream.read(8192)
    if looks_binary(head, "utf-8"):
        return None
    return head_kind(head)


def raw_messages(path: Path) -> Iterator[Raw]:
    """Every message under a path read as mbox: the file, or a folder's or zip's mail files."""
    members = list(iter_members(path))
    single = len(members) == 1 and not members[0].in_zip and path.is_file()
    found = False
    for member in members:
        kind = member_kind(member) if not single else check_single(member)
        if kind is None:
            continue
        found = True
        with open_member(member) as stream:
            if kind == "mbox":
                yield from split_mbox(stream, member.label, member.name)
            else:
                yield Raw(member.label, None, stream.read(), b"", member.name)
    if not found:
        raise ImportFailed(str(path), "no mbox or e-mail files found", HINT)


def check_single(member: Member) -> str:
    with open_member(member) as stream:
        head = stream.read(8192)
    if not head.strip():
        raise ImportFailed(member.label, "the file is empty", HINT)
    if looks_binary(head, "utf-8"):
        raise ImportFailed(member.label, "this is a binary file, not an mbox", HINT)
    kind = head_kind(head)
    if kind is None:
        raise ImportFailed(member.label, "not an mbox file or an e-mail message", HINT)
    return kind


def maildir_folders(path: Path) -> list[Path]:
    """The mail folders of a Maildir tree: every directory holding `cur/` or `new/`."""
    if not path.is_dir():
        return []
    roots = {p.parent for p in path.rglob("*") if p.is_dir() and p.name in ("cur", "new")}
    if (path / "cur").is_dir() or (path / "new").is_dir():
        roots.add(path)
    return sorted(roots)


def maildir_messages(path: Path) -> Iterator[Raw]:
    folders = maildir_folders(path)
    if not folders:
        raise ImportFailed(str(path), "not a Maildir (no cur/ or new/ folder)", HINT)
    for folder in folders:
        name = folder.relative_to(path).as_posix() if folder != path else ""
        for sub in ("cur", "new"):
            for file in sorted((folder / sub).glob("*")) if (folder / sub).is_dir() else []:
                if file.is_file() and not file.name.startswith("."):
                    yield Raw(str(file), None, file.read_bytes(), b"", name)


# --- detection --------------------------------------------------------------------------


def sniff(path: Path) -> bool:
    """An mbox, an .eml, or a folder/zip with them (not a Maildir: that is its own source)."""
    if maildir_folders(path):
        return False
    try:
        for count, member in enumerate(iter_members(path)):
            if count >= 200:
                return False
            if member_kind(member):
                return True
    except ImportFailed:
        return False
    return False


def sniff_maildir(path: Path) -> bool:
    return bool(maildir_folders(path))


# --- the first pass: who is the user, which messages start threads ------------------------


@dataclass
class Survey:
    """What the first pass learns. Per message only 8-byte digests are kept (see
    `_digests`): the ids others reply to, and each id with a hash of its date and subject,
    to find ids that come back with other contents. Counters are per address."""

    referenced: DigestSet = field(default_factory=DigestSet)
    ids: RepeatedKeys = field(default_factory=RepeatedKeys)
    collisions: DigestSet = field(default_factory=DigestSet)
    sent_from: Counter[str] = field(default_factory=Counter)
    delivered: Counter[str] = field(default_factory=Counter)
    presence: Counter[str] = field(default_factory=Counter)
    senders: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    # Gmail thread id -> the user's labels on any of its messages: Gmail shows a whole
    # conversation under a label one message has, and `--exclude label:` keeps it all out.
    thread_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, raw: Raw) -> None:
        msg = _mail.Headers(raw.data)
        labels = _mail.gmail_labels(msg)
        if any(label in SKIP_LABELS for label in labels):
            return
        self.note_labels(msg, labels)
        for header in ("References", "In-Reply-To"):
            ref = _mail.first_message_id(msg.get(header))
            if ref:
                self.referenced.add(ref)
        self.note_id(msg)
        sender = sender_of(msg, raw)
        everyone = ([sender] if sender else []) + _mail.addresses(msg, "To", "Cc")
        for person in everyone:
            if person.name and person.key not in self.names:
                self.names[person.key] = person.name
        if sender and ("Sent" in labels or sent_folder(raw.folder)):
            self.sent_from[sender.key] += 1
        for delivered in _mail.addresses(msg, "Delivered-To", "X-Original-To"):
            self.delivered[delivered.key] += 1
        if _mail.bulk_of(msg, sender, labels).touch:
            return
        self.presence.update({p.key for p in everyone})
        if sender:
            self.senders[sender.key] += 1

    def note_labels(self, msg: _mail.HeaderSource, labels: list[str]) -> None:
        own = [x for x in labels if x not in SYSTEM_LABELS and not x.startswith("Category ")]
        thread = clean_text(_mail.raw_header(msg.get("X-GM-THRID")))
        if own and thread:
            known = self.thread_labels.get(thread, ())
            self.thread_labels[thread] = tuple(dict.fromkeys((*known, *own)))

    def labels_of(self, mail: Mail) -> tuple[str, ...]:
        """The message's labels and those of the rest of its Gmail thread."""
        thread = clean_text(_mail.raw_header(mail.headers.get("X-GM-THRID")))
        more = self.thread_labels.get(thread, ()) if thread else ()
        return tuple(dict.fromkeys((*mail.labels, *more)))

    def note_id(self, msg: _mail.HeaderSource) -> None:
        own = _mail.own_id(msg)
        if not own:
            return
        print_ = hash((_mail.raw_header(msg.get("Date")), _mail.raw_header(msg.get("Subject"))))
        self.ids.add(own, print_)

    def finish(self) -> None:
        """Settle what needs the whole file: the ids that repeat; `in` works from here."""
        self.referenced.freeze()
        self.collisions = self.ids.find()

    def users(self, known: set[str]) -> list[Address]:
        """Decide who the user is, main address first (see the module's docstring).

        Every address the user sent from (Gmail's Sent label, a Sent folder) is theirs:
        people write from a work and a personal address.
        """
        seen = set(self.presence) | set(self.sent_from) | set(self.delivered)
        mine = sorted(k for k in seen if k in known)
        if not mine:
            mine = sorted(
                (k for k in self.sent_from if not is_noreply_address(k)),
                key=lambda k: (-self.sent_from[k], k),
            )
        for counter in (self.delivered, self.presence):
            if mine:
                break
            candidates = [k for k in counter if "@" in k and not is_noreply_address(k)]
            if candidates:
                best = max(sorted(candidates), key=lambda k: (counter[k], self.senders[k]))
                mine = [best]
        return [self.address(k) for k in mine]

    def address(self, key: str) -> Address:
        return Address(name=self.names.get(key, ""), email=key if "@" in key else None, local=key)


@functools.lru_cache(maxsize=1024)
def sent_folder(folder: str) -> bool:
    return bool(SENT_FOLDER.search(folder))


def sender_of(msg: _mail.HeaderSource, raw: Raw) -> Address | None:
    """From, else Sender, else the From_ line's envelope sender (`From markov Sun Aug …`)."""
    for header in ("From", "Sender"):
        found = _mail.addresses(msg, header)
        if found:
            return found[0]
    envelope = raw.from_line.split()[1:2]
    if envelope and envelope[0] not in (b"-", b"MAILER-DAEMON"):
        local = envelope[0].decode("ascii", errors="replace")
        return Address(name="", email=_mail.normalize_email(local), local=local)
    return None


# --- the second pass: records ----------------------------------------------------------


class Me:
    """The user's addresses; a bare local sender (`markov`) matches their local part."""

    def __init__(self, addresses: list[Address], known: set[str]) -> None:
        self.keys = {a.key for a in addresses} | known
        self.locals = {k.split("@")[0] for k in self.keys if "@" in k}

    def __contains__(self, other: Address) -> bool:
        if other.key in self.keys:
            return True
        return other.email is None and other.local.lower() in self.locals


def read(path: Path, *, tz: tzinfo, me: Iterable[str] = ()) -> Iterator[Record]:
    """Read an mbox, .eml, or a folder/zip of them (`tz` is unused: mail carries its zone)."""
    return read_messages(lambda: raw_messages(path), me)


def read_maildir(path: Path, *, tz: tzinfo, me: Iterable[str] = ()) -> Iterator[Record]:
    """Read a Maildir tree (cur/ and new/ of the root and every Maildir++ subfolder)."""
    return read_messages(lambda: maildir_messages(path), me)


def read_messages(messages: Any, known: Iterable[str]) -> Iterator[Record]:
    survey = Survey()
    for raw in messages():
        survey.add(raw)
    survey.finish()
    known_keys = {k.strip().lower() for k in known}
    users = survey.users(known_keys)
    if users:
        name = next((u.name for u in users if u.name), users[0].key)
        yield MeRecord(name=name, identities=me_identities(users))
    me = Me(users, known_keys)
    for raw in messages():
        yield from records(raw, me, survey)


def me_identities(users: list[Address]) -> tuple[Any, ...]:
    return tuple(i for i in (email_identity(u.email) for u in users) if i)


@dataclass(slots=True)
class Mail:
    """What the second pass knows of one message once it is worth importing."""

    raw: Raw
    headers: _mail.Headers
    labels: list[str]
    sender: Address
    at: datetime
    subject: str
    text: str
    own: str | None  # the Message-ID
    key: str  # the Message-ID, or its stand-in when it is missing or repeats


def records(raw: Raw, me: Me, survey: Survey) -> Iterator[Record]:
    """One message's records: touches, an engagement, or why it was skipped."""
    msg = _mail.Headers(raw.data)
    labels = _mail.gmail_labels(msg)
    skipped = [label for label in labels if label in SKIP_LABELS]
    if skipped:
        yield Skipped(raw.label, raw.line, f"in Gmail {skipped[0]}: not imported")
        return
    if mozilla_deleted(msg):
        yield Skipped(raw.label, raw.line, "deleted in Thunderbird: not imported")
        return
    at = _mail.sent_at(msg) or from_line_time(raw.from_line)
    if at is None:
        yield Skipped(raw.label, raw.line, "no readable Date: header")
        return
    sender = sender_of(msg, raw)
    if sender is None:
        yield Skipped(raw.label, raw.line, "no sender (no From: header)")
        return
    subject = _mail.header_text(msg.get("Subject"))
    text = _mail.quick_body_text(raw.data)
    if text is None:
        text = _mail.body_text(FULL.parsebytes(raw.data))
    own = _mail.own_id(msg)
    key = message_key(own, sender, at, subject, survey)
    engagement = _mail.linkedin_engagement(sender, subject, text)
    if engagement:
        yield engagement_record(engagement, key, at)
        return
    yield from touches(Mail(raw, msg, labels, sender, at, subject, text, own, key), me, survey)


def touches(mail: Mail, me: Me, survey: Survey) -> Iterator[Record]:
    """One email touch per counterpart: the sender, or each To/Cc of the user's own mail."""
    recipients = _mail.addresses(mail.headers, "To", "Cc")
    outgoing = mail.sender in me
    counterparts = [r for r in recipients if r not in me] if outgoing else [mail.sender]
    if not counterparts:
        yield Skipped(mail.raw.label, mail.raw.line, "a note to yourself: no one else is in it")
        return
    everyone = {mail.sender.key, *(r.key for r in recipients)}
    head_count = len(everyone) + (1 if me.keys and not everyone & me.keys else 0)  # Bcc'd
    bulk = _mail.bulk_of(mail.headers, mail.sender, mail.labels)
    stored = _mail.reply_text(mail.text)
    thread = thread_key(mail, survey)
    labels = survey.labels_of(mail)
    for other in counterparts:
        yield TouchRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, mail.key, other.key),
            person=person_ref(other, is_bulk=bulk.sender and other is mail.sender),
            channel="email",
            direction="out" if outgoing else "in",
            at=mail.at,
            text=stored,
            thread_key=thread,
            subject=mail.subject or None,
            participants=max(2, head_count),
            is_bulk=bulk.touch,
            labels=labels,
        )


@functools.lru_cache(maxsize=65536)  # the same correspondents recur all over a mailbox
def person_ref(address: Address, *, is_bulk: bool = False) -> PersonRef:
    found = email_identity(address.email) or name_identity(SOURCE, address.local)
    return PersonRef(
        name=address.name or address.email or address.local,
        identities=(found,) if found else (),
        is_bulk=is_bulk,
    )


def message_key(
    own: str | None, sender: Address, at: datetime, subject: str, survey: Survey
) -> str:
    """The Message-ID; a hash of date, sender and subject without one (or when it repeats)."""
    if own and own not in survey.collisions:
        return own
    fallback = source_id(SOURCE, at.isoformat(), sender.key, subject)
    return f"{own}#{fallback}" if own else fallback


def thread_key(mail: Mail, survey: Survey) -> str:
    root = _mail.parent_root(mail.headers)
    if root:
        return root
    if mail.own and mail.own in survey.referenced:
        return mail.own
    gmail = clean_text(_mail.raw_header(mail.headers.get("X-GM-THRID")))
    if gmail:
        return "gmail:" + gmail
    topic = _mail.thread_subject(mail.subject)
    return "subject:" + topic if topic else mail.key


def mozilla_deleted(msg: _mail.HeaderSource) -> bool:
    status = clean_text(_mail.raw_header(msg.get("X-Mozilla-Status")))
    try:
        return bool(int(status, 16) & MOZILLA_DELETED) if status else False
    except ValueError:
        return False


FROM_LINE_FORMATS = ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M %Y", "%a %b %d %H:%M:%S %z %Y")
DAY_AND_MONTH_NAMES = frozenset(
    ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    + ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
)


def from_line_time(from_line: bytes) -> datetime | None:
    """The From_ line's date, the last resort when Date: is missing or broken.

    Variants: `Sat Jan  3 01:05:34 1996`, `Wed Feb  9 22:02 MET 2000` (zone names are
    dropped: read as UTC), `Mon Feb 10 14:00:31 +0000 2025`.
    """
    tokens = from_line.decode("ascii", errors="replace").split()[2:]
    kept = [t for t in tokens if t in DAY_AND_MONTH_NAMES or any(c.isdigit() for c in t)]
    for fmt in FROM_LINE_FORMATS:
        try:
            parsed = datetime.strptime(" ".join(kept), fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC)
    return None


def engagement_record(found: _mail.Engagement, key: str, at: datetime) -> EngagementRecord:
    identity = profile_identity(found.profile_url) or name_identity("linkedin", found.name)
    return EngagementRecord(
        source=SOURCE,
        source_id=source_id(SOURCE, "linkedin-notification", key),
        person=PersonRef(name=found.name, identities=(identity,) if identity else ()),
        kind=found.kind,
        at=at,
        content_url=found.post_url,
        platform="linkedin",
    )
