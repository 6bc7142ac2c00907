"""Charts drawn on the server as small SVG documents: no chart library, no script.

Every label goes through `escape`, so a name from an import cannot become markup.
"""

from __future__ import annotations

from html import escape
from typing import Any


def grid(mix: list[dict[str, Any]]) -> str:
    """The sync/async × virtual/in-person grid, each cell sized by its touches."""
    cells = {
        ("async", "virtual"): (0, 0),
        ("async", "offline"): (1, 0),
        ("sync", "virtual"): (0, 1),
        ("sync", "offline"): (1, 1),
    }
    totals: dict[tuple[str, str], int] = {key: 0 for key in cells}
    names: dict[tuple[str, str], list[str]] = {key: [] for key in cells}
    for row in mix:
        key = (row["sync"], row["place"])
        totals[key] += row["count"]
        if row["count"]:
            names[key].append(f"{row['channel']} {row['count']}")
    biggest = max(totals.values()) or 1
    size, pad, left, top = 120, 6, 64, 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + 2 * size + pad} '
        f'{top + 2 * size + pad}" role="img" class="chart grid" '
        'aria-label="Touches by sync or async and virtual or in person">',
        f'<text x="{left + size / 2}" y="14" text-anchor="middle">virtual</text>',
        f'<text x="{left + size * 1.5}" y="14" text-anchor="middle">in person</text>',
        f'<text x="4" y="{top + size / 2}">async</text>',
        f'<text x="4" y="{top + size * 1.5}">sync</text>',
    ]
    for key, (col, row_) in cells.items():
        x, y = left + col * size, top + row_ * size
        share = totals[key] / biggest
        radius = 6 + 44 * share**0.5 if totals[key] else 0
        parts.append(
            f'<rect x="{x}" y="{y}" width="{size - pad}" height="{size - pad}" class="cell"/>'
        )
        if radius:
            parts.append(
                f'<circle cx="{x + (size - pad) / 2}" cy="{y + (size - pad) / 2}" '
                f'r="{radius:.1f}" class="dot"><title>{escape(", ".join(names[key]))}</title>'
                "</circle>"
            )
        parts.append(
            f'<text x="{x + 6}" y="{y + size - pad - 8}" class="count">{totals[key]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bars(rows: list[tuple[str, int]], label: str) -> str:
    """Horizontal bars, one per row, labelled; used for counts on Insights."""
    width, bar_h, gap, left = 420, 18, 6, 130
    biggest = max((v for _, v in rows), default=0) or 1
    height = max(1, len(rows)) * (bar_h + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="chart bars" aria-label="{escape(label)}">'
    ]
    for n, (name, value) in enumerate(rows):
        y = gap + n * (bar_h + gap)
        w = (width - left - 60) * value / biggest
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" class="bar"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 13}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
