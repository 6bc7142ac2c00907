"""What the web app needs beyond the CLI's use cases: authentication settings, a
people listing with filters and pages, a person's channel mix, safe uploads.

Authentication lives in `auth.json` in the user directory (`config.user_dir()`):
an argon2 hash of the password, a SHA-256 hash of the API token (a token is long
and random, so a fast hash is enough; the password is not, hence argon2), and the
secret that signs session cookies. Nothing here holds a plaintext secret after it
has been shown once.

The people listing reads the store's tables directly with SQLAlchemy Core: the
store's `list_people` has no filters yet, and this query is what the page needs
(filters, sort, a page and the total). It belongs in the store when it settles.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from kith import config
from kith.errors import InvalidValue, KithError, UsageError
from kith.models import CHANNELS, GOALS, STAGES
from kith.store import Store, reads
from kith.store import schema as t

MIN_PASSWORD = 10
_hasher = PasswordHasher()


class AuthNotConfigured(UsageError):
    """Listening beyond this machine needs a password or a token first."""


class UploadRejected(InvalidValue):
    """An upload is too large, not a safe zip, or otherwise refused; nothing was read."""


class UploadFailed(KithError):
    """An uploaded file could not be imported; nothing was written."""


# -- authentication settings --------------------------------------------------------
def _auth_file() -> Path:
    return config.user_dir() / "auth.json"


def _load_auth() -> dict[str, Any]:
    path = _auth_file()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KithError(
            f"{path} is not readable JSON — delete it and set the password again"
        ) from exc
    return data if isinstance(data, dict) else {}


def _save_auth(data: dict[str, Any]) -> None:
    path = _auth_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.chmod(stat.S_IRUSR | stat.S_IWUSR)
    tmp.replace(path)


def set_password(password: str) -> None:
    """Store an argon2 hash of the password; sessions signed before it end."""
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(f"the password is too short — use at least {MIN_PASSWORD} characters")
    data = _load_auth()
    data["password_hash"] = _hasher.hash(password)
    data["secret"] = secrets.token_hex(32)
    _save_auth(data)


def check_password(password: str) -> bool:
    stored = _load_auth().get("password_hash")
    if not stored:
        return False
    try:
        return bool(_hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """Make a bearer token for the API; only its hash is kept, so show it now."""
    token = "kith_" + secrets.token_urlsafe(32)
    data = _load_auth()
    data["token_sha256"] = hashlib.sha256(token.encode()).hexdigest()
    _save_auth(data)
    return token


def check_token(token: str) -> bool:
    stored = _load_auth().get("token_sha256")
    if not stored:
        return False
    given = hashlib.sha256(token.encode()).hexdigest()
    return hmac.compare_digest(stored, given)


def auth_status() -> dict[str, bool]:
    data = _load_auth()
    return {"password": bool(data.get("password_hash")), "token": bool(data.get("token_sha256"))}


def auth_configured() -> bool:
    status = auth_status()
    return status["password"] or status["token"]


def session_secret() -> bytes:
    """The key that signs session cookies and CSRF tokens; made once, kept in auth.json."""
    data = _load_auth()
    if not data.get("secret"):
        data["secret"] = secrets.token_hex(32)
        _save_auth(data)
    return bytes.fromhex(data["secret"])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str) -> None:
    """Refuse an address beyond this machine unless a password or token is set."""
    if is_loopback(host) or auth_configured():
        return
    raise AuthNotConfigured(
        f"refusing to listen on {host} without authentication — run `kith auth set-password` "
        "(and `kith auth token` for scripts) first, or keep the default --host 127.0.0.1"
    )


# -- people, a page at a time ----------------------------------------------------------
LAYERS = (5, 15, 50, 150, 500)
SORTS = {
    "recent": "last touch, most recent first",
    "name": "name, A to Z",
    "touches": "most touches first",
    "strength": "strongest first",
}


def people_page(
    store: Store,
    query: str | None = None,
    stage: str | None = None,
    goal: str | None = None,
    tag: str | None = None,
    sort: str = "recent",
    page: int = 1,
    per_page: int = 50,
    layer: int | None = None,
    overdue_on: date | None = None,
) -> dict[str, Any]:
    """Find people with filters, sorted, one page and the total.

    `layer` is the Dunbar layer kept on the person (5, 15, 50, 150, 500);
    `overdue_on` keeps those with an open action item due before that day."""
    if stage and stage not in STAGES:
        raise InvalidValue(f"stage is one of: {', '.join(STAGES)}")
    if goal and goal not in GOALS:
        raise InvalidValue(f"goal is one of: {', '.join(GOALS)}")
    if sort not in SORTS:
        raise InvalidValue(f"sort is one of: {', '.join(SORTS)}")
    if page < 1 or not 1 <= per_page <= 500:
        raise InvalidValue("page starts at 1 and per_page is between 1 and 500")
    p, s = t.people, t.person_summary
    # Automated senders (newsletters, notifications, sponsored InMail) are not people.
    conditions: list[Any] = [p.c.account_id == store.account_id, ~reads.not_a_person()]
    if query and query.strip():
        pattern = "%" + _escape_like(" ".join(query.lower().split())) + "%"
        conditions.append(
            func.lower(p.c.name).like(pattern, escape="\\")
            | func.lower(p.c.company).like(pattern, escape="\\")
            | p.c.id.in_(
                select(t.identities.c.person_id).where(
                    t.identities.c.account_id == store.account_id,
                    t.identities.c.kind != "name",
                    t.identities.c.value.like(pattern, escape="\\"),
                )
            )
        )
    if stage:
        conditions.append(p.c.stage == stage)
    if goal:
        conditions.append(p.c.goal == goal)
    if tag and tag.strip():
        conditions.append(
            p.c.id.in_(
                select(t.tags.c.person_id).where(
                    t.tags.c.account_id == store.account_id, t.tags.c.tag == tag.strip().lower()
                )
            )
        )
    if layer is not None:
        if layer not in LAYERS:
            raise InvalidValue(f"layer is one of: {', '.join(map(str, LAYERS))}")
        conditions.append(p.c.layer == layer)
    if overdue_on is not None:
        a = t.action_items
        conditions.append(
            p.c.id.in_(
                select(a.c.person_id).where(
                    a.c.account_id == store.account_id, a.c.status == "open", a.c.due < overdue_on
                )
            )
        )
    order = {
        "recent": [s.c.last_touch_at.desc().nulls_last(), p.c.name, p.c.id],
        "name": [p.c.name, p.c.id],
        "touches": [s.c.touch_count.desc().nulls_last(), p.c.name, p.c.id],
        "strength": [s.c.strength.desc().nulls_last(), p.c.name, p.c.id],
    }[sort]
    joined = p.outerjoin(s, s.c.person_id == p.c.id)
    stmt = (
        select(
            p.c.id,
            p.c.name,
            p.c.company,
            p.c.position,
            p.c.goal,
            p.c.stage,
            p.c.cadence_days,
            s.c.last_touch_at,
            s.c.touch_count,
        )
        .select_from(joined)
        .where(*conditions)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    with store.engine.connect() as conn:
        total = int(
            conn.execute(select(func.count()).select_from(joined).where(*conditions)).scalar_one()
        )
        rows = conn.execute(stmt).all()
        tags = sorted(
            r[0]
            for r in conn.execute(
                select(t.tags.c.tag).where(t.tags.c.account_id == store.account_id).distinct()
            ).all()
        )
    return {
        "items": [_row(r) for r in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "filters": {
            "q": query or None,
            "stage": stage,
            "goal": goal,
            "tag": tag,
            "sort": sort,
            "layer": layer,
            "overdue": overdue_on is not None,
        },
        "tags": tags,
    }


def _row(r: Any) -> dict[str, Any]:
    last = r.last_touch_at
    return {
        "id": int(r.id),
        "name": r.name,
        "company": r.company,
        "position": r.position,
        "goal": r.goal,
        "stage": r.stage,
        "cadence_days": r.cadence_days,
        "last_touch_at": last.isoformat()[:19] + "Z" if last is not None else None,
        "touch_count": int(r.touch_count or 0),
    }


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def channel_mix(store: Store, person_id: int) -> list[dict[str, Any]]:
    """Count this person's held touches by channel, placed on the sync/place grid."""
    tc = t.touches.c
    with store.engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(tc.channel, func.count())
                .where(
                    tc.account_id == store.account_id,
                    tc.person_id == person_id,
                    tc.status == "held",
                )
                .group_by(tc.channel)
            ).all()
        )
    return [
        {"channel": channel, "sync": sync, "place": place, "count": int(counts.get(channel, 0))}
        for channel, (sync, place) in CHANNELS.items()
    ]


