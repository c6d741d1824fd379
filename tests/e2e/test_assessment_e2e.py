"""Quarterly ratings and a scorecard over HTTP, against the real bot process and the Bot API emulator (issue 7).

李明华 leads 幸福社区 and 和平社区 (demo roster): he rates 郑海, paired cadre of 幸福社区, changes the grade, and gets the
quarter's scorecard as an Excel document; 张伟, the secretary of 幸福社区, rates a grid worker.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sandbox.client import Message
from storage.models import Rating, RatingEvent
from tests.e2e.harness import E2E


def has(text: str):  # type: ignore[no-untyped-def]
    return lambda m: text in (m.text or "")


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_assessment_rate_change_and_scorecard(e2e: E2E) -> None:
    for name in ("李明华", "郑海"):
        await e2e.onboard(name)
    leader = e2e.user("李明华")
    await leader.send_command("assess")
    screen = await leader.wait_message(has("评议截止"))
    assert "⬜ 郑海 · 幸福社区 · 包联干部" in [b for row in screen.buttons for b in row]
    await leader.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await leader.wait_message(has("请选择等次"))
    await leader.press("良好")
    await leader.wait_message(has("可以发送一段评语"))
    await leader.send_text("下沉到位")
    await leader.wait_message(has("已评议：郑海 良好"))
    await leader.wait_message(has("已评 1 人"))
    await leader.press("✅ 郑海 · 良好")
    await leader.wait_message(has("当前评议：良好（下沉到位）"))
    await leader.press("优秀")
    await leader.wait_message(has("可以发送一段评语"))
    await leader.press("不填写评语")
    await leader.wait_message(has("已修改：郑海 改为 优秀"))
    async with e2e.db.session() as s:
        [rating] = (await s.execute(select(Rating))).scalars().all()
        history = (await s.execute(select(RatingEvent.grade).order_by(RatingEvent.id))).scalars().all()
    assert (rating.grade, rating.comment, rating.version) == ("excellent", None, 2)
    assert history == ["good", "excellent"]

    await leader.wait_message(has("已评 1 人"))
    await leader.press("📊 记分卡")
    await leader.wait_message(has("选择记分卡的期间"))
    picker = await leader.last_message()
    assert picker is not None
    label = next(b for row in picker.buttons for b in row if "季度" in b)
    await leader.press(label)
    card = await leader.wait_message(has("记分卡"))
    assert "记分办法" in (card.text or "") and "郑海" in (card.text or "")
    await leader.press("📥 导出 Excel")
    document: Message = await leader.wait_message(lambda m: m.document is not None, timeout=20)
    assert document.document is not None and document.document["file_name"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(await e2e.sandbox.download(document.document["url"])), read_only=True)
    rows = {r[1]: r for r in book["干部"].iter_rows(min_row=3, values_only=True)}
    assert rows["郑海"][10] == 1 and rows["郑海"][11] == 100  # one rating, excellent
    assert "光明社区" not in {r[2] for r in rows.values()}  # not one of his communities
