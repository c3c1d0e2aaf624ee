"""Platforms (``data/platforms.toml``): names, reply limits, counting rules, delivery."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from cyberpatrol.actions._address import is_address
from cyberpatrol.actions._counting import METHODS, Weights, count
from cyberpatrol.actions._text import one_line
from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml

Delivery = Literal["api", "manual"]
_DELIVERIES = ("api", "manual")


@dataclass(frozen=True, slots=True)
class Platform:
    """One platform's facts as ``platforms.toml`` states them."""

    key: str
    name: str
    reply_limit: int
    counting: str
    url_length: int
    delivery: Delivery
    abuse_email: str
    source: str
    recipient: str
    """Whom letters are addressed to when the context names nobody."""
    weights: Weights | None = None
    hosts: tuple[str, ...] = ()
    """Other names a stored post's platform may carry (``x.com``, ``twitter``…)."""

    def count(self, text: str) -> int:
        """Length of ``text`` as this platform counts it (see :mod:`._counting`)."""
        return count(text, self.counting, url_length=self.url_length, weights=self.weights)


def load_platforms(path: Path | str | None = None) -> dict[str, Platform]:
    """Every platform of ``path``, or of the packaged ``platforms.toml`` when ``None``."""
    data, where = load_toml(path, "platforms.toml")
    table = data.get("platform")
    if not isinstance(table, dict) or not table:
        raise ConfigError("no [platform.<key>] tables", path=where)
    weights = _weights(data.get("counting", {}).get("twitter"), where)
    return {key: _platform(key, entry, weights, where) for key, entry in table.items()}


def _platform(key: str, entry: Any, weights: Weights | None, where: str) -> Platform:
    if not isinstance(entry, dict):
        raise ConfigError(f"platform.{key} must be a table", path=where)
    name = one_line(_get(entry, "name", str, key, where)).text
    limit = _get(entry, "reply_limit", int, key, where)
    counting = _get(entry, "counting", str, key, where)
    delivery = _get(entry, "delivery", str, key, where)
    email = _get(entry, "abuse_email", str, key, where, "")
    if not name or limit < 1:
        raise ConfigError(f"platform.{key}: name must be set and reply_limit ≥ 1", path=where)
    if counting not in METHODS:
        raise ConfigError(f"platform.{key}.counting must be one of {METHODS}", path=where)
    if counting == "twitter" and weights is None:
        raise ConfigError(
            f"platform.{key} counts the twitter way: [counting.twitter] is missing", path=where
        )
    if delivery not in _DELIVERIES:
        raise ConfigError(f"platform.{key}.delivery must be one of {_DELIVERIES}", path=where)
    if email and not is_address(email):
        raise ConfigError(f"platform.{key}.abuse_email is not an e-mail address", path=where)
    return Platform(
        key=key,
        name=name,
        reply_limit=limit,
        counting=counting,
        url_length=_get(entry, "url_length", int, key, where, 0),
        delivery=cast(Delivery, delivery),
        abuse_email=email,
        source=_get(entry, "source", str, key, where, ""),
        recipient=one_line(_get(entry, "recipient", str, key, where, "")).text
        or f"{name} ご担当者様",
        weights=weights if counting == "twitter" else None,
        hosts=_hosts(entry.get("hosts", []), key, where),
    )


def _hosts(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
        raise ConfigError(f"platform.{key}.hosts must be a list of names", path=where)
    return tuple(h.lower() for h in value)


def _weights(entry: Any, where: str) -> Weights | None:
    if entry is None:
        return None
    try:
        ranges = tuple((int(a), int(b), int(w)) for a, b, w in entry["ranges"])
        return Weights(int(entry["default_weight"]), int(entry["scale"]), ranges)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"[counting.twitter] is malformed: {exc}", path=where) from exc


def _get(
    entry: dict[str, Any], field: str, kind: type, key: str, where: str, default: Any = None
) -> Any:
    value = entry.get(field, default)
    if value is None:
        raise ConfigError(f"platform.{key}.{field} is missing", path=where)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ConfigError(f"platform.{key}.{field} must be a {kind.__name__}", path=where)
    return value
