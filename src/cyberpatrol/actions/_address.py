"""E-mail addresses that may be written into an envelope and a ``To`` header.

Recipient addresses come from data files and from analysts' input, sometimes copied
from a site's page, so they are checked strictly: one plain ASCII ``local@domain``,
nothing else. No display names, comments, lists or line breaks, so that no value can
add a recipient or a header.
"""

from __future__ import annotations

import re

_LOCAL = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]{1,64}"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")


def is_address(value: object) -> bool:
    """True when ``value`` is exactly one plain e-mail address.

    >>> is_address("abuse@example.org"), is_address("a@example.org, b@example.org")
    (True, False)
    """
    return isinstance(value, str) and len(value) <= 254 and _ADDRESS.fullmatch(value) is not None


def check_address(value: str, *, what: str = "recipient") -> str:
    """``value`` when :func:`is_address`; ``ValueError`` naming ``what`` otherwise."""
    if not is_address(value):
        raise ValueError(f"{what} is not a single plain e-mail address: {value!r:.80}")
    return value
