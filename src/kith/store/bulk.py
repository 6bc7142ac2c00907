"""Insert many rows at once: one prepared statement per table, rows as plain tuples.

Why not Core's `insert(table)` with a list of dicts: for every `executemany` it
compiles the statement again and passes each value of each row through its type
processors in Python. At 100,000 touches that cost twice what SQLite took to write
them. On SQLite the rows here go to the driver as tuples, and only the columns
whose stored form differs from the Python value (datetimes) are converted — by
SQLAlchemy's own processor, so the stored text is exactly what Core writes and
reads back. PostgreSQL keeps the Core path: it needs `RETURNING` to count what
went in, and psycopg does its own batching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Table, insert
from sqlalchemy.dialects import postgresql

Row = tuple[Any, ...]
Converter = tuple[int, Callable[[Any], Any]]


class BulkWriter:
    """Write batches of rows on one connection, reusing statements across batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgresql = conn.dialect.name == "postgresql"
        self._statements: dict[tuple[str, tuple[str, ...], bool], str] = {}
        self._converters: dict[tuple[str, tuple[str, ...]], list[Converter]] = {}

    def insert(
        self, table: Table, columns: tuple[str, ...], rows: Sequence[Row], *, ignore: bool = False
    ) -> int:
        """Insert rows (values in `columns` order); with `ignore`, skip those whose
        unique key exists. Return how many went in."""
        if not rows:
            return 0
        if self.postgresql:
            return self._insert_core(table, columns, rows, ignore=ignore)
        converters = self._converters_for(table, columns)
        if converters:
            rows = [_converted(row, converters) for row in rows]
        sql = self._statement(table, columns, ignore)
        # sqlite3 sums the rows each statement of an executemany changed.
        return int(self.conn.exec_driver_sql(sql, list(rows)).rowcount)

    def _insert_core(
        self, table: Table, columns: tuple[str, ...], rows: Sequence[Row], *, ignore: bool
    ) -> int:
        dicts = [dict(zip(columns, row, strict=True)) for row in rows]
        if not ignore:
            self.conn.execute(insert(table), dicts)
            return len(dicts)
        # RETURNING counts what went in; rowcount is unreliable for batches with psycopg.
        statement = postgresql.insert(table).on_conflict_do_nothing().returning(table.c.id)
        return len(self.conn.execute(statement, dicts).all())

    def _statement(self, table: Table, columns: tuple[str, ...], ignore: bool) -> str:
        key = (table.name, columns, ignore)
        sql = self._statements.get(key)
        if sql is None:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
            if ignore:
                sql += " ON CONFLICT DO NOTHING"
            self._statements[key] = sql
        return sql

    def _converters_for(self, table: Table, columns: tuple[str, ...]) -> list[Converter]:
        key = (table.name, columns)
        found = self._converters.get(key)
        if found is None:
            found = column_converters(self.conn, table, columns)
            self._converters[key] = found
        return found


def column_converters(conn: Connection, table: Table, columns: tuple[str, ...]) -> list[Converter]:
    """The dialect's bind processors for the columns that have one.

    Booleans are left out: sqlite3 binds True/False as 1/0, what the processor
    would have made of them.
    """
    dialect = conn.dialect
    found: list[Converter] = []
    for index, name in enumerate(columns):
        column_type = table.c[name].type
        if isinstance(column_type, Boolean):
            continue
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            found.append((index, processor))
    return found


def _converted(row: Row, converters: list[Converter]) -> Row:
    values = list(row)
    for index, convert in converters:
        value = values[index]
        if value is not None:
            values[index] = convert(value)
    return tuple(values)
