"""Dates as Japanese letters write them, in Japan Standard Time.

Letters are dated in JST whatever the server's time zone: an analyst in Tokyo who
writes at 08:00 must not see yesterday's date because the server runs in UTC.
Japan has no daylight saving time, so a fixed +09:00 offset is exact.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")

# (first day, era name); newest first.
_ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"))


def now_jst() -> datetime:
    """The current time in JST (timezone-aware)."""
    return datetime.now(JST)


def today_jst() -> date:
    """Today's date in JST."""
    return now_jst().date()


def japanese_date(day: date) -> str:
    """``date(2026, 5, 1)`` → ``"2026年5月1日"``."""
    return f"{day.year}年{day.month}月{day.day}日"


def wareki(day: date) -> str:
    """The era-year form: ``date(2026, 5, 1)`` → ``"令和8年5月1日"``; year 1 is 「元年」.

    Dates before the Heisei era are written in the Western form.
    """
    for first, era in _ERAS:
        if day >= first:
            year = day.year - first.year + 1
            year_text = "元" if year == 1 else str(year)
            return f"{era}{year_text}年{day.month}月{day.day}日"
    return japanese_date(day)
