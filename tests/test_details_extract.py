"""Detail extraction and topics as pure functions: short phrases, the writer's own life.

The sentences are written for these tests, not taken from the evaluation sets.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.engine.details_extract import MAX_WORDS, extract
from kith.engine.topics import recent_topics


def kinds(text: str) -> dict[str, str]:
    return {c.kind: c.text for c in extract(text)}


def test_a_long_message_gives_short_phrases_not_itself() -> None:
    email = (
        "Hi Dana,\n\nHope you're well! As promised, a quick summary: the team has been heads "
        "down on the new pricing page. My co-founder Lena is on parental leave until May, so "
        "I'm covering sales too. We're relocating the lab to Cambridge in the spring, and I'm "
        "a bit worried about keeping the grant on track during the move.\n\nBest,\nMarco"
    )
    found = extract(email)
    assert {c.kind for c in found} >= {"project", "person", "move", "worry"}
    for candidate in found:
        assert candidate.text != email.strip()
        assert len(candidate.text.split()) <= 16, candidate.text
        assert email[candidate.start : candidate.end] == candidate.text
    assert "Marco" not in " ".join(c.text for c in found)


def test_the_phrase_is_the_clause_around_what_was_said() -> None:
    assert kinds("Just a heads-up that I'm switching teams — I'll be on payments from May.")[
        "move"
    ] == ("I'm switching teams — I'll be on payments from May")
    assert kinds("My son's school is closed tomorrow so I'm working from home.") == {
        "person": "My son's school is closed tomorrow"
    }


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        # a clause that points back takes the one before it
        (
            "We're moving the family to Vancouver in August, which is a bit terrifying.",
            "worry",
            ["Vancouver", "terrifying"],
        ),
        # a fragment completes its clause
        ("We're expecting our second in April — a girl this time!", "milestone", ["girl"]),
        # a feeling too short to stand alone joins what it is about
        ("The viva is on the 9th. Terrified, honestly.", "worry", ["viva"]),
    ],
)
def test_a_clause_keeps_the_neighbour_it_leans_on(text: str, kind: str, words: list[str]) -> None:
    phrase = kinds(text)[kind]
    assert all(w in phrase for w in words), phrase


@pytest.mark.parametrize(
    "text",
    [
        "Sounds great.\n\nOn Tue, 4 Nov 2026 at 10:02, Dana Kim wrote:\n> We're moving to Rome.",
        "> My daughter Ivy starts school on Monday\nHa, lovely!",
        "This week: we launched our API! Read more at https://x.example\nUnsubscribe",
        "Do you prefer Zoom or Meet?",
        "Did you end up going to Porto?",
        "If I ever quit my job I'd open a bakery.",
        "I'd love to visit Japan one day.",
        "I heard Acme is launching a new product next week.",
        "Congrats on your promotion, Anna!",
        "We should grab coffee when you're back from Paris.",
        "My colleague Ben just got engaged, the whole office is buzzing.",
        "My manager is being moved to the Dublin office.",
        "Forwarding this: 'we're relocating HQ to Austin next spring.'",
        "Sorry, I've double-booked myself, could we move to 3?",
    ],
)
def test_what_is_not_the_writers_life_gives_nothing(text: str) -> None:
    assert extract(text) == []


def test_a_relatives_event_is_a_person_not_the_writers_milestone() -> None:
    found = kinds("I'll be in Toronto the first week of June for my niece's graduation.")
    assert set(found) == {"trip", "person"}


SENTENCES = [
    "My daughter Mia starts school in September",
    "we're moving to Lisbon in March",
    "launching the beta next week",
    "I've been stressed about the funding round",
    "I love trail running",
    "just got promoted",
    "back from Japan",
    "thanks so much",
    "see https://example.com/x",
    "my sister Leila is getting married in May in Marrakech",
    "which is a bit terrifying",
    "a boy this time",
]


@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12), st.sampled_from(", .—\n"))
def test_a_detail_is_a_short_piece_of_the_message(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    for candidate in extract(text):
        assert " ".join(text[candidate.start : candidate.end].split()) == candidate.text
        assert 2 <= len(candidate.text.split()) <= MAX_WORDS
        assert "http" not in candidate.text


def test_topics_leave_out_names_greetings_links_and_filler() -> None:
    said = [
        "Hi Anna, the funding round is dragging. https://deck.example.com/v2\n\nBest,\nIngrid",
        "Hey Anna! Funding round update: two term sheets. Thanks so much!\n\nCheers,\nIngrid",
        "Anna, the kiln broke again, so the funding round matters even more.",
        "Totally, really, honestly — thanks again!! Also the kiln guy comes Friday.",
    ]
    topics = recent_topics(said, exclude=["Anna Kowalski"])
    assert topics[0] == "funding round"
    assert "kiln" in topics
    joined = " ".join(topics)
    for never in ("anna", "ingrid", "thanks", "really", "http", "deck", "friday", "hey"):
        assert never not in joined.split(), topics


def test_topics_need_two_messages() -> None:
    assert recent_topics(["The kiln broke again", "New kiln arrives Friday", "Glazes"]) == ["kiln"]


def test_a_hard_wrapped_email_line_is_one_sentence() -> None:
    email = (
        "There is a lot that is not clear in the docs yet, honestly.  We're writing a book due\n"
        "out next year to fix these sorts of problems."
    )
    assert kinds(email)["project"] == (
        "We're writing a book due out next year to fix these sorts of problems"
    )


def test_what_the_reader_did_and_set_phrases_are_not_details() -> None:
    assert extract("Your profile suggests you have shipped consumer apps end to end.") == []
    assert extract("Of course, of course, happy to.") == []
    assert kinds("Relocation support is part of the package.") == {}


def test_common_verbs_and_numbers_are_not_topics() -> None:
    said = [
        "Tell me how it goes, the first three tastings went well",
        "I mean, it goes on and on, tell the sommelier three times",
    ]
    assert recent_topics(said) == []


def test_a_place_of_business_is_not_a_trip() -> None:
    assert set(kinds("We're opening our second clinic in Bristol next month!")) == {"project"}
    assert set(kinds("We'll be in Montreal for a wedding next month.")) == {"trip"}
