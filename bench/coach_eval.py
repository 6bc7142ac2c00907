"""How good is the coach? Question types, flags and detail extraction on the eval set.

The set in tests/data/coach_eval was written and labelled blind to the rules (see its
README). The rules were tuned on `split: dev` only; `test` is held out and is the
number to report. Run:

    .venv/bin/python bench/coach_eval.py            # test (held out) and dev, side by side
    .venv/bin/python bench/coach_eval.py --json     # the same as JSON
    .venv/bin/python bench/coach_eval.py --split tune             # dev and tuning only
    .venv/bin/python bench/coach_eval.py --split tune --misses    # what they get wrong

`--split tuning` scores tests/data/coach_tuning (written after the blind set, for
tuning only; questions only). `--misses` refuses the test split.

Scoring, as the README defines it:
  - questions: accuracy per gold type (and overall);
  - flags: per kind, a flag in `must_flag` raised is a true positive, missed a false
    negative; a flag in `must_not_flag` raised is a false positive; a flag in neither
    list counts neither way;
  - details: a gold detail is matched by an extracted one of the same kind whose text
    contains every keyword (case-insensitive); one extracted detail matches at most one
    gold detail; precision = matched extracted / extracted, recall = matched gold / gold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from kith.engine.coach import coach
from kith.engine.coach_questions import classify
from kith.engine.details_extract import extract

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "coach_eval"
# Written after the blind set, for tuning only (see its README): questions only.
TUNING = Path(__file__).resolve().parents[1] / "tests" / "data" / "coach_tuning"
FLAGS = (
    "small_talk_only",
    "closed_questions",
    "no_question",
    "me_focus",
    "pressure",
    "oversharing",
)


def load(name: str, split: str) -> list[dict[str, Any]]:
    folder = TUNING if split == "tuning" else DATA
    if not (folder / name).exists():
        return []
    rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["split"] == split]


def questions(split: str) -> dict[str, Any]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for row in load("questions.jsonl", split):
        total[row["type"]] += 1
        right[row["type"]] += classify(row["text"]).type == row["type"]
    per_type = {k: {"n": total[k], "accuracy": right[k] / total[k]} for k in sorted(total)}
    overall = sum(right.values()) / sum(total.values())
    return {"n": sum(total.values()), "accuracy": overall, "per_type": per_type}


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def flags(split: str) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    rows = load("drafts.jsonl", split)
    for row in rows:
        raised = {f["kind"] for f in coach(row["text"])["flags"]}
        for kind in row["must_flag"]:
            (tp if kind in raised else fn)[kind] += 1
        for kind in row["must_not_flag"]:
            fp[kind] += kind in raised
    return {
        "n": len(rows),
        "per_flag": {
            k: {
                "precision": ratio(tp[k], tp[k] + fp[k]),
                "recall": ratio(tp[k], tp[k] + fn[k]),
                "tp": tp[k],
                "fp": fp[k],
                "fn": fn[k],
            }
            for k in FLAGS
        },
    }


def details(split: str) -> dict[str, Any]:
    matched = extracted = gold = 0
    per_kind: dict[str, Counter[str]] = {}
    for row in load("details.jsonl", split):
        found = extract(row["text"])
        used: set[int] = set()
        for g in row["details"]:
            counts = per_kind.setdefault(g["kind"], Counter())
            counts["gold"] += 1
            for i, candidate in enumerate(found):
                text = candidate.text.lower()
                if i in used or candidate.kind != g["kind"]:
                    continue
                if all(k.lower() in text for k in g["keywords"]):
                    used.add(i)
                    counts["matched"] += 1
                    break
        for candidate in found:
            per_kind.setdefault(candidate.kind, Counter())["extracted"] += 1
        gold += len(row["details"])
        extracted += len(found)
        matched += len(used)
    return {
        "precision": ratio(matched, extracted),
        "recall": ratio(matched, gold),
        "gold": gold,
        "extracted": extracted,
        "matched": matched,
        "per_kind": {
            k: {
                "precision": ratio(c["matched"], c["extracted"]),
                "recall": ratio(c["matched"], c["gold"]),
            }
            for k, c in sorted(per_kind.items())
        },
    }


def evaluate(split: str) -> dict[str, Any]:
    if split == "tuning":  # questions only: drafts and details are not in the tuning set
        return {"questions": questions(split)}
    return {"questions": questions(split), "flags": flags(split), "details": details(split)}


def fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:.3f}"


def report(results: dict[str, dict[str, Any]]) -> None:
    splits = list(results)
    print("split".ljust(34) + "".join(s.rjust(12) for s in splits))
    q = {s: results[s]["questions"] for s in splits}
    print(
        "question-type accuracy (all)".ljust(34)
        + "".join(fmt(q[s]["accuracy"]).rjust(12) for s in splits)
    )
    for kind in ("open", "closed", "small_talk"):
        line = f"  {kind}".ljust(34)
        print(line + "".join(fmt(q[s]["per_type"][kind]["accuracy"]).rjust(12) for s in splits))
    for kind in FLAGS:
        for measure in ("precision", "recall"):
            line = f"flag {kind} {measure}".ljust(34)
            values = [_get(results[s], "flags", "per_flag", kind, measure) for s in splits]
            print(line + "".join(fmt(v).rjust(12) for v in values))
    for measure in ("precision", "recall"):
        line = f"details {measure}".ljust(34)
        print(line + "".join(fmt(_get(results[s], "details", measure)).rjust(12) for s in splits))
    sizes = ", ".join(_sizes(s, results[s]) for s in splits)
    print(f"({sizes})")


def _get(result: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key not in result:
            return None
        result = result[key]
    return result


def _sizes(split: str, result: dict[str, Any]) -> str:
    if "flags" not in result:
        return f"{split}: {result['questions']['n']} questions"
    return (
        f"{split}: {result['questions']['n']} questions, {result['flags']['n']} drafts, "
        f"{result['details']['gold']} gold details"
    )


def misses(split: str) -> None:
    """Print the questions the rules get wrong — never for the held-out split."""
    if split == "test":
        raise SystemExit("--misses is for dev and tuning only: the test split stays unseen")
    for row in load("questions.jsonl", split):
        verdict = classify(row["text"])
        if verdict.type != row["type"]:
            print(f"{split} {row['id']} {row['type']:>10} got {verdict.type:<10} {row['text']}")


def hashes() -> dict[str, str]:
    return {
        name: hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        for name in ("questions.jsonl", "drafts.jsonl", "details.jsonl")
    }


SPLITS = {
    "both": ["test", "dev"],
    "all": ["test", "dev", "tuning"],
    "tune": ["dev", "tuning"],  # everything but the held-out split
    "test": ["test"],
    "dev": ["dev"],
    "tuning": ["tuning"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=tuple(SPLITS), default="both")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--misses", action="store_true", help="list wrongly typed questions (dev, tuning)"
    )
    args = parser.parse_args()
    splits = SPLITS[args.split]
    if args.misses:
        for split in splits:
            misses(split)
        return
    results = {s: evaluate(s) for s in splits}
    if args.json:
        print(json.dumps({"sha256": hashes(), **results}, indent=2))
    else:
        report(results)
        for name, digest in hashes().items():
            print(f"sha256 {name} {digest}")


if __name__ == "__main__":
    main()
