"""`log`, `remember`, `details`, `goal`, `stage`, `cadence`, `tag`, `topic`, `action`:
keeping what matters about a relationship."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from kith import service
from kith.cli.common import JSON_OPTION, err_console, local_time, print_json, say, session
from kith.service import detail_memory as details_service

PERSON = typer.Argument(..., help="Name (unambiguous prefix), email, profile URL or id.")


def register(app: typer.Typer) -> None:
    for command in (log, remember, details, goal, stage, cadence, tag, topic):
        app.command(command.__name__)(command)
    actions = typer.Typer(help="Mutual action items: what, owner, due date.", no_args_is_help=True)
    actions.command("add")(action_add)
    actions.command("done")(action_done)
    actions.command("list")(action_list)
    app.add_typer(actions, name="action")


def _done(data: dict, as_json: bool, message: str) -> None:
    if as_json:
        print_json(data)
    else:
        say(message)


def log(
    ctx: typer.Context,
    person: str = PERSON,
    channel: str = typer.Option(
        ..., "--channel", help="comment, dm, email, chat, letter, call, video, meeting…"
    ),
    at: str = typer.Option(
        None, "--at", help="When (YYYY-MM-DD or YYYY-MM-DDTHH:MM, your zone); default now."
    ),
    planned: bool = typer.Option(False, "--planned", help="It is booked, not yet held."),
    purpose: str = typer.Option(
        None, "--purpose", help="explore, brainstorm, converge, check_in, social."
    ),
    direction: str = typer.Option("out", "--direction", help="`out` (you reached out) or `in`."),
    note: str = typer.Option(None, "--note", help="What was said or agreed."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a conversation by hand (a call, a coffee, a letter)."""
    with session(ctx) as store:
        data = service.log(store, person, channel, at, planned, purpose, direction, note)
    when = local_time(data["at"], minutes=True)
    _done(
        data,
        as_json,
        f"Logged a {data['status']} {channel} with {data['person']['name']} at {when}.",
    )
    if not as_json:
        _timing_note(data)


def _timing_note(data: dict) -> None:
    """A held conversation in the future (or a planned one in the past) is usually a
    forgotten --planned; say so, since it changes what the agenda proposes."""
    ahead = datetime.fromisoformat(data["at"].replace("Z", "+00:00")) > datetime.now(UTC)
    if data["status"] == "held" and ahead:
        say("Note: that time is in the future — if it is booked, not held, log it with --planned.")
    elif data["status"] == "planned" and not ahead:
        say("Note: that time has passed — without --planned it is logged as held.")


