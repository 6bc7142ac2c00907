"""A realistic year of a professional's network, written as real export files.

Maya Lindqvist coaches first-time managers and posts on LinkedIn every week. The
demo writes what she would really have: an unzipped LinkedIn export in its 2026
shape (`Connections.csv` with its `Notes:` preamble, `messages.csv` with every
field quoted, `Shares.csv`, `Comments.csv`, `Invitations.csv`, `Profile.csv`) and
an engagement CSV of who commented on, reacted to and reposted her posts; plus a
`DemoPlan` of what she would keep by hand (calls and meetings, goals, cadences,
tags, details, action items). `kith.service.run_demo` imports the files through
the real importers and applies the plan.

Everything is placed relative to `end` with a seeded `random.Random`, so the
agenda as of `end` is the same on every run: a first DM for three repeat
engagers, two calls to propose, two replies owed, a nudge, a graceful close, two
follow-ups after conversations this week, and one cadence overdue; and nothing
for the group chat or the bulk senders. This module writes files only: it never
touches the store, the service or the interfaces.
"""

from __future__ import annotations

import base64
import csv
import io
import random
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from kith.demo import text

ME_NAME = f"{text.ME_FIRST} {text.ME_LAST}"
GROUP_MEMBERS = tuple(text.GROUP)
BULK_SENDERS = tuple(sender for _, sender, *_ in text.BULK)
REPEAT_ENGAGERS = tuple(text.REPEAT_ENGAGERS)
LINKEDIN_FILES = (
    "Connections.csv",
    "messages.csv",
    "Shares.csv",
    "Comments.csv",
    "Invitations.csv",
    "Profile.csv",
)
ENGAGEMENT_FILE = "engagement.csv"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CONNECTIONS = 150  # rows in Connections.csv, the cast included
FOLLOWERS = 20  # people who engage without being connections
RECENT_POSTS = 14  # posts that can fall in the agenda's 90-day engagement window
BACKGROUND_THREADS = 24
SETTLED = 47  # background conversations end at least this many days before `end`


@dataclass(frozen=True)
class PlannedLog:
    person: str  # exact full name as in Connections.csv (unique in the demo)
    channel: str  # call | video | meeting (or letter)
    at: datetime  # aware UTC
    direction: str  # "out" or "in"
    status: str  # "held" or "planned"
    purpose: str | None  # explore | brainstorm | converge | check_in | social | None
    note: str | None


@dataclass(frozen=True)
class DemoPlan:
    folder: Path
    linkedin_dir: Path  # a folder laid out like an unzipped LinkedIn export
    engagement_csv: Path
    me_name: str
    logs: list[PlannedLog]
    goals: dict[str, str]  # name -> connect|collaborate
    cadences: dict[str, str]  # name -> weekly|monthly|quarterly|...|Nd
    tags: list[tuple[str, str]]  # (name, tag)
    details: list[tuple[str, str]]  # (name, detail text)
    actions: list[tuple[str, str, str, date]]  # (name, text, owner me|them, due)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (name, topic)
    news: list[tuple[datetime, str, str, str]] = field(default_factory=list)  # at, url, title, text
    dates: list[tuple[str, str, date]] = field(default_factory=list)  # (name, kind, date)


@dataclass(eq=False)
class Person:
    first: str
    last: str
    url: str
    company: str = ""
    position: str = ""
    connected: date | None = None
    email: str = ""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first.strip(), self.last.strip()) if part)


@dataclass(frozen=True)
class Message:
    conversation: str
    title: str
    sender: Person
    recipients: tuple[Person, ...]
    at: datetime
    content: str
    subject: str = ""


@dataclass
class Post:
    url: str
    at: datetime
    text: str


@dataclass
class Year:
    """Everything the demo writes, built in memory first."""

    people: dict[str, Person] = field(default_factory=dict)
    connections: list[Person] = field(default_factory=list)
    followers: list[Person] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    engagement: list[tuple[datetime, Post, Person, str, str]] = field(default_factory=list)
    my_comments: list[tuple[datetime, str, str]] = field(default_factory=list)
    invitations: list[tuple[Person, Person, datetime, str]] = field(default_factory=list)
    logs: list[PlannedLog] = field(default_factory=list)
    cadences: dict[str, str] = field(default_factory=dict)


ME = Person(text.ME_FIRST, text.ME_LAST, text.ME_URL)


