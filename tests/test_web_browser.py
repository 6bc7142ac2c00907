"""What a user does, in headless Debian Chromium against a real `kith serve`:
open Today and act on items, find a person, log a call, add a detail, import a
file and read the report, log in when a password is set. Imported markup stays
text: no dialog, no injected element, no script error."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import web_browser
from kith.service import web_support
from web_browser import XSS_NAME, XSS_TEXT, engagement_csv, start_server, stop_server

demo_template, demo_db = web_browser.demo_template, web_browser.demo_db
server, browser, page = web_browser.server, web_browser.browser, web_browser.page


def watch(tab) -> list[str]:
    """Collect page errors and dialogs: either would mean a script ran."""
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


def test_today_act_on_items(server, page) -> None:
    problems = watch(page)
    page.goto(server.url + "/")
    items = page.locator("li.item")
    assert items.count() >= 3
    first = items.nth(0).get_attribute("data-item")
    items.nth(0).get_by_role("button", name="Done").click()
    page.wait_for_url(server.url + "/")
    assert page.locator(f'li[data-item="{first}"]').count() == 0

    second = page.locator("li.item").nth(0)
    snoozed = second.get_attribute("data-item")
    second.locator('input[name="until"]').fill("2026-05-20")
    second.get_by_role("button", name="Snooze").click()
    page.wait_for_url(server.url + "/")
    assert page.locator(f'li[data-item="{snoozed}"]').count() == 0

    third = page.locator("li.item").nth(0)
    dismissed = third.get_attribute("data-item")
    third.locator('input[name="reason"]').fill("met last week")
    third.get_by_role("button", name="Dismiss").click()
    page.wait_for_url(server.url + "/")
    assert page.locator(f'li[data-item="{dismissed}"]').count() == 0
    assert problems == []


def test_find_a_person_and_log_a_call(server, page) -> None:
    problems = watch(page)
    page.goto(server.url + "/people?sort=touches")
    name = page.locator("table.people tbody tr td a").first.inner_text()
    page.goto(server.url + "/")
    page.keyboard.press("/")
    page.keyboard.type(name.split()[0])
    page.keyboard.press("Enter")
    page.wait_for_url("**/people?q=*")
    page.get_by_role("link", name=name).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.locator("svg.grid").count() == 1

    form = page.locator("#touches form")
    form.locator('select[name="channel"]').select_option("call")
    form.locator('input[name="at"]').fill("2026-04-30T15:30")
    form.locator('textarea[name="note"]').fill("Talked through the pilot; she will send numbers")
    form.get_by_role("button", name="Log it").click()
    page.wait_for_load_state()
    timeline = page.locator("ol.timeline")
    assert "Talked through the pilot" in timeline.inner_text()

    page.locator('#details input[name="text"]').fill("Training for the Berlin marathon")
    page.locator("#details").get_by_role("button", name="Add").click()
    page.wait_for_load_state()
    assert "Berlin marathon" in page.locator("ul.details").inner_text()

    page.locator('#stage select[name="stage"]').select_option("exploring")
    page.locator("#stage").get_by_role("button", name="Set stage").click()
    page.wait_for_load_state()
    assert "exploring" in page.locator("ol.history").inner_text()

    page.locator('#actions input[name="text"]').fill("Send the case study")
    page.locator('#actions input[name="due"]').fill("2026-05-06")
    page.locator("#actions").get_by_role("button", name="Add").click()
    page.wait_for_load_state()
    assert "Send the case study" in page.locator("ul.actions").inner_text()
    assert problems == []


def test_import_a_file_and_see_the_report_with_hostile_text_inert(server, page, tmp_path: Path) -> None:
    problems = watch(page)
    csv = tmp_path / "engagement.csv"
    csv.write_text(engagement_csv([("2026-04-27", XSS_NAME, "comment", XSS_TEXT)]), encoding="utf-8")
    page.goto(server.url + "/import")
    page.locator('input[type="file"]').set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/import/*")  # the job's page: progress, then the report
    page.wait_for_selector("section.report")
    assert "Records read" in page.locator("section.report").inner_text()
    report = page.locator("section.report").inner_text()
    assert "engagement" in report and "People added" in report

    page.goto(server.url + "/people?q=Mallory")
    page.locator("table.people tbody a").first.click()
    page.wait_for_load_state()
    assert "<script>window.pwned=1</script>" in page.locator("ol.timeline").inner_text()
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("main img").count() == 0
    assert problems == []


def test_import_progress_is_followed_until_the_report(server, page, tmp_path: Path) -> None:
    """An export large enough to take a few seconds: its page shows the progress, the
    script polls the job (no inline script, no meta refresh with script on) and
    reloads into the report."""
    problems = watch(page)
    rows = [(f"2026-04-{1 + n % 28:02d}", f"Reader Number{n}", "comment", f"hi {n}") for n in range(12_000)]
    csv = tmp_path / "engagement.csv"
    csv.write_text(engagement_csv(rows), encoding="utf-8")
    page.goto(server.url + "/import")
    page.locator('input[type="file"]').set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/import/*")
    assert page.locator("[data-import-job]").count() == 1, "the job is still running"
    assert "records read so far" in page.locator("section.progress").inner_text()
    page.wait_for_selector("section.report", timeout=60_000)
    report = page.locator("section.report").inner_text()
    assert "People added" in report and "12000" in report
    assert problems == []


def test_accept_a_pending_detail(server, page, demo_db: Path) -> None:
    from kith.service import open_store
    from kith.store import details_store

    store = open_store(demo_db)
    try:
        pid = store.list_people(limit=1)[0]["id"]
        detail = store.add_detail(pid, "Starts a sabbatical in August", datetime.now(UTC))
        details_store.set_status(store, detail, "pending")
    finally:
        store.close()
    problems = watch(page)
    page.goto(f"{server.url}/people/{pid}")
    pending = page.locator("ul.details li.pending")
    assert "sabbatical" in pending.inner_text()
    pending.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert page.locator("ul.details li.pending").count() == 0
    assert "sabbatical" in page.locator("ul.details").inner_text()
    assert page.locator("ul.details li.accepted", has_text="sabbatical").count() == 1
    assert problems == []


def test_open_a_draft_in_the_coach(server, page) -> None:
    problems = watch(page)
    page.goto(server.url + "/")
    page.get_by_role("link", name="Open in the coach").first.click()
    page.wait_for_url("**/coach?*")
    assert page.locator('textarea[name="text"]').input_value()
    page.get_by_role("button", name="Coach me").click()
    page.wait_for_selector("section.coaching")
    assert "Criteria" in page.locator("section.coaching").inner_text()
    assert problems == []


def test_log_in_when_a_password_is_set(demo_db: Path, user_dir: Path, browser) -> None:
    web_support.set_password("correct horse battery")
    running = start_server(demo_db, user_dir)
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(running.url + "/")
        assert tab.url.endswith("/login")
        tab.locator('input[name="password"]').fill("not the password")
        tab.get_by_role("button", name="Log in").click()
        assert "not right" in tab.locator(".error").inner_text()
        tab.locator('input[name="password"]').fill("correct horse battery")
        tab.get_by_role("button", name="Log in").click()
        tab.wait_for_url(running.url + "/")
        assert tab.get_by_role("heading", level=1).inner_text().startswith("Today")
        tab.get_by_role("button", name="Log out").click()
        tab.wait_for_url("**/login")
    except Exception:
        web_browser.ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(web_browser.ARTIFACTS / "test_log_in_when_a_password_is_set.png"))
        raise
    finally:
        context.close()
        stop_server(running)


def test_readable_on_a_phone(server, browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    try:
        for path in ("/", "/people", "/insights"):
            tab.goto(server.url + path)
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 380, f"{path} scrolls sideways on a phone ({width}px)"
    finally:
        context.close()
