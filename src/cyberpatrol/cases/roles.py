"""Roles and permissions of the hotline app, read from ``data/roles.toml``.

A user has one role; a role has its own permissions plus those of the roles it
includes (admin ⊃ supervisor ⊃ analyst ⊃ viewer by default). Code asks for a
permission ("work", "review"…), never for a role name, so an organisation can
reshape roles in the data file without touching code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.errors import AccessDenied, ConfigError
from cyberpatrol.resources import load_toml, str_list

READ = "read"
WORK = "work"
REVIEW = "review"
MANAGE = "manage"
PERMISSIONS = (READ, WORK, REVIEW, MANAGE)


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    label: str
    permissions: frozenset[str]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is doing something, for permission checks and the audit log."""

    user_id: int | None
    username: str
    role: Role
    ip: str = ""
    organisation_id: int = 1
    """Who the person works for (:mod:`cyberpatrol.sharing.orgs`; 1 runs this installation)."""

    def can(self, permission: str) -> bool:
        return permission in self.role.permissions

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise AccessDenied(
                f"役割「{self.role.label}」にはこの操作の権限がありません（{permission}）"
            )


SYSTEM = "system"


@functools.lru_cache(maxsize=4)
def load_roles(path: Path | None = None) -> dict[str, Role]:
    """Every role by name, each with the permissions of the roles it includes."""
    data, where = load_toml(path, "roles.toml")
    raw = data.get("role")
    if not isinstance(raw, dict) or not raw:
        raise ConfigError("no [role.*] tables", path=where)
    declared: dict[str, tuple[str, set[str], list[str]]] = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict):
            raise ConfigError(f"role {name!r} must be a table", path=where)
        perms = set(str_list(spec.get("permissions", []), f"role {name}: permissions", where))
        unknown = perms - set(PERMISSIONS)
        if unknown:
            raise ConfigError(f"role {name!r}: unknown permissions {sorted(unknown)}", path=where)
        includes = str_list(spec.get("includes", []), f"role {name}: includes", where)
        declared[name] = (str(spec.get("label", name)), perms, includes)

    def closure(name: str, seen: tuple[str, ...]) -> set[str]:
        if name not in declared:
            raise ConfigError(f"role {seen[-1]!r} includes unknown role {name!r}", path=where)
        if name in seen:
            raise ConfigError(f"roles include each other: {' → '.join((*seen, name))}", path=where)
        _, perms, includes = declared[name]
        out = set(perms)
        for inc in includes:
            out |= closure(inc, (*seen, name))
        return out

    return {
        name: Role(name, label, frozenset(closure(name, ())))
        for name, (label, _, _) in declared.items()
    }


def role(name: str) -> Role:
    roles = load_roles()
    try:
        return roles[name]
    except KeyError:
        raise ConfigError(f"unknown role {name!r} (known: {', '.join(sorted(roles))})") from None


def system_actor() -> Actor:
    """The app itself (scheduled re-checks, queue intake): every permission but ``manage``."""
    return Actor(None, SYSTEM, Role(SYSTEM, "システム", frozenset({READ, WORK})))
