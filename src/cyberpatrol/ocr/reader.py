"""Read the Japanese text hidden in a post's images, with Tesseract.

:func:`read_image` never raises for bad input: a missing file, a directory or
FIFO, an oversized file, something that is not an image, an unsupported
format, a decompression bomb, a Tesseract failure or timeout each come back
as an :class:`ImageText` with empty ``text`` and a ``warning`` that names the
image (its number in the post and its path) and the reason.

The file is checked with ``os.stat`` before it is opened, opened
non-blocking (a FIFO swapped in meanwhile cannot hang the reader), checked
again with ``fstat`` and read into memory with a size cap; Pillow parses only
those bytes, and only the formats in :data:`ALLOWED_FORMATS` are decoded.

Tesseract runs as a subprocess (through pytesseract, ``--psm 6``) on a
preprocessed copy: alpha flattened on white, grayscale, enlarged when small,
3x3 median filter (removes speckle noise), autocontrast, light-on-dark turned
into dark-on-light. Measured on 66 rendered flyers (plain, speckled, coloured,
gradient; PNG and JPEG; 440 key words): 399 key words read from the raw colour
image, 405 from grayscale, 411 with the median filter, 418 with upscaling of
small images too; speckled images alone went from 94 to 114 of 120.
Autocontrast and inversion read the same words but save ~9 % of the time on
light-on-dark images (Tesseract no longer retries them inverted). PSM 3, 4
and 6 read the same on simple flyers; on captions over a busy photo PSM 6
read 19 of 40 key words, PSM 3 only 13.

Limitations: the ``jpn`` model often misreads the kanji 闇 (as 痢, 閣, 導);
white text with a dark outline over a photo is read poorly.

Side effect: unless ``OMP_THREAD_LIMIT`` is already set, the first OCR call
(or :class:`~cyberpatrol.ocr.pool.OcrPool`) sets it to
``OcrConfig.tesseract_threads`` (1) in this process's environment, which the
Tesseract subprocesses inherit: with OpenMP threads a typical image took
0.35 s instead of 0.21 s here, and parallel Tesseract processes fight for the
same cores.

Pillow itself prints one ``DecompressionBombWarning`` for an image above its
own limit (89 Mpx) before :attr:`OcrConfig.max_pixels` rejects it; above
twice that limit Pillow refuses to open it, which is reported as a warning.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from cyberpatrol.ingest.validate import excerpt
from cyberpatrol.ocr.text import clean_ocr_text

_OPEN_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF")
"""The Pillow plugins tried, in this order, on an image's bytes."""
ALLOWED_FORMATS = frozenset((*_OPEN_FORMATS, "MPO"))
"""Image formats that are decoded. MPO is the JPEG variant many phone cameras
write (Pillow's JPEG plugin returns it); for GIF, WEBP, TIFF and MPO only the
first frame is read."""

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_MAX_UPSCALE = 4


@dataclass(frozen=True, slots=True)
class OcrConfig:
    """Settings of the OCR stage (limits, Tesseract language and options)."""

    enabled: bool = True
    lang: str = "jpn"
    """Tesseract language(s), e.g. ``"jpn"`` or ``"jpn+eng"``."""
    workers: int = 2
    """Threads of :class:`~cyberpatrol.ocr.pool.OcrPool` (one Tesseract process each)."""
    max_in_flight: int = 64
    """Posts queued in the pool at most; ``submit`` blocks beyond that."""
    max_images: int = 16
    """Images read per post at most; the rest get a warning and no text."""
    max_bytes: int = 20 * 2**20
    max_pixels: int = 40_000_000
    timeout_s: float = 30.0
    """Tesseract time limit per image."""
    max_chars: int = 10_000
    """OCR text of one image is cut to this many characters."""
    psm: int = 6
    """Tesseract page segmentation mode: 6 = one uniform block of text."""
    upscale_below: int = 600
    """Images whose longer side is below this many pixels are enlarged to reach it."""
    tesseract_threads: int = 1
    """``OMP_THREAD_LIMIT`` given to Tesseract when not set already; 0 leaves it alone."""

    def __post_init__(self) -> None:
        for name in ("workers", "max_in_flight", "max_images", "max_bytes", "max_pixels"):
            if getattr(self, name) < 1:
                raise ValueError(f"OcrConfig.{name} must be at least 1")
        if self.max_chars < 0 or self.upscale_below < 0 or self.tesseract_threads < 0:
            raise ValueError("OcrConfig limits must not be negative")
        if not self.timeout_s > 0:
            raise ValueError("OcrConfig.timeout_s must be positive")
        if not 0 <= self.psm <= 13:
            raise ValueError("OcrConfig.psm must be a Tesseract page segmentation mode (0-13)")
        if not self.lang or not all(part.isidentifier() for part in self.lang.split("+")):
            raise ValueError(f"OcrConfig.lang {self.lang!r} is not a Tesseract language name")


