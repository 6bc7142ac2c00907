"""The Slack export importer against the corpus (../shared/corpus/slack) and made-up exports.

Facts come from EXPECTED.json; corpus files are only copied into tmp_path.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kith.cli import app
from kith.errors import ImportFailed, KithError
from kith.importers import detect, slack
from kith.models import (
    GROUP_THRESHOLD,
    MeRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
    TouchRecord,
)

ZONE = ZoneInfo("UTC")
EXPORT = "slack/slackdump_source_export_dir"
DAY = f"{EXPORT}/B75B4C7/2025-01-11.json"


@pytest.fixture
def expected(corpus: Path) -> dict[str, dict]:
    data: dict[str, dict] = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    return data


def touches(records: list[Record]) -> list[TouchRecord]:
    return [r for r in records if isinstance(r, TouchRecord)]


def user_id(ref: PersonRef) -> str:
    """The Slack user id inside a `slack:<team>:<id>` handle (handles are lower-cased)."""
    return next(i.value.rsplit(":", 1)[1] for i in ref.identities if i.kind == "handle")


def authors(records: list[Record]) -> set[str]:
    found = {user_id(t.person).upper() for t in touches(records) if t.direction == "in"}
    me = [r for r in records if isinstance(r, MeRecord)]
    if me and any(t.direction == "out" for t in touches(records)):
        found.add(user_id(PersonRef("me", me[0].identities)).upper())
    return found


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_corpus_export_matches_expected(corpus: Path, expected: dict[str, dict]) -> None:
    day, users, channels = (
        expected[DAY],
        expected[f"{EXPORT}/users.json"],
        expected[f"{EXPORT}/channels.json"],
    )
    records = list(slack.read(corpus / EXPORT, tz=ZONE))
    found = touches(records)
    assert len(found) == day["messages"]
    assert authors(records) == set(day["participants_list"])
    assert min(t.at for t in found).replace(microsecond=0) == utc(day["earliest"])
    assert max(t.at for t in found).replace(microsecond=0) == utc(day["latest"])
    assert sum((t.text or "").startswith("[media]") for t in found) == day["messages_without_text"]
    assert {t.participants for t in found} == {len(channels["members"])}
    assert not [r for r in records if isinstance(r, Skipped)]
    people = [r.person for r in records if isinstance(r, PersonRecord)]
    people += [PersonRef(r.name or "", r.identities) for r in records if isinstance(r, MeRecord)]
    assert len(people) == users["contacts"]
    assert {user_id(p).upper() for p in people} == set(users["human_ids"])


def test_threads(corpus: Path, expected: dict[str, dict]) -> None:
    day = expected[DAY]
    found = touches(list(slack.read(corpus / EXPORT, tz=ZONE)))
    day_start = datetime(2025, 1, 11, tzinfo=UTC)
    replies = earlier = 0
    for t in found:
        if t.thread_key and t.thread_key.count(":") == 1:
            parent = datetime.fromtimestamp(float(t.thread_key.split(":")[1]), UTC)
            if parent != t.at:
                replies += 1
                earlier += parent < day_start
    assert replies == day["thread_replies"]
    assert earlier == day["replies_to_parent_on_earlier_day"]


def test_a_day_file_alone(corpus: Path, expected: dict[str, dict]) -> None:
    records = list(slack.read(corpus / DAY, tz=ZONE))
    assert len(touches(records)) == expected[DAY]["messages"]
    # Without channels.json the members are unknown: a channel is still a group.
    assert all(t.participants > GROUP_THRESHOLD for t in touches(records))
    assert detect(corpus / DAY) == "slack"


def test_source_ids_are_stable(corpus: Path) -> None:
    first = [t.source_id for t in touches(list(slack.read(corpus / EXPORT, tz=ZONE)))]
    again = [t.source_id for t in touches(list(slack.read(corpus / EXPORT, tz=ZONE)))]
    assert first == again and len(set(first)) == len(first)


def test_detected_in_a_folder_and_a_renamed_zip(corpus: Path, tmp_path: Path) -> None:
    archive = tmp_path / "workspace.data"
    with zipfile.ZipFile(archive, "w") as z:
        for file in (corpus / EXPORT).rglob("*.json"):
            z.write(
                file, "My Workspace Slack export/" + file.relative_to(corpus / EXPORT).as_posix()
            )
    assert detect(corpus / EXPORT) == "slack"
    assert detect(archive) == "slack"
    ids = [t.source_id for t in touches(list(slack.read(corpus / EXPORT, tz=ZONE)))]
    assert [t.source_id for t in touches(list(slack.read(archive, tz=ZONE)))] == ids


def test_me_names_choose_the_user(corpus: Path) -> None:
    records = list(slack.read(corpus / EXPORT, tz=ZONE, me_names=("AlkShc6v9A9fU08d",)))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["AlkShc6v9A9fU08d"]
    # The reply under the deleted (tombstoned) parent goes to that parent's author.
    assert {t.person.name for t in touches(records)} == {"kPVTqHcBWssWFAU", "910QL4 j"}


# --- a small export written here ------------------------------------------------------


def user(uid: str, name: str, **extra: object) -> dict:
    return {
        "id": uid,
        "team_id": "T1",
        "name": name.lower(),
        "real_name": name,
        "deleted": False,
        "is_bot": False,
        "profile": {"real_name": name, "email": f"{name.split()[0].lower()}@example.com"},
        **extra,
    }


def msg(uid: str, when: str, text: str, **extra: object) -> dict:
    ts = f"{datetime.fromisoformat(when).replace(tzinfo=UTC).timestamp():.6f}"
    return {"type": "message", "user": uid, "text": text, "ts": ts, **extra}


def write_export(folder: Path) -> Path:
    folder.mkdir()
    users = [
        user("U1", "Maya Hartmann"),
        user("U2", "Sam Whitaker"),
        user("U3", "Ana Lima"),
        user("U4", "Ben Okafor"),
        user("U5", "Cleo Park"),
        user("B1", "Deploy Bot", is_bot=True),
        user("U9", "Gone Person", deleted=True),
    ]
    files = {
        "users.json": users,
        "channels.json": [
            {"id": "C1", "name": "general", "members": ["U1", "U2", "U3", "U4", "U5"]}
        ],
        "dms.json": [{"id": "D1", "members": ["U1", "U2"]}, {"id": "D2", "members": ["U3", "U1"]}],
        "general/2026-03-09.json": [
            msg("U1", "2026-03-09T09:00:00", "Morning <!channel>"),
            msg("U3", "2026-03-09T09:05:00", "hi"),
            {
                "type": "message",
                "subtype": "channel_join",
                "user": "U4",
                "text": "<@U4> has joined",
                "ts": "1773047000.000100",
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "bot_id": "B1",
                "text": "deployed",
                "ts": "1773047100.000100",
            },
            msg("U4", "2026-03-09T17:00:00", "Who is in on Friday, <@U1>?"),
        ],
        "D1/2026-03-02.json": [msg("U1", "2026-03-02T09:00:00", "Hi Sam")],
        "D1/2026-03-09.json": [msg("U2", "2026-03-09T18:00:00", "Could you send the scorecard?")],
        "D2/2026-03-09.json": [
            msg("U3", "2026-03-09T10:00:00", "thanks!"),
            msg("U1", "2026-03-09T10:05:00", "any time"),
        ],
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_the_member_of_every_dm_is_the_user(tmp_path: Path) -> None:
    records = list(slack.read(write_export(tmp_path / "export"), tz=ZONE))
    assert [r.name for r in records if isinstance(r, MeRecord)] == ["Maya Hartmann"]
    assert len([r for r in records if isinstance(r, PersonRecord)]) == 4  # no bot, no deleted user
    found = touches(records)
    assert len(found) == 7
    dm = [t for t in found if t.thread_key == "D1"]
    assert [(t.direction, t.person.name, t.participants) for t in dm] == [
        ("out", "Sam Whitaker", 2),
        ("in", "Sam Whitaker", 2),
    ]
    general = sorted((t for t in found if t.thread_key == "C1"), key=lambda t: t.at)
    assert [(t.direction, t.person.name) for t in general] == [
        ("out", "Ana Lima"),
        ("in", "Ana Lima"),
        ("in", "Ben Okafor"),
    ]
    assert general[-1].text == "Who is in on Friday, @Maya Hartmann?"
    assert {t.participants for t in general} == {5}


def test_a_broken_day_file_is_skipped_a_broken_user_list_is_fatal(tmp_path: Path) -> None:
    export = write_export(tmp_path / "export")
    (export / "general" / "2026-03-10.json").write_text('[{"type": "message",', encoding="utf-8")
    records = list(slack.read(export, tz=ZONE))
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [s.file for s in skipped] == [str(export / "general" / "2026-03-10.json")]
    assert len(touches(records)) == 7
    (export / "users.json").write_text("[{", encoding="utf-8")
    with pytest.raises(ImportFailed, match="users.json"):
        list(slack.read(export, tz=ZONE))


def test_not_an_export(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.json").write_text('{"a": 1}', encoding="utf-8")
    assert not slack.sniff(folder)
    with pytest.raises(ImportFailed, match="photos"):
        list(slack.read(folder, tz=ZONE))


def run(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)
    return data


def test_cli_a_dm_owes_a_reply_a_channel_never(tmp_path: Path) -> None:
    db = tmp_path / "kith.db"
    export = write_export(tmp_path / "export")
    archive = shutil.make_archive(str(tmp_path / "Slack export"), "zip", export)
    report = run(db, "import", archive, "--json")
    assert report["source"] == "slack"
    assert report["touches_added"] == 7
    assert report["me"] == "Maya Hartmann"
    again = run(db, "import", "slack", str(export), "--json")
    assert again["touches_added"] == 0 and again["people_created"] == 0
    agenda = run(db, "today", "--as-of", "2026-03-10", "--json")
    replies = Counter(i["person"]["name"] for i in agenda["items"] if i["action"] == "reply")
    assert replies == Counter({"Sam Whitaker": 1})


@pytest.mark.parametrize("name", ["", "/users.json", "/channels.json", "/B75B4C7/2025-01-11.json"])
def test_every_corpus_file_imports(
    corpus: Path, expected: dict[str, dict], tmp_path: Path, name: str
) -> None:
    from kith import service
    from kith.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'kith.db'}")
    try:
        report = service.import_path(store, corpus / (EXPORT + name))
    finally:
        store.close()
    assert report.source == "slack"
    day_messages = expected[DAY]["messages"]
    assert report.touches_added == (day_messages if name in ("", "/B75B4C7/2025-01-11.json") else 0)
    if name in ("", "/users.json"):
        assert (
            report.people_created == expected[f"{EXPORT}/users.json"]["contacts"] - 1
        )  # the user is not a person


@given(st.binary(max_size=200))
def test_any_bytes_give_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("slackb")
    (folder / "users.json").write_text("[]", encoding="utf-8")
    (folder / "general").mkdir()
    (folder / "general" / "2026-03-09.json").write_bytes(b'[{"type": "message", "ts": ' + data)
    with contextlib.suppress(KithError):
        list(slack.read(folder, tz=ZONE))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "user",
                    "text",
                    "ts",
                    "thread_ts",
                    "subtype",
                    "files",
                    "bot_id",
                    "parent_user_id",
                    "user_profile",
                    "title",
                    "id",
                    "members",
                    "profile",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=15,
)


@given(JSON_VALUES, JSON_VALUES)
def test_any_json_gives_records_or_a_kith_error(
    tmp_path_factory: pytest.TempPathFactory, message: object, user_entry: object
) -> None:
    folder = tmp_path_factory.mktemp("slackj")
    (folder / "users.json").write_text(json.dumps([user_entry]), encoding="utf-8")
    (folder / "channels.json").write_text(
        json.dumps([{"id": "C1", "name": "general", "members": user_entry}]), encoding="utf-8"
    )
    (folder / "general").mkdir()
    day = [
        message,
        {
            "type": "message",
            "user": "U1",
            "ts": "1773047000.000100",
            **(message if isinstance(message, dict) else {}),
        },
    ]
    (folder / "general" / "2026-03-09.json").write_text(json.dumps(day), encoding="utf-8")
    with contextlib.suppress(KithError):
        list(slack.read(folder, tz=ZONE))
