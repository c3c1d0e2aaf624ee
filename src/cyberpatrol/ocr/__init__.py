"""OCR of the images attached to posts (recruiters hide the text in images).

:func:`read_image` reads one image safely with Tesseract; :class:`OcrPool`
reads the images of many posts on a few threads with backpressure;
:func:`render_text_image` draws test images like recruitment flyers.
"""

from cyberpatrol.ocr.pool import OcrPool
from cyberpatrol.ocr.reader import (
    ALLOWED_FORMATS,
    ImageText,
    OcrConfig,
    read_image,
    tesseract_available,
)
from cyberpatrol.ocr.render import render_text_image
from cyberpatrol.ocr.text import clean_ocr_text

__all__ = [
    "ALLOWED_FORMATS",
    "ImageText",
    "OcrConfig",
    "OcrPool",
    "clean_ocr_text",
    "read_image",
    "render_text_image",
    "tesseract_available",
]
