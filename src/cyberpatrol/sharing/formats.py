"""How indicator types are written in STIX patterns and MISP attributes (share_formats.toml).

Exports write with :func:`written`; imports read back with :func:`stix_type` and
:func:`misp_types`. A value that canonicalises as several types (a crypto wallet is
BTC, ETH or TRON) is told apart by :func:`cyberpatrol.indicators.canonical`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml

_IPV4 = re.compile(r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}")
MISP_TYPE_TAG = "cyberpatrol:indicator-type"
"""The MISP machine tag naming our type where the MISP type (``text``) does not."""
MISP_CATEGORY_TAG = "cyberpatrol:category"
"""The MISP machine tag carrying the taxonomy key of the posts that mention a value."""


@dataclass(frozen=True)
class Format:
    """How one indicator type (or an IPv4 "domain") is written."""

    type: str
    stix_object: str
    stix_property: str
    account_type: str | None
    misp: str
    misp_category: str
    misp_also: tuple[str, ...] = ()


def _format(name: str, spec: dict[str, Any], where: str) -> Format:
    try:
        obj, prop = str(spec["stix"]).split(":", 1)
        return Format(
            name,
            obj,
            prop,
            str(spec["account_type"]) if "account_type" in spec else None,
            str(spec["misp"]),
            str(spec["misp_category"]),
            tuple(str(t) for t in spec.get("misp_also", ())),
        )
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"[types.{name}]: {exc}", path=where) from exc


@lru_cache(maxsize=1)
def formats() -> dict[str, Format]:
    """Every indicator type's format, and ``"ip"`` for IPv4 addresses."""
    data, where = load_toml(None, "share_formats.toml")
    out = {name: _format(name, spec, where) for name, spec in data["types"].items()}
    out["ip"] = _format("domain", data["ip"], where)
    return out


def is_ipv4(value: str) -> bool:
    return _IPV4.fullmatch(value) is not None


def written(kind: str, value: str) -> Format:
    """The format of a canonical ``value`` of type ``kind`` (KeyError for an unknown type)."""
    if kind == "domain" and is_ipv4(value):
        return formats()["ip"]
    return formats()[kind]


def stix_type(obj: str, prop: str, account_type: str | None) -> list[str]:
    """Our types a STIX comparison ``obj:prop`` (with ``account_type``) may hold, in order."""
    if obj == "user-account":
        if prop != "account_login":
            return []
        wanted = (account_type or "").lower() or None
        if wanted == "x":
            wanted = "twitter"
        return [
            f.type for f in formats().values() if f.stix_object == obj and f.account_type == wanted
        ]
    return list(
        dict.fromkeys(
            f.type
            for f in formats().values()
            if f.stix_object == obj and f.stix_property == prop and f.account_type is None
        )
    )


def misp_types(misp_type: str) -> list[str]:
    """Our types a MISP attribute type may hold (``text`` holds none without its tag)."""
    if misp_type == "text":
        return []
    found = [f.type for f in formats().values() if f.misp == misp_type or misp_type in f.misp_also]
    return list(dict.fromkeys(found))


__all__ = [
    "MISP_CATEGORY_TAG",
    "MISP_TYPE_TAG",
    "Format",
    "formats",
    "is_ipv4",
    "misp_types",
    "stix_type",
    "written",
]
