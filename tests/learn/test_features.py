from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from cyberpatrol.learn.features import compact, kept_positions, ngram_counts


def test_counts_every_ngram_once_per_occurrence() -> None:
    counts = ngram_counts("ウケコウケ", 1, 2)
    assert counts["ウ"] == 2
    assert counts["ウケ"] == 2
    assert counts["コウ"] == 1
    assert "ウケコ" not in counts


def test_white_space_runs_count_as_one_space_and_never_alone() -> None:
    assert ngram_counts("a  \n b", 1, 2) == ngram_counts("a b", 1, 2)
    assert " " not in ngram_counts(" a b ", 1, 3)
    assert compact("  受ケ子 \n\t 募集 ") == "受ケ子 募集"


@given(st.text(alphabet="アイウ 受子\n・*a1_\t", max_size=30))
def test_kept_positions_spell_the_compact_text(text: str) -> None:
    kept = "".join(" " if text[i].isspace() else text[i] for i in kept_positions(text))
    assert kept == compact(text)
    unigrams = Counter(c for c in compact(text) if c != " ")
    assert ngram_counts(text, 1, 1) == unigrams
    assert sum(ngram_counts(text, 2, 2).values()) == sum(
        1 for i in range(len(kept) - 1) if kept[i : i + 2] != " "
    )
