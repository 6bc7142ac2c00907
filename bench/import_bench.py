"""How fast does `kith import` take in big exports, against the least any importer must do?

For each export `bench/exports.py` writes (generated here unless `--data` names a
folder that has them), measured in the same run, each in its own fresh Python
process so that its peak memory (`resource.getrusage` maxrss) is its own:

* LinkedIn `messages.csv`: `service.import_path` on a fresh SQLite file, against a
  baseline that parses the same file with the `csv` module, inserts the rows with
  bare `sqlite3` `executemany` in one transaction and builds an FTS5 index over
  the text. Target: Kith at least 50% of the baseline's rows/s.
* mbox: `service.import_path` against merely parsing the file with `mailbox.mbox`
  (default `compat32` policy). Target: at least 70%.
* WhatsApp: `service.import_path` alone (no baseline is asked for), rows/s and memory.

Peak memory target: under 500 MB each. Ratios, not absolute times, compare across
machines.

    python bench/import_bench.py --messages 200000 --mbox 50000 --whatsapp 100000
    python bench/import_bench.py --data bench/data            # reuse generated files
"""

from __future__ import annotations

import argparse
import csv
import json
import mailbox
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINKEDIN, MBOX, WHATSAPP = "messages.csv", "mail.mbox", "WhatsApp Chat with Founders breakfast.txt"


# --- what one child process measures ------------------------------------------------


def kith_import(path: Path, source: str, scratch: Path) -> int:
    from kith import service
    from kith.store import Store

    store = Store.open(f"sqlite:///{scratch / 'kith.db'}")
    try:
        report = service.import_path(store, path, source)
    finally:
        store.close()
    return report.touches_added


def csv_sqlite_fts(path: Path, scratch: Path) -> int:
    """The baseline: csv module -> one executemany transaction -> an FTS5 index over the text."""
    conn = sqlite3.connect(scratch / "baseline.db")
    conn.execute(
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation TEXT, title TEXT,"
        " sender TEXT, sender_url TEXT, recipient TEXT, recipient_urls TEXT, at TEXT,"
        " subject TEXT, content TEXT, folder TEXT, attachments TEXT)"
    )
    with path.open(encoding="utf-8", newline="") as f, conn:
        rows = csv.reader(f)
        next(rows)
        conn.executemany(
            "INSERT INTO messages (conversation, title, sender, sender_url, recipient,"
            " recipient_urls, at, subject, content, folder, attachments)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute(
            "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages',"
            " content_rowid='id')"
        )
        conn.execute("INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages")
    count = int(conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0])
    conn.close()
    return count


def mbox_parse(path: Path) -> int:
    """The baseline: parse every message with the standard library (compat32 policy)."""
    box = mailbox.mbox(path, create=False)
    try:
        return sum(1 for _ in box)
    finally:
        box.close()


def measure(job: str, path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        start, cpu_start = time.perf_counter(), time.process_time()
        if job == "baseline-csv":
            rows = csv_sqlite_fts(path, scratch)
        elif job == "baseline-mbox":
            rows = mbox_parse(path)
        else:
            rows = kith_import(path, job.removeprefix("kith-"), scratch)
        seconds = time.perf_counter() - start
        # CPU time as well: on a shared machine the wall clock also counts other jobs.
        cpu_seconds = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"rows": rows, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb}


# --- the parent: run each job in a fresh process, compare ---------------------------


def run(job: str, path: Path) -> dict[str, float]:
    env = {**os.environ, "KITH_TZ": "UTC", "KITH_HOME": tempfile.mkdtemp(prefix="kith-bench-")}
    done = subprocess.run(
        [sys.executable, __file__, "--job", job, str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        raise SystemExit(f"{job} on {path} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def line(label: str, r: dict[str, float]) -> str:
    rate = r["rows"] / r["seconds"] if r["seconds"] else 0.0
    return (
        f"  {label:<34} {r['rows']:>10,.0f} rows {r['seconds']:>8.1f} s "
        f"{rate:>10,.0f} rows/s  (cpu {r['cpu_seconds']:.1f} s)  peak {r['peak_mb']:,.0f} MB"
    )


def compare(title: str, path: Path, kith_job: str, baseline: str | None, target: float) -> None:
    print(f"{title}: {path.name} ({path.stat().st_size / 1e6:,.1f} MB)")
    ours = run(kith_job, path)
    print(line("kith import (service.import_path)", ours))
    if baseline is None:
        return
    base = run(baseline, path)
    label = (
        "csv + sqlite3 executemany + FTS5" if baseline == "baseline-csv" else "mailbox.mbox parse"
    )
    print(line(label, base))
    ratio = (ours["rows"] / ours["seconds"]) / (base["rows"] / base["seconds"])
    cpu_ratio = (ours["rows"] / ours["cpu_seconds"]) / (base["rows"] / base["cpu_seconds"])
    verdict = "meets" if ratio >= target else "below"
    print(f"  ratio kith/baseline: {ratio:.2f} ({verdict} the {target:.0%} target)")
    print(f"  same ratio in CPU time (less sensitive to other jobs): {cpu_ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help="folder with the exports (default: generate)")
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--mbox", type=int, default=50_000)
    parser.add_argument("--whatsapp", type=int, default=100_000)
    args = parser.parse_args()
    if args.job:
        print(json.dumps(measure(args.job, args.path)))
        return
    with tempfile.TemporaryDirectory() as folder:
        data = args.data or Path(folder)
        if args.data is None:
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "exports.py"),
                    str(data),
                    f"--messages={args.messages}",
                    f"--people={args.people}",
                    f"--mbox={args.mbox}",
                    f"--whatsapp={args.whatsapp}",
                ],
                check=True,
            )
        if (data / LINKEDIN).exists():
            compare("LinkedIn", data / LINKEDIN, "kith-linkedin", "baseline-csv", 0.5)
        if (data / MBOX).exists():
            compare("mbox", data / MBOX, "kith-mbox", "baseline-mbox", 0.7)
        if (data / WHATSAPP).exists():
            compare("WhatsApp", data / WHATSAPP, "kith-whatsapp", None, 0.0)


if __name__ == "__main__":
    main()