@dataclass(frozen=True, slots=True)
class ImageText:
    """The text read from one image of a post."""

    index: int
    """1-based position in ``Item.images``."""
    path: str
    """The path as given in the post."""
    text: str
    """OCR text, cleaned; ``""`` when the image could not be read."""
    warning: str | None = None
    """Why no (or only part of the) text was read; ``None`` when all went well."""


class _Skip(Exception):
    """An image that cannot be read; the message is the reason."""


def tesseract_available(lang: str = "jpn") -> bool:
    """Whether the ``tesseract`` program runs and has every language in ``lang``."""
    try:
        langs = set(pytesseract.get_languages())
    except (OSError, RuntimeError, ValueError):
        return False
    return all(part in langs for part in lang.split("+"))


def read_image(
    path: str, index: int, config: OcrConfig, *, base_dir: Path | None = None
) -> ImageText:
    """OCR the image at ``path`` (relative paths resolve against ``base_dir``).

    Never raises for bad input; see the module docstring.
    """
    try:
        data = _read_file(_resolve(path, base_dir), config)
        image = _decode(data, config)
        raw = _tesseract(_prepare(image, config.upscale_below), config)
    except _Skip as skip:
        return ImageText(index, path, "", image_warning(index, path, str(skip)))
    text, cut = clean_ocr_text(raw, config.max_chars)
    warning = f"OCR text cut to {config.max_chars} characters" if cut else None
    return ImageText(index, path, text, image_warning(index, path, warning) if warning else None)


def image_warning(index: int, path: str, reason: str) -> str:
    """The warning text for image ``index`` of a post: number, quoted path, reason."""
    return f"image {index} {excerpt(path, 120)}: {reason}"


def _resolve(path: str, base_dir: Path | None) -> Path:
    if not path.strip():
        raise _Skip("empty path")
    if "\x00" in path:
        raise _Skip("invalid path (NUL character)")
    p = Path(path)
    if base_dir is not None and not p.is_absolute():
        p = base_dir / p
    return p


