"""The sender of the letters (``data/hotline.toml``): organisation, contact, signature."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.actions._address import is_address
from cyberpatrol.actions._text import multi_line, one_line
from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml

_ONE_LINE_FIELDS = ("organization", "department", "person", "short_name", "email", "phone", "url")


@dataclass(frozen=True, slots=True)
class Hotline:
    """Who writes the letters. ``placeholder`` marks the shipped demo values."""

    organization: str
    department: str
    person: str
    short_name: str
    email: str
    phone: str
    url: str
    signature: str
    placeholder: bool

    def template_values(self) -> dict[str, str]:
        """The ``sender`` value templates see."""
        return {name: getattr(self, name) for name in (*_ONE_LINE_FIELDS, "signature")}


def load_hotline(path: Path | str | None = None) -> Hotline:
    """The sender of ``path``, or of the packaged ``hotline.toml`` when ``None``."""
    data, where = load_toml(path, "hotline.toml")
    values: dict[str, str] = {}
    for name in (*_ONE_LINE_FIELDS, "signature"):
        value = data.get(name, "")
        if not isinstance(value, str):
            raise ConfigError(f"{name} must be a string", path=where)
        values[name] = multi_line(value).text if name == "signature" else one_line(value).text
    for name in ("organization", "short_name"):
        if not values[name]:
            raise ConfigError(f"{name} must be set", path=where)
    if values["email"] and not is_address(values["email"]):
        raise ConfigError("email is not a single plain e-mail address", path=where)
    if values["url"] and not values["url"].startswith(("https://", "http://")):
        raise ConfigError("url must start with https:// or http://", path=where)
    placeholder = data.get("placeholder", False)
    if not isinstance(placeholder, bool):
        raise ConfigError("placeholder must be true or false", path=where)
    return Hotline(**values, placeholder=placeholder)
