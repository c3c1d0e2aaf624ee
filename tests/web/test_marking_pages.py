"""The 「共有範囲」 panel of the case, indicator and campaign pages, and its form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import PASSWORD, Linked, first_case, login

from cyberpatrol.cases import Hotline
from cyberpatrol.sharing.markings import set_marking
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_group, create_org

HOSTILE_ORG = "<script>alert('org')</script>"
HOSTILE_GROUP = '"><img src=x onerror=alert(1)>'


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S)
    assert select, page
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_case_page_shows_the_panel(client: TestClient, hotline: Hotline) -> None:
    login(client, "ana")
    case_id = first_case(hotline)
    page = client.get(f"/cases/{case_id}").text
    assert '<h2 id="marking-title">共有範囲</h2>' in page
    assert '<span class="tlp tlp-amber">TLP:AMBER' in page
    assert "運用組織（local）" in page and "既定の区分" in page
    assert f'action="/cases/{case_id}/marking"' in page
    assert _options(page, "tlp") == ["AMBER", "AMBER+STRICT", "RED"]  # no lowering for analysts
    assert _options(page, "group") == [""]


def test_the_owners_supervisor_is_offered_every_level(client: TestClient, hotline: Hotline) -> None:
    login(client, "sup")
    page = client.get(f"/cases/{first_case(hotline)}").text
    assert _options(page, "tlp") == ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


def test_a_viewer_may_only_raise(client: TestClient, hotline: Hotline) -> None:
    login(client, "view")
    page = client.get(f"/cases/{first_case(hotline)}").text
    assert "tlp-amber" in page and 'name="tlp"' in page
    assert 'value="RED"' in page and 'value="GREEN"' not in page


def test_the_form_changes_the_marking_with_its_csrf_token(
    client: TestClient, hotline: Hotline
) -> None:
    csrf = login(client, "ana")
    case_id = first_case(hotline)
    url = f"/cases/{case_id}/marking"
    refused = client.post(url, data={"tlp": "RED"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    r = client.post(url, data={"tlp": "RED", "group": "", "csrf_token": csrf})
    assert r.status_code == 200 and r.url.path == f"/cases/{case_id}"
    assert "共有範囲を変更しました。" in r.text
    assert '<span class="tlp tlp-red">TLP:RED' in r.text
    same = client.post(url, data={"tlp": "RED", "csrf_token": csrf})
    assert "共有範囲は変わっていません。" in same.text
    login(client, "sup")
    audit = client.get("/audit").text
    assert "marking.change" in audit and f"case:{case_id}" in audit


def test_a_refused_lowering_shows_why_in_japanese(client: TestClient, hotline: Hotline) -> None:
    csrf = login(client, "ana")
    url = f"/cases/{first_case(hotline)}/marking"
    client.post(url, data={"tlp": "RED", "csrf_token": csrf})
    r = client.post(url, data={"tlp": "CLEAR", "csrf_token": csrf})
    assert r.status_code == 403
    assert "所有組織の監督者だけです" in r.text
    bad = client.post(url, data={"tlp": "<b>PURPLE</b>", "csrf_token": csrf})
    assert bad.status_code == 400 and "TLP" in bad.text and "<b>PURPLE" not in bad.text


def test_hostile_organisation_and_group_labels_are_escaped(
    client: TestClient, hotline: Hotline
) -> None:
    case_id = first_case(hotline)
    with hotline.store.transaction("test") as conn:
        evil = create_org(conn, "evil", HOSTILE_ORG, "other").id
        create_group(conn, "evil_group", HOSTILE_GROUP, LOCAL_ORG, [evil])
        set_marking(
            conn,
            org_id=LOCAL_ORG,
            may_lower=True,
            object_type="case",
            object_id=case_id,
            level="AMBER",
            owner_org_id=evil,
        )
    csrf = login(client, "ana")
    r = client.post(
        f"/cases/{case_id}/marking",
        data={"tlp": "AMBER", "group": "evil_group", "csrf_token": csrf},
    )
    assert r.status_code == 200, r.text
    assert "<script>alert('org')" not in r.text and "&lt;script&gt;" in r.text
    assert "<img src=x" not in r.text and "&lt;img src=x onerror=alert(1)&gt;" in r.text


def test_the_indicator_and_campaign_pages_have_the_panel(
    client: TestClient, linked: Linked
) -> None:
    csrf = login(client, "ana")
    for page, action in [
        (f"/indicators/{linked.indicator_id}", f"/indicators/{linked.indicator_id}/marking"),
        (f"/campaigns/{linked.campaign}", f"/campaigns/{linked.campaign}/marking"),
    ]:
        before = client.get(page).text
        assert f'action="{action}"' in before and "tlp-amber" in before
        r = client.post(action, data={"tlp": "AMBER+STRICT", "csrf_token": csrf})
        assert r.status_code == 200 and r.url.path == page
        assert '<span class="tlp tlp-amber-strict">' in r.text
    assert (
        client.post(
            "/campaigns/c-nope/marking", data={"tlp": "RED", "csrf_token": csrf}
        ).status_code
        == 404
    )


def test_another_organisations_analyst_gets_404_for_red_objects(
    client: TestClient, hotline: Hotline, linked: Linked
) -> None:
    with hotline.store.transaction("test") as conn:
        create_org(conn, "bank_a", "A銀行", "bank")
    hotline.create_user("bana", PASSWORD, role_name="analyst", organisation="bank_a")
    csrf = login(client, "ana")
    targets = [
        f"/cases/{linked.hostile_case}",
        f"/indicators/{linked.indicator_id}",
        f"/campaigns/{linked.campaign}",
    ]
    for page in targets:
        assert client.post(f"{page}/marking", data={"tlp": "RED", "csrf_token": csrf}).is_success
    csrf = login(client, "bana")
    for page in targets:
        assert client.get(page).status_code == 404, page
        assert client.get(f"/api/v1{page}").status_code == 404, page
        r = client.post(f"{page}/marking", data={"tlp": "RED", "csrf_token": csrf})
        assert r.status_code == 404, page
    assert f'href="/cases/{linked.hostile_case}"' not in client.get("/queue").text
    assert f"/campaigns/{linked.campaign}" not in client.get("/campaigns").text
    api = client.get("/api/v1/cases", params={"status": ""}).json()
    assert linked.hostile_case not in [c["id"] for c in api["cases"]]
