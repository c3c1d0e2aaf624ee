"""read_image with real Tesseract on rendered flyers, and on every kind of bad file.

Known limitation (measured, not asserted): the packaged ``jpn`` model often reads
the kanji 闇 as 痢/閣/導, so 「闇バイト」 tests assert on 「バイト」 only.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image

from cyberpatrol.ocr import ImageText, OcrConfig, read_image, render_text_image
from cyberpatrol.ocr.reader import ALLOWED_FORMATS
from cyberpatrol.ocr.render import Background
from cyberpatrol.ocr.text import clean_ocr_text

RECRUIT = "高収入バイト\n受け子募集\n日給5万円\nテレグラム @white_job_88"
RECRUIT_WORDS = ["高収入バイト", "受け子募集", "日給5万円", "テレグラム", "@white_job_88"]
YAMI = "闇バイト\n即日即金\nホワイト案件"
YAMI_WORDS = ["バイト", "即日即金", "ホワイト案件"]
HANDOFF = "【急募】荷物を受け取るだけの簡単なお仕事\n報酬は即日手渡し\n詳細はDMまで"
HANDOFF_WORDS = ["急募", "荷物を受け取る", "簡単なお仕事", "報酬", "即日手渡し", "DM"]
WHITE = "ホワイト案件で即日即金！\n誰でもできる簡単作業\nLINE ID: kaitori_777"
WHITE_WORDS = ["ホワイト案件", "即日即金", "簡単作業", "LINE ID", "kaitori_777"]

CONFIG = OcrConfig()


def ocr(path: Path, config: OcrConfig = CONFIG, index: int = 1) -> ImageText:
    return read_image(str(path), index, config)


def assert_failed(result: ImageText, *reason: str) -> None:
    """No text, and a warning naming the image number, its path and each reason."""
    assert result.text == ""
    assert result.warning is not None
    assert result.warning.startswith(f"image {result.index} ")
    assert os.path.basename(result.path) in result.warning
    for part in reason:
        assert part in result.warning, result.warning


def png_header(width: int, height: int) -> bytes:
    """A valid PNG signature + IHDR claiming ``width`` x ``height`` (1-bit), no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


# --- reading text ------------------------------------------------------------------------

# (text, background, format, seed, words). Colour seeds: 2 = yellow on dark blue,
# 1 = red on pink, 0 = orange on black, 7 = white on green.
FLYERS = [
    pytest.param(RECRUIT, "plain", "PNG", 0, RECRUIT_WORDS, id="plain-png"),
    pytest.param(RECRUIT, "noise", "JPEG", 1, RECRUIT_WORDS, id="noise-jpeg"),
    pytest.param(RECRUIT, "color", "PNG", 2, RECRUIT_WORDS, id="yellow-on-blue-png"),
    pytest.param(YAMI, "color", "JPEG", 1, YAMI_WORDS, id="red-on-pink-jpeg"),
    pytest.param(YAMI, "gradient", "PNG", 0, YAMI_WORDS, id="gradient-png"),
    pytest.param(HANDOFF, "noise", "PNG", 3, HANDOFF_WORDS, id="noise-png"),
    pytest.param(HANDOFF, "gradient", "JPEG", 1, HANDOFF_WORDS, id="gradient-jpeg"),
    pytest.param(WHITE, "color", "JPEG", 7, WHITE_WORDS, id="white-on-green-jpeg"),
]


@pytest.mark.parametrize(("text", "background", "fmt", "seed", "words"), FLYERS)
def test_reads_key_words_of_rendered_flyers(
    tmp_path: Path, text: str, background: Background, fmt: str, seed: int, words: list[str]
) -> None:
    path = render_text_image(
        text,
        tmp_path / f"flyer.{fmt.lower()}",
        fmt=fmt,
        background=background,
        seed=seed,
    )
    result = ocr(path, index=3)
    assert result.warning is None
    assert (result.index, result.path) == (3, str(path))
    for word in words:
        assert word in result.text, f"{word!r} not in {result.text!r}"


