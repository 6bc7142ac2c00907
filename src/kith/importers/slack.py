"""Read a Slack workspace export (the zip Slack makes, or its folder) into people and touches.

An export holds `users.json` (and `org_users.json` on Enterprise Grid), the
conversation lists `channels.json`, `groups.json` (private channels), `dms.json`
and `mpims.json` (group DMs), and one folder per conversation with one JSON array
of messages per day (`general/2025-01-11.json`; DM folders are named by id).

What becomes what:

* Users -> `PersonRecord`s with the handle `slack:<team>:<user id>`, the e-mail when
  the export has a real one, and the real name. Bots, apps, Slackbot and deleted
  users are not people.
* Each message -> one `chat` touch, `source_id` = conversation id + `ts` (Slack's
  own message id). A threaded message (it has `thread_ts`) belongs to the thread
  `<conversation>:<thread_ts>`; others to the conversation. Joins, leaves, topic
  changes, `tombstone`s (deleted thread parents) and bot messages are not messages.
  A message with only files reads `[media] <file title>`.
* Channels and group DMs are groups: `participants` = their member count (a channel
  whose members are not listed counts as a group), so the store never asks for a
  reply there; DMs have two.

The user: the member whose name, handle or e-mail is in `me_names`; else the one
member of every DM (when the export has two or more); else a guess, the workspace's
primary owner (Slack lets only owners and admins export), reported as the `MeRecord`.
The user's DM goes to the other member; in a channel it is attached to the last
other author of the thread, else of the channel (see `whatsapp.Addressees`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    handle_identity,
    name_identity,
    normalize_name,
    source_id,
)
from kith.importers._text import (
    Member,
    decoded_lines,
    is_zip,
    iter_members,
    open_member,
    zip_names,
)
from kith.importers.whatsapp import Addressees
from kith.models import (
    GROUP_THRESHOLD,
    Identity,
    MeRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

SOURCE = "slack"
HINT = (
    "export the workspace from Slack (Workspace settings → Import/Export Data → Export) "
    "and import the zip or its unpacked folder"
)
LISTS = {"channels.json": "channel", "groups.json": "group", "mpims.json": "mpim", "dms.json": "dm"}
USER_FILES = ("users.json", "org_users.json")
DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
KEPT_SUBTYPES = {None, "", "thread_broadcast", "file_share", "me_message", "reply_broadcast"}
MENTION = re.compile(r"<([@#!])([^>|]+)(?:\|([^>]*))?>")
LINK = re.compile(r"<((?:https?|mailto):[^>|]+)(?:\|([^>]*))?>")


# --- reading the files ----------------------------------------------------------------


def load(member: Member) -> Any:
    with open_member(member) as stream:
        text = "".join(decoded_lines(stream, member.label))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            member.label, f"broken JSON ({exc.msg})", "export the workspace again", line=exc.lineno
        ) from exc


def head(member: Member) -> str:
    with open_member(member) as stream:
        return stream.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def looks_like_slack(member: Member) -> bool:
    """A JSON array of users (with `profile`), of conversations, or of messages (with `ts`)."""
    try:
        start = "".join(head(member).split())
    except ImportFailed:
        return False
    if not start.startswith("[{"):
        return False
    return any(key in start for key in ('"ts":"', '"profile":{', '"members":[', '"team_id":"'))


def sniff(path: Path) -> bool:
    """Tell a Slack export folder or zip (or one of its JSON files), by content."""
    if is_zip(path):
        zip_names(path)
    try:
        members = list(iter_members(path))
        if len(members) == 1 and not members[0].in_zip:
            return looks_like_slack(members[0])
        named = [m for m in members if m.basename in (*USER_FILES, *LISTS)]
        days = [m for m in members if DAY_FILE.match(m.basename)]
        return bool(days) and any(looks_like_slack(m) for m in (named or days[:1]))
    except ImportFailed:
        return False


# --- people ---------------------------------------------------------------------------


@dataclass
class Workspace:
    """Users and conversations as the export's lists describe them."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[str, Conversation] = field(default_factory=dict)  # folder -> conversation

    def is_person(self, user_id: str) -> bool:
        user = self.users.get(user_id)
        if user is None:
            return user_id.startswith(("U", "W"))
        return not (
            user.get("is_bot")
            or user.get("is_app_user")
            or user.get("deleted")
            or user_id == "USLACKBOT"
        )

    def ref(self, user_id: str, profile: dict[str, Any] | None = None) -> PersonRef:
        user = self.users.get(user_id) or {"id": user_id, "profile": profile or {}}
        return person_ref(user)

    def names_of(self, user_id: str) -> set[str]:
        user = self.users.get(user_id, {})
        profile = profile_of(user)
        found = {user.get("name"), user.get("real_name"), profile.get("real_name")}
        found |= {profile.get("display_name"), profile.get("email")}
        return {normalize_name(n) for n in found if isinstance(n, str) and clean_text(n)}


