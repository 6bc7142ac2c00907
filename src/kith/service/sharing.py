"""News to share and the user's own stories: what `kith share` and `kith story` keep."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from kith import config
from kith.errors import InvalidValue
from kith.store import Store, reads
from kith.store.keep import add_date as keep_date
from kith.store.keep import add_news as keep_news
from kith.store.keep import add_story as keep_story


def add_news(
    store: Store, url: str, title: str, text: str | None = None, at: str | None = None
) -> dict[str, Any]:
    title = " ".join(title.split())
    if not title:
        raise InvalidValue("the news item needs a title")
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise InvalidValue(f"{url!r} is not a web address — give one starting with https://")
    from kith.service import parse_moment

    when = parse_moment(at, config.local_zone()) if at else datetime.now(UTC)
    with store.engine.begin() as conn:
        news_id, added = keep_news(conn, store.account_id, url or None, title, text, when)
    return {"id": news_id, "url": url or None, "title": title, "added": added}


def add_story(store: Store, text: str, topic: str | None = None) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise InvalidValue("the story is empty — give it as text")
    topic = " ".join(topic.split()) if topic else None
    with store.engine.begin() as conn:
        story_id = keep_story(conn, store.account_id, text, topic, datetime.now(UTC))
    return {"id": story_id, "text": text, "topic": topic}


def add_date(store: Store, query: str, kind: str, day: date) -> dict[str, Any]:
    """Remember a yearly date (a birthday, an anniversary) for someone."""
    person_id, name = store.resolve_person(query)
    with store.engine.begin() as conn:
        added = keep_date(conn, store.account_id, person_id, kind, day.month, day.day, day.year)
    return {"person": {"id": person_id, "name": name}, "kind": kind, "added": added}


def stories(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return reads.stories(conn, store.account_id)
