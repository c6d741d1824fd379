"""Two months of lived-in history for the demo sub-district, so a leader's first /digest, /assess and /export in the
sandbox show real content.

`seed_history` replays the last ~60 days before the bot's clock (`now`): grid work logs signed by the community
Party secretaries (one returned and corrected, the newest still waiting, one waiting to be corrected), every month
that is over submitted to 党群工作部 with its workbook, the paired and seconded cadres' two community days a week,
problems and suggestions in every state of `domain.problems.Status` (one sent back as "not fixed"), prompt sheets in
every state, three filed meetings (approved, declined, waiting), one emergency call-out with its roll, and part of
the quarter's ratings. Everything goes through the services a person's presses go through (with the instant of the
press as `now`), except the work logs and the call-out, which are written as the services write them (the log rows
and their history; the call-out, its roll and its timeline): the services only call people who are bound, and no
demo person is bound yet.

Deterministic (a seeded random generator; the dates follow `now`), a second or two, and once only: an audit entry
`demo_history` marks a seeded database, and a database whose people are not the demo roster, that already holds
work logs or problems, or where someone is already bound, is left alone.

One module a concern, each imported only from those listed before it: `cast` (who does what), `problem_specs`,
`office_specs` (sheets, meetings, the call-out, ratings), `replay` (the replay's state), `worklogs` (logs,
submissions, community days), `problems`, `office`; `seed_history` is here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot import clock
from bot.config import Settings
from bot.demo.history.cast import BRIGADE as BRIGADE
from bot.demo.history.cast import COMPOUNDS as COMPOUNDS
from bot.demo.history.cast import CONTENTS as CONTENTS
from bot.demo.history.cast import DAYS as DAYS
from bot.demo.history.cast import LEADER as LEADER
from bot.demo.history.cast import LOGGERS as LOGGERS
from bot.demo.history.cast import MARKER as MARKER
from bot.demo.history.cast import OFFICE as OFFICE
from bot.demo.history.cast import OPINIONS as OPINIONS
from bot.demo.history.cast import PAIRED as PAIRED
from bot.demo.history.cast import PARTY_MASS as PARTY_MASS
from bot.demo.history.cast import PRINCIPAL as PRINCIPAL
from bot.demo.history.cast import RETURN_REASON as RETURN_REASON
from bot.demo.history.cast import SECRETARY as SECRETARY
from bot.demo.history.cast import SEED as SEED
from bot.demo.history.cast import SHORT_WEEK_CADRE as SHORT_WEEK_CADRE
from bot.demo.history.cast import SQUAD as SQUAD
from bot.demo.history.cast import Logger as Logger
from bot.demo.history.office import _callout as _callout
from bot.demo.history.office import _meetings as _meetings
from bot.demo.history.office import _ratings as _ratings
from bot.demo.history.office import _sheets as _sheets
from bot.demo.history.office_specs import CALLOUT_ADDRESS as CALLOUT_ADDRESS
from bot.demo.history.office_specs import CALLOUT_NEED as CALLOUT_NEED
from bot.demo.history.office_specs import CALLOUT_OUTCOME as CALLOUT_OUTCOME
from bot.demo.history.office_specs import MEETINGS as MEETINGS
from bot.demo.history.office_specs import RATING_COMMENTS as RATING_COMMENTS
from bot.demo.history.office_specs import RATINGS as RATINGS
from bot.demo.history.office_specs import SHEETS as SHEETS
from bot.demo.history.office_specs import MeetingSpec as MeetingSpec
from bot.demo.history.office_specs import SheetSpec as SheetSpec
from bot.demo.history.problem_specs import DONE_NOTE as DONE_NOTE
from bot.demo.history.problem_specs import MOVE_NOTES as MOVE_NOTES
from bot.demo.history.problem_specs import PROBLEMS as PROBLEMS
from bot.demo.history.problem_specs import ProblemSpec as ProblemSpec
from bot.demo.history.problems import _problems as _problems
from bot.demo.history.problems import _registers as _registers
from bot.demo.history.replay import HistoryResult as HistoryResult
from bot.demo.history.replay import _load as _load
from bot.demo.history.replay import _Replay as _Replay
from bot.demo.history.worklogs import _checkins as _checkins
from bot.demo.history.worklogs import _community_days as _community_days
from bot.demo.history.worklogs import _submit_months as _submit_months
from bot.demo.history.worklogs import _work_logs as _work_logs
from services.calendar import cached_work_calendar
from storage.db import Database
from storage.models import AuditEntry, Person, Problem, WorkLog


async def seed_history(db: Database, settings: Settings, now: datetime | None = None) -> HistoryResult:
    """Seed the demo's history once (see the module docstring); `now` defaults to the bot's clock."""
    now = now or clock.utc_now()  # looked up now: a test's or the e2e harness's clock replaces it
    if not await _wanted(db):
        return HistoryResult(seeded=False)
    replay = _Replay(db, settings, now, await cached_work_calendar(db))
    await _load(replay)
    days = _community_days(replay)
    logs = await _work_logs(replay, days)
    await _submit_months(replay)
    checkins = await _checkins(replay, days)
    problems = await _problems(replay)
    await _registers(replay)
    sheets = await _sheets(replay)
    meetings = await _meetings(replay)
    callouts = await _callout(replay)
    await _ratings(replay)
    result = HistoryResult(True, logs, problems, checkins, sheets, meetings, callouts)
    async with db.session() as session:
        session.add(
            AuditEntry(
                at=now,
                action=MARKER,
                detail={"logs": logs, "problems": problems, "checkins": checkins, "sheets": sheets},
            )
        )
    return result


async def _wanted(db: Database) -> bool:
    """Not seeded yet, the demo roster's people all there, nothing entered by people that history could mix with,
    and nobody bound yet: the services would queue every past notification to a bound person."""
    names = {PRINCIPAL, OFFICE, PARTY_MASS, BRIGADE, *SECRETARY.values(), *LEADER.values(), *SQUAD.values()}
    names |= {logger.name for logger in LOGGERS}
    async with db.session() as session:
        for taken in (
            select(AuditEntry.id).where(AuditEntry.action == MARKER),
            select(WorkLog.id),
            select(Problem.id),
            select(Person.id).where(Person.telegram_id.is_not(None)),
        ):
            if await session.scalar(taken.limit(1)) is not None:
                return False
        found = await session.scalar(
            select(func.count(func.distinct(Person.name))).where(Person.name.in_(names))
        )
    return found == len(names)
