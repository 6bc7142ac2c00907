"""The WhatsApp importer against the corpus (../shared/corpus/whatsapp) and small made-up chats.

Facts come from EXPECTED.json, never typed in here; corpus files are copied only into
tmp_path (to rename or zip them), never into the repository.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError
from kith.importers import detect, whatsapp
from kith.models import MeRecord, Record, Skipped, TouchRecord

UTC = ZoneInfo("UTC")
CORPUS_FILES = [
    "chat-analytics_4A_11M_android_mdyy.txt",
    "chat-miner_test_mmddyyyy_12hrs_es.txt",
    "synthetic_android_12h_nnbsp.txt",
    "synthetic_ios__chat.txt",
    "timelinize_fixture__chat_ios_LRM_CRLF.txt",
    "whatstk_pokemon_android_ddmmyyyy.txt",
]


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    data: dict[str, dict] = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return data


def touches(records: list[Record]) -> list[TouchRecord]:
    return [r for r in records if isinstance(r, TouchRecord)]


def authors(records: list[Record]) -> set[str]:
    """Everyone who wrote: the people written by, plus the user when they wrote."""
    found = {t.person.name for t in touches(records) if t.direction == "in"}
    if any(t.direction == "out" for t in touches(records)):
        found |= {r.name for r in records if isinstance(r, MeRecord) and r.name}
    return found


def naive(value: str) -> datetime:
    return datetime.fromisoformat(value)


def is_call(t: TouchRecord) -> bool:
    return t.channel in ("call", "video") or (t.text or "").startswith("[missed")


# --- the corpus -----------------------------------------------------------------------


def test_every_corpus_chat_file_is_listed(corpus: Path, expected: dict[str, dict]) -> None:
    listed = {k.split("/", 1)[1] for k in expected if k.startswith("whatsapp/")}
    assert listed == set(CORPUS_FILES) == {p.name for p in (corpus / "whatsapp").iterdir()}


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_matches_expected(corpus: Path, expected: dict[str, dict], name: str) -> None:
    fact = expected[f"whatsapp/{name}"]
    records = list(whatsapp.read(corpus / "whatsapp" / name, tz=UTC))
    found = touches(records)
    assert len(found) == fact["messages"]
    assert not [r for r in records if isinstance(r, Skipped)]
    assert authors(records) == set(fact["participants_list"])
    assert {t.participants for t in found} == {max(2, fact["participants"])}
    times = [t.at.replace(tzinfo=None) for t in found]
    assert min(times) == naive(fact["earliest"])
    assert max(times) == naive(fact["latest"])
    assert sum(is_call(t) for t in found) == fact["call_events"]
    assert sum((t.text or "").startswith("[media]") for t in found) == fact["media_messages"]
    assert sum(t.text == "[deleted message]" for t in found) == fact["deleted_placeholders"]
    assert sum("\n" in (t.text or "") for t in found) == fact["multiline_messages"]
    assert not any("This message was edited" in (t.text or "") for t in found)
    assert all(t.channel in ("chat", "call", "video") for t in found)
    assert not any("\u200e" in (t.text or "") for t in found)


def test_ambiguous_dates_follow_the_configured_order(
    corpus: Path, expected: dict[str, dict]
) -> None:
    name = "chat-analytics_4A_11M_android_mdyy.txt"
    fact = expected[f"whatsapp/{name}"]
    assert fact["date_order"] == "dmy"
    month_first = touches(list(whatsapp.read(corpus / "whatsapp" / name, tz=UTC, day_first=False)))
    assert min(t.at.replace(tzinfo=None) for t in month_first) == naive(fact["earliest_if_mdy"])


def test_evidence_beats_the_configured_order(corpus: Path, expected: dict[str, dict]) -> None:
    name = "synthetic_android_12h_nnbsp.txt"
    assert expected[f"whatsapp/{name}"]["date_order"] == "mdy"
    found = touches(list(whatsapp.read(corpus / "whatsapp" / name, tz=UTC, day_first=True)))
    assert min(t.at for t in found).replace(tzinfo=None) == naive(
        expected[f"whatsapp/{name}"]["earliest"]
    )


def test_twelve_hour_edges(corpus: Path) -> None:
    found = touches(
        list(whatsapp.read(corpus / "whatsapp" / "synthetic_android_12h_nnbsp.txt", tz=UTC))
    )
    clock = {t.at.strftime("%m-%d %H:%M") for t in found}
    assert {"01-13 00:05", "01-13 12:30", "02-03 00:00"} <= clock


def test_times_are_read_in_the_zone(corpus: Path, expected: dict[str, dict]) -> None:
    name = "whatstk_pokemon_android_ddmmyyyy.txt"
    found = touches(list(whatsapp.read(corpus / "whatsapp" / name, tz=ZoneInfo("Europe/Berlin"))))
    earliest = naive(expected[f"whatsapp/{name}"]["earliest"]).replace(
        tzinfo=ZoneInfo("Europe/Berlin")
    )
    assert min(t.at for t in found) == earliest
    assert min(t.at for t in found).utcoffset() is not None


def test_calls_carry_their_duration(corpus: Path) -> None:
    found = touches(
        list(
            whatsapp.read(corpus / "whatsapp" / "timelinize_fixture__chat_ios_LRM_CRLF.txt", tz=UTC)
        )
    )
    calls = [t for t in found if t.channel in ("call", "video")]
    assert [(t.channel, t.duration_s) for t in calls] == [("video", 300)]
    assert [t.text for t in found if (t.text or "").startswith("[missed")] == [
        "[missed voice call]"
    ]


def test_source_ids_are_stable_and_unique(corpus: Path) -> None:
    for name in CORPUS_FILES:
        first = [
            t.source_id for t in touches(list(whatsapp.read(corpus / "whatsapp" / name, tz=UTC)))
        ]
        again = [
            t.source_id for t in touches(list(whatsapp.read(corpus / "whatsapp" / name, tz=UTC)))
        ]
        assert first == again
        assert len(set(first)) == len(first)


# --- detection and files --------------------------------------------------------------


def test_detected_by_content_renamed_and_zipped(corpus: Path, tmp_path: Path) -> None:
    original = corpus / "whatsapp" / "synthetic_ios__chat.txt"
    renamed = tmp_path / "notes.dat"
    shutil.copy(original, renamed)
    archive = tmp_path / "export.bin"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(original, "_chat.txt")
        z.writestr("00000013-PHOTO-2024-03-14-11-43-02.jpg", b"\xff\xd8\xff\xe0 not really a photo")
    for path in (original, renamed, archive):
        assert detect(path) == "whatsapp"
    ids = [t.source_id for t in touches(list(whatsapp.read(original, tz=UTC)))]
    assert [t.source_id for t in touches(list(whatsapp.read(archive, tz=UTC)))] == ids
    assert [t.source_id for t in touches(list(whatsapp.read(renamed, tz=UTC)))] == ids


def test_not_a_chat_fails_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "shopping.txt"
    path.write_text("milk\neggs\n12 apples\n", encoding="utf-8")
    assert not whatsapp.sniff(path)
    with pytest.raises(ImportFailed, match="shopping.txt"):
        list(whatsapp.read(path, tz=UTC))


def test_a_bad_line_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "14/03/2024, 08:00 - Ana: hi\n"
        "31/31/2024, 08:01 - Ana: a date that is no date\n"
        "and its continuation\n"
        "14/03/2024, 08:02 - Ben: hello\n",
        encoding="utf-8",
    )
    records = list(whatsapp.read(path, tz=UTC))
    assert [t.text for t in touches(records)] == ["hi", "hello"]
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [(s.file, s.line) for s in skipped] == [(str(path), 2)]


# --- who is the user ------------------------------------------------------------------

ONE_TO_ONE = (
    "4/3/2026, 09:00 - Sam Whitaker: Hi Maya\n"
    "4/3/2026, 09:05 - Maya Hartmann: Hi Sam\n"
    "9/3/2026, 18:00 - Sam Whitaker: Shall we talk on Friday?\n"
)


def test_the_chat_file_name_says_who_the_other_is(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Maya Hartmann.txt"
    path.write_text(ONE_TO_ONE, encoding="utf-8")
    records = list(whatsapp.read(path, tz=UTC))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["Sam Whitaker"]
    in_order = sorted(touches(records), key=lambda t: t.at)
    assert [(t.direction, t.person.name) for t in in_order] == [
        ("out", "Maya Hartmann"),
        ("in", "Maya Hartmann"),
        ("out", "Maya Hartmann"),
    ]


def test_me_names_win(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Maya Hartmann.txt"
    path.write_text(ONE_TO_ONE, encoding="utf-8")
    records = list(whatsapp.read(path, tz=UTC, me_names=("maya hartmann",)))
    assert [t.direction for t in touches(records)] == ["in", "out", "in"]


def test_the_author_in_every_chat_is_the_user(tmp_path: Path) -> None:
    folder = tmp_path / "chats"
    folder.mkdir()
    (folder / "a.txt").write_text(ONE_TO_ONE, encoding="utf-8")
    (folder / "b.txt").write_text(
        "5/3/2026, 10:00 - Maya Hartmann: Lunch?\n5/3/2026, 10:30 - Jonas Brandt: Yes!\n",
        encoding="utf-8",
    )
    records = list(whatsapp.read(folder, tz=UTC))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["Maya Hartmann"]
    assert {t.person.name for t in touches(records)} == {"Sam Whitaker", "Jonas Brandt"}


def test_in_a_group_the_user_answers_the_last_author(tmp_path: Path) -> None:
    path = tmp_path / "group.txt"
    path.write_text(
        "1/3/2026, 09:00 - Me Myself: Morning all\n"
        "1/3/2026, 09:01 - Ana: Hi\n"
        "1/3/2026, 09:02 - Ben: Hello\n"
        "1/3/2026, 09:03 - Me Myself: Hi Ben\n"
        "1/3/2026, 09:04 - Cleo: Late again\n",
        encoding="utf-8",
    )
    records = list(whatsapp.read(path, tz=UTC, me_names=("Me Myself",)))
    assert [(t.direction, t.person.name, t.participants) for t in touches(records)] == [
        ("in", "Ana", 4),
        ("out", "Ana", 4),  # opened the chat: attached to the first to answer
        ("in", "Ben", 4),
        ("out", "Ben", 4),
        ("in", "Cleo", 4),
    ]


# --- robustness -----------------------------------------------------------------------


@given(st.text(max_size=400))
def test_any_text_gives_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("wa") / "chat.txt"
    path.write_text(
        "12/9/20, 23:55 - Bob: hello\n" + text, encoding="utf-8", errors="surrogatepass"
    )
    with contextlib.suppress(KithError):
        list(whatsapp.read(path, tz=UTC))


@given(st.binary(max_size=300))
def test_any_bytes_give_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("wab") / "chat.txt"
    path.write_bytes(data)
    with contextlib.suppress(KithError):
        list(whatsapp.read(path, tz=UTC))


# --- end to end through the CLI -------------------------------------------------------


def run(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)
    return data


def test_cli_a_one_to_one_chat_owes_a_reply_a_group_never(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    chat = tmp_path / "WhatsApp Chat with Sam Whitaker.txt"
    chat.write_text(
        "2/3/2026, 09:00 - Maya Hartmann: Hi Sam, Jonas gave me your number\n"
        "2/3/2026, 09:05 - Sam Whitaker: Hi Maya! Happy to help\n"
        "9/3/2026, 18:00 - Sam Whitaker: Could you send me the scorecard?\n",
        encoding="utf-8",
    )
    group = tmp_path / "group.txt"
    group.write_text(
        "1/3/2026, 08:00 - Breakfast Club: Messages and calls are end-to-end encrypted.\n"
        "1/3/2026, 08:01 - Maya Hartmann: Morning all\n"
        "9/3/2026, 17:00 - Ana Lima: Who is in on Friday?\n"
        "9/3/2026, 17:01 - Ben Okafor: Me\n"
        "9/3/2026, 17:02 - Cleo Park: Me too\n"
        "9/3/2026, 17:03 - Dev Rao: Count me in?\n",
        encoding="utf-8",
    )
    report = run(db, "import", str(chat), "--json")
    assert report["source"] == "whatsapp"
    assert report["touches_added"] == 3
    assert report["me"] == "Maya Hartmann"
    assert run(db, "import", "whatsapp", str(group), "--json")["touches_added"] == 5
    again = run(db, "import", str(chat), "--json")
    assert again["touches_added"] == 0 and again["people_created"] == 0
    agenda = run(db, "today", "--as-of", "2026-03-10", "--json")
    replies = Counter(i["person"]["name"] for i in agenda["items"] if i["action"] == "reply")
    assert replies == Counter({"Sam Whitaker": 1})


# --- through the store: the import report matches EXPECTED ----------------------------


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_import_report_counts_the_messages(
    corpus: Path, expected: dict[str, dict], tmp_path: Path, name: str
) -> None:
    from kith import service
    from kith.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    try:
        report = service.import_path(store, corpus / "whatsapp" / name)
        again = service.import_path(store, corpus / "whatsapp" / name)
    finally:
        store.close()
    assert report.source == "whatsapp"
    assert report.touches_added == expected[f"whatsapp/{name}"]["messages"]
    assert report.skipped == []
    assert again.touches_added == 0 and again.people_created == 0


def test_a_two_author_group_is_not_the_one_to_one_chat(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("1/3/2026, 09:00 - Ana: hi\n1/3/2026, 09:01 - Ben: hello\n", encoding="utf-8")
    group = tmp_path / "group.txt"
    group.write_text(
        '1/3/2026, 08:00 - Ana created group "Book club"\n'
        "1/3/2026, 09:00 - Ana: hi\n1/3/2026, 09:01 - Ben: hello\n",
        encoding="utf-8",
    )
    keys = [{t.thread_key for t in touches(list(whatsapp.read(p, tz=UTC)))} for p in (one, group)]
    assert keys[0].isdisjoint(keys[1])
    ids = [{t.source_id for t in touches(list(whatsapp.read(p, tz=UTC)))} for p in (one, group)]
    assert ids[0].isdisjoint(ids[1])


HEADER_LIKE = st.from_regex(
    r"\A\u200e?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},? \d{1,2}[:.]\d{2}([:.]\d{2})?"
    r"(\u202f?[AaPp]\.? ?[Mm]\.?)?\]? (- )?[^\n]{0,12}(: [^\n]{0,12})?\Z",
    fullmatch=True,
)


@given(st.lists(HEADER_LIKE | st.text(max_size=15), min_size=1, max_size=8))
def test_lines_that_look_like_records_give_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("wal") / "chat.txt"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(KithError):
        for record in whatsapp.read(path, tz=ZoneInfo("Europe/Berlin")):
            if isinstance(record, TouchRecord):
                assert record.at.tzinfo is not None


# --- long chats: the numbering of messages written in the same minute ------------------


@given(
    st.lists(
        st.tuples(st.sampled_from(["ana", "ben", "cy"]), st.integers(0, 5)),
        max_size=40,
    )
)
def test_occurrences_count_like_a_counter_of_every_message(stream: list[tuple[str, int]]) -> None:
    """In order or not (a clock change repeats an hour), each (author, minute) counts up."""
    seen = whatsapp.Occurrences()
    plain: Counter[tuple[str, int]] = Counter()
    for author, minute in stream:
        at = datetime(2024, 10, 27, 1, minute)
        plain[(author, minute)] += 1
        assert seen.count(author, at, at.isoformat()) == plain[(author, minute)]


def test_an_hour_repeated_by_a_clock_change_keeps_every_message(tmp_path: Path) -> None:
    lines = [
        f"27/10/2024, {hour}:{minute} - {who}: hi"
        for hour in ("01", "02", "01", "02")
        for minute in ("00", "00", "01")
        for who in ("Ana", "Ben")
    ]
    chat = tmp_path / "WhatsApp Chat with Ana.txt"
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    touches = touches_of(chat)
    assert len(touches) == len(lines) == len({t.source_id for t in touches})
    again = touches_of(chat)
    assert [t.source_id for t in again] == [t.source_id for t in touches]


def touches_of(chat: Path) -> list[TouchRecord]:
    records = whatsapp.read(chat, tz=ZoneInfo("Europe/Berlin"))
    return [r for r in records if isinstance(r, TouchRecord)]
