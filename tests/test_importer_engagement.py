"""The engagement CSV (PRODUCT.md): `date,platform,post_url,person_name,profile_url,kind,text`."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.errors import ImportFailed, UnknownFormat
from kith.importers import detect, read_records
from kith.models import ContentRecord, EngagementRecord, Record, Skipped

HEADER = "date,platform,post_url,person_name,profile_url,kind,text\n"
POST_A = "https://www.linkedin.com/feed/update/urn:li:activity:1"
POST_B = "https://example.com/blog/why-sentences"
BERLIN = ZoneInfo("Europe/Berlin")

GOOD = (
    HEADER
    + f"2026-03-02T09:15:00Z,LinkedIn,{POST_A},Ana Lima,https://www.linkedin.com/in/ana-lima/,comment,"
    + '"Great point, and ""quoted"" too"\n'
    + f"2026-03-01 18:00,linkedin,{POST_A},Bo Chen,,reaction,\n"
    + f"2026-03-03,blog,{POST_B},Cy Diaz,,repost,\n"
    + f'2026-03-04T08:00:00+02:00,blog,{POST_B},Cy Diaz,,comment,"two\nlines"\n'
)


def write(tmp_path: Path, text: str, name: str = "engagement.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, tz: ZoneInfo = BERLIN) -> list[Record]:
    return list(read_records("engagement", path, tz=tz))


def test_rows_become_engagements_and_posts_come_first(tmp_path: Path) -> None:
    records = read(write(tmp_path, GOOD))
    posts = [r for r in records if isinstance(r, ContentRecord)]
    engagements = [r for r in records if isinstance(r, EngagementRecord)]
    assert records[: len(posts)] == posts  # every post exists before anyone engages with it
    assert {p.url for p in posts} == {POST_A, POST_B}
    assert [e.kind for e in engagements] == ["comment", "reaction", "repost", "comment"]

    ana, bo, cy_repost, cy_comment = engagements
    assert ana.at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert ana.text == 'Great point, and "quoted" too'
    assert ana.person.identities[0].value == "https://linkedin.com/in/ana-lima"
    assert ana.platform == "linkedin" and ana.content_url == POST_A
    assert bo.at == datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # no zone: read in Berlin (CET)
    assert bo.person.identities[0].kind == "name" and bo.text is None
    assert cy_repost.at == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # a bare date: local midnight
    assert cy_comment.at == datetime(2026, 3, 4, 6, 0, tzinfo=UTC)
    assert cy_comment.text == "two\nlines"

    post_a = next(p for p in posts if p.url == POST_A)
    assert post_a.posted_at == bo.at  # the earliest engagement on it
    assert post_a.source == "engagement"


def test_bad_rows_are_skipped_with_their_line(tmp_path: Path) -> None:
    text = (
        HEADER
        + f'2026-03-01,linkedin,{POST_A},Ana Lima,,comment,"a\nmultiline comment"\n'
        + f"2026-03-01,linkedin,{POST_A},Bo Chen,,applause,\n"
        + f"yesterday,linkedin,{POST_A},Cy Diaz,,reaction,\n"
        + f"2026-03-02,linkedin,{POST_A},,,comment,who said this?\n"
        + f"2026-03-02,linkedin,{POST_A},Dee Ek,,like,\n"
    )
    records = read(write(tmp_path, text))
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [(s.line, s.reason.split()[0]) for s in skipped] == [
        (4, "unknown"),
        (5, "unreadable"),
        (6, "no"),
    ]
    assert all(s.file.endswith("engagement.csv") for s in skipped)
    kinds = [r.kind for r in records if isinstance(r, EngagementRecord)]
    assert kinds == ["comment", "reaction"]  # "like" is read as a reaction


def test_source_ids_are_stable_and_zone_independent(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    ids = [getattr(r, "source_id", None) for r in read(path)]
    assert ids == [getattr(r, "source_id", None) for r in read(path)]
    assert ids == [getattr(r, "source_id", None) for r in read(path, ZoneInfo("Asia/Tokyo"))]
    assert len(set(ids)) == len(ids)


def test_detected_by_header_with_preamble_bom_and_any_column_order(tmp_path: Path) -> None:
    reordered = "kind,person_name,date,post_url,platform,profile_url,text\n"
    reordered += f"reaction,Ana Lima,2026-03-01,{POST_A},linkedin,,\n"
    path = write(tmp_path, "Exported by hand\n\n" + reordered, "notes.txt", "utf-8-sig")
    assert detect(path) == "engagement"
    (post, engagement) = read(path)
    assert isinstance(post, ContentRecord) and isinstance(engagement, EngagementRecord)
    assert detect(write(tmp_path, GOOD, "e16.csv", "utf-16")) == "engagement"


def test_missing_header_and_empty_file_fail(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no engagement header"):
        read(write(tmp_path, "a,b,c\n1,2,3\n", "other.csv"))
    with pytest.raises(ImportFailed, match="empty"):
        read(write(tmp_path, "", "empty.csv"))
    with pytest.raises(UnknownFormat):
        detect(write(tmp_path, "a,b,c\n1,2,3\n", "other.csv"))


def test_no_corpus_file_outside_linkedin_is_taken_for_linkedin_or_engagement(
    corpus: Path,
) -> None:
    others = [p for p in sorted(corpus.rglob("*")) if p.is_file() and "linkedin" not in p.parts]
    others = [p for p in others if p.name not in ("EXPECTED.json", "README.md")]
    assert others
    for path in others:
        try:
            found = detect(path)
        except UnknownFormat:
            continue
        assert found not in ("linkedin", "engagement"), path


def test_no_linkedin_corpus_file_is_taken_for_engagement(corpus: Path) -> None:
    for path in sorted((corpus / "linkedin").glob("*.csv")):
        assert detect(path) == "linkedin", path


# Names as a source would write them (letters, NFC); texts with anything but controls,
# plus newlines, U+2028 and quotes, which must not break records apart.
names = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=20
).filter(lambda s: unicodedata.normalize("NFC", s) == s)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n"\u2028,'),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(names, st.sampled_from(["comment", "reaction", "repost"]), texts),
        min_size=1,
        max_size=6,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_text_survives_any_encoding(
    tmp_path: Path, rows: list[tuple[str, str, str]], encoding: str, newline: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(HEADER.strip().split(","))
    for i, (name, kind, text) in enumerate(rows):
        writer.writerow([f"2026-01-{i + 1:02d}T10:00:00Z", "x", POST_A, name, "", kind, text])
    path = write(tmp_path, buffer.getvalue(), f"h-{encoding}.csv", encoding)
    engagements = [r for r in read(path) if isinstance(r, EngagementRecord)]
    assert [(e.person.name, e.kind) for e in engagements] == [(n, k) for n, k, _ in rows]
    expected_texts = [t.replace("\r\n", "\n").strip() or None for _, _, t in rows]
    got = [(e.text or "").replace("\r\n", "\n") or None for e in engagements]
    assert got == expected_texts
