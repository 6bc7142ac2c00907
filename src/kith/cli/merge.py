"""`merge`, `unmerge`: one person, however many identities."""

from __future__ import annotations

import typer

from kith.cli.common import JSON_OPTION, local_time, print_json, say, session
from kith.service import identity


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
    app.command("unmerge")(unmerge)


def merge(
    ctx: typer.Context,
    keep: str = typer.Argument(None, metavar="A", help="The person who stays."),
    merge_in: str = typer.Argument(None, metavar="B", help="The person merged into A."),
    suggestions: bool = typer.Option(
        False, "--suggestions", help="List likely duplicates with ids, score and reason."
    ),
    accept: int = typer.Option(
        None, "--accept", metavar="ID", help="Merge the pair of suggestion ID."
    ),
    reject: int = typer.Option(
        None, "--reject", metavar="ID", help="Mark suggestion ID as two different people."
    ),
    history: bool = typer.Option(
        False, "--history", help="List past merges with their ids (for `kith unmerge`)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Merge person B into person A (`kith merge A B`), or review suggestions.

    `kith merge --suggestions` lists likely duplicates; accept one with
    `kith merge --accept ID` (or `kith merge A B`), dismiss it with
    `kith merge --reject ID`. Every merge can be undone: `kith unmerge MERGE_ID`
    (ids in `kith merge --history`).
    """
    with session(ctx) as store:
        if suggestions:
            _show_suggestions(identity.suggestions(store), as_json)
        elif history:
            _show_history(identity.merges(store), as_json)
        elif accept is not None:
            _show_merge(identity.accept_suggestion(store, accept), as_json)
        elif reject is not None:
            result = identity.reject_suggestion(store, reject)
            print_json(result) if as_json else say(f"Suggestion {reject} rejected.")
        elif keep and merge_in:
            _show_merge(identity.merge(store, keep, merge_in), as_json)
        else:
            raise typer.BadParameter(
                "name two people (`kith merge A B`) or use --suggestions, --accept, --reject"
            )


def _show_merge(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    say(
        f"Merged {result['merged']['name']} ({result['merged']['id']}) into "
        f"{result['survivor']['name']} ({result['survivor']['id']}) — merge {result['merge']}; "
        f"undo with `kith unmerge {result['merge']}`."
    )


def _show_suggestions(rows: list[dict], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    if not rows:
        say("No open merge suggestions.")
    for row in rows:
        a, b = row["a"], row["b"]
        say(f"{row['id']:>4}  score {row['score']:.2f}  {row['reason']}")
        for side in (a, b):
            company = f", {side['company']}" if side.get("company") else ""
            known = "; ".join(side["identities"][:3])
            say(f"      {side['id']:>6}  {side['name']}{company}  [{known}]")
    if rows:
        say("Accept: `kith merge --accept ID`; reject: `kith merge --reject ID`.")


def _show_history(rows: list[dict], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    if not rows:
        say("No merges yet.")
    for row in rows:
        state = " (undone)" if row["undone"] else ""
        say(
            f"{row['id']:>4}  {local_time(row['at'], minutes=True)}  {row['merged']['name']} "
            f"({row['merged']['id']}) into {row['survivor']['name']} ({row['survivor']['id']}), "
            f"{row['cause']}{state}"
        )


def unmerge(
    ctx: typer.Context,
    merge_id: int = typer.Argument(..., metavar="MERGE_ID", help="From `kith merge --history`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Undo a merge: both people come back as they were; later additions stay with A."""
    with session(ctx) as store:
        result = identity.unmerge(store, merge_id)
    if as_json:
        print_json(result)
        return
    say(
        f"Unmerged: {result['restored']['name']} ({result['restored']['id']}) is separate "
        f"from {result['survivor']['name']} ({result['survivor']['id']}) again."
    )
