"""Merge suggestions a demanding user would want, and none they would not.

Wanted: the same full name from LinkedIn (a profile URL) and from email (an
address), even with nothing else shared; an address that spells the name; a
spelling variant with a shared company. Not wanted: john.doe@ and jane.doe@ at one
domain (another given name), two LinkedIn profiles with one name (two accounts are
two people), a name so common that sharing it says nothing, a single first name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.store.suggest import Facts, Name, evidence, match_key, same_words

CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connections(path: Path, *rows: tuple[str, str, str, str]) -> Path:
    """A LinkedIn Connections.csv (2026 columns): first, last, profile slug, company."""
    lines = [
        f"{first},{last},https://www.linkedin.com/in/{slug},,{company},Consultant,07 Feb 2026\n"
        for first, last, slug, company in rows
    ]
    path.write_text(CONNECTIONS_HEADER + "".join(lines), encoding="utf-8")
    return path


def mbox(path: Path, *senders: str) -> Path:
    """One message from each sender to Maya, and Maya's reply to each."""
    out = []
    for n, sender in enumerate(senders):
        address = sender.split("<")[-1].rstrip(">")
        out.append(
            f"From x@example.com Mon Mar 03 09:00:00 2025\nFrom: {sender}\n"
            f"To: Maya Hartmann <maya@hartmann.example>\n"
            f"Date: Mon, 03 Mar 2025 09:{n:02d}:00 +0000\nMessage-ID: <in-{n}@example.com>\n"
            f"Subject: Hello {n}\n\nHi Maya, shall we talk next week?\n\n"
            f"From x@example.com Mon Mar 03 10:00:00 2025\n"
            f"From: Maya Hartmann <maya@hartmann.example>\nTo: {address}\n"
            f"Date: Mon, 03 Mar 2025 10:{n:02d}:00 +0000\nMessage-ID: <out-{n}@example.com>\n"
            f"In-Reply-To: <in-{n}@example.com>\nSubject: Re: Hello {n}\n\nYes, gladly.\n\n"
        )
    path.write_text("".join(out), encoding="utf-8")
    return path


def suggested(tmp_path: Path, *files: Path) -> set[frozenset[str]]:
    """Import the files in order; the suggested pairs, by the identities that tell them apart."""
    runner = CliRunner()
    db = str(tmp_path / "kith.db")
    for path in files:
        result = runner.invoke(app, ["--db", db, "import", str(path), "--json"])
        assert result.exit_code == 0, result.stderr + result.stdout
    listed = runner.invoke(app, ["--db", db, "merge", "--suggestions", "--json"])
    assert listed.exit_code == 0, listed.stderr + listed.stdout
    rows = json.loads(listed.stdout)
    for row in rows:
        assert row["reason"] and 0 < row["score"] <= 1
    return {frozenset(_label(row[side]) for side in ("a", "b")) for row in rows}


def _label(person: dict) -> str:
    """A person by their first non-name identity (slug or address), to tell namesakes apart."""
    value = next(i for i in person["identities"] if i.startswith(("email:", "profile:")))
    return value.split(":", 1)[1].rsplit("/", 1)[-1]


# --- through the CLI --------------------------------------------------------------------


def test_same_full_name_across_linkedin_and_email_is_suggested(tmp_path: Path) -> None:
    linkedin = connections(
        tmp_path / "Connections.csv",
        ("Anna", "Berg", "anna-berg-42", "Berg Studio"),
        ("Tomás", "Ortega", "tomas-ortega", "Globex"),
        ("Jon", "Smith", "jon-smith", "Acme"),
        ("Mark", "Lindqvist", "mark-lindqvist", "Acme"),
    )
    mail = mbox(
        tmp_path / "mail.mbox",
        "Anna Berg <anna@berg.io>",  # same full name, nothing else shared
        "tomas.ortega@fastmail.example",  # no display name: the address spells it
        "John Smith <john@acme.com>",  # a spelling of "Jon Smith", but nothing shared
        "Mary Lindqvist <mary@lindqvist.example>",  # another given name
    )
    pairs = suggested(tmp_path, linkedin, mail)
    assert frozenset({"anna-berg-42", "anna@berg.io"}) in pairs
    assert frozenset({"tomas-ortega", "tomas.ortega@fastmail.example"}) in pairs
    assert not any("mary@lindqvist.example" in pair for pair in pairs)
    # "Jon Smith" at Acme and "John Smith" from email: similar, but nothing shared.
    assert not any("john@acme.com" in pair for pair in pairs)
    assert len(pairs) == 2


def test_email_namesakes_with_another_given_name_are_not_suggested(tmp_path: Path) -> None:
    mail = mbox(
        tmp_path / "mail.mbox",
        "john.doe@doe-partners.example",
        "jane.doe@doe-partners.example",
        "John Doe <j.doe@doe-partners.example>",  # initial: may be either, not suggested alone
        "Mark Berg <mark@berg.example>",
        "Mary Berg <mary@berg.example>",
        "Jonas Wirth <jonas@wirth.example>",
        "Jonah Wirth <jonah@wirth.example>",
    )
    pairs = suggested(tmp_path, mail)
    assert (
        frozenset({"john.doe@doe-partners.example", "jane.doe@doe-partners.example"}) not in pairs
    )
    assert not any("mary@berg.example" in pair for pair in pairs)
    assert not any("jonah@wirth.example" in pair for pair in pairs)
    # john.doe@ and "John Doe" <j.doe@> at one domain: the same name, the same domain.
    assert pairs == {frozenset({"john.doe@doe-partners.example", "j.doe@doe-partners.example"})}


