"""TLP 2.0 levels (``data/tlp.toml``): order, labels, STIX marking ids and MISP tags."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cyberpatrol.resources import load_toml

DEFAULT = "AMBER"
"""The marking of an object nobody has marked."""

STIX_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
"""The STIX 2.1 extension OASIS defined for TLP 2.0 marking definitions."""

# TLP 1.0 names and the STIX 1.0 marking ids other tools still send: read, never written.
_TLP1 = {
    "WHITE": "CLEAR",
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "CLEAR",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "GREEN",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "AMBER",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "RED",
}


@dataclass(frozen=True)
class Level:
    name: str
    label: str
    stix_id: str
    misp_tag: str
    rank: int


@lru_cache(maxsize=1)
def levels() -> dict[str, Level]:
    """Every TLP 2.0 level by name, least restrictive first."""
    data, _ = load_toml(None, "tlp.toml")
    return {
        d["name"]: Level(d["name"], d["label"], d["stix_id"], d["misp_tag"], i)
        for i, d in enumerate(data["level"])
    }


def parse(raw: str) -> str:
    """``"tlp:amber+strict"``, ``"TLP:GREEN"``, a STIX marking id, ``"white"`` → the level name.

    Raises :class:`ValueError` for anything that is not a TLP level.
    """
    s = raw.strip()
    for level in levels().values():
        if s == level.stix_id:
            return level.name
    if s in _TLP1:
        return _TLP1[s]
    name = s.upper().removeprefix("TLP:").removeprefix("TLP-").strip()
    name = _TLP1.get(name, name)
    if name not in levels():
        raise ValueError(f"not a TLP level: {raw!r}; use one of {', '.join(levels())}")
    return name


def rank(name: str) -> int:
    """How restrictive a level is (CLEAR 0 … RED 4)."""
    return levels()[name].rank


def stricter(a: str, b: str) -> str:
    """The more restrictive of two levels."""
    return a if rank(a) >= rank(b) else b
