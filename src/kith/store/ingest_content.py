"""Touches, threads, posts, engagements and news: the rows that hang off a person.

Separate from people because nothing here decides who someone is: each record's
person comes from `PersonResolver.person_for`, and what remains is finding or
creating its thread or post (looked up a batch at a time and remembered) and
queueing its row.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from kith.models import (
    GROUP_THRESHOLD,
    ContentRecord,
    EngagementRecord,
    NewsRecord,
    PersonRef,
    TouchRecord,
)
from kith.store import schema as t
from kith.store.ingest_people import LOOKUP, PersonResolver
from kith.store.merge import chunks


class ContentWriter(PersonResolver):
    """Queue touches, threads, content, engagements and news; `Ingestor.__init__` sets the state."""

    thread_ids: dict[str, tuple[int, int]]  # key -> (id, participants)
    threads_missing: set[str]
    content_ids: dict[str, int]

    def _prefetch_threads(self, keys: set[str]) -> None:
        c = t.threads.c
        for part in chunks(sorted(keys), LOOKUP):
            for row in self.conn.execute(
                select(c.id, c.source_id, c.participants).where(
                    c.account_id == self.account_id, c.source_id.in_(part)
                )
            ).all():
                self.thread_ids[row.source_id] = (int(row.id), int(row.participants))
        self.threads_missing.update(k for k in keys if k not in self.thread_ids)

    def _prefetch_content(self, urls: set[str]) -> None:
        c = t.content.c
        for part in chunks(sorted(urls), LOOKUP):
            for row in self.conn.execute(
                select(c.id, c.url).where(c.account_id == self.account_id, c.url.in_(part))
            ).all():
                self.content_ids.setdefault(row.url, int(row.id))

    # -- touches, threads, content ----------------------------------------------
    def _names_me(self, person: PersonRef, source: str, what: str) -> bool:
        """A message or reaction whose other person holds one of the user's identities is
        the user's own (a note to themselves, a reply to their own post): making a
        contact of it would make the user a contact. Skipped, with the reason."""
        mine = self.me_keys
        if not mine or not any((i.kind, i.value) in mine for i in person.identities):
            return False
        reason = f"{what}: {person.name or 'they'} is you (kith me), not a contact"
        self._note_skipped(source, reason)
        self.report.touches_skipped += 1
        return True

    def _add_touch(self, record: TouchRecord) -> None:
        if self._names_me(record.person, record.source, "a message to yourself"):
            return
        person_id = self.person_for(record.person, record.source)
        thread_id = self._thread_id(record) if record.thread_key else None
        self.affected.add(person_id)
        self.pending["touches"].append(
            (
                self.account_id,
                person_id,
                thread_id,
                record.source,
                record.source_id,
                record.channel,
                record.direction,
                record.at,
                record.text,
                record.status,
                record.purpose,
                record.is_bulk or record.person.is_bulk,
                record.participants > GROUP_THRESHOLD,
                record.duration_s,
                self.import_id,
            )
        )

    def _thread_id(self, record: TouchRecord) -> int:
        key = f"{record.source}:{record.thread_key}"
        known = self.thread_ids.get(key)
        if known is None and key not in self.threads_missing:
            self._prefetch_threads({key})
            known = self.thread_ids.get(key)
        if known is None:
            thread_id = self.ids["threads"].next()
            self.pending_threads[thread_id] = {
                "id": thread_id,
                "account_id": self.account_id,
                "source_id": key,
                "channel": record.channel,
                "subject": record.subject,
                "participants": record.participants,
                "import_id": self.import_id,
            }
            self.thread_ids[key] = (thread_id, record.participants)
            return thread_id
        thread_id, participants = known
        if record.participants > participants:
            self.thread_ids[key] = (thread_id, record.participants)
            if thread_id in self.pending_threads:
                self.pending_threads[thread_id]["participants"] = record.participants
            else:
                self.conn.execute(
                    update(t.threads)
                    .where(t.threads.c.id == thread_id)
                    .values(participants=record.participants)
                )
        return thread_id

    def _content_id(self, record: ContentRecord) -> int:
        key = record.url or record.source_id
        existing = self.content_ids.get(key)
        if existing is None:
            existing = self._stored_content(record)
        if existing is None:
            existing = self.ids["content"].next()
            self.pending["content"].append(
                (
                    existing,
                    self.account_id,
                    record.source_id,
                    record.url,
                    record.platform,
                    record.title,
                    record.text,
                    record.posted_at,
                    self.import_id,
                )
            )
            self.report.content_added += 1
        elif record.text:
            # A post first known from engagement on it gains its text when Shares arrive.
            self.flush()
            self.conn.execute(
                update(t.content)
                .where(t.content.c.id == existing)
                .values(text=record.text, title=record.title, posted_at=record.posted_at)
            )
        self.content_ids[key] = existing
        return existing

    def _stored_content(self, record: ContentRecord) -> int | None:
        c = t.content.c
        match = c.source_id == record.source_id
        if record.url:
            match = or_(match, c.url == record.url)
        found = self.conn.execute(
            select(c.id).where(c.account_id == self.account_id, match).order_by(c.id).limit(1)
        ).scalar()
        return int(found) if found is not None else None

    def _add_engagement(self, record: EngagementRecord) -> None:
        if self._names_me(record.person, record.source, f"your own {record.kind}"):
            return
        person_id = self.person_for(record.person, record.source)
        content_id = None
        if record.content_url:
            content_id = self.content_ids.get(record.content_url)
            if content_id is None:
                content_id = self._content_id(
                    ContentRecord(
                        source=record.source,
                        source_id=f"{record.source}:post:{record.content_url}",
                        url=record.content_url,
                        posted_at=record.at,
                        platform=record.platform,
                    )
                )
        self.pending["engagements"].append(
            (
                self.account_id,
                person_id,
                content_id,
                record.source_id,
                record.kind,
                record.at,
                record.text,
                record.platform,
                self.import_id,
            )
        )
        self.affected.add(person_id)
        # A comment is also a conversational touch (async, virtual); a reaction or a
        # repost is engagement, kept on the `reaction` channel that never resets a cadence.
        self.pending["touches"].append(
            (
                self.account_id,
                person_id,
                None,
                record.source,
                f"{record.source_id}:touch",
                "comment" if record.kind == "comment" else "reaction",
                "in",
                record.at,
                record.text,
                "held",
                None,
                False,
                False,
                None,
                self.import_id,
            )
        )

    def _add_news(self, record: NewsRecord) -> None:
        self.pending["news"].append(
            (
                self.account_id,
                record.source_id,
                record.url,
                record.title,
                record.summary,
                record.feed,
                record.published_at,
                self.import_id,
            )
        )
