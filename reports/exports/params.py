"""What an export takes: its period and scope, the parameters of one export, and the kind of export (`ExportKind`) with its builder's signature."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from domain.exports import ExportParams as ExportParams
from domain.exports import Period as Period
from domain.exports import Scope as Scope
from domain.roles import Role
from reports import naming

Progress = Callable[[float], Awaitable[None]]  # called with the share done, 0.0 … 1.0

STREAM_ROWS = 5000  # rows fetched at a time, and between two progress reports (2,000: a third slower)


Builder = Callable[[AsyncSession, ExportParams, Path, Progress], Awaitable[Path]]


@dataclass(frozen=True)
class ExportKind:
    id: str
    label: str  # Fluent id of the button and the document's caption
    period: Period
    build: Builder
    scopes: frozenset[Scope] = frozenset({Scope.COMMUNITY, Scope.ALL})
    # Who may ask for it, beyond the 📊 action's own permission (None: everyone who may export).
    roles: frozenset[Role] | None = None


async def _nothing(_share: float) -> None:
    return None


def file_name(params: ExportParams) -> str:
    """`纪实表-幸福社区-2026年11月.xlsx` (reports.naming)."""
    return naming.workbook_name(params.locale, params.kind, params.scope_name, params.period_text)
