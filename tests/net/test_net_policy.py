"""FetchPolicy: safe defaults, explicit widening, bad values refused at construction."""

from __future__ import annotations

import dataclasses
from ipaddress import ip_network

import pytest

from cyberpatrol.errors import ConfigError
from cyberpatrol.net import FetchPolicy


def test_defaults() -> None:
    policy = FetchPolicy()
    assert policy.allowed_schemes == ("http", "https")
    assert policy.allowed_ports == {80, 443}
    assert policy.max_redirects == 5
    assert policy.total_timeout == 10.0
    assert policy.max_body_bytes == 2 * 1024 * 1024
    assert policy.allow_networks == ()
    assert policy.user_agent


def test_extra_ports_add_to_the_defaults() -> None:
    assert FetchPolicy(extra_ports=(8080,)).allowed_ports == {80, 443, 8080}


def test_frozen_and_keyword_only() -> None:
    policy = FetchPolicy()
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_redirects = 50  # type: ignore[misc]
    with pytest.raises(TypeError):
        FetchPolicy(("http",))  # type: ignore[misc]


@pytest.mark.parametrize(
    "options",
    [
        {"allowed_schemes": ("http", "file")},
        {"allowed_schemes": ()},
        {"extra_ports": (0,)},
        {"extra_ports": (70000,)},
        {"extra_ports": (True,)},
        {"max_redirects": -1},
        {"connect_timeout": 0},
        {"read_timeout": -1.0},
        {"total_timeout": float("inf")},
        {"total_timeout": float("nan")},
        {"max_body_bytes": 0},
        {"allow_networks": ("127.0.0.1/32",)},
        {"user_agent": "a\r\nX-Injected: 1"},
        {"user_agent": ""},
    ],
)
def test_bad_values_are_config_errors(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        FetchPolicy(**options)  # type: ignore[arg-type]


def test_allow_networks_takes_ip_networks() -> None:
    policy = FetchPolicy(allow_networks=(ip_network("127.0.0.1/32"), ip_network("::1/128")))
    assert len(policy.allow_networks) == 2
