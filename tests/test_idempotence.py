"""Import twice = import once, for any engagement file hypothesis can think of."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith import service
from kith.store import Store

names = st.sampled_from(["Gaurav Mehta", "Ana Ruiz", "Zoë Ångström", "李雷", "O'Brien, Pat"])
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60
)
rows = st.lists(
    st.tuples(
        st.integers(0, 400),  # days before the end of the window
        names,
        st.integers(1, 6),  # which post
        st.sampled_from(["comment", "reaction", "repost"]),
        texts,
    ),
    min_size=1,
    max_size=25,
)


def engagement_csv(entries: list[tuple[int, str, int, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "platform", "post_url", "person_name", "profile_url", "kind", "text"])
    end = datetime(2026, 5, 1, tzinfo=UTC)
    for days, name, post, kind, text in entries:
        slug = "".join(c for c in name.lower() if c.isalnum()) or "x"
        at = (end - timedelta(days=days)).isoformat().replace("+00:00", "Z")
        writer.writerow([at, "linkedin", f"https://example.com/p/{post}", name,
                         f"https://www.linkedin.com/in/{slug}", kind, text])
    return out.getvalue()


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=rows)
def test_import_twice_equals_import_once(tmp_path_factory: object, entries: list) -> None:
    folder = tmp_path_factory.mktemp("prop")  # type: ignore[attr-defined]
    path = Path(folder) / "engagement.csv"
    path.write_text(engagement_csv(entries), encoding="utf-8")
    store = Store.open(f"sqlite:///{folder / 'kith.db'}")
    try:
        service.import_path(store, path)
        once = store.stats()
        agenda_once = service.today(store, "2026-05-01")
        second = service.import_path(store, path)
        assert second.people_created == 0 and second.touches_added == 0
        assert second.engagements_added == 0
        assert store.stats() == once
        assert service.today(store, "2026-05-01") == agenda_once
    finally:
        store.close()
