"""`kith backup PATH`: a consistent copy of the SQLite database, taken while Kith runs.

SQLite's online backup API copies page by page under the database's own locks, so
the copy is whole even with the web app writing, and it folds the WAL into one
file (copying `kith.db` alone could miss the last minutes in `kith.db-wal`). A
server database has its own tools (`pg_dump`); Kith does not pretend to be one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from kith.errors import InvalidValue, UsageError
from kith.store import Store


def backup(store: Store, target: Path) -> dict[str, Any]:
    """Copy the open SQLite database into `target`, a new file."""
    if store.dialect != "sqlite":
        raise UsageError(
            "kith backup copies a SQLite database — for PostgreSQL use pg_dump on the server"
        )
    if target.exists():
        raise InvalidValue(f"{target} already exists — give a new file name for the backup")
    if not target.parent.is_dir():
        raise InvalidValue(f"{target.parent} is not a folder — create it first")
    raw = store.engine.raw_connection()
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()
    return {"path": str(target), "bytes": target.stat().st_size}
