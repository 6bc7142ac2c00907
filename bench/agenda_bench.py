"""How fast is `kith today` as the network grows, against scanning all history?

Builds a synthetic network (N people, T touches each, two years, a realistic share
of recent conversations) in a throwaway SQLite file through the real store, then
times in the same run:
  - `today`: the agenda from per-person summaries (what Kith does), and the number
    of SQL statements it issues;
  - baseline: reading every touch once, the least any history-scanning agenda
    must do (the approach of the CRMs that need seconds at 10,000 contacts).
Ratios, not absolute times, are what to compare across machines.

    python bench/agenda_bench.py --people 10000 --touches 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text

from kith import engine
from kith.models import Identity, ImportReport, PersonRef, Record, TouchRecord
from kith.store import Store

END = datetime(2026, 5, 1, 12, tzinfo=UTC)
CHANNELS = ["dm", "email", "chat", "call", "video", "meeting", "comment"]


def synthetic(people: int, touches: int, seed: int = 1) -> Iterator[Record]:
    rng = random.Random(seed)
    for n in range(people):
        ref = PersonRef(f"Person {n}", (Identity("email", f"p{n}@example.com"),))
        # Most people are quiet: their last conversation was months or years ago;
        # about one in fifty talked in the last month.
        last = rng.uniform(0, 30) if rng.random() < 0.02 else rng.expovariate(1 / 300) + 30
        for k in range(touches):
            at = END - timedelta(days=last + rng.uniform(0, 700), minutes=k)
            yield TouchRecord(
                "bench",
                f"bench:{n}:{k}",
                ref,
                rng.choice(CHANNELS),
                rng.choice(["in", "out"]),
                at,
                f"message {k} about topic {rng.randint(1, 500)}",
                thread_key=f"t{n}",
            )


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build the database here once and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.db"
        reuse = path.exists()
        store = Store.open(f"sqlite:///{path}")
        start = time.perf_counter()
        if not reuse:
            store.ingest(synthetic(args.people, args.touches), ImportReport("bench"))
        import_s = time.perf_counter() - start
        tz = UTC
        statements = 0

        def count(*_: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(store.engine, "before_cursor_execute", count)
        items = engine.agenda(store.snapshot(END, tz))
        per_call = statements
        today_s = timed(lambda: engine.agenda(store.snapshot(END, tz)))

        def scan_all() -> None:
            with store.engine.connect() as conn:
                for _ in conn.execute(
                    text("SELECT person_id, channel, direction, at FROM touches ORDER BY 1, 4")
                ):
                    pass

        baseline_s = timed(scan_all, repeat=3)
        store.close()
    total = args.people * args.touches
    if not reuse:
        print(
            f"people={args.people:,} touches={total:,} import={import_s:.1f}s "
            f"({total / import_s:,.0f} touches/s)"
        )
    print(f"today: {today_s * 1000:.0f} ms, {per_call} SQL statements, {len(items)} items")
    print(f"baseline (read every touch once): {baseline_s * 1000:.0f} ms")
    print(f"ratio baseline/today: {baseline_s / today_s:.1f}x")


if __name__ == "__main__":
    main()
