"""The driver's own cursor, for the few statements that move every touch.

Reading 100,000 rows through Core costs more in its per-row result processing
than SQLite takes to find them, and writing through `insert(table)` sends every
value of every row through a type processor. The summary refresh reads and writes
plain tuples here instead, inside the same transaction (same DBAPI connection).

The two backends differ in three ways this class hides: the parameter mark (`?`
or `%s`), how a datetime comes back (SQLite: the text Core wrote; PostgreSQL: a
timestamptz, read `AT TIME ZONE 'UTC'` so both give naive UTC), and how one goes
in (SQLite: the exact text Core writes, `YYYY-MM-DD HH:MM:SS.ffffff`, so stored
values compare as before; PostgreSQL: an aware datetime).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection


class RawSQL:
    def __init__(self, conn: Connection) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self.cursor = conn.connection.cursor()
        self.mark = "?" if self.sqlite else "%s"

    def marks(self, count: int) -> str:
        """Placeholders for `count` values, comma-separated (for `IN (...)` and `VALUES`)."""
        return ", ".join([self.mark] * count)

    def utc_column(self, column: str) -> str:
        """A timestamp column as an expression that reads back as naive UTC."""
        return column if self.sqlite else f"{column} AT TIME ZONE 'UTC'"

    def stored(self, value: datetime | None) -> Any:
        """A naive UTC datetime as this backend stores it."""
        if value is None:
            return None
        if self.sqlite:  # the text Core's SQLite DATETIME writes: 4-digit year, microseconds
            return value.isoformat(" ", "microseconds")
        return value.replace(tzinfo=UTC)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        self.cursor.execute(sql, tuple(params))
        return list(self.cursor.fetchall())

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows one at a time from a cursor of their own (SQLite reads them as they are asked
        for; psycopg's client-side cursor still holds the whole result)."""
        cursor = self.cursor.connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            yield from cursor
        finally:
            cursor.close()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(sql, tuple(params))

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows (values in `columns` order) with one executemany."""
        if rows:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({self.marks(len(columns))})"
            self.cursor.executemany(sql, rows)

    def close(self) -> None:
        self.cursor.close()
