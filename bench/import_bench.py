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

And a third job for each, the floor: the least any importer writing into Kith's own
schema must do (`schema_floor`): a person and a thread per key, one touch row each
with its `source_id` digest, the touches' indexes the agenda reads (`(person_id, at)`,
`(thread_id, at)`, the unique source id), the FTS index, and the per-person summaries
`kith today` answers from. It skips everything else an import does (identity
matching, merges, bulk mail, exclusions, details, suggestions; for mail also MIME,
transfer encodings, RFC 2047 and quoted replies), so its ratio is a ceiling: no
importer on this schema can beat it.

Peak memory target: under 500 MB each. Ratios, not absolute times, compare across
machines.

    python bench/import_bench.py --messages 200000 --mbox 50000 --whatsapp 100000
    python bench/import_bench.py --data bench/data            # reuse generated files
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import mailbox
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

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


def schema_floor(path: Path, scratch: Path, rows_of: FloorReader) -> int:
    """The floor: the minimum rows, indexes and summaries Kith's schema needs, no more."""
    from kith.store import Store
    from kith.store.summary import refresh_summaries

    store = Store.open(f"sqlite:///{scratch / 'floor.db'}")
    with store.engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("DROP TRIGGER touches_fts_insert")  # indexed in bulk at the end
        people, rows = rows_of(path)
        cursor.executemany(
            "INSERT INTO people (id, account_id, name, created_at) VALUES (?, 1, ?, ?)",
            [(pid, name, "2026-01-01 00:00:00.000000") for (name, _), pid in people.items()],
        )
        cursor.executemany(
            "INSERT INTO identities (account_id, person_id, kind, value)"
            " VALUES (1, ?, 'profile', ?)",
            [(pid, key) for (_, key), pid in people.items()],
        )
        threads = sorted({row[1] for row in rows})
        cursor.executemany(
            "INSERT INTO threads (id, account_id, source_id, channel) VALUES (?, 1, ?, 'dm')",
            [(tid, f"floor:{tid}") for tid in threads],
        )
        cursor.executemany(
            "INSERT INTO touches (account_id, person_id, thread_id, source, source_id, channel,"
            " direction, at, text, status, is_bulk, is_group, import_id)"
            " VALUES (1, ?, ?, 'floor', ?, 'dm', ?, ?, ?, 'held', 0, 0, 1)",
            rows,
        )
        cursor.execute("INSERT INTO touches_fts (rowid, text) SELECT id, text FROM touches")
        refresh_summaries(conn, 1, people.values())
    store.close()
    return len(rows)


People = dict[tuple[str, str], int]  # (name, identity) -> person id
FloorRows = list[tuple[Any, ...]]  # (person, thread, source id, direction, at, text)
FloorReader = Callable[[Path], tuple[People, FloorRows]]


def digest(*parts: str) -> str:
    return "floor:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def linkedin_floor_rows(path: Path) -> tuple[People, FloorRows]:
    """One csv pass: a person per profile URL, a thread per conversation, a row per message."""
    owner = _most_frequent(row[3] for row in _csv_rows(path, 2000) if row[3])
    people: People = {}
    threads: dict[str, int] = {}
    rows: FloorRows = []
    for conv, _title, sender, sender_url, to, to_urls, date, *_, content, _f, _a in _csv_rows(
        path, None
    ):
        if not sender:
            continue  # a system row
        outgoing = sender_url == owner
        pid = people.setdefault(
            (to, to_urls) if outgoing else (sender, sender_url), len(people) + 1
        )
        tid = threads.setdefault(conv, len(threads) + 1)
        at = date[:19] + ".000000"  # "2026-05-01 10:31:10 UTC", stored as naive UTC
        sid = digest(conv, sender_url, date, str(pid))
        rows.append((pid, tid, sid, "out" if outgoing else "in", at, content.strip() or None))
    return people, rows


def _csv_rows(path: Path, limit: int | None) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        yield from itertools.islice(reader, limit)


def _most_frequent(values: Iterable[str]) -> str:
    return Counter(values).most_common(1)[0][0]


HEADER = re.compile(rb"^(From|To|Date|Message-ID|Subject): *(.*)$", re.MULTILINE | re.IGNORECASE)


def mbox_floor_rows(path: Path) -> tuple[People, FloorRows]:
    """Far less than a mail importer does: messages split at From_ lines, five headers
    found by one regex, the body taken as UTF-8 as it stands (no MIME, no transfer
    encoding, no quoted replies), threads by subject. A ceiling, not an importer."""
    messages = [_mbox_message(chunk) for chunk in path.read_bytes().split(b"\nFrom ")]
    owner = _most_frequent(parseaddr(h.get("from", ""))[1] for h, _ in messages[:2000])
    people: People = {}
    threads: dict[str, int] = {}
    rows: FloorRows = []
    for headers, body in messages:
        name, sender = parseaddr(headers.get("from", ""))
        outgoing = sender == owner
        if outgoing:
            name, sender = parseaddr(headers.get("to", ""))
        pid = people.setdefault((name, sender), len(people) + 1)
        subject = headers.get("subject", "").removeprefix("Re: ")
        tid = threads.setdefault(subject, len(threads) + 1)
        at = parsedate_to_datetime(headers["date"]).astimezone(UTC).replace(tzinfo=None)
        sid = digest(headers.get("message-id", ""), str(pid))
        rows.append((pid, tid, sid, "out" if outgoing else "in", at.isoformat(" "), body))
    return people, rows


def _mbox_message(chunk: bytes) -> tuple[dict[str, str], str]:
    head, _, body = chunk.partition(b"\n\n")
    headers = {k.decode().lower(): v.decode().strip() for k, v in HEADER.findall(head)}
    return headers, body.decode("utf-8", "replace").strip()


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
        elif job == "floor-csv":
            rows = schema_floor(path, scratch, linkedin_floor_rows)
        elif job == "floor-mbox":
            rows = schema_floor(path, scratch, mbox_floor_rows)
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


def compare(
    title: str,
    path: Path,
    kith_job: str,
    baseline: str | None,
    target: float,
    floor: str | None = None,
) -> None:
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
    if floor is not None:
        least = run(floor, path)
        print(line("floor: Kith's schema, nothing else", least))
        ceiling = (least["rows"] / least["seconds"]) / (base["rows"] / base["seconds"])
        cpu_ceiling = (least["rows"] / least["cpu_seconds"]) / (base["rows"] / base["cpu_seconds"])
        print(
            f"  ceiling for any importer on this schema: {ceiling:.2f} of the baseline"
            f" ({cpu_ceiling:.2f} in CPU time)"
        )


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
            compare("LinkedIn", data / LINKEDIN, "kith-linkedin", "baseline-csv", 0.5, "floor-csv")
        if (data / MBOX).exists():
            compare("mbox", data / MBOX, "kith-mbox", "baseline-mbox", 0.7, "floor-mbox")
        if (data / WHATSAPP).exists():
            compare("WhatsApp", data / WHATSAPP, "kith-whatsapp", None, 0.0)


if __name__ == "__main__":
    main()
