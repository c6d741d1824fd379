"""📥 报表导出 over HTTP, against the real bot process and the Bot API emulator (issue 7): 陈静 of 党群工作部 asks for
last month's 纪实表 of the whole sub-district, sees the progress message, receives the workbook, and the progress
message ends as done. From the demo roster; the logs are written straight to the database."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import ExportJob, Grid, WorkLog
from tests.e2e.harness import E2E


def has(text: str):  # type: ignore[no-untyped-def]
    return lambda m: text in (m.text or "")


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_export_of_the_subdistrict_month_arrives_as_a_document(e2e: E2E) -> None:
    await e2e.onboard("陈静")
    cadre_id = (await e2e.person("郑海")).id
    now, today = e2e.now(), e2e.today()
    month = date(today.year, today.month, 1)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    async with e2e.db.session() as s:
        grid = (await s.execute(select(Grid).where(Grid.name == "第四网格"))).scalars().first()
        assert grid is not None
        for day, households in ((3, 4), (11, 9)):
            s.add(
                WorkLog(
                    person_id=cadre_id,
                    community_id=grid.community_id,
                    grid_id=grid.id,
                    work_date=previous.replace(day=day),
                    deployment="paired_cadre",
                    categories=["servant"],
                    households=households,
                    content=f"{day}日 走访独居老人",
                    status="submitted",
                    version=1,
                    created_at=now,
                    submitted_at=now,
                )
            )
    party = e2e.user("陈静")
    await party.send_command("export")
    await party.wait_message(has("请选择要导出的报表"))
    await party.press("网格工作纪实表")
    await party.wait_message(has("请选择范围"))
    await party.press("🏙 全街道（城关街道）")
    await party.wait_message(has("请选择月份"))
    await party.press(f"{previous.year}年{previous.month}月")
    await party.wait_message(has("即将导出"))
    await party.press("✅ 开始导出")
    what = f"网格工作纪实表（城关街道，{previous.year}年{previous.month}月）"
    await party.wait_message(has(f"正在生成 {what}"), timeout=20)
    document = await party.wait_message(lambda m: m.document is not None, timeout=30)
    assert document.document is not None
    assert document.document["file_name"] == f"纪实表-城关街道-{previous.year}年{previous.month}月.xlsx"
    await party.wait_message(has(f"✅ {what} 已生成并发送"), timeout=20)

    book = load_workbook(io.BytesIO(await e2e.sandbox.download(document.document["url"])), read_only=True)
    rows = list(book["纪实表"].iter_rows(values_only=True))[2:]
    assert [(r[0], r[2], r[4], r[7], r[9]) for r in rows] == [
        ("幸福社区", datetime.combine(previous.replace(day=3), time()), "郑海", 4, "3日 走访独居老人"),
        ("幸福社区", datetime.combine(previous.replace(day=11), time()), "郑海", 9, "11日 走访独居老人"),
    ]
    async with e2e.db.session() as s:
        job = (await s.execute(select(ExportJob))).scalar_one()
    assert job.status == "sent"
