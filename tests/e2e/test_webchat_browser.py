"""The web chat in a real browser (Debian's Chromium, headless, through Playwright) against the real bot process:
pick a persona, /start, press 📱 分享手机号, see 验证成功 and the menu, open 👥 名册概况, switch to English.

Screenshots go to test-artifacts/ (git-ignored). Never `playwright install`: CI installs Debian's chromium.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.harness import E2E, REPO_ROOT

if TYPE_CHECKING:
    from playwright.async_api import Page

CHROMIUM = Path("/usr/bin/chromium")
# CI sets REQUIRE_BROWSER=1: there a missing browser is a failure, not a quiet skip.
if os.environ.get("REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
    raise RuntimeError(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: the web-chat browser test cannot run")
# A dev dependency: without it this module is skipped rather than failing collection.
playwright_api = pytest.importorskip("playwright.async_api")

ARTIFACTS = REPO_ROOT / "test-artifacts"
TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    # Checked before any fixture runs, so a machine without Chromium does not start a bot for nothing.
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: install Debian's chromium package (CI does)"
    ),
]


@pytest.fixture
async def page(e2e: E2E) -> AsyncIterator[Page]:
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        try:
            context = await browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            yield page
        finally:
            await browser.close()


async def test_onboarding_and_menu_in_the_web_chat(e2e: E2E, page: Page) -> None:
    expect = playwright_api.expect
    ARTIFACTS.mkdir(exist_ok=True)
    admin_id = e2e.user_id("孙丽")
    await page.goto(e2e.emulator.base_url + "/")

    await page.get_by_test_id(f"persona-{admin_id}").click()
    await expect(page.get_by_test_id("chat-title")).to_have_text("孙丽")
    await page.get_by_test_id("text-input").fill("/start")
    await page.get_by_test_id("send-button").click()

    bot_texts = page.locator('[data-testid="message-bubble"][data-from="bot"] [data-testid="message-text"]')
    await expect(bot_texts.filter(has_text="欢迎使用网格助手")).to_be_visible()
    share = page.locator('[data-testid="reply-button"][data-request="contact"]')
    await expect(share).to_have_attribute("data-text", "📱 分享手机号")
    await share.click()

    await expect(bot_texts.filter(has_text="✅ 验证成功，孙丽，欢迎您！")).to_be_visible()
    await expect(bot_texts.filter(has_text="网格助手 · 主菜单")).to_be_visible()
    buttons = page.get_by_test_id("inline-button")
    await expect(buttons.and_(page.locator('[data-text="👥 名册概况"]'))).to_be_visible()
    await expect(buttons.and_(page.locator('[data-text="📝 填写纪实表"]'))).to_have_count(0)  # not an admin's
    assert (await e2e.person("孙丽")).telegram_id == admin_id

    await buttons.and_(page.locator('[data-text="👥 名册概况"]')).last.click()
    overview = bot_texts.filter(has_text="名册概况")
    await expect(overview.last).to_contain_text("共 25 人，已绑定 1 人，未绑定 24 人")
    await expect(overview.last).to_contain_text("幸福社区")
    await page.screenshot(path=ARTIFACTS / "webchat-roster-overview.png", full_page=True)

    await buttons.and_(page.locator('[data-text="⬅️ 返回"]')).last.click()
    await buttons.and_(page.locator('[data-text="🌐 语言 / Language"]')).last.click()
    await buttons.and_(page.locator('[data-text="English"]')).last.click()
    await expect(page.get_by_test_id("toast")).to_have_text("The interface language is now English.")
    await expect(bot_texts.filter(has_text="GridBot · Main menu")).to_be_visible()
    await expect(buttons.and_(page.locator('[data-text="👥 Roster overview"]'))).to_be_visible()
    await page.screenshot(path=ARTIFACTS / "webchat-english-menu.png", full_page=True)
