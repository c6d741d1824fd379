"""The monthly submission writes its workbook through a seam the service owns (`services.worklog.MonthWorkbook`):
the caller passes the workbook (the dialog passes `reports.worklog.MONTH_WORKBOOK`), and the service never imports
the report layer."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services import worklog as service
from storage.models import LogMonth, OutboxMessage
from tests.test_worklog_submit import MONTH, SUBMITTED_AT, approved_month

SERVICE = Path(__file__).resolve().parents[1] / "services" / "worklog"


class PlainWorkbook:
    """A workbook of the layer above: one text line a log."""

    def __init__(self) -> None:
        self.written: list[dict[str, Any]] = []

    def write(self, path: Path, **workbook: Any) -> str:
        self.written.append(workbook)
        path.write_text("\n".join(str(row[0]) for row in workbook["rows"]), encoding="utf-8")
        return f"{workbook['community']} {workbook['month']:%Y-%m}: {len(workbook['rows'])}"

    def filename(self, locale: str, community: str, month: date) -> str:
        return f"{community}-{month:%Y%m}.txt"


async def test_the_workbook_passed_in_is_written_stored_and_sent(db, tmp_path):
    ids = await approved_month(db)
    workbook = PlainWorkbook()
    result = await service.submit_month(
        db,
        ids["secretary"],
        1,
        MONTH,
        now=SUBMITTED_AT,
        tz=ZoneInfo("Asia/Shanghai"),
        deadline_day=5,
        media_dir=tmp_path,
        default_locale="zh-CN",
        workbook=workbook,
    )

    assert result.outcome is service.MonthOutcome.SUBMITTED and result.count == 3
    assert len(workbook.written) == 1
    written = workbook.written[0]
    assert written["community"] == "幸福社区" and written["submitted_at"] == SUBMITTED_AT
    assert written["locale"] == "zh-CN" and not written["late"] and written["excluded"] == 0
    lines = Path(result.path).read_text(encoding="utf-8").splitlines()  # type: ignore[arg-type]  # noqa: ASYNC240
    assert len(lines) == 3
    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
        documents = (
            (await s.execute(select(OutboxMessage).where(OutboxMessage.method == "sendDocument")))
            .scalars()
            .all()
        )
    assert (month.summary, month.workbook_path) == ("幸福社区 2026-11: 3", result.path)
    assert len(documents) == 2  # 党群工作部 and the secretary
    assert {d.payload["filename"] for d in documents} == {"幸福社区-202611.txt"}
    assert {d.payload["caption"] for d in documents} == {"幸福社区 2026-11: 3"}


def test_the_service_imports_nothing_of_the_reports() -> None:
    """Lazy imports inside functions too: the report is a step the service calls through its seam."""
    imported: list[str] = []
    for module in sorted(SERVICE.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
            elif isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
    assert imported and not [name for name in imported if name.split(".")[0] == "reports"]


def test_the_dialog_passes_the_report_workbook() -> None:
    import dialogs.logmonth
    import reports.worklog

    assert dialogs.logmonth.MONTH_WORKBOOK is reports.worklog.MONTH_WORKBOOK
    assert reports.worklog.MONTH_WORKBOOK.filename("zh-CN", "幸福社区", date(2026, 11, 1)) == (
        "纪实表-幸福社区-2026年11月.xlsx"
    )
