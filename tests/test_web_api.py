"""Every page and its JSON twin on the demo database, the one error shape, and the
changes a user makes from a person's page."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import web_browser
from kith import service
from web_browser import csrf_of, make_client

# The shared fixtures (tests/web_browser.py), made visible to this module.
demo_template, demo_db, client = web_browser.demo_template, web_browser.demo_db, web_browser.client

ERROR_KEYS = {"ok", "error", "errors", "status"}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    return body


def first_person(client) -> dict:
    return client.get("/api/people", params={"sort": "touches"}).json()["items"][0]


def test_today_page_and_json_agree(client) -> None:
    data = client.get("/api/today").json()
    assert data["as_of"] == "2026-05-01"
    assert data["items"], "the demo has an agenda"
    page = client.get("/")
    assert page.status_code == 200
    for item in data["items"]:
        assert f'data-item="{item["id"]}"' in page.text


def test_today_takes_as_of_and_limit(client) -> None:
    data = client.get("/api/today", params={"as_of": "2026-04-01", "limit": 2}).json()
    assert data["as_of"] == "2026-04-01"
    assert len(data["items"]) <= 2
    everything = client.get("/api/today", params={"as_of": "2026-04-01"}).json()
    assert data["total"] == everything["total"] == len(everything["items"])


def test_people_search_filters_sort_and_pages(client) -> None:
    everyone = client.get("/api/people", params={"per_page": 10}).json()
    assert everyone["total"] > 10 and len(everyone["items"]) == 10
    assert everyone["pages"] == -(-everyone["total"] // 10)
    second = client.get("/api/people", params={"per_page": 10, "page": 2}).json()
    assert {p["id"] for p in second["items"]}.isdisjoint({p["id"] for p in everyone["items"]})
    named = client.get("/api/people", params={"sort": "name", "per_page": 500}).json()["items"]
    assert [p["name"] for p in named] == sorted(p["name"] for p in named)
    someone = named[0]
    found = client.get("/api/people", params={"q": someone["name"][:5]}).json()
    assert someone["id"] in {p["id"] for p in found["items"]}
    collaborators = client.get("/api/people", params={"goal": "collaborate"}).json()
    assert collaborators["total"] > 0
    assert all(p["goal"] == "collaborate" for p in collaborators["items"])
    tags = everyone["tags"]
    assert tags, "the demo tags people"
    tagged = client.get("/api/people", params={"tag": tags[0]}).json()
    assert 0 < tagged["total"] < everyone["total"]
    html = client.get("/people", params={"q": someone["name"][:5], "stage": "", "goal": ""})
    assert html.status_code == 200 and someone["name"] in html.text


def test_people_page_links_keep_filters(client) -> None:
    page = client.get("/people", params={"goal": "connect", "per_page": 5})
    assert 'href="/people?goal=connect&amp;per_page=5&amp;page=2"' in page.text


def test_person_page_and_json(client) -> None:
    person = first_person(client)
    data = client.get(f"/api/people/{person['id']}").json()
    assert data["name"] == person["name"]
    assert {c["channel"] for c in data["mix"]} >= {"dm", "call", "meeting"}
    assert sum(c["count"] for c in data["mix"]) > 0
    page = client.get(f"/people/{person['id']}")
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="chart grid"' in page.text
    assert "Log a conversation" in page.text


def test_unknown_person_wrong_type_impossible_date_are_4xx(client) -> None:
    missing = assert_error(client.get("/api/people/99999999"), 404)
    assert "People page" in missing["error"] and "kith " not in missing["error"]
    body = assert_error(client.get("/api/people/abc"), 422)
    assert body["errors"][0]["loc"] == ["path", "person_id"]
    bad_day = assert_error(client.get("/api/today", params={"as_of": "2026-02-30"}), 422)
    assert "YYYY-MM-DD" in bad_day["error"] and "--" not in bad_day["error"]  # no CLI flags
    assert_error(client.get("/api/today", params={"limit": "many"}), 422)
    assert_error(client.get("/api/people", params={"stage": "friends"}), 422)
    assert_error(client.get("/api/nowhere"), 404)
    person = first_person(client)
    assert_error(
        client.post(
            f"/api/people/{person['id']}/touches", json={"channel": "call", "at": "2026-13-01"}
        ),
        422,
    )
    assert_error(
        client.post(f"/api/people/{person['id']}/touches", json={"channel": "pigeon"}), 422
    )
    assert_error(client.post("/api/people/99999999/details", json={"text": "x"}), 404)
    assert_error(client.post("/api/actions/99999999/done", json={}), 404)
    assert_error(client.post("/api/items/nonsense", json={"state": "done"}), 422)


def test_html_errors_are_pages_with_the_status(client) -> None:
    page = client.get("/people/99999999")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "no person matches" in page.text


def test_changes_through_the_api(client) -> None:
    pid = first_person(client)["id"]
    logged = client.post(
        f"/api/people/{pid}/touches",
        json={"channel": "call", "at": "2026-04-30T10:00", "note": "talked about the launch"},
    ).json()
    assert logged["channel"] == "call" and logged["person"]["id"] == pid
    detail = client.post(f"/api/people/{pid}/details", json={"text": "runs marathons"}).json()
    assert detail["text"] == "runs marathons"
    assert (
        client.post(f"/api/people/{pid}/stage", json={"stage": "exploring"}).json()["stage"]
        == "exploring"
    )
    assert (
        client.post(f"/api/people/{pid}/goal", json={"goal": "collaborate"}).json()["goal"]
        == "collaborate"
    )
    assert (
        client.post(f"/api/people/{pid}/cadence", json={"cadence": "monthly"}).json()[
            "cadence_days"
        ]
        == 30
    )
    action = client.post(
        f"/api/people/{pid}/actions",
        json={"text": "send the deck", "owner": "me", "due": "2026-05-04"},
    ).json()
    assert action["status"] == "open"
    assert client.post(f"/api/actions/{action['id']}/done", json={}).json()["status"] == "done"
    person = client.get(f"/api/people/{pid}").json()
    assert any(t["text"] == "talked about the launch" for t in person["touches"])
    assert any(d["text"] == "runs marathons" for d in person["details"])
    assert person["stage_history"][-1]["stage"] == "exploring"
    assert person["goal"] == "collaborate" and person["cadence_days"] == 30


def test_acting_on_an_agenda_item_through_the_api(client) -> None:
    items = client.get("/api/today").json()["items"]
    done, snoozed, dismissed = items[0]["id"], items[1]["id"], items[2]["id"]
    assert client.post(f"/api/items/{done}", json={"state": "done"}).json()["state"] == "done"
    client.post(f"/api/items/{snoozed}", json={"state": "snoozed", "until": "2026-05-20"})
    client.post(f"/api/items/{dismissed}", json={"state": "dismissed", "reason": "not now"})
    left = {i["id"] for i in client.get("/api/today").json()["items"]}
    assert not left & {done, snoozed, dismissed}
    assert_error(client.post(f"/api/items/{done}", json={"state": "snoozed"}), 422)


def test_forms_on_the_person_page(client) -> None:
    pid = first_person(client)["id"]
    page = client.get(f"/people/{pid}")
    token = csrf_of(page.text)
    response = client.post(
        f"/people/{pid}/touches",
        data={
            "csrf": token,
            "channel": "meeting",
            "note": "coffee at the station",
            "planned": "on",
        },
    )
    assert response.status_code == 303 and response.headers["location"] == f"/people/{pid}#touches"
    client.post(f"/people/{pid}/details", data={"csrf": token, "text": "likes jazz"})
    client.post(f"/people/{pid}/stage", data={"csrf": token, "stage": "acting"})
    client.post(
        f"/people/{pid}/actions", data={"csrf": token, "text": "intro to Ana", "owner": "them"}
    )
    after = client.get(f"/people/{pid}").text
    for text in ("coffee at the station", "likes jazz", "intro to Ana", "acting"):
        assert text in after
    bad = client.post(f"/people/{pid}/touches", data={"csrf": token, "channel": "pigeon"})
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]


def test_today_forms_act_on_items(client) -> None:
    page = client.get("/")
    token = csrf_of(page.text)
    item = client.get("/api/today").json()["items"][0]["id"]
    response = client.post(f"/items/{item}", data={"csrf": token, "state": "done"})
    assert response.status_code == 303
    assert f'data-item="{item}"' not in client.get("/").text


def test_insights_page_and_json(client) -> None:
    data = client.get("/api/insights").json()
    assert data["stats"]["people"] > 0 and sum(data["stages"].values()) == data["stats"]["people"]
    page = client.get("/insights")
    assert page.status_code == 200 and page.text.count("<svg") == 4


def test_import_page_and_api(client, tmp_path: Path) -> None:
    page = client.get("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    csv = (
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2026-04-20,linkedin,https://www.linkedin.com/feed/update/urn:li:activity:7,"
        "Zed Newcomer,https://www.linkedin.com/in/zed-newcomer,comment,Great point about listening\n"
    )
    report = client.post(
        "/api/import",
        files={"file": ("engagement.csv", csv, "text/csv")},
        headers={"X-Kith-Client": "test"},
    ).json()
    assert report["source"] == "engagement" and report["people_created"] == 1
    assert report["files"] == ["engagement.csv"]
    again = client.post(
        "/import",
        data={"csrf": csrf_of(page.text), "source": "auto"},
        files={"file": ("engagement.csv", csv, "text/csv")},
    )
    assert again.status_code == 303 and again.headers["location"].startswith("/import/")
    job = finished(client, again.headers["location"].rsplit("/", 1)[1])
    assert job["state"] == "done" and job["report"]["touches_skipped"] == 1
    assert "Touches already known" in client.get(again.headers["location"]).text
    assert client.get("/api/people", params={"q": "Zed"}).json()["total"] == 1


def finished(client, job_id: str) -> dict:
    """Poll an import job's JSON twin until it is no longer running."""
    for _ in range(200):
        job = client.get(f"/api/import/{job_id}").json()
        if job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError(f"import {job_id} still running")


