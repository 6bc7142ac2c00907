"""How fast does the summary refresh after an import run, against reading the touches once?

Builds a database the way users do — `bench/exports.py` writes a LinkedIn
`messages.csv`, `service.import_path` imports it into a fresh SQLite file — then
times `refresh_summaries` over everyone (what an import that touched them all
does at its end, layers included), each run rolled back, against a baseline
measured in the same run: the least any summary must do, one plain read of
`SELECT person_id, at, direction, channel FROM touches ORDER BY person_id, at`
with the bare driver cursor. With `--against REV` the refresh of that git
revision (its `summary.py`) runs on the same database too, and must write the
same rows.

    .venv/bin/python bench/summary_bench.py --messages 100000 --people 10000
    .venv/bin/python bench/summary_bench.py --messages 100000 --people 10000 --against HEAD~1
    .venv/bin/python bench/summary_bench.py --db /tmp/li.db      # reuse a database

Times are the best and the median of `--repeat` runs, in CPU time (SQLite runs in
the process, so that is the work, and it is what other jobs on a shared machine
disturb least) and in wall time; ratios, not absolute times, compare across machines.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from revisions import module_at  # noqa: E402

TABLES = (
    "SELECT * FROM person_summary ORDER BY person_id",
    "SELECT * FROM channel_summary ORDER BY person_id, channel",
    "SELECT id, layer FROM people ORDER BY id",
)


def build(folder: Path, messages: int, people: int) -> Path:
    from kith import service
    from kith.store import Store

    subprocess.run(
        [
            sys.executable,
            str(HERE / "exports.py"),
            str(folder),
            f"--messages={messages}",
            f"--people={people}",
            "--mbox=0",
            "--whatsapp=0",
        ],
        check=True,
        capture_output=True,
    )
    db = folder / "kith.db"
    store = Store.open(f"sqlite:///{db}")
    try:
        start = time.perf_counter()
        report = service.import_path(store, folder / "messages.csv", "linkedin")
        took = time.perf_counter() - start
    finally:
        store.close()
    print(f"imported {report.touches_added:,} touches in {took:.1f} s into {db}")
    return db


def baseline(conn: Connection) -> None:
    cursor = conn.connection.cursor()
    cursor.execute("SELECT person_id, at, direction, channel FROM touches ORDER BY person_id, at")
    cursor.fetchall()
    cursor.close()


def timed(conn: Connection, job: Callable[[], Any]) -> tuple[float, float, list[list[Any]]]:
    """Run `job` in a transaction that is rolled back; return its CPU and wall times and
    what it wrote."""
    cpu, wall = time.process_time(), time.perf_counter()
    job()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    written = [conn.exec_driver_sql(sql).fetchall() for sql in TABLES]
    conn.rollback()
    return cpu, wall, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="an imported SQLite file to reuse")
    parser.add_argument("--keep", type=Path, help="keep the built database here")
    parser.add_argument("--against", help="a git revision whose refresh to time as well")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from kith.store import summary

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build(Path(folder), args.messages, args.people)
        if args.keep and not args.db:
            args.keep.write_bytes(db.read_bytes())
        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            ids = [pid for (pid,) in conn.exec_driver_sql("SELECT id FROM people")]
            touches = conn.exec_driver_sql("SELECT COUNT(*) FROM touches").scalar_one()
            jobs: dict[str, Callable[[], Any]] = {
                "baseline: read (person, at, direction, channel)": lambda: baseline(conn),
                "refresh_summaries (this tree)": lambda: summary.refresh_summaries(conn, 1, ids),
            }
            if args.against:
                then = module_at(args.against, "store.summary")
                jobs[f"refresh_summaries ({args.against})"] = lambda: then.refresh_summaries(
                    conn, 1, ids
                )
            cpu: dict[str, list[float]] = {name: [] for name in jobs}
            wall: dict[str, list[float]] = {name: [] for name in jobs}
            written: dict[str, list[list[Any]]] = {}
            for _ in range(args.repeat):
                for name, job in jobs.items():
                    cpu_s, wall_s, rows = timed(conn, job)
                    cpu[name].append(cpu_s)
                    wall[name].append(wall_s)
                    written[name] = rows
        engine.dispose()
    print(f"{touches:,} touches, {len(ids):,} people; best of {args.repeat} runs")
    report("CPU time (time.process_time)", cpu)
    report("wall time", wall)
    same(written)


def report(title: str, times: dict[str, list[float]]) -> None:
    print(f"{title}:")
    base = min(next(iter(times.values())))
    for name, runs in times.items():
        best = min(runs)
        print(
            f"  {name:<50} {best * 1000:>8,.0f} ms  (median {statistics.median(runs) * 1000:,.0f})"
            f"  {best / base:>5.1f}x baseline"
        )
    names = [name for name in times if name.startswith("refresh")]
    if len(names) == 2:
        print(f"  speed-up: {min(times[names[1]]) / min(times[names[0]]):.1f}x")


def same(written: dict[str, list[list[Any]]]) -> None:
    names = [name for name in written if name.startswith("refresh")]
    if len(names) == 2:
        alike = written[names[0]] == written[names[1]]
        print(f"same rows written by both: {'yes' if alike else 'NO'}")


if __name__ == "__main__":
    main()
