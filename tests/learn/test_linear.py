"""The exported scorer, its model directory, and its explanations."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from cyberpatrol.errors import ModelError
from cyberpatrol.learn.features import ngram_counts
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


def _reference_probability(model: LinearModel, text: str) -> float:
    """TF-IDF (sublinear tf, L2) · weights, written out the slow, obvious way."""
    counts = ngram_counts(text, model.spec.ngram_min, model.spec.ngram_max)
    values = {
        g: (1.0 + math.log(tf)) * model.ngrams[g][0]
        for g, tf in counts.items()
        if g in model.ngrams
    }
    norm = math.sqrt(sum(v * v for v in values.values()))
    dot = sum(v * model.ngrams[g][1] for g, v in values.items()) / norm if norm else 0.0
    a, b = model.calibration
    return 1.0 / (1.0 + math.exp(-(a * (model.intercept + dot) + b)))


@pytest.mark.parametrize(
    "text",
    [
        "受け子受け子受け子 募集募集 日給日給",  # n-grams occurring several times
        "  ホワイト案件\n\n\t即日  即金  ",  # white space runs, leading and trailing
        "ａｂｃ abc ABC 123 ！！！",
        "",
    ],
)
def test_scorer_equals_the_written_out_formula(trained: TrainResult, text: str) -> None:
    model = trained.model
    dense = [0.0] * len(model.dense_weights)
    assert model.score(text, dense).probability == pytest.approx(
        _reference_probability(model, text), abs=1e-12
    )


def test_a_model_without_ngrams_scores_on_dense_features(trained: TrainResult) -> None:
    m = trained.model
    bare = LinearModel(m.spec, {}, m.dense_weights, m.intercept, m.calibration)
    s = bare.score("受け子募集", [0.0] * len(m.dense_weights))
    assert s.norm == 0.0 and s.ngram_part == 0.0
    assert bare.spans("受け子募集", s) == []


def test_spans_map_through_collapsed_white_space(trained: TrainResult) -> None:
    model = trained.model
    text = "\n  ホワイト案件   受ケ子\n\n日給50000  "
    s = model.score(text, [0.0] * len(model.dense_weights))
    spans = model.spans(text, s, top=5)
    assert spans
    for sp in spans:
        piece = text[sp.start : sp.end]
        assert piece == piece.strip() and piece
        assert "  " not in piece and "\n\n" not in piece


def test_spans_inside_known_evidence_are_left_out(trained: TrainResult) -> None:
    model = trained.model
    text = "ホワイト案件 受ケ子 日給50000 テレグラム"
    s = model.score(text, [0.0] * len(model.dense_weights))
    every = model.spans(text, s, top=10)
    first = every[0]
    rest = model.spans(text, s, top=10, known=[(first.start, first.end)])
    assert first not in rest
    assert rest == [sp for sp in every if sp != first]
    # A known span that only overlaps a stretch does not hide it.
    partial = model.spans(text, s, top=10, known=[(first.start + 1, first.end)])
    assert first in partial
