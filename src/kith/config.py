"""Settings as data: where the database lives and which time zone the user is in.

One user directory, movable by `KITH_HOME` (as llm's `LLM_USER_PATH`), so tests and
demos never touch real data. `KITH_DB` names a SQLite file; `KITH_DATABASE_URL`
(e.g. `postgresql://…`) a server database and wins over both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from kith.errors import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS = (
    Setting("home", "KITH_HOME", "(platform user data dir)", "folder for kith.db and demo data"),
    Setting("db", "KITH_DB", "<home>/kith.db", "SQLite database file"),
    Setting("database_url", "KITH_DATABASE_URL", "", "server database URL, e.g. postgresql://…"),
    Setting("tz", "KITH_TZ", "(system zone)", "time zone for sources without one and --as-of"),
)


def user_dir() -> Path:
    home = os.environ.get("KITH_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir("kith", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(db_path: str | os.PathLike[str] | None = None) -> str:
    """Resolve the database: explicit path, then KITH_DATABASE_URL, KITH_DB, the user dir."""
    if db_path:
        return sqlite_url(Path(db_path), named=True)
    url = os.environ.get("KITH_DATABASE_URL")
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    env_db = os.environ.get("KITH_DB")
    if env_db:
        return sqlite_url(Path(env_db), named=True)
    return sqlite_url(user_dir() / "kith.db")


def sqlite_url(path: Path, named: bool = False) -> str:
    """The URL of a SQLite file. Kith makes its own data folder; a file the user named
    must be in a folder that exists, so a mistyped path is an error, not a new database."""
    path = path.expanduser().resolve()
    if named and not path.parent.is_dir():
        raise UsageError(
            f"{path.parent}: no such folder — check the path given to --db or KITH_DB "
            "(Kith creates the file, not its folder)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def local_zone() -> ZoneInfo:
    """The user's zone: KITH_TZ, else the system's (via /etc/localtime or TZ), else UTC."""
    name = os.environ.get("KITH_TZ") or os.environ.get("TZ")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise UsageError(
                f"unknown time zone {name!r} — set KITH_TZ to a name like Europe/Berlin"
            ) from exc
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            return ZoneInfo(link.split("zoneinfo/", 1)[1])
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return ZoneInfo("UTC")


def local_time(value: str | datetime | None, minutes: bool = False) -> str:
    """A time from the JSON (UTC) as the user reads it: in their zone (KITH_TZ).

    `kith log --at 15:00` must come back as 15:00, not 13:00 UTC, and a stage set
    on the 29th must not read as the 28th. A plain date stays as it is.
    """
    if isinstance(value, datetime):
        moment = value
    elif not value or len(value) <= 10:
        return value or ""
    else:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M" if minutes else "%Y-%m-%d")
