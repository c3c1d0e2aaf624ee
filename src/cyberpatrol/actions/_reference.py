"""Reference numbers (参照番号) that tie a letter, its reply and the case together.

Format ``CP-2026-000123``: a prefix, the year, and the case id zero-padded to six digits
(more digits when the id needs them; ids are never cut). The number goes into subjects,
an e-mail header and Mastodon's Idempotency-Key, so it is checked to be plain ASCII
before use.
"""

from __future__ import annotations

import re

from cyberpatrol.actions._errors import LetterError

REFERENCE_PATTERN = re.compile(r"[A-Z]{2,8}-[0-9]{4}-[0-9]{6,}")
_PREFIX = re.compile(r"[A-Z]{2,8}")


def reference_number(case_id: int, year: int, *, prefix: str = "CP") -> str:
    """The reference number of case ``case_id`` opened in ``year``.

    >>> reference_number(123, 2026)
    'CP-2026-000123'
    >>> reference_number(1234567, 2026)
    'CP-2026-1234567'
    """
    if isinstance(case_id, bool) or not isinstance(case_id, int) or case_id < 1:
        raise LetterError(f"case id must be a positive integer, not {case_id!r}", field="case_id")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 9999:
        raise LetterError(f"year must be between 2000 and 9999, not {year!r}", field="year")
    if not _PREFIX.fullmatch(prefix):
        raise LetterError(f"prefix must be 2-8 capital letters, not {prefix!r}", field="prefix")
    return f"{prefix}-{year:04d}-{case_id:06d}"


def check_reference(value: str) -> str:
    """``value`` if it is a well-formed reference number; :class:`LetterError` otherwise."""
    if not isinstance(value, str) or not REFERENCE_PATTERN.fullmatch(value):
        raise LetterError(
            f"not a reference number like CP-2026-000123: {value!r:.60}", field="reference"
        )
    return value
