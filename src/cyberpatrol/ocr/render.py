"""Render Japanese text into an image, the way recruiters post flyers.

Used by the tests and by image evaluation: a known text goes in, an image like
the ones found on social media comes out (plain white, speckled, coloured or
gradient background), deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from cyberpatrol.errors import ConfigError

Background = Literal["plain", "noise", "color", "gradient"]
BACKGROUNDS: tuple[Background, ...] = ("plain", "noise", "color", "gradient")

FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
)
"""Where Debian, Arch and Fedora put the Noto CJK fonts (package fonts-noto-cjk)."""

_FONT_FILES = {False: "NotoSansCJK-Regular.ttc", True: "NotoSansCJK-Bold.ttc"}
_JP_FACE = 0
"""Index of "Noto Sans CJK JP" inside the .ttc collection."""

# (background, text) colour pairs of the "color" style: flyer-like, readable.
_COLOR_PAIRS: tuple[tuple[tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((16, 32, 96), (255, 230, 0)),  # yellow on dark blue
    ((255, 205, 215), (200, 0, 20)),  # red on pink
    ((0, 110, 50), (255, 255, 255)),  # white on green
    ((20, 20, 20), (255, 140, 0)),  # orange on black
    ((255, 240, 120), (30, 30, 160)),  # dark blue on yellow
)
# (top colour, bottom colour, text colour) of the "gradient" style.
_GRADIENTS: tuple[tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((255, 255, 255), (150, 200, 255), (10, 10, 60)),
    ((255, 250, 210), (255, 170, 120), (90, 0, 0)),
    ((230, 255, 230), (120, 200, 150), (0, 40, 0)),
)


def find_font(*, bold: bool = False) -> Path:
    """The Noto Sans CJK font file; :class:`ConfigError` when it is not installed."""
    name = _FONT_FILES[bold]
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(d) for d in FONT_DIRS)
    raise ConfigError(
        f"CJK font {name} not found (looked in {looked}); install the fonts-noto-cjk package",
        path=name,
    )


def _load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The Japanese face of the font file at ``path``."""
    if not path.is_file():
        raise ConfigError("font file not found; install the fonts-noto-cjk package", path=str(path))
    index = _JP_FACE if path.suffix.lower() == ".ttc" else 0
    try:
        return ImageFont.truetype(str(path), size, index=index)
    except OSError as exc:
        raise ConfigError(f"cannot load font: {exc}", path=str(path)) from exc


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels.

    Japanese has no spaces, so lines break between any two characters; an
    explicit newline always starts a new line.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for ch in paragraph:
            if line and font.getlength(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    """A vertical gradient from ``top`` to ``bottom``."""
    w, h = size
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / max(1, h - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize((w, h), Image.Resampling.NEAREST)


def _speckle(image: Image.Image, rng: random.Random) -> None:
    """Sprinkle grey dots and short strokes over ``image`` (paper/photo noise)."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    for _ in range(w * h // 150):
        x, y = rng.randrange(w), rng.randrange(h)
        grey = rng.randrange(120, 230)
        r = rng.choice((0, 0, 1))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(grey, grey, grey))
    for _ in range(w * h // 20000):
        x, y = rng.randrange(w), rng.randrange(h)
        grey = rng.randrange(150, 220)
        draw.line((x, y, x + rng.randrange(-30, 30), y + rng.randrange(-30, 30)), fill=(grey,) * 3)


def render_text_image(
    text: str,
    path: Path,
    *,
    fmt: str = "PNG",
    background: Background = "plain",
    font_size: int = 40,
    width: int = 900,
    seed: int = 0,
    bold: bool = False,
    font_path: Path | None = None,
) -> Path:
    """Draw ``text`` (several lines, wrapped to ``width`` pixels) into an image at ``path``.

    ``background``: ``"plain"`` black on white, ``"noise"`` black on a speckled
    light background, ``"color"`` coloured text on a coloured background (the pair
    chosen by ``seed``), ``"gradient"`` dark text on a vertical gradient.
    ``fmt`` is any format Pillow writes (PNG, JPEG, WEBP, ...). ``font_path``
    overrides the installed Noto Sans CJK font. Returns ``path``.

    Raises :class:`~cyberpatrol.errors.ConfigError` when the font is missing.
    """
    if background not in BACKGROUNDS:
        raise ValueError(f"unknown background {background!r}; one of {', '.join(BACKGROUNDS)}")
    if font_size < 4 or width < font_size:
        raise ValueError(f"font_size {font_size} / width {width} too small")
    font = _load_font(font_path or find_font(bold=bold), font_size)
    rng = random.Random(seed)
    margin = font_size // 2 + 10
    line_height = round(font_size * 1.45)
    lines = _wrap(text, font, width - 2 * margin)
    size = (width, 2 * margin + line_height * len(lines))

    ink: tuple[int, int, int]
    if background == "plain":
        image, ink = Image.new("RGB", size, (255, 255, 255)), (0, 0, 0)
    elif background == "noise":
        image, ink = Image.new("RGB", size, (245, 242, 235)), (10, 10, 10)
        _speckle(image, rng)
    elif background == "color":
        paper, ink = _COLOR_PAIRS[rng.randrange(len(_COLOR_PAIRS))]
        image = Image.new("RGB", size, paper)
    else:
        top, bottom, ink = _GRADIENTS[rng.randrange(len(_GRADIENTS))]
        image = _gradient(size, top, bottom)

    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_height), line, font=font, fill=ink)
    path = Path(path)
    save_kwargs: dict[str, int] = {"quality": 85} if fmt.upper() in ("JPEG", "JPG", "WEBP") else {}
    image.save(path, format=fmt, **save_kwargs)
    return path
