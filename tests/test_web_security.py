"""Each promise of docs/web.md, tested: imported text renders inert, CSRF, the bind
refusal, login and its rate limit, bearer tokens, upload limits, zip safety."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import web_browser
from kith.cli import app as cli
from kith.service import web_support
from web_browser import XSS_NAME, XSS_TEXT, csrf_of, engagement_csv, make_client

demo_template, demo_db, client = web_browser.demo_template, web_browser.demo_db, web_browser.client
JSON_WRITE = {"X-Kith-Client": "test"}


def upload(client, name: str, content: bytes):
    return client.post("/api/import", headers=JSON_WRITE, files={"file": (name, content)})


def test_imported_script_and_handlers_render_inert(client) -> None:
    csv = engagement_csv([("2026-04-28", XSS_NAME, "comment", XSS_TEXT)])
    report = upload(client, "engagement.csv", csv.encode()).json()
    assert report["people_created"] == 1
    found = client.get("/api/people", params={"q": "Mallory"}).json()["items"][0]
    for page in (
        client.get(f"/people/{found['id']}").text,
        client.get("/people", params={"q": "Mallory"}).text,
        client.get("/").text,
    ):
        assert "<script>window" not in page
        assert not re.search(r"<img[^>]*onerror", page)
    person_page = client.get(f"/people/{found['id']}").text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in person_page
    assert "&lt;img src=x onerror=" in person_page


def test_javascript_urls_never_become_links(client) -> None:
    pid = client.get("/api/people").json()["items"][0]["id"]
    page = client.get(f"/people/{pid}")
    assert 'href="javascript:' not in page.text
    assert web_support.is_loopback("127.0.0.1")
    from kith.web.app import is_web_url

    assert not is_web_url("javascript:alert(1)") and not is_web_url("JaVaScRiPt:x")
    assert not is_web_url("data:text/html,x") and is_web_url("https://example.com/in/a")


def test_svg_labels_are_escaped() -> None:
    from kith.web import svg

    drawn = svg.bars([("<script>x</script>", 3)], 'a"b')
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn and 'a&quot;b' in drawn


def test_forms_without_csrf_token_are_refused(client) -> None:
    pid = client.get("/api/people").json()["items"][0]["id"]
    client.get("/")  # the browser has its CSRF cookie
    for path, data in [
        (f"/people/{pid}/touches", {"channel": "call"}),
        (f"/people/{pid}/details", {"text": "x"}),
        (f"/people/{pid}/stage", {"stage": "acting"}),
        (f"/people/{pid}/actions", {"text": "x"}),
        ("/items/reply:1:2026-04-01", {"state": "done"}),
        ("/login", {"password": "x"}),
    ]:
        assert client.post(path, data=data).status_code == 403, path
        wrong = client.post(path, data={**data, "csrf": "0" * 64})
        assert wrong.status_code == 403, path
    assert client.post("/import", files={"file": ("a.csv", b"x")}).status_code == 403
    assert "x" not in [d["text"] for d in client.get(f"/api/people/{pid}").json()["details"]]


def test_a_token_from_another_browser_is_refused(demo_db: Path) -> None:
    with make_client(demo_db) as one, make_client(demo_db) as other:
        token = csrf_of(one.get("/").text)
        other.get("/")
        pid = other.get("/api/people").json()["items"][0]["id"]
        response = other.post(f"/people/{pid}/details", data={"csrf": token, "text": "x"})
        assert response.status_code == 403


def test_api_writes_refuse_what_a_cross_site_form_can_send(client) -> None:
    pid = client.get("/api/people").json()["items"][0]["id"]
    form = client.post(f"/api/people/{pid}/details", data={"text": "x"})
    assert form.status_code == 403 and form.json()["ok"] is False
    plain = client.post(
        f"/api/people/{pid}/details", content=b'{"text": "x"}', headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 403
    multipart = client.post("/api/import", files={"file": ("a.csv", b"x")})
    assert multipart.status_code == 403


def test_serve_refuses_other_addresses_without_auth() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "kith auth set-password" in result.output
    with pytest.raises(web_support.AuthNotConfigured):
        web_support.check_bind("192.168.1.10")
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        web_support.check_bind(host)
    web_support.set_password("correct horse battery")
    web_support.check_bind("0.0.0.0")


def test_auth_commands(user_dir: Path) -> None:
    runner = CliRunner()
    short = runner.invoke(cli, ["auth", "set-password", "--password", "short"])
    assert short.exit_code != 0 and "too short" in short.output
    assert runner.invoke(cli, ["auth", "set-password", "--password", "correct horse battery"]).exit_code == 0
    stored = (user_dir / "auth.json").read_text()
    assert "correct horse" not in stored and "$argon2" in stored
    token = runner.invoke(cli, ["auth", "token"]).output.splitlines()[0]
    assert token.startswith("kith_") and token not in (user_dir / "auth.json").read_text()
    assert web_support.check_token(token) and not web_support.check_token(token + "x")
    status = runner.invoke(cli, ["auth", "status"]).output
    assert "password: set" in status and "token: set" in status


@pytest.fixture
def locked(demo_db: Path):
    web_support.set_password("correct horse battery")
    with make_client(demo_db) as locked_client:
        yield locked_client


def test_with_a_password_every_page_needs_a_session(locked) -> None:
    assert locked.get("/").status_code == 303
    assert locked.get("/").headers["location"] == "/login"
    for path in ("/api/today", "/api/people", "/api/people/1", "/api/insights"):
        body = locked.get(path).json()
        assert body["status"] == 401 and body["ok"] is False
    assert locked.get("/login").status_code == 200
    assert locked.get("/static/kith.css").status_code == 200


def test_login_sets_a_safe_session_cookie(locked) -> None:
    token = csrf_of(locked.get("/login").text)
    wrong = locked.post("/login", data={"csrf": token, "password": "wrong password"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    response = locked.post("/login", data={"csrf": token, "password": "correct horse battery"})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "kith_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback; https sets it
    assert locked.get("/").status_code == 200
    assert locked.get("/api/today").status_code == 200
    logout = locked.post("/logout", data={"csrf": csrf_of(locked.get("/").text)})
    assert logout.status_code == 303


def test_session_cookie_is_secure_behind_https(demo_db: Path) -> None:
    web_support.set_password("correct horse battery")
    with make_client(demo_db) as secure:
        secure.base_url = "https://kith.example.org"  # type: ignore[misc]
        response = secure.post("/api/login", json={"password": "correct horse battery"})
        assert response.status_code == 200
        assert "Secure" in response.headers["set-cookie"]


def test_login_is_rate_limited(locked) -> None:
    token = csrf_of(locked.get("/login").text)
    codes = [
        locked.post("/login", data={"csrf": token, "password": f"guess {n}"}).status_code
        for n in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    right = locked.post("/login", data={"csrf": token, "password": "correct horse battery"})
    assert right.status_code == 429, "even the right password waits out the limit"
    api = locked.post("/api/login", json={"password": "correct horse battery"})
    assert api.status_code == 429 and api.json()["status"] == 429


def test_bearer_token_opens_the_api(locked) -> None:
    token = web_support.new_token()
    headers = {"Authorization": f"Bearer {token}"}
    assert locked.get("/api/today", headers=headers).status_code == 200
    assert locked.get("/api/today", headers={"Authorization": "Bearer nope"}).status_code == 401
    pid = locked.get("/api/people", headers=headers).json()["items"][0]["id"]
    added = locked.post(f"/api/people/{pid}/details", headers=headers, json={"text": "via token"})
    assert added.status_code == 200


def test_oversized_upload_is_refused(demo_db: Path) -> None:
    with make_client(demo_db, max_upload=100_000) as small:
        body = small.post("/api/import", headers=JSON_WRITE, files={"file": ("big.csv", b"x" * 300_000)})
        assert body.status_code == 413 and body.json()["ok"] is False
    folder = demo_db.parent / "up"
    folder.mkdir()
    with pytest.raises(web_support.UploadRejected, match="larger than"):
        web_support.save_upload(io.BytesIO(b"x" * 2000), "a.csv", folder, limit=1000)


def zip_of(entries: dict[str, bytes], *, link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "archive",
    [
        zip_of({"../../evil.csv": b"date\n"}),
        zip_of({"/etc/evil.csv": b"date\n"}),
        zip_of({"ok/..\\..\\evil.csv": b"date\n"}),
        zip_of({"a.csv": b"date\n"}, link="link.csv"),
        zip_of({"bomb.csv": b"0" * 5_000_000}),
    ],
    ids=["dotdot", "absolute", "backslash", "symlink", "bomb"],
)
def test_unsafe_zips_are_refused(client, archive: bytes, tmp_path: Path) -> None:
    response = upload(client, "export.zip", archive)
    assert response.status_code == 422, response.text
    assert response.json()["ok"] is False
    assert not (tmp_path / "evil.csv").exists()


def test_upload_names_cannot_escape_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "up"
    folder.mkdir()
    saved = web_support.save_upload(io.BytesIO(b"hello"), "../../etc/passwd", folder)
    assert saved.parent == folder and saved.name == "passwd"
    hidden = web_support.save_upload(io.BytesIO(b"hello"), "..\\..\\.bashrc", folder)
    assert hidden.parent == folder


def test_uploads_leave_nothing_behind_and_errors_hide_the_temp_path(client) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("kith-upload-*"))
    body = upload(client, "mystery.bin", b"\x00\x01\x02" * 50).json()
    assert "mystery.bin" in body["error"] and "kith-upload" not in body["error"]
    upload(client, "engagement.csv", engagement_csv([("2026-04-01", "Ann Example", "comment", "hi")]).encode())
    assert set(Path(tempfile.gettempdir()).glob("kith-upload-*")) == before


def test_csv_export_neutralises_formulas(client) -> None:
    hostile = ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)"]
    rows = [("2026-04-2" + str(n), name, "comment", "hi") for n, name in enumerate(hostile)]
    upload(client, "engagement.csv", engagement_csv(rows).encode())
    response = client.get("/people.csv", params={"sort": "name"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    import csv as csv_module

    table = list(csv_module.reader(io.StringIO(response.text)))
    assert table[0][:2] == ["id", "name"]
    names = {row[1] for row in table[1:]}
    for name in hostile:
        assert "'" + name in names and name not in names
    assert len(table) - 1 == client.get("/api/people").json()["total"]
    assert client.get("/people.csv", params={"stage": "nope"}).status_code == 422


def test_neutralise() -> None:
    from kith.web.export import neutralise

    assert neutralise("=1+2") == "'=1+2" and neutralise("\t=x") == "'\t=x"
    assert neutralise("Ann") == "Ann" and neutralise(None) == "" and neutralise(-3) == "'-3"


def test_without_auth_only_loopback_names_are_answered(client) -> None:
    """DNS rebinding: a hostile page rebinds its name to 127.0.0.1 but keeps its Host."""
    assert client.get("/api/today", headers={"host": "evil.example"}).status_code == 403
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 403
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert client.get("/api/today", headers={"host": host}).status_code == 200, host


def test_with_auth_other_names_are_allowed(demo_db: Path) -> None:
    web_support.set_password("correct horse battery")
    with make_client(demo_db) as locked:
        assert locked.get("/login", headers={"host": "kith.example.org"}).status_code == 200
