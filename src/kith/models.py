"""Pure values shared by every layer.

These types carry no database handles and no behaviour beyond small derived
properties: identity (row ids, merges) is a storage concern that lives in
`kith.store`. Importers produce `PersonRef`, `TouchRecord`, `ContentRecord`,
`EngagementRecord`, `MeRecord` and `Skipped`; the store turns them into rows;
the engine reads `PersonState` snapshots and returns `AgendaItem`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

Direction = Literal["in", "out"]
Status = Literal["held", "planned"]
IdentityKind = Literal["email", "phone", "profile", "handle", "name"]

CHANNELS: dict[str, tuple[str, str]] = {
    # channel: (sync, place) — the grid of the first seed.
    "comment": ("async", "virtual"),
    "reaction": ("async", "virtual"),
    "dm": ("async", "virtual"),
    "email": ("async", "virtual"),
    "chat": ("async", "virtual"),
    "letter": ("async", "offline"),
    "call": ("sync", "virtual"),
    "video": ("sync", "virtual"),
    "meeting": ("sync", "offline"),
}
SYNC_CHANNELS = frozenset(c for c, (s, _) in CHANNELS.items() if s == "sync")
# Channels where a one-to-one written exchange happens: the ground of reply/nudge.
DIRECT_ASYNC_CHANNELS = frozenset({"dm", "email", "chat", "letter"})
PURPOSES = ("explore", "brainstorm", "converge", "check_in", "social")
GOALS = ("connect", "collaborate")
STAGES = (
    "new",
    "engaged",
    "connected",
    "exploring",
    "brainstorming",
    "converging",
    "acting",
    "closed",
    "maintaining",
)
ENGAGEMENT_KINDS = ("comment", "reaction", "repost")
ACTIONS = (
    "send_dm",
    "propose_call",
    "follow_up",
    "send_material",
    "book_converge",
    "send_summary",
    "check_in_call",
    "acknowledge_delay",
    "say_hello",
    "close",
    "reconnect",
    "share",
    "introduce",
    "reply",
    "nudge",
    "remember_date",
)
# Dunbar layers (cumulative sizes) and the least contact each needs (RESEARCH.md:
# Hill & Dunbar 2003): 5 weekly, 15 monthly, 50 half-yearly, 150 yearly.
LAYERS = (5, 15, 50, 150)
LAYER_CADENCE_DAYS = {5: 7, 15: 30, 50: 182, 150: 365}
# Closeness falls about 15% a year without contact (Dunbar); friends faster than
# kin (Roberts & Dunbar 2015). Heuristics: per-year fractions lost.
DECAY_PER_YEAR = {"kin": 0.15, "non_kin": 0.30}
KIN_TAG = "family"
# More than this many participants makes a thread a group: it counts toward
# strength and rhythm but never owes a reply (PRODUCT.md, "Touch").
GROUP_THRESHOLD = 3


def is_sync(channel: str) -> bool:
    return channel in SYNC_CHANNELS


@dataclass(frozen=True)
class Identity:
    """One normalised handle of a person: kind plus value (see `kith.identity`)."""

    kind: IdentityKind
    value: str


@dataclass(frozen=True)
class ImportantDate:
    """A birthday or other yearly date; `year` is None when the source omits it (`--MMDD`)."""

    kind: str  # birthday | anniversary | other
    month: int
    day: int
    year: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class PersonRef:
    """Who a record is about, as the source names them.

    `identities` are already normalised; `name` is the display name. A ref with
    no identity at all is matched by name within its source only.
    """

    name: str
    identities: tuple[Identity, ...] = ()
    company: str | None = None
    position: str | None = None
    connected_at: datetime | None = None
    is_bulk: bool = False
    dates: tuple[ImportantDate, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class MeRecord:
    """The user's own identity as a source reveals it."""

    name: str | None
    identities: tuple[Identity, ...] = ()
    # Only guessed (no name, address or message says so): assumed for this import and
    # reported, never kept as the user's, or later imports would build on a guess.
    guess: bool = False


@dataclass(frozen=True)
class PersonRecord:
    """A contact the source lists (a connection, an address-book card)."""

    source: str
    source_id: str
    person: PersonRef


@dataclass(frozen=True)
class TouchRecord:
    """One exchange with one person on one channel.

    `thread_key` groups touches into a thread within a source; `participants` is
    the thread's head count including the user, when the source knows it.
    `at` is an aware UTC datetime.
    """

    source: str
    source_id: str
    person: PersonRef
    channel: str
    direction: Direction
    at: datetime
    text: str | None = None
    thread_key: str | None = None
    subject: str | None = None
    participants: int = 2
    status: Status = "held"
    purpose: str | None = None
    is_bulk: bool = False
    duration_s: int | None = None
    labels: tuple[str, ...] = ()  # the message's own labels (Gmail), for `--exclude label:`


@dataclass(frozen=True)
class ContentRecord:
    """A post, article or video the user published."""

    source: str
    source_id: str
    url: str | None
    posted_at: datetime
    text: str | None = None
    title: str | None = None
    platform: str | None = None


@dataclass(frozen=True)
class EngagementRecord:
    """Someone commenting on, reacting to or reposting the user's content."""

    source: str
    source_id: str
    person: PersonRef
    kind: str
    at: datetime
    content_url: str | None = None
    text: str | None = None
    platform: str | None = None


