"""Distribution markings: who sees an object (``can_see`` and the SQL ``visible`` agree on
every combination) and who may change its marking (raise: any viewer; lower: the owning
organisation's supervisors)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, insert, select

from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.markings import (
    Marking,
    can_see,
    count_marked,
    get_marking,
    set_marking,
    visible,
)
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_group, create_org
from cyberpatrol.store import Store, tables

LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")


@dataclass(frozen=True)
class World:
    a: int
    b: int
    c: int
    d: int
    """An organisation in no group."""
    ab: int
    """Group of a (owner) and b."""
    c_only: int
    """Group of c alone."""

    def members(self, group: int | None) -> set[int]:
        return {None: set(), self.ab: {self.a, self.b}, self.c_only: {self.c}}[group]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def world(store: Store) -> World:
    with store.transaction("test") as conn:
        a, b, c, d = (
            create_org(conn, n, n.upper(), "bank") for n in ("org_a", "org_b", "org_c", "org_d")
        )
        ab = create_group(conn, "ab", "AB", a.id, [b.id])
        c_only = create_group(conn, "c_only", "C", c.id, [])
    return World(a.id, b.id, c.id, d.id, ab.id, c_only.id)


def _indicators(conn: Connection, n: int) -> list[int]:
    now = datetime.now(UTC)
    ind = tables.indicators
    rows = [{"type": "phone", "value": f"+8190{i:08d}", "first_seen_at": now} for i in range(n)]
    conn.execute(insert(ind), rows)
    return [int(i) for i in conn.execute(select(ind.c.id).order_by(ind.c.id)).scalars()]


def _mark(conn: Connection, object_id: int, level: str, owner: int, group: int | None) -> None:
    conn.execute(
        insert(tables.markings).values(
            object_type="indicator",
            object_id=object_id,
            owner_org_id=owner,
            tlp=level,
            sharing_group_id=group,
            updated_at=datetime.now(UTC),
        )
    )


def _rule(caller: int, level: str, owner: int, members: set[int] | None) -> bool:
    """The docstring's rule, written out independently."""
    if caller == owner:
        return True
    if members is not None:
        return caller in members
    return level != "RED"


def test_the_levels_are_tlp_2() -> None:
    assert tuple(tlp.levels()) == LEVELS
    assert [tlp.rank(level) for level in LEVELS] == [0, 1, 2, 3, 4]


def test_sql_and_python_agree_on_every_combination(store: Store, world: World) -> None:
    orgs = (LOCAL_ORG, world.a, world.b, world.c)
    groups = (None, world.ab, world.c_only)
    combos = list(itertools.product(LEVELS, orgs, groups))
    with store.transaction("test") as conn:
        ids = _indicators(conn, len(combos) + 2)
        for object_id, (level, owner, group) in zip(ids, combos, strict=False):
            _mark(conn, object_id, level, owner, group)
        unmarked, campaign_twin = ids[-2:]
        # A RED campaign with the same id must not hide the indicator.
        conn.execute(
            insert(tables.markings).values(
                object_type="campaign",
                object_id=campaign_twin,
                owner_org_id=world.c,
                tlp="RED",
                sharing_group_id=None,
                updated_at=datetime.now(UTC),
            )
        )
        ind = tables.indicators
        for caller in (*orgs, world.d):
            by_sql = set(
                conn.execute(
                    select(ind.c.id).where(visible("indicator", ind.c.id, caller))
                ).scalars()
            )
            by_python = {i for i in ids if can_see(conn, caller, get_marking(conn, "indicator", i))}
            assert by_sql == by_python, caller
            expected = {unmarked, campaign_twin} | {
                i
                for i, (level, owner, group) in zip(ids, combos, strict=False)
                if _rule(caller, level, owner, world.members(group) if group else None)
            }
            assert by_sql == expected, caller


@pytest.mark.parametrize(
    ("level", "owner", "group", "caller", "sees"),
    [
        ("RED", "a", None, "a", True),  # the owner sees its RED object
        ("RED", "a", None, "b", False),  # RED without a group stays with its owner
        ("RED", "a", None, "local", False),  # … even from the installation
        ("RED", "a", "ab", "b", True),  # a group member sees any level
        ("CLEAR", "a", "ab", "c", False),  # a group object is for its members only
        ("AMBER+STRICT", "a", None, "d", True),  # below RED, no group: the community
        ("CLEAR", "c", "c_only", "a", False),
        ("GREEN", "local", None, "d", True),
    ],
)
def test_visibility_rules(
    store: Store, world: World, level: str, owner: str, group: str | None, caller: str, sees: bool
) -> None:
    org = {"local": LOCAL_ORG, "a": world.a, "b": world.b, "c": world.c, "d": world.d}
    group_id = {None: None, "ab": world.ab, "c_only": world.c_only}[group]
    marking = Marking("indicator", 1, level, org[owner], group_id, explicit=True)
    with store.transaction("test") as conn:
        assert can_see(conn, org[caller], marking) is sees


