"""The kinds of letter and their shared wording (``data/letters/letters.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from cyberpatrol.actions._text import one_line
from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml

Channel = Literal["reply", "email"]
RESOURCE = "letters/letters.toml"
_TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*\.j2")


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of letter: its title, channel and templates (bodies longest first)."""

    name: str
    title: str
    channel: Channel
    subject: str
    bodies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every kind of letter and the defaults for values a context leaves empty."""

    kinds: dict[str, Kind]
    category: str
    guideline: str
    guideline_ref: str
    excerpt_limit: int


def load_catalogue(directory: Path | str | None = None) -> Catalogue:
    """``letters.toml`` of ``directory`` when it has one, else the packaged one."""
    path = None
    if directory is not None and (Path(directory) / "letters.toml").is_file():
        path = Path(directory) / "letters.toml"
    data, where = load_toml(path, RESOURCE)
    defaults = data.get("defaults", {})
    kinds = data.get("kind")
    if not isinstance(kinds, dict) or not kinds or not isinstance(defaults, dict):
        raise ConfigError("needs a [defaults] table and [kind.<name>] tables", path=where)
    limit = defaults.get("excerpt_limit", 200)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 20 <= limit <= 5000:
        raise ConfigError("defaults.excerpt_limit must be an integer in 20..5000", path=where)
    return Catalogue(
        kinds={name: _kind(name, entry, where) for name, entry in kinds.items()},
        category=_text(defaults, "category", where),
        guideline=_text(defaults, "guideline", where),
        guideline_ref=_text(defaults, "guideline_ref", where),
        excerpt_limit=limit,
    )


def _kind(name: str, entry: Any, where: str) -> Kind:
    if not isinstance(entry, dict):
        raise ConfigError(f"kind.{name} must be a table", path=where)
    channel = entry.get("channel")
    if channel not in ("reply", "email"):
        raise ConfigError(f"kind.{name}.channel must be 'reply' or 'email'", path=where)
    bodies = entry.get("bodies")
    if not isinstance(bodies, list) or not bodies:
        raise ConfigError(f"kind.{name}.bodies must list at least one template", path=where)
    for template in (entry.get("subject"), *bodies):
        if not isinstance(template, str) or not _TEMPLATE_NAME.fullmatch(template):
            raise ConfigError(f"kind.{name}: {template!r} is not a template file name", path=where)
    return Kind(
        name=name,
        title=_text(entry, "title", where, f"kind.{name}."),
        channel=cast(Channel, channel),
        subject=entry["subject"],
        bodies=tuple(bodies),
    )


def _text(table: dict[str, Any], field: str, where: str, prefix: str = "defaults.") -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{prefix}{field} must be a non-empty string", path=where)
    return one_line(value).text
