"""Opening lines for the actions that send something.

Drafts are starting points the user edits: they name what the person actually
said (the seeds' "details remembered from last time"), ask an open question, and
never pressure — the coach issue refines the wording.
"""

from __future__ import annotations

from kith.models import EngagementView, PersonState, TouchView

QUOTES = "“”\"' "


def first_name(person: PersonState) -> str:
    return person.name.split()[0] if person.name.split() else person.name


def snippet(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def send_dm(person: PersonState, comments: list[EngagementView]) -> str:
    best = max(comments, key=lambda c: len(c.text or ""))
    title = (best.content_title or "").strip(QUOTES).rstrip(".!?")
    about = f" on “{title}”" if title else ""
    quoted = snippet(best.text, 80).strip(QUOTES).replace('"', "'")
    said = f" Your point — “{quoted}” — stayed with me." if quoted else ""
    return (
        f"Hi {first_name(person)}, thank you for your comments on my posts{about}.{said} "
        "What drew you to this topic, and what are you working on around it these days?"
    )


def propose_call(person: PersonState, last_in: TouchView | None) -> str:
    return (
        f"Hi {first_name(person)}, I've really enjoyed our back-and-forth here — there's more to "
        "it than messages can hold. Would you be up for a 20-minute call? I could do Tuesday "
        "10:00 or Thursday 16:00, or suggest a time that suits you."
    )


def follow_up(person: PersonState, conversation: TouchView) -> str:
    return (
        f"Hi {first_name(person)}, thank you for the conversation — I came away with a few "
        "specific possibilities worth exploring: [1–2 ideas]. Would [day/time] or [day/time] "
        "work for a next conversation? Here is something worth reading before then: [link]."
    )


def nudge(person: PersonState, second: bool) -> str:
    if second:
        return (
            f"Hi {first_name(person)}, one last gentle note on this — no pressure at all if now "
            "isn't the moment. Happy to pick it up whenever suits you."
        )
    return (
        f"Hi {first_name(person)}, just bringing this back to the top of your inbox in case it "
        "slipped through — I'd love to hear what you think."
    )


def reconnect(person: PersonState, last: TouchView | None) -> str:
    return (
        f"Hi {first_name(person)}, it's been a while since we last spoke and you came to mind. "
        "What has been taking most of your attention lately?"
    )


def close(person: PersonState) -> str:
    return (
        f"Hi {first_name(person)}, thank you for your time and ideas. It seems now isn't the right "
        "moment, and that's completely fine. If I can ever help with an idea, an introduction or "
        "a sounding board, I'm glad to — and I'd be happy to check in again next quarter."
    )
