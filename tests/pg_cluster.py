"""A throwaway PostgreSQL cluster for the tests, started and removed by the test session.

Tests never touch a system PostgreSQL service: the session runs `initdb` into a temporary
directory, starts the server on a free port on 127.0.0.1 (and a unix socket inside that
directory) with durability switched off for speed, and trusts every local connection. At
the end of the session, or when starting it fails halfway, the server is stopped and the
directory removed.

PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the directory
is handed to the `postgres` user and the server binaries run through `runuser`.

`pg_url` is one empty database for the session; `pg_db_url` is a brand-new database per
test, so tests that write cannot see each other. Both are SQLAlchemy URLs for psycopg 3.
Whoever builds an engine on them disposes of it before the test ends.
"""

from __future__ import annotations

import gc
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_USER = "postgres"
DEBIAN_BIN_DIRS = Path("/usr/lib/postgresql")
INITDB_OPTIONS = ("--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "log_min_messages": "warning",
}


def require(condition: bool, why: str) -> None:
    """Skip locally when a resource is missing; fail under CI (as conftest's `require`)."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI=true: a missing resource is a failure)")
    pytest.skip(why)


def find_server_bin() -> Path | None:
    """Return the directory holding `initdb`, `pg_ctl` and `postgres`: PATH, then Debian's."""
    on_path = shutil.which("initdb")
    if on_path and _has_server(Path(on_path).resolve().parent):
        return Path(on_path).resolve().parent
    candidates = [p for p in DEBIAN_BIN_DIRS.glob("*/bin") if _has_server(p)]
    candidates.sort(key=lambda p: _version_key(p.parent.name), reverse=True)
    return candidates[0] if candidates else None


def _has_server(bin_dir: Path) -> bool:
    return all(os.access(bin_dir / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user_exists() -> bool:
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        return False
    return True


@dataclass
class Cluster:
    """One running server: where its files are, and how to run its tools."""

    bin_dir: Path
    root: Path
    port: int
    as_root: bool
    server: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def command(self, tool: str, *args: str) -> list[str]:
        """Build a server binary's command line, run as `postgres` when we are root."""
        command = [str(self.bin_dir / tool), *args]
        if self.as_root:
            return ["runuser", "-u", SERVER_USER, "--", *command]
        return command

    def run(self, tool: str, *args: str) -> None:
        """Run a server binary to completion; raise with its output when it fails."""
        done = subprocess.run(
            self.command(tool, *args),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{tool} failed ({done.returncode}):\n{done.stdout}{done.stderr}{self._log_tail()}"
            )

    def _log_tail(self) -> str:
        if not self.log.exists():
            return ""
        return "\n--- server log ---\n" + "\n".join(self.log.read_text().splitlines()[-30:])

    def init(self) -> None:
        """Create the data directory, configured for speed and for this cluster alone."""
        self.socket_dir.mkdir()
        if self.as_root:
            shutil.chown(self.root, SERVER_USER)
            shutil.chown(self.socket_dir, SERVER_USER)
        self.run("initdb", "-D", str(self.data), "-U", SERVER_USER, *INITDB_OPTIONS)
        settings = {
            **SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# kith tests: throwaway cluster\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self, timeout: float = 60) -> None:
        """Run the server and wait until it accepts connections.

        It runs as our own child, not through `pg_ctl start`, so that stopping it also reaps
        it instead of leaving a zombie to whatever process adopts orphans.
        """
        with self.log.open("ab") as log:
            self.server = subprocess.Popen(
                self.command("postgres", "-D", str(self.data)),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches pytest, which then stops the server
            )
        deadline = time.monotonic() + timeout
        while not self._ready():
            if self.server.poll() is not None:
                raise RuntimeError(f"postgres exited ({self.server.returncode}){self._log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres was not ready after {timeout}s{self._log_tail()}")
            time.sleep(0.05)

    def _ready(self) -> bool:
        # The postmaster writes "ready" as the 8th line of its pid file, as pg_ctl -w reads it.
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return False
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def stop(self) -> None:
        """Stop the server if it runs; a throwaway cluster needs no clean shutdown."""
        if self.server is None or self.server.poll() is not None:
            return
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    def execute(self, sql: str) -> None:
        """Run one statement in the maintenance database, outside a transaction."""
        import psycopg

        conninfo = f"host=127.0.0.1 port={self.port} user={SERVER_USER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql)


def start_cluster(bin_dir: Path) -> Iterator[Cluster]:
    """Start a cluster in a new temporary directory; stop and remove it afterwards."""
    as_root = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="kith-pg-"))
    cluster = Cluster(bin_dir=bin_dir, root=root, port=free_port(), as_root=as_root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A running throwaway PostgreSQL server for the whole session."""
    bin_dir = find_server_bin()
    require(
        bin_dir is not None,
        "PostgreSQL server binaries (initdb, pg_ctl) are not on PATH nor in "
        f"{DEBIAN_BIN_DIRS}/*/bin: install them with `apt-get install postgresql`",
    )
    if os.geteuid() == 0:
        require(
            _server_user_exists() and shutil.which("runuser") is not None,
            f"running as root needs a `{SERVER_USER}` user and `runuser` to start PostgreSQL",
        )
    require(_psycopg_installed(), "psycopg is not installed: pip install -e '.[test]'")
    assert bin_dir is not None
    yield from start_cluster(bin_dir)


def _psycopg_installed() -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def pg_url(pg_cluster: Cluster) -> str:
    """The SQLAlchemy URL of a fresh, empty database shared by the session."""
    pg_cluster.execute("CREATE DATABASE kith")
    return pg_cluster.url("kith")


_database_numbers = itertools.count(1)


def _collect_leaked_connections() -> None:
    # A connection the test left open then warns now, failing this test, rather than at
    # interpreter exit with no test to blame. The first pass only hands a lost SQLAlchemy
    # connection back to its pool; a later one frees the pool and the connection in it.
    for _ in range(3):
        if not gc.collect():
            return


@pytest.fixture
def pg_db_url(pg_cluster: Cluster) -> Iterator[str]:
    """The SQLAlchemy URL of a brand-new database for this test alone; dropped after it."""
    name = f"kith_test_{next(_database_numbers)}"
    pg_cluster.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.url(name)
    _collect_leaked_connections()
    pg_cluster.execute(f"DROP DATABASE {name} WITH (FORCE)")
