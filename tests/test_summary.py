"""The summary refresh writes exactly what the plain fold (`summary_reference`) specifies.

Random touch histories go into a real database (SQLite and PostgreSQL), through the
corpus imports and through `kith log`; after each refresh, every summary row and
channel row must equal the reference computed from the same touches.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import DateTime, Engine, delete, func, insert, select
from sqlalchemy.dialects import sqlite
from typer.testing import CliRunner

from kith.cli import app
from kith.models import CHANNELS
from kith.store import Store
from kith.store import schema as t
from kith.store.rawsql import RawSQL
from kith.store.summary import INTIMATE, _IntimateWord, intimate_words, refresh_summaries
from kith.store.timeutil import aware
from summary_reference import expected

START = datetime(2023, 1, 1, tzinfo=UTC)


def stored(engine: Engine, ids: list[int]) -> tuple[dict[int, Any], dict[tuple[int, str], Any]]:
    """The summary rows of these people as the store reads them back (times aware UTC)."""

    def plain(row: Any) -> dict[str, Any]:
        return {k: aware(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()}

    ps, cs = t.person_summary, t.channel_summary
    with engine.connect() as conn:
        people = conn.execute(select(ps).where(ps.c.person_id.in_(ids))).all()
        channels = conn.execute(select(cs).where(cs.c.person_id.in_(ids))).all()
    return (
        {r.person_id: plain(r) for r in people},
        {(r.person_id, r.channel): plain(r) for r in channels},
    )


def assert_matches_reference(engine: Engine, ids: list[int]) -> None:
    with engine.connect() as conn:
        want_people, want_channels = expected(conn, 1, ids)
    got_people, got_channels = stored(engine, ids)
    assert set(got_people) == set(want_people)
    for pid, want in want_people.items():
        assert got_people[pid] == want, f"person {pid}"
    assert got_channels == want_channels


# -- random histories through the store ------------------------------------------------

WORDS = [
    "love", "Love!", "LOVED.", "thanks,", "(friend)", "'hug'", "family's", "miss", "proud?!",
    "congrats", "hello", "ok", "the", "meeting", "Σ", "İ", "...", "—", "thank-you", "heart:",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", "\t", "\u00a0", "\u2003"]
long_text = st.integers(110, 130).map(lambda n: " ".join(["word"] * n))
# Any text a database can hold (PostgreSQL: no NUL; neither: lone surrogates).
word = st.sampled_from(WORDS) | st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=6
)
short_text = st.lists(st.tuples(word, st.sampled_from(SEPARATORS)), max_size=12).map(
    lambda parts: "".join(w + s for w, s in parts)
)
minutes = st.integers(0, 30) | st.integers(0, 3 * 365 * 24 * 60)  # ties, and years apart
touch = st.fixed_dictionaries(
    {
        "person": st.integers(0, 3),
        "thread": st.none() | st.integers(0, 2),
        "channel": st.sampled_from(sorted(CHANNELS)),
        "direction": st.sampled_from(["in", "out"]),
        "at": st.builds(
            lambda m, us: START + timedelta(minutes=m, microseconds=us),
            minutes,
            st.sampled_from([0, 1, 999_999]),
        ),
        "status": st.sampled_from(["held", "held", "planned"]),
        "purpose": st.sampled_from([None, "brainstorm", "social"]),
        "is_bulk": st.booleans(),
        "is_group": st.booleans(),
        "text": st.none() | short_text | long_text,
        "duration_s": st.none() | st.sampled_from([0, 60, 5400]),
    }
)
person = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(["new", "connected", "closed"]),
        "layer": st.sampled_from([None, 5, 15, 50, 150]),
        "cadence_days": st.sampled_from([None, 0, 30]),
    }
)


def write_history(
    engine: Engine, people: list[dict[str, Any]], touches: list[dict[str, Any]]
) -> list[int]:
    """Replace everything with these people, their threads and touches; return the ids."""
    with engine.begin() as conn:
        for table in (t.channel_summary, t.person_summary, t.touches, t.threads, t.people):
            conn.execute(delete(table))
        ids = [
            conn.execute(
                insert(t.people).values(account_id=1, name=f"P{n}", created_at=START, **p)
            ).inserted_primary_key[0]
            for n, p in enumerate(people)
        ]
        threads = [
            conn.execute(
                insert(t.threads).values(account_id=1, source_id=f"th{n}", channel="dm")
            ).inserted_primary_key[0]
            for n in range(3)
        ]
        for n, row in enumerate(touches):
            values = {**row, "person_id": ids[row["person"] % len(ids)]}
            values["thread_id"] = None if row["thread"] is None else threads[row["thread"]]
            del values["person"], values["thread"]
            conn.execute(
                insert(t.touches).values(account_id=1, source="test", source_id=f"s{n}", **values)
            )
    return ids


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person, min_size=1, max_size=4), touches=st.lists(touch, max_size=40))
def test_refresh_equals_the_reference_fold(
    store: Store, people: list[dict[str, Any]], touches: list[dict[str, Any]]
) -> None:
    ids = write_history(store.engine, people, touches)
    with store.engine.begin() as conn:
        refresh_summaries(conn, 1, ids)
    assert_matches_reference(store.engine, ids)


def test_refresh_of_someone_with_no_touches_and_of_no_one(store: Store) -> None:
    ids = write_history(store.engine, [{"stage": "new", "layer": None, "cadence_days": 30}], [])
    with store.engine.begin() as conn:
        refresh_summaries(conn, 1, [])
        refresh_summaries(conn, 1, ids)
    got, channels = stored(store.engine, ids)
    assert got[ids[0]]["touch_count"] == 0 and got[ids[0]]["strength"] is None
    assert channels == {}
    assert_matches_reference(store.engine, ids)


def test_refresh_in_chunks_equals_the_reference(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People spread over several chunks, each chunk its own statements."""
    monkeypatch.setattr("kith.store.summary.CHUNK", 3)
    people = [{"stage": "new", "layer": None, "cadence_days": None}] * 8
    touches = [
        {"person": n % 8, "thread": None, "channel": "dm", "direction": ("in", "out")[n % 2],
         "at": START + timedelta(days=n), "status": "held", "purpose": None, "is_bulk": False,
         "is_group": False, "text": "thanks, friend", "duration_s": None}
        for n in range(40)
    ]  # fmt: skip
    ids = write_history(store.engine, people, touches)
    with store.engine.begin() as conn:
        refresh_summaries(conn, 1, ids)
    assert_matches_reference(store.engine, ids)
    got, _ = stored(store.engine, ids)
    assert [got[pid]["touch_count"] for pid in ids] == [5] * 8


