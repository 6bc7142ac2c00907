"""The Telegram Desktop importer against the corpus (../shared/corpus/telegram) and made-up exports.

Facts come from EXPECTED.json; corpus files are only copied into tmp_path.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError
from kith.importers import detect, telegram
from kith.models import Identity, MeRecord, PersonRecord, Record, Skipped, TouchRecord

ZONE = ZoneInfo("UTC")
SINGLE = "chat-analytics_DM_2A_7M_result.json"
FULL = "chat-miner_test_batch_export.json"


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    data: dict[str, dict] = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return data


def touches(records: list[Record]) -> list[TouchRecord]:
    return [r for r in records if isinstance(r, TouchRecord)]


def messages(records: list[Record]) -> list[TouchRecord]:
    """Touches from messages: service rows (calls) excluded, as EXPECTED counts them."""
    return [t for t in touches(records) if t.channel == "chat" and t.text != "[missed call]"]


def authors(records: list[Record]) -> set[str]:
    found = {t.person.name for t in messages(records) if t.direction == "in"}
    if any(t.direction == "out" for t in messages(records)):
        found |= {r.name for r in records if isinstance(r, MeRecord) and r.name}
    return found


def utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZONE)


@pytest.mark.parametrize("name", [SINGLE, FULL])
def test_corpus_file_matches_expected(corpus: Path, expected: dict[str, dict], name: str) -> None:
    fact = expected[f"telegram/{name}"]
    records = list(telegram.read(corpus / "telegram" / name, tz=ZONE))
    assert len(messages(records)) == fact["messages"]
    assert authors(records) == set(fact["participants_list"])
    assert {t.participants for t in touches(records)} == {fact["participants"]}
    # a local-only `date` is on the export's clock, which its call entry shows (-03:00)
    shift = fact.get("zone_offset_hours_revealed_by_service_entry", [0])[0]
    assert min(t.at for t in messages(records)) == utc(fact["earliest"]) - timedelta(hours=shift)
    assert max(t.at for t in messages(records)) == utc(fact["latest"])
    assert not [r for r in records if isinstance(r, Skipped)]


def test_single_chat_facts(corpus: Path, expected: dict[str, dict]) -> None:
    fact = expected[f"telegram/{SINGLE}"]
    records = list(telegram.read(corpus / "telegram" / SINGLE, tz=ZONE))
    found = messages(records)
    photos = sum((t.text or "").startswith("[media] photo") for t in found)
    assert photos == fact["photo_messages"]
    with_unix = [t.at for t in found if t.at >= utc(fact["earliest_with_unixtime"])]
    assert len(with_unix) == fact["messages_with_only_unixtime"]
    assert "https://google.com 👀" in {t.text for t in found}
    calls = [t for t in touches(records) if t.channel == "call"]
    assert "phone_call" in fact["system_actions"]
    assert [(c.duration_s, c.direction, c.person.name) for c in calls] == [(56, "out", "Bob")]
    assert [r.identities for r in records if isinstance(r, MeRecord)] == [
        (Identity("handle", "telegram:300000000"),)
    ]
    assert {t.person.identities for t in touches(records)} == {
        (Identity("handle", "telegram:700000000"),)
    }


def test_local_dates_are_read_in_the_zone(corpus: Path, expected: dict[str, dict]) -> None:
    fact = expected[f"telegram/{SINGLE}"]
    offset = fact["zone_offset_hours_revealed_by_service_entry"][0]
    zone = ZoneInfo("America/Sao_Paulo")  # UTC−03:00 in 2019, as the export reveals
    records = list(telegram.read(corpus / "telegram" / SINGLE, tz=zone))
    earliest = min(t.at for t in messages(records))
    assert earliest.astimezone(zone).utcoffset().total_seconds() == offset * 3600  # type: ignore[union-attr]
    assert earliest == datetime.fromisoformat(fact["earliest"]).replace(tzinfo=zone).astimezone(UTC)


def test_source_ids_are_stable(corpus: Path) -> None:
    for name in (SINGLE, FULL):
        first = [
            t.source_id for t in touches(list(telegram.read(corpus / "telegram" / name, tz=ZONE)))
        ]
        again = [
            t.source_id for t in touches(list(telegram.read(corpus / "telegram" / name, tz=ZONE)))
        ]
        assert first == again and len(set(first)) == len(first)


def test_detected_by_content_renamed_and_zipped(corpus: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "backup.txt"
    shutil.copy(corpus / "telegram" / SINGLE, renamed)
    archive = tmp_path / "DataExport.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(corpus / "telegram" / FULL, "DataExport_2026-03-01/result.json")
    assert detect(renamed) == "telegram"
    assert detect(archive) == "telegram"
    assert len(messages(list(telegram.read(archive, tz=ZONE)))) == 2


def full_export(chats: list[dict], **extra: object) -> dict:
    return {
        "personal_information": {"user_id": 1, "first_name": "Maya", "last_name": "Hartmann"},
        "contacts": {
            "list": [
                {"first_name": "Sam", "last_name": "Whitaker", "phone_number": "+1 415 555 0101"}
            ]
        },
        "chats": {"list": chats},
        **extra,
    }


def message(mid: int, who: int, name: str, when: str, text: object = "hi") -> dict:
    stamp = int(datetime.fromisoformat(when).replace(tzinfo=UTC).timestamp())
    return {
        "id": mid,
        "type": "message",
        "date_unixtime": str(stamp),
        "from": name,
        "from_id": f"user{who}",
        "text": text,
    }


def test_full_export_owner_contacts_groups_channels(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    group = [message(i, 10 + i, f"Member {i}", f"2026-03-0{i}T10:00:00") for i in range(1, 5)]
    group.append(message(9, 1, "Maya Hartmann", "2026-03-05T10:00:00", "Thanks all"))
    path.write_text(
        json.dumps(
            full_export(
                [
                    {"name": "Founders", "type": "private_supergroup", "id": 5, "messages": group},
                    {
                        "name": "News",
                        "type": "public_channel",
                        "id": 6,
                        "messages": [message(1, 6, "News", "2026-03-01T10:00:00")],
                    },
                ]
            )
        ),
        encoding="utf-8",
    )
    records = list(telegram.read(path, tz=ZONE))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["Maya Hartmann"]
    contacts = [r.person for r in records if isinstance(r, PersonRecord)]
    assert [(p.name, p.identities) for p in contacts] == [
        ("Sam Whitaker", (Identity("phone", "+14155550101"),))
    ]
    found = touches(records)
    assert {t.participants for t in found} == {5}
    assert [(t.direction, t.person.name) for t in found][-1] == ("out", "Member 4")
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert len(skipped) == 1 and "channel" in skipped[0].reason


def test_a_message_without_a_date_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    chat = {
        "name": "Sam",
        "type": "personal_chat",
        "id": 2,
        "messages": [
            message(1, 2, "Sam", "2026-03-01T10:00:00"),
            {"id": 2, "type": "message", "from": "Sam", "from_id": "user2", "text": "when?"},
        ],
    }
    path.write_text(json.dumps(chat), encoding="utf-8")
    records = list(telegram.read(path, tz=ZONE))
    assert len(touches(records)) == 1
    assert [r.reason for r in records if isinstance(r, Skipped)] == ["message 2 has no date"]


def test_broken_json_fails_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        '{"name": "Sam", "type": "personal_chat", "messages": [{"id": 1,', encoding="utf-8"
    )
    with pytest.raises(ImportFailed, match="result.json"):
        list(telegram.read(path, tz=ZONE))
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(ImportFailed, match="other.json"):
        list(telegram.read(other, tz=ZONE))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "type",
                        "text",
                        "from",
                        "from_id",
                        "date",
                        "date_unixtime",
                        "messages",
                        "chats",
                        "list",
                        "action",
                        "duration_seconds",
                        "name",
                        "photo",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_any_json_gives_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, value: object
) -> None:
    path = tmp_path_factory.mktemp("tg") / "result.json"
    path.write_text(
        json.dumps({"name": "x", "type": "personal_chat", "messages": [value]}), encoding="utf-8"
    )
    with contextlib.suppress(KithError):
        list(telegram.read(path, tz=ZONE))


def run(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)
    return data


def test_cli_a_personal_chat_owes_a_reply_a_group_never(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    dm = {
        "name": "Sam Whitaker",
        "type": "personal_chat",
        "id": 2,
        "messages": [
            message(1, 1, "Maya Hartmann", "2026-03-02T09:00:00", "Hi Sam"),
            message(
                2,
                2,
                "Sam Whitaker",
                "2026-03-09T18:00:00",
                [{"type": "bold", "text": "Send"}, " the scorecard?"],
            ),
        ],
    }
    group = {
        "name": "Founders",
        "type": "private_group",
        "id": 5,
        "messages": [
            message(10 + i, 10 + i, f"Member {i}", "2026-03-09T17:00:00") for i in range(1, 5)
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(full_export([dm, group])), encoding="utf-8")
    report = run(db, "import", str(path), "--json")
    assert report["source"] == "telegram"
    assert report["touches_added"] == 6
    assert report["me"] == "Maya Hartmann"
    assert run(db, "import", "telegram", str(path), "--json")["touches_added"] == 0
    agenda = run(db, "today", "--as-of", "2026-03-10", "--json")
    replies = Counter(i["person"]["name"] for i in agenda["items"] if i["action"] == "reply")
    assert replies == Counter({"Sam Whitaker": 1})


def test_a_large_export_streams_across_chunk_boundaries(tmp_path: Path) -> None:
    chats = [
        {
            "name": f"Friend {c}",
            "type": "personal_chat",
            "id": 100 + c,
            "messages": [
                message(
                    i,
                    100 + c if i % 2 else 1,
                    "x",
                    f"2026-03-0{1 + i % 9}T10:00:{i % 60:02d}",
                    "word " * (i % 7),
                )
                for i in range(1500)
            ],
        }
        for c in range(3)
    ]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(full_export(chats), indent=1), encoding="utf-8")
    assert path.stat().st_size > 4 * 64 * 1024
    found = touches(list(telegram.read(path, tz=ZONE)))
    assert len(found) == 4500
    assert len({t.source_id for t in found}) == 4500
    assert Counter(t.direction for t in found) == Counter({"in": 2250, "out": 2250})


@given(st.binary(max_size=200))
def test_any_bytes_give_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("tgb") / "result.json"
    path.write_bytes(b'{"name": "x", "type": "personal_chat", "messages": [' + data)
    with contextlib.suppress(KithError):
        list(telegram.read(path, tz=ZONE))


def test_an_impossible_time_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    chat = {
        "name": "Sam",
        "type": "personal_chat",
        "id": 2,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "99999999999999999999",
                "from": "Sam",
                "from_id": "user2",
                "text": "hi",
            },
        ],
    }
    path.write_text(json.dumps(chat), encoding="utf-8")
    records = list(telegram.read(path, tz=ZONE))
    assert [r.reason for r in records if isinstance(r, Skipped)] == ["message 1 has no date"]
