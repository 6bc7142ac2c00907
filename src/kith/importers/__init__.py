"""The importers: one module per source, each a generator from a file to plain records.

This package is the registry. `SOURCES` maps a source name (the `SOURCE` argument of
`kith import`) to how to recognise it and how to read it; adding a source is one
line here plus its module. Detection looks at content, never at file names: a
renamed `Connections.csv` is still LinkedIn.

Importers never reach for the store, the engine or the interfaces; data flows one
way (STYLE.md), and `tests/test_layers.py` keeps it so.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed, InvalidValue, UnknownFormat
from kith.importers import contacts_csv as contacts_csv
from kith.importers import engagement, linkedin
from kith.importers import feed as feed
from kith.importers import ics as ics
from kith.importers import mbox as mbox
from kith.importers import slack as slack
from kith.importers import telegram as telegram
from kith.importers import vcard as vcard
from kith.importers import whatsapp as whatsapp
from kith.importers import wxr as wxr
from kith.importers._text import files_of, unreadable
from kith.models import Record


@dataclass(frozen=True)
class Source:
    """A source Kith can import: its name, a content sniffer and a record reader."""

    name: str
    sniff: Callable[[Path], bool]
    read: Callable[..., Iterator[Record]]  # read(path, *, tz) -> records


# Order matters for detection: the most specific sniffers come first.
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("linkedin", linkedin.sniff, linkedin.read),
        Source("engagement", engagement.sniff, engagement.read),
        Source("whatsapp", whatsapp.sniff, whatsapp.read),
        Source("telegram", telegram.sniff, telegram.read),
        Source("slack", slack.sniff, slack.read),
        Source("ics", ics.sniff, ics.read),
        Source("maildir", mbox.sniff_maildir, mbox.read_maildir),
        Source("mbox", mbox.sniff, mbox.read),
        Source("google-csv", contacts_csv.sniff_google, contacts_csv.read_google),
        Source("outlook-csv", contacts_csv.sniff_outlook, contacts_csv.read_outlook),
        Source("vcard", vcard.sniff, vcard.read),
        Source("wxr", wxr.sniff, wxr.read),
        Source("feed", feed.sniff, feed.read),
    )
}

__all__ = ["SOURCES", "Source", "detect", "files_of", "read_records"]


def detect(path: Path) -> str:
    """Name the source a file, folder or zip holds, judging by its content."""
    if not path.exists():
        raise ImportFailed(str(path), "no such file or folder", "check the path")
    trouble = unreadable(path)
    if trouble == "empty":
        raise ImportFailed(str(path), "the file is empty", "export the data again")
    for source in SOURCES.values():
        if source.sniff(path):
            return source.name
    what = (
        "a binary file, not a format Kith recognises" if trouble else "not a format Kith recognises"
    )
    raise UnknownFormat(
        str(path),
        what,
        "name the source explicitly, e.g. `kith import linkedin PATH`; sources: "
        + ", ".join(SOURCES),
    )


def read_records(
    source: str,
    path: Path,
    *,
    tz: ZoneInfo,
    me_names: tuple[str, ...] = (),
    me_emails: tuple[str, ...] = (),
) -> Iterator[Record]:
    """Stream the records of `path` read as `source` (use `detect` for `auto`).

    What the user told Kith about themselves (`kith me`) goes to the readers that
    otherwise have to work out from the file who the user is: chats take names,
    calendars and mail take addresses.
    """
    if source == "auto":
        source = detect(path)
    if source not in SOURCES:
        raise InvalidValue(f"unknown source {source!r} — use one of: auto, {', '.join(SOURCES)}")
    read = SOURCES[source].read
    accepted = inspect.signature(read).parameters
    hints: dict[str, object] = {}
    if "me_names" in accepted and me_names:
        hints["me_names"] = me_names
    if "me" in accepted and me_emails:
        hints["me"] = me_emails
    return read(path, tz=tz, **hints)
