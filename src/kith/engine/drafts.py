"""Opening lines for the actions that send something.

Drafts are starting points the user edits. Each is grounded in real evidence —
what the person actually wrote, a detail the user accepted, a topic, the open
action item — and never pressures. Where Kith has nothing real to say, the draft
is shorter rather than padded with filler. The coach refines the wording.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kith.models import ActionItemView, EngagementView, NewsView, PersonState, TouchView

QUOTES = "“”\"' "


HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme"}
)
# "Hi Priya," / "Hello!" / "Dear Dr. Smith," up to the comma, "!" or line end that closes it.
GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|hej|hallo|hola)\b(?:\s+(?:dr|mr|mrs|ms|prof)\.)?"
    r"[^,.!?\n]{0,30}(?:[,!]|\n)\s*",
    re.I,
)


# A question runs back to the last sentence end — an emoji ends a sentence in chat
# ("obviously 🙂 Would you be open to an intro?").
QUESTION = re.compile("[^.!?\n\u2600-\u27bf\U0001f300-\U0001faff]*\\?")


def first_name(person: PersonState) -> str:
    """What to call them: the first word of their name that is not a title (“Mr.”)."""
    words = person.name.split()
    given = [w for w in words if w.rstrip(".").lower() not in HONORIFICS]
    return (given or words or [person.name])[0].rstrip(",")


def without_greeting(text: str | None) -> str | None:
    """Your own message minus its “Hi Priya,” — the words worth pointing back to."""
    if not text:
        return text
    rest = GREETING.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest.strip() else text


def snippet(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def quoted(text: str | None, limit: int = 80) -> str:
    """Their words, ready to sit inside “…”: inner straight quotes become ‘…’ pairs."""
    text = snippet(text, limit)
    parts = text.split('"')
    nested = "".join(
        part + ("" if i == len(parts) - 1 else ("‘" if i % 2 == 0 else "’"))
        for i, part in enumerate(parts)
    )
    return nested.strip(" “”")


def hook(person: PersonState) -> str:
    """One real thing to refer to: the latest detail, else a topic, else their words."""
    if person.details:
        return f"I remember you mentioned: “{quoted(person.details[-1].text, 100)}”"
    if person.topics:
        return f"I've been thinking about {person.topics[-1].text}"
    said = [
        t
        for t in person.recent
        if t.direction == "in" and t.status == "held" and len((t.text or "").split()) >= 5
    ]  # "world?" or "Ha, perfect" is nothing to come back to
    if said:
        return f"You wrote “{quoted(said[-1].text)}”"
    return ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _sentence(text: str) -> str:
    text = text.rstrip()
    ended = text.rstrip("”’\"'")[-1:] in (".", "!", "?", "…")  # `…October.”` needs no period
    return "" if not text else (text if ended else text + ".") + " "


def proposed_times(today: date, count: int = 3) -> list[str]:
    """Two or three concrete slots on the next business days (the seed: suggest times)."""
    slots: list[str] = []
    day, hours = today, ("10:00", "14:00", "16:00")
    while len(slots) < count:
        day += timedelta(days=1)
        if day.weekday() < 5 and (day - today).days >= 2:
            slots.append(f"{day:%A} {day.day} {day:%b} at {hours[len(slots) % 3]}")
    return slots


def send_dm(person: PersonState, comments: list[EngagementView]) -> str:
    best = max(comments, key=lambda c: len(c.text or ""))
    title = (best.content_title or "").strip(QUOTES).rstrip(".!?")
    about = f" on “{title}”" if title else ""
    point = quoted(best.text)
    said = f" Your point — “{point}” — stayed with me." if point else ""
    return (
        f"Hi {first_name(person)}, thank you for your comments on my posts{about}.{said} "
        "What drew you to this topic, and what are you working on around it these days?"
    )


def propose_call(person: PersonState, last_in: TouchView | None, today: date) -> str:
    a, b = proposed_times(today, 2)
    said = (
        f" What you said about “{quoted(last_in.text, 60)}” deserves more than a message."
        if (last_in and last_in.text)
        else ""
    )
    return (
        f"Hi {first_name(person)}, I've really enjoyed our back-and-forth.{said} Would you be up "
        f"for a 20-minute call? I could do {a} or {b}, or suggest a time that suits you."
    )


def follow_up(
    person: PersonState, conversation: TouchView, today: date, booked: TouchView | None = None
) -> str:
    times = proposed_times(today, 3)
    grounded = _sentence(hook(person)) if person.details or person.topics else ""
    if booked is not None:
        return (
            f"Hi {first_name(person)}, thank you for our {conversation.channel} on "
            f"{conversation.at:%A}. {grounded}I'm looking forward to our {booked.channel} on "
            f"{booked.at:%A} {booked.at.day} {booked.at:%b}; I'll send a short note to read "
            "before then."
        ).replace("  ", " ")
    ideas = [t.text for t in person.topics[-2:]]
    possibilities = (
        f"Two possibilities I'd like to explore with you: {' and '.join(ideas)}"
        if len(ideas) == 2
        else f"A possibility I'd like to explore with you: {ideas[0]}, and [another]"
        if ideas
        else "Two possibilities I'd like to explore with you: [1] and [2]"
    )
    return (
        f"Hi {first_name(person)}, thank you for our {conversation.channel} on "
        f"{conversation.at:%A}. {grounded}{possibilities}. Would "
        f"{times[0]}, {times[1]} or {times[2]} work for a next conversation? "
        "I'll send a short note to read before then."
    ).replace("  ", " ")


def reply(person: PersonState, incoming: list[TouchView]) -> str | None:
    """An opening that takes up their question; the answer is the user's to write."""
    said = " ".join(t.text for t in incoming if t.text)
    if not said:
        return None
    questions = [q.strip() for q in QUESTION.findall(said) if len(q.split()) > 2]
    if questions:
        return f"Hi {first_name(person)}, [your answer to “{quoted(questions[-1], 90)}”]"
    return f"Hi {first_name(person)}, thank you for your message. [your answer]"


