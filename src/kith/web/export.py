"""CSV exports, safe to open in a spreadsheet.

A cell that begins with `=`, `+`, `-`, `@` (or a tab or carriage return, which
some spreadsheets skip before reading a formula) is prefixed with `'`, so a name
or message from an import cannot become a formula on the user's machine (OWASP
"CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PEOPLE_COLUMNS = (
    "id",
    "name",
    "company",
    "position",
    "stage",
    "goal",
    "cadence_days",
    "last_touch_at",
    "touch_count",
)


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    """The header, then one line per row, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(row.get(c)) for c in columns])
        yield buffer.getvalue()
