from __future__ import annotations

import pytest

from cyberpatrol.normalize.numbers import NumbersStep, parse_amount

from .helpers import check_row

STEP = NumbersStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("十万", "100000", "100000", "十万"),
        ("三十五万", "350000", "350000", "三十五万"),
        ("日給十万", "日給100000", "100000", "十万"),
        ("1.5万", "15000", "15000", "1.5万"),
        ("100k", "100000", "100000", "100k"),
        ("5千", "5000", "5000", "5千"),
        ("10万円", "100000円", "100000", "10万"),
        ("1,000,000円", "1000000円", "1000000", "1,000,000"),
        ("2万", "20000", "20000", "2万"),
        ("3万5千円", "35000円", "35000", "3万5千"),
        ("千円", "1000円", "1000", "千"),
        ("三十", "30", "30", "三十"),
        ("10man", "100000", "100000", "10man"),
        ("月収10マン", "月収100000", "100000", "10マン"),
        ("1億2000万", "120000000", "120000000", "1億2000万"),
        # negatives
        ("一緒に", "一緒に", "", ""),
        ("統一", "統一", "", ""),
        ("一人", "一人", "", ""),
        ("一番", "一番", "", ""),
        ("十分", "十分", "", ""),
        ("万が一", "万が一", "", ""),
        ("090-1234-5678", "090-1234-5678", "", ""),
        ("1.5倍", "1.5倍", "", ""),
        ("10kg", "10kg", "", ""),
        ("10マンション", "10マンション", "", ""),
    ],
)
def test_numbers(text: str, expected: str, term: str, original: str) -> None:
    check_row(STEP, text, expected, term, original)


@pytest.mark.parametrize(
    ("run", "value"),
    [("二十万", 200000), ("百", 100), ("1,000", 1000), ("万", None), ("1万2億", None)],
)
def test_parse_amount(run: str, value: int | None) -> None:
    assert parse_amount(run) == value
