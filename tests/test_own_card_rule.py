"""Only the user's own card becomes the user: someone else's card that shares one
identity with the user (a family landline, a shared team address) stays a contact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kith.cli import app

runner = CliRunner()

MUM = """BEGIN:VCARD
VERSION:3.0
FN:Ruth Hartmann
EMAIL:ruth.hartmann@example.org
TEL:+44 20 7946 0000
END:VCARD
"""
OWN = """BEGIN:VCARD
VERSION:3.0
FN:Maya Hartmann
EMAIL:maya.private@example.net
TEL:+44 20 7946 0000
END:VCARD
"""
LANDLINE = "+442079460000"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kith.db"


def kith(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def card(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def my_values(db: Path) -> set[str]:
    return {i["value"] for i in kith(db, "me")["identities"]}


def test_a_card_sharing_only_the_family_landline_stays_a_contact(db: Path, tmp_path: Path) -> None:
    kith(db, "import", card(tmp_path, "mum.vcf", MUM))
    kith(db, "me", "--name", "Maya Hartmann", "--phone", LANDLINE)
    names = [p["name"] for p in kith(db, "people")["items"]]
    assert names == ["Ruth Hartmann"]
    assert "ruth.hartmann@example.org" not in my_values(db)


def test_imported_after_kith_me_too(db: Path, tmp_path: Path) -> None:
    kith(db, "me", "--name", "Maya Hartmann", "--phone", LANDLINE)
    kith(db, "import", card(tmp_path, "mum.vcf", MUM))
    assert [p["name"] for p in kith(db, "people")["items"]] == ["Ruth Hartmann"]
    assert "ruth.hartmann@example.org" not in my_values(db)


def test_the_users_own_card_still_becomes_the_user(db: Path, tmp_path: Path) -> None:
    kith(db, "import", card(tmp_path, "own.vcf", OWN))
    kith(db, "me", "--name", "Maya Hartmann", "--phone", LANDLINE)
    assert kith(db, "people")["items"] == []
    assert "maya.private@example.net" in my_values(db)


def test_an_identity_the_user_confirms_survives_undoing_the_import_that_found_it(
    db: Path, tmp_path: Path, corpus: Path
) -> None:
    mail = tmp_path / "mail.mbox"
    mail.write_bytes((corpus / "mbox" / "synthetic_gmail-takeout.mbox").read_bytes())
    report = kith(db, "import", str(mail))
    found = {i["value"] for i in kith(db, "me")["identities"]}
    assert found, "the mbox names the user"
    kith(db, "me", *[arg for value in sorted(found) for arg in ("--email", value)])
    kith(db, "import", "--undo", str(report["import_id"]))
    assert my_values(db) == found
