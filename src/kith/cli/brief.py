"""`brief`: everything to prepare a conversation with one person."""

from __future__ import annotations

import calendar
from typing import Any

import typer
from rich.text import Text

from kith.cli.common import JSON_OPTION, clip, console, local_time, print_json, say, session
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
    """One page to read before the conversation; a section with nothing in it is left out."""
    _header(d)
    if d["last_conversations"]:
        _section("Last conversations")
        for c in d["last_conversations"]:
            when = " (planned)" if c["status"] == "planned" else ""
            day = local_time(c["at"])
            say(f"  {day} {c['channel']}{when} {c['direction']}: {c['gist'] or '—'}")
    if d["details"]:
        _section("Details you remember")
        for detail in d["details"]:
            say(f"  • {detail['text']}")
    mine, theirs = d["action_items"]["mine"], d["action_items"]["theirs"]
    if mine or theirs:
        _section("Open action items")
        for label, items in (("you", mine), ("them", theirs)):
            for a in items:
                due = f", due {a['due']}" if a["due"] else ""
                say(f"  {label}{due}: {a['text']}")
    _section("Three questions to ask")
    for q in d["questions"]:
        say(f"  ? {q}")
    if d["story"]:
        _section("A story of yours that fits")
        say(f"  {d['story']['text']}")
    _section("How much to share")
    say(f"  {d['openness']}")
    if not d["details"]:
        tip = f'\nTip: kith remember "{d["person"]["name"]}" TEXT keeps a detail for next time.'
        console.print(Text(tip, style="dim"))


NOTES_SHOWN = 160  # characters of their contact notes on screen; --json has them whole


def personal_lines(dates: list[dict[str, Any]], notes: str | None) -> list[str]:
    """Their yearly dates with the next occurrence, and their contact notes, shortened."""
    lines = [f"{d['label'].capitalize()}: {_yearly(d)}" for d in dates]
    if notes and notes.strip():
        lines.append(f"Notes: {clip(notes, NOTES_SHOWN)}")
    return lines


def _yearly(d: dict[str, Any]) -> str:
    day = f"{d['day']} {calendar.month_abbr[d['month']]}"
    if d["next"] is None:
        return day
    days = d["in_days"]
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    turns = ""
    if d["years"]:
        turns = f", turns {d['years']}" if d["kind"] == "birthday" else f", {d['years']} years"
    return f"{day} — next {d['next']} ({when}{turns})"


def _header(d: dict) -> None:
    who = d["who"]
    head = Text(d["person"]["name"], style="bold cyan")
    role = " · ".join(x for x in (who["position"], who["company"]) if x)
    if role:
        head.append(f"  {role}", style="dim")
    console.print(head)
    met = d["met"]
    if met.get("how"):
        say(f"Met: {met['how']}, {local_time(met['at'])}")
    s = d["strength"]
    value = "never contacted" if s["strength"] is None else f"{s['strength']:.2f}, {s['label']}"
    layer = f" · in your closest {s['layer']}" if s["layer"] else ""
    say(f"Goal {d['goal']} · stage {d['stage']} · strength {value}{layer}")
    rhythm = [s["owes"]] if s["owes"] else []
    if s["cadence_days"]:
        rhythm.append(f"cadence every {s['cadence_days']} days")
    if rhythm:
        say("Rhythm: " + "; ".join(rhythm))
    for line in personal_lines(d["dates"], d["notes"]):
        say(line)
    if d["topics"]:
        say("Topics: " + ", ".join(d["topics"]))
    say(f"This conversation is for: {d['purpose']}")


def _section(title: str) -> None:
    console.print(Text(f"\n{title}", style="bold"))
