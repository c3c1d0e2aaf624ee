"""The exported scorer, its model directory, and its explanations."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cyberpatrol.errors import ModelError
from cyberpatrol.learn.linear import META_FILE, NGRAM_FILE, LinearModel, resolve
from cyberpatrol.learn.train import TrainResult


def test_exported_scorer_matches_scikit_learn(trained: TrainResult) -> None:
    # train() compares the exported scorer with scikit-learn's own probabilities.
    assert trained.report["export_parity_max_abs_diff"] < 1e-9


def test_saved_model_scores_like_the_trained_one(trained: TrainResult, model_dir: Path) -> None:
    loaded = LinearModel.load(model_dir)
    assert loaded.version == trained.model.version
    dense = [0.0] * len(loaded.dense_weights)
    for text in ("受ケ子募集日給50000", "今日は雨", ""):
        assert loaded.score(text, dense).probability == pytest.approx(
            trained.model.score(text, dense).probability, abs=1e-12
        )


def test_model_directory_records_its_provenance(model_dir: Path) -> None:
    meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
    for key in ("model_version", "created_at", "seed", "params", "training_data", "metrics"):
        assert key in meta
    assert len(meta["training_data"]["sha256"]) == 64
    assert meta["training_data"]["positives"] > 0 < meta["training_data"]["negatives"]
    assert meta["metrics"]["cross_validation"]["roc_auc"] > 0.5


def test_loading_is_cached_per_process(model_dir: Path) -> None:
    assert LinearModel.load(model_dir) is LinearModel.load(model_dir)


def test_packaged_model_is_found_by_name() -> None:
    assert (resolve("recruitment") / META_FILE).is_file()
    assert LinearModel.load("recruitment").ngrams


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("missing", "not a model directory"),
        ("format", "not a cyberpatrol.recruitment-model"),
        ("version", "format version"),
        ("ngrams", "cannot read model"),
        ("dense", "malformed model"),
    ],
)
def test_broken_model_directories_fail_clearly(
    model_dir: Path, tmp_path: Path, breakage: str, message: str
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
    (broken / NGRAM_FILE).write_bytes((model_dir / NGRAM_FILE).read_bytes())
    if breakage == "format":
        meta["format"] = "something-else"
    elif breakage == "version":
        meta["format_version"] = 99
    elif breakage == "ngrams":
        (broken / NGRAM_FILE).write_bytes(gzip.compress(b"{not json"))
    elif breakage == "dense":
        meta["dense_weights"] = [1.0]
    if breakage != "missing":
        (broken / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        LinearModel.load(broken)


def test_spans_cover_the_words_with_positive_weight(trained: TrainResult) -> None:
    model = trained.model
    text = "ホワイト案件 受ケ子 日給50000 テレグラム"
    dense = [0.0] * len(model.dense_weights)
    s = model.score(text, dense)
    spans = model.spans(text, s, top=3)
    assert spans, "a recruitment text has spans that push the score up"
    assert all(sp.weight > 0 for sp in spans)
    assert [sp.weight for sp in spans] == sorted((sp.weight for sp in spans), reverse=True)
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text)
        assert not text[sp.start].isspace()
