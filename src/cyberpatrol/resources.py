"""Loading the data files (lexicons, maps, configuration) that ship with the package."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ConfigError


def load_toml(path: Path | str | None, resource: str) -> tuple[dict[str, Any], str]:
    """Read ``path``, or the packaged ``cyberpatrol/data/<resource>`` when it is ``None``.

    Returns the parsed table and the name to cite in errors. A file in the
    current directory never stands in for a packaged one by accident: only an
    explicit ``path`` is read from the filesystem.
    """
    try:
        if path is None:
            where = f"cyberpatrol/data/{resource}"
            raw = resources.files("cyberpatrol.data").joinpath(resource).read_bytes()
        else:
            where = str(path)
            raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read data file: {exc.strerror or exc}", path=where) from exc
    try:
        return tomllib.loads(raw.decode("utf-8")), where
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=where) from exc


def packaged_or_path(name_or_path: str | Path) -> tuple[Path | None, str]:
    """``(path, resource)`` for a setting that names a packaged file or a path.

    A bare file name (``"recruitment.toml"``) means the packaged data file;
    anything with a directory part (``"./my.toml"``, ``"/etc/x.toml"``) is a path.
    """
    text = str(name_or_path)
    p = Path(text)
    # Path("./x.toml") normalises to "x.toml", so look at the text for "./".
    if p.parent == Path(".") and not text.startswith("."):
        return None, p.name
    return p, p.name


def str_list(value: object, what: str, where: str) -> list[str]:
    """Check that ``value`` is a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of strings", path=where)
    return list(value)
