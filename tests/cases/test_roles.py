from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.cases.roles import Actor, load_roles, role
from cyberpatrol.errors import AccessDenied, ConfigError


def test_roles_include_the_permissions_of_lesser_roles() -> None:
    roles = load_roles()
    assert roles["viewer"].permissions == {"read"}
    assert roles["analyst"].permissions == {"read", "work"}
    assert roles["supervisor"].permissions == {"read", "work", "review"}
    assert roles["admin"].permissions == {"read", "work", "review", "manage"}


def test_require_refuses_a_weaker_role() -> None:
    viewer = Actor(1, "v", role("viewer"))
    viewer.require("read")
    with pytest.raises(AccessDenied, match="閲覧者"):
        viewer.require("work")


def test_unknown_role_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown role 'boss'"):
        role("boss")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[role.a]\npermissions=["read"]\nincludes=["b"]\n', "unknown role 'b'"),
        (
            '[role.a]\npermissions=[]\nincludes=["b"]\n[role.b]\npermissions=[]\nincludes=["a"]\n',
            "include each other",
        ),
        ('[role.a]\npermissions=["fly"]\n', "unknown permissions"),
        ("", "no \\[role"),
    ],
)
def test_bad_role_files_are_named(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        load_roles(path)
    assert str(path) in str(err.value)
