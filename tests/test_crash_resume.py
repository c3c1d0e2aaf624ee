"""kill -9 in the middle of a scan: nothing reported is lost, re-running never duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cyberpatrol.store import Store

POSTS = 6000


def _write_posts(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(POSTS):
            text = (
                f"即日即金 受け子 日給{i % 9 + 1}万 テレグラム @kasegu_{i % 50:03d}"
                if i % 3
                else "今日は晴れ"
            )
            fh.write(
                json.dumps({"id": str(i), "platform": "x", "text": text}, ensure_ascii=False) + "\n"
            )


def _scan_cmd(src: Path, url: str) -> list[str]:
    exe = Path(sys.executable).with_name("cyberpatrol")
    return [str(exe), "scan", "--db", url, "--batch-size", "100", str(src)]


@pytest.mark.slow
def test_kill_dash_nine_mid_file_then_resume(tmp_path: Path, store_url: str) -> None:
    src = tmp_path / "posts.jsonl"
    _write_posts(src)
    proc = subprocess.Popen(
        _scan_cmd(src, store_url), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    reported: list[str] = []
    deadline = time.monotonic() + 120
    while len(reported) < 1000 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported.append(json.loads(line)["id"])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 1000 <= len(reported) < POSTS, "the scan finished before it could be killed"

    with Store.open(store_url) as store:
        stored_after_crash = store.count_posts()
        # every post reported on stdout was committed before it was printed
        for post_id in reported[:: max(1, len(reported) // 50)] + reported[-1:]:
            assert store.get_post("x", post_id) is not None, post_id
    assert stored_after_crash >= len(reported)

    rerun = subprocess.run(_scan_cmd(src, store_url), capture_output=True, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert rerun.stdout.count(b"\n") == POSTS
    with Store.open(store_url) as store:
        assert store.count_posts() == POSTS
        summary = store.report()
        assert summary.total.scanned == POSTS
        assert summary.total.flagged == sum(1 for i in range(POSTS) if i % 3)
