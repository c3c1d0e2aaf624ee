"""The lexicon detector on real-style Japanese posts: positives, disguises, hard negatives."""

from __future__ import annotations

import pytest

from cyberpatrol.detectors.recruitment import RecruitmentLexiconDetector
from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.model import Item


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The lexicon detector alone, at its own threshold (0.5 on its logistic score)."""
    config = EngineConfig.load().lexicon_only()
    return Engine(EngineConfig(0.5, config.max_text_chars, config.detectors))


POSITIVES = [
    # explicit
    "【急募】闇バイト 受け子 日給10万 即日即金 詳細はテレグラムで",
    # vague white job with contact migration
    "ホワイト案件です！即日即金、誰でもできる簡単作業。興味ある人はDMください",
    # role words + high reward (the IHC test)
    "荷物の受け取りと運びだけで1回5万円。身分証の写真送れる人だけ連絡ください",
    "UD募集 日当8万 捕まらない 秘密厳守 @kasegu_777 まで",
    # account sales
    "口座買取します。1口座3万円、即日振込。名義貸しもOK。LINEで連絡",
    # overseas lure
    "海外で簡単作業、渡航費負担、パスポートだけでOK。月収100万以上可能",
    # obfuscated: spaces, hiragana, half-width, emoji, kanji amounts
    "闇 バ イ ト 募 集 日給十万 テ レ グ ラ ム で 連 絡",
    "うけこ ぼしゅう 💰即日即金💰 しぐなるで",
    "ﾎﾜｲﾄ案件 ｿｸｼﾞﾂｿｸｷﾝ ﾃﾚｸﾞﾗﾑ",
    "⚪️案件 100k 即払い 秘密厳守 詳細はDMで",
]

NEGATIVES = [
    # news quoting slang
    "特殊詐欺の受け子をしたとして、警察は20歳の男を逮捕した。男は「SNSで高額報酬の闇バイトに応募した」と供述している。",
    # awareness
    "【注意】「ホワイト案件」「即日即金」などの闇バイトは犯罪です。迷ったら#9110に相談してください。",
    # legitimate job ad with employer details
    "株式会社サンプル運輸 配送ドライバー募集 日給1万2千円 日払い可 勤務地:東京都江東区 勤務時間8:00-17:00 社会保険完備 面接随時",
    # innocent chat
    "明日の会議の叩き台を作りました。荷物の受け取りは午後でお願いします。",
    "フリーランスの高額案件、単価が上がってきた。今月も頑張ろう",
    "ドラマで受け子役を演じた俳優さん、演技うまかったな",
    "今日はラーメン食べた。美味しかった！",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_flags_recruitment_posts(engine: Engine, text: str) -> None:
    result = engine.analyze(Item(id="p", text=text))
    assert result.flagged, (result.score, [e.reason for e in result.evidence])
    assert result.category == "crime_recruitment"
    assert result.evidence


@pytest.mark.parametrize("text", NEGATIVES)
def test_does_not_flag_hard_negatives(engine: Engine, text: str) -> None:
    result = engine.analyze(Item(id="n", text=text))
    assert not result.flagged, (
        result.score,
        result.findings[0].explanation if result.findings else (),
    )
    assert result.category is None


def test_single_word_alone_does_not_flag(engine: Engine) -> None:
    assert not engine.analyze(Item(id="w", text="受け子")).flagged


def test_evidence_points_into_the_original_text(engine: Engine) -> None:
    text = "今なら闇 バ イ ト 日給十万です"
    result = engine.analyze(Item(id="e", text=text))
    assert result.flagged
    for ev in result.evidence:
        assert text[ev.start : ev.end] == ev.text
    spans = {ev.text for ev in result.evidence}
    assert "闇 バ イ ト" in spans
    disguised = next(ev for ev in result.evidence if ev.text == "闇 バ イ ト")
    assert "separators" in disguised.steps
    assert "挿入された空白" in disguised.reason


def test_amount_evidence_carries_the_parsed_value(engine: Engine) -> None:
    result = engine.analyze(Item(id="a", text="受け子募集 日給十万 即日"))
    amount = [ev for ev in result.evidence if "100,000円" in ev.reason]
    assert amount, [ev.reason for ev in result.evidence]
    assert amount[0].text.startswith("日給")


def test_counter_signals_are_explained(engine: Engine) -> None:
    result = engine.analyze(Item(id="c", text=NEGATIVES[0]))
    assert result.findings
    assert any(ev.weight < 0 for ev in result.findings[0].evidence)


def test_ascii_terms_match_whole_words_only(engine: Engine) -> None:
    # "ud" must not be found inside "cloud" or "loud"
    result = engine.analyze(Item(id="u", text="I love cloud computing, it's loud"))
    assert not result.findings


def test_score_is_a_probability(engine: Engine) -> None:
    for text in POSITIVES + NEGATIVES:
        r = engine.analyze(Item(id="s", text=text))
        assert 0.0 <= r.score <= 1.0


@pytest.mark.parametrize(
    ("text", "span", "steps"),
    [
        ("受け子募集 日給10万 即日即金", "受け子", ()),  # written as in the lexicon: no disguise
        ("受.け.子募集 日給10万 即日即金", "受.け.子", ("splits",)),  # "." next to a lone character
        ("ｳｹｺ募集 日給10万 即日即金", "ｳｹｺ", ("nfkc",)),
    ],
)
def test_evidence_names_only_the_disguises_undone(
    engine: Engine, text: str, span: str, steps: tuple[str, ...]
) -> None:
    result = engine.analyze(Item(id="d", text=text))
    ev = next(e for e in result.evidence if e.text == span)
    assert ev.steps == steps


def test_a_reading_does_not_depend_on_the_posts_read_before(engine: Engine) -> None:
    """Rule outcomes and reasons are kept per detector once worked out: order is moot."""
    texts = POSITIVES + NEGATIVES
    docs = [engine.document(Item(id=str(i), text=t)) for i, t in enumerate(texts)]

    def read(order: list[int]) -> dict[int, tuple[object, ...]]:
        detector = RecruitmentLexiconDetector(pipeline=engine.pipeline)
        out: dict[int, tuple[object, ...]] = {}
        for i in order:
            a = detector.assess(docs[i])
            evidence = detector.evidence(docs[i], a) if a.hits else ()
            out[i] = (a.hits, a.raw, a.explanation, a.weights, a.signals, a.rules, evidence)
        return out

    forward = read(list(range(len(docs))))
    assert forward == read(list(reversed(range(len(docs)))))
    assert any(row[5] for row in forward.values())
