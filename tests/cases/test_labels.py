"""Judgements become training data that `cyberpatrol train` reads."""

from __future__ import annotations

import json
from pathlib import Path

from case_builders import Staff
from typer.testing import CliRunner

from cyberpatrol.cases import Hotline, QueueFilter
from cyberpatrol.cli import app
from cyberpatrol.learn.dataset import load_examples


def test_exported_labels_load_as_training_examples(
    queued: Hotline, staff: Staff, store_url: str, tmp_path: Path
) -> None:
    rows, _ = queued.queue(staff.viewer, QueueFilter())
    judgements = ["crime_recruitment", "out_of_scope", "suicide", "illegal_accounts"]
    for row, category in zip(rows, judgements, strict=True):
        queued.judge(staff.analyst, row.id, category)
    out = tmp_path / "labels.jsonl"
    r = CliRunner().invoke(app, ["export-labels", "--db", store_url, "--out", str(out)])
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_kind = {rec["kind"]: rec for rec in records}
    assert set(by_kind) == {
        "hotline:crime_recruitment",
        "hotline:out_of_scope",
        "hotline:illegal_accounts",
    }  # suicide (-1) is left out
    assert by_kind["hotline:crime_recruitment"]["label"] == 1
    assert by_kind["hotline:out_of_scope"]["label"] == 0
    assert all(rec["split"] in ("train", "dev", "test") for rec in records)
    examples = load_examples([out])
    assert sorted(e.label for e in examples) == [0, 1, 1]
    assert {e.kind for e in examples} == set(by_kind)
    assert "exported 3 labelled cases" in r.stderr