def test_refresh_on_a_connection_not_yet_begun_is_committed_by_its_commit(store: Store) -> None:
    people = [{"stage": "new", "layer": None, "cadence_days": None}]
    touches = [
        {"person": 0, "thread": None, "channel": "call", "direction": "out", "at": START,
         "status": "held", "purpose": None, "is_bulk": False, "is_group": False, "text": None,
         "duration_s": 60}
    ]  # fmt: skip
    ids = write_history(store.engine, people, touches)
    with store.engine.connect() as conn:
        refresh_summaries(conn, 1, ids)
        conn.commit()
    got, channels = stored(store.engine, ids)
    assert got[ids[0]]["sync_seconds"] == 60 and channels[ids[0], "call"]["count_out"] == 1


def test_a_refresh_never_touches_another_accounts_people(store: Store) -> None:
    """Asked (wrongly) to refresh account 2's person for account 1, nothing of theirs moves."""
    people = [{"stage": "new", "layer": None, "cadence_days": None}]
    touches = [
        {"person": 0, "thread": None, "channel": "dm", "direction": "in", "at": START,
         "status": "held", "purpose": None, "is_bulk": False, "is_group": False,
         "text": "hello there", "duration_s": None}
    ]  # fmt: skip
    ids = write_history(store.engine, people, touches)
    with store.engine.begin() as conn:
        refresh_summaries(conn, 1, ids)
        other = conn.execute(select(func.max(t.accounts.c.id))).scalar_one() + 1
        conn.execute(insert(t.accounts).values(id=other, name="other", created_at=START))
        for table in (t.people, t.touches, t.person_summary, t.channel_summary):
            conn.execute(table.update().values(account_id=other))
    with store.engine.begin() as conn:
        refresh_summaries(conn, 1, ids)
    with store.engine.connect() as conn:
        owners = conn.execute(select(t.person_summary.c.account_id)).scalars().all()
        channel_owners = conn.execute(select(t.channel_summary.c.account_id)).scalars().all()
    assert owners == [other] and channel_owners == [other]