@dataclass(frozen=True)
class NewsRecord:
    """A news item or article (RSS/Atom, or shared by hand) the engine can match to topics."""

    source: str
    source_id: str
    url: str | None
    title: str
    published_at: datetime | None = None
    summary: str | None = None
    feed: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A record the importer could not use, and why: reported, never fatal."""

    file: str
    line: int | None
    reason: str


Record = (
    PersonRecord | TouchRecord | ContentRecord | EngagementRecord | MeRecord | NewsRecord | Skipped
)


@dataclass
class ImportReport:
    source: str
    files: list[str] = field(default_factory=list)
    people_created: int = 0
    people_merged: int = 0
    merge_suggestions: int = 0
    touches_added: int = 0
    touches_skipped: int = 0
    content_added: int = 0
    engagements_added: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    me: str | None = None
    excluded: int = 0  # records left out by `--exclude` / stored exclusions
    exclusions_unmatched: list[str] = field(default_factory=list)  # this import's, matching nothing
    import_id: int | None = None  # the `imports` row (for `kith import --undo`)
    news_added: int = 0  # feed items (RSS/Atom) new to the database

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "files": self.files,
            "people_created": self.people_created,
            "people_merged": self.people_merged,
            "merge_suggestions": self.merge_suggestions,
            "touches_added": self.touches_added,
            "touches_skipped": self.touches_skipped,
            "content_added": self.content_added,
            "engagements_added": self.engagements_added,
            "skipped": [{"file": s.file, "line": s.line, "reason": s.reason} for s in self.skipped],
            "me": self.me,
            "excluded": self.excluded,
            "exclusions_unmatched": self.exclusions_unmatched,
            "import_id": self.import_id,
            "news_added": self.news_added,
        }


# -- what the engine reads and returns ---------------------------------------------


@dataclass(frozen=True)
class TouchView:
    """A stored touch as the engine and the interfaces see it."""

    id: int
    person_id: int
    channel: str
    direction: Direction
    at: datetime
    text: str | None = None
    thread_id: int | None = None
    is_group: bool = False
    status: Status = "held"
    purpose: str | None = None
    subject: str | None = None  # the thread's subject or a calendar event's title


@dataclass(frozen=True)
class ActionItemView:
    """An open commitment inside a relationship."""

    id: int
    text: str
    owner: str  # me | them
    due: date | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class DetailView:
    """An accepted detail remembered about a person."""

    id: int
    text: str
    at: datetime
    kind: str | None = None


@dataclass(frozen=True)
class TopicView:
    text: str
    at: datetime


@dataclass(frozen=True)
class NewsView:
    """A news item or article the user could share."""

    id: int
    title: str
    url: str | None
    at: datetime
    summary: str | None = None


@dataclass(frozen=True)
class EngagementView:
    person_id: int
    kind: str
    at: datetime
    text: str | None = None
    content_url: str | None = None
    content_title: str | None = None


@dataclass(frozen=True)
class PersonState:
    """One person's summary plus the few recent touches the rules need as evidence."""

    id: int
    name: str
    goal: str = "connect"
    stage: str = "new"
    cadence_days: int | None = None
    tags: tuple[str, ...] = ()
    is_bulk: bool = False
    first_touch_at: datetime | None = None
    last_touch_at: datetime | None = None
    last_in_at: datetime | None = None
    last_out_at: datetime | None = None
    touch_count: int = 0
    direct_in: int = 0
    direct_out: int = 0
    sync_count: int = 0
    last_sync_at: datetime | None = None
    next_planned_at: datetime | None = None
    last_direct_at: datetime | None = None
    last_direct_direction: Direction | None = None
    last_direct_channel: str | None = None
    trailing_outs: int = 0
    median_reply_s: dict[str, float] = field(default_factory=dict)
    recent: tuple[TouchView, ...] = ()
    engagements: tuple[EngagementView, ...] = ()
    # -- the full engine (issue 4) ---------------------------------------------------
    user_stage: str | None = None  # the stage the user last set (`kith stage`), if any
    stage_set_at: datetime | None = None
    layer: int | None = None  # Dunbar layer 5/15/50/150, None beyond 150
    strength: float | None = None  # tie strength at the last touch, before decay (0..1)
    rhythm_days: float | None = None  # learned: median gap between active days
    active_days: int = 0
    words_in: int = 0
    words_out: int = 0
    p90_reply_s: dict[str, float] = field(default_factory=dict)
    actions: tuple[ActionItemView, ...] = ()  # open action items, both sides
    dates: tuple[ImportantDate, ...] = ()
    topics: tuple[TopicView, ...] = ()
    details: tuple[DetailView, ...] = ()
    known_ids: tuple[int, ...] = ()  # people who share a thread with this person
    # What we hold an address of, from their identities: email, phone, profile, or
    # handle:NETWORK (telegram, slack…) — so a suggested channel is one that reaches them.
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaState:
    item_id: str
    state: Literal["done", "snoozed", "dismissed"]
    until: date | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything the agenda rules may read, loaded once; `now` is aware UTC."""

    now: datetime
    tz: tzinfo
    people: tuple[PersonState, ...]
    states: dict[str, AgendaState] = field(default_factory=dict)
    news: tuple[NewsView, ...] = ()


@dataclass(frozen=True)
class Evidence:
    kind: str
    at: datetime | date
    text: str | None = None


@dataclass(frozen=True)
class AgendaItem:
    id: str
    person_id: int
    person_name: str
    action: str
    channel: str | None
    why: str
    due: date
    score: float
    evidence: tuple[Evidence, ...] = ()
    draft: str | None = None
