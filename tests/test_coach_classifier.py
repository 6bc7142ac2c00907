"""The question classifier and the coach's flags on hand-written cases.

None of these sentences comes from the evaluation set (tests/data/coach_eval):
they are written here to pin each rule, including the hard cases the issue names.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith.engine.coach import CoachContext, coach, questions
from kith.engine.coach_questions import classify
from kith.engine.coach_rewrites import suggest
from kith.models import TouchView

OPEN = [
    "What first pulled you into beekeeping?",
    "How did the two of you decide to open the bakery?",
    "Why did you pick Lisbon over Porto for the studio?",
    "Could you tell me more about the choir you started?",
    "Would you mind walking me through how the grant review works?",
    "Is there anything you would change about the programme next year?",
    "Any thoughts on how we might pace the second workshop?",
    "what's the hardest part of running a night market",
    "Which talk stayed with you, and why?",
    "How are you feeling about the move now that the boxes are unpacked?",
]
CLOSED = [
    "Where do you live these days?",
    "When does the exhibition close?",
    "How many volunteers turned up?",
    "Which hotel did you book?",
    "Did the bakery open on time?",
    "Are you still on the board of the food co-op?",
    "You're the one who organised the quiz, right?",
    "Can you forward me the agenda?",
    "r u at the office tmrw",
    "What's the deadline for the abstracts?",
]
SMALL_TALK = [
    "How are you?",
    "How's it going?",
    "Hey! How was your weekend?",
    "Any plans for the long weekend?",
    "Freezing out there, isn't the weather something?",
    "What do you do?",
    "Hope you're keeping well?",
    "Busy day?",
]


# The harder shapes: small talk in words no list of phrasings foresaw, closed questions
# that arrange a time, a question after a lead-in, chat spelling.
SMALL_TALK_BY_VOCABULARY = [
    "Drizzly one out there today?",  # weather, clipped
    "Did you get a decent rest over the bank holiday?",  # only pleasantry words
    "How was the ferry over?",  # travel in passing
    "How's the little one getting on?",
    "Knackered after the week?",  # clipped: no subject, nothing specific
    "hows ur wknd going",  # chat spelling
    "How's Manchester treating you?",
    "What a Monday, huh?",
]
SCHEDULING = [
    "Are you free on Thursday morning?",
    "Would 4:30 suit you better?",
    "Still good for the 12th?",
    "What day works best for a call?",
]
OPEN_AFTER_A_LEAD_IN = [
    "Saw your talk on soil health — what got you started on it?",
    "Now that the shop has been open a year, how do you feel about it?",
    "I'd love to know how the first season went?",
]


@pytest.mark.parametrize("text", SMALL_TALK_BY_VOCABULARY)
def test_small_talk_by_vocabulary_and_grammar(text: str) -> None:
    assert classify(text).type == "small_talk", classify(text)


@pytest.mark.parametrize("text", SCHEDULING)
def test_scheduling_is_closed(text: str) -> None:
    verdict = classify(text)
    assert verdict.type == "closed" and "time or a place" in verdict.rule, verdict


@pytest.mark.parametrize("text", OPEN_AFTER_A_LEAD_IN)
def test_the_question_after_a_lead_in(text: str) -> None:
    assert classify(text).type == "open", classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "Did you see the report on the merger?",  # one specific word makes it real
        "Are you going to the awards night?",
        "Can you share the link to the survey?",  # sharing a thing is logistics
        "Is Ayo coming to the picnic?",
    ],
)
def test_a_specific_word_keeps_a_question_closed(text: str) -> None:
    assert classify(text).type == "closed", classify(text)


@pytest.mark.parametrize("text", OPEN)
def test_open_questions(text: str) -> None:
    assert classify(text).type == "open", classify(text)


@pytest.mark.parametrize("text", CLOSED)
def test_closed_questions(text: str) -> None:
    assert classify(text).type == "closed", classify(text)


@pytest.mark.parametrize("text", SMALL_TALK)
def test_small_talk(text: str) -> None:
    assert classify(text).type == "small_talk", classify(text)


def test_the_issue_rewrites_keep_the_subject() -> None:
    assert suggest("Do you like your job?", "closed") == (
        "What do you enjoy most about your work these days?"
    )
    assert suggest("What do you do?", "small_talk") == (
        "What aspects of your work do you find most fulfilling?"
    )


@pytest.mark.parametrize("text", CLOSED + SMALL_TALK)
def test_every_rewrite_is_open(text: str) -> None:
    kind = classify(text).type
    rewrite = suggest(text, kind)
    assert rewrite
    if "practical question" in rewrite or "suit" in rewrite:  # logistics and scheduling stay
        return
    assert classify(rewrite).type == "open", rewrite


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("Are you free Wednesday evening?", "Wednesday evening"),
        ("Does 11am work for you?", "11am"),
        ("Could we do the 3rd instead?", "the 3rd"),
    ],
)
def test_a_scheduling_rewrite_offers_the_time_and_asks_what_suits(text: str, time: str) -> None:
    rewrite = suggest(text, classify(text).type) or ""
    assert time in rewrite and "suits you" in rewrite, rewrite
    assert "looking forward" not in rewrite and "like for you" not in rewrite


def test_a_scheduling_rewrite_without_a_time_still_asks_what_suits() -> None:
    assert "suit" in (suggest("Where should we meet?", "closed") or "") + (
        suggest("Is 8 too early?", "closed") or ""
    )


def test_practical_questions_are_kept() -> None:
    note = suggest("Can you forward me the agenda?", "closed") or ""
    assert note.startswith("Can you forward me the agenda?") and "practical" in note


def test_questions_are_found_inside_a_draft_with_spans() -> None:
    draft = "Hi Ravi, great to meet you. Where are you based? What got you into ceramics?"
    found = questions(draft)
    assert [q["type"] for q in found] == ["closed", "open"]
    start, end = found[0]["span"]
    assert draft[start:end] == "Where are you based?"
    assert "suggestion" in found[0] and "suggestion" not in found[1]


def kinds(text: str) -> set[str]:
    return {f["kind"] for f in coach(text)["flags"]}


def test_a_good_message_raises_nothing() -> None:
    text = (
        "Hi Noor, thank you for the tour of the lab. Your point about slow science stayed "
        "with me. How did your group decide which experiments to drop?"
    )
    assert kinds(text) == set()


def test_small_talk_only() -> None:
    assert "small_talk_only" in kinds("Hey Ana! How are you? Hope the week is kind to you.")


def test_closed_questions_only() -> None:
    found = kinds("Hi Bo, did the invoice go out? Is the client happy?")
    assert "closed_questions" in found and "no_question" not in found


def test_no_question_but_an_invitation_is_a_question() -> None:
    assert "no_question" in kinds("Thanks for lunch. I'll send the slides tomorrow.")
    assert "no_question" not in kinds("Thanks for lunch. I'd love to hear how the pitch goes.")


def test_me_focus() -> None:
    text = (
        "Hello Sara, I'm a designer and I run my own studio. I've shipped my work for big "
        "brands, I teach my own course, and my portfolio won two awards. I think I would "
        "be perfect for your team."
    )
    assert "me_focus" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "This is the fifth email I've sent. I need an answer by tonight.",
        "Why haven't you replied? I thought we were on the same page.",
        "Final reminder: if I don't hear back I'll assume you're not interested.",
    ],
)
def test_pressure(text: str) -> None:
    assert "pressure" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "No rush at all — whenever you have a moment, what did you make of the draft?",
        "Circling back on the venue idea; if now isn't the time, no worries. What would help?",
    ],
)
def test_gentle_nudges_are_not_pressure(text: str) -> None:
    assert "pressure" not in kinds(text)


def test_oversharing_from_the_text_alone() -> None:
    heavy = (
        "Hi Tom, we only met once, but my marriage is falling apart and I'm drowning in debt. "
        "Could we have coffee?"
    )
    assert "oversharing" in kinds(heavy)
    modest = (
        "Hi Tom, my son also found the first term hard; it got better. How is your daughter "
        "finding the new school?"
    )
    assert "oversharing" not in kinds(modest)


def reply_to(theirs: str, draft: str) -> dict[str, object]:
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    touch = TouchView(1, 1, "dm", "in", datetime(2026, 5, 31, tzinfo=UTC), theirs)
    ctx = CoachContext(person_id=1, name="Ada", now=now, tz=UTC, touches=(touch,))
    return dict(coach(draft, ctx)["to"]["answers_last_message"])


@pytest.mark.parametrize(
    ("theirs", "draft", "kind"),
    [
        (
            "We're launching the app in March!",
            "Good luck with the launch! How are you preparing?",
            "follow_up",
        ),
        ("My son started at the new nursery", "How is he getting on?", "follow_up"),
        (
            "Back from Porto, the food was unreal",
            "Welcome back! What was the best thing you ate?",
            "follow_up",
        ),
        (
            "I'll think it over and let you know",
            "What do you think of the new ramen place?",
            "switch",
        ),
        ("Back from Porto, the food was unreal", "By the way, are you free for the AGM?", "switch"),
        ("Back from Porto, the food was unreal", "Thanks for the slides.", "ignores"),
    ],
)
def test_answers_their_last_message(theirs: str, draft: str, kind: str) -> None:
    assert reply_to(theirs, draft)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("Anything nice lined up for the weekend?", "looking forward to this weekend"),
        ("How was the weekend?", "best part of your weekend"),
        ("How's your week going so far?", "best part of your week so far"),
    ],
)
def test_small_talk_rewrites_keep_the_tense(text: str, rewrite: str) -> None:
    assert rewrite in (suggest(text, classify(text).type) or "")


def test_a_practical_question_about_a_thing_is_kept() -> None:
    note = suggest("Have you booked the room yet?", "closed") or ""
    assert "practical" in note and "like for you these days" not in note