def start_import(client, name: str, content: bytes, source: str = "auto"):
    token = csrf_of(client.get("/import").text)
    return client.post(
        "/import", data={"csrf": token, "source": source}, files={"file": (name, content)}
    )


def test_import_job_runs_in_the_background_and_shows_the_report(client) -> None:
    csv = (
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2026-04-21,linkedin,https://www.linkedin.com/feed/update/urn:li:activity:8,"
        "Yara Jobs,https://www.linkedin.com/in/yara-jobs,comment,Thanks for this\n"
    )
    started = start_import(client, "engagement.csv", csv.encode())
    assert started.status_code == 303
    job_id = started.headers["location"].removeprefix("/import/")
    job = finished(client, job_id)
    assert set(job) == {
        "id",
        "file",
        "source",
        "state",
        "records",
        "report",
        "error",
        "started_at",
        "finished_at",
    }
    assert job["state"] == "done" and job["error"] is None and job["id"] == job_id
    assert job["file"] == "engagement.csv" and job["records"] >= 1 and job["finished_at"]
    assert job["report"]["people_created"] == 1 and job["report"]["files"] == ["engagement.csv"]
    page = client.get(f"/import/{job_id}")
    assert page.status_code == 200 and 'class="report"' in page.text
    assert "People added" in page.text and "data-import-job" not in page.text
    assert 'http-equiv="refresh"' not in page.text, "a finished job stops refreshing"


