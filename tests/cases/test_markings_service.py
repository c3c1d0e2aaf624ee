"""Distribution markings through the hotline: who may raise, who may lower, who sees what."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from case_builders import PASSWORD, Staff, result
from sqlalchemy import insert

from cyberpatrol.cases import Actor, Hotline, QueueFilter
from cyberpatrol.cases.audit import entries
from cyberpatrol.cases.visibility import hidden_from
from cyberpatrol.errors import AccessDenied, NotFound
from cyberpatrol.model import Indicator
from cyberpatrol.sharing.markings import can_see, get_marking
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_group, create_org, get_group
from cyberpatrol.store import tables

PHONE = Indicator("phone", "+819012345678", 0, 13, "090-1234-5678")
TELEGRAM = Indicator("telegram", "yami_job", 14, 23, "@yami_job")
LOWER_REFUSED = "所有組織の監督者だけ"


@dataclass
class World:
    """Two banks in a sharing group, a telecom outside it, and objects of each kind."""

    bank_a: int
    bank_b: int
    telco: int
    bank_analyst: Actor
    bank_supervisor: Actor
    bank_b_analyst: Actor
    telco_analyst: Actor
    case: int
    other_case: int
    phone: int
    telegram: int
    campaign: int
    campaign_key: str


@pytest.fixture
def world(hotline: Hotline, staff: Staff) -> World:
    hotline.store.save(
        [
            replace(result("a1", 0.9), indicators=(PHONE, TELEGRAM)),
            replace(result("a2", 0.8), indicators=(PHONE,)),
        ]
    )
    hotline.enqueue_flagged()
    now = datetime.now(UTC)
    with hotline.store.transaction("test") as conn:
        bank_a = create_org(conn, "bank_a", "A銀行", "bank").id
        bank_b = create_org(conn, "bank_b", "B銀行", "bank").id
        telco = create_org(conn, "telco", "C通信", "telecom").id
        create_group(conn, "banks", "銀行グループ", bank_a, [bank_b])
        campaign = conn.execute(
            insert(tables.campaigns)
            .values(key="c-test", size=2, accounts=1, why=[], updated_at=now)
            .returning(tables.campaigns.c.id)
        ).scalar_one()
        ids = {(r.type, r.value): int(r.id) for r in conn.execute(tables.indicators.select())}

    def actor(name: str, role: str, org: str) -> Actor:
        user = hotline.create_user(name, PASSWORD, role_name=role, organisation=org)
        return user.actor("192.0.2.9")

    a1, a2 = hotline.case_id_of("x", "a1"), hotline.case_id_of("x", "a2")
    assert a1 is not None and a2 is not None
    return World(
        bank_a,
        bank_b,
        telco,
        actor("bana", "analyst", "bank_a"),
        actor("bsup", "supervisor", "bank_a"),
        actor("bbana", "analyst", "bank_b"),
        actor("tana", "analyst", "telco"),
        a1,
        a2,
        ids[("phone", PHONE.value)],
        ids[("telegram", TELEGRAM.value)],
        int(campaign),
        "c-test",
    )


def _changes(hotline: Hotline) -> list[tuple[str, dict[str, object]]]:
    with hotline.store.transaction("test") as conn:
        return [(e.target, e.detail) for e in entries(conn, action="marking.change")]


def _ids(w: World) -> dict[str, int]:
    return {"indicator": w.phone, "campaign": w.campaign, "case": w.case}


# -- who may change what ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["indicator", "campaign", "case"])
def test_an_analyst_raises_and_the_change_is_audited(
    hotline: Hotline, staff: Staff, world: World, kind: str
) -> None:
    object_id = _ids(world)[kind]
    assert hotline.marking(staff.analyst, kind, object_id).tlp == "AMBER"
    assert hotline.set_marking(staff.analyst, kind, object_id, "tlp:red")
    shown = hotline.marking(staff.analyst, kind, object_id)
    assert (shown.tlp, shown.css, shown.explicit) == ("RED", "tlp-red", True)
    assert shown.owner.id == LOCAL_ORG
    [(target, detail)] = _changes(hotline)
    assert target == f"{kind}:{object_id}"
    assert detail["old"] == {"tlp": "AMBER", "group": None}
    assert detail["new"] == {"tlp": "RED", "group": None}
    assert detail["owner"] == "local"
    if kind == "campaign":
        assert detail["key"] == "c-test"


def test_an_analyst_may_not_lower(hotline: Hotline, staff: Staff, world: World) -> None:
    hotline.set_marking(staff.analyst, "indicator", world.phone, "RED")
    with pytest.raises(AccessDenied, match=LOWER_REFUSED):
        hotline.set_marking(staff.analyst, "indicator", world.phone, "GREEN")
    assert hotline.marking(staff.analyst, "indicator", world.phone).tlp == "RED"
    assert len(_changes(hotline)) == 1  # the refusal wrote nothing


def test_a_supervisor_of_another_organisation_may_not_lower(hotline: Hotline, world: World) -> None:
    with pytest.raises(AccessDenied, match=LOWER_REFUSED):
        hotline.set_marking(world.bank_supervisor, "case", world.case, "CLEAR")
    assert _changes(hotline) == []
    # raising is anyone's who can see it
    assert hotline.set_marking(world.bank_supervisor, "case", world.case, "AMBER+STRICT")


def test_the_owners_supervisor_lowers(hotline: Hotline, staff: Staff, world: World) -> None:
    hotline.set_marking(staff.analyst, "campaign", world.campaign, "RED")
    assert hotline.set_marking(staff.supervisor, "campaign", world.campaign, "CLEAR")
    assert hotline.marking(staff.analyst, "campaign", world.campaign).tlp == "CLEAR"
    assert [d["new"] for _, d in _changes(hotline)] == [
        {"tlp": "CLEAR", "group": None},
        {"tlp": "RED", "group": None},
    ]


def test_nothing_changed_writes_nothing(hotline: Hotline, staff: Staff, world: World) -> None:
    assert not hotline.set_marking(staff.analyst, "case", world.case, "amber")
    assert _changes(hotline) == []


def test_viewers_may_raise_but_not_lower(hotline: Hotline, staff: Staff, world: World) -> None:
    # The issue: "a marking can be raised by anyone who can see the object".
    assert hotline.marking(staff.viewer, "case", world.case).can_change
    assert hotline.set_marking(staff.viewer, "case", world.case, "RED")
    with pytest.raises(AccessDenied, match="監督者"):
        hotline.set_marking(staff.viewer, "case", world.case, "GREEN")


def test_bad_levels_groups_and_objects(hotline: Hotline, staff: Staff, world: World) -> None:
    from cyberpatrol.errors import WorkflowError

    with pytest.raises(WorkflowError, match="TLP"):
        hotline.set_marking(staff.analyst, "case", world.case, "PURPLE")
    with pytest.raises(NotFound, match="共有グループ"):
        hotline.set_marking(staff.analyst, "case", world.case, "AMBER", "nope")
    with pytest.raises(NotFound, match="案件 999999"):
        hotline.set_marking(staff.analyst, "case", 999_999, "RED")
    with pytest.raises(NotFound):
        hotline.marking(staff.analyst, "post", 1)
    # the local organisation is not in the banks' group: it cannot share with it
    with pytest.raises(AccessDenied, match="所属していない"):
        hotline.set_marking(staff.analyst, "case", world.case, "AMBER", "banks")


# -- what the panel offers -------------------------------------------------------


def test_options_that_would_lower_are_for_the_owners_supervisors(
    hotline: Hotline, staff: Staff, world: World
) -> None:
    hotline.set_marking(world.bank_analyst, "case", world.case, "AMBER+STRICT", "banks")
    analyst = hotline.marking(world.bank_analyst, "case", world.case)
    assert [c.value for c in analyst.levels] == ["AMBER+STRICT", "RED"]
    assert [c.value for c in analyst.groups] == ["banks"]  # no "no group": that widens
    assert not analyst.may_lower
    owner = hotline.marking(staff.supervisor, "case", world.case)
    assert owner.may_lower
    assert [c.value for c in owner.levels] == ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    assert [c.value for c in owner.groups] == ["", "banks"]  # banks: current, shown to all
    assert [c.value for c in owner.groups if c.selected] == ["banks"]
    assert owner.group is not None and owner.group.label == "銀行グループ"


# -- who sees what ---------------------------------------------------------------


def test_red_objects_of_another_organisation_do_not_exist_for_its_users(
    hotline: Hotline, staff: Staff, world: World
) -> None:
    for kind, object_id in _ids(world).items():
        hotline.set_marking(staff.analyst, kind, object_id, "RED")
    outsider = world.bank_analyst
    with pytest.raises(NotFound, match=f"案件 {world.case} は存在しません"):
        hotline.case(outsider, world.case)
    with pytest.raises(NotFound, match="存在しません"):
        hotline.indicator(outsider, world.phone)
    with pytest.raises(NotFound, match="c-test"):
        hotline.campaign(outsider, "c-test")
    with pytest.raises(NotFound):
        hotline.find_indicator(outsider, "phone", "090-1234-5678")
    for kind, object_id in _ids(world).items():
        with pytest.raises(NotFound):
            hotline.marking(outsider, kind, object_id)
        with pytest.raises(NotFound):
            hotline.set_marking(outsider, kind, object_id, "RED")
    for step in (hotline.claim, hotline.history, hotline.related, hotline.letter_history):
        with pytest.raises(NotFound):
            step(outsider, world.case)  # type: ignore[operator]
    with pytest.raises(NotFound):
        hotline.judge(outsider, world.case, "crime.recruitment")
    # the owner still sees everything
    assert hotline.case(staff.analyst, world.case).id == world.case
    assert hotline.indicator(staff.analyst, world.phone)[0].indicator.id == world.phone
    assert hotline.campaign(staff.analyst, "c-test")[0].summary.key == "c-test"


def test_lists_leave_out_what_another_organisation_may_not_see(
    hotline: Hotline, staff: Staff, world: World
) -> None:
    hotline.set_marking(staff.analyst, "case", world.other_case, "RED")
    hotline.set_marking(staff.analyst, "campaign", world.campaign, "RED")
    hotline.set_marking(staff.analyst, "indicator", world.telegram, "RED")
    outsider = world.telco_analyst
    rows, total = hotline.queue(outsider, QueueFilter())
    assert [r.id for r in rows] == [world.case] and total == 1
    assert hotline.queue(staff.analyst, QueueFilter())[1] == 2
    assert hotline.campaigns(outsider) == ([], 0)
    assert hotline.campaigns(staff.analyst)[1] == 1
    assert hotline.related(outsider, world.case) == []
    assert [r.case_id for r in hotline.related(staff.analyst, world.case)] == [world.other_case]
    post_id = hotline.case(outsider, world.case).post_id
    shown = hotline.post_links(outsider, post_id).indicator_ids
    assert set(shown.values()) == {world.phone}
    view, graph = hotline.indicator(outsider, world.phone)
    assert [p.case_id for p in view.posts] == [world.case]
    assert view.related == []
    assert f"indicator:{world.telegram}" not in graph
    assert f"indicator:{world.telegram}" in hotline.indicator(staff.analyst, world.phone)[1]


def test_a_sharing_group_shows_an_object_to_its_members_only(
    hotline: Hotline, staff: Staff, world: World
) -> None:
    hotline.set_marking(world.bank_analyst, "indicator", world.phone, "AMBER", "banks")
    assert hotline.indicator(world.bank_b_analyst, world.phone)
    with pytest.raises(NotFound):
        hotline.indicator(world.telco_analyst, world.phone)
    assert hotline.indicator(staff.analyst, world.phone)  # the owner, though not a member
    # the owner's supervisor may take the group off again
    assert hotline.set_marking(staff.supervisor, "indicator", world.phone, "AMBER", None)
    assert hotline.indicator(world.telco_analyst, world.phone)


@pytest.mark.parametrize(
    ("level", "group", "owner"),
    [
        ("RED", None, "local"),
        ("RED", None, "telco"),
        ("AMBER", None, "telco"),
        ("CLEAR", "banks", "telco"),
        ("RED", "banks", "bank_a"),
    ],
)
def test_hidden_agrees_with_can_see(
    hotline: Hotline, world: World, level: str, group: str | None, owner: str
) -> None:
    orgs = {"local": LOCAL_ORG, "bank_a": world.bank_a, "telco": world.telco}
    with hotline.store.transaction("test") as conn:
        conn.execute(
            insert(tables.markings).values(
                object_type="indicator",
                object_id=world.phone,
                owner_org_id=orgs[owner],
                tlp=level,
                sharing_group_id=get_group(conn, group).id if group else None,
                updated_at=datetime.now(UTC),
            )
        )
        marking = get_marking(conn, "indicator", world.phone)
        for org in (LOCAL_ORG, world.bank_a, world.bank_b, world.telco):
            hidden = world.phone in hidden_from(conn, org).indicators
            assert hidden == (not can_see(conn, org, marking)), (org, marking)


def test_users_belong_to_organisations(hotline: Hotline, world: World) -> None:
    assert world.bank_analyst.organisation_id == world.bank_a
    assert hotline.user("bana").organisation_id == world.bank_a
    assert hotline.user("admin").organisation_id == LOCAL_ORG
    with pytest.raises(NotFound, match="組織「nowhere」"):
        hotline.create_user("ghost", PASSWORD, role_name="analyst", organisation="nowhere")


def test_figures_audit_log_and_labels_are_the_operating_organisations(
    hotline: Hotline, staff: Staff, world: World
) -> None:
    for read in (
        lambda a: hotline.audit_log(a),
        lambda a: hotline.stats(a),
        lambda a: list(hotline.export_labels(a)),
    ):
        with pytest.raises(AccessDenied, match="運用組織"):
            read(world.bank_supervisor)
        read(staff.supervisor)
