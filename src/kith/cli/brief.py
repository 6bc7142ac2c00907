"""`brief`: everything to prepare a conversation with one person."""

from __future__ import annotations

import typer
from rich.text import Text

from kith.cli.common import JSON_OPTION, console, print_json, say, session
from kith.service import brief as brief_service


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)


def brief(
    ctx: typer.Context,
    person: str = typer.Argument(
        ..., help="A name (unambiguous prefix), email, profile URL or id."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Prepare as of the end of this day."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Who they are, where you stand, what to talk about, and what to ask."""
    with session(ctx) as store:
        data = brief_service.brief(store, person, as_of)
    if as_json:
        print_json(data)
    else:
        render(data)


def render(d: dict) -> None:
    who = d["who"]
    head = Text(d["person"]["name"], style="bold cyan")
    role = " · ".join(x for x in (who["position"], who["company"]) if x)
    if role:
        head.append(f"  {role}", style="dim")
    console.print(head)
    met = d["met"]
    if met.get("how"):
        say(f"Met: {met['how']}, {str(met['at'])[:10]}")
    s = d["strength"]
    layer = f", in your closest {s['layer']}" if s["layer"] else ""
    value = "never contacted" if s["strength"] is None else f"{s['strength']:.2f} ({s['label']})"
    say(f"Goal {d['goal']} · stage {d['stage']} · strength {value}{layer}")
    say(f"This conversation is for: {d['purpose']}")
    _section("Last conversations")
    for c in d["last_conversations"]:
        when = " (planned)" if c["status"] == "planned" else ""
        say(f"  {c['at'][:10]} {c['channel']}{when} {c['direction']}: {c['gist'] or '—'}")
    _section("Details you remember")
    for detail in d["details"] or [{"text": "— (kith remember PERSON TEXT)"}]:
        say(f"  • {detail['text']}")
    _section("Open action items")
    for owner, label in (("mine", "you"), ("theirs", "them")):
        for a in d["action_items"][owner]:
            say(f"  {label}: {a['text']} (due {a['due'] or '—'})")
    if d["topics"]:
        say("Topics: " + ", ".join(d["topics"]))
    if s["owes"]:
        say(
            f"Rhythm: {s['owes']}"
            + (f"; cadence every {s['cadence_days']} days" if s["cadence_days"] else "")
        )
    _section("Three questions to ask")
    for q in d["questions"]:
        say(f"  ? {q}")
    if d["story"]:
        _section("A story of yours that fits")
        say(f"  {d['story']['text']}")
    say(f"Openness: {d['openness']}")


def _section(title: str) -> None:
    console.print(Text(f"\n{title}", style="bold"))