def test_small_image_is_upscaled_and_read(tmp_path: Path) -> None:
    path = render_text_image(RECRUIT, tmp_path / "small.png", font_size=20, width=450)
    result = ocr(path)
    for word in RECRUIT_WORDS:
        assert word in result.text, f"{word!r} not in {result.text!r}"


def test_japanese_lines_come_back_without_spaces(tmp_path: Path) -> None:
    path = render_text_image(RECRUIT, tmp_path / "a.png")
    lines = ocr(path).text.splitlines()
    assert lines[:3] == ["高収入バイト", "受け子募集", "日給5万円"]
    assert lines[3].replace(" ", "") == "テレグラム@white_job_88"


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP", "TIFF", "MPO"])
def test_other_allowed_formats(tmp_path: Path, fmt: str) -> None:
    png = render_text_image(YAMI, tmp_path / "src.png", font_size=32, width=400)
    path = tmp_path / f"img.{fmt.lower()}"
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        if fmt == "MPO":  # the JPEG variant phone cameras write: two frames
            rgb.save(path, format="MPO", save_all=True, append_images=[rgb])
        else:
            rgb.save(path, format=fmt)
    result = ocr(path)
    assert result.warning is None
    assert "即日即金" in result.text


def test_animated_gif_first_frame_is_read(tmp_path: Path) -> None:
    png = render_text_image("即日即金", tmp_path / "src.png", font_size=32, width=400)
    with Image.open(png) as image:
        first = image.convert("RGB")
    blank = Image.new("RGB", first.size, "white")
    path = tmp_path / "anim.gif"
    first.save(path, save_all=True, append_images=[blank], duration=200, loop=0)
    assert "即日即金" in ocr(path).text


def test_transparent_png_is_flattened_on_white(tmp_path: Path) -> None:
    # Black text on a transparent background: its transparent pixels are black too,
    # so dropping the alpha channel would leave black on black.
    png = render_text_image("即日即金", tmp_path / "src.png", font_size=32, width=400)
    with Image.open(png) as image:
        ink = Image.eval(image.convert("L"), lambda v: 255 - v)
    rgba = Image.new("RGBA", ink.size, (0, 0, 0, 0))
    rgba.putalpha(ink)
    path = tmp_path / "alpha.png"
    rgba.save(path)
    assert "即日即金" in ocr(path).text


def test_relative_path_resolves_against_base_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "imgs").mkdir()
    render_text_image("即日即金", tmp_path / "imgs" / "a.png", font_size=32, width=400)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = read_image("imgs/a.png", 2, CONFIG, base_dir=tmp_path)
    assert result.path == "imgs/a.png"
    assert "即日即金" in result.text
    assert_failed(read_image("imgs/a.png", 2, CONFIG), "file not found")


def test_text_is_cut_to_max_chars(tmp_path: Path) -> None:
    path = render_text_image(HANDOFF, tmp_path / "a.png")
    result = ocr(path, OcrConfig(max_chars=8))
    assert len(result.text) <= 8
    assert result.text.startswith("【急募】")
    assert result.warning is not None and "cut to 8 characters" in result.warning


def test_empty_image_gives_no_text_and_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "white.png"
    Image.new("RGB", (300, 200), "white").save(path)
    assert ocr(path) == ImageText(1, str(path), "", None)


# --- tesseract failures ------------------------------------------------------------------


def test_timeout(tmp_path: Path) -> None:
    path = render_text_image(YAMI, tmp_path / "a.png")
    assert_failed(ocr(path, OcrConfig(timeout_s=0.001)), "timed out")


def test_unknown_language(tmp_path: Path) -> None:
    path = render_text_image(YAMI, tmp_path / "a.png", font_size=20, width=300)
    assert_failed(ocr(path, OcrConfig(lang="xxx")), "tesseract failed", "xxx")


def test_tesseract_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberpatrol.ocr import tesseract_available

    path = render_text_image(YAMI, tmp_path / "a.png", font_size=20, width=300)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert not tesseract_available()
    assert_failed(ocr(path), "tesseract is not installed")


