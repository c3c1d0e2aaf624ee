"""Loading the data files (lexicons, maps, configuration) that ship with the package."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ConfigError


def load_toml(name_or_path: str | Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML data file; return ``(data, where)``.

    A bare file name (``"recruitment.toml"``) is looked up in the package's
    ``data/`` folder; anything with a directory part is a filesystem path.
    """
    p = Path(name_or_path)
    try:
        if p.parent == Path(".") and not p.exists():
            ref = resources.files("cyberpatrol.data").joinpath(str(p))
            where = f"cyberpatrol/data/{p}"
            raw = ref.read_bytes()
        else:
            where = str(p)
            raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read data file: {exc.strerror or exc}", path=str(p)) from exc
    try:
        return tomllib.loads(raw.decode("utf-8")), where
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=where) from exc