def write_demo(folder: Path, end: date, seed: int = 7) -> DemoPlan:
    """(Re)write the demo exports into `folder` and return what to log by hand."""
    year = _Builder(end, seed).build()
    folder = Path(folder)
    linkedin = folder / "linkedin"
    for name in LINKEDIN_FILES:
        (linkedin / name).unlink(missing_ok=True)
    (folder / ENGAGEMENT_FILE).unlink(missing_ok=True)
    linkedin.mkdir(parents=True, exist_ok=True)
    _write(linkedin / "Profile.csv", _profile_csv())
    _write(linkedin / "Connections.csv", _connections_csv(year))
    _write(linkedin / "messages.csv", _messages_csv(year))
    _write(linkedin / "Shares.csv", _shares_csv(year))
    _write(linkedin / "Comments.csv", _comments_csv(year))
    _write(linkedin / "Invitations.csv", _invitations_csv(year))
    _write(folder / ENGAGEMENT_FILE, _engagement_csv(year))
    return DemoPlan(
        folder=folder,
        linkedin_dir=linkedin,
        engagement_csv=folder / ENGAGEMENT_FILE,
        me_name=ME_NAME,
        logs=sorted(year.logs, key=lambda log: (log.at, log.person)),
        goals=dict(text.GOALS),
        cadences={**text.CADENCES, **year.cadences},
        tags=list(text.TAGS),
        details=list(text.DETAILS),
        actions=[(n, what, owner, end + timedelta(days=d)) for n, what, owner, d in text.ACTIONS],
        topics=list(text.TOPICS),
        news=[
            (datetime.combine(end + timedelta(days=d), time(8), UTC), url, title, summary)
            for d, url, title, summary in text.NEWS
        ],
        dates=[(n, kind, end + timedelta(days=d)) for n, kind, d in text.DATES],
    )


