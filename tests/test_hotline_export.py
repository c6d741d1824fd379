"""The 12345 work orders export (issue 18): one row per order received in the month, every deadline and step with
who did it, the satisfaction, the warning order and the closing as real Excel dates in the sub-district's time, the
steps done late; a 汇总 sheet by community; the export offered in 📥 报表导出's registry."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from domain.exports import ExportParams, specs
from domain.hotline import Satisfaction, Step
from reports.exports import build, kinds
from services.exports import offered_kinds
from services.problems.hotline import record_step
from storage.models import Community
from tests.reminder_helpers import at
from tests.test_hotline import CONFIG, new_order
from tests.test_problems_flow import org

HEADER = [
    "工单号",
    "事项编号",
    "社区",
    "网格",
    "类别",
    "事项状态",
    "受理日期",
    "联系时限",
    "联系时间",
    "联系人",
    "办理时限",
    "办理时间",
    "办理人",
    "回访时限",
    "回访时间",
    "回访人",
    "满意度",
    "转预警时间",
    "二次办理时限",
    "二次办理时间",
    "二次办理人",
    "二次回访时间",
    "二次回访人",
    "二次满意度",
    "结单时间",
    "逾期环节",
]


async def test_the_export_lists_each_order_with_every_timestamp(db, tmp_path):
    people = await org(db)
    worker, principal = people["worker"], people["principal"]
    closed = await new_order(db, people, at(2026, 9, 29, 10), "SH20260929001")
    for step, when, who, answer in [
        (Step.CONTACT, at(2026, 9, 30, 10), worker, None),
        (Step.HANDLE, at(2026, 10, 9, 15), worker, None),
        (Step.CALLBACK, at(2026, 10, 10, 10), worker, Satisfaction.UNSATISFIED),
        (Step.SECOND_HANDLE, at(2026, 10, 15, 9), principal, None),
        (Step.SECOND_CALLBACK, at(2026, 10, 16, 9), worker, Satisfaction.SATISFIED),
    ]:
        await record_step(db, who, closed, step, when, CONFIG, satisfaction=answer)
    waiting = await new_order(db, people, at(2026, 9, 30, 16), "SH20260930-7")  # never contacted
    await new_order(db, people, at(2026, 10, 8, 9), "SH20261008001")  # another month
    async with db.session() as s:
        communities = dict((await s.execute(select(Community.name, Community.id))).all())
    params = ExportParams(
        kind="hotline",
        scope="all",
        community_ids=sorted(communities.values()),
        scope_name="城关街道",
        locale="zh-CN",
        month="2026-09-01",
        as_of="2026-10-20",
    )
    async with db.session() as s:
        path = await build(s, params, tmp_path)
    assert path.name == "12345工单-城关街道-2026年9月.xlsx"
    book = load_workbook(BytesIO(path.read_bytes()), read_only=True)
    assert book.sheetnames == ["12345工单", "汇总"]
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][0] == "城关街道 12345 热线工单办理情况（2026年9月 受理）"
    assert rows[1] == HEADER
    first, second = rows[2], rows[3] + [None] * (len(HEADER) - len(rows[3]))
    assert first == [
        "SH20260929001",
        closed,
        "幸福社区",
        "幸福社区第一网格",
        "环境卫生",
        "已确认办结",
        datetime(2026, 9, 29),
        datetime(2026, 9, 30),
        datetime(2026, 9, 30, 10, 0),
        "李娜",
        datetime(2026, 10, 12),
        datetime(2026, 10, 9, 15, 0),
        "李娜",
        datetime(2026, 10, 10),  # make-up Saturday
        datetime(2026, 10, 10, 10, 0),
        "李娜",
        "不满意",
        datetime(2026, 10, 10, 10, 0),
        datetime(2026, 10, 14),
        datetime(2026, 10, 15, 9, 0),
        "王建国",
        datetime(2026, 10, 16, 9, 0),
        "李娜",
        "满意",
        datetime(2026, 10, 16, 9, 0),
        "二次办理（预警）",  # a day late
    ]
    assert second[:8] == [
        "SH20260930-7",
        waiting,
        "幸福社区",
        "幸福社区第一网格",
        "环境卫生",
        "待社区受理",
        datetime(2026, 9, 30),
        datetime(2026, 10, 8),  # the day after National Day
    ]
    assert second[8:25] == [
        None,
        None,
        datetime(2026, 10, 13),
        *([None] * 14),
    ]  # 8, 9, 10 (Saturday), 12, 13 Oct
    assert second[25] == "首次联系、首次办理"  # both overdue on 20 Oct
    assert len(rows) == 4  # the October order is not in September's
    summary = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert summary[1] == ["社区", "工单数", "已结单", "预警工单", "有逾期环节"]
    assert ["幸福社区", 2, 1, 1, 2] in summary and summary[-1] == ["合计", 2, 1, 1, 2]


def test_the_export_is_offered_with_the_others():
    assert specs()["hotline"].label == "ex-kind-hotline"
    assert kinds()["hotline"].period.value == "month"
    assert "hotline" in offered_kinds(frozenset())
