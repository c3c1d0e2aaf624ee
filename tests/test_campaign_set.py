"""The labelled campaign set in data/campaigns is what its builder makes of its source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent / "data" / "campaigns"


def test_build_reproduces_the_committed_files() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--verify"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr


def test_dev_and_test_share_no_operation_account_or_id() -> None:
    def load(name: str) -> list[dict[str, object]]:
        return [json.loads(x) for x in (ROOT / name).read_text().splitlines()]

    dev, test = load("dev.jsonl"), load("test.jsonl")
    for field in ("id", "campaign", "author"):
        shared = {r[field] for r in dev if r[field]} & {r[field] for r in test if r[field]}
        assert not shared, (field, shared)
