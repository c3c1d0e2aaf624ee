"""Distribution markings at the desk: the 「共有範囲」 panel and changing a marking.

The rules are :mod:`cyberpatrol.sharing.markings`': anyone who can see an object may
raise its marking (a stricter TLP level, or narrowing it to a sharing group), only the
owning organisation's supervisors may lower it. Here: what the panel shows a person —
the options that would lower the marking only to those allowed to — and the change
itself, audited (``marking.change``) in the same transaction. Changing needs the
``work`` permission: viewers only look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from cyberpatrol.cases import audit
from cyberpatrol.cases.roles import READ, REVIEW, Actor
from cyberpatrol.errors import NotFound, WorkflowError
from cyberpatrol.sharing import orgs, tlp
from cyberpatrol.sharing.markings import Marking, can_see, get_marking, set_marking
from cyberpatrol.sharing.orgs import Organisation, SharingGroup
from cyberpatrol.store import tables

_TABLES = {"indicator": tables.indicators, "campaign": tables.campaigns, "case": tables.cases}
_MISSING = {
    "indicator": "連絡先・識別子 {} は存在しません",
    "campaign": "キャンペーン {} は存在しません",
    "case": "案件 {} は存在しません",
}


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class MarkingView:
    """An object's marking as its page shows it, with the choices this person has."""

    object_type: str
    object_id: int
    tlp: str
    tlp_label: str
    owner: Organisation
    group: SharingGroup | None
    explicit: bool
    """False while the object carries the default marking (nobody marked it)."""
    can_change: bool
    may_lower: bool
    """A supervisor of the owning organisation: may widen the audience too."""
    levels: tuple[Choice, ...]
    groups: tuple[Choice, ...]
    """Sharing groups to choose from; value "" is "no group"."""

    @property
    def css(self) -> str:
        return css_class(self.tlp)


def css_class(level: str) -> str:
    """``"AMBER+STRICT"`` → ``"tlp-amber-strict"`` (static/app.css colours each level)."""
    return "tlp-" + level.lower().replace("+", "-")


def _check(conn: Connection, actor: Actor, object_type: str, object_id: int) -> Marking:
    """The object's marking; NotFound when it does not exist or is hidden from ``actor``."""
    if object_type not in _TABLES:
        raise NotFound(f"共有範囲を設定できる対象ではありません: {object_type[:32]}")
    table = _TABLES[object_type]
    missing = NotFound(_MISSING[object_type].format(object_id))
    if conn.execute(select(table.c.id).where(table.c.id == object_id)).first() is None:
        raise missing
    marking = get_marking(conn, object_type, object_id)
    if not can_see(conn, actor.organisation_id, marking):
        raise missing
    return marking


def view(conn: Connection, actor: Actor, object_type: str, object_id: int) -> MarkingView:
    marking = _check(conn, actor, object_type, object_id)
    group = orgs.get_group(conn, marking.sharing_group_id) if marking.sharing_group_id else None
    may_lower = actor.can(REVIEW) and actor.organisation_id == marking.owner_org_id
    current = tlp.rank(marking.tlp)
    levels = tuple(
        Choice(level.name, level.label, level.name == marking.tlp)
        for level in tlp.levels().values()
        if may_lower or level.rank >= current
    )
    groups: list[Choice] = []
    if group is None or may_lower:
        groups.append(Choice("", "なし（共有グループで限定しない）", group is None))
    for g in orgs.list_groups(conn):
        narrower = group is None or set(g.members) <= set(group.members)
        if g.id == marking.sharing_group_id or (
            actor.organisation_id in g.members and (narrower or may_lower)
        ):
            groups.append(Choice(g.name, g.label, g.id == marking.sharing_group_id))
    return MarkingView(
        object_type,
        object_id,
        marking.tlp,
        tlp.levels()[marking.tlp].label,
        orgs.get_org(conn, marking.owner_org_id),
        group,
        marking.explicit,
        actor.can(READ),
        may_lower,
        levels,
        tuple(groups),
    )


def change(
    conn: Connection,
    actor: Actor,
    object_type: str,
    object_id: int,
    level: str,
    group_name: str | None,
) -> bool:
    """Set the object's marking; False when nothing changed (then nothing is written).

    :class:`~cyberpatrol.errors.AccessDenied` (in Japanese) when the change would
    lower the marking and ``actor`` is not a supervisor of the owning organisation.
    """
    actor.require(READ)  # raising is for anyone who can see it; set_marking guards lowering
    old = _check(conn, actor, object_type, object_id)
    try:
        level = tlp.parse(level)
    except ValueError:
        raise WorkflowError("TLP の区分を選んでください") from None
    group = None
    if group_name:
        try:
            group = orgs.get_group(conn, group_name[:64])
        except orgs.NotFound:
            raise NotFound(f"共有グループ「{group_name[:64]}」は存在しません") from None
    group_id = group.id if group else None
    if level == old.tlp and group_id == old.sharing_group_id:
        return False
    old, new = set_marking(
        conn,
        org_id=actor.organisation_id,
        may_lower=actor.can(REVIEW),
        object_type=object_type,
        object_id=object_id,
        level=level,
        sharing_group=group_id,
    )
    detail = {
        "old": _describe(conn, old),
        "new": _describe(conn, new),
        "owner": orgs.get_org(conn, new.owner_org_id).name,
    }
    if object_type == "campaign":
        c = tables.campaigns
        detail["key"] = conn.execute(select(c.c.key).where(c.c.id == object_id)).scalar_one()
    audit.record(conn, actor, "marking.change", f"{object_type}:{object_id}", detail)
    return True


def _describe(conn: Connection, m: Marking) -> dict[str, Any]:
    group = orgs.get_group(conn, m.sharing_group_id).name if m.sharing_group_id else None
    return {"tlp": m.tlp, "group": group}
