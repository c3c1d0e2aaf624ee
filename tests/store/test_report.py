"""Report counts by category, platform, day and detector."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from store_builders import make_result

from cyberpatrol.model import Finding
from cyberpatrol.store import ImportTotals, Store, Tally

D1 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
D2 = datetime(2025, 1, 2, 23, 59, tzinfo=UTC)


def _fill(store: Store) -> None:
    fraud = Finding("fraud", "1", "investment_fraud", 0.8)
    store.save(
        [
            make_result("1", platform="x", created_at=D1),
            make_result("2", platform="x", created_at=D1, flagged=False, score=0.3),
            make_result("3", platform="instagram", created_at=D2),
            make_result(
                "4",
                platform="instagram",
                created_at=D2,
                category="investment_fraud",
                findings=(fraud,),
                indicators=(),
            ),
            make_result(
                "5", platform="x", created_at=D2, flagged=False, findings=(), indicators=()
            ),
        ]
    )


def test_report_counts(store: Store) -> None:
    _fill(store)
    store.record_import("posts.jsonl", started_at=D1, accepted=5, rejected=1, finished_at=D1)
    report = store.report(utc_offset_minutes=0)
    assert report.total == Tally(scanned=5, flagged=3)
    assert report.by_category == {"crime_recruitment": 2, "investment_fraud": 1}
    assert report.by_platform == {"instagram": Tally(2, 2), "x": Tally(3, 1)}
    assert report.by_day == {date(2025, 1, 1): Tally(2, 1), date(2025, 1, 2): Tally(3, 2)}
    assert report.by_detector == {"fraud": Tally(1, 1), "recruitment": Tally(3, 2)}
    assert report.indicators_by_type == {"phone": 1, "telegram": 1}
    assert report.imports == ImportTotals(runs=1, accepted=5, rejected=1)


def test_report_window_and_rescans(store: Store) -> None:
    _fill(store)
    # Re-scan post 1 with a new detector version that no longer flags it.
    store.save([make_result("1", created_at=D1, version="2.0", flagged=False, score=0.1)])
    report = store.report(since=datetime(2025, 1, 1), until=datetime(2025, 1, 2))
    assert report.total == Tally(scanned=2, flagged=0)
    assert report.by_day == {date(2025, 1, 1): Tally(2, 0)}
    assert report.by_detector == {"recruitment": Tally(2, 0)}
    assert report.imports == ImportTotals()

    empty = store.report(since=datetime(2030, 1, 1, tzinfo=UTC))
    assert empty.total == Tally()
    assert empty.by_platform == {}


def test_report_days_are_japan_time_by_default(store: Store) -> None:
    _fill(store)
    # D2 is 23:59 UTC on 2 January: already 3 January in Japan (UTC+9).
    assert store.report().by_day == {date(2025, 1, 1): Tally(2, 1), date(2025, 1, 3): Tally(3, 2)}
    west = store.report(utc_offset_minutes=-300).by_day
    assert west == {date(2025, 1, 1): Tally(2, 1), date(2025, 1, 2): Tally(3, 2)}


def test_report_rejects_inverted_window(store: Store) -> None:
    with pytest.raises(ValueError):
        store.report(since=D2, until=D1)
