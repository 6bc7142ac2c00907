"""A big mailbox imports in flat memory: what the first pass keeps per message is small.

The first pass of the mbox reader remembers, for the second, which ids others reply
to and which ids come back with other contents. Kept as strings that was ~160 bytes
a message here (333 MB peak for a 1 GB mailbox); as digests it is ~10. Measured with
tracemalloc (exact allocation counts, not timing), on a made-up mailbox where every
message has its own id and most reply to another.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.importers import mbox
from kith.models import TouchRecord

MESSAGES = 6000


def write_mailbox(path: Path, count: int) -> None:
    with path.open("wb") as out:
        for n in range(count):
            who = n % 7
            reply = b"In-Reply-To: <thread-%d@example.com>\n" % (n // 5) if n % 5 else b""
            out.write(
                b"From p%d@example.com Mon Jan  1 00:00:00 2024\n" % who
                + b"From: P%d <p%d@example.com>\nTo: Me <me@example.com>\n" % (who, who)
                + b"Message-ID: <message-%d@example.com>\n" % n
                + reply
                + b"Date: Mon, 1 Jan 2024 10:%02d:00 +0000\nSubject: Plan %d\n\n" % (n % 60, n)
                + b"Hello number %d.\n\n" % n
            )


def test_the_first_pass_keeps_a_few_bytes_a_message(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    write_mailbox(path, MESSAGES)
    raws = list(mbox.raw_messages(path))
    assert len(raws) == MESSAGES
    warm = mbox.Survey()  # fill the bounded caches first: they are not per message
    for raw in raws[:50]:
        warm.add(raw)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        survey = mbox.Survey()
        for raw in raws:
            survey.add(raw)
        survey.finish()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept / MESSAGES < 32, f"{kept / MESSAGES:.0f} bytes a message"
    assert "message-3@example.com" not in survey.collisions


def test_the_big_mailbox_still_imports_every_message(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    write_mailbox(path, MESSAGES)
    touches = [
        r
        for r in mbox.read(path, tz=ZoneInfo("UTC"), me=["me@example.com"])
        if isinstance(r, TouchRecord)
    ]
    assert len(touches) == len({t.source_id for t in touches}) == MESSAGES
    assert {t.thread_key for t in touches if t.subject == "Plan 6"} == {"thread-1@example.com"}
