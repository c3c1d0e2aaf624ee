"""Turn one decoded record (a ``dict``) into an :class:`~cyberpatrol.model.Item`.

The record's content is written by criminals, so every field is checked for
type and size, and every reason that quotes input goes through
:func:`excerpt` so that it cannot smuggle terminal control sequences into
logs.

Rules (each failure raises :class:`~cyberpatrol.errors.InputError` whose
``reason`` names the field and the problem):

* ``id`` (required): string, or integer converted to ``str``; not blank; at
  most :data:`MAX_ID_CHARS` characters; no control characters.
* ``text`` (required): string. It may be empty (image-only posts). A NUL
  character rejects the record: a NUL in a post is almost always binary
  garbage (a mis-decoded file, a scraper bug), and PostgreSQL ``text`` and
  ``jsonb`` values cannot hold it. A text longer than ``max_text_chars`` is
  truncated, not dropped, with a warning and ``Item.truncated_from`` set.
* ``platform``: string, stripped and lowercased; missing, null or empty means
  ``"unknown"``; at most :data:`MAX_PLATFORM_CHARS` characters.
* ``author``, ``url``: string or null.
* ``reply_to``: string or null (an integer is converted like ``id``).
* ``created_at``: ISO 8601 string (``datetime.fromisoformat``, a trailing
  ``Z`` accepted) or null; naive times stay naive.
* ``images``: list of strings or null; at most :data:`MAX_IMAGES` entries of
  at most :data:`MAX_IMAGE_CHARS` characters each.
* anything else goes to ``Item.meta`` unchanged.

No string field may contain NUL.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from cyberpatrol.errors import InputError
from cyberpatrol.model import Item

MAX_ID_CHARS = 256
MAX_PLATFORM_CHARS = 64
MAX_IMAGES = 32
MAX_IMAGE_CHARS = 2048
MAX_DATE_CHARS = 64

KNOWN_FIELDS = frozenset(
    {"id", "text", "platform", "author", "url", "created_at", "images", "reply_to"}
)

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def type_name(value: object) -> str:
    """The JSON-ish name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def excerpt(value: str, limit: int = 40) -> str:
    """Quote ``value`` for a message: cut to ``limit`` characters, and
    control, format and separator characters escaped (``\\u001b``, ...)."""
    cut = value[:limit]
    out = []
    for ch in cut:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch.isprintable() or ch == " " or unicodedata.category(ch) == "Zs":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    tail = "…" if len(value) > limit else ""
    return '"' + "".join(out) + tail + '"'


def _reject(reason: str) -> InputError:
    return InputError(reason)


def _identifier(name: str, value: object, *, required: bool) -> str | None:
    """Validate ``id`` / ``reply_to``: string or integer, short, printable."""
    if value is None and not required:
        return None
    if type(value) is str:
        text = value
        if 0 < len(text) <= MAX_ID_CHARS and text.isprintable() and not text.isspace():
            return text  # fast path: the usual short printable id
    elif type(value) is int:
        text = str(value)
    else:
        raise _reject(f'field "{name}" must be a string or integer, got {type_name(value)}')
    if not text.strip():
        if not required:
            return None
        raise _reject(f'field "{name}" must not be empty')
    if len(text) > MAX_ID_CHARS:
        raise _reject(
            f'field "{name}" is {len(text)} characters long, at most {MAX_ID_CHARS} allowed'
        )
    match = _CONTROL.search(text)
    if match:
        raise _reject(
            f'field "{name}" contains control character U+{ord(match.group()):04X}'
            f" at column {match.start() + 1}"
        )
    return text


def _optional_string(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _reject(f'field "{name}" must be a string or null, got {type_name(value)}')
    if "\x00" in value:
        _check_nul(name, value)
    return value


def _check_nul(name: str, value: str) -> None:
    pos = value.find("\x00")
    if pos >= 0:
        raise _reject(
            f"{name} contains a NUL character at column {pos + 1}"
            " (usually binary garbage; PostgreSQL cannot store it)"
        )


def _platform(value: object) -> str:
    if value is None:
        return "unknown"
    if type(value) is str and value.isascii() and value.isalnum() and len(value) <= 64:
        return value.lower()  # fast path: "x", "Twitter", "5ch"
    if not isinstance(value, str):
        raise _reject(f'field "platform" must be a string or null, got {type_name(value)}')
    platform = value.strip().lower()
    if not platform:
        return "unknown"
    if len(platform) > MAX_PLATFORM_CHARS:
        raise _reject(
            f'field "platform" is {len(platform)} characters long,'
            f" at most {MAX_PLATFORM_CHARS} allowed"
        )
    match = _CONTROL.search(platform)
    if match:
        raise _reject(
            f'field "platform" contains control character U+{ord(match.group()):04X}'
            f" at column {match.start() + 1}"
        )
    return platform


def parse_created_at(value: object) -> datetime | None:
    """ISO 8601 string (trailing ``Z``/``z`` means UTC) or null/empty → datetime."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _reject(f'field "created_at" must be an ISO 8601 string, got {type_name(value)}')
    text = value.strip()
    if not text:
        return None
    if len(text) <= MAX_DATE_CHARS and text.isascii():
        if text[-1] in "Zz":
            text = text[:-1] + "+00:00"
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise _reject(f"created_at is not ISO 8601: {excerpt(value)}")


def _images(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _reject(f"images must be a list of strings, got {type_name(value)}")
    if len(value) > MAX_IMAGES:
        raise _reject(f"images has {len(value)} entries, at most {MAX_IMAGES} allowed")
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            raise _reject(
                f"images must be a list of strings (entry {index} is a {type_name(entry)})"
            )
        if len(entry) > MAX_IMAGE_CHARS:
            raise _reject(
                f"images entry {index} is {len(entry)} characters long,"
                f" at most {MAX_IMAGE_CHARS} allowed"
            )
        _check_nul(f"images entry {index}", entry)
    return tuple(value)


def build_item(record: object, *, max_text_chars: int) -> tuple[Item, tuple[str, ...]]:
    """Validate ``record`` and build an Item; returns ``(item, warnings)``.

    Raises :class:`InputError` (``source`` and ``line`` unset: the caller
    knows them) when the record is unusable.
    """
    if type(record) is not dict:
        kind = "array" if isinstance(record, list) else type_name(record)
        raise _reject(f"record is a JSON {kind}, expected an object")
    fields: dict[str, Any] = record
    if "id" not in fields:
        raise _reject('missing required field "id"')
    if "text" not in fields:
        raise _reject('missing required field "text"')
    item_id = _identifier("id", fields["id"], required=True)
    assert item_id is not None
    text = fields["text"]
    if not isinstance(text, str):
        raise _reject(f'field "text" must be a string, got {type_name(text)}')
    if "\x00" in text:
        _check_nul("text", text)

    warnings: tuple[str, ...] = ()
    truncated_from = None
    if len(text) > max_text_chars:
        truncated_from = len(text)
        text = text[:max_text_chars]
        warnings = (f"text truncated from {truncated_from} to {max_text_chars} characters",)

    get = fields.get
    meta = {} if fields.keys() <= KNOWN_FIELDS else _extra_fields(fields)
    item = Item(
        id=item_id,
        text=text,
        platform=_platform(get("platform")),
        author=_optional_string("author", get("author")),
        url=_optional_string("url", get("url")),
        created_at=parse_created_at(get("created_at")),
        images=_images(get("images")),
        reply_to=_identifier("reply_to", get("reply_to"), required=False),
        meta=meta,
        truncated_from=truncated_from,
    )
    return item, warnings


def _extra_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if key not in KNOWN_FIELDS}
