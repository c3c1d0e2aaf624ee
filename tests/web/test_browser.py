"""The hotline in a real browser: Debian's Chromium driven by Playwright.

A live server (uvicorn, loopback) over a fresh SQLite store, a real SMTP server
(aiosmtpd) and a "platform" (an HTTP server) hosting the post, all on loopback.
The test walks the whole path: log in, the queue by keyboard, the item, the
judgement, a reply warning (dry run), a deletion request (received by SMTP),
a re-check after the platform removed the post, and the statistics changing
— and checks that the criminal's markup never runs (no dialog ever opens).
Screenshots of the pages go to ``test-artifacts/screenshots/`` (or
``$CYBERPATROL_SCREENSHOTS``).
"""

from __future__ import annotations

import email
import email.policy
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller
from web_helpers import (
    PASSWORD,
    example_results,
    free_port,
    hostile_result,
    load_campaigns,
    serving,
)

from cyberpatrol.actions import SmtpDispatcher
from cyberpatrol.cases import Hotline
from cyberpatrol.engine import Engine
from cyberpatrol.net import FetchPolicy

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CYBERPATROL_SCREENSHOTS", "test-artifacts/screenshots"))

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


class _Platform(BaseHTTPRequestHandler):
    removed: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        gone = self.path in self.removed
        self.send_response(404 if gone else 200)
        self.end_headers()
        self.wfile.write(b"deleted" if gone else b"<p>post</p>")

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Live:
    url: str
    hotline: Hotline
    inbox: _Inbox
    platform: str
    policy: FetchPolicy


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    hotline = Hotline.open(f"sqlite:///{tmp_path / 'browser.db'}")
    hotline.create_user("ana", PASSWORD, role_name="analyst", display_name="分析 花子")
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Platform)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    site_port = site.server_address[1]
    post = hostile_result("evil", 0.97)
    post = replace(post, item=replace(post.item, url=f"http://127.0.0.1:{site_port}/p/1"))
    hotline.store.save([post, hostile_result("second", 0.91)])
    hotline.enqueue_flagged()
    inbox = _Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hotline.dispatchers["email"] = SmtpDispatcher(
        "127.0.0.1", smtp_port, sender="patrol@example.org", starttls=False, timeout=5
    )
    policy = FetchPolicy(allow_networks=(ip_network("127.0.0.1/32"),), extra_ports=(site_port,))
    try:
        with serving(hotline) as url:
            yield Live(url, hotline, inbox, f"127.0.0.1:{site_port}", policy)
    finally:
        smtp.stop()
        site.shutdown()
        hotline.close()