class _Builder:
    """Lays the year out on the calendar; every draw comes from one seeded generator."""

    def __init__(self, end: date, seed: int) -> None:
        self.rng = random.Random(seed)
        self.end = end
        self.midnight = datetime.combine(end, time(), UTC)
        self.year = Year()

    # -- time --------------------------------------------------------------------------
    def at(self, days_before: float, hhmm: str) -> datetime:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        moment = self.midnight - timedelta(days=days_before) + timedelta(hours=hours)
        return moment + timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))

    def clock(self, first_hour: int, last_hour: int) -> str:
        return f"{self.rng.randint(first_hour, last_hour)}:{self.rng.randint(0, 59)}"

    def latest(self, moment: datetime) -> datetime:
        """Nothing happens after 06:50 UTC on the last day: it is past in every zone."""
        return min(moment, self.midnight + timedelta(hours=6, minutes=50))

    # -- the whole year ----------------------------------------------------------------
    def build(self) -> Year:
        self.cast()
        self.background()
        self.write_posts()
        for name, script in text.SCRIPTS.items():
            self.conversation(self.year.people[name], script)
        self.group_chat()
        self.bulk()
        self.settled_history()
        self.planned()
        self.engage()
        self.invite()
        return self.year

    def person(self, first: str, last: str, **fields: object) -> Person:
        url = f"https://www.linkedin.com/in/{self.slug(first, last)}"
        made = Person(first, last, url, **fields)  # type: ignore[arg-type]
        self.year.people[made.name] = made
        return made

    def slug(self, first: str, last: str) -> str:
        plain = unicodedata.normalize("NFKD", f"{first} {last}").encode("ascii", "ignore")
        words = re.sub(r"[^a-z0-9]+", " ", plain.decode().lower()).split()
        style = self.rng.random()
        if style < 0.45:
            return "-".join(words)
        if style < 0.65:
            return "".join(words)
        return "-".join(words) + f"-{self.rng.getrandbits(36):09x}"

    def cast(self) -> None:
        for first, last, company, position, days in text.CAST["send_dm"] + text.CAST["others"]:
            made = self.person(first, last, company=company, position=position)
            made.connected = self.end - timedelta(days=days)
            self.year.connections.append(made)

    def background(self) -> None:
        taken = {n.casefold() for n in self.year.people} | {ME_NAME.casefold()}
        quirks = iter([("", " (she/her)"), ("", ", PhD"), (" ", "")])
        while len(self.year.connections) + len(self.year.followers) < CONNECTIONS + FOLLOWERS:
            first = self.rng.choice(text.FIRST_NAMES)
            last = self.rng.choice(text.LAST_NAMES)
            if f"{first} {last}".casefold() in taken:
                continue
            taken.add(f"{first} {last}".casefold())
            if len(self.year.connections) >= CONNECTIONS - 1:  # one row is a hidden member
                self.year.followers.append(self.person(first, last))
                continue
            trail, suffix = next(quirks, ("", "")) if self.rng.random() < 0.05 else ("", "")
            made = self.person(
                first + trail,
                last + suffix,
                company=self.rng.choice(text.COMPANIES),
                position=self.rng.choice(text.POSITIONS),
                connected=self.end - timedelta(days=self.rng.randint(20, 3400)),
            )
            if self.rng.random() < 0.08:
                made.email = made.url.rsplit("/", 1)[-1].split("-")[0] + "@example.com"
            self.year.connections.append(made)

    # -- posts and engagement ----------------------------------------------------------
    def write_posts(self) -> None:
        tuesday = (self.end.weekday() - 1) % 7 or 7  # Maya posts on Tuesday mornings
        for k, body in enumerate(text.POSTS):
            jitter = 0 if k < RECENT_POSTS else self.rng.choice((-1, 0, 0, 0, 1))
            moment = self.at(tuesday + 7 * k + jitter, self.clock(5, 8))
            kind = "share" if self.rng.random() < 0.7 else "ugcPost"
            urn = (int(moment.timestamp() * 1000) << 22) | self.rng.getrandbits(22)
            url = f"https://www.linkedin.com/feed/update/urn%3Ali%3A{kind}%3A{urn}"
            self.year.posts.append(Post(url, moment, body))

    def engage(self) -> None:
        posts, year = self.year.posts, self.year
        cast = {*text.SCRIPTS, *text.GROUP, *text.REPEAT_ENGAGERS}
        crowd = [p for p in year.connections + year.followers if p.name not in cast]
        regulars = self.rng.sample(crowd, 25)
        for name, by_post in {**text.REPEAT_ENGAGERS, **text.EARLY_COMMENTS}.items():
            fan = year.people[name]
            for k, said in sorted(by_post.items(), reverse=True):
                moment = self.latest(posts[k].at + timedelta(hours=self.rng.uniform(2, 20)))
                year.engagement.append((moment, posts[k], fan, "comment", said))
            first_k = max(by_post)
            reply = text.REPEAT_REPLIES.get(name)
            if reply:
                when = posts[first_k].at + timedelta(hours=22)
                year.my_comments.append((when, posts[first_k].url, f"{name} {reply}"))
        recent: dict[str, set[int]] = {}
        fans = [year.people[n] for n in text.REPEAT_ENGAGERS]
        for k, post in enumerate(posts):
            audience = self.rng.sample(crowd, self.rng.randint(6, 20)) + self.rng.sample(
                regulars + fans, self.rng.randint(3, 9)
            )
            for who in dict.fromkeys(audience):
                moment = post.at + timedelta(hours=self.rng.uniform(0.3, 40))
                year.engagement.append((self.latest(moment), post, who, "reaction", ""))
            if self.rng.random() < 0.35:
                who = self.rng.choice(regulars)
                moment = post.at + timedelta(hours=self.rng.uniform(1, 30))
                year.engagement.append((self.latest(moment), post, who, "repost", ""))
            said = self.rng.sample(text.COMMENTS, 4)
            for line in said[: self.rng.randint(1, 4)]:
                who = self.rng.choice(crowd)
                seen = recent.setdefault(who.name, set())
                if k < RECENT_POSTS and len(seen - {k}) >= 2:
                    continue  # only the chosen few are repeat engagers
                if k < RECENT_POSTS:
                    seen.add(k)
                moment = self.latest(post.at + timedelta(hours=self.rng.uniform(1, 30)))
                year.engagement.append((moment, post, who, "comment", line))
                if who.connected is not None and self.rng.random() < 0.45:
                    reply = self.rng.choice(text.COMMENT_REPLIES)
                    when = self.latest(moment + timedelta(hours=self.rng.uniform(0.5, 6)))
                    year.my_comments.append((when, post.url, f"{who.name} {reply}"))

    # -- conversations -----------------------------------------------------------------
    def conversation_id(self) -> str:
        raw = f"{uuid.UUID(int=self.rng.getrandbits(128), version=4)}_100"
        return "2-" + base64.b64encode(raw.encode()).decode()

    def conversation(self, other: Person, script: list[tuple[float, str, str, str]]) -> None:
        cid = self.conversation_id()
        for days, hhmm, who, said in script:
            moment = self.at(days, hhmm)
            if ":" in who:
                self.log(other, who, moment, said)
            elif who == "me":
                self.year.messages.append(Message(cid, "", ME, (other,), moment, said))
            else:
                self.year.messages.append(Message(cid, "", other, (ME,), moment, said))

    def log(
        self, other: Person, kind: str, moment: datetime, note: str, status: str = "held"
    ) -> None:
        channel, purpose = kind.split(":")
        self.year.logs.append(
            PlannedLog(other.name, channel, moment, "out", status, purpose or None, note or None)
        )

    def group_chat(self) -> None:
        cid = self.conversation_id()
        members = [ME] + [self.year.people[n] for n in text.GROUP]
        for days, hhmm, name, said in text.GROUP_SCRIPT:
            sender = next(p for p in members if p.name == name)
            others = tuple(p for p in members if p is not sender)
            moment = self.at(days, hhmm)
            self.year.messages.append(Message(cid, text.GROUP_TITLE, sender, others, moment, said))
        for days in (200, 130, 60):
            ruth = self.year.people[text.GROUP[0]]
            self.log(ruth, "call:social", self.at(days, "15:00"), "Peer supervision with Ruth.")

    def bulk(self) -> None:
        for title, sender, days, hhmm, said in text.BULK:
            company = Person(sender, "", "")
            subject = "%FIRSTNAME%, save six hours a week" if title else ""
            message = Message(
                self.conversation_id(), title, company, (ME,), self.at(days, hhmm), said, subject
            )
            self.year.messages.append(message)

    def settled_history(self) -> None:
        """Conversations across the year that ended well: calls followed up, thanks said."""
        chosen = self.rng.sample(
            [
                p
                for p in self.year.connections
                if p.name not in text.SCRIPTS
                and p.name not in text.GROUP
                and p.name not in text.REPEAT_ENGAGERS
            ],
            BACKGROUND_THREADS,
        )
        for n, other in enumerate(chosen):
            template = text.TEMPLATES[n % len(text.TEMPLATES)]
            length = max(offset for offset, _, _ in template)
            latest_start = 150 if n < 3 else 360  # the first three keep a cadence, not yet due
            start = self.rng.randint(int(length) + SETTLED + 1, latest_start)
            base = self.midnight - timedelta(days=start) + timedelta(hours=7)
            cid = self.conversation_id()
            fill = {"first": other.first.strip(), "company": other.company or "your company"}
            for offset, who, said in template:
                moment = base + timedelta(days=offset, minutes=self.rng.randint(0, 40))
                moment += timedelta(seconds=self.rng.randint(0, 59))
                words = said.format(**fill)
                if ":" in who:
                    self.log(other, who, moment, words)
                elif who == "me":
                    self.year.messages.append(Message(cid, "", ME, (other,), moment, words))
                else:
                    self.year.messages.append(Message(cid, "", other, (ME,), moment, words))
            if n < 3:
                self.year.cadences[other.name] = "half-yearly"

    def planned(self) -> None:
        for name, days_after, hhmm, kind, note in text.PLANNED:
            moment = self.at(-days_after, hhmm)
            self.log(self.year.people[name], kind, moment, note, status="planned")
        for name, days_before, hhmm, kind, note in text.EXTRA_LOGS:
            self.log(self.year.people[name], kind, self.at(days_before, hhmm), note)

    def invite(self) -> None:
        """Invitations: a few old ones with a note, a few recent ones without."""
        older = self.rng.sample(
            [
                p
                for p in self.year.connections
                if p.name not in text.SCRIPTS
                and p.name not in text.GROUP
                and p.name not in text.REPEAT_ENGAGERS
            ],
            len(text.INVITATION_NOTES),
        )
        for note, who in zip(text.INVITATION_NOTES, older, strict=True):
            moment = self.at(self.rng.randint(120, 330), self.clock(8, 17))
            self.year.invitations.append((who, ME, moment, note))
        for who in self.year.followers[:4]:
            moment = self.at(self.rng.randint(2, 20), self.clock(8, 17))
            if self.rng.random() < 0.5:
                self.year.invitations.append((ME, who, moment, ""))
            else:
                self.year.invitations.append((who, ME, moment, ""))


