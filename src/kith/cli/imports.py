"""`import`, `imports`: bring an export in, report what happened, undo it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kith import service
from kith.cli.common import JSON_OPTION, err_console, local_time, print_json, say, session
from kith.service import imports as imports_service
from kith.service.imports import import_url

INTERRUPTED = 130  # what a shell reports for Ctrl-C


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("imports")(imports)


def import_(
    ctx: typer.Context,
    source_or_path: str = typer.Argument(
        None, metavar="[SOURCE] PATH", help="SOURCE (default auto) then PATH."
    ),
    path: str = typer.Argument(None, hidden=True),
    exclude: list[str] = typer.Option(
        None,
        "--exclude",
        help="Keep out, now and in later imports: address:EMAIL|PHONE|URL, "
        "thread:SUBJECT, chat:NAME, label:NAME. Repeatable.",
    ),
    undo: int = typer.Option(
        None, "--undo", metavar="ID", help="Remove what import ID added (ids: `kith imports`)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a file, folder or zip (LinkedIn export, engagement CSV…); safe to repeat.

    A folder or zip of mixed exports imports every file Kith recognises and lists the rest.
    One transaction: Ctrl-C or a crash leaves the database as it was.
    """
    if undo is not None:
        _undo(ctx, undo, as_json)
        return
    if source_or_path is None:
        raise typer.BadParameter("give the PATH to import (or --undo ID)")
    source, target = ("auto", source_or_path) if path is None else (source_or_path, path)
    try:
        with session(ctx) as store, _progress(enabled=not as_json) as tick:
            if target.startswith(("http://", "https://")):
                imported = import_url(store, target, source, exclude=exclude or ())
            else:
                imported = service.import_path(
                    store, Path(target), source, exclude=exclude or (), progress=tick
                )
            report = imported.as_dict()
    except imports_service.InterruptedAfterImport as stop:
        saved = stop.report.import_id
        err_console.print(
            f"Interrupted after the import was saved (import {saved}); its messages were not "
            f"read for details. `kith import --undo {saved}` removes it."
        )
        raise typer.Exit(INTERRUPTED) from None
    except KeyboardInterrupt:
        _interrupted()
    except Exception as exc:
        if not _cancelled_by_ctrl_c(exc):
            raise
        _interrupted()
    if as_json:
        print_json(report)
        return
    _render(report, target)


def _interrupted() -> None:
    err_console.print("Interrupted — nothing was imported; the database is as it was.")
    raise typer.Exit(INTERRUPTED) from None


def _cancelled_by_ctrl_c(exc: BaseException) -> bool:
    """Ctrl-C while PostgreSQL runs a statement: psycopg cancels the statement and the
    server's "canceling statement due to user request" comes back as a database error."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, KeyboardInterrupt) or type(seen).__name__ == "QueryCanceled":
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return False


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A Rich progress line on a terminal's stderr; nothing when piped or with --json."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("Importing… {task.completed:,} records"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.update(task, completed=n)


def _render(report: dict, target: str) -> None:
    say(
        f"Imported {report['source']} from {target}: "
        f"{_count(report['people_created'], 'person', 'people')} created, "
        f"{_count(report['touches_added'], 'touch', 'touches')} added, "
        f"{report['touches_skipped']} skipped"
        + (f", {report['engagements_added']} engagements" if report["engagements_added"] else "")
        + (f", {report['content_added']} posts" if report["content_added"] else "")
        + (f", {_count(report['news_added'], 'news item', 'news items')}" if _news(report) else "")
        + (
            f", {_count(report['people_merged'], 'person', 'people')} merged"
            if report["people_merged"]
            else ""
        )
        + (f", {report['excluded']} left out by exclusions" if report.get("excluded") else "")
        + "."
    )
    for file, source in report.get("sources", {}).items():
        say(f"  read {_within(file, target)} as {source}")
    for rule in report.get("exclusions_unmatched", []):
        say(
            f"Warning: --exclude {rule!r} matched nothing in this import — nothing was kept "
            "out by it; check the spelling (it is kept for later imports)."
        )
    if report["merge_suggestions"]:
        found = _count(report["merge_suggestions"], "possible duplicate", "possible duplicates")
        say(f"{found}: review with `kith merge --suggestions`.")
    if report["me"]:
        say(f"You are {report['me']} in this export.")
    for skipped in report["skipped"][:20]:
        where = f"{skipped['file']}" + (f", line {skipped['line']}" if skipped["line"] else "")
        say(f"  skipped {where}: {skipped['reason']}")
    if len(report["skipped"]) > 20:
        say(f"  … and {len(report['skipped']) - 20} more (see --json)")
    if report.get("import_id"):
        say(f"Import {report['import_id']}; undo with `kith import --undo {report['import_id']}`.")


def _within(file: str, folder: str) -> str:
    """A file of a folder import named from the folder the user gave (shorter to read)."""
    path = Path(file)
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else file


def _undo(ctx: typer.Context, import_id: int, as_json: bool) -> None:
    with session(ctx) as store:
        result = imports_service.undo_import(store, import_id)
    if as_json:
        print_json(result)
        return
    removed = ", ".join(f"{n} {what}" for what, n in result["removed"].items() if n)
    say(
        f"Undid import {import_id} ({result['source']} from {result['path']}): "
        f"removed {removed or 'nothing'}."
    )


def imports(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List past imports, newest last, with what each added (undo one with --undo ID)."""
    with session(ctx) as store:
        rows = imports_service.imports(store)
    if as_json:
        print_json(rows)
        return
    if not rows:
        say("No imports yet: `kith import PATH`.")
    for row in rows:
        state = " (undone)" if row["undone_at"] else ""
        added = (
            f"{_count(row['people_created'], 'person', 'people')}, "
            f"{_count(row['touches_added'], 'touch', 'touches')}"
            + _also_added(row)
        )
        when = local_time(row["started_at"], minutes=True)
        say(f"{row['id']:>4}  {when}  {row['source']:<11} {added}  {row['path']}{state}")


def _news(report: dict) -> bool:
    """Whether a report counts news items: every feed import does, even when none was new."""
    return bool(report.get("news_added")) or report.get("source") == "feed"


def _also_added(row: dict) -> str:
    """What an import added besides people and touches (a feed adds only news items)."""
    also = [
        _count(row.get(key, 0), one, many)
        for key, one, many in (
            ("engagements_added", "engagement", "engagements"),
            ("content_added", "post", "posts"),
            ("news_added", "news item", "news items"),
        )
        if row.get(key, 0) or (key == "news_added" and row["source"] == "feed")
    ]
    return "".join(f", {part}" for part in also)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"
