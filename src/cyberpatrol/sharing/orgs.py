"""Organisations and sharing groups.

Every user works for an organisation; organisation 1 (``local``) runs this
installation and owns what it finds. Partners — other police units, the hotline,
platforms, banks, telecoms, e-commerce businesses — are organisations too: their
tokens look up and export only what is shared with them. A sharing group is a named
set of organisations; an object shared with a group is visible to its members only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select

from cyberpatrol.errors import CyberpatrolError
from cyberpatrol.store import tables

LOCAL_ORG = 1
"""The organisation that runs this installation (created by migration 0006)."""

KINDS = ("police", "hotline", "platform", "bank", "telecom", "ecommerce", "government", "other")
_NAME = re.compile(r"[a-z0-9][a-z0-9_.\-]{1,63}")


class NotFound(CyberpatrolError):
    """An organisation or sharing group that does not exist."""


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    label: str
    kind: str


@dataclass(frozen=True)
class SharingGroup:
    id: int
    name: str
    label: str
    owner_org_id: int
    members: tuple[int, ...]


def _check_name(name: str, what: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(
            f"{what} name {name!r}: 2–64 characters of a-z, 0-9, '_', '.', '-', "
            "starting with a letter or digit"
        )
    return name


def create_org(conn: Connection, name: str, label: str, kind: str = "other") -> Organisation:
    """A new organisation; names are unique, lowercase identifiers (``bank_a``)."""
    _check_name(name, "organisation")
    if kind not in KINDS:
        raise ValueError(f"organisation kind {kind!r}: use one of {', '.join(KINDS)}")
    if not label.strip():
        raise ValueError("an organisation needs a label (its name as people read it)")
    if conn.execute(
        select(tables.organisations.c.id).where(tables.organisations.c.name == name)
    ).first():
        raise ValueError(f"organisation {name!r} exists already")
    new_id = conn.execute(
        insert(tables.organisations)
        .values(name=name, label=label.strip()[:200], kind=kind, created_at=datetime.now(UTC))
        .returning(tables.organisations.c.id)
    ).scalar_one()
    return Organisation(int(new_id), name, label.strip()[:200], kind)


def _org(row: object) -> Organisation:
    return Organisation(int(row.id), row.name, row.label, row.kind)  # type: ignore[attr-defined]


def get_org(conn: Connection, name_or_id: str | int) -> Organisation:
    o = tables.organisations
    where = o.c.id == name_or_id if isinstance(name_or_id, int) else o.c.name == name_or_id
    row = conn.execute(select(o).where(where)).first()
    if row is None:
        raise NotFound(f"no organisation {name_or_id!r}")
    return _org(row)


def list_orgs(conn: Connection) -> list[Organisation]:
    o = tables.organisations
    return [_org(r) for r in conn.execute(select(o).order_by(o.c.id))]


def create_group(
    conn: Connection, name: str, label: str, owner: int, members: list[int]
) -> SharingGroup:
    """A sharing group owned by ``owner``; the owner is always a member."""
    _check_name(name, "sharing group")
    g = tables.sharing_groups
    if conn.execute(select(g.c.id).where(g.c.name == name)).first():
        raise ValueError(f"sharing group {name!r} exists already")
    for org_id in {owner, *members}:
        get_org(conn, org_id)
    group_id = int(
        conn.execute(
            insert(g)
            .values(
                name=name,
                label=label.strip()[:200] or name,
                owner_org_id=owner,
                created_at=datetime.now(UTC),
            )
            .returning(g.c.id)
        ).scalar_one()
    )
    conn.execute(
        insert(tables.sharing_group_members),
        [{"group_id": group_id, "organisation_id": m} for m in sorted({owner, *members})],
    )
    return get_group(conn, name)


def set_members(conn: Connection, name: str, members: list[int]) -> SharingGroup:
    """Replace a group's members (its owner stays a member)."""
    group = get_group(conn, name)
    for org_id in members:
        get_org(conn, org_id)
    m = tables.sharing_group_members
    conn.execute(delete(m).where(m.c.group_id == group.id))
    conn.execute(
        insert(m),
        [
            {"group_id": group.id, "organisation_id": o}
            for o in sorted({group.owner_org_id, *members})
        ],
    )
    return get_group(conn, name)


def get_group(conn: Connection, name_or_id: str | int) -> SharingGroup:
    g, m = tables.sharing_groups, tables.sharing_group_members
    where = g.c.id == name_or_id if isinstance(name_or_id, int) else g.c.name == name_or_id
    row = conn.execute(select(g).where(where)).first()
    if row is None:
        raise NotFound(f"no sharing group {name_or_id!r}")
    members = tuple(
        int(x)
        for x in conn.execute(
            select(m.c.organisation_id).where(m.c.group_id == row.id).order_by(m.c.organisation_id)
        ).scalars()
    )
    return SharingGroup(int(row.id), row.name, row.label, int(row.owner_org_id), members)


def list_groups(conn: Connection) -> list[SharingGroup]:
    g = tables.sharing_groups
    return [
        get_group(conn, int(i)) for i in conn.execute(select(g.c.id).order_by(g.c.id)).scalars()
    ]
