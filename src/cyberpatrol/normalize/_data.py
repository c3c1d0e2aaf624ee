"""Loading the TOML data files that drive the normalisation steps."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ConfigError


def load_toml(path: Path | str | None, resource: str) -> tuple[dict[str, Any], str]:
    """Read ``path``, or the packaged ``cyberpatrol/data/<resource>`` when it is ``None``.

    Returns the parsed table and the name to cite in errors.
    """
    try:
        if path is None:
            ref = resources.files("cyberpatrol.data").joinpath(resource)
            where = f"cyberpatrol/data/{resource}"
            raw = ref.read_text(encoding="utf-8")
        else:
            where = str(path)
            raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc}", path=str(path or resource)) from exc
    try:
        return tomllib.loads(raw), where
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=where) from exc


def str_list(value: object, what: str, where: str) -> list[str]:
    """Check that ``value`` is a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of strings", path=where)
    return list(value)
