"""`kith coach`: feedback on a draft message, criterion by criterion."""

from __future__ import annotations

import sys
from typing import Any

import typer

from kith.cli.common import err_console, errors, print_json, say, session
from kith.service import coach as coach_service

VERDICT = {"good": "✓", "improve": "✗", "n/a": "·"}


def register(app: typer.Typer) -> None:
    app.command("coach")(coach)


def coach(
    ctx: typer.Context,
    text: str = typer.Argument(None, help="The draft, or `-` to read it from stdin."),
    to: str = typer.Option(None, "--to", help="Who it is for: adds their history and details."),
    channel: str = typer.Option(None, "--channel", help="dm, email, chat, letter, comment…"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Feedback on a draft: its questions, flags and the seed's practices (English)."""
    if text is None and sys.stdin.isatty():
        err_console.print("Error: give the draft as TEXT, or `-` to read it from stdin.")
        raise typer.Exit(2)
    draft = sys.stdin.read() if text in (None, "-") else text
    if to is None:
        with errors():
            data = coach_service.coach(None, draft, None, channel)
    else:
        with session(ctx) as store:
            data = coach_service.coach(store, draft, to, channel)
    if as_json:
        print_json(data)
    else:
        render(data)


def render(data: dict[str, Any]) -> None:
    if data["questions"]:
        say("Questions")
        for q in data["questions"]:
            say(f"  [{q['type']}] {q['text']}")
            if q.get("suggestion"):
                say(f"      try: {q['suggestion']}")
    else:
        say("Questions: none")
    say("Flags" if data["flags"] else "Flags: none")
    for f in data["flags"]:
        say(f"  {f['kind']}: {f['message']}")
    say("Criteria")
    for c in data["criteria"]:
        say(f"  {VERDICT[c['verdict']]} {c['name']} ({c['verdict']}): {c['message']}")
    to = data.get("to")
    if to:
        _render_context(to)


def _render_context(to: dict[str, Any]) -> None:
    say(f"For {to['person']['name']}")
    last = to.get("last_message")
    if last:
        say(f"  Their last message ({last['at'][:10]}, {last['channel']}): {last['text']}")
        reply = to.get("answers_last_message") or {}
        say(f"  Your draft: {reply.get('kind', '—').replace('_', ' ')}")
    if to.get("polite_wait_until"):
        say(f"  Polite wait until: {to['polite_wait_until'][:16].replace('T', ' ')} UTC")
    for d in to["details"]:
        source = d.get("source") or {}
        where = (
            f"{source.get('channel')} {str(source.get('at'))[:10]}" if source.get("at") else "you"
        )
        say(f"  remembered: {d['text']}  (from {where})")
    if to["topics"]:
        say(f"  topics: {', '.join(to['topics'])}")
    if to.get("talks_about"):
        say(f"  they talk about lately: {', '.join(to['talks_about'])}")