def remember(
    ctx: typer.Context,
    person: str = PERSON,
    text: str = typer.Argument(..., help="The detail."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Keep a detail about someone ("daughter Mia starts school in September")."""
    with session(ctx) as store:
        data = service.remember(store, person, text)
    _done(data, as_json, f"Remembered for {data['person']['name']}: {data['text']}")


def details(
    ctx: typer.Context,
    person: str = typer.Argument(
        ..., help="Name, email, profile URL or id — or `accept` / `reject` followed by an ID."
    ),
    detail_id: str = typer.Argument(None, metavar="[ID]", help="With accept/reject: the detail."),
    pending: bool = typer.Option(
        False, "--pending", help="Find details in their messages and notes; list them to confirm."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """What you remember about someone, with where it came from.

    `kith details PERSON --pending` proposes details found in their messages and your
    notes; `kith details accept ID` / `kith details reject ID` decides.
    """
    if person in ("accept", "reject") and detail_id is not None:
        _decide(ctx, person, detail_id, as_json)
        return
    if detail_id is not None:
        err_console.print(
            "Error: use `kith details PERSON`, or `kith details accept|reject ID`.", markup=False
        )
        raise typer.Exit(2)
    with session(ctx) as store:
        if pending:
            data = details_service.pending(store, person)
        else:
            data = details_service.details(store, person)
            data["pending_count"] = len(
                details_service.details(store, person, "pending")["details"]
            )
    if as_json:
        print_json(data)
        return
    _render_details(data, pending)


def _decide(ctx: typer.Context, verb: str, detail_id: str, as_json: bool) -> None:
    if not detail_id.isdigit():
        err_console.print(
            f"Error: {detail_id!r} is not a detail id — copy one from `kith details PERSON "
            f"--pending`.",
            markup=False,
        )
        raise typer.Exit(2)
    status = "accepted" if verb == "accept" else "rejected"
    with session(ctx) as store:
        data = details_service.set_status(store, int(detail_id), status)
    _done(data, as_json, f"{status.capitalize()}: {data['text']}")


def _source(detail: dict) -> str:
    source = detail.get("source") or {}
    if not source.get("at"):
        return "added by you"
    said = "they wrote" if source.get("direction") == "in" else "your note"
    return f"{said}, {source['channel']} {source['at'][:10]}"


def _render_details(data: dict, pending: bool) -> None:
    name = data["person"]["name"]
    if not data["details"]:
        if pending:
            say(f"Nothing waiting for confirmation about {name}.")
        else:
            say(f"Nothing remembered about {name} yet — `kith remember`.")
    for detail in data["details"]:
        kind = f"[{detail['kind']}] " if detail.get("kind") else ""
        when = f" (about {detail['about_at'][:10]})" if detail.get("about_at") else ""
        prefix = f"{detail['id']:>4}  " if pending else f"{detail['at'][:10]}  "
        say(f"{prefix}{kind}{detail['text']}{when}  — {_source(detail)}")
    if pending and data["details"]:
        say("Keep one with `kith details accept ID`, drop it with `kith details reject ID`.")
    if pending and data.get("suggested_topics"):
        topics = ", ".join(data["suggested_topics"])
        say(
            f"They talk about lately: {topics} — `kith topic {name.split()[0]} add TEXT` to "
            f"keep one."
        )
    if not pending and data.get("pending_count"):
        say(
            f"{data['pending_count']} more waiting for you — `kith details {name.split()[0]} "
            f"--pending`."
        )


def goal(
    ctx: typer.Context,
    person: str = PERSON,
    value: str = typer.Argument(..., metavar="connect|collaborate"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Set what you want from this relationship."""
    with session(ctx) as store:
        data = service.set_goal(store, person, value)
    _done(data, as_json, f"Goal with {data['person']['name']}: {value}")


def stage(
    ctx: typer.Context,
    person: str = PERSON,
    value: str = typer.Argument(..., metavar="STAGE"),
    at: str = typer.Option(None, "--at", help="When it changed (YYYY-MM-DD); default now."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Set the stage of a relationship (kept in its history)."""
    with session(ctx) as store:
        data = service.set_stage(store, person, value, at)
    since = local_time(data["at"])
    _done(data, as_json, f"{data['person']['name']} is now {value} (since {since}).")


def cadence(
    ctx: typer.Context,
    person: str = PERSON,
    value: str = typer.Argument(..., metavar="weekly|monthly|quarterly|half-yearly|yearly|Nd|none"),
    as_json: bool = JSON_OPTION,
) -> None:
    """How often to be in touch; any real conversation resets the clock."""
    with session(ctx) as store:
        data = service.set_cadence(store, person, value)
    every = f"every {data['cadence_days']} days" if data["cadence_days"] else "no cadence"
    _done(data, as_json, f"{data['person']['name']}: {every}.")


def tag(
    ctx: typer.Context,
    person: str = PERSON,
    value: str = typer.Argument(..., metavar="TAG"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Tag someone: `family` (kin decay slower), `client`, anything you filter by."""
    with session(ctx) as store:
        data = service.add_tag(store, person, value)
    _done(data, as_json, f"Tagged {data['person']['name']}: {data['tag']}")


def topic(
    ctx: typer.Context,
    person: str = PERSON,
    verb: str = typer.Argument(..., metavar="add"),
    value: str = typer.Argument(..., metavar="TEXT"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Note what is top-of-mind for someone (`kith topic PERSON add TEXT`)."""
    if verb != "add":
        say("Error: only `kith topic PERSON add TEXT` is supported — use `add`.")
        raise typer.Exit(2)
    with session(ctx) as store:
        data = service.add_topic(store, person, value)
    _done(data, as_json, f"Topic for {data['person']['name']}: {data['topic']}")


def action_add(
    ctx: typer.Context,
    person: str = PERSON,
    text: str = typer.Argument(..., help="What."),
    owner: str = typer.Option(..., "--owner", help="`me` or `them`."),
    due: str = typer.Option(None, "--due", help="YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a commitment inside a relationship."""
    with session(ctx) as store:
        data = service.add_action(store, person, text, owner, due)
    _done(
        data,
        as_json,
        f"Action {data['id']} for {data['person']['name']} ({owner}, due {due or '—'}): {text}",
    )


def action_done(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., metavar="ID"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Mark an action item done."""
    with session(ctx) as store:
        data = service.finish_action(store, action_id)
    _done(data, as_json, f"Done: {data['text']}")


def action_list(
    ctx: typer.Context,
    person: str = typer.Argument(None, help="Only this person's."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List action items (open first)."""
    with session(ctx) as store:
        rows = service.list_actions(store, person)
    if as_json:
        print_json(rows)
        return
    if not rows:
        say("No action items.")
    for r in rows:
        say(
            f"{r['id']:>4} [{r['status']}] {r['person']['name']} "
            f"({r['owner']}, due {r['due'] or '—'}): {r['text']}"
        )
