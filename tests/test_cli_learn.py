"""`cyberpatrol train`, `evaluate` (new figures), `robustness` and `image-eval` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyberpatrol.cli import app
from cyberpatrol.learn.linear import META_FILE

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 8th post of the corpus in one file (all splits and kinds)."""
    out = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    lines = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        lines += path.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    return out


def _train(corpus: Path, out: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    res = runner.invoke(app, ["train", str(corpus), "--out", str(out), "--augment", "1", *extra])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_train_writes_a_versioned_model_and_is_reproducible(
    small_corpus: Path, tmp_path: Path
) -> None:
    first = _train(small_corpus, tmp_path / "a")
    second = _train(small_corpus, tmp_path / "b")
    meta = json.loads((tmp_path / "a" / META_FILE).read_text(encoding="utf-8"))
    assert meta["model_version"] == first["model_version"]
    assert meta["training_data"]["files"][0]["sha256"]
    assert first["dev"] == second["dev"]
    assert first["cross_validation"] == second["cross_validation"]
    assert first["model_version"] == second["model_version"]
    assert (tmp_path / "a" / "ngrams.json.gz").read_bytes() == (
        tmp_path / "b" / "ngrams.json.gz"
    ).read_bytes()


def test_evaluate_reports_curves_confusion_and_target_threshold(small_corpus: Path) -> None:
    res = runner.invoke(
        app,
        [
            "evaluate",
            "--split",
            "test",
            "--target-precision",
            "0.9",
            "--format",
            "json",
            str(small_corpus),
        ],
    )
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    for key in (
        "precision",
        "recall",
        "f1",
        "roc_auc",
        "pr_auc",
        "confusion",
        "by_kind",
        "by_group",
        "hard_negatives",
        "target_precision",
    ):
        assert key in report
    assert report["detectors"][0].startswith("recruitment.model@")
    assert 0.5 < report["roc_auc"] <= 1.0
    tp = report["target_precision"]
    assert tp["threshold"] is None or tp["precision"] >= 0.9
    table = runner.invoke(app, ["evaluate", "--split", "test", str(small_corpus)])
    assert "ROC-AUC" in table.stdout and "hard negatives" in table.stdout


def test_evaluate_lexicon_only_for_comparison(small_corpus: Path) -> None:
    res = runner.invoke(app, ["evaluate", "--lexicon-only", "--format", "json", str(small_corpus)])
    assert json.loads(res.stdout)["detectors"][0].startswith("recruitment.lexicon@")


def test_scan_uses_a_model_given_on_the_command_line(small_corpus: Path, tmp_path: Path) -> None:
    summary = _train(small_corpus, tmp_path / "m")
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "受け子募集 日給5万 テレグラム"}) + "\n")
    res = runner.invoke(app, ["scan", "--no-store", "--model", str(tmp_path / "m"), str(src)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert summary["model_version"] in out["detector"]


def test_train_refuses_unusable_data(tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "x", "label": 1}) + "\n")
    res = runner.invoke(app, ["train", str(src), "--out", str(tmp_path / "m")])
    assert res.exit_code == 2
    assert "both labels" in res.output


def test_robustness_reports_every_transform(small_corpus: Path) -> None:
    res = runner.invoke(app, ["robustness", "--format", "json", str(small_corpus)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert set(report["transforms"]) >= {"spaces", "romaji", "k_amounts", "lookalike"}
    for row in report["transforms"].values():
        assert {"recall", "false_positive_rate", "recall_drop", "fpr_rise", "ok"} <= set(row)


def test_robustness_unseen_slang(small_corpus: Path) -> None:
    res = runner.invoke(
        app, ["robustness", "--unseen-slang", "ud", "--format", "json", str(small_corpus)]
    )
    assert res.exit_code == 0, res.output
    ud = json.loads(res.stdout)["unseen_slang"]["ud"]
    assert ud["held_out_posts"] > 0
    assert "role.ud" in ud["lexicon_entries_removed"]
    assert ud["unseen"]["positives"] > 0


def test_robustness_rejects_unknown_names(small_corpus: Path) -> None:
    res = runner.invoke(app, ["robustness", "--transform", "nope", str(small_corpus)])
    assert res.exit_code == 2 and "nope" in res.output