@dataclass
class Conversation:
    id: str
    name: str
    kind: str  # channel | group | mpim | dm
    members: list[str]

    @property
    def participants(self) -> int:
        """Head count; a channel whose members the export does not list is still a group."""
        if self.kind == "dm":
            return 2
        if not self.members and self.kind in ("channel", "group"):
            return GROUP_THRESHOLD + 1
        return max(2, len(self.members))


def profile_of(user: dict[str, Any]) -> dict[str, Any]:
    found = user.get("profile")
    return found if isinstance(found, dict) else {}


def display_name(user: dict[str, Any]) -> str:
    profile = profile_of(user)
    for value in (
        user.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
        user.get("name"),
        profile.get("name"),
    ):
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return str(user.get("id") or "Slack user")


def person_ref(user: dict[str, Any]) -> PersonRef:
    profile = profile_of(user)
    team = user.get("team_id") or profile.get("team") or ""
    found: list[Identity | None] = [
        handle_identity(SOURCE, f"{team}:{user.get('id')}" if team else str(user.get("id") or "")),
        email_identity(profile.get("email")),
    ]
    ids = tuple(i for i in found if i) or tuple(
        i for i in (name_identity(SOURCE, display_name(user)),) if i
    )
    return PersonRef(name=display_name(user), identities=ids)


def workspace_of(members: list[Member]) -> tuple[Workspace, list[Record]]:
    space, notes = Workspace(), list[Record]()
    for member in members:
        if member.basename in USER_FILES:
            for user in listed(load(member), member, notes):
                if isinstance(user.get("id"), str):
                    space.users[user["id"]] = user
        elif member.basename in LISTS:
            for conv in listed(load(member), member, notes):
                kind = LISTS[member.basename]
                cid = str(conv.get("id") or "")
                folder = cid if kind == "dm" else str(conv.get("name") or cid)
                members_ = [m for m in as_list(conv.get("members")) if isinstance(m, str)]
                space.conversations[folder] = Conversation(cid or folder, folder, kind, members_)
    return space, notes


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def listed(data: Any, member: Member, notes: list[Record]) -> Iterator[dict[str, Any]]:
    if not isinstance(data, list):
        raise ImportFailed(member.label, "expected a JSON list", HINT)
    for item in data:
        if isinstance(item, dict):
            yield item
        else:
            notes.append(Skipped(member.label, None, "an entry that is not an object"))


def find_owner(space: Workspace, me_names: set[str]) -> tuple[str | None, str]:
    humans = [uid for uid in space.users if space.is_person(uid)]
    named = [uid for uid in humans if space.names_of(uid) & me_names]
    if len(named) == 1:
        return named[0], "your name"
    dms = [set(c.members) for c in space.conversations.values() if c.kind == "dm" and c.members]
    if len(dms) >= 2:
        common = set.intersection(*dms)
        if len(common) == 1:
            return common.pop(), "the member of every DM"
    owners = [uid for uid in humans if space.users[uid].get("is_primary_owner")]
    if len(owners) == 1:
        return owners[0], "a guess: the workspace's primary owner"
    return None, "unknown"


# --- messages -------------------------------------------------------------------------


def text_of(message: dict[str, Any], space: Workspace) -> str | None:
    raw = message.get("text")
    text = raw if isinstance(raw, str) else ""

    def mention(found: re.Match[str]) -> str:
        sigil, target, label = found.groups()
        if sigil == "@":
            return "@" + (label or display_name(space.users.get(target, {"id": target})))
        if sigil == "#":
            return "#" + (label or target)
        return "@" + (label or target)

    text = html.unescape(MENTION.sub(mention, LINK.sub(lambda m: m[2] or m[1], text))).strip()
    files = [f for f in as_list(message.get("files")) if isinstance(f, dict)]
    if files and not text:
        return "[media] " + ", ".join(str(f.get("title") or f.get("name") or "file") for f in files)
    return text or None


