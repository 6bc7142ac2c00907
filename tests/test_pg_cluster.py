"""The throwaway PostgreSQL cluster gives each test a working, empty, private database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

USER_TABLES = "select count(*) from information_schema.tables where table_schema = 'public'"


@pytest.fixture
def engine(pg_db_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_db_url)
    yield engine
    engine.dispose()


def test_url_is_for_psycopg_on_loopback(pg_db_url: str, pg_url: str) -> None:
    assert pg_db_url.startswith("postgresql+psycopg://")
    assert "@127.0.0.1:" in pg_db_url
    assert pg_db_url != pg_url


def test_server_answers_and_listens_on_loopback_only(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.scalar(text("select version()")).startswith("PostgreSQL ")
        assert conn.scalar(text("show listen_addresses")) == "127.0.0.1"
        assert conn.scalar(text("show fsync")) == "off"


def test_database_starts_empty_and_takes_a_table(engine: Engine) -> None:
    with engine.begin() as conn:
        assert conn.scalar(text(USER_TABLES)) == 0
        conn.execute(text("create table person (id serial primary key, name text not null)"))
        conn.execute(text("insert into person (name) values ('Ada'), ('Grace')"))
        assert conn.scalar(text("select count(*) from person")) == 2
        conn.execute(text("drop table person"))
        assert conn.scalar(text(USER_TABLES)) == 0


@pytest.mark.parametrize("attempt", ["first", "second"])
def test_each_test_gets_its_own_database(engine: Engine, attempt: str) -> None:
    # Left in place on purpose: the second run fails if it shares the first one's database.
    with engine.begin() as conn:
        conn.execute(text("create table isolation_probe (attempt text)"))
        conn.execute(text("insert into isolation_probe values (:attempt)"), {"attempt": attempt})


def test_session_database_is_empty(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("select current_database()")) == "kith"
            assert conn.scalar(text(USER_TABLES)) == 0
    finally:
        engine.dispose()
