"""Only people look like people: automated senders are kept, but neither listed nor on the agenda.

Bookwell's booking notifications, a no-reply account alert, a receipt, LinkedIn's
sponsored InMail ("LinkedIn Member") and its company senders are imported (their
messages are searchable, `show` finds them) but `kith people` leaves them out unless
`--all`, and no rule puts them on the agenda.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kith import service
from kith.cli import app
from kith.importers._mail import automated
from kith.importers.linkedin_people import is_bulk_sender
from kith.service import web_support
from kith.store import Store
from web_browser import make_client

GMAIL = "synthetic_gmail-takeout.mbox"
LINKEDIN_2026 = "synthetic_messages_2026.csv"
LINKEDIN_2023 = "synthetic_messages_2023.csv"


def cli(db: Path):
    runner = CliRunner()

    def kith(*args: str) -> str:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.stderr + result.stdout
        return result.stdout

    return kith


def names(kith, *args: str) -> set[str]:
    return {p["name"] for p in json.loads(kith("people", *args, "--json"))["items"]}


def agenda_names(kith, first: date, days: int) -> set[str]:
    found: set[str] = set()
    for n in range(0, days, 3):
        day = (first + timedelta(days=n)).isoformat()
        items = json.loads(kith("today", "--as-of", day, "--json", "--limit", "500"))["items"]
        found |= {i["person"]["name"] for i in items}
    return found


def mail(sender: str, subject: str, body: str, n: int, extra: str = "") -> bytes:
    head = (
        f"From: {sender}\nTo: Maya Hartmann <maya.hartmann@example.com>\n"
        f"Date: Mon, 0{n} Mar 2025 09:00:00 +0000\nMessage-ID: <auto-{n}@example.net>\n"
        f"Subject: {subject}\n{extra}Content-Type: text/plain; charset=utf-8\n\n"
    )
    return b"From x@example.net Mon Mar 03 09:00:00 2025\n" + (head + body + "\n\n").encode()


# --- through the CLI --------------------------------------------------------------------


def test_mail_notifications_are_not_people_nor_on_the_agenda(corpus: Path, tmp_path: Path) -> None:
    box = tmp_path / "box.mbox"
    receipt = mail(
        "Stripe <receipts@stripe.example.com>",
        "Your receipt from Loomwork",
        "Hi Maya, here is your receipt. Questions? Reply to this email.",
        3,
    )
    box.write_bytes((corpus / "mbox" / GMAIL).read_bytes() + b"\n" + receipt)
    kith = cli(tmp_path / "kith.db")
    kith("import", str(box), "--json")

    listed = names(kith)
    assert {"Daniel Osei", "Zoë Lefèvre", "Jonas Brandt", "Priyanka Iyer"} <= listed
    assert not listed & {"Bookwell", "Accounts", "Stripe"}
    everyone = json.loads(kith("people", "--all", "--json"))
    automated_ones = {p["name"] for p in everyone["items"] if p["is_bulk"]}
    assert automated_ones == {"Bookwell", "Accounts", "Stripe"}
    assert everyone["total"] == len(listed) + 3
    assert json.loads(kith("people", "--json"))["total"] == len(listed)

    # Asked by name, the list says where they went instead of "No one found."
    assert "1 automated sender matches" in kith("people", "bookwell")
    assert "Bookwell (automated)" in kith("people", "bookwell", "--all")
    assert kith("people", "nobody-at-all").strip() == "No one found."
    # Still there: show and search find them.
    assert json.loads(kith("show", "Bookwell", "--json"))["name"] == "Bookwell"

    on_agenda = agenda_names(kith, date(2025, 2, 10), 60)
    assert "Daniel Osei" in on_agenda  # the rules do run
    assert not on_agenda & {"Bookwell", "Accounts", "Stripe"}


def reply(n: int, to: str, text: str) -> bytes:
    head = (
        f"X-Gmail-Labels: Sent\nFrom: Maya Hartmann <maya.hartmann@example.com>\nTo: {to}\n"
        f"Date: Tue, 0{n} Mar 2025 10:00:00 +0000\nMessage-ID: <mine-{n}@example.com>\n"
        f"Subject: Hello\nContent-Type: text/plain; charset=utf-8\n\n"
    )
    return b"From maya@example.com Tue Mar 04 10:00:00 2025\n" + (head + text + "\n\n").encode()


def test_who_the_user_wrote_to_is_a_person_whatever_their_mail_looks_like(
    tmp_path: Path,
) -> None:
    unsubscribe = "List-Unsubscribe: <https://mail.example/u/1>\n"  # marks the sender bulk
    newsletter = unsubscribe + "List-Id: <acme.list.example>\n"  # marks the message only
    box = tmp_path / "box.mbox"
    box.write_bytes(
        # A campaign from a personal-looking address, never answered: not a person.
        mail("Sarah at Acme <sarah@acme.example>", "Spring offers", "Save 20%", 1, newsletter)
        # Jane writes a newsletter too, and the user writes to her: a person.
        + mail("Jane Roe <jane@roe.example>", "Jane's notes, March", "This month…", 2, unsubscribe)
        + reply(3, "Jane Roe <jane@roe.example>", "Loved your notes, Jane. Coffee soon?")
        # Someone the user only ever wrote to is a person too.
        + reply(4, "Ola Berg <ola@berg.example>", "Hi Ola, are you free on Friday?")
    )
    contacts = tmp_path / "contacts.vcf"
    contacts.write_text(  # a contact card makes a person, even one who only sends news
        "BEGIN:VCARD\nVERSION:3.0\nFN:Tom Lee\nEMAIL:tom@lee.example\nEND:VCARD\n",
        encoding="utf-8",
    )
    tom = mail("Tom Lee <tom@lee.example>", "Tom's digest", "News from Tom", 5, newsletter)
    box.write_bytes(box.read_bytes() + tom)
    kith = cli(tmp_path / "kith.db")
    kith("import", str(contacts), "--json")
    kith("import", str(box), "--json")
    assert names(kith) == {"Jane Roe", "Ola Berg", "Tom Lee"}
    everyone = json.loads(kith("people", "--all", "--json"))["items"]
    assert {p["name"]: p["is_bulk"] for p in everyone} == {
        "Jane Roe": False,
        "Ola Berg": False,
        "Tom Lee": False,
        "Sarah at Acme": True,
    }


def test_a_friend_with_a_newsletter_keeps_her_place_on_the_agenda(tmp_path: Path) -> None:
    box = tmp_path / "box.mbox"
    unsubscribe = "List-Unsubscribe: <https://mail.example/u/1>\n"
    answer = "In-Reply-To: <mine-3@example.com>\n"
    box.write_bytes(
        mail("Jane Roe <jane@roe.example>", "Jane's notes, March", "This month…", 1, unsubscribe)
        + reply(3, "Jane Roe <jane@roe.example>", "Loved your notes, Jane. Coffee soon?")
        + mail("Jane Roe <jane@roe.example>", "Re: Hello", "Yes! Would Friday suit you?", 5, answer)
        + mail("Offers <offers@shop.example>", "Deals", "Save 20% this week", 6, unsubscribe)
    )
    kith = cli(tmp_path / "kith.db")
    kith("import", str(box), "--json")
    items = json.loads(kith("today", "--as-of", "2025-03-07", "--json"))["items"]
    assert ("Jane Roe", "reply") in {(i["person"]["name"], i["action"]) for i in items}
    assert "Offers" not in {i["person"]["name"] for i in items}


@pytest.mark.parametrize("export", [LINKEDIN_2026, LINKEDIN_2023])
def test_linkedin_member_is_not_a_contact(corpus: Path, tmp_path: Path, export: str) -> None:
    kith = cli(tmp_path / "kith.db")
    kith("import", str(corpus / "linkedin" / export), "--json")
    listed = names(kith)
    assert "LinkedIn Member" not in listed and "Tara @ LinkedIn Learning" not in listed
    assert len(listed) >= 8
    assert "LinkedIn Member" in names(kith, "--all")
    first = date(2022, 11, 20) if export == LINKEDIN_2023 else date(2026, 3, 12)
    on_agenda = agenda_names(kith, first, 240)
    assert on_agenda  # real correspondents do get items
    assert not on_agenda & {"LinkedIn Member", "Tara @ LinkedIn Learning"}


def test_an_unnamed_linkedin_member_who_engages_is_not_a_person(tmp_path: Path) -> None:
    engagement = tmp_path / "comments.csv"
    engagement.write_text(
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        + "".join(
            f"2026-03-{day:02d},linkedin,https://www.linkedin.com/posts/maya-{day},"
            f"LinkedIn Member,,comment,Great post {day}!\n"
            for day in (1, 8, 15)
        )
        + "2026-03-15,linkedin,https://www.linkedin.com/posts/maya-15,Ana Lima,"
        "https://www.linkedin.com/in/ana-lima,comment,Thanks Maya\n",
        encoding="utf-8",
    )
    notification = mail(
        "LinkedIn <notifications-noreply@linkedin.com>",
        "LinkedIn Member reacted to your post",
        "LinkedIn Member reacted to your post\nhttps://www.linkedin.com/feed/update/urn:li:activity:1",
        4,
    )
    box = tmp_path / "box.mbox"
    box.write_bytes(notification + reply(5, "Ana Lima <ana@lima.example>", "Thank you, Ana!"))
    kith = cli(tmp_path / "kith.db")
    kith("import", "engagement", str(engagement), "--json")
    report = json.loads(kith("import", str(box), "--json"))
    assert report["engagements_added"] == 0  # nobody to thank for the reaction
    assert names(kith) == {"Ana Lima"}
    # Three comments on three posts would ask for a DM to a real person.
    items = json.loads(kith("today", "--as-of", "2026-03-20", "--json"))["items"]
    assert "LinkedIn Member" not in {i["person"]["name"] for i in items}


def test_the_demo_lists_no_automated_senders(tmp_path: Path) -> None:
    kith = cli(tmp_path / "demo.db")
    kith("demo", "--as-of", "2026-06-05", "--json")
    listed = json.loads(kith("people", "--limit", "1000", "--json"))["items"]
    assert not [p["name"] for p in listed if p["is_bulk"]]
    assert not {"LinkedIn Member", "Tara @ LinkedIn Learning"} & {p["name"] for p in listed}
    items = json.loads(kith("today", "--as-of", "2026-06-05", "--json", "--limit", "500"))
    assert not {i["person"]["name"] for i in items["items"]} & {"LinkedIn Member"}
    # The web app's People page (and its JSON twin) agrees with the CLI.
    with make_client(tmp_path / "demo.db") as client:
        page = client.get("/api/people", params={"per_page": 500}).json()
    assert page["total"] == len(listed)
    assert "LinkedIn Member" not in {p["name"] for p in page["items"]}


def test_the_same_people_on_both_backends(store: Store, corpus: Path) -> None:
    service.import_path(store, corpus / "mbox" / GMAIL)
    listed = {p["name"]: p["is_bulk"] for p in service.people(store)}
    assert "Daniel Osei" in listed and not {"Bookwell", "Accounts"} & listed.keys()
    assert not any(listed.values())
    assert store.count_people() == len(listed)
    everyone = {p["name"]: p["is_bulk"] for p in service.people(store, include_bulk=True)}
    assert store.count_people(include_bulk=True) == len(everyone) == len(listed) + 2
    assert everyone["Bookwell"] and everyone["Accounts"]
    page = web_support.people_page(store)
    assert page["total"] == len(listed)
    assert {p["name"] for p in page["items"]} == set(listed)


# --- units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "no-reply@accounts.example.com",
        "notifications@bookwell.example.net",
        "receipts@stripe.com",
        "invitations@linkedin.com",
        "calendar-notification@google.com",
        "newsletter@growth.example.net",
        "orders+4411@shop.example",
        "billing@acme.io",
        "jobalerts-noreply@linkedin.com",
        "digest@substack.example.com",
    ],
)
def test_machine_addresses_are_automated(address: str) -> None:
    assert automated(address)


@pytest.mark.parametrize(
    "address",
    [
        "anna@berg.io",
        "noreen@example.com",  # "no…" is not "no-reply"
        "jane.doe@example.com",
        "d.newsome@example.org",  # "news" inside a word
        "info@acme.com",  # a role a person may answer: bulk only when its mail says so
        "hello@studio.example",
        "daniel@oseiwrites.example.com",
    ],
)
def test_people_addresses_are_not_automated(address: str) -> None:
    assert not automated(address)


@pytest.mark.parametrize(
    ("name", "bulk"),
    [
        ("LinkedIn Member", True),
        ("Tara @ LinkedIn Learning", True),
        ("LinkedIn Premium", True),
        ("LinkedIn", True),
        ("Sofia from", True),
        ("Linda Kim", False),
        ("Anna Linkedinova", False),
    ],
)
def test_linkedin_senders(name: str, bulk: bool) -> None:
    assert is_bulk_sender(name, None, file_has_urls=False) is bulk