# --- bad files ---------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert_failed(ocr(tmp_path / "nope.png", index=4), "file not found")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.png"
    folder.mkdir()
    assert_failed(ocr(folder), "is a directory")


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    results: list[ImageText] = []
    worker = threading.Thread(target=lambda: results.append(ocr(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "read_image blocked on a FIFO"
    assert_failed(results[0], "FIFO")


def test_device_behind_a_symlink(tmp_path: Path) -> None:
    link = tmp_path / "zero.png"
    link.symlink_to("/dev/zero")
    assert_failed(ocr(link), "is a device")


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "note.png"
    path.write_text("高収入バイト 受け子募集\n", encoding="utf-8")
    assert_failed(ocr(path), "not an image")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    assert_failed(ocr(path), "empty file")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image(tmp_path: Path, fmt: str) -> None:
    whole = render_text_image(RECRUIT, tmp_path / f"whole.{fmt.lower()}", fmt=fmt)
    data = whole.read_bytes()
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(data[: len(data) // 2])
    assert_failed(ocr(path), "corrupt or truncated", fmt)


def test_file_above_max_bytes(tmp_path: Path) -> None:
    path = render_text_image(YAMI, tmp_path / "a.png")
    size = path.stat().st_size
    assert_failed(ocr(path, OcrConfig(max_bytes=size - 1)), "file too large", str(size))


def test_image_above_max_pixels(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    path.write_bytes(png_header(8000, 6000))  # 48 Mpx > the 40 Mpx default
    assert_failed(ocr(path), "image too large", "8000x6000")


def test_decompression_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(20000, 20000))  # 400 Mpx: Pillow itself refuses it
    assert_failed(ocr(path, OcrConfig(max_pixels=10**9)), "decompression bomb")


def test_small_max_pixels_on_a_real_image(tmp_path: Path) -> None:
    path = render_text_image(YAMI, tmp_path / "a.png")
    assert_failed(ocr(path, OcrConfig(max_pixels=1000)), "image too large")


@pytest.mark.parametrize(("fmt", "ext"), [("PPM", "ppm"), ("ICO", "ico"), ("TGA", "tga")])
def test_unsupported_format(tmp_path: Path, fmt: str, ext: str) -> None:
    path = tmp_path / f"img.{ext}"
    Image.new("RGB", (64, 64), "white").save(path, format=fmt)
    assert fmt not in ALLOWED_FORMATS
    assert_failed(ocr(path), f"unsupported image format {fmt}")


def test_pdf_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "flyer.pdf"
    Image.new("RGB", (64, 64), "white").save(path, format="PDF")
    assert_failed(ocr(path), "not an image")


@pytest.mark.parametrize(("path", "reason"), [("", "empty path"), ("a\x00b.png", "invalid path")])
def test_invalid_paths(path: str, reason: str) -> None:
    result = read_image(path, 1, CONFIG)
    assert result.text == ""
    assert result.warning is not None and reason in result.warning


def test_control_characters_in_path_are_escaped_in_the_warning(tmp_path: Path) -> None:
    result = read_image("evil\x1b[31m.png", 1, CONFIG, base_dir=tmp_path)
    assert result.warning is not None
    assert "\x1b" not in result.warning
    assert "\\u001b" in result.warning


# --- configuration and text clean-up -----------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [{"workers": 0}, {"max_in_flight": 0}, {"timeout_s": 0}, {"psm": 14}, {"lang": "jpn -c x"}],
)
def test_config_rejects_bad_values(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="OcrConfig"):
        OcrConfig(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("高 収 入 バ イ ト", "高収入バイト"),
        ("日給 5 万円 即日 即金", "日給5万円即日即金"),
        ("テレグラム @white_job_88", "テレグラム @white_job_88"),
        ("LINE ID: kaitori 777", "LINE ID: kaitori 777"),
        ("受け子　募集", "受け子募集"),
        ("  一行目  \n\n\n 二行目\x0c\n", "一行目\n二行目"),
        ("即日\x1b[31m即金", "即日\n[31m即金"),
    ],
)
def test_clean_ocr_text(raw: str, clean: str) -> None:
    assert clean_ocr_text(raw, 1000) == (clean, False)


def test_clean_ocr_text_cuts() -> None:
    assert clean_ocr_text("即日即金\nホワイト案件", 6) == ("即日即金\nホ", True)
