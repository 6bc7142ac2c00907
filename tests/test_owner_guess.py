"""A guessed owner is a guess for one import: it is reported, never kept as the user.

In a one-to-one WhatsApp chat with nothing naming the user, Kith guesses who the
user is (the author who did not write first). Keeping that guess as the user's name
made the other person "me" in every later chat they wrote in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kith.cli import app

runner = CliRunner()

ONE_TO_ONE = (
    "15/01/2024, 10:00 - Ana Silva: Hi Bo, lovely to meet you at the meetup\n"
    "15/01/2024, 10:05 - Bo Lind: Likewise! What are you working on?\n"
    "16/01/2024, 09:00 - Ana Silva: A book on async conversations\n"
)
GROUP = (
    "20/02/2024, 10:00 - Cy Moss: Welcome to the group\n"
    "20/02/2024, 10:02 - Bo Lind: Thanks Cy\n"
    "20/02/2024, 10:03 - Ana Silva: Hello everyone\n"
    "20/02/2024, 10:04 - Cy Moss: Glad you are both here\n"
)


def kith(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def chat(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_guessed_owner_is_reported_but_not_kept(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    report = kith(db, "import", "whatsapp", chat(tmp_path, "one.txt", ONE_TO_ONE))
    assert report["me"]  # the import says whom it assumed
    assert kith(db, "me") == {"name": None, "identities": []}


def test_a_later_group_does_not_take_the_guess_for_the_user(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    kith(db, "import", "whatsapp", chat(tmp_path, "one.txt", ONE_TO_ONE))
    kith(db, "import", "whatsapp", chat(tmp_path, "group.txt", GROUP))
    names = {p["name"] for p in kith(db, "people")["items"]}
    assert {"Bo Lind", "Cy Moss"} <= names  # neither was taken for the user in the group