def test_an_unmarked_object_is_amber_owned_by_this_installation(store: Store) -> None:
    with store.transaction("test") as conn:
        m = get_marking(conn, "indicator", 12345)
        with pytest.raises(ValueError, match="markings are for"):
            get_marking(conn, "post", 1)
    assert (m.tlp, m.owner_org_id, m.sharing_group_id, m.explicit) == (
        "AMBER",
        LOCAL_ORG,
        None,
        False,
    )


def _set(
    conn: Connection,
    org: int,
    level: str,
    *,
    group: int | None = None,
    lower: bool = False,
    object_id: int = 7,
    owner: int | None = None,
) -> Marking:
    _, new = set_marking(
        conn,
        org_id=org,
        may_lower=lower,
        object_type="indicator",
        object_id=object_id,
        level=level,
        sharing_group=group,
        owner_org_id=owner,
    )
    return new


def test_any_viewer_may_raise(store: Store, world: World) -> None:
    with store.transaction("test") as conn:
        assert _set(conn, world.d, "AMBER+STRICT").owner_org_id == LOCAL_ORG
        assert _set(conn, world.a, "tlp:amber+strict", group=world.ab).sharing_group_id == world.ab
        assert _set(conn, world.b, "RED", group=world.ab).tlp == "RED"
        assert _set(conn, world.b, "RED", group=world.ab).tlp == "RED"  # unchanged: fine
        # Now only a and b (and the owner) see it: d may not touch it any more.
        with pytest.raises(AccessDenied, match="閲覧する権限"):
            _set(conn, world.d, "RED", group=world.ab)
        assert get_marking(conn, "indicator", 7).owner_org_id == LOCAL_ORG


def test_narrowing_to_a_subgroup_is_a_raise_widening_is_not(store: Store, world: World) -> None:
    with store.transaction("test") as conn:
        a_only = create_group(conn, "a_only", "A", world.a, []).id
        _set(conn, world.a, "AMBER", group=world.ab)
        with pytest.raises(AccessDenied, match="監督者"):
            _set(conn, world.a, "AMBER")  # removing the group widens the audience
        assert _set(conn, world.a, "AMBER", group=a_only).sharing_group_id == a_only
        with pytest.raises(AccessDenied, match="監督者"):
            _set(conn, world.a, "AMBER", group=world.ab)  # a wider group


def test_sharing_with_a_group_needs_membership(store: Store, world: World) -> None:
    with store.transaction("test") as conn, pytest.raises(AccessDenied, match="共有グループ"):
        _set(conn, world.d, "AMBER", group=world.ab)


@pytest.mark.parametrize(
    ("who", "may_lower", "allowed"),
    [
        ("owner", True, True),  # the owner's supervisor
        ("owner", False, False),  # the owner's analyst
        ("other", True, False),  # another organisation's supervisor
        ("other", False, False),
    ],
)
def test_lowering_is_for_the_owners_supervisors(
    store: Store, world: World, who: str, may_lower: bool, allowed: bool
) -> None:
    with store.transaction("test") as conn:
        _set(conn, world.a, "AMBER+STRICT", owner=world.a)
        caller = world.a if who == "owner" else world.b
        if allowed:
            assert _set(conn, caller, "CLEAR", lower=may_lower).tlp == "CLEAR"
        else:
            with pytest.raises(AccessDenied, match="所有組織の監督者"):
                _set(conn, caller, "GREEN", lower=may_lower)
            assert get_marking(conn, "indicator", 7).tlp == "AMBER+STRICT"


def test_removing_a_group_is_lowering(store: Store, world: World) -> None:
    with store.transaction("test") as conn:
        _set(conn, world.a, "AMBER", group=world.ab, owner=world.a)
        with pytest.raises(AccessDenied):
            _set(conn, world.b, "RED", lower=True)  # stricter level, but wider audience
        assert _set(conn, world.a, "RED", lower=True).sharing_group_id is None


def test_bad_levels_and_types_are_refused(store: Store, world: World) -> None:
    with store.transaction("test") as conn:
        with pytest.raises(ValueError, match="not a TLP level"):
            _set(conn, world.a, "PURPLE")
        with pytest.raises(ValueError, match="markings are for"):
            set_marking(
                conn, org_id=world.a, may_lower=True, object_type="post", object_id=1, level="RED"
            )


def test_count_marked(store: Store, world: World) -> None:
    with store.transaction("test") as conn:
        _set(conn, world.a, "RED", object_id=1)
        _set(conn, world.a, "RED", object_id=2)
        _set(conn, world.a, "AMBER+STRICT", object_id=3)
        assert count_marked(conn) == {"RED": 2, "AMBER+STRICT": 1}
