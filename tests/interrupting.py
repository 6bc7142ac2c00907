"""Shared by the tests that kill a real `kith import` mid-way: a big export, the
process, and the moment it is writing rows inside its transaction."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest


def big_engagement_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "platform", "post_url", "person_name", "profile_url", "kind", "text"])
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for n in range(rows):
            at = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow([at, "linkedin", f"https://example.com/p/{n % 300}", f"Person {n % 5000}",
                             f"https://www.linkedin.com/in/p-{n % 5000}", "comment", f"comment number {n}"])
    return path


def kith_process(db: Path | str, *args: str) -> subprocess.Popen[bytes]:
    """`kith ARGS` in its own process on a SQLite file (Path) or a server URL (str)."""
    env = {**os.environ, "KITH_DB": str(db)}
    env.pop("KITH_DATABASE_URL", None)
    if isinstance(db, str):
        env = {**os.environ, "KITH_DATABASE_URL": db}
        env.pop("KITH_DB", None)
    return subprocess.Popen([sys.executable, "-c", "from kith.cli import main; main()", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_until_importing(process: subprocess.Popen[bytes], big: Path) -> None:
    """Until the process has read the big file once (the importer's first pass) and a
    second past it: then it is writing rows inside its transaction."""
    io = Path(f"/proc/{process.pid}/io")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be interrupted"
        if io.exists():
            read = int(dict(line.split(": ") for line in io.read_text().splitlines())["rchar"])
            if read > big.stat().st_size * 1.3:
                time.sleep(1.0)
                assert process.poll() is None, "the import finished before it could be interrupted"
                return
        time.sleep(0.05)
    pytest.fail("the import never got going")