def is_message(message: dict[str, Any], space: Workspace) -> bool:
    if message.get("type", "message") != "message":
        return False
    subtype = message.get("subtype")
    if not isinstance(subtype, str | None) or subtype not in KEPT_SUBTYPES:
        return False
    user = message.get("user")
    return isinstance(user, str) and space.is_person(user) and not message.get("bot_id")


def read_day(
    member: Member, conv: Conversation, space: Workspace, owner: str | None, to: Addressees
) -> Iterator[Record]:
    try:
        data = load(member)
    except ImportFailed as exc:
        yield Skipped(member.label, exc.line, exc.problem)
        return
    if not isinstance(data, list):
        yield Skipped(member.label, None, "not a list of messages")
        return
    for message in data:
        if not isinstance(message, dict) or not is_message(message, space):
            continue
        try:
            at = datetime.fromtimestamp(float(message["ts"]), UTC)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            yield Skipped(member.label, None, "a message without a readable ts")
            continue
        yield from message_touches(message, at, conv, space, owner, to)


def message_touches(
    message: dict[str, Any],
    at: datetime,
    conv: Conversation,
    space: Workspace,
    owner: str | None,
    to: Addressees,
) -> Iterator[Record]:
    user = str(message["user"])
    thread = message.get("thread_ts")
    key = f"{conv.id}:{thread}" if isinstance(thread, str) and thread else conv.id

    def make(who: PersonRef, direction: str = "out") -> TouchRecord:
        return TouchRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, conv.id, message["ts"]),
            person=who,
            channel="chat",
            direction="out" if direction == "out" else "in",
            at=at,
            text=text_of(message, space),
            thread_key=key,
            subject=None if conv.kind == "dm" else f"#{conv.name}",
            participants=conv.participants,
        )

    if user != owner:
        who = space.ref(user, message.get("user_profile"))
        yield make(who, "in")
        yield from to.heard(who, key, conv.id)
        return
    others = [m for m in conv.members if m != owner]
    parent = message.get("parent_user_id")
    if conv.kind == "dm" and len(others) == 1:
        yield make(space.ref(others[0]))
    elif key not in to.last and isinstance(parent, str) and parent != owner:
        yield make(space.ref(parent))
    else:
        yield from to.send(make, key, conv.id)


# --- the source -----------------------------------------------------------------------


def read(path: Path, *, tz: ZoneInfo, me_names: tuple[str, ...] = ()) -> Iterator[Record]:
    """Yield the user, the workspace's people, then one touch per message."""
    del tz  # Slack times are epoch seconds: no zone to assume
    members = list(iter_members(path))
    days = [m for m in members if DAY_FILE.match(m.basename) and "/" in m.name]
    single = len(members) == 1 and not members[0].in_zip and looks_like_slack(members[0])
    if single and not DAY_FILE.match(members[0].basename):
        days = []
    elif single:
        days = members
    if not days and not any(m.basename in (*USER_FILES, *LISTS) for m in members):
        raise ImportFailed(str(path), "no Slack export found", HINT)
    space, notes = workspace_of(members)
    yield from notes
    owner, _how = find_owner(space, {normalize_name(n) for n in me_names if clean_text(n)})
    if owner:
        ref = space.ref(owner)
        yield MeRecord(name=ref.name, identities=ref.identities)
    for uid in space.users:
        if uid != owner and space.is_person(uid):
            yield PersonRecord(SOURCE, source_id(SOURCE, "user", uid), space.ref(uid))
    yield from conversations(days, space, owner)


def conversations(days: list[Member], space: Workspace, owner: str | None) -> Iterator[Record]:
    by_folder: dict[str, list[Member]] = {}
    for day in days:
        folder = day.name.rsplit("/", 2)[-2] if "/" in day.name else day.path.parent.name
        by_folder.setdefault(folder, []).append(day)
    for folder, files in sorted(by_folder.items()):
        conv = space.conversations.get(folder) or Conversation(folder, folder, "channel", [])
        to = Addressees()
        for day in sorted(files, key=lambda m: m.basename):
            yield from read_day(day, conv, space, owner, to)
        lost = to.unanswered()
        if lost:
            yield Skipped(folder, None, f"{lost} of your messages in #{conv.name} with no one else")
