"""Distribution markings: who may see an indicator, a campaign or a case.

Each object carries a TLP 2.0 level, an owning organisation and optionally a sharing
group (table ``markings``; an object without a row is TLP:AMBER, owned by the local
organisation, with no group). An organisation sees an object when

* it owns it; or
* the object is shared with a group and the organisation is a member (any level); or
* the object has no group and its level is below RED (CLEAR, GREEN, AMBER and
  AMBER+STRICT objects are visible to every organisation registered here: the
  platform *is* the community its partners joined; the level then tells the recipient
  how far it may pass the information on). RED without a group stays with its owner.

Anyone who can see an object may raise its marking (a stricter level, or narrowing it
to a group); lowering it (a looser level, a wider or no group) is for the owning
organisation's supervisors. Every change is written to the audit log by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.orgs import LOCAL_ORG, get_group
from cyberpatrol.store import tables

OBJECT_TYPES = ("indicator", "campaign", "case")


@dataclass(frozen=True)
class Marking:
    object_type: str
    object_id: int
    tlp: str
    owner_org_id: int
    sharing_group_id: int | None = None
    explicit: bool = False
    """False when the object has no row and carries the default marking."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "tlp": self.tlp,
            "owner_org_id": self.owner_org_id,
            "sharing_group_id": self.sharing_group_id,
        }


def _check_type(object_type: str) -> None:
    if object_type not in OBJECT_TYPES:
        raise ValueError(f"markings are for {', '.join(OBJECT_TYPES)}, not {object_type!r}")


def get_marking(conn: Connection, object_type: str, object_id: int) -> Marking:
    _check_type(object_type)
    m = tables.markings
    row = conn.execute(
        select(m).where(and_(m.c.object_type == object_type, m.c.object_id == object_id))
    ).first()
    if row is None:
        return Marking(object_type, object_id, tlp.DEFAULT, LOCAL_ORG)
    return Marking(
        object_type,
        object_id,
        row.tlp,
        int(row.owner_org_id),
        int(row.sharing_group_id) if row.sharing_group_id is not None else None,
        explicit=True,
    )


def can_see(conn: Connection, org_id: int, marking: Marking) -> bool:
    """Whether organisation ``org_id`` may see an object with ``marking``."""
    if marking.owner_org_id == org_id:
        return True
    if marking.sharing_group_id is not None:
        return org_id in get_group(conn, marking.sharing_group_id).members
    return marking.tlp != "RED"


def visible(object_type: str, id_column: Any, org_id: int) -> ColumnElement[bool]:
    """A WHERE clause: the rows whose ``id_column`` is an object ``org_id`` may see.

    Used by look-ups, exports and TAXII so that the database does the filtering;
    :func:`can_see` is the same rule for one object in Python (tests check both agree).
    """
    m, members = tables.markings, tables.sharing_group_members
    row = and_(m.c.object_type == object_type, m.c.object_id == id_column)
    in_group = select(members.c.group_id).where(
        and_(members.c.group_id == m.c.sharing_group_id, members.c.organisation_id == org_id)
    )
    allowed = or_(
        m.c.owner_org_id == org_id,
        and_(m.c.sharing_group_id.is_(None), m.c.tlp != "RED"),
        in_group.exists(),
    )
    # Unmarked: AMBER, owned locally, no group → visible to all. Marked: the rule above.
    # Correlated EXISTS probes the markings primary key once per row.
    return or_(
        ~select(m.c.object_id).where(row).exists(),
        select(m.c.object_id).where(and_(row, allowed)).exists(),
    )


def _is_raise(conn: Connection, old: Marking, level: str, group_id: int | None) -> bool:
    """True when the new marking is at least as strict as the old in both respects."""
    if tlp.rank(level) < tlp.rank(old.tlp):
        return False
    if group_id == old.sharing_group_id:
        return True
    if group_id is None:
        return False  # removing a group widens the audience
    if old.sharing_group_id is None:
        return True  # narrowing to a group
    new_members = set(get_group(conn, group_id).members)
    return new_members <= set(get_group(conn, old.sharing_group_id).members)


def set_marking(
    conn: Connection,
    *,
    org_id: int,
    may_lower: bool,
    object_type: str,
    object_id: int,
    level: str,
    sharing_group: int | None = None,
    owner_org_id: int | None = None,
) -> tuple[Marking, Marking]:
    """Change an object's marking on behalf of organisation ``org_id``.

    ``may_lower`` says whether the caller is a supervisor; lowering also needs the
    caller's organisation to own the object. ``owner_org_id`` is for imports (the
    partner's objects) and for the first marking of a new object. Returns
    ``(old, new)``; raises :class:`~cyberpatrol.errors.AccessDenied` (in Japanese).
    """
    level = tlp.parse(level)
    old = get_marking(conn, object_type, object_id)
    if not can_see(conn, org_id, old):
        raise AccessDenied("この対象を閲覧する権限がありません")
    if sharing_group is not None and sharing_group != old.sharing_group_id:
        group = get_group(conn, sharing_group)
        if org_id not in group.members:
            raise AccessDenied("所属していない共有グループには共有できません")
    lowering = not _is_raise(conn, old, level, sharing_group)
    if lowering and not (may_lower and old.owner_org_id == org_id):
        raise AccessDenied(
            "共有範囲を広げる（TLPを下げる・共有グループを外す）ことができるのは、"
            "所有組織の監督者だけです"
        )
    # Ownership is given once, to an object nobody has marked yet (a new object, an
    # import); a marked object keeps its owner whoever changes the level.
    owner = owner_org_id if owner_org_id is not None and not old.explicit else old.owner_org_id
    m = tables.markings
    values = {
        "owner_org_id": owner,
        "tlp": level,
        "sharing_group_id": sharing_group,
        "updated_at": datetime.now(UTC),
    }
    if object_type == "indicator":
        # A changed audience is news for TAXII subscribers (date_added moves).
        ind = tables.indicators
        conn.execute(
            ind.update().where(ind.c.id == object_id).values(added_at=values["updated_at"])
        )
    if old.explicit:
        conn.execute(
            m.update()
            .where(and_(m.c.object_type == object_type, m.c.object_id == object_id))
            .values(**values)
        )
    else:
        conn.execute(m.insert().values(object_type=object_type, object_id=object_id, **values))
    return old, Marking(object_type, object_id, level, owner, sharing_group, explicit=True)


def count_marked(conn: Connection) -> dict[str, int]:
    """How many objects carry each level explicitly (for the figures page)."""
    m = tables.markings
    rows = conn.execute(select(m.c.tlp, func.count()).group_by(m.c.tlp))
    return {str(level): int(n) for level, n in rows}
