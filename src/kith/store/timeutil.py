"""Datetimes in and out of the database: always aware UTC on our side.

SQLite keeps DateTime as text without a zone, PostgreSQL as timestamptz; `aware`
makes both read back the same.
"""

from __future__ import annotations

from datetime import UTC, datetime


def aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, the one way Kith writes times in JSON."""
    moment = aware(value)
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def utc(value: datetime) -> datetime:
    result = aware(value)
    assert result is not None
    return result
