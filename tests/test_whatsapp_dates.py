"""WhatsApp dates that read both ways: a US 12-hour clock says month-first, so a short
export and a later, longer one of the same chat agree and the second adds only what is new.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kith.cli import app

runner = CliRunner()
ANDROID_12H = "synthetic_android_12h_nnbsp.txt"


def kith_json(db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def first_lines(source: Path, target: Path, count: int) -> Path:
    target.write_bytes(b"".join(source.read_bytes().splitlines(keepends=True)[:count]))
    return target


def test_a_us_clock_reads_ambiguous_days_month_first(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "kith.db"
    full = corpus / "whatsapp" / ANDROID_12H
    short = first_lines(full, tmp_path / "WhatsApp Chat with Sam Whitaker.txt", 12)
    assert b"1/13/24" not in short.read_bytes()  # nothing in it proves the order
    first = kith_json(db, "import", str(short))
    assert first["touches_added"] > 0
    found = kith_json(db, "search", "Jonas")
    assert [t["at"][:10] for t in found] == ["2024-01-04", "2024-01-04"]  # 4 January, not 1 April

    again = tmp_path / "later" / "WhatsApp Chat with Sam Whitaker.txt"
    again.parent.mkdir()
    again.write_bytes(full.read_bytes())
    second = kith_json(db, "import", str(again))
    alone = kith_json(tmp_path / "alone.db", "import", str(again))
    assert alone["touches_added"] > first["touches_added"]
    # only what the longer export adds: no message of the short one again, on other days
    assert second["touches_added"] == alone["touches_added"] - first["touches_added"]


@pytest.mark.parametrize(
    ("clock", "day"),
    [("7:02\u202fPM", "2024-01-04"), ("7:02 pm", "2024-04-01"), ("19:02", "2024-04-01")],
)
def test_only_a_capital_am_pm_hints_month_first(tmp_path: Path, clock: str, day: str) -> None:
    chat = tmp_path / "WhatsApp Chat with Sam.txt"
    chat.write_text(
        f"1/4/24, {clock} - Sam: Hello there\n1/4/24, {clock} - Maya: Hi Sam, Thursday then\n",
        encoding="utf-8",
    )
    kith_json(tmp_path / "kith.db", "import", str(chat))
    found = kith_json(tmp_path / "kith.db", "search", "Thursday")
    assert [t["at"][:10] for t in found] == [day]


# --- Telegram: local dates in the export's own zone ---------------------------------------


def test_telegram_local_dates_take_the_offset_the_export_shows(
    tmp_path: Path, corpus: Path
) -> None:
    """The phone call has `date` 23:11:02 and `date_unixtime` 02:11:02Z: the export's
    clock is at -03:00, so a message with only `date` 16:55:32 was 19:55:32Z."""
    db = tmp_path / "kith.db"
    kith_json(db, "import", str(corpus / "telegram" / "chat-analytics_DM_2A_7M_result.json"))
    bob = kith_json(db, "show", "Bob")
    times = {t["at"] for t in bob["touches"]}
    assert "2023-08-11T02:11:02Z" in times  # the call, from its UTC time
    assert "2019-07-12T19:55:32Z" in times  # not 16:55:32Z, as if the export were in UTC