def test_two_linkedin_profiles_with_one_name_are_two_people(tmp_path: Path) -> None:
    linkedin = connections(
        tmp_path / "Connections.csv",
        ("Anna", "Berg", "anna-berg-42", "Berg Studio"),
        ("Anna", "Berg", "anna-berg-7", "Nordic Bank"),
        ("Ines", "Moreau", "ines-moreau", "Atelier Moreau"),
        ("Ines", "Moreau", "ines-moreau-paris", "Atelier Moreau"),
    )
    # Two accounts on one network are two people, unless something else is shared.
    assert suggested(tmp_path, linkedin) == {frozenset({"ines-moreau", "ines-moreau-paris"})}


def test_an_address_for_one_of_several_namesakes_is_left_alone(tmp_path: Path) -> None:
    linkedin = connections(
        tmp_path / "Connections.csv",
        ("Anna", "Berg", "anna-berg-42", "Berg Studio"),
        ("Anna", "Berg", "anna-berg-7", "Nordic Bank"),
    )
    mail = mbox(tmp_path / "mail.mbox", "Anna Berg <anna@berg.io>")
    # Three people hold the name: it cannot say which one the address belongs to.
    assert suggested(tmp_path, linkedin, mail) == set()


def test_a_common_name_or_a_single_word_is_not_enough(tmp_path: Path) -> None:
    linkedin = connections(
        tmp_path / "Connections.csv",
        ("John", "Smith", "john-smith-1", "Initech"),
        ("John", "Smith", "john-smith-2", "Hooli"),
    )
    mail = mbox(
        tmp_path / "mail.mbox",
        "John Smith <js@smith-family.example>",
        "Anna <anna@one.example>",
        "Anna <anna@two.example>",
    )
    assert suggested(tmp_path, linkedin, mail) == set()


def test_a_similar_name_at_the_same_company_is_suggested(tmp_path: Path) -> None:
    linkedin = connections(tmp_path / "Connections.csv", ("Jon", "Smith", "jon-smith", "Acme"))
    mail = mbox(tmp_path / "mail.mbox", "John Smith <john@acme.com>")
    contacts = tmp_path / "contacts.vcf"
    contacts.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:John Smith\nN:Smith;John;;;\nORG:Acme\n"
        "EMAIL:john.smith@personal.example\nEND:VCARD\n",
        encoding="utf-8",
    )
    pairs = suggested(tmp_path, linkedin, mail, contacts)
    assert frozenset({"jon-smith", "john.smith@personal.example"}) in pairs  # both at Acme


# --- units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("john smith", "jon smith", True),
        ("john smith", "smith john", True),
        ("alex berg", "alexander berg", True),
        ("anna berg", "anna maria berg", True),
        ("jonathan smith", "jonathon smith", True),
        ("jane doe", "john doe", False),
        ("mark berg", "mary berg", False),
        ("jonas wirth", "jonah wirth", False),
        ("anna berg", "anna lind", False),
        ("person 2", "person 3", False),
    ],
)
def test_same_words(a: str, b: str, same: bool) -> None:
    assert same_words(a, b) is same
    assert same_words(b, a) is same


def test_an_address_standing_for_a_name_is_read_by_its_local_part() -> None:
    assert Name.of("john.doe@example.com").key == "john doe"
    assert Name.of("anna_berg42@example.com").key == "anna berg"
    assert Name.of("Anna Berg").key == "anna berg" and match_key("Berg, Anna.") == "berg anna"
    assert Name.of("Zoë Lefèvre").key == Name.of("zoe.lefevre@example.org").key
    assert not Name.of("info@example.com").full
    assert Name.of("Person 2").key == "person 2" != Name.of("Person 3").key
    assert not Name.of("Person 2").full and Name.of("Anna Berg 2").full


def test_evidence() -> None:
    linkedin = Facts(name_only=False, sources={"linkedin"}, profiles={"https://linkedin.com/in/a"})
    email = Facts(name_only=False, sources={"email"}, domains={"berg.io"})
    anna = Name.of("Anna Berg")
    found = evidence(anna, anna, 100, linkedin, email)
    assert found is not None and "same full name in email and linkedin" in found[1]
    assert evidence(anna, anna, 100, linkedin, email, common=True) is None
    other_profile = Facts(name_only=False, profiles={"https://linkedin.com/in/b"})
    assert evidence(anna, anna, 100, linkedin, other_profile) is None
    whatsapp = Facts(sources={"whatsapp"})
    found = evidence(anna, anna, 100, whatsapp, email)
    assert found is not None and "known only by name in whatsapp" in found[1]
    single = Name.of("Anna")
    assert evidence(single, single, 100, whatsapp, email) is None
    # Similar (not the same) names still need something shared.
    jon, john = Name.of("Jon Smith"), Name.of("John Smith")
    assert evidence(jon, john, 95, linkedin, email) is None
    acme = Facts(company="acme")
    found = evidence(jon, john, 95, acme, Facts(company="acme"))
    assert found is not None and "both at acme" in found[1] and "similar names" in found[1]
