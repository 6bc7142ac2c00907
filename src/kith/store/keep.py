"""Writes the engine's interfaces need beyond `Store`: inferred stages, news, stories.

Inferred stage changes go to `people.stage` and `stage_history` with their cause,
but leave `people.stage_set_at` alone: that column marks what the user set.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from kith.store import schema as t


def record_stage(
    conn: Connection, account_id: int, person_id: int, stage: str, at: datetime, cause: str
) -> None:
    """Keep an inferred stage change: the current stage and a history row."""
    conn.execute(update(t.people).where(t.people.c.id == person_id).values(stage=stage))
    conn.execute(
        insert(t.stage_history).values(
            account_id=account_id, person_id=person_id, stage=stage, at=at, cause=cause
        )
    )


def add_news(
    conn: Connection,
    account_id: int,
    url: str | None,
    title: str,
    summary: str | None,
    published_at: datetime,
) -> tuple[int, bool]:
    """Store a news item shared by hand; the same URL (or title) again adds nothing."""
    key = "share:" + hashlib.sha256((url or title).encode("utf-8")).hexdigest()[:32]
    found = conn.execute(
        select(t.news.c.id).where(t.news.c.account_id == account_id, t.news.c.source_id == key)
    ).scalar()
    if found is not None:
        return int(found), False
    result = conn.execute(
        insert(t.news).values(
            account_id=account_id,
            source_id=key,
            url=url,
            title=title,
            summary=summary,
            feed="shared by hand",
            published_at=published_at,
        )
    )
    return int(result.inserted_primary_key[0]), True  # type: ignore[index]


def add_story(
    conn: Connection, account_id: int, text: str, topic: str | None, now: datetime
) -> int:
    result = conn.execute(
        insert(t.stories).values(account_id=account_id, text=text, topic=topic, created_at=now)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def add_date(
    conn: Connection,
    account_id: int,
    person_id: int,
    kind: str,
    month: int,
    day: int,
    year: int | None = None,
) -> bool:
    """Remember a yearly date; the same kind on the same day again adds nothing."""
    d = t.person_dates
    found = conn.execute(
        select(d.c.id).where(
            d.c.person_id == person_id, d.c.kind == kind, d.c.month == month, d.c.day == day
        )
    ).first()
    if found is not None:
        return False
    conn.execute(
        insert(d).values(
            account_id=account_id, person_id=person_id, kind=kind, month=month, day=day, year=year
        )
    )
    return True
