"""The export registry: every xlsx a person can ask for from 📥 报表导出, with what it takes and how it is built.

An `ExportKind` names its label (a Fluent id), the scope it takes (one community and/or the whole sub-district), the
period (a month or a week) and an async builder `(session, params, path, progress) -> path` that writes the workbook.
A new export is one more entry in `domain.exports.SPECS` and its builder in `BUILDERS`: the dialog, the permission check, the background job and its progress
message all come from here. The scorecards, for example (a label `ex-kind-scorecards` in both locale files):

    async def build_scorecards(session, params, path, progress):
        board = ...  # the quarter's board, read with `session` for `params.community_ids` and `params.quarter_start`
        await asyncio.to_thread(write_scorecards_xlsx, board, path, params.locale)
        return path

    ExportSpec("scorecards", "ex-kind-scorecards", Period.QUARTER)   # domain.exports.SPECS
    BUILDERS["scorecards"] = build_scorecards

Big sheets are written with `reports.xlsx_stream` (a district month is 100,000 logs); the zip is written in a thread
so the bot keeps answering while it compresses.

One module a concern: `params` (what an export takes, `ExportKind`), `workbook` (what every export's workbook
shares), one module for each export's builder (`worklogs`, `register`, `attendance`, `scorecards`). The registry
(`KINDS`, `kinds`, `build`) is here, with every public name re-exported.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from domain.exports import SPECS
from reports.exports.attendance import build_attendance as build_attendance
from reports.exports.hotline import build_hotline as build_hotline
from reports.exports.params import STREAM_ROWS as STREAM_ROWS
from reports.exports.params import Builder as Builder
from reports.exports.params import ExportKind as ExportKind
from reports.exports.params import ExportParams as ExportParams
from reports.exports.params import Period as Period
from reports.exports.params import Progress as Progress
from reports.exports.params import Scope as Scope
from reports.exports.params import _nothing as _nothing
from reports.exports.params import file_name as file_name
from reports.exports.register import REGISTER_EXTRA as REGISTER_EXTRA
from reports.exports.register import build_register as build_register
from reports.exports.scorecards import build_scorecards as build_scorecards
from reports.exports.worklogs import LOG_COLUMNS as LOG_COLUMNS
from reports.exports.worklogs import build_worklogs as build_worklogs

BUILDERS: dict[str, Builder] = {
    "worklog": build_worklogs,
    "register": build_register,
    "attendance": build_attendance,
    "scorecards": build_scorecards,
    "hotline": build_hotline,
}
# The kinds the service offers (domain.exports.SPECS), each with its builder.
KINDS: tuple[ExportKind, ...] = tuple(
    ExportKind(spec.id, spec.label, spec.period, BUILDERS[spec.id], spec.scopes, spec.roles) for spec in SPECS
)


def kinds() -> dict[str, ExportKind]:
    return {kind.id: kind for kind in KINDS}


async def build(
    session: AsyncSession, params: ExportParams, folder: Path, progress: Progress = _nothing
) -> Path:
    """Write the export into `folder` (its file name says what it is) and return the path."""
    kind = kinds()[params.kind]
    path = folder / file_name(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    return await kind.build(session, params, path, progress)
