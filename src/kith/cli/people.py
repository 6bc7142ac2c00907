"""`me`, `people`, `show`, `search`, `stats`: finding and looking."""

from __future__ import annotations

import typer
from rich.table import Table

from kith import service
from kith.cli.brief import personal_lines
from kith.cli.common import JSON_OPTION, clip, console, local_time, print_json, say, session


def register(app: typer.Typer) -> None:
    app.command("me")(me)
    app.command("people")(people)
    app.command("show")(show)
    app.command("search")(search)
    app.command("stats")(stats)


def me(
    ctx: typer.Context,
    name: str = typer.Option(None, "--name", help="Your name as others see it."),
    email: list[str] = typer.Option([], "--email", help="An email address of yours (repeatable)."),
    profile: list[str] = typer.Option([], "--profile", help="A profile URL of yours (repeatable)."),
    phone: list[str] = typer.Option([], "--phone", help="A phone number of yours (repeatable)."),
    remove_email: list[str] = typer.Option(
        [], "--remove-email", help="Take back an email that is not yours (repeatable)."
    ),
    remove_profile: list[str] = typer.Option(
        [], "--remove-profile", help="Take back a profile URL that is not yours (repeatable)."
    ),
    remove_phone: list[str] = typer.Option(
        [], "--remove-phone", help="Take back a phone number that is not yours (repeatable)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Say who you are across sources, take an identity back, or show it (no options)."""
    removing = remove_email or remove_profile or remove_phone
    with session(ctx) as store:
        if name or email or profile or phone or removing:
            data = service.set_me(
                store,
                name,
                email,
                profile,
                phone,
                remove_emails=remove_email,
                remove_profiles=remove_profile,
                remove_phones=remove_phone,
            )
        else:
            data = store.me()
    if as_json:
        print_json(data)
        return
    hint = '(not set — kith me --name "Your Name")'
    say(f"Me: {data['name'] or hint}")
    for identity in data["identities"]:
        say(f"  {identity['kind']}: {identity['value']}")
    for line in _what_me_did(data):
        say(line)


def _what_me_did(data: dict) -> list[str]:
    lines = [f"No longer yours: {value}" for value in data.get("removed", [])]
    for person in data.get("absorbed", []):
        lines.append(f"{person['name']} ({person['id']}) was you: no longer a contact.")
    for person in data.get("holding", []):
        lines.append(
            f"{person['name']} ({person['id']}) has {person['identity']} and a history with you:"
            f" left as they are — `kith merge` or `kith forget {person['id']}` if that is you."
        )
    return lines


def people(
    ctx: typer.Context,
    query: str = typer.Argument(None, help="Part of a name, company, email or profile URL."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many people."),
    show_all: bool = typer.Option(
        False,
        "--all",
        help="Also list automated senders (newsletters, notifications, sponsored InMail).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find people (most recently in touch first); automated senders only with --all."""
    with session(ctx) as store:
        rows = service.people(store, query, limit=limit, include_bulk=show_all)
        total = store.count_people(query, include_bulk=show_all)
        hidden = 0 if show_all else store.count_people(query, include_bulk=True) - total
    if as_json:
        print_json({"total": total, "items": rows})  # total: every match, not only the shown
        return
    if not rows:
        say(_nobody(query, hidden))
        return
    table = Table("id", "name", "company", "stage", "last touch", "touches", box=None)
    for r in rows:
        last = local_time(r.get("last_touch_at"))
        table.add_row(
            str(r["id"]),
            r["name"] + (" (automated)" if r.get("is_bulk") else ""),
            r["company"] or "",
            r["stage"],
            last,
            str(r.get("touch_count", 0)),
        )
    console.print(table)
    if total > len(rows):
        say(
            f"The first {len(rows)} of {total} shown; there are more — narrow with a QUERY "
            "or raise --limit."
        )


def _nobody(query: str | None, hidden: int) -> str:
    if hidden:
        senders = "automated sender matches" if hidden == 1 else "automated senders match"
        return f"No one found; {hidden} {senders} — add --all to list them."
    return "No one found." if query else "No people yet — try `kith import PATH` or `kith demo`."


def show(
    ctx: typer.Context,
    person: str = typer.Argument(..., help="Name (unambiguous prefix), email, profile URL or id."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Look at one person: identities, stage, recent touches, details, action items."""
    with session(ctx) as store:
        data = service.show(store, person)
    if as_json:
        print_json(data)
        return
    _render_person(data)


def _render_person(data: dict) -> None:
    title = data["name"] + (f" — {data['position']}" if data.get("position") else "")
    title += f" at {data['company']}" if data.get("company") else ""
    say(f"{title}  (id {data['id']})")
    cadence = f"every {data['cadence_days']} days" if data.get("cadence_days") else "no cadence"
    say(f"Stage: {data['stage']} · goal: {data['goal']} · {cadence}")
    for identity in data["identities"]:
        say(f"  {identity['kind']}: {identity['value']}")
    for line in personal_lines(data["dates"], data["notes"]):
        say(line)
    if data["tags"]:
        say("Tags: " + ", ".join(data["tags"]))
    if data["topics"]:
        say("Topics: " + ", ".join(data["topics"]))
    for detail in data["details"]:
        say(f"Remember: {detail['text']}")
    for item in data["action_items"]:
        say(
            f"Action [{item['status']}] ({item['owner']}, due {item['due'] or '—'}): {item['text']}"
        )
    if data["touches"]:
        say("Recent touches:")
    for touch in data["touches"][:10]:
        arrow = "→" if touch["direction"] == "out" else "←"
        planned = " (planned)" if touch["status"] == "planned" else ""
        when = local_time(touch["at"], minutes=True)
        say(f"  {when} {arrow} {touch['channel']}{planned}  {clip(touch['text'] or '', 90)}")


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Words, prefix* or "a phrase".'),
    limit: int = typer.Option(50, "--limit", min=1),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search everything said, in every conversation."""
    with session(ctx) as store:
        hits = service.search(store, query, limit=limit)
    if as_json:
        print_json(hits)
        return
    if not hits:
        say("Nothing found.")
    for hit in hits:
        text = " ".join((hit["text"] or "").split())[:100]
        say(f"{local_time(hit['at'])}  {hit['person']['name']} ({hit['channel']}): {text}")


def stats(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Count people, identities, threads, touches (by channel), details, action items."""
    with session(ctx) as store:
        data = service.stats(store)
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            say(f"{key}: " + (", ".join(f"{k} {v}" for k, v in value.items()) or "—"))
        else:
            say(f"{key}: {value}")
