"""The labelled corpus's split rule: a variant family goes wholly to one split.

``split_of(family)`` hashes the family id, so the assignment never depends on
file order and a new family never moves an old one. 60 % train, 20 % dev,
20 % test (of families, not posts).
"""

from __future__ import annotations

import hashlib

SPLITS = (("train", 60), ("dev", 80), ("test", 100))


def split_of(family: str) -> str:
    bucket = int.from_bytes(hashlib.sha256(family.encode("utf-8")).digest()[:8], "big") % 100
    for name, upper in SPLITS:
        if bucket < upper:
            return name
    raise AssertionError("unreachable")
