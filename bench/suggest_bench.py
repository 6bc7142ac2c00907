"""How fast are merge suggestions at the end of an import, and how many are right?

Builds what users have: `bench/exports.py` writes a LinkedIn `messages.csv` of
`--people` correspondents ("First A. Last" with a profile URL), imported into a
fresh SQLite file; then an mbox names some of them again by email — a display
name without the middle initial (a name ~20 LinkedIn people share, so the name
alone must say nothing) and bare addresses `first.last@domain`, half of them a
namesake with another given name at the same domain (john.doe@ / jane.doe@: never
the same person). Then `suggest_for` runs over everyone (a first import) and over
the newest 200 people (a small import), each run rolled back, in CPU time. With
`--against REV` the `suggest.py` of that git revision runs on the same database.

    .venv/bin/python bench/suggest_bench.py                      # 20,000 people
    .venv/bin/python bench/suggest_bench.py --against HEAD~3
    .venv/bin/python bench/suggest_bench.py --db /tmp/mix.db     # reuse a database
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from exports import FIRST, person  # noqa: E402
from revisions import module_at  # noqa: E402


def mail(n: int, sender: str) -> str:
    """One message from `sender` and the user's answer."""
    address = sender.split("<")[-1].rstrip(">")
    return (
        f"From x@example.com Mon Mar 03 09:00:00 2025\nFrom: {sender}\nTo: Maya <maya@me.example>\n"
        f"Date: Mon, 03 Mar 2025 09:00:00 +0000\nMessage-ID: <m{n}@bench.example>\n"
        f"Subject: hi {n}\n\nHello Maya\n\n"
        f"From x@example.com Mon Mar 03 10:00:00 2025\nX-Gmail-Labels: Sent\n"
        f"From: Maya <maya@me.example>\nTo: {address}\nDate: Mon, 03 Mar 2025 10:00:00 +0000\n"
        f"Message-ID: <r{n}@bench.example>\nIn-Reply-To: <m{n}@bench.example>\n"
        f"Subject: Re: hi {n}\n\nHi\n\n"
    )


def mbox_text(people: int, named: int, bare: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for n in range(named + bare):
        first, _, last = person(rng.randrange(people))[0].split(" ")
        domain = f"{last.lower()}-{rng.randrange(40)}.example"
        if n < named:
            out.append(mail(n, f"{first} {last} <{first.lower()}@{domain}>"))
        else:
            given = FIRST[(FIRST.index(first) + 1) % len(FIRST)] if n % 2 else first
            out.append(mail(n, f"{given.lower()}.{last.lower()}@{domain}"))
    return "".join(out)


def build(folder: Path, messages: int, people: int) -> Path:
    from kith import service
    from kith.store import Store

    subprocess.run(
        [sys.executable, str(HERE / "exports.py"), str(folder), f"--messages={messages}",
         f"--people={people}", "--mbox=0", "--whatsapp=0"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    mbox = folder / "mail.mbox"
    mbox.write_text(mbox_text(people, named=people * 3 // 20, bare=people // 10))
    db = folder / "kith.db"
    store = Store.open(f"sqlite:///{db}")
    try:
        service.import_path(store, folder / "messages.csv", "linkedin")
        service.import_path(store, mbox, "mbox")
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM merge_suggestions")
    finally:
        store.close()
    return db


def run(conn: Any, job: Callable[[], int], repeat: int) -> tuple[float, int, Counter[str]]:
    """Best CPU time of `repeat` rolled-back runs, how many pairs, and their kinds of reason."""
    from kith.store.suggest import list_suggestions

    best, found, reasons = float("inf"), 0, Counter[str]()
    for _ in range(repeat):
        cpu = time.process_time()
        found = job()
        best = min(best, time.process_time() - cpu)
        reasons = Counter(
            "; ".join(part.split(" (")[0].split(" from ")[0] for part in r["reason"].split("; "))
            for r in list_suggestions(conn, 1)
        )
        conn.rollback()
    return best, found, reasons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--db", type=Path, help="a database this script built, to reuse")
    parser.add_argument("--keep", type=Path, help="keep the built database here")
    parser.add_argument("--against", help="a git revision whose suggest.py to time as well")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from sqlalchemy import create_engine

    from kith.store import suggest

    modules = {"this tree": suggest}
    if args.against:
        modules[args.against] = module_at(args.against, "store.suggest")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build(Path(folder), args.messages, args.people)
        if args.keep and not args.db:
            args.keep.write_bytes(db.read_bytes())
        with create_engine(f"sqlite:///{db}").connect() as conn:
            ids = sorted(pid for (pid,) in conn.exec_driver_sql("SELECT id FROM people"))
            conn.rollback()
            now = datetime.now(UTC)
            for label, targets in (("everyone", ids), ("the newest 200", ids[-200:])):
                print(f"suggest_for {label} ({len(targets):,} of {len(ids):,} people)")
                for name, module in modules.items():
                    job = lambda m=module, t=targets: m.suggest_for(conn, 1, t, now)  # noqa: E731
                    cpu, found, reasons = run(conn, job, args.repeat)
                    kinds = ", ".join(f"{n} {k}" for k, n in reasons.most_common(4)) or "none"
                    print(f"  {name:>12}: {cpu * 1000:6.0f} ms CPU, {found:4} pairs ({kinds})")


if __name__ == "__main__":
    main()
