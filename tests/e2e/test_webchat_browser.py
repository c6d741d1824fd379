"""The web chat in a real browser (Debian's Chromium, headless, through Playwright) against the real bot process:
pick a persona, /start, press 📱 分享手机号, see 验证成功 and the menu, open 👥 名册概况, switch to English; and the same
start at phone width (375×667), where the persona list folds away, the input and 发送 stay on screen, the open
persona is marked, an empty chat says to send /start, and message times are in the bot's zone, not the browser's.

Screenshots go to test-artifacts/ (git-ignored). Never `playwright install`: CI installs Debian's chromium.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.harness import E2E, REPO_ROOT

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
# CI sets REQUIRE_BROWSER=1: there a missing browser is a failure, not a quiet skip.
if os.environ.get("REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
    raise RuntimeError(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: the web-chat browser test cannot run")
# A dev dependency: without it this module is skipped rather than failing collection.
playwright_api = pytest.importorskip("playwright.async_api")

ARTIFACTS = REPO_ROOT / "test-artifacts"
TIMEOUT_MS = 10_000
PHONE = {"width": 375, "height": 667}
BOT_ZONE = ZoneInfo("Asia/Shanghai")  # the bot's TIMEZONE default, which the emulator is given too
# A browser zone far from the bot's: a time shown in the browser's zone by mistake is off by 13 hours.
BROWSER_ZONE = "America/New_York"

pytestmark = [
    pytest.mark.browser,
    # Checked before any fixture runs, so a machine without Chromium does not start a bot for nothing.
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: install Debian's chromium package (CI does)"
    ),
]


@asynccontextmanager
async def browser_page(viewport: dict[str, int], **context_options: Any) -> AsyncIterator[Page]:
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        try:
            context = await browser.new_context(viewport=viewport, locale="zh-CN", **context_options)
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            yield page
        finally:
            await browser.close()


@pytest.fixture
async def page(e2e: E2E) -> AsyncIterator[Page]:
    async with browser_page({"width": 1200, "height": 900}) as page:
        yield page


@pytest.fixture
async def phone_page(e2e: E2E) -> AsyncIterator[Page]:
    async with browser_page(PHONE, timezone_id=BROWSER_ZONE, is_mobile=True, has_touch=True) as page:
        yield page


async def assert_on_screen(page: Page, locator: Locator) -> None:
    """Wholly inside the phone's viewport: nothing to scroll to, sideways or down."""
    await playwright_api.expect(locator).to_be_visible()
    box = await locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # and the page itself is no wider than the phone
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


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


async def test_phone_width_web_chat(e2e: E2E, phone_page: Page) -> None:
    page, expect = phone_page, playwright_api.expect
    ARTIFACTS.mkdir(exist_ok=True)
    admin_id = e2e.user_id("孙丽")
    await page.goto(e2e.emulator.base_url + "/")
    personas, toggle = page.get_by_test_id("persona-list"), page.get_by_test_id("personas-toggle")
    text_input, send = page.get_by_test_id("text-input"), page.get_by_test_id("send-button")

    # The persona list is folded away: the chat fills the screen, its input and 发送 on it.
    await expect(personas).to_be_hidden()
    await assert_on_screen(page, text_input)
    await assert_on_screen(page, send)

    # ☰ 身份 opens the list; choosing a persona closes it and opens that chat, which the list then marks.
    await toggle.click()
    await expect(personas).to_be_visible()
    await page.get_by_test_id(f"persona-{admin_id}").click()
    await expect(personas).to_be_hidden()
    await expect(page.get_by_test_id("chat-title")).to_have_text("孙丽")
    await toggle.click()
    current = page.locator('[data-testid^="persona-"][aria-current="true"]')
    await expect(current).to_have_count(1)
    await expect(current).to_have_attribute("data-testid", f"persona-{admin_id}")
    await expect(current.get_by_test_id("persona-current")).to_have_text("当前")
    await page.screenshot(path=ARTIFACTS / "webchat-phone-personas.png")
    await page.get_by_test_id("personas-close").click()
    await expect(personas).to_be_hidden()

    # The chat is empty: it says what to do first.
    hint = page.get_by_test_id("empty-chat")
    await expect(hint).to_contain_text("还没有消息。发送 /start 开始")
    await page.screenshot(path=ARTIFACTS / "webchat-phone-empty-chat.png")

    await text_input.fill("/start")
    await send.click()
    bot_bubbles = page.locator('[data-testid="message-bubble"][data-from="bot"]')
    await expect(bot_bubbles.filter(has_text="欢迎使用网格助手")).to_be_visible()
    await expect(hint).to_have_count(0)
    share = page.locator('[data-testid="reply-button"][data-request="contact"]')
    await assert_on_screen(page, share)
    await assert_on_screen(page, text_input)
    await assert_on_screen(page, send)
    await share.click()
    await expect(bot_bubbles.filter(has_text="网格助手 · 主菜单")).to_be_visible()
    await assert_on_screen(page, text_input)
    await assert_on_screen(page, send)
    await page.screenshot(path=ARTIFACTS / "webchat-phone-menu.png")

    # Each message's time is the emulator's clock read in the bot's zone (Asia/Shanghai), not the browser's.
    welcome = bot_bubbles.filter(has_text="✅ 验证成功，孙丽，欢迎您！").last
    sent = [m for m in await e2e.user("孙丽").messages() if m.outgoing and "验证成功" in (m.text or "")]
    assert len(sent) == 1
    shown = datetime.fromtimestamp(sent[0].raw["date"], BOT_ZONE).strftime("%H:%M")
    await expect(welcome.get_by_test_id("message-time")).to_have_text(shown)
