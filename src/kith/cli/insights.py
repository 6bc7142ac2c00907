"""`funnel`, `capacity`: the scaling questions — does content start conversations,
and do the relationships fit the hours the user has?"""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from kith.cli.common import JSON_OPTION, console, print_json, say, session
from kith.service import insights

AS_OF = typer.Option(None, "--as-of", help="Compute as of the end of this day (YYYY-MM-DD).")


def register(app: typer.Typer) -> None:
    app.command("funnel")(funnel)
    app.command("capacity")(capacity)


def funnel(
    ctx: typer.Context,
    as_of: str = AS_OF,
    since: str = typer.Option(
        None, "--since", help="Count people who first engaged from this day (default: a year)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """From content to conversations: who engaged, then wrote with you, then talked."""
    with session(ctx) as store:
        data = insights.funnel(store, as_of, since)
    if as_json:
        print_json(data)
        return
    render_funnel(data)


def render_funnel(data: dict[str, Any]) -> None:
    say(f"From your content to conversations, {data['since']} to {data['as_of']}")
    say(f"{data['posts']} posts published in that time.")
    table = Table("step", "people", "of the step before", "median days", box=None)
    for step in data["steps"]:
        table.add_row(
            step["label"], str(step["people"]), _percent(step["rate"]), _days(step["median_days"])
        )
    console.print(table)
    engaged = data["steps"][0]["people"]
    if not engaged:
        say("No one engaged with your content in this window — import your engagement first.")
        return
    talked = data["steps"][-1]["people"]
    say(
        f"{talked} of {engaged} ({_percent(data['overall_rate'])}) went from your content to a "
        f"conversation, in a median of {_days(data['median_days_to_talk'])} days."
    )
    for kind, label in (("commented", "Commenters"), ("reacted_only", "People who only reacted")):
        group = data["by_engagement"][kind]
        say(
            f"{label}: {group['engaged']} engaged, {group['messaged']} wrote, "
            f"{group['talked']} talked."
        )
    waiting = data["waiting"]
    if waiting["people"]:
        names = ", ".join(p["name"] for p in waiting["first"])
        left = waiting["people"] - len(waiting["first"])
        more = f" and {left} more" if left else ""
        say(f"Writing with you, no call yet ({waiting['people']}): {names}{more}.")


def capacity(
    ctx: typer.Context,
    as_of: str = AS_OF,
    hours_per_week: float = typer.Option(
        None,
        "--hours-per-week",
        help="Hours a week you have for people (default: 3, 'a few hours a week').",
    ),
    weeks: int = typer.Option(
        insights.CAPACITY_WEEKS,
        "--weeks",
        min=1,
        help="Measure the time spent over this many weeks.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Time per relationship, relationships by stage and layer, and whether they fit your hours."""
    with session(ctx) as store:
        data = insights.capacity(store, as_of, hours_per_week, weeks)
    if as_json:
        print_json(data)
        return
    render_capacity(data)


def render_capacity(data: dict[str, Any]) -> None:
    if not any(row["people"] for row in data["stages"]):
        say("No one here yet — `kith import PATH` brings in an export, `kith demo` shows a year.")
        return
    weeks = data["window_days"] // 7
    say(f"Capacity as of {data['as_of']}, measured over the last {weeks} weeks")
    say(
        f"Spent: {data['spent_hours_per_week']:.1f} h a week on {data['active_relationships']} "
        f"relationships ({data['sync_hours_per_week']:.1f} h in conversations); "
        f"median {_minutes(data['minutes_per_relationship_per_week'])} a week per relationship."
    )
    measured = data["measured_share"]
    if measured is not None and measured < 1:
        say(
            f"{_percent(1 - measured)} of that time is estimated: a call or video counts "
            f"{data['default_minutes']['call']:.0f} min, a meeting "
            f"{data['default_minutes']['meeting']:.0f} min, a message you write "
            f"{data['default_minutes']['message_out']:.0f} min when the source gives no duration."
        )
    layers = Table(
        "layer", "people", "holds", "least contact", "upkeep h/week", "spent h/week", box=None
    )
    for row in data["layers"]:
        layers.add_row(
            f"closest {row['layer']}",
            str(row["people"]),
            str(row["holds"]),
            f"every {row['min_contact_days']} days",
            f"{row['upkeep_hours_per_week']:.2f}",
            f"{row['spent_hours_per_week']:.2f}",
        )
    console.print(layers)
    stages = Table(
        "stage", "people", "active", "h/week", "per relationship", "your hours hold", box=None
    )
    for row in data["stages"]:
        if row["people"] or row["active"]:
            stages.add_row(
                row["stage"],
                str(row["people"]),
                str(row["active"]),
                f"{row['hours_per_week']:.2f}",
                _minutes(row["minutes_per_relationship"]),
                "—" if row["budget_holds"] is None else f"{row['budget_holds']:,}",
            )
    console.print(stages)
    say(_verdict(data))


def _verdict(data: dict[str, Any]) -> str:
    budget, upkeep = data["budget_hours_per_week"], data["upkeep_hours_per_week"]
    room = data["room"]
    whose = f"your {budget:g} h"
    if data["budget_from"] == "default":
        whose = f"the default {budget:g} h (set yours with --hours-per-week)"
    head = (
        f"Keeping your closest relationships at their least contact takes {upkeep:.1f} h a week "
        f"of {whose}: "
    )
    if not data["fits"]:
        return head + (
            f"it does not fit — {upkeep - budget:.1f} h over. Let some relationships move to a "
            "slower cadence, or give people more hours."
        )
    new = room["new_per_month"]
    return head + (
        f"it fits, with {room['spare_hours_per_week']:.1f} h to spare — room for "
        f"{room['conversations_per_week']} more {room['session_minutes']:.0f}-minute "
        f"conversations a week, or {new['connect']} new connections "
        f"(or {new['collaborate']} collaborations) a month."
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _days(days: float | None) -> str:
    return "—" if days is None else f"{days:g}"


def _minutes(minutes: float | None) -> str:
    return "—" if minutes is None else f"{minutes:.1f} min"
