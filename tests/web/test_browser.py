"""The hotline in a real browser: Debian's Chromium driven by Playwright.

A live server (uvicorn, loopback) over a fresh SQLite store; the test logs in,
walks the queue with the keyboard, opens an item, judges it, and checks that
the criminal's markup in the post never runs (no dialog ever opens).
Screenshots of the pages go to ``test-artifacts/screenshots/`` (or
``$CYBERPATROL_SCREENSHOTS``).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from web_helpers import PASSWORD, hostile_result

from cyberpatrol.cases import Hotline
from cyberpatrol.web import create_app

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CYBERPATROL_SCREENSHOTS", "test-artifacts/screenshots"))

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[str]:
    hotline = Hotline.open(f"sqlite:///{tmp_path / 'browser.db'}")
    hotline.create_user("ana", PASSWORD, role_name="analyst", display_name="分析 花子")
    hotline.store.save([hostile_result("evil", 0.97), hostile_result("second", 0.91)])
    hotline.enqueue_flagged()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(hotline, secure_cookies=False),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        hotline.close()


def test_analyst_walks_the_queue_and_judges(live: str) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{live}/queue")
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

            page.goto(f"{live}/report")
            page.screenshot(path=str(SHOTS / "report-form.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == [], f"script from a post ran: {dialogs}"
