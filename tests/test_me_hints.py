"""What the user says about themselves (`kith me`) decides direction in chats and mail."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kith.cli import app

CHAT = (
    "12/03/2026, 09:15 - Ana Lima: Did you see the workshop notes?\n"
    "12/03/2026, 09:20 - Ben Okafor: Yes! Loved the part on async first\n"
    "12/03/2026, 09:22 - Ana Lima: Shall we call on Friday?\n"
)

MAIL = (
    "From ana@example.com Thu Mar 12 09:15:00 2026\n"
    "From: Ana Lima <ana@example.com>\nTo: Ben Okafor <ben@example.com>\n"
    "Subject: Workshop\nMessage-ID: <1@example.com>\nDate: Thu, 12 Mar 2026 09:15:00 +0000\n\n"
    "Did you see the notes?\n\n"
    "From ben@example.com Thu Mar 12 09:20:00 2026\n"
    "From: Ben Okafor <ben@example.com>\nTo: Ana Lima <ana@example.com>\n"
    "Subject: Re: Workshop\nMessage-ID: <2@example.com>\nIn-Reply-To: <1@example.com>\n"
    "Date: Thu, 12 Mar 2026 09:20:00 +0000\n\nYes, loved it.\n\n"
)


def directions(db: Path, who: str) -> list[str]:
    shown = CliRunner().invoke(app, ["--db", str(db), "show", who, "--json"])
    assert shown.exit_code == 0, shown.stderr
    return sorted(t["direction"] for t in json.loads(shown.stdout)["touches"])


def run(db: Path, *args: str) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.stderr


def test_kith_me_names_the_user_in_a_chat(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    db = tmp_path / "kith.db"
    run(db, "me", "--name", "Ana Lima")
    run(db, "import", "whatsapp", str(chat))
    assert directions(db, "Ben") == ["in", "out", "out"]  # Ana wrote twice, Ben once


def test_kith_me_email_names_the_user_in_mail(tmp_path: Path) -> None:
    box = tmp_path / "mail.mbox"
    box.write_text(MAIL, encoding="utf-8")
    db = tmp_path / "kith.db"
    run(db, "me", "--name", "Ben Okafor", "--email", "ben@example.com")
    run(db, "import", "mbox", str(box))
    assert directions(db, "Ana") == ["in", "out"]
    listed = CliRunner().invoke(app, ["--db", str(db), "people", "--json"]).stdout
    people = json.loads(listed)["items"]
    assert [p["name"] for p in people] == ["Ana Lima"]
