"""`story add`, `story list`: your own stories, for briefs to suggest where they fit."""

from __future__ import annotations

import typer

from kith.cli.common import JSON_OPTION, print_json, say, session
from kith.service import sharing

story_app = typer.Typer(
    help="Your stories, matched to people in `kith brief`.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(story_app, name="story")


@story_app.command("add")
def add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The story, in a few sentences."),
    topic: str = typer.Option(None, "--topic", help="What it is about (matched to topics)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Keep a story of yours."""
    with session(ctx) as store:
        data = sharing.add_story(store, text, topic)
    print_json(data) if as_json else say(f"Story {data['id']} kept.")


@story_app.command("list")
def list_stories(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Your stories."""
    with session(ctx) as store:
        data = sharing.stories(store)
    if as_json:
        print_json(data)
        return
    for s in data:
        say(f"{s['id']:>3}  [{s['topic'] or '—'}] {s['text']}")
