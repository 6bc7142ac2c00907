"""Identity: certain matches merge, likely ones are suggested, every merge undoes.

Runs on SQLite and PostgreSQL. The Hypothesis properties: merge then unmerge is
the original (a full dump of both people's rows), and importing two overlapping
sources twice is importing them once.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from kith import service
from kith.cli import app
from kith.models import Identity, ImportReport, PersonRecord, PersonRef, Record, TouchRecord
from kith.service import identity
from kith.store import Store
from kith.store import schema as t
from kith.store.merge import OWNED

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def email(value: str) -> Identity:
    return Identity("email", value)


def profile(slug: str) -> Identity:
    return Identity("profile", f"https://linkedin.com/in/{slug}")


def touch(source: str, n: int, ref: PersonRef, text: str = "hello", thread: str | None = None) -> TouchRecord:
    return TouchRecord(source, f"{source}:{n}", ref, "dm", "in", T0 + timedelta(days=n), text,
                       thread_key=thread)


def ingest(store: Store, records: list[Record], source: str = "test") -> ImportReport:
    return store.ingest(records, ImportReport(source))


# Derived, not stored facts: the Dunbar layer is re-ranked with hysteresis across
# everyone at each refresh, and the person summary's attention window follows it.
DERIVED = {"layer"}


def dump(store: Store, person_ids: list[int]) -> dict[str, Any]:
    """Every row that belongs to these people, by table, ordered by id."""
    out: dict[str, Any] = {}
    people = [c for c in t.people.c if c.name not in DERIVED]
    with store.engine.connect() as conn:
        out["people"] = [tuple(r) for r in conn.execute(
            select(*people).where(t.people.c.id.in_(person_ids)).order_by(t.people.c.id))]
        for name, (table, _) in OWNED.items():
            out[name] = [tuple(r) for r in conn.execute(
                select(table).where(table.c.person_id.in_(person_ids)).order_by(table.c.id))]
        counts = [t.person_summary.c[k] for k in ("person_id", "touch_count", "direct_in",
                                                 "direct_out", "last_touch_at", "words_in")]
        out["summary"] = [tuple(r) for r in conn.execute(
            select(*counts).where(t.person_summary.c.person_id.in_(person_ids))
            .order_by(t.person_summary.c.person_id))]
        out["channels"] = [tuple(r) for r in conn.execute(
            select(t.channel_summary).where(t.channel_summary.c.person_id.in_(person_ids))
            .order_by(t.channel_summary.c.person_id, t.channel_summary.c.channel))]
    return out


def two_people(store: Store) -> tuple[int, int]:
    ana = PersonRef("Ana Ruiz", (email("ana@acme.com"),), company="Acme")
    ana2 = PersonRef("Ana R.", (profile("ana-ruiz"),), position="CTO")
    ingest(store, [touch("mail", 1, ana, "about the offsite"), touch("li", 2, ana2, "lighthouse trip")])
    a = store.resolve_person("ana@acme.com")[0]
    b = store.resolve_person("https://linkedin.com/in/ana-ruiz")[0]
    return a, b


def fill_extras(store: Store, person_id: int, tag: str) -> None:
    store.add_tag(person_id, tag)
    store.add_tag(person_id, "shared")
    store.add_topic(person_id, "climate", T0)
    store.add_detail(person_id, f"detail {tag}", T0)
    store.add_action(person_id, f"send deck {tag}", "me", date(2026, 4, 1), T0)
    store.set_stage(person_id, "connected", T0, "set by you")
    store.set_agenda_state(f"reply:{person_id}:2026-03-02", "done", T0)


def test_merge_moves_everything_and_unmerge_restores_both(store: Store) -> None:
    a, b = two_people(store)
    fill_extras(store, a, "a")
    fill_extras(store, b, "b")
    before = dump(store, [a, b])
    result = identity.merge(store, str(a), str(b))
    assert result["survivor"]["id"] == a
    person = store.person(a)
    assert {i["value"] for i in person["identities"]} == {"ana@acme.com", "https://linkedin.com/in/ana-ruiz"}
    assert person["position"] == "CTO"  # taken over: Ana had none
    assert person["summary"]["touch_count"] == 2
    assert sorted(person["tags"]) == ["a", "b", "shared"]
    assert store.stats()["people"] == 1
    identity.unmerge(store, result["merge"])
    assert dump(store, [a, b]) == before
    assert store.person(a)["position"] is None


def test_what_the_survivor_gained_after_the_merge_stays(store: Store) -> None:
    a, b = two_people(store)
    merge_id = store.merge(a, b)
    ingest(store, [touch("li", 3, PersonRef("Ana R.", (profile("ana-ruiz"),)), "new since")])
    store.add_tag(a, "later")
    store.unmerge(merge_id)
    assert [x["text"] for x in store.touches(a)] == ["new since", "about the offsite"]
    assert [x["text"] for x in store.touches(b)] == ["lighthouse trip"]
    assert store.person(a)["tags"] == ["later"]
    # The moved identity went back with B, so B is findable by it again.
    assert store.resolve_person("https://linkedin.com/in/ana-ruiz")[0] == b


def test_one_record_naming_two_people_merges_them_and_undo_separates(store: Store) -> None:
    a, b = two_people(store)
    both = PersonRef("Ana Ruiz", (email("ana@acme.com"), profile("ana-ruiz")))
    report = ingest(store, [PersonRecord("vcard", "vcard:1", both)], source="vcard")
    assert report.people_merged == 1
    assert store.stats()["people"] == 1
    assert store.person(a)["summary"]["touch_count"] == 2
    history = store.merges()
    assert history[0]["cause"] == "same identity in one record"
    assert history[0]["import_id"] == report.import_id
    assert report.import_id is not None
    store.undo_import(report.import_id)
    assert store.stats()["people"] == 2
    # The unmerge is remembered: the same record does not merge them again.
    again = ingest(store, [PersonRecord("vcard", "vcard:1", both)], source="vcard")
    assert again.people_merged == 0 and store.stats()["people"] == 2
    assert b in {p["id"] for p in store.list_people("Ana")}


def test_unmerge_twice_and_missing_merge_are_clear_errors(store: Store) -> None:
    a, b = two_people(store)
    merge_id = store.merge(a, b)
    store.unmerge(merge_id)
    with pytest.raises(Exception, match="already undone"):
        store.unmerge(merge_id)
    with pytest.raises(Exception, match="no merge 999"):
        store.unmerge(999)


def test_similar_names_with_evidence_are_suggested_not_merged(store: Store) -> None:
    report = ingest(store, [
        PersonRecord("li", "li:1", PersonRef("Jonathan Smith", (profile("jsmith"),), company="Globex")),
        PersonRecord("csv", "csv:1", PersonRef("Jonathon Smith", (email("js@globex.io"),), company="Globex")),
        PersonRecord("li", "li:2", PersonRef("Jonathan Smithers", (profile("other"),))),  # no evidence
        touch("whatsapp", 1, PersonRef("Priya Nair", (Identity("name", "whatsapp:priya nair"),))),
        PersonRecord("li", "li:3", PersonRef("Priya Nair", (profile("priya"),))),
    ])
    assert report.merge_suggestions == 2
    rows = identity.suggestions(store)
    reasons = sorted(r["reason"] for r in rows)
    assert "both at globex" in reasons[1] and "similar names" in reasons[1]
    assert "known only by name in whatsapp" in reasons[0]
    assert store.stats()["people"] == 5
    # Accepting merges the pair; a rejected one is not suggested again.
    jon = next(r for r in rows if "globex" in r["reason"])
    priya = next(r for r in rows if "whatsapp" in r["reason"])
    identity.accept_suggestion(store, jon["id"])
    identity.reject_suggestion(store, priya["id"])
    assert store.stats()["people"] == 4
    assert identity.suggestions(store) == []
    again = ingest(store, [PersonRecord("li", "li:3", PersonRef("Priya Nair", (profile("priya"),)))])
    assert again.merge_suggestions == 0


def test_suggestions_look_only_inside_name_blocks() -> None:
    from kith.store.suggest import block_keys

    assert ("smith", "j") in block_keys("John Smith") & block_keys("Smith, Jon")
    assert block_keys("Madonna") == {("madonna", "")}
    assert not block_keys("Ana Ruiz") & block_keys("Ben Okafor")


def test_merge_cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if db_url.startswith("sqlite"):
        monkeypatch.setenv("KITH_DB", db_url.removeprefix("sqlite:///"))
    else:
        monkeypatch.setenv("KITH_DATABASE_URL", db_url)
    store = Store.open(db_url)
    a, b = two_people(store)
    ingest(store, [PersonRecord("csv", "csv:9", PersonRef("Ana Ruiz", (email("ana.r@acme.com"),), company="Acme"))])
    store.close()
    runner = CliRunner()
    listed = runner.invoke(app, ["merge", "--suggestions", "--json"])
    assert listed.exit_code == 0, listed.output
    [suggestion] = json.loads(listed.stdout)
    assert {suggestion["a"]["name"], suggestion["b"]["name"]} == {"Ana Ruiz"}
    assert suggestion["score"] > 0.7 and "acme" in suggestion["reason"]
    text = runner.invoke(app, ["merge", "--suggestions"])
    assert "kith merge --accept ID" in text.stdout
    merged = runner.invoke(app, ["merge", str(a), str(b), "--json"])
    assert merged.exit_code == 0, merged.output
    merge_id = json.loads(merged.stdout)["merge"]
    history = json.loads(runner.invoke(app, ["merge", "--history", "--json"]).stdout)
    assert history[0]["id"] == merge_id and history[0]["moved"]["touches"] == 1
    undone = runner.invoke(app, ["unmerge", str(merge_id)])
    assert undone.exit_code == 0 and "separate" in undone.stdout
    again = runner.invoke(app, ["unmerge", str(merge_id)])
    assert again.exit_code == 1 and again.stderr.startswith("Error: merge")
    same = runner.invoke(app, ["merge", str(a), str(a)])
    assert same.exit_code == 2
    for command in (["merge", "--help"], ["unmerge", "--help"]):
        assert runner.invoke(app, command).exit_code == 0


# -- properties -----------------------------------------------------------------------
extras = st.fixed_dictionaries({
    "tags": st.lists(st.sampled_from(["a", "b", "vip", "shared"]), max_size=3, unique=True),
    "topics": st.lists(st.sampled_from(["climate", "ai", "music"]), max_size=2, unique=True),
    "touches": st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["in", "out"]),
                                  st.sampled_from(["dm", "email", "call"])), max_size=6),
    "details": st.integers(0, 2),
    "stage": st.sampled_from([None, "engaged", "acting"]),
})


def build_person(store: Store, name: str, slug: str, spec: dict[str, Any]) -> int:
    ref = PersonRef(name, (profile(slug),))
    records: list[Record] = [PersonRecord("p", f"p:{slug}", ref)]
    for n, (day, direction, channel) in enumerate(spec["touches"]):
        records.append(TouchRecord("p", f"p:{slug}:{n}", ref, channel, direction,
                                   T0 + timedelta(days=day), f"words {n}", thread_key=f"t{day % 3}"))
    ingest(store, records, source="p")
    pid = store.resolve_person(f"https://linkedin.com/in/{slug}")[0]
    for tag in spec["tags"]:
        store.add_tag(pid, tag)
    for topic in spec["topics"]:
        store.add_topic(pid, topic, T0)
    for n in range(spec["details"]):
        store.add_detail(pid, f"detail {n}", T0)
    if spec["stage"]:
        store.set_stage(pid, spec["stage"], T0, "set by you")
    return pid


counter = iter(range(10**9))


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=extras, b=extras)
def test_merge_then_unmerge_is_the_original(store: Store, a: dict[str, Any], b: dict[str, Any]) -> None:
    n = next(counter)
    pa = build_person(store, "Prop A", f"prop-a-{n}", a)
    pb = build_person(store, "Prop B", f"prop-b-{n}", b)
    before = dump(store, [pa, pb])
    store.unmerge(store.merge(pa, pb))
    assert dump(store, [pa, pb]) == before


def engagement_rows(entries: list[tuple[int, str, int]]) -> str:
    lines = ["date,platform,post_url,person_name,profile_url,kind,text"]
    for days, name, post in entries:
        slug = name.lower().replace(" ", "-")
        at = (T0 + timedelta(days=days)).isoformat().replace("+00:00", "Z")
        lines.append(f"{at},linkedin,https://example.com/p/{post},{name},https://www.linkedin.com/in/{slug},comment,hi {days}")
    return "\n".join(lines) + "\n"


people_names = st.sampled_from(["Ana Ruiz", "Ben Okafor", "Chen Li"])


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    comments=st.lists(st.tuples(st.integers(0, 90), people_names, st.integers(1, 4)), min_size=1, max_size=10),
    messages=st.lists(st.tuples(st.integers(0, 90), people_names), min_size=1, max_size=10),
)
def test_two_sources_imported_twice_equal_imported_once(
    tmp_path_factory: pytest.TempPathFactory, comments: list, messages: list
) -> None:
    folder = tmp_path_factory.mktemp("two")
    csv_path = folder / "engagement.csv"
    csv_path.write_text(engagement_rows(comments), encoding="utf-8")
    dms: list[Record] = [
        touch("dm", n, PersonRef(name, (profile(name.lower().replace(" ", "-")),
                                        email(f"{name.split()[0].lower()}@x.org"))), f"dm {day}")
        for n, (day, name) in enumerate(messages)
    ]
    store = Store.open(f"sqlite:///{folder / 'kith.db'}")
    try:
        service.import_path(store, csv_path)
        ingest(store, dms, source="dm")
        once = store.stats()
        people_once = {p["name"]: p["touch_count"] for p in store.list_people(limit=100)}
        again_csv = service.import_path(store, csv_path)
        again_dm = ingest(store, dms, source="dm")
        assert (again_csv.touches_added, again_dm.touches_added) == (0, 0)
        assert again_csv.people_created == again_dm.people_created == 0
        assert store.stats() == once
        assert {p["name"]: p["touch_count"] for p in store.list_people(limit=100)} == people_once
        # One person per name across both sources: the profile URL joins them.
        assert len(people_once) == len({n for _, n, _ in comments} | {n for _, n in messages})
    finally:
        store.close()


def test_different_middle_initials_are_different_people(store: Store) -> None:
    report = ingest(store, [
        PersonRecord("li", "li:1", PersonRef("Ana B. Smith", (profile("abs"),), company="Acme")),
        PersonRecord("li", "li:2", PersonRef("Ana C. Smith", (profile("acs"),), company="Acme")),
        PersonRecord("csv", "csv:1", PersonRef("Ana Smith", (email("ana@acme.com"),), company="Acme")),
    ])
    pairs = {frozenset((r["a"]["name"], r["b"]["name"])) for r in identity.suggestions(store)}
    assert frozenset(("Ana B. Smith", "Ana C. Smith")) not in pairs
    assert report.merge_suggestions == len(pairs) == 2  # plain "Ana Smith" may be either


def test_a_merged_persons_id_is_not_given_to_a_newcomer(store: Store) -> None:
    a, b = two_people(store)
    assert b > a
    merge_id = store.merge(a, b)  # b was the newest id
    ingest(store, [touch("li", 9, PersonRef("Newcomer", (profile("new"),)))])
    assert store.resolve_person("Newcomer")[0] != b
    store.unmerge(merge_id)
    assert store.resolve_person("https://linkedin.com/in/ana-ruiz")[0] == b
