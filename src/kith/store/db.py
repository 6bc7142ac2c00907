"""Open a database and bring its schema up to date.

The store migrates when it opens (as llm's `LogStore` does), so a new file and an
old one take the same path. SQLite runs in WAL mode with foreign keys on; a
PostgreSQL URL goes through the same migrations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from kith.errors import DatabaseError
from kith.store.schema import accounts

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_ACCOUNT = 1
# The newest migration. Opening an up-to-date database compares its stored revision to
# this instead of asking Alembic, whose import and script scan cost every command about
# a tenth of a second; tests/test_store_backends.py checks it is Alembic's head.
LATEST_REVISION = "0004"


def connect(url: str) -> Engine:
    """Create an engine with the pragmas Kith relies on, then migrate."""
    try:
        engine = _create(url)
        migrate(engine)
        _ensure_default_account(engine)
    except (OperationalError, SQLAlchemyDatabaseError) as exc:
        where = url.split("@")[-1]
        raise DatabaseError(
            f"cannot open the database at {where}: {exc.orig} — check the path or URL "
            "(--db, KITH_DB, KITH_DATABASE_URL) and that it is a Kith database"
        ) from exc
    return engine


def _create(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.driver == "psycopg":
            event.listen(engine, "connect", _drop_nul_characters)
        return engine
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit off is the driver's default; WAL lets readers run during an import.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _drop_nul_characters(dbapi_connection: Any, _record: Any) -> None:
    """PostgreSQL text cannot hold U+0000, which exports do carry now and then (a stray byte
    in a message). Without this one such byte fails the whole import; SQLite keeps it."""
    from psycopg.types.string import StrBinaryDumper, StrDumperUnknown

    class NulFreeText(StrDumperUnknown):
        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", "") if "\x00" in obj else obj)

    class NulFreeBinary(StrBinaryDumper):
        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", "") if "\x00" in obj else obj)

    dbapi_connection.adapters.register_dumper(str, NulFreeText)
    dbapi_connection.adapters.register_dumper(str, NulFreeBinary)


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest migration, as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a new, empty one)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks; each runs in its own transaction."""
    if current_revision(engine) == LATEST_REVISION:
        return
    from alembic import command  # only when there is something to migrate

    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _ensure_default_account(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.execute(select(accounts.c.id).where(accounts.c.id == DEFAULT_ACCOUNT)).first():
            return
        conn.execute(
            insert(accounts).values(
                id=DEFAULT_ACCOUNT, name="default", created_at=datetime.now(UTC)
            )
        )