# -- through the public surface -----------------------------------------------------------

CONVERSATIONS = [
    "whatsapp/whatstk_pokemon_android_ddmmyyyy.txt",
    "whatsapp/chat-analytics_4A_11M_android_mdyy.txt",
    "whatsapp/synthetic_android_12h_nnbsp.txt",
    "telegram/chat-analytics_DM_2A_7M_result.json",
    "telegram/chat-miner_test_batch_export.json",
    "mbox/synthetic_gmail-takeout.mbox",
    "mbox/mailutils_teaparty.mbox",
    "ics/icalendar_issue_101_icalendar_chokes_on_umlauts_in_organizer.ics",
]


def test_corpus_imports_through_the_cli_match_the_reference(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    runner = CliRunner()
    linkedin = tmp_path / "linkedin"
    linkedin.mkdir()
    shutil.copy(corpus / "linkedin/synthetic_messages_2026.csv", linkedin / "messages.csv")
    for path in [*(corpus / name for name in CONVERSATIONS), linkedin]:
        result = runner.invoke(app, ["--db", str(db), "import", str(path)])
        assert result.exit_code == 0, (path, result.output)
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.engine.connect() as conn:
            ids = list(conn.execute(select(t.people.c.id)).scalars())
            touched = conn.execute(select(t.touches.c.id)).all()
        assert len(ids) > 20 and len(touched) > 100  # the corpus has real histories
        assert_matches_reference(store.engine, ids)
    finally:
        store.close()


def test_kith_log_refreshes_to_the_reference(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    runner = CliRunner()

    def kith(*args: str) -> None:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output

    kith("import", str(corpus / "whatsapp/synthetic_ios__chat.txt"))
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.engine.connect() as conn:
            ids = list(conn.execute(select(t.people.c.id).order_by(t.people.c.id)).scalars())
        before, _ = stored(store.engine, ids)
        someone = str(ids[0])
        kith("log", someone, "--channel", "email", "--at", "2030-01-05T10:00", "--direction", "out",
             "--note", "Thanks, friend — shall we meet?")  # fmt: skip
        kith("log", someone, "--channel", "email", "--at", "2030-01-06T09:30", "--direction", "in",
             "--note", "Love to!")  # fmt: skip
        kith("log", someone, "--channel", "call", "--at", "2030-02-01", "--planned")
        assert_matches_reference(store.engine, ids)
        after, channels = stored(store.engine, ids)
        summary = after[ids[0]]
        assert summary["touch_count"] == before[ids[0]]["touch_count"] + 2
        assert summary["next_planned_at"] == datetime(2030, 2, 1, tzinfo=UTC)
        assert channels[ids[0], "email"]["median_reply_s"] == 23.5 * 3600
    finally:
        store.close()


# -- the parts ---------------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from("loveLOVEthanks!,.'()\"?İΣ \n\u00a0\u2003x")))
def test_intimate_words_counts_as_the_lowered_split_does(text: str) -> None:
    reference = sum(1 for w in text.lower().split() if w.strip(".,!?;:()\"'") in INTIMATE)
    assert intimate_words(text.split()) == reference


def test_the_intimate_word_memory_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _IntimateWord()
    monkeypatch.setattr(_IntimateWord, "LIMIT", 3)
    assert [memory[w] for w in ["Love", "x", "y", "z", "(hug)", "Love"]] == [
        True, False, False, False, True, True,
    ]  # fmt: skip
    assert len(memory) <= 3


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_sqlite_times_are_stored_as_core_writes_them(value: datetime) -> None:
    dialect = sqlite.dialect()
    core = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    assert core is not None
    raw = RawSQL.__new__(RawSQL)
    raw.sqlite = True
    assert raw.stored(value) == core(value)