def nudge(person: PersonState, second: bool, sent: TouchView | None = None) -> str:
    about = f" about “{quoted(without_greeting(sent.text), 60)}”" if sent and sent.text else ""
    if second:
        return (
            f"Hi {first_name(person)}, one last gentle note on my message{about} — no pressure "
            "at all if now isn't the moment. Happy to pick it up whenever suits you."
        )
    return (
        f"Hi {first_name(person)}, bringing my message{about} back to the top of your inbox in "
        "case it slipped through — I'd love to hear what you think."
    )


def reconnect(person: PersonState, last: TouchView | None) -> str:
    grounded = _sentence(hook(person))
    return (
        f"Hi {first_name(person)}, it's been a while and you came to mind. {grounded}"
        "What has been taking most of your attention lately?"
    ).replace("  ", " ")


def close(person: PersonState) -> str:
    cadence = person.cadence_days
    stay = (
        f"I'd be glad to check in again in about {cadence} days"
        if cadence
        else "I'd be happy to check in again next quarter, if that suits you"
    )
    return (
        f"Hi {first_name(person)}, thank you for your time and ideas — and for being open to "
        "talking. It seems now isn't the right moment for more, and that's completely fine. If I "
        f"can ever help with an idea, an introduction or a sounding board, just ask. {stay}."
    )


def send_material(person: PersonState, meeting: TouchView) -> str:
    grounded = _sentence(hook(person))
    return (
        f"Hi {first_name(person)}, ahead of our {meeting.channel} on {meeting.at:%A %-d %b}: "
        f"{grounded}Here is a short read to help us focus: [link]. Is there anything you'd "
        "like me to read first?"
    ).replace("  ", " ")


def book_converge(person: PersonState, brainstorm: TouchView, today: date) -> str:
    a, b = proposed_times(today, 2)
    return (
        f"Hi {first_name(person)}, thank you for the brainstorm on {brainstorm.at:%-d %b}. "
        "Before the ideas cool, shall we pick the one or two worth pursuing? "
        f"Would {a} or {b} work?"
    )


def send_summary(person: PersonState, meeting: TouchView, brainstorm: TouchView | None) -> str:
    ideas = f" ({quoted(brainstorm.text, 80)})" if brainstorm and brainstorm.text else ""
    return (
        f"Hi {first_name(person)}, before we meet on {meeting.at:%A}, here is my summary of our "
        f"brainstorm{ideas}. The areas with the most promise: [1], [2]. Could you send yours "
        "too, so we can agree on one or two?"
    )


def acknowledge_delay(person: PersonState, item: ActionItemView, new_date: date) -> str:
    promised = f" by {item.due:%-d %b}" if item.due else ""
    return (
        f"Hi {first_name(person)}, I promised to {_lower_first(item.text.rstrip('.'))}{promised} "
        f"and I'm late — [the reason]. You'll have it by {new_date:%A %-d %b}. Sorry for the wait."
    )


def say_hello(person: PersonState) -> str:
    grounded = _sentence(hook(person))
    return (
        f"Hi {first_name(person)}, no agenda today — just saying hello. {grounded}"
        "How are things on your side?"
    ).replace("  ", " ")


def share(person: PersonState, news: NewsView, topic: str) -> str:
    link = f" {news.url}" if news.url else ""
    return (
        f"Hi {first_name(person)}, this made me think of you and {topic}: “{news.title}”{link} — "
        "curious what you make of it."
    )


def introduce(a: PersonState, b: PersonState, reason: str) -> str:
    return (
        f"Hi {first_name(a)}, I'd like to introduce you to {b.name}: {reason}. I think you two "
        f"would enjoy a conversation. Would you like an introduction? I'll ask {first_name(b)} "
        "too, and only connect you if you both say yes."
    )


def remember_date(person: PersonState, label: str, days: int) -> str:
    if "birthday" in label.lower():
        return f"Happy birthday, {first_name(person)}! I hope the year ahead is a good one."
    return f"Hi {first_name(person)}, thinking of you on your {label.lower()}."
