"""The ingest's fast write path: what it stores is what Core would have stored.

On SQLite the ingest hands rows to the driver as tuples (store/bulk.py) and indexes
an import's touches for search in one statement over their id range; these tests
pin that the stored text, the counts and the search index come out as before, on
both backends.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

from kith import service
from kith.store import Store
from kith.store import schema as t
from kith.store.bulk import BulkWriter

HEADER = [
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
]
ME = ("Mara Quist", "https://www.linkedin.com/in/maraquist")


def messages_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A LinkedIn messages.csv: (conversation, other person's name, date, text), from them."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for conversation, name, date, words in rows:
            url = "https://www.linkedin.com/in/" + name.lower().replace(" ", "")
            out.writerow([conversation, "", name, url, ME[0], ME[1], date, "", words, "INBOX"])
            out.writerow([conversation, "", *ME, name, url, date, "", "thanks!", "INBOX"])
    return path


def test_bulk_insert_counts_what_went_in_and_skips_duplicates(store: Store) -> None:
    columns = ("account_id", "kind", "value")
    rows = [(1, "email", "a@example.com"), (1, "email", "b@example.com")]
    with store.engine.begin() as conn:
        writer = BulkWriter(conn)
        assert writer.insert(t.me_identities, columns, rows, ignore=True) == 2
        again = [*rows, (1, "email", "c@example.com")]
        assert writer.insert(t.me_identities, columns, again, ignore=True) == 1
    assert [i["value"] for i in store.me()["identities"]] == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]


def test_bulk_insert_stores_times_as_core_does(store: Store) -> None:
    moment = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    columns = ("account_id", "name", "created_at", "connected_at", "is_bulk")
    with store.engine.begin() as conn:
        conn.execute(
            insert(t.people).values(
                id=1, account_id=1, name="by core", created_at=moment, is_bulk=True
            )
        )
        BulkWriter(conn).insert(t.people, ("id", *columns), [(2, 1, "bulk", moment, None, True)])
        if store.dialect == "sqlite":  # the stored text itself, not what it reads back as
            stored = conn.execute(text("SELECT created_at FROM people ORDER BY id")).scalars()
            raw = list(stored)
            assert raw[0] == raw[1] == "2024-02-29 23:59:58.123456"
        rows = conn.execute(
            select(t.people.c.created_at, t.people.c.connected_at, t.people.c.is_bulk).order_by(
                t.people.c.id
            )
        ).all()
    assert rows[0] == rows[1]
    assert rows[1].connected_at is None and rows[1].is_bulk is True


def test_imported_times_and_counts_round_trip(store: Store, tmp_path: Path) -> None:
    path = messages_csv(
        tmp_path / "messages.csv",
        [("c1", "Ann Berg", "2024-03-01 09:15:07 UTC", "hello from Ann")],
    )
    report = service.import_path(store, path, "linkedin")
    assert (report.touches_added, report.touches_skipped, report.people_created) == (2, 0, 1)
    with store.engine.connect() as conn:
        times = conn.execute(select(t.touches.c.at)).scalars().all()
    assert {(m.replace(tzinfo=None) if m.tzinfo else m) for m in times} == {
        datetime(2024, 3, 1, 9, 15, 7)
    }


def test_search_finds_the_words_of_every_import_once(store: Store, tmp_path: Path) -> None:
    first = messages_csv(
        tmp_path / "first.csv",
        [
            ("c1", "Ann Berg", "2024-03-01 09:15:07 UTC", "the quokka sanctuary visit"),
            ("c2", "Bo Lind", "2024-03-02 10:00:00 UTC", "budget for the lighthouse"),
        ],
    )
    second = messages_csv(
        tmp_path / "second.csv",
        [
            ("c1", "Ann Berg", "2024-03-01 09:15:07 UTC", "the quokka sanctuary visit"),
            ("c3", "Cy Moss", "2024-04-05 08:00:00 UTC", "the marmalade tasting"),
        ],
    )
    service.import_path(store, first, "linkedin")
    report = service.import_path(store, second, "linkedin")
    assert report.touches_added == 2  # c3's two messages; c1 was there already
    assert [hit["person"]["name"] for hit in store.search("quokka")] == ["Ann Berg"]
    assert [hit["person"]["name"] for hit in store.search("lighthouse")] == ["Bo Lind"]
    assert [hit["person"]["name"] for hit in store.search("marmalade")] == ["Cy Moss"]
    # The index trigger dropped during an import is back for writes outside imports.
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            triggers = conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :n"),
                {"n": "touches_fts_%"},
            ).scalars()
            assert "touches_fts_insert" in set(triggers)
