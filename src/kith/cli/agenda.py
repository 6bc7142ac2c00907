"""`today`, `done`, `snooze`, `dismiss`: the daily agenda and acting on it."""

from __future__ import annotations

from datetime import date

import typer
from rich.text import Text

from kith import service
from kith.cli.common import JSON_OPTION, clip, console, local_time, print_json, say, session

ITEM = typer.Argument(..., metavar="ITEM", help="The item's id, from `kith today --json`.")
ACTION_LABELS = {
    "reply": "Reply",
    "nudge": "Nudge",
    "follow_up": "Follow up",
    "reconnect": "Reconnect",
    "send_dm": "Send a DM",
    "propose_call": "Propose a call",
    "close": "Close kindly",
    "send_material": "Send material",
    "book_converge": "Book the converging session",
    "send_summary": "Send the brainstorm summary",
    "check_in_call": "Call to check in",
    "acknowledge_delay": "Acknowledge your delay",
    "say_hello": "Say hello",
    "share": "Share",
    "introduce": "Introduce",
    "remember_date": "Remember the date",
}


def register(app: typer.Typer) -> None:
    app.command("today")(today)
    app.command("done")(done)
    app.command("snooze")(snooze)
    app.command("dismiss")(dismiss)


def today(
    ctx: typer.Context,
    as_of: str = typer.Option(
        None, "--as-of", help="Compute as of the end of this day (YYYY-MM-DD)."
    ),
    limit: int = typer.Option(None, "--limit", min=1, help="At most this many items."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Who to talk to today, what to do, why, and through which channel."""
    with session(ctx) as store:
        data = service.today(store, as_of, limit)
        empty = not data["items"] and store.is_empty()
    if as_json:
        print_json(data)
    elif empty:  # a first run: nothing is due because nothing is known yet
        say("No one here yet — `kith import PATH` brings in an export, `kith demo` shows a year.")
    else:
        render_agenda(data)


def render_agenda(data: dict) -> None:
    items = data["items"]
    total = data.get("total", len(items))
    things = "thing" if total == 1 else "things"
    count = f"{len(items)} of {total}" if total > len(items) else str(total)
    console.print(Text(f"Today, {data['as_of']} — {count} {things} worth doing", style="bold"))
    if not items:
        say("Nothing is due. A good day to write something worth replying to.")
    for n, item in enumerate(items, 1):
        label = ACTION_LABELS.get(item["action"], item["action"])
        head = Text(f"\n{n:>2}. ", style="bold")
        head.append(f"{label}: {item['person']['name']}", style="bold cyan")
        head.append(f"  via {item['channel'] or '—'} · score {item['score']:.2f}", style="dim")
        console.print(head)
        say(f"    {item['why']}.")
        for ev in item["evidence"][:2]:
            if ev.get("text"):
                say(f"    {local_time(str(ev['at']))} {ev['kind']}: “{clip(ev['text'], 110)}”")
        if item.get("draft"):
            console.print(Text(f"    Draft: {item['draft']}", style="green"))
        console.print(Text(f"    id: {item['id']}", style="dim"))


def done(ctx: typer.Context, item: str = ITEM, as_json: bool = JSON_OPTION) -> None:
    """Mark an agenda item done; it will not come back for the same cause."""
    with session(ctx) as store:
        data = service.act_on_item(store, item, "done")
    print_json(data) if as_json else say(f"Done: {item}")


def snooze(
    ctx: typer.Context,
    item: str = ITEM,
    until: str = typer.Option(..., "--until", help="Hide it until this day (YYYY-MM-DD)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Hide an agenda item until a date."""
    with session(ctx) as store:
        data = service.act_on_item(store, item, "snoozed", until=until)
    if as_json:
        print_json(data)
        return
    say(f"Snoozed until {until}: {item}")
    if data["until"] <= date.today().isoformat():
        say("Note: that day is not in the future, so the item is back on today's agenda.")


def dismiss(
    ctx: typer.Context,
    item: str = ITEM,
    reason: str = typer.Option(None, "--reason", help="Why it does not apply."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Dismiss an agenda item for good."""
    with session(ctx) as store:
        data = service.act_on_item(store, item, "dismissed", reason=reason)
    print_json(data) if as_json else say(f"Dismissed: {item}")
