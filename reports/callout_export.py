"""The timeline export of a call-out (issue 8), for those who may manage it: read through `services.callouts`,
written as a workbook here, above the services (which import nothing of the reports)."""

from __future__ import annotations

from datetime import datetime

from locales import tr_text
from reports import naming
from services.callouts.access import may_manage
from services.callouts.model import (
    CalloutConfig,
    Outcome,
)
from services.callouts.texts import kind_label
from services.callouts.views import timeline, view_of
from storage.db import Database
from storage.models import (
    Callout,
)


async def export(
    db: Database, person_id: int, callout_id: int, locale: str, config: CalloutConfig
) -> tuple[Outcome, bytes | None, str]:
    """The timeline workbook for someone who may manage the call-out: (OK, bytes, file name), or a refusal."""
    from reports.callout_xlsx import (
        timeline_workbook,  # openpyxl: imported when a workbook is made, not at start
    )

    async with db.session() as session:
        callout = await session.get(Callout, callout_id)
        if callout is None:
            return Outcome.NOT_FOUND, None, ""
        if not await may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, None, ""
        view = await view_of(session, callout_id)
    assert view is not None
    events = await timeline(db, callout_id)

    def at(
        moment: datetime | None,
    ) -> datetime | None:  # a real Excel date, the sub-district's wall-clock time
        return config.local(moment).replace(microsecond=0, tzinfo=None) if moment else None

    status = tr_text(locale, f"callout-status-{view.status}")
    summary = [
        (tr_text(locale, "callout-x-id"), str(view.id)),
        (tr_text(locale, "callout-x-community"), view.community),
        (tr_text(locale, "callout-x-kind"), kind_label(locale, view.kind)),
        (tr_text(locale, "callout-x-place"), view.address or f"{view.latitude}, {view.longitude}"),
        (tr_text(locale, "callout-x-need"), view.need),
        (tr_text(locale, "callout-x-caller"), view.caller),
        (tr_text(locale, "callout-x-raised"), at(view.raised_at)),
        (tr_text(locale, "callout-x-status"), status),
        (tr_text(locale, "callout-x-closed"), at(view.closed_at)),
        (tr_text(locale, "callout-x-outcome"), view.outcome or ""),
    ]
    roster = [
        (
            t.name,
            tr_text(locale, f"callout-wave-{t.wave}"),
            tr_text(locale, f"callout-answer-{t.answer or 'none'}"),
            at(t.answered_at),
            t.reason or "",
        )
        for t in view.targets
    ]
    timeline_rows = [
        (at(e.at), e.person, tr_text(locale, f"callout-event-{e.action}"), e.note or "") for e in events
    ]
    content = timeline_workbook(
        summary,
        [tr_text(locale, f"callout-x-col-{c}") for c in ("name", "wave", "answer", "at", "reason")],
        roster,
        [tr_text(locale, f"callout-x-col-{c}") for c in ("time", "person", "event", "note")],
        timeline_rows,
        (tr_text(locale, "callout-x-sheet-summary"), tr_text(locale, "callout-x-sheet-timeline")),
    )
    name = naming.workbook_name(
        locale, "callout", view.community, naming.day_label(locale, config.local(view.raised_at).date())
    )
    return Outcome.OK, content, name
