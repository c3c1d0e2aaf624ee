"""``cyberpatrol campaigns``, ``evaluate-campaigns`` and ``graph …``, run in-process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from cyberpatrol.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "posts.jsonl"
runner = CliRunner()


def lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def post(pid: str, text: str, author: str, day: int = 1) -> str:
    return json.dumps(
        {
            "id": pid,
            "platform": "x",
            "author": author,
            "created_at": f"2026-10-{day:02d}T12:00:00+09:00",
            "text": text,
        },
        ensure_ascii=False,
    )


RECRUIT = "【即日即金】ホワイト案件、受け子募集。日給5万。"


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    rows = [
        post("1", RECRUIT + "テレグラム: @kasegu_777", "acct_a", 1),
        post(
            "2", "高収入バイト 即日払い 闇バイトじゃないよ 連絡は ｔ．ｍｅ／kasegu_777", "acct_b", 2
        ),
        post("3", RECRUIT + "連絡は 〇九〇・〇〇〇〇・一二三四", "acct_c", 3),
        post(
            "4",
            "【高額】UD配達 受け子 即日即金のホワイト案件 日給5万 電話 090-0000-1234 まで",
            "acct_d",
            4,
        ),
        post("5", "今日はいい天気ですね。公園を散歩しました。", "acct_e", 5),
        '{"id": "bad", "text": ',
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_no_store_groups_posts_and_explains_why(posts: Path) -> None:
    res = runner.invoke(app, ["campaigns", "--no-store", str(posts)])
    assert res.exit_code == 0, res.stderr
    out = lines(res.stdout)
    members = sorted(sorted(c["members"]) for c in out)  # type: ignore[type-var]
    assert members == [["1", "2"], ["3", "4"]]
    for c in out:
        assert set(c) >= {"campaign", "members", "authors", "indicators", "why"}
        assert c["why"][0]["rule"] == "shared_contact"  # type: ignore[index]
    phone = next(c for c in out if "3" in c["members"])  # type: ignore[operator]
    assert phone["indicators"][0] == {"type": "phone", "value": "+819000001234", "posts": 2}  # type: ignore[index]
    assert "posts.jsonl:6: rejected" in res.stderr


def test_store_mode_is_incremental_and_idempotent(posts: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    first = runner.invoke(app, ["campaigns", "--db", db, str(posts)])
    assert first.exit_code == 0, first.stderr
    again = runner.invoke(app, ["campaigns", "--db", db, str(posts)])
    assert again.exit_code == 0, again.stderr
    assert lines(again.stdout) == lines(first.stdout)
    assert "grouped 0 new posts" in again.stderr
    more = tmp_path / "more.jsonl"
    more.write_text(post("9", RECRUIT + "急募 テレ: kasegu_777 へ", "acct_z", 9) + "\n")
    res = runner.invoke(app, ["campaigns", "--db", db, str(more)])
    assert res.exit_code == 0, res.stderr
    (grown,) = lines(res.stdout)
    assert sorted(grown["members"]) == ["1", "2", "9"]  # type: ignore[arg-type]
    everything = runner.invoke(app, ["campaigns", "--db", db])
    assert len(lines(everything.stdout)) == 2


def test_graph_commands_answer_from_the_store(posts: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert runner.invoke(app, ["campaigns", "--db", db, str(posts)]).exit_code == 0
    res = runner.invoke(
        app, ["graph", "indicator", "phone", "０９０ー００００ー１２３４", "--db", db]
    )
    assert res.exit_code == 0, res.stderr
    view = json.loads(res.stdout)
    assert view["indicator"]["value"] == "+819000001234"
    assert sorted(p["external_id"] for p in view["posts"]) == ["3", "4"]
    assert view["accounts"] == ["x:acct_c", "x:acct_d"]

    res = runner.invoke(app, ["graph", "account", "x:acct_a", "--db", db])
    assert res.exit_code == 0, res.stderr
    assert len(json.loads(res.stdout)["campaigns"]) == 1

    res = runner.invoke(app, ["graph", "shared", "--db", db])
    shared = lines(res.stdout)
    assert {(s["type"], s["value"]) for s in shared} >= {
        ("telegram", "kasegu_777"),
        ("phone", "+819000001234"),
    }
    assert all(s["accounts"] >= 2 for s in shared)

    res = runner.invoke(app, ["graph", "bridges", "--db", db])
    assert res.exit_code == 0 and lines(res.stdout) == []

    key = json.loads(runner.invoke(app, ["graph", "account", "x:acct_a", "--db", db]).stdout)[
        "campaigns"
    ][0]["key"]
    graphml = runner.invoke(app, ["graph", "campaign", key, "--export", "graphml", "--db", db])
    g = nx.parse_graphml(graphml.stdout)
    assert {d["kind"] for _, d in g.nodes(data=True)} >= {"post", "account", "indicator"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(app, ["graph", "campaign", key, "--export", "csv", "--db", db]).stdout
            )
        )
    )
    assert {r["relation"] for r in rows} >= {"posted", "mentions", "member"}
    data = json.loads(
        runner.invoke(app, ["graph", "campaign", key, "--export", "json", "--db", db]).stdout
    )
    assert data["nodes"] and data["edges"]


def test_graph_errors_are_clear(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e.db'}"
    res = runner.invoke(app, ["graph", "indicator", "phone", "12", "--db", db])
    assert res.exit_code == 2 and "not a phone number" in res.stderr
    res = runner.invoke(app, ["graph", "indicator", "telegram", "kasegu_777", "--db", db])
    assert res.exit_code == 1 and "not found" in res.stderr
    res = runner.invoke(app, ["graph", "account", "nocolon", "--db", db])
    assert res.exit_code == 2 and "platform:author" in res.stderr
    res = runner.invoke(app, ["campaigns", "--no-store"])
    assert res.exit_code == 2


def test_evaluate_campaigns_reports_pairwise_scores(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "a",
            "text": RECRUIT + "テレ: kasegu_777",
            "campaign": "op1",
            "lookalike_group": "g",
        },
        {
            "id": "b",
            "text": "受け子募集 t.me/kasegu_777",
            "campaign": "op1",
            "lookalike_group": "g",
        },
        {"id": "c", "text": RECRUIT + "テレ: other_999", "campaign": "op2", "lookalike_group": "g"},
        {"id": "d", "text": "受け子 t.me/other_999", "campaign": "op2", "lookalike_group": "g"},
        {"id": "e", "text": "今日はいい天気", "campaign": None},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    res = runner.invoke(app, ["evaluate-campaigns", "--format", "json", str(path)])
    assert res.exit_code == 0, res.stderr
    (m,) = lines(res.stdout)
    assert (m["true_pairs"], m["correct_pairs"], m["predicted_pairs"]) == (2, 2, 2)
    assert (m["precision"], m["recall"], m["lookalike_merges"]) == (1.0, 1.0, 0)
    table = runner.invoke(app, ["evaluate-campaigns", str(path)])
    assert "1.000" in table.stdout
