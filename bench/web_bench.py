"""How fast do the web app's Today and Person pages answer on the demo database?

Builds the demo (`kith demo --as-of 2026-05-01`) in a throwaway folder, starts the
real `kith serve` on a free loopback port, and times full HTTP round trips for
`/` (Today), `/people/{id}` (the person with the most touches) and their JSON
twins, after a warm-up. Each request opens the store, as the app always does.
Optionally also the People page on a large synthetic database (`--people-db`).

    python bench/web_bench.py --requests 200
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

AS_OF = "2026-05-01"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(db: Path, home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "KITH_HOME": str(home), "KITH_TZ": "UTC"}
    code = "from kith.cli import main; main()"
    args = ["--db", str(db), "serve", "--port", str(port), "--as-of", AS_OF]
    process = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/login", timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("kith serve did not start")


def timings(client: httpx.Client, path: str, n: int) -> list[float]:
    for _ in range(5):
        client.get(path).raise_for_status()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--people-db", type=Path, help="also time the pages on this database")
    parser.add_argument("--match", default="", help="only paths containing this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        db = home / "demo.db"
        env = {**os.environ, "KITH_HOME": str(home), "KITH_TZ": "UTC"}
        code = "from kith.cli import main; main()"
        subprocess.run(
            [sys.executable, "-c", code, "--db", str(db), "demo", "--as-of", AS_OF],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )
        targets = [("demo", db)]
        if args.people_db:
            targets.append(("people-db", args.people_db))
        for label, database in targets:
            process, url = start(database, home)
            try:
                with httpx.Client(base_url=url, timeout=30) as client:
                    top = client.get("/api/people", params={"sort": "touches", "per_page": 1})
                    pid = top.json()["items"][0]["id"]
                    paths = ["/", "/api/today", f"/people/{pid}", f"/api/people/{pid}"]
                    paths += ["/people", "/people?q=an&sort=name&page=3"]
                    paths += ["/api/people?goal=connect"]
                    print(f"{label}: {database.name}, {args.requests} requests per path, ms")
                    print(f"{'path':<36} {'p50':>7} {'p95':>7} {'max':>7}")
                    for path in [p for p in paths if args.match in p]:
                        values = timings(client, path, args.requests)
                        print(
                            f"{path:<36} {statistics.median(values):7.1f} "
                            f"{p(values, 0.95):7.1f} {max(values):7.1f}"
                        )
            finally:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
