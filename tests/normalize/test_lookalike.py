from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize.lookalike import LookalikeStep, load_lookalikes

from .helpers import check_row

STEP = LookalikeStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("telegrаm", "telegram", "telegram", "telegrаm"),
        ("ѕіgnаl", "signal", "signal", "ѕіgnаl"),
        ("whitej0b", "whitejob", "job", "j0b"),
        ("o9o-1234", "090-1234", "090", "o9o"),
        ("ア力ウント", "アカウント", "アカウント", "ア力ウント"),
        ("バイ卜", "バイト", "バイト", "バイ卜"),
        ("テレク口ス", "テレクロス", "ロ", "口"),
        ("バイ一ト", "バイート", "ート", "一ト"),
        ("サ-ビス", "サービス", "サービス", "サ-ビス"),
        # negatives
        ("ネット口座", "ネット口座", "", ""),
        ("統一一人", "統一一人", "", ""),
        ("привет", "привет", "", ""),
        ("mp3 b2b 100", "mp3 b2b 100", "", ""),
        ("バイト一回", "バイト一回", "", ""),
    ],
)
def test_lookalike(text: str, expected: str, term: str, original: str) -> None:
    check_row(STEP, text, expected, term, original)


def test_lookalike_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "lookalikes.toml"
    bad.write_text('[latin]\n"аа" = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_lookalikes(bad)