def _kind(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "not a regular file"


def _check_stat(st: os.stat_result, config: OcrConfig) -> None:
    reason = _kind(st.st_mode)
    if reason:
        raise _Skip(reason)
    if st.st_size == 0:
        raise _Skip("empty file (0 bytes)")
    if st.st_size > config.max_bytes:
        raise _Skip(f"file too large ({st.st_size} bytes; limit {config.max_bytes})")


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return "file not found"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"


def _read_file(p: Path, config: OcrConfig) -> bytes:
    """The file's bytes, after checking it is a regular file within the size limit."""
    try:
        _check_stat(os.stat(p), config)
        # Non-blocking: if a FIFO replaced the file since stat, open returns at once.
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as exc:
        raise _Skip(_os_reason(exc)) from None
    except ValueError:
        raise _Skip("invalid path") from None
    try:
        with os.fdopen(fd, "rb") as f:
            _check_stat(os.fstat(f.fileno()), config)
            data = f.read(config.max_bytes + 1)
    except OSError as exc:
        raise _Skip(_os_reason(exc)) from None
    if len(data) > config.max_bytes:
        raise _Skip(f"file too large (over {config.max_bytes} bytes)")
    if not data:
        raise _Skip("empty file (0 bytes)")
    return data


def _identify(data: bytes) -> str | None:
    """Pillow's name for an image format it knows but we do not decode."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            return probe.format
    except Exception:  # only to name the format in the message
        return None


def _decode(data: bytes, config: OcrConfig) -> Image.Image:
    """Check and decode ``data``: allowed format, pixel limit, integrity; first frame."""
    fmt = ""
    try:
        with Image.open(io.BytesIO(data), formats=_OPEN_FORMATS) as probe:
            fmt = probe.format or "?"
            if fmt not in ALLOWED_FORMATS:
                raise _Skip(f"unsupported image format {fmt}")
            width, height = probe.size
            if width * height > config.max_pixels:
                raise _Skip(
                    f"image too large ({width}x{height} = {width * height} pixels;"
                    f" limit {config.max_pixels})"
                )
            probe.verify()
        # verify() leaves the image unusable: open again to decode the first frame.
        image = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
        image.load()
    except _Skip:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _Skip(f"image too large (decompression bomb): {exc}") from None
    except UnidentifiedImageError:
        other = _identify(data)
        if other:
            allowed = ", ".join(sorted(ALLOWED_FORMATS))
            raise _Skip(f"unsupported image format {other} (allowed: {allowed})") from None
        raise _Skip("not an image (format not recognised)") from None
    except Exception as exc:  # Pillow raises many types on corrupt data
        what = f"{fmt} image" if fmt else "image"
        raise _Skip(f"corrupt or truncated {what}: {type(exc).__name__}: {exc}") from None
    return image


def _prepare(image: Image.Image, upscale_below: int) -> Image.Image:
    """Grayscale, dark text on light, enlarged when small, speckles removed."""
    try:
        with contextlib.suppress(Exception):  # a broken EXIF tag only loses rotation
            image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(flat, rgba)
        gray = image.convert("L")
        longest = max(gray.size)
        if 0 < longest < upscale_below:
            factor = min(_MAX_UPSCALE, math.ceil(upscale_below / longest))
            gray = gray.resize(
                (gray.width * factor, gray.height * factor), Image.Resampling.LANCZOS
            )
        gray = gray.filter(ImageFilter.MedianFilter(3))
        gray = ImageOps.autocontrast(gray, cutoff=1)
        if _median(gray) < 128:
            gray = ImageOps.invert(gray)
    except Exception as exc:  # odd modes, or corrupt data found late
        raise _Skip(f"cannot convert image: {type(exc).__name__}: {exc}") from None
    return gray


def _median(gray: Image.Image) -> int:
    """Median gray level: below 128 means a dark background."""
    hist = gray.histogram()
    half = sum(hist) / 2
    seen = 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= half:
            return level
    return 255


def limit_tesseract_threads(config: OcrConfig) -> None:
    """Set ``OMP_THREAD_LIMIT`` for Tesseract subprocesses, unless already set.

    pytesseract passes this process's environment to Tesseract, so this is the
    only way to reach it; it is done once before any worker thread starts.
    """
    if config.tesseract_threads:
        os.environ.setdefault("OMP_THREAD_LIMIT", str(config.tesseract_threads))


def _tesseract(image: Image.Image, config: OcrConfig) -> str:
    """Run Tesseract on ``image``; failures become :class:`_Skip`."""
    limit_tesseract_threads(config)
    try:
        text = pytesseract.image_to_string(
            image, lang=config.lang, config=f"--psm {config.psm}", timeout=config.timeout_s
        )
    except pytesseract.TesseractNotFoundError:
        raise _Skip("OCR unavailable: tesseract is not installed or not on PATH") from None
    except pytesseract.TesseractError as exc:
        raise _Skip(f"tesseract failed: {exc.message or exc.status}") from None
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise _Skip(f"OCR timed out after {config.timeout_s:g} s") from None
        raise _Skip(f"tesseract failed: {exc}") from None
    except OSError as exc:
        raise _Skip(f"tesseract could not run: {exc.strerror or exc}") from None
    return str(text)