def test_a_running_import_shows_progress_and_refreshes(client, monkeypatch) -> None:
    from kith.web import jobs

    release = threading.Event()
    real = jobs.pages.run_import

    def slow(store, path, filename, source, progress=None):
        progress(1234)
        assert release.wait(10)
        return real(store, path, filename, source, progress)

    monkeypatch.setattr(jobs.pages, "run_import", slow)
    csv = "date,platform,post_url,person_name,profile_url,kind,text\n"
    started = start_import(client, "engagement.csv", csv.encode())
    job_id = started.headers["location"].removeprefix("/import/")
    try:
        for _ in range(200):
            job = client.get(f"/api/import/{job_id}").json()
            if job["records"]:
                break
            time.sleep(0.02)
        assert job["state"] == "running" and job["records"] == 1234 and job["report"] is None
        page = client.get(f"/import/{job_id}")
        assert "1234" in page.text and f'data-import-job="/api/import/{job_id}"' in page.text
        assert '<noscript><meta http-equiv="refresh"' in page.text, "refreshes without script"
        assert "<script>" not in page.text
        second = start_import(client, "other.csv", csv.encode())
        assert second.status_code == 409 and f"/import/{job_id}" in second.text
    finally:
        release.set()
    assert finished(client, job_id)["state"] == "done"


def test_a_failing_import_job_says_why(client) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("kith-upload-*"))
    started = start_import(client, "mystery.bin", b"\x00\x01\x02" * 50)
    assert started.status_code == 303
    job_id = started.headers["location"].removeprefix("/import/")
    job = finished(client, job_id)
    assert job["state"] == "failed" and job["report"] is None
    assert "mystery.bin" in job["error"] and "kith-upload" not in job["error"]
    page = client.get(f"/import/{job_id}")
    assert page.status_code == 200 and "Error: " in page.text and "mystery.bin" in page.text
    assert set(Path(tempfile.gettempdir()).glob("kith-upload-*")) == before


