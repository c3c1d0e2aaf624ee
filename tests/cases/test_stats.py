"""The statistics reproduce a scripted scenario exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from case_builders import result
from openpyxl import load_workbook
from sqlalchemy import insert, update
from typer.testing import CliRunner

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.roles import Actor, role, system_actor
from cyberpatrol.cases.stats import table
from cyberpatrol.cli import app
from cyberpatrol.store.tables import case_actions, cases

OCT = datetime(2026, 10, 5, 1, 0, tzinfo=UTC)  # 10:00 JST
NOV = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


def _scenario(h: Hotline) -> None:
    names = ["A", "B", "C", "D", "E", "F", "G", "Z"]
    h.store.save([result(n, 0.9) for n in names])
    h.enqueue_flagged()
    hours = timedelta(hours=1)
    plan = {
        # case: (judgement, judged_at, gone_at, [(kind, status, sent_at)])
        "A": ("crime_recruitment", OCT, OCT + 5 * hours, []),
        "B": (
            "crime_recruitment",
            OCT,
            OCT + 1 * hours,
            [("deletion_request", "sent", OCT + 2 * hours)],
        ),
        "C": (
            "crime_recruitment",
            OCT,
            OCT + 3 * hours,
            [("deletion_request", "sent", OCT + hours)],
        ),
        "D": (
            "illegal_accounts",
            OCT,
            OCT + 25 * hours,
            [("deletion_request", "sent", OCT + hours)],
        ),
        "E": (
            "crime_recruitment",
            OCT,
            None,
            [("deletion_request", "failed", None), ("deletion_request", "sent", OCT + hours)],
        ),
        "F": (
            "crime_recruitment",
            OCT,
            None,
            [("warning", "sent", OCT + hours), ("warning", "dry-run", None)],
        ),
        "G": ("crime_recruitment", NOV, NOV + 10 * hours, [("deletion_request", "sent", NOV)]),
        "Z": ("out_of_scope", OCT, None, []),
    }
    with h.store.transaction("scenario") as conn:
        for n, (judgement, judged_at, gone_at, actions) in plan.items():
            case_id = h.case_id_of("x", n)
            conn.execute(
                update(cases)
                .where(cases.c.id == case_id)
                .values(judgement=judgement, judged_at=judged_at, gone_at=gone_at, status="judged")
            )
            for i, (kind, status, sent_at) in enumerate(actions):
                conn.execute(
                    insert(case_actions).values(
                        case_id=case_id,
                        username="ana",
                        kind=kind,
                        reference=f"CP-{n}-{i}",
                        channel="smtp",
                        recipient="abuse@example.org",
                        subject="s",
                        body="b",
                        status=status,
                        detail="",
                        created_at=judged_at,
                        sent_at=sent_at,
                    )
                )


def test_figures_follow_the_ihc_definitions(hotline: Hotline) -> None:
    _scenario(hotline)
    s = hotline.stats(system_actor())
    assert s.total == {
        "analysed": 7,
        "gone_before_request": 2,  # A (no request), B (gone before its request)
        "requests_sent": 4,  # C, D, E, G
        "deleted_after_request": 3,  # C, D, G
        "not_deleted": 1,  # E
        "deletion_rate": 0.75,
        "median_hours_to_deletion": 10.0,  # C 2 h, D 24 h, G 10 h
        "warnings_sent": 1,  # F's dry run does not count
    }
    months = dict(s.by["month"])
    assert months["2026-10"]["analysed"] == 6 and months["2026-10"]["requests_sent"] == 3
    assert months["2026-11"] == {
        "analysed": 1,
        "gone_before_request": 0,
        "requests_sent": 1,
        "deleted_after_request": 1,
        "not_deleted": 0,
        "deletion_rate": 1.0,
        "median_hours_to_deletion": 10.0,
        "warnings_sent": 0,
    }
    categories = dict(s.by["category"])
    assert categories["違法情報 › 預貯金通帳・口座の譲渡等の誘引"]["deleted_after_request"] == 1
    rows = list(table(s, "month"))
    assert rows[0][0] == "month" and rows[-1][0] == "合計" and rows[-1][1] == 7


def test_period_bounds_use_the_judgement_date(hotline: Hotline) -> None:
    _scenario(hotline)
    s = hotline.stats(system_actor(), since=datetime(2026, 11, 1, tzinfo=UTC))
    assert s.total["analysed"] == 1
    s = hotline.stats(system_actor(), until=datetime(2026, 11, 1, tzinfo=UTC))
    assert s.total["analysed"] == 6 and s.total["deletion_rate"] == round(2 / 3, 4)


def test_stats_command_formats(hotline: Hotline, store_url: str, tmp_path: Path) -> None:
    _scenario(hotline)
    runner = CliRunner()
    csv_out = runner.invoke(app, ["stats", "--db", store_url, "--by", "month"])
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.reader(io.StringIO(csv_out.stdout)))
    assert rows[0][:4] == ["month", "分析件数", "依頼前に削除", "削除依頼件数"]
    assert rows[-1][:6] == ["合計", "7", "2", "4", "3", "1"]
    as_json = json.loads(
        runner.invoke(app, ["stats", "--db", store_url, "--format", "json"]).stdout
    )
    assert as_json["total"]["deletion_rate"] == 0.75
    xlsx = tmp_path / "stats.xlsx"
    r = runner.invoke(app, ["stats", "--db", store_url, "--format", "xlsx", "--out", str(xlsx)])
    assert r.exit_code == 0, r.output
    book = load_workbook(xlsx)
    assert book.sheetnames == ["month", "category", "platform"]
    last = [c.value for c in list(book["month"].iter_rows())[-1]]
    assert last[:3] == ["合計", 7, 2]
    oct_only = runner.invoke(
        app, ["stats", "--db", store_url, "--from", "2026-10-01", "--to", "2026-11-01"]
    )
    assert list(csv.reader(io.StringIO(oct_only.stdout)))[-1][1] == "6"
    assert runner.invoke(app, ["stats", "--db", store_url, "--format", "xlsx"]).exit_code == 2
    assert runner.invoke(app, ["stats", "--db", store_url, "--by", "day"]).exit_code == 2
    exports = [e for e in hotline.audit_log(system_actor_review()) if e.action == "stats.export"]
    assert {e.detail["format"] for e in exports} == {"csv", "json", "xlsx"}


def system_actor_review() -> Actor:
    return Actor(None, "auditor", role("supervisor"))