def test_the_whole_path_in_a_browser(live: Live) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            base = live.url
            page.goto(f"{base}/queue")
            assert page.url.endswith("/login")
            page.screenshot(path=str(SHOTS / "login.png"))
            page.fill("input[name=username]", "ana")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/queue")
            assert page.locator("table.queue tbody tr").count() == 2
            page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_url("**/cases/*")
            assert page.locator("mark.lexicon").first.inner_text() == "受け子"
            assert "<script>" in page.locator(".post").inner_text()  # shown as text
            page.screenshot(path=str(SHOTS / "item.png"), full_page=True)

            page.keyboard.press("c")  # claim
            page.wait_for_selector("text=この案件を担当にしました")
            # The suggested judgement is pre-selected; a number key picks another.
            assert page.locator("input[value=crime_recruitment]").is_checked()
            page.fill("textarea[name=reason]", "報酬と役割（受け子）の募集、連絡先あり")
            page.click("form.judge button[type=submit]")
            page.wait_for_selector("text=判断を記録しました")
            assert "犯罪実行者募集情報" in page.locator("ol.history").inner_text()
            page.screenshot(path=str(SHOTS / "item-judged.png"), full_page=True)

            # A reply warning: no Mastodon configured for X, so a recorded dry run.
            page.click("a.button >> text=個別警告")
            page.wait_for_url("**/letters/warning")
            assert "<script>" not in page.locator("#letter-body").inner_html()
            page.screenshot(path=str(SHOTS / "letter-warning.png"), full_page=True)
            page.click("form.send button[type=submit]")
            page.wait_for_selector("text=ドライラン")

            # A deletion request, sent to the local SMTP server.
            page.click("a.button >> text=削除依頼")
            page.wait_for_url("**/letters/deletion_request")
            page.fill("input[name=to]", "abuse@example.org")
            page.click("form.send button[type=submit]")
            page.wait_for_selector("text=送信しました")
            assert len(live.inbox.messages) == 1
            mail = email.message_from_bytes(live.inbox.messages[0], policy=email.policy.default)
            assert live.platform in mail.get_body().get_content()  # type: ignore[union-attr]
            assert "sent" in page.locator("table.letters").inner_text()

            page.goto(f"{base}/stats")
            assert "削除依頼 <strong>1</strong> 件" in page.content()
            assert "依頼後に削除 <strong>0</strong> 件" in page.content()

            # The platform removes the post; the scheduled re-check notices.
            _Platform.removed.add("/p/1")
            (check,) = [c for c in live.hotline.recheck(live.policy) if c.outcome != "refused"]
            assert check.outcome == "gone"
            page.goto(f"{base}/stats")
            assert "依頼後に削除 <strong>1</strong> 件（削除率 100.0%）" in page.content()
            page.screenshot(path=str(SHOTS / "stats.png"), full_page=True)

            page.goto(f"{base}/report")
            page.screenshot(path=str(SHOTS / "report-form.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == [], f"script from a post ran: {dialogs}"


def test_from_an_item_to_its_campaign_graph_and_an_indicator(live: Live, engine: Engine) -> None:
    """The campaign section of an item page, the drawn graph (Cytoscape.js under the
    strict CSP: no violation may be reported), a tap on a node, the node list."""
    from playwright.sync_api import sync_playwright

    linked = load_campaigns(live.hotline, engine, example_results(engine))
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on(
                "console",
                lambda m: (
                    problems.append(f"{m.text} ({m.location.get('url')})")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.goto(f"{live.url}/login")
            page.fill("input[name=username]", "ana")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/queue")

            page.goto(f"{live.url}/cases/{linked.hostile_case}")
            page.click("p.campaign-link a")
            page.wait_for_url(f"**/campaigns/{linked.campaign}")
            canvas = page.locator(".graph-canvas")
            page.wait_for_selector(".graph-canvas[data-graph-state=drawn]", timeout=15_000)
            assert canvas.locator("canvas").count() > 0
            nodes = int(canvas.get_attribute("data-graph-nodes") or 0)
            assert nodes > 0 and nodes == page.evaluate("window.cy.nodes().length")
            assert nodes == page.locator(".graph-nodes li").count()
            assert "<script>" in page.locator("table.timeline").inner_text()  # as text
            page.screenshot(path=str(SHOTS / "campaign.png"), full_page=True)

            # A click on the indicator's node opens its page.
            node = f"indicator:{linked.indicator_id}"
            canvas.scroll_into_view_if_needed()
            # Let the page handle the scroll (Cytoscape caches where its canvas is).
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
            where = page.evaluate(
                "id => { const p = window.cy.getElementById(id).renderedPosition();"
                " return [p.x, p.y]; }",
                node,
            )
            box = canvas.bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + where[0], box["y"] + where[1])
            page.wait_for_url(f"**/indicators/{linked.indicator_id}")
            page.go_back()
            page.wait_for_url(f"**/campaigns/{linked.campaign}")

            # The same through the plain list beside the canvas.
            page.click(f".graph-nodes a[href='/indicators/{linked.indicator_id}']")
            page.wait_for_url(f"**/indicators/{linked.indicator_id}")
            assert page.locator(".indicator-value code").inner_text() == "kasegu_777"
            page.wait_for_selector(".graph-canvas[data-graph-state=drawn]", timeout=15_000)
            page.screenshot(path=str(SHOTS / "indicator.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == [], f"script from a post ran: {dialogs}"
    problems = [m for m in problems if "/favicon.ico" not in m]  # the app has none
    assert problems == [], "\n".join(problems)  # a CSP violation is logged as an error
