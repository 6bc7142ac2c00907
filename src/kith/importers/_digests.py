"""Remember many strings in 8 bytes each, for importers that read a file twice.

A first pass over a big export may need to remember something about every message
(which Message-IDs others reply to, which ids come back with other contents) for
the second pass to use. As Python strings in a set or dict that is 100–200 bytes a
message, hundreds of MB for a 1 GB mailbox; as 8-byte BLAKE2 digests in arrays it is
8 (16 for a pair). Digests are deterministic across runs, so an import gives the same
records every time; two different strings share one with odds of about n²/2⁶⁴.

Arrays are spread over 256 buckets by the digest's low byte, so that sorting or
counting them never builds one list of every message at once.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left

BUCKETS = 256


def digest(text: str) -> int:
    """A signed 64-bit digest of `text`, the same in every run."""
    raw = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "little", signed=True)


class DigestSet:
    """A set of strings kept as digests: `add` them all, `freeze`, then ask `in`."""

    def __init__(self) -> None:
        self.buckets = [array("q") for _ in range(BUCKETS)]
        self.frozen = False
        self.size = 0

    def add(self, text: str) -> None:
        value = digest(text)
        self.buckets[value % BUCKETS].append(value)

    def freeze(self) -> None:
        """Sort each bucket once, without duplicates, for binary search."""
        self.buckets = [array("q", sorted(set(bucket))) for bucket in self.buckets]
        self.frozen = True
        self.size = sum(len(bucket) for bucket in self.buckets)

    def __contains__(self, text: object) -> bool:
        if not self.frozen:
            raise RuntimeError("freeze() a DigestSet before asking it")
        if not self.size:  # the usual answer for repeated ids: none, and no digest to make
            return False
        value = digest(str(text))
        bucket = self.buckets[value % BUCKETS]
        at = bisect_left(bucket, value)
        return at < len(bucket) and bucket[at] == value


class RepeatedKeys:
    """Keys seen with more than one value: ids that came back with other contents.

    `add(key, value)` for every occurrence (the value a digest or hash of what should
    stay the same), then `find()` returns the set of those keys, as a `DigestSet`.
    """

    def __init__(self) -> None:
        self.keys = [array("q") for _ in range(BUCKETS)]
        self.values = [array("q") for _ in range(BUCKETS)]

    def add(self, key: str, value: int) -> None:
        hashed = digest(key)
        self.keys[hashed % BUCKETS].append(hashed)
        self.values[hashed % BUCKETS].append(value)

    def find(self) -> DigestSet:
        found = DigestSet()
        for index, (keys, values) in enumerate(zip(self.keys, self.values, strict=True)):
            first: dict[int, int] = {}
            for key, value in zip(keys, values, strict=True):
                if first.setdefault(key, value) != value:
                    found.buckets[index].append(key)
        self.keys, self.values = [], []
        found.freeze()
        return found
