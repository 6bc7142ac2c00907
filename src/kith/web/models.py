"""Pydantic models for every request and response of the JSON API.

They describe the same plain dicts the service returns, so `/openapi.json` says
what a script gets; `extra="allow"` on the larger ones lets the service add fields
without breaking the API.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal[
    "comment", "reaction", "dm", "email", "chat", "letter", "call", "video", "meeting"
]
Stage = Literal[
    "new",
    "engaged",
    "connected",
    "exploring",
    "brainstorming",
    "converging",
    "acting",
    "closed",
    "maintaining",
]
Goal = Literal["connect", "collaborate"]
Sort = Literal["recent", "name", "touches", "strength"]
Purpose = Literal["explore", "brainstorm", "converge", "check_in", "social"]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    ok: Literal[False] = False
    error: str
    errors: list[dict[str, Any]] = []
    status: int


class PersonRef(BaseModel):
    id: int
    name: str


class Evidence(BaseModel):
    kind: str
    at: str | None
    text: str | None


class AgendaItem(BaseModel):
    id: str
    person: PersonRef
    action: str
    channel: str | None
    why: str
    evidence: list[Evidence]
    due: str
    score: float
    draft: str | None


class Today(BaseModel):
    as_of: str
    total: int = Field(description="How many items are due, before `limit`.")
    items: list[AgendaItem]


class ActOnItem(BaseModel):
    state: Literal["done", "snoozed", "dismissed"]
    until: str | None = Field(None, description="YYYY-MM-DD, needed to snooze")
    reason: str | None = Field(None, max_length=500)


class ItemState(BaseModel):
    id: str
    state: str
    until: str | None
    reason: str | None


class PersonRow(BaseModel):
    id: int
    name: str
    company: str | None
    position: str | None
    goal: str
    stage: str
    cadence_days: int | None
    last_touch_at: str | None
    touch_count: int


class Filters(BaseModel):
    q: str | None
    stage: str | None
    goal: str | None
    tag: str | None
    sort: str
    layer: int | None = None
    overdue: bool = False


class PeoplePage(BaseModel):
    items: list[PersonRow]
    total: int
    page: int
    per_page: int
    pages: int
    filters: Filters
    tags: list[str]


class Touch(Open):
    id: int
    channel: str
    direction: str
    at: str | None
    status: str
    purpose: str | None
    text: str | None


class Detail(Open):
    id: int
    text: str


class ActionItem(BaseModel):
    id: int
    person: PersonRef
    text: str
    owner: str
    due: str | None
    status: str


class MixCell(BaseModel):
    channel: str
    sync: str
    place: str
    count: int


class StageChange(BaseModel):
    stage: str
    at: str | None
    cause: str | None


class Person(Open):
    id: int
    name: str
    company: str | None
    position: str | None
    goal: str
    stage: str
    cadence_days: int | None
    identities: list[dict[str, str]]
    tags: list[str]
    topics: list[str]
    stage_history: list[StageChange]
    summary: dict[str, Any]
    touches: list[Touch]
    details: list[Detail]
    action_items: list[ActionItem]
    mix: list[MixCell]
    brief: dict[str, Any]


class LogTouch(BaseModel):
    channel: Channel
    at: str | None = Field(None, description="YYYY-MM-DD or YYYY-MM-DDTHH:MM, your zone")
    planned: bool = False
    purpose: Purpose | None = None
    direction: Literal["in", "out"] = "out"
    note: str | None = Field(None, max_length=20_000)


class Logged(BaseModel):
    id: int
    person: PersonRef
    channel: str
    at: str
    status: str
    purpose: str | None


class AddDetail(BaseModel):
    text: str = Field(..., min_length=1, max_length=5_000)


class DetailAdded(BaseModel):
    id: int
    person: PersonRef
    text: str


class SetStage(BaseModel):
    stage: Stage
    at: str | None = None


class StageSet(BaseModel):
    person: PersonRef
    stage: str
    at: str


class SetGoal(BaseModel):
    goal: Goal


class GoalSet(BaseModel):
    person: PersonRef
    goal: str


class SetCadence(BaseModel):
    cadence: str = Field(..., description="weekly|monthly|quarterly|half-yearly|yearly|Nd|none")


class CadenceSet(BaseModel):
    person: PersonRef
    cadence_days: int | None


class AddAction(BaseModel):
    text: str = Field(..., min_length=1, max_length=2_000)
    owner: Literal["me", "them"] = "me"
    due: str | None = Field(None, description="YYYY-MM-DD")


class Skipped(BaseModel):
    file: str
    line: int | None
    reason: str


class ImportReport(BaseModel):
    source: str
    files: list[str]
    people_created: int
    people_merged: int
    merge_suggestions: int
    touches_added: int
    touches_skipped: int
    content_added: int
    engagements_added: int
    skipped: list[Skipped]
    me: str | None


class ImportJob(BaseModel):
    """An import started from the web form, running in the background."""

    id: str
    file: str = Field(..., description="the uploaded file's name")
    source: str
    state: Literal["running", "done", "failed"]
    records: int = Field(..., description="records read so far")
    report: ImportReport | None = Field(None, description="once done")
    error: str | None = Field(None, description="once failed")
    started_at: str
    finished_at: str | None


class FunnelStep(BaseModel):
    step: Literal["engaged", "messaged", "talked"]
    label: str
    people: int
    rate: float | None = Field(..., description="of the step before")
    median_days: float | None = Field(..., description="from the step before")


class Funnel(Open):
    """`kith funnel --json`: from content to conversations."""

    as_of: str
    since: str
    posts: int
    steps: list[FunnelStep]
    overall_rate: float | None
    median_days_to_talk: float | None
    by_engagement: dict[str, dict[str, int]]
    waiting: dict[str, Any]


class Capacity(Open):
    """`kith capacity --json`: the hours relationships cost, need and leave."""

    as_of: str
    window_days: int
    budget_hours_per_week: float
    spent_hours_per_week: float
    upkeep_hours_per_week: float
    fits: bool
    stages: list[dict[str, Any]]
    layers: list[dict[str, Any]]
    room: dict[str, Any]


class Insights(BaseModel):
    stats: dict[str, Any]
    stages: dict[str, int]
    goals: dict[str, int]
    funnel: Funnel
    capacity: Capacity


class Login(BaseModel):
    password: str = Field(..., max_length=1_000)


class Session(BaseModel):
    ok: bool
    auth: dict[str, bool]


class CoachRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=20_000)
    to: int | None = Field(None, ge=1, le=2**63 - 1, description="a person's id")
    channel: Channel | None = None


class Coaching(Open):
    questions: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    criteria: list[dict[str, Any]]


class DetailDecision(BaseModel):
    status: Literal["accepted", "rejected"]


class MergeDecision(BaseModel):
    decision: Literal["accept", "reject"]


class MergePage(BaseModel):
    suggestions: list[dict[str, Any]]
