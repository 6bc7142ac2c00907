"""The first passes' compact memory answers as plain sets and dicts would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.importers._digests import DigestSet, RepeatedKeys, digest

IDS = st.sampled_from(["<1@x>", "<2@x>", "a", "", "é@ü", "\udc80", "<3@x>", "x" * 300])


@given(st.lists(IDS), st.lists(IDS))
def test_digest_set_answers_like_a_set(added: list[str], asked: list[str]) -> None:
    kept = DigestSet()
    for text in added:
        kept.add(text)
    kept.freeze()
    assert [text in kept for text in asked] == [text in set(added) for text in asked]


@given(st.lists(st.tuples(IDS, st.integers(-3, 3))), st.lists(IDS))
def test_repeated_keys_are_the_keys_seen_with_two_values(
    pairs: list[tuple[str, int]], asked: list[str]
) -> None:
    values: dict[str, set[int]] = {}
    repeated = RepeatedKeys()
    for key, value in pairs:
        values.setdefault(key, set()).add(value)
        repeated.add(key, value)
    found = repeated.find()
    expected = {key for key, seen in values.items() if len(seen) > 1}
    assert [key in found for key in asked + list(values)] == [
        key in expected for key in asked + list(values)
    ]


def test_digests_are_the_same_in_every_run() -> None:
    # Fixed values: Python's own hash() changes between runs, these must not.
    assert digest("") == -5426141060434712860
    assert digest("<1@x>") == 1116310410106915477 != digest("<2@x>")


def test_a_digest_set_must_be_frozen_before_use() -> None:
    with pytest.raises(RuntimeError):
        _ = "a" in DigestSet()
