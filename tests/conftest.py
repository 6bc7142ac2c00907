"""Shared fixtures: a private user directory per test, the corpus, a database path.

Under CI (`CI=true`) a missing corpus or service is a failure, not a skip: a green
run must mean every test ran.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kith.store import Store

pytest_plugins = ["pg_cluster"]

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def require(condition: bool, why: str) -> None:
    """Skip locally when a resource is missing; fail under CI."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI=true: a missing resource is a failure)")
    pytest.skip(why)


@pytest.fixture(autouse=True)
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Kith's user data dir at a temporary folder: no test touches real data."""
    home = tmp_path / "kith-home"
    monkeypatch.setenv("KITH_HOME", str(home))
    monkeypatch.delenv("KITH_DB", raising=False)
    monkeypatch.delenv("KITH_DATABASE_URL", raising=False)
    monkeypatch.setenv("KITH_TZ", "UTC")
    return home


@pytest.fixture
def corpus() -> Path:
    require(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kith.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kith.db'}"
    return str(request.getfixturevalue("pg_db_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


# Hypothesis: no deadlines — these machines are slow and noisy.
from hypothesis import settings  # noqa: E402

settings.register_profile("kith", deadline=None)
# Under CI the examples are derived from the test, so a run is repeatable and a landing
# never hangs on a lucky draw; locally each run explores new inputs (and the fuzz tests
# keep finding real bugs there).
settings.register_profile("kith-ci", deadline=None, derandomize=True, database=None)
settings.load_profile("kith-ci" if os.environ.get("CI") == "true" else "kith")


DEMO_AS_OF = "2026-05-01"  # the demo's story is written around this day


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """One `kith demo --as-of 2026-05-01 --json` per test run: the database and what the
    command printed. Never change it in place: copy the file to change it."""
    from typer.testing import CliRunner

    from kith.cli import app

    home = tmp_path_factory.mktemp("demo-run")
    db = home / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KITH_HOME", str(home))
        mp.setenv("KITH_TZ", "UTC")
        mp.delenv("KITH_DB", raising=False)
        mp.delenv("KITH_DATABASE_URL", raising=False)
        result = CliRunner().invoke(app, ["--db", str(db), "demo", "--as-of", DEMO_AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout)