def test_import_form_refuses_before_a_job_starts(client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.csv", "date\n")
    unsafe = start_import(client, "export.zip", buffer.getvalue())
    assert unsafe.status_code == 422 and "unsafe path" in unsafe.text
    assert start_import(client, "e.csv", b"").status_code == 422
    assert start_import(client, "a.csv", b"a,b\n", source="nope").status_code == 422


def test_unknown_import_job_is_404_in_the_error_shape(client) -> None:
    body = assert_error(client.get("/api/import/0123456789abcdef"), 404)
    assert "0123456789abcdef" in body["error"]
    assert client.get("/import/nope").status_code == 404


def test_import_errors_have_the_shape(client) -> None:
    headers = {"X-Kith-Client": "test"}
    assert_error(
        client.post(
            "/api/import", headers=headers, files={"file": ("x.bin", b"\x00\x01\x02" * 50)}
        ),
        400,
    )
    assert_error(client.post("/api/import", headers=headers, files={"file": ("e.csv", b"")}), 422)
    assert_error(
        client.post(
            "/api/import",
            headers=headers,
            data={"source": "nope"},
            files={"file": ("a.csv", b"a,b\n")},
        ),
        422,
    )
    assert_error(client.post("/api/import", headers=headers), 422)


def test_openapi_describes_every_api_route(client) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/today",
        "/api/people",
        "/api/people/{person_id}",
        "/api/import",
        "/api/import/{job_id}",
        "/api/insights",
        "/api/coach",
        "/api/merge",
    ):
        assert path in paths
    assert not any(not p.startswith("/api/") for p in paths), "pages stay out of the API document"
    assert "Error" in schema["components"]["schemas"]


def test_login_page_says_how_when_no_password(client) -> None:
    page = client.get("/login")
    assert "kith auth set-password" in page.text


@pytest.mark.parametrize("path", ["/", "/people", "/import", "/insights", "/login"])
def test_pages_carry_the_security_headers(client, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text and " on" + "click=" not in response.text


def test_static_files_are_served(client) -> None:
    assert client.get("/static/kith.css").status_code == 200
    assert client.get("/static/kith.js").status_code == 200


def test_a_fresh_database_shows_an_empty_app(tmp_path: Path) -> None:
    with make_client(tmp_path / "empty.db") as empty:
        assert "Nothing is due" in empty.get("/").text
        assert empty.get("/api/people").json()["total"] == 0
        assert "No one matches" in empty.get("/people").text


def test_person_page_carries_the_brief(client) -> None:
    pid = first_person(client)["id"]
    brief = client.get(f"/api/people/{pid}").json()["brief"]
    assert brief["person"]["id"] == pid and isinstance(brief["questions"], list)
    assert 'id="brief"' in client.get(f"/people/{pid}").text


def test_coach_page_and_api(client) -> None:
    pid = first_person(client)["id"]
    draft = "Hi! Quick one: are you free for a call on Tuesday?"
    data = client.post("/api/coach", json={"text": draft, "to": pid}).json()
    assert {"questions", "flags", "criteria"} <= set(data)
    assert data["criteria"] and data["questions"][0]["text"]
    assert client.post("/api/coach", json={"text": draft}).status_code == 200
    assert_error(client.post("/api/coach", json={"text": ""}), 422)
    assert_error(client.post("/api/coach", json={"text": draft, "to": 99999999}), 404)
    form = client.get("/coach", params={"to": pid, "draft": draft})
    assert form.status_code == 200 and "are you free for a call" in form.text
    page = client.post("/coach", data={"csrf": csrf_of(form.text), "text": draft, "to": str(pid)})
    assert page.status_code == 200 and "Criteria" in page.text
    assert client.post("/coach", data={"text": draft}).status_code == 403


def _suggest(db: Path, a: int, b: int) -> None:
    """A merge suggestion as the importers would leave one (they need near-twins)."""
    from datetime import UTC, datetime

    from kith.service import open_store
    from kith.store import schema

    store = open_store(db)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                schema.merge_suggestions.insert().values(
                    account_id=store.account_id,
                    person_a=a,
                    person_b=b,
                    score=0.9,
                    reason="similar names at the same company",
                    created_at=datetime.now(UTC),
                )
            )
    finally:
        store.close()


def test_merge_page_accept_and_reject(client, demo_db: Path) -> None:
    people = client.get("/api/people", params={"sort": "name", "per_page": 4}).json()["items"]
    ids = [p["id"] for p in people]
    _suggest(demo_db, ids[0], ids[1])
    _suggest(demo_db, ids[2], ids[3])
    listed = client.get("/api/merge").json()["suggestions"]
    assert len(listed) == 2
    page = client.get("/merge")
    assert people[0]["name"] in page.text and people[1]["name"] in page.text
    first, second = listed[0]["id"], listed[1]["id"]
    merged = client.post(f"/merge/{first}", data={"csrf": csrf_of(page.text), "decision": "accept"})
    assert merged.status_code == 303
    rejected = client.post(f"/api/merge/{second}", json={"decision": "reject"}).json()
    assert rejected["status"] == "rejected"
    assert client.get("/api/merge").json()["suggestions"] == []
    assert_error(client.post(f"/api/merge/{second}", json={"decision": "accept"}), 422)
    assert_error(client.post("/api/merge/99999999", json={"decision": "accept"}), 404)


