from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import first_case, hostile_result, login

from cyberpatrol.cases import Hotline


def test_pages_need_a_login(client: TestClient) -> None:
    r = client.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_wrong_password_is_refused(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/login",
        data={"username": "ana", "password": "wrong password!!", "csrf_token": token.group(1)},
    )
    assert r.status_code == 401 and "ユーザー名またはパスワードが違います" in r.text


def test_login_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"username": "ana", "password": "x" * 20, "csrf_token": "bad"})
    assert r.status_code == 403


def test_queue_and_item_page_render_hostile_posts_inert(
    client: TestClient, hotline: Hotline
) -> None:
    login(client, "ana")
    for path in ("/queue", f"/cases/{first_case(hotline)}"):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body
        assert 'href="javascript:' not in body and "<b>受け子</b>" not in body
        assert "&lt;script&gt;" in body
    page = client.get(f"/cases/{first_case(hotline)}").text
    assert '<mark class="lexicon" title="役割: &lt;b&gt;受け子&lt;/b&gt;">受け子</mark>' in page
    assert '<mark class="learned"' in page


def test_every_response_carries_a_strict_content_security_policy(client: TestClient) -> None:
    r = client.get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert "<script>" not in r.text.replace('<script src="/static/app.js" defer></script>', "")


def test_state_changes_need_the_csrf_token(client: TestClient, hotline: Hotline) -> None:
    csrf = login(client, "ana")
    case = first_case(hotline)
    assert client.post(f"/cases/{case}/claim", follow_redirects=False).status_code == 403
    wrong = client.post(f"/cases/{case}/claim", data={"csrf_token": "nope"})
    assert wrong.status_code == 403
    ok = client.post(f"/cases/{case}/claim", data={"csrf_token": csrf}, follow_redirects=False)
    assert ok.status_code == 303


def test_an_analyst_judges_from_the_item_page(client: TestClient, hotline: Hotline) -> None:
    csrf = login(client, "ana")
    case = first_case(hotline)
    page = client.get(f"/cases/{case}").text
    assert 'value="crime_recruitment" data-key=' in page and "checked" in page
    r = client.post(
        f"/cases/{case}/judge",
        data={"csrf_token": csrf, "category": "crime_recruitment", "reason": "<i>受け子</i>"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    after = client.get(r.headers["location"]).text
    assert "判断を記録しました" in after and "&lt;i&gt;受け子&lt;/i&gt;" in after
    again = client.post(
        f"/cases/{case}/judge", data={"csrf_token": csrf, "category": "out_of_scope"}
    )
    assert again.status_code == 409


def test_a_viewer_cannot_judge_or_act(client: TestClient, hotline: Hotline) -> None:
    csrf = login(client, "view")
    case = first_case(hotline)
    assert "判断を記録" not in client.get(f"/cases/{case}").text
    for action in ("claim", "judge"):
        r = client.post(
            f"/cases/{case}/{action}", data={"csrf_token": csrf, "category": "out_of_scope"}
        )
        assert r.status_code == 403, action


def test_the_audit_log_is_for_supervisors(client: TestClient, hotline: Hotline) -> None:
    login(client, "ana")
    client.get(f"/cases/{first_case(hotline)}")
    assert client.get("/audit").status_code == 403
    client.cookies.clear()
    login(client, "sup")
    page = client.get("/audit").text
    assert "case.view" in page and "login" in page


def test_logout_ends_the_session(client: TestClient) -> None:
    csrf = login(client, "ana")
    r = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_statistics_page_shows_the_figures_and_a_chart(
    client: TestClient, hotline: Hotline
) -> None:
    login(client, "ana")
    case = first_case(hotline)
    hotline.judge(hotline.user("ana").actor(), case, "crime_recruitment")
    page = client.get("/stats")
    assert page.status_code == 200
    assert "分析 <strong>1</strong> 件" in page.text
    assert "<svg" in page.text and 'class="analysed"' in page.text
    assert client.get("/stats?since=2100-01-01").text.count("<strong>0</strong>") == 3


def test_letters_are_previewed_escaped_and_recorded(client: TestClient, hotline: Hotline) -> None:
    from dataclasses import replace as dc_replace

    r = hostile_result("withurl", 0.99)
    hotline.store.save([dc_replace(r, item=dc_replace(r.item, url="https://x.com/a/status/1"))])
    hotline.enqueue_flagged()
    case = hotline.case_id_of("x", "withurl")
    assert case is not None
    csrf = login(client, "ana")
    assert f"/cases/{case}/letters/" not in client.get(f"/cases/{case}").text  # not judged yet
    client.post(f"/cases/{case}/judge", data={"csrf_token": csrf, "category": "crime_recruitment"})
    page = client.get(f"/cases/{case}").text
    assert f'href="/cases/{case}/letters/warning"' in page
    preview = client.get(f"/cases/{case}/letters/deletion_request")
    assert preview.status_code == 200
    assert "<script>" not in preview.text and "https://x.com/a/status/1" in preview.text
    assert "ドライラン" in preview.text
    sent = client.post(
        f"/cases/{case}/letters/deletion_request",
        data={"csrf_token": csrf, "to": "abuse@example.org"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("n=dryrun")
    history = client.get(sent.headers["location"]).text
    assert "削除依頼" in history and "abuse@example.org" in history and "dry-run" in history
    no_csrf = client.post(f"/cases/{case}/letters/warning")
    assert no_csrf.status_code == 403


def test_the_item_page_shows_the_text_read_from_images(
    client: TestClient, hotline: Hotline
) -> None:
    from dataclasses import replace as dc_replace

    from cyberpatrol.model import ImageNote

    r = hostile_result("imgpost", 0.98)
    note = ImageNote(1, "flyer.png", 20, None, "日給5万 受け子 <script>alert(5)</script>")
    hotline.store.save([dc_replace(r, images=(note,))])
    hotline.enqueue_flagged()
    case = hotline.case_id_of("x", "imgpost")
    login(client, "ana")
    page = client.get(f"/cases/{case}").text
    assert "画像の文字（OCR）" in page and "画像1" in page
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in page and "<script>alert(5)" not in page
