"""What every export's workbook shares: the communities by name, the 汇总 sheet it ends with, saving it in a
thread.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from locales import tr_text as tr  # workbook cells: plain text, nothing escaped
from reports.xlsx_stream import BOLD, TITLE, Sheet, save
from storage.models import Community


async def _save(path: Path, sheets: list[Sheet]) -> Path:
    # Level 1: a third of level 6's time for a 100,000-row sheet, a fifth bigger; in a thread, so the bot answers.
    await asyncio.to_thread(save, path, sheets, 1)
    return path


async def _communities(session: AsyncSession, ids: list[int]) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Community.id, Community.name)
        .where(Community.id.in_(ids))
        .order_by(Community.name, Community.id)
    )
    return [(r[0], r[1]) for r in rows]


def _summary_sheet(locale: str, widths: list[float], title: str, columns: tuple[str, ...]) -> Sheet:
    """The 汇总 sheet every export ends with: its title row and header row (Fluent ids of the columns)."""
    summary = Sheet(tr(locale, "wl-sheet-summary"), widths=widths, freeze_rows=2, header_row=2)
    summary.append([title], TITLE)
    summary.append([tr(locale, column) for column in columns], BOLD)
    return summary


def _rate(tally: Counter[str]) -> str:
    return f"{100 * tally['compliant'] / tally['cadres']:.0f}%" if tally["cadres"] else "-"
