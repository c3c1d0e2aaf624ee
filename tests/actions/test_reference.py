"""Reference numbers and the dates letters carry."""

from __future__ import annotations

from datetime import date

import pytest

from cyberpatrol.actions import (
    LetterError,
    check_reference,
    japanese_date,
    reference_number,
    wareki,
)


@pytest.mark.parametrize(
    ("case_id", "year", "prefix", "expected"),
    [
        (123, 2026, "CP", "CP-2026-000123"),
        (1, 2026, "CP", "CP-2026-000001"),
        (999999, 2030, "CP", "CP-2030-999999"),
        (1234567, 2026, "CP", "CP-2026-1234567"),  # more digits, never cut
        (42, 2026, "IHC", "IHC-2026-000042"),
    ],
)
def test_reference_number(case_id: int, year: int, prefix: str, expected: str) -> None:
    assert reference_number(case_id, year, prefix=prefix) == expected
    assert check_reference(expected) == expected


@pytest.mark.parametrize(
    ("case_id", "year", "prefix"),
    [
        (0, 2026, "CP"),
        (-5, 2026, "CP"),
        (True, 2026, "CP"),
        (12, 26, "CP"),
        (12, 2026, "cp"),
        (12, 2026, "C\r\nBcc"),
    ],
)
def test_bad_reference_parts_are_refused(case_id: int, year: int, prefix: str) -> None:
    with pytest.raises(LetterError):
        reference_number(case_id, year, prefix=prefix)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "CP-2026-123",
        "CP-2026-000123\r\nBcc: victim@example.org",
        "cp-2026-000123",
        " CP-2026-000123",
    ],
)
def test_malformed_references_are_refused(value: str) -> None:
    with pytest.raises(LetterError, match="reference"):
        check_reference(value)


@pytest.mark.parametrize(
    ("day", "western", "era"),
    [
        (date(2026, 5, 1), "2026年5月1日", "令和8年5月1日"),
        (date(2019, 5, 1), "2019年5月1日", "令和元年5月1日"),
        (date(2019, 4, 30), "2019年4月30日", "平成31年4月30日"),
        (date(1989, 1, 8), "1989年1月8日", "平成元年1月8日"),
        (date(1989, 1, 7), "1989年1月7日", "1989年1月7日"),
    ],
)
def test_dates(day: date, western: str, era: str) -> None:
    assert japanese_date(day) == western
    assert wareki(day) == era
