"""The scorecards export: the quarter's assessment of cadres and communities."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from reports.exports.params import ExportParams, Progress


async def build_scorecards(
    session: AsyncSession, params: ExportParams, path: Path, progress: Progress
) -> Path:
    """The quarter's scorecards (issue 7's assessment): cadres, communities and the formula, ranked in the
    sub-district; one community's export lists its own cadres with their sub-district ranks."""
    from domain.assessment import Period as AssessmentPeriod
    from domain.assessment import PeriodKind
    from reports.scorecard_xlsx import write_scorecards_xlsx
    from services.scorecards import compute_scorecards, formula_from

    start = params.quarter_start
    period = AssessmentPeriod(PeriodKind.QUARTER, start.year, (start.month - 1) // 3 + 1)
    board = await compute_scorecards(
        session,
        period=period,
        community_ids=params.community_ids,  # 全街道: the communities of the asker's own sub-district
        formula=formula_from(params.assessment_config or None),
        as_of=date.fromisoformat(params.as_of) if params.as_of else None,
        tz=ZoneInfo(params.timezone),
        phase_features=params.phase_features,
    )
    await progress(0.6)
    await asyncio.to_thread(write_scorecards_xlsx, board, path, params.locale)
    return path