# -- files ---------------------------------------------------------------------------
def _write(path: Path, content: str) -> None:
    path.write_bytes(content.encode("utf-8"))


def _csv(rows: list[list[str]], *, quote_all: bool = False, backslash: bool = False) -> str:
    out = io.StringIO()
    if backslash:
        writer = csv.writer(out, lineterminator="\n", doublequote=False, escapechar="\\")
    elif quote_all:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    else:
        writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def _profile_csv() -> str:
    header = [
        "First Name",
        "Last Name",
        "Maiden Name",
        "Address",
        "Birth Date",
        "Headline",
        "Summary",
        "Industry",
        "Zip Code",
        "Geo Location",
        "Twitter Handles",
        "Websites",
        "Instant Messengers",
    ]
    row = [
        text.ME_FIRST,
        text.ME_LAST,
        "",
        "",
        "Mar 3",
        text.ME_HEADLINE,
        text.ME_SUMMARY,
        "Professional Training and Coaching",
        "114 35",
        "Stockholm, Stockholm County, Sweden",
        "[mayacoaches]",
        "[COMPANY:https://lindqvist-leadership.example.com/]",
        "",
    ]
    return _csv([header, row])


def _day(value: date) -> str:
    return f"{value.day:02d} {MONTHS[value.month - 1]} {value.year}"


