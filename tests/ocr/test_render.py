"""render_text_image: flyer-like images of Japanese text, deterministic per seed."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PIL import Image, ImageChops

from cyberpatrol.errors import ConfigError
from cyberpatrol.ocr import render_text_image
from cyberpatrol.ocr.render import BACKGROUNDS, Background, find_font

TEXT = "高収入バイト\n受け子募集\n日給5万円\nテレグラム @white_job_88"


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_renders_every_background_in_png_and_jpeg(
    tmp_path: Path, background: Background, fmt: str
) -> None:
    path = tmp_path / f"flyer.{fmt.lower()}"
    out = render_text_image(TEXT, path, fmt=fmt, background=background)
    assert out == path
    with Image.open(path) as image:
        assert image.format == fmt
        assert image.width == 900
        # Four lines at 40 px: taller than three, and the text left ink on it.
        assert image.height > 3 * 40
        lo, hi = cast("tuple[int, int]", image.convert("L").getextrema())
        assert hi - lo > 100


def test_same_seed_same_image_other_seed_other_image(tmp_path: Path) -> None:
    a = render_text_image(TEXT, tmp_path / "a.png", background="noise", seed=1)
    b = render_text_image(TEXT, tmp_path / "b.png", background="noise", seed=1)
    c = render_text_image(TEXT, tmp_path / "c.png", background="noise", seed=2)
    assert a.read_bytes() == b.read_bytes()
    with Image.open(a) as ia, Image.open(c) as ic:
        assert ImageChops.difference(ia.convert("RGB"), ic.convert("RGB")).getbbox() is not None


@pytest.mark.parametrize("seed", range(3))
def test_color_style_uses_colour(tmp_path: Path, seed: int) -> None:
    path = render_text_image(TEXT, tmp_path / "c.png", background="color", seed=seed)
    with Image.open(path) as image:
        _, saturation = cast("tuple[int, int]", image.convert("HSV").getchannel("S").getextrema())
    assert saturation > 100, "no coloured text or background"


def test_long_text_wraps_to_width(tmp_path: Path) -> None:
    short = render_text_image("即日即金", tmp_path / "s.png", width=400)
    long = render_text_image("即日即金" * 20, tmp_path / "l.png", width=400)
    with Image.open(short) as s, Image.open(long) as lg:
        assert lg.width == s.width == 400
        assert lg.height > 3 * s.height


def test_bold_font_is_found() -> None:
    assert find_font(bold=True).name == "NotoSansCJK-Bold.ttc"


def test_missing_font_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "NoSuchFont.ttc"
    with pytest.raises(ConfigError, match=r"font file not found.*fonts-noto-cjk"):
        render_text_image("闇バイト", tmp_path / "x.png", font_path=missing)


def test_unknown_background_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown background"):
        render_text_image("闇バイト", tmp_path / "x.png", background="neon")  # type: ignore[arg-type]