# -- uploads --------------------------------------------------------------------------
MAX_UPLOAD = 50 * 1024 * 1024
MAX_UNZIPPED = 500 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_RATIO = 200


@contextmanager
def upload_folder() -> Iterator[Path]:
    """A private temporary folder for one upload, removed afterwards whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="kith-upload-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def save_upload(stream: IO[bytes], filename: str, folder: Path, limit: int = MAX_UPLOAD) -> Path:
    """Copy an upload into `folder` under a safe name, stopping past `limit` bytes."""
    name = Path(filename.replace("\\", "/")).name.strip().lstrip(".") or "upload"
    name = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name)[:120]
    target = folder / name
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise UploadRejected(
                    f"the upload is larger than {limit // (1024 * 1024)} MB — "
                    "import it from the command line with `kith import PATH`"
                )
            out.write(chunk)
    if size == 0:
        raise UploadRejected("the upload is empty — choose a file")
    if zipfile.is_zipfile(target):
        check_zip(target)
    return target


def check_zip(path: Path) -> None:
    """Refuse a zip whose members escape the folder, are links, or unpack too large."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRejected(f"the zip cannot be read ({exc}) — export it again") from exc
    if len(members) > MAX_MEMBERS:
        raise UploadRejected(
            f"the zip holds more than {MAX_MEMBERS} files — unpack and import by hand"
        )
    total = 0
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise UploadRejected(f"the zip holds an unsafe path {member.filename!r} — refused")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UploadRejected(f"the zip holds a link {member.filename!r} — refused")
        total += member.file_size
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise UploadRejected(f"{member.filename!r} unpacks suspiciously large — refused")
    if total > MAX_UNZIPPED:
        raise UploadRejected(
            f"the zip unpacks to more than {MAX_UNZIPPED // (1024 * 1024)} MB — "
            "import it from the command line"
        )