def test_pending_details_are_accepted_or_rejected(client, demo_db: Path) -> None:
    from kith.service import open_store
    from kith.store import details_store

    pid = first_person(client)["id"]
    one = client.post(f"/api/people/{pid}/details", json={"text": "moving to Lisbon"}).json()["id"]
    two = client.post(f"/api/people/{pid}/details", json={"text": "hates mornings"}).json()["id"]
    store = open_store(demo_db)
    try:
        details_store.set_status(store, one, "pending")
        details_store.set_status(store, two, "pending")
    finally:
        store.close()
    page = client.get(f"/people/{pid}")
    assert page.text.count('value="accepted"') == 2
    accepted = client.post(
        f"/details/{one}", data={"csrf": csrf_of(page.text), "status": "accepted"}
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/people/{pid}#details"
    assert (
        client.post(f"/api/details/{two}", json={"status": "rejected"}).json()["status"]
        == "rejected"
    )
    after = client.get(f"/people/{pid}").text
    assert "moving to Lisbon" in after and "hates mornings" not in after
    assert_error(client.post("/api/details/99999999", json={"status": "accepted"}), 404)


def test_people_filter_by_layer_and_overdue(client) -> None:
    pid = first_person(client)["id"]
    client.post(
        f"/api/people/{pid}/actions",
        json={"text": "late thing", "owner": "them", "due": "2026-04-01"},
    )
    overdue = client.get("/api/people", params={"overdue": "true"}).json()
    assert pid in {p["id"] for p in overdue["items"]} and overdue["filters"]["overdue"] is True
    assert 0 < overdue["total"] < client.get("/api/people").json()["total"]
    page = client.get("/people", params={"overdue": "on", "layer": ""})
    assert page.status_code == 200 and f'href="/people/{pid}"' in page.text
    layered = client.get("/api/people", params={"layer": 150}).json()
    assert all(isinstance(p["id"], int) for p in layered["items"])
    assert_error(client.get("/api/people", params={"layer": 7}), 422)
    assert client.get("/people", params={"layer": "7"}).status_code == 422


def test_pages_show_times_in_the_users_zone(client, monkeypatch: pytest.MonkeyPatch) -> None:
    person = first_person(client)
    touch = client.get(f"/api/people/{person['id']}").json()["touches"][0]
    assert touch["at"].endswith("Z")  # the JSON stays in UTC
    monkeypatch.setenv("KITH_TZ", "Asia/Kolkata")  # +05:30, so the minutes move too
    utc = datetime.fromisoformat(touch["at"].replace("Z", "+00:00"))
    local = utc.astimezone(ZoneInfo("Asia/Kolkata")).strftime("%Y-%m-%d %H:%M")
    page = client.get(f"/people/{person['id']}").text
    assert local in page and utc.strftime("%Y-%m-%d %H:%M") not in page


def test_the_people_page_lists_the_stage_the_person_page_gives(tmp_path: Path) -> None:
    # Nobody was ever opened: the stored stage is still "new" for everyone who engaged.
    db = tmp_path / "kith.db"
    engagement = tmp_path / "engagement.csv"
    engagement.write_text(
        "date,platform,post_url,person_name,profile_url,kind,text\n"
        "2026-04-01T10:00:00Z,linkedin,https://example.com/p/1,Gaurav Mehta,"
        "https://www.linkedin.com/in/gaurav-m,comment,Loved the framing of async before sync\n"
        "2026-04-10T10:00:00Z,linkedin,https://example.com/p/2,Gaurav Mehta,"
        "https://www.linkedin.com/in/gaurav-m,comment,This matches what I see with my clients\n",
        encoding="utf-8",
    )
    store = service.open_store(db)
    try:
        service.import_path(store, engagement, "engagement")
    finally:
        store.close()
    with make_client(db) as client:
        listed = client.get("/api/people").json()["items"]
        assert listed, "the import made nobody"
        for row in listed:
            person = client.get(f"/api/people/{row['id']}").json()
            assert row["stage"] == person["stage"], row["name"]
        assert {r["stage"] for r in listed} == {"engaged"}
