"""The 交办登记表 as a workbook: its rows read through `services.problems.register`, written here, above the services
(which import nothing of the reports)."""

from __future__ import annotations

from services.problems.config import ProblemConfig
from services.problems.register import register_sheet
from storage.db import Database


async def export_register(db: Database, register_id: int, locale: str, config: ProblemConfig) -> bytes:
    """The register as xlsx, with exactly the columns of the form."""
    from reports.register_xlsx import (
        build_register_xlsx,  # openpyxl: imported when a workbook is made, not at start
    )

    sheet = await register_sheet(db, register_id, locale, config)
    return build_register_xlsx(locale, sheet.title, sheet.signed, sheet.rows)
