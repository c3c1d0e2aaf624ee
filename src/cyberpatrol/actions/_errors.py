"""Errors of letter writing.

CyberpatrolError                 (cyberpatrol.errors)
 ├── ConfigError                 a data file or letter template is wrong (names file and line)
 └── LetterError                 no letter can be written from this context (names the field)
      └── LetterTooLongError     a reply warning does not fit the platform's limit

Delivery never raises: a dispatcher reports a failure as ``DispatchResult(status="failed")``
with the reason, so one bad address cannot stop a batch.
"""

from __future__ import annotations

from cyberpatrol.errors import CyberpatrolError


class LetterError(CyberpatrolError):
    """A letter cannot be written: an unknown kind or platform, or a value that is unusable."""

    def __init__(self, message: str, *, reference: str = "", field: str = "") -> None:
        self.reference = reference
        self.field = field
        where = " ".join(part for part in (reference, field) if part)
        super().__init__(f"{where}: {message}" if where else message)


class LetterTooLongError(LetterError):
    """A reply warning is longer than the platform allows, even in its shortest form.

    A warning is never cut: a cut warning can lose the very sentence that matters.
    """

    def __init__(self, *, platform: str, limit: int, count: int, reference: str = "") -> None:
        self.platform = platform
        self.limit = limit
        self.count = count
        super().__init__(
            f"the warning for {platform} counts {count} characters even in its shortest "
            f"form; the limit there is {limit}",
            reference=reference,
            field="body",
        )
