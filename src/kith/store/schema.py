"""The tables, as SQLAlchemy Core objects the queries are written against.

Every table carries `account_id`, so one server database can hold several users
and every query filters by it; a single-user SQLite file has account 1. The shape
here must match what the Alembic migrations build: `tests/test_migrations.py`
compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def _account() -> Column[int]:
    return Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=False)


def _pk() -> Column[int]:
    return Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )


accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("me_name", String(400)),
    Column("me_name_import_id", Integer),  # the import that named the user, if one did
    Column("created_at", DateTime(timezone=True), nullable=False),
)

people = Table(
    "people",
    metadata,
    _pk(),
    _account(),
    Column("name", String(400), nullable=False),
    Column("company", String(400)),
    Column("position", String(400)),
    Column("goal", String(20), nullable=False, server_default="connect"),
    Column("stage", String(20), nullable=False, server_default="new"),
    Column("stage_set_at", DateTime(timezone=True)),
    Column("cadence_days", Integer),
    Column("is_bulk", Boolean, nullable=False, server_default="0"),
    Column("connected_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("notes", Text),
    Column("layer", Integer),  # Dunbar layer 5/15/50/150/500, kept for hysteresis
    Column("import_id", Integer),
    Index("ix_people_account_name", "account_id", "name"),
)

identities = Table(
    "identities",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("value", String(600), nullable=False),
    Column("source", String(40)),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "kind", "value", name="uq_identity"),
    Index("ix_identities_person", "person_id"),
)

me_identities = Table(
    "me_identities",
    metadata,
    _pk(),
    _account(),
    Column("kind", String(20), nullable=False),
    Column("value", String(600), nullable=False),
    Column("import_id", Integer),  # NULL: the user said so (`kith me`)
    UniqueConstraint("account_id", "kind", "value", name="uq_me_identity"),
)

threads = Table(
    "threads",
    metadata,
    _pk(),
    _account(),
    Column("source_id", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("subject", Text),
    Column("participants", Integer, nullable=False, server_default="2"),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "source_id", name="uq_thread_source"),
)

touches = Table(
    "touches",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("thread_id", BigInteger, ForeignKey("threads.id", ondelete="SET NULL")),
    Column("source", String(40), nullable=False),
    Column("source_id", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("direction", String(3), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("text", Text),
    Column("status", String(10), nullable=False, server_default="held"),
    Column("purpose", String(20)),
    Column("is_bulk", Boolean, nullable=False, server_default="0"),
    Column("is_group", Boolean, nullable=False, server_default="0"),
    Column("duration_s", Integer),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "source_id", name="uq_touch_source"),
    Index("ix_touches_person_at", "person_id", "at"),
    Index("ix_touches_thread_at", "thread_id", "at"),
)

content = Table(
    "content",
    metadata,
    _pk(),
    _account(),
    Column("source_id", String(200), nullable=False),
    Column("url", String(1000)),
    Column("platform", String(40)),
    Column("title", Text),
    Column("text", Text),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "source_id", name="uq_content_source"),
    Index("ix_content_url", "account_id", "url"),
)

engagements = Table(
    "engagements",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("content_id", BigInteger, ForeignKey("content.id", ondelete="SET NULL")),
    Column("source_id", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("text", Text),
    Column("platform", String(40)),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "source_id", name="uq_engagement_source"),
    Index("ix_engagements_account_kind_at", "account_id", "kind", "at"),
    Index("ix_engagements_person", "person_id"),
)

details = Table(
    "details",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("source_touch_id", BigInteger, ForeignKey("touches.id", ondelete="SET NULL")),
    Column("status", String(12), nullable=False, server_default="accepted"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(30)),  # person, project, move, trip, preference, worry, milestone…
    Column("about_at", DateTime(timezone=True)),  # when the detail happens, if it says
    Index("ix_details_person", "person_id"),
)

topics = Table(
    "topics",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("text", String(400), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("person_id", "text", name="uq_topic"),
)

tags = Table(
    "tags",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("tag", String(100), nullable=False),
    UniqueConstraint("person_id", "tag", name="uq_tag"),
    Index("ix_tags_account_tag", "account_id", "tag"),
)

stage_history = Table(
    "stage_history",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("cause", Text, nullable=False),
    Index("ix_stage_history_person", "person_id", "at"),
)

action_items = Table(
    "action_items",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("owner", String(4), nullable=False),
    Column("due", Date),
    Column("deliverable", Text),
    Column("measure", Text),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("done_at", DateTime(timezone=True)),
    Index("ix_action_items_person", "person_id"),
    Index("ix_action_items_open", "account_id", "status", "due"),
)

agenda_states = Table(
    "agenda_states",
    metadata,
    _pk(),
    _account(),
    Column("item_id", String(200), nullable=False),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE")),
    Column("state", String(12), nullable=False),
    Column("until", Date),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "item_id", name="uq_agenda_state"),
)

# One row per person, refreshed for the people an import or a new touch affects,
# so the agenda reads summaries instead of scanning years of touches.
person_summary = Table(
    "person_summary",
    metadata,
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    _account(),
    Column("first_touch_at", DateTime(timezone=True)),
    Column("last_touch_at", DateTime(timezone=True)),
    Column("last_in_at", DateTime(timezone=True)),
    Column("last_out_at", DateTime(timezone=True)),
    Column("touch_count", Integer, nullable=False, server_default="0"),
    Column("direct_in", Integer, nullable=False, server_default="0"),
    Column("direct_out", Integer, nullable=False, server_default="0"),
    Column("sync_count", Integer, nullable=False, server_default="0"),
    Column("last_sync_at", DateTime(timezone=True)),
    Column("next_planned_at", DateTime(timezone=True)),
    Column("last_direct_at", DateTime(timezone=True)),
    Column("last_direct_direction", String(3)),
    Column("last_direct_channel", String(20)),
    Column("trailing_outs", Integer, nullable=False, server_default="0"),
    # Raw features for tie strength and rhythm (Gilbert & Karahalios; RESEARCH.md).
    Column("words_in", Integer, nullable=False, server_default="0"),
    Column("words_out", Integer, nullable=False, server_default="0"),
    Column("sync_seconds", Integer, nullable=False, server_default="0"),
    Column("active_days", Integer, nullable=False, server_default="0"),
    Column("rhythm_days", Float),  # median gap between days with a real touch
    Column("strength", Float),
    # The earliest moment something about this person could need the user's
    # attention (a reply owed, a follow-up, a cadence due) and the last (FOREVER
    # for a cadence). The agenda selects `attention_until >= now`: few rows, however
    # large the history, since most people's windows closed long ago.
    Column("attention_at", DateTime(timezone=True)),
    Column("attention_until", DateTime(timezone=True)),
    Index("ix_summary_attention", "account_id", "attention_until", "attention_at"),
    Index("ix_summary_last_touch", "account_id", "last_touch_at"),
    Index("ix_summary_strength", "account_id", "strength"),
)

channel_summary = Table(
    "channel_summary",
    metadata,
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String(20), primary_key=True),
    _account(),
    Column("count_in", Integer, nullable=False, server_default="0"),
    Column("count_out", Integer, nullable=False, server_default="0"),
    Column("last_in_at", DateTime(timezone=True)),
    Column("last_out_at", DateTime(timezone=True)),
    Column("replies", Integer, nullable=False, server_default="0"),
    Column("median_reply_s", Float),
    Column("p90_reply_s", Float),
)


# -- added in migration 0002 ---------------------------------------------------------

imports = Table(
    "imports",
    metadata,
    _pk(),
    _account(),
    Column("source", String(40), nullable=False),
    Column("path", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("report", Text),  # the ImportReport as JSON
    Column("undone_at", DateTime(timezone=True)),
)

person_dates = Table(
    "person_dates",
    metadata,
    _pk(),
    _account(),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("month", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("year", Integer),
    Column("label", String(200)),
    Column("import_id", Integer),
    UniqueConstraint("person_id", "kind", "month", "day", name="uq_person_date"),
    Index("ix_person_dates_account_month", "account_id", "month", "day"),
)

news = Table(
    "news",
    metadata,
    _pk(),
    _account(),
    Column("source_id", String(200), nullable=False),
    Column("url", String(1000)),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("feed", String(400)),
    Column("published_at", DateTime(timezone=True)),
    Column("import_id", Integer),
    UniqueConstraint("account_id", "source_id", name="uq_news_source"),
    Index("ix_news_account_published", "account_id", "published_at"),
)

merges = Table(
    "merges",
    metadata,
    _pk(),
    _account(),
    Column("survivor_id", BigInteger, nullable=False),
    Column("merged_id", BigInteger, nullable=False),
    Column("merged_person", Text, nullable=False),  # JSON: the merged person's row and what moved
    Column("at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
)

merge_suggestions = Table(
    "merge_suggestions",
    metadata,
    _pk(),
    _account(),
    Column("person_a", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("person_b", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "person_a", "person_b", name="uq_merge_suggestion"),
)

stories = Table(
    "stories",
    metadata,
    _pk(),
    _account(),
    Column("text", Text, nullable=False),
    Column("topic", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

exclusions = Table(
    "exclusions",
    metadata,
    _pk(),
    _account(),
    Column("kind", String(20), nullable=False),  # chat | thread | label | address
    Column("value", String(600), nullable=False),
    UniqueConstraint("account_id", "kind", "value", name="uq_exclusion"),
)