def _connections_csv(year: Year) -> str:
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    people = sorted(year.connections, key=lambda p: p.connected or date.min, reverse=True)
    rows = [
        [p.first, p.last, p.url, p.email, p.company, p.position, _day(p.connected or date.min)]
        for p in people
    ]
    hidden = max(0, min(len(rows) - 1, 9))
    rows.insert(hidden, ["", "", "", "", "", "", rows[hidden][-1]])  # a member who hides
    return f"Notes:\n{text.CONNECTIONS_NOTE}\n\n" + _csv([header, *rows])


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _plain(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _messages_csv(year: Year) -> str:
    header = [
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "ATTACHMENTS",
    ]
    by_conversation: dict[str, list[Message]] = {}
    for message in year.messages:
        by_conversation.setdefault(message.conversation, []).append(message)
    threads = sorted(by_conversation.values(), key=lambda ms: max(m.at for m in ms), reverse=True)
    rows = [header]
    for thread in threads:
        for m in sorted(thread, key=lambda m: m.at, reverse=True):
            rows.append(
                [
                    m.conversation,
                    m.title,
                    m.sender.name.strip(),
                    m.sender.url,
                    ", ".join(p.name for p in m.recipients),
                    ", ".join(p.url for p in m.recipients),
                    _utc(m.at),
                    m.subject,
                    m.content,
                    "INBOX",
                    "",
                ]
            )
    return _csv(rows, quote_all=True)


def _shares_csv(year: Year) -> str:
    """LinkedIn 2026 quotes every line of a post and joins them with a newline."""
    lines = ["Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"]
    for post in sorted(year.posts, key=lambda p: p.at, reverse=True):
        commentary = '"\n"'.join(post.text.split("\n"))
        cell = _csv([[commentary]]).rstrip("\n")
        lines.append(f'{_plain(post.at)},{post.url},{cell},"","",MEMBER_NETWORK')
    return "\n".join(lines) + "\n"


def _comments_csv(year: Year) -> str:
    rows = [["Date", "Link", "Message"]]
    for moment, link, said in sorted(year.my_comments, reverse=True):
        rows.append([_plain(moment), link, said])
    return _csv(rows, backslash=True)


def _us_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {half}"


def _invitations_csv(year: Year) -> str:
    rows = [
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    ]
    for sender, recipient, moment, note in sorted(
        year.invitations, key=lambda i: i[2], reverse=True
    ):
        direction = "OUTGOING" if sender is ME else "INCOMING"
        rows.append(
            [
                sender.name,
                recipient.name,
                _us_time(moment),
                note,
                direction,
                sender.url,
                recipient.url,
            ]
        )
    return _csv(rows)


def _engagement_csv(year: Year) -> str:
    rows = [["date", "platform", "post_url", "person_name", "profile_url", "kind", "text"]]
    for moment, post, who, kind, said in sorted(year.engagement, key=lambda e: (e[0], e[2].name)):
        stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append([stamp, "linkedin", post.url, who.name, who.url, kind, said])
    return _csv(rows)
