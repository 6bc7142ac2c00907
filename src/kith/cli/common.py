"""What every command shares: opening the store, turning errors into `Error: …`,
printing JSON or Rich output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from kith import service
from kith.config import local_time  # noqa: F401  (re-exported for the commands)
from kith.errors import KithError
from kith.service import Store

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of a table.")


@contextmanager
def session(ctx: typer.Context) -> Iterator[Store]:
    """Open the store named by --db / KITH_DB / KITH_DATABASE_URL; report Kith errors."""
    store: Store | None = None
    try:
        store = service.open_store((ctx.obj or {}).get("db"))
        yield store
    except KithError as exc:
        fail(exc)
    finally:
        if store is not None:
            store.close()


def fail(exc: KithError) -> None:
    err_console.print(f"Error: {exc}", markup=False)
    raise typer.Exit(exc.exit_code)


@contextmanager
def errors() -> Iterator[None]:
    try:
        yield
    except KithError as exc:
        fail(exc)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def say(message: str) -> None:
    console.print(message, markup=False)


def clip(text: str, limit: int) -> str:
    """Cut at a word boundary and say so, for one-line evidence."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
