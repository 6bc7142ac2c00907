"""Any bytes, any importer: records or a clear `KithError`, never a traceback.

A hypothesis property over every source registered in `kith.importers.SOURCES`
(so an importer added later is fuzzed without touching this file) and over
`detect`. Inputs are raw bytes, and bytes that start like each format (a header,
a first line) or like a real corpus file cut short and damaged, so the parsers
get past their first line. Each reader is consumed to the end: generators fail
late.

A crash found in someone else's importer is pinned below as a non-strict xfail
with the exact input, so CI stays green while its owner fixes it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kith.errors import KithError
from kith.importers import SOURCES, detect

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TZ = ZoneInfo("Europe/Berlin")

# First bytes of each format, so random tails reach past the detection line.
SEEDS = [
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    b'Notes:\n"When exporting"\n\nFirst Name,Last Name,Email Address,Company,Position,Connected On\n',
    b'"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    b'"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n',
    b"From,To,Date,Subject,Content,Direction,Folder\n",
    b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n",
    b"Date,Link,Message\n",
    b"Date,Type,Link\n",
    b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
    b'\xff\xfe"\x00D\x00a\x00t\x00e\x00"\x00\t\x00',
    b"First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary\n",
    b"First Name,Last Name,Companies,Title,Email Address,Phone Numbers,Created At,Birthday\n",
    b"date,platform,post_url,person_name,profile_url,kind,text\n",
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    b"From alice@example.com Mon Jul 29 22:00:08 2002\n",
    b"From: Alice <alice@example.com>\nMessage-ID: <1@x>\n",
    b"12/09/2020, 23:55 - Alice: ",
    b"[14/03/2024, 08:02:55] Alice: ",
    b'{"name": "Chat", "type": "personal_chat", "id": 1, "messages": [',
    b'{"about": "export", "chats": {"list": [',
    b'[{"type": "message", "user": "U1", "text": "hi", "ts": "1736582524.607359"}',
    b"First Name,Middle Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Birthday\n",
    b'"First Name","Middle Name","Last Name","Title","E-mail Address","Birthday"\r\n',
    b'<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">',
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>',
]
NAMES = ["data.csv", "chat.txt", "result.json", "mail.mbox", "cal.ics", "card.vcf", "feed.xml"]

# Crashes found in other engineers' importers: {source: reason with the exact input}.
KNOWN_CRASHES: dict[str, str] = {}


def corpus_samples() -> list[bytes]:
    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".md")
    return [p.read_bytes()[:4000] for p in files if p.name != "EXPECTED.json"]


def damaged(data: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    """Cut a sample short and overwrite a few bytes."""
    out = bytearray(data[: max(1, cut % (len(data) + 1))])
    for at, value in flips:
        if out:
            out[at % len(out)] = value
    return bytes(out)


inputs = st.one_of(
    st.binary(max_size=512),
    st.builds(lambda seed, tail: seed + tail, st.sampled_from(SEEDS), st.binary(max_size=300)),
    st.builds(
        lambda seed, tail: seed + tail.encode("utf-8", "surrogatepass"),
        st.sampled_from(SEEDS),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300),
    ),
)
samples = corpus_samples()
if samples:
    inputs = st.one_of(
        inputs,
        st.builds(
            damaged,
            st.sampled_from(samples),
            st.integers(0, 4000),
            st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
        ),
    )


def importer_params() -> list[object]:
    params = []
    for name in SOURCES:
        marks = []
        if name in KNOWN_CRASHES:
            marks.append(pytest.mark.xfail(strict=False, reason=KNOWN_CRASHES[name]))
        params.append(pytest.param(name, id=name, marks=marks))
    return params


def consume(source: str, data: bytes, filename: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        with contextlib.suppress(KithError):
            for _ in SOURCES[source].read(path, tz=TZ):
                pass


FUZZ = settings(  # KITH_FUZZ_EXAMPLES=5000 for a long hunt by hand
    max_examples=int(os.environ.get("KITH_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("source", importer_params())
@FUZZ
@given(data=inputs, filename=st.sampled_from(NAMES))
@example(data=b"", filename="data.csv")
@example(data=b"\x00" * 64, filename="data.csv")
@example(data=b"\xff\xfe", filename="data.csv")
@example(data=b"PK\x03\x04" + b"\x00" * 40, filename="data.csv")
def test_any_bytes_give_records_or_a_kith_error(source: str, data: bytes, filename: str) -> None:
    consume(source, data, filename)


@FUZZ
@given(data=inputs, filename=st.sampled_from(NAMES))
def test_detect_names_a_source_or_raises_a_kith_error(data: bytes, filename: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        with contextlib.suppress(KithError):
            assert detect(path) in SOURCES
