from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import first_case, login

from cyberpatrol.cases import Hotline


def _token(hotline: Hotline, username: str) -> dict[str, str]:
    _, secret = hotline.create_token(hotline.user(username), "test")
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/cases").status_code == 401
    bad = client.get("/api/v1/cases", headers={"Authorization": "Bearer cpt_nope"})
    assert bad.status_code == 401


def test_cases_list_and_detail(client: TestClient, hotline: Hotline) -> None:
    auth = _token(hotline, "view")
    page = client.get("/api/v1/cases", headers=auth).json()
    assert page["total"] == 2
    assert [c["external_id"] for c in page["cases"]] == ["evil", "second"]
    case = client.get(f"/api/v1/cases/{first_case(hotline)}", headers=auth).json()
    assert case["text"].startswith("<script>")  # JSON carries the text as data
    assert client.get("/api/v1/cases/999999", headers=auth).status_code == 404
    assert client.get("/api/v1/cases?limit=0", headers=auth).status_code == 422


def test_judging_through_the_api(client: TestClient, hotline: Hotline) -> None:
    case = first_case(hotline)
    viewer = _token(hotline, "view")
    body = {"category": "crime_recruitment", "reason": "API"}
    assert (
        client.post(f"/api/v1/cases/{case}/judgement", json=body, headers=viewer).status_code == 403
    )
    analyst = _token(hotline, "ana")
    r = client.post(f"/api/v1/cases/{case}/judgement", json=body, headers=analyst)
    assert r.status_code == 201 and r.json()["username"] == "ana"
    history = client.get(f"/api/v1/cases/{case}/judgements", headers=viewer).json()
    assert [j["category"] for j in history] == ["crime_recruitment"]
    bad = client.post(
        f"/api/v1/cases/{case}/overturn",
        json={"category": "nope", "reason": "x"},
        headers=_token(hotline, "sup"),
    )
    assert bad.status_code == 400


def test_browser_calls_to_the_api_need_the_csrf_header(
    client: TestClient, hotline: Hotline
) -> None:
    csrf = login(client, "ana")
    case = first_case(hotline)
    assert client.post(f"/api/v1/cases/{case}/claim").status_code == 403
    ok = client.post(f"/api/v1/cases/{case}/claim", headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["claimed_by"] == "ana"


def test_submitted_items_are_scanned_stored_and_queued(
    client: TestClient, hotline: Hotline
) -> None:
    items = {
        "items": [
            {
                "id": "p1",
                "platform": "jmty",
                "text": "【即日即金】ホワイト案件！受け子できる人募集。日給5万円、テレグラム @white_88",
            },
            {"id": "p2", "platform": "jmty", "text": "今日は雨なので家でカレーを作りました"},
        ]
    }
    assert (
        client.post("/api/v1/items", json=items, headers=_token(hotline, "view")).status_code == 403
    )
    r = client.post("/api/v1/items", json=items, headers=_token(hotline, "ana"))
    assert r.status_code == 200
    out = {o["id"]: o for o in r.json()}
    assert out["p1"]["flagged"] and out["p1"]["case_id"] is not None
    assert not out["p2"]["flagged"] and out["p2"]["case_id"] is None
    assert out["p1"]["result"]["evidence"]
    too_many = {"items": [{"id": str(i), "text": "x"} for i in range(501)]}
    assert (
        client.post("/api/v1/items", json=too_many, headers=_token(hotline, "ana")).status_code
        == 422
    )


def test_openapi_document_validates_and_lists_every_endpoint(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    validate(doc)  # raises on an invalid OpenAPI document
    paths = set(doc["paths"])
    assert {
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/judgement",
        "/api/v1/cases/{case_id}/overturn",
        "/api/v1/cases/{case_id}/claim",
        "/api/v1/cases/{case_id}/release",
        "/api/v1/cases/{case_id}/judgements",
        "/api/v1/items",
    } <= paths


def test_claim_and_release_through_the_api(client: TestClient, hotline: Hotline) -> None:
    case = first_case(hotline)
    ana, ana2 = _token(hotline, "ana"), _token(hotline, "ana2")
    assert client.post(f"/api/v1/cases/{case}/claim", headers=ana).json()["claimed_by"] == "ana"
    assert client.post(f"/api/v1/cases/{case}/claim", headers=ana2).status_code == 409
    assert client.post(f"/api/v1/cases/{case}/release", headers=ana2).status_code == 409
    assert client.post(f"/api/v1/cases/{case}/release", headers=ana).status_code == 204
    assert client.post(f"/api/v1/cases/{case}/claim", headers=ana2).status_code == 200
