"""The learned detector: probability as score, lexicon evidence kept, learned spans
mapped back to the original text through the normaliser's offset map."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.errors import ConfigError, ModelError
from cyberpatrol.model import Item


@pytest.fixture(scope="module")
def model_engine() -> Engine:
    return Engine(EngineConfig.load())


def _learned(result_evidence: tuple) -> list:  # type: ignore[type-arg]
    return [e for e in result_evidence if e.signal == "model.ngrams"]


def test_default_engine_runs_the_shipped_model(model_engine: Engine) -> None:
    assert [d.name for d in model_engine.detectors] == ["recruitment.model"]


def test_flagged_post_has_lexicon_and_learned_evidence(model_engine: Engine) -> None:
    text = (
        "【即日即金】ホワイト案件！受け子できる人募集。日給5万円、詳細はテレグラム @white_88 まで"
    )
    r = model_engine.analyze(Item(id="1", text=text))
    assert r.flagged and r.score > 0.9
    learned = _learned(r.evidence)
    lexical = [e for e in r.evidence if e.signal != "model.ngrams"]
    assert learned and lexical
    for e in r.evidence:
        assert text[e.start : e.end] == e.text
    assert any("学習モデル" in line for line in r.findings[0].explanation)


def test_learned_spans_point_into_the_disguised_original(model_engine: Engine) -> None:
    text = "ｳｹｺ 募集 日給 ５ 万！ 受 け 子 やれる人 テ レ グ ラ ム で"
    r = model_engine.analyze(Item(id="2", text=text))
    assert r.flagged
    for e in _learned(r.evidence):
        assert text[e.start : e.end] == e.text
        assert e.text.strip() == e.text and e.text
    # The half-width 「ｳｹｺ」 is read as 受け子 and pushes the score: it is shown as written.
    assert any("ｳｹｺ" in e.text or "受 け 子" in e.text for e in r.evidence)


def test_quiet_post_scores_low_and_is_not_explained(model_engine: Engine) -> None:
    r = model_engine.analyze(Item(id="3", text="今日は雨なので家でカレーを作りました"))
    assert not r.flagged and r.score < 0.2
    assert not _learned(r.evidence)


def test_awareness_post_quoting_the_slang_is_not_flagged(model_engine: Engine) -> None:
    text = (
        "【県警からのお知らせ】「ホワイト案件」「即日即金」などとうたう求人は闇バイトです。"
        "受け子・出し子は犯罪です。応募してしまったら #9110 に相談を。"
    )
    assert not model_engine.analyze(Item(id="4", text=text)).flagged


def test_model_option_selects_another_directory(model_dir: Path) -> None:
    engine = Engine(EngineConfig.load().with_model(model_dir))
    (detector,) = engine.detectors
    assert detector.version.startswith(engine.detectors[0].version.split("+")[0])
    assert str(model_dir) in str(detector.model.where)


def test_missing_model_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a model directory"):
        Engine(EngineConfig.load().with_model(tmp_path / "nope"))


def test_model_option_needs_the_model_detector() -> None:
    with pytest.raises(ConfigError, match=r"recruitment\.model"):
        EngineConfig.load().lexicon_only().with_model("x/y")
