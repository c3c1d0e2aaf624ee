"""The labelled corpus in data/corpus keeps its promises (see data/corpus/README.md)."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from cyberpatrol.learn.corpus import split_of
from cyberpatrol.learn.dataset import group_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
FIELDS = {"id", "family", "kind", "label", "platform", "author", "text", "split"}


@pytest.fixture(scope="module")
def posts() -> list[dict[str, object]]:
    out = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def test_size_and_fields(posts: list[dict[str, object]]) -> None:
    assert len(posts) >= 2000
    for p in posts:
        assert set(p) == FIELDS, p["id"]
        assert p["label"] in (0, 1)
        assert isinstance(p["text"], str) and 15 <= len(p["text"]) <= 300
    assert len({p["id"] for p in posts}) == len(posts)


def test_every_kind_is_known_and_labelled_consistently(posts: list[dict[str, object]]) -> None:
    for p in posts:
        group = group_of(str(p["kind"]))
        assert group is not None, p["kind"]
        assert group.label == p["label"], p["id"]


def test_both_labels_in_every_split(posts: list[dict[str, object]]) -> None:
    counts = collections.Counter((p["split"], p["label"]) for p in posts)
    for split in ("train", "dev", "test"):
        assert counts[(split, 0)] >= 200 and counts[(split, 1)] >= 200, counts


def test_split_follows_the_family_hash(posts: list[dict[str, object]]) -> None:
    for p in posts:
        assert p["split"] == split_of(str(p["family"])), p["id"]


def test_families_are_variant_groups_of_one_kind(posts: list[dict[str, object]]) -> None:
    by_family = collections.defaultdict(list)
    for p in posts:
        by_family[p["family"]].append(p)
    for family, members in by_family.items():
        assert 2 <= len(members) <= 6, family
        assert len({m["kind"] for m in members}) == 1, family


def _shingles(text: str) -> set[str]:
    t = "".join(text.split())
    return {t[i : i + 3] for i in range(len(t) - 2)}


def test_no_near_copy_straddles_the_split(posts: list[dict[str, object]]) -> None:
    """No dev/test post shares more than half its 3-grams (Jaccard) with a train post."""
    train = [(p, _shingles(str(p["text"]))) for p in posts if p["split"] == "train"]
    index: dict[str, list[int]] = collections.defaultdict(list)
    for j, (_, sh) in enumerate(train):
        for g in sh:
            index[g].append(j)
    worst = 0.0
    for p in posts:
        if p["split"] == "train":
            continue
        sh = _shingles(str(p["text"]))
        shared = collections.Counter(j for g in sh for j in index.get(g, ()))
        for j, n in shared.items():
            worst = max(worst, n / len(sh | train[j][1]))
    assert worst < 0.5
