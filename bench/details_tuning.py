"""Detail extraction on the tuning set, scored exactly as bench/coach_eval.py scores it.

tests/data/coach_tuning/details.jsonl was written after the blind evaluation set, by
the engineer tuning the rules, so it is for tuning only: the number to report is
still the held-out `test` split of bench/coach_eval.py. Run:

    .venv/bin/python bench/details_tuning.py            # tuning and dev, side by side
    .venv/bin/python bench/details_tuning.py --misses   # also list what was missed or wrong
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import coach_eval  # same folder: run as a script, bench/ is on sys.path

from kith.engine.details_extract import extract

TUNING = Path(__file__).resolve().parents[1] / "tests" / "data" / "coach_tuning"


def scores() -> dict[str, dict[str, Any]]:
    # coach_eval reads `split: tuning` from tests/data/coach_tuning.
    return {"tuning": coach_eval.details("tuning"), "dev": coach_eval.details("dev")}


def misses() -> Iterator[str]:
    """Each tuning message whose extraction differs from its labels (never the eval set)."""
    rows = [json.loads(line) for line in (TUNING / "details.jsonl").read_text().splitlines()]
    for row in rows:
        found = extract(row["text"])
        lines = []
        for gold in row["details"]:
            hit = any(
                c.kind == gold["kind"]
                and all(k.lower() in c.text.lower() for k in gold["keywords"])
                for c in found
            )
            if not hit:
                lines.append(f"   missed {gold['kind']}: {gold['keywords']}")
        for c in found:
            fits = any(
                g["kind"] == c.kind and all(k.lower() in c.text.lower() for k in g["keywords"])
                for g in row["details"]
            )
            if not fits:
                lines.append(f"   extra  {c.kind}: {c.text!r}")
        if lines:
            yield f"{row['id']} {row['text']!r}\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list tuning misses and extras")
    args = parser.parse_args()
    results = scores()
    print("split".ljust(20) + "".join(s.rjust(12) for s in results))
    for measure in ("precision", "recall"):
        values = [coach_eval.fmt(r[measure]) for r in results.values()]
        print(f"details {measure}".ljust(20) + "".join(v.rjust(12) for v in values))
    sizes = (f"{s}: {r['gold']} gold, {r['extracted']} extracted" for s, r in results.items())
    print(", ".join(sizes))
    kinds = sorted(results["tuning"]["per_kind"])
    for kind in kinds:
        row = results["tuning"]["per_kind"][kind]
        p, r = coach_eval.fmt(row["precision"]), coach_eval.fmt(row["recall"])
        print(f"  tuning {kind}".ljust(22) + f"P {p}  R {r}")
    if args.misses:
        for block in misses():
            print(block)


if __name__ == "__main__":
    main()
