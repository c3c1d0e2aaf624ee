"""The command line, run in-process: output contract, bad input, store, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyberpatrol.cli import app
from cyberpatrol.store import Store

EXAMPLES = Path(__file__).parent.parent / "examples"
runner = CliRunner()


def _write(tmp_path: Path, name: str, lines: list[str | bytes]) -> Path:
    p = tmp_path / name
    p.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    return p


def _post(i: int, text: str = "今日はいい天気") -> str:
    return json.dumps({"id": str(i), "platform": "x", "text": text}, ensure_ascii=False)


def test_scan_outputs_one_object_per_post_in_input_order(tmp_path: Path) -> None:
    src = _write(tmp_path, "p.jsonl", [_post(i) for i in range(5)])
    res = runner.invoke(app, ["scan", "--no-store", str(src)])
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["0", "1", "2", "3", "4"]
    for r in rows:
        assert set(r) >= {"id", "flagged", "score", "category", "evidence", "indicators"}
        assert r["flagged"] is False and r["category"] is None
    assert "accepted 5, rejected 0" in res.stderr


def test_scan_flags_and_explains_a_recruitment_post(tmp_path: Path) -> None:
    text = "【急募】ホワイト案件 受け子 日給10万 即日即金 テレグラム @kasegu_777 まで"
    src = _write(tmp_path, "p.jsonl", [_post(1, text)])
    res = runner.invoke(app, ["scan", "--no-store", str(src)])
    row = json.loads(res.stdout)
    assert row["flagged"] is True
    assert row["category"] == "crime_recruitment"
    assert row["score"] >= 0.5
    assert {e["text"] for e in row["evidence"]} >= {"受け子", "ホワイト案件"}
    for e in row["evidence"]:
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"type": "telegram", "value": "kasegu_777"}.items() <= next(
        i for i in row["indicators"] if i["type"] == "telegram"
    ).items()


def test_bad_lines_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    src = _write(
        tmp_path,
        "mixed.jsonl",
        [
            _post(1),
            "{broken json",
            json.dumps({"text": "no id"}),
            _post(4),
            b'{"id": "5", "text": "\xff"}',
        ],
    )
    res = runner.invoke(app, ["scan", "--no-store", str(src)])
    assert res.exit_code == 0
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["1", "4"]
    assert f"{src}:2: rejected:" in res.stderr
    assert f"{src}:3: rejected:" in res.stderr and '"id"' in res.stderr
    assert f"{src}:5: rejected:" in res.stderr
    assert "accepted 2, rejected 3" in res.stderr
    strict = runner.invoke(app, ["scan", "--no-store", "--strict", str(src)])
    assert strict.exit_code == 1


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    src = _write(tmp_path, "bad.jsonl", ["{nope", "[1, 2]"])
    res = runner.invoke(app, ["scan", "--no-store", str(src)])
    assert res.exit_code == 1
    missing = runner.invoke(app, ["scan", "--no-store", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 1


def test_oversized_text_is_truncated_with_a_warning(tmp_path: Path) -> None:
    src = _write(tmp_path, "big.jsonl", [_post(1, "あ" * 5000)])
    res = runner.invoke(app, ["scan", "--no-store", "--max-text-chars", "1000", str(src)])
    assert res.exit_code == 0
    row = json.loads(res.stdout)
    assert row["truncated_from"] == 5000
    assert "warning" in res.stderr and "truncat" in res.stderr


def test_examples_bad_input_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["scan", "--no-store", str(EXAMPLES / "bad_input.jsonl")])
    assert res.exit_code == 0
    assert res.stdout.count("\n") >= 4
    assert "rejected" in res.stderr


def test_rescanning_the_same_file_never_duplicates(tmp_path: Path, store_url: str) -> None:
    src = EXAMPLES / "posts.csv"
    for _ in range(2):
        res = runner.invoke(app, ["scan", "--db", store_url, str(src)])
        assert res.exit_code == 0, res.stderr
    with Store.open(store_url) as store:
        assert store.count_posts() == 30
        summary = store.report()
    assert summary.total.scanned == 30
    assert summary.imports.runs == 2
    rep = runner.invoke(app, ["report", "--db", store_url, "--format", "json"])
    assert rep.exit_code == 0
    data = json.loads(rep.stdout)
    assert data["total"]["scanned"] == 30
    assert sum(v["scanned"] for v in data["by_platform"].values()) == 30


def test_table_format_escapes_hostile_markup(tmp_path: Path) -> None:
    text = "[bold red]受け子[/] 日給10万 即日即金 テレグラム [link=http://evil.example]x[/link]"
    src = _write(tmp_path, "p.jsonl", [_post(1, text)])
    res = runner.invoke(app, ["scan", "--no-store", "--format", "table", str(src)])
    assert res.exit_code == 0
    assert "[bold red]" in res.stdout  # shown literally, not interpreted
    assert "[link=http://evil.example]" in res.stdout


def test_unknown_config_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "engine.toml"
    bad.write_text("threshold = 3\n[[detector]]\nname='recruitment.lexicon'\n")
    src = _write(tmp_path, "p.jsonl", [_post(1)])
    res = runner.invoke(app, ["scan", "--no-store", "--config", str(bad), str(src)])
    assert res.exit_code == 2
    assert "threshold" in res.stderr


@pytest.mark.parametrize("command", ["scan", "report", "evaluate", "normalize", "detectors"])
def test_every_command_has_help(command: str) -> None:
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0
    assert len(res.stdout) > 100


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for cmd in app.registered_commands:
        name = cmd.name or (cmd.callback.__name__ if cmd.callback else "")
        if name in ("version",):
            continue
        assert f"cyberpatrol {name}" in readme, name
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for cmd in group.typer_instance.registered_commands:
            name = cmd.name or (cmd.callback.__name__ if cmd.callback else "")
            assert f"cyberpatrol {group.name} {name}" in readme, f"{group.name} {name}"


def test_a_scan_without_images_never_loads_the_ocr_libraries(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = _write(tmp_path, "p.jsonl", [_post(1), _post(2, "受け子募集 日給5万")])
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cyberpatrol.cli import app\n"
        f"res = CliRunner().invoke(app, ['scan', '--no-store', {str(src)!r}])\n"
        "assert res.exit_code == 0, res.output\n"
        "print('pytesseract' in sys.modules, 'PIL.Image' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
