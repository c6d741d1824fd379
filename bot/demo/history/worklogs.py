"""The demo's work logs (signed, returned, waiting), the months submitted to 党群工作部, and the community days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.demo.history.cast import (
    COMPOUNDS,
    CONTENTS,
    LOGGERS,
    OPINIONS,
    RETURN_REASON,
    SECRETARY,
    SHORT_WEEK_CADRE,
    Logger,
)
from bot.demo.history.replay import _Replay
from domain.worklog import Status as LogStatus
from domain.worklog import next_month
from reports.worklog import MONTH_WORKBOOK
from services.attendance import check_in, check_out
from services.worklog import MonthOutcome, submit_month
from storage.models import WorkLog, WorkLogEvent


def _community_days(r: _Replay) -> dict[str, list[date]]:
    """Each paired or seconded cadre's community days: two working days a week (one, once, for SHORT_WEEK_CADRE)."""
    this_monday = r.cal.week_of(r.today)
    short_week = this_monday - timedelta(days=7)
    days: dict[str, list[date]] = {}
    for logger in LOGGERS:
        if not logger.cadre:
            continue
        chosen: list[date] = []
        monday = r.cal.week_of(r.start)
        while monday <= r.today:
            working = [d for d in r.cal.working_days_of_week(monday) if r.start <= d < r.today]
            wanted = 1 if logger.name == SHORT_WEEK_CADRE and monday == short_week else 2
            chosen += sorted(r.rng.sample(working, min(wanted, len(working))))
            monday += timedelta(days=7)
        days[logger.name] = chosen
    return days


def _content(r: _Replay, logger: Logger) -> tuple[list[str], str, str, int]:
    """(tasks, addresses, content, households) of a plausible day's work in the logger's grid."""
    compound = COMPOUNDS[(logger.community, logger.grid)]
    tasks = r.rng.sample(sorted(CONTENTS), r.rng.choice((1, 1, 2)))
    buildings = sorted(r.rng.sample(range(1, 13), 2))
    place = f"{compound}{buildings[0]}号楼、{buildings[1]}号楼"
    text = "".join(r.rng.choice(CONTENTS[task]).format(place=place) for task in tasks)
    return tasks, place, text, r.rng.randint(4, 24)


async def _work_logs(r: _Replay, community_days: dict[str, list[date]]) -> int:
    """The logs and their history rows, as services.worklog.submit_log and sign write them."""
    working = r.cal.working_days_between(r.start, r.today - timedelta(days=1))
    recent = set(working[-2:])  # the secretary has not got to these yet
    returned_open = {"李娜"}  # her newest log waits to be corrected
    returned_fixed = {"何涛", "唐杰"}  # one of their logs was returned once, corrected and approved
    count = 0
    async with r.db.session() as session:
        for logger in LOGGERS:
            person_id = r.people[logger.name]
            secretary = r.people[SECRETARY[logger.community]]
            if logger.cadre:
                days = community_days[logger.name]
            else:
                days = [d for d in working if r.rng.random() < 0.5]
            newest = max(days) if days else None
            fix_day = r.rng.choice(days[: len(days) // 2]) if logger.name in returned_fixed and days else None
            for day in days:
                tasks, place, content, households = _content(r, logger)
                submitted = r.at(day, r.rng.randint(17, 19), r.rng.randint(0, 59))
                sign_day = r.working_day_after(day, r.rng.choice((1, 1, 2)))
                signed = r.at(sign_day, r.rng.randint(9, 11), r.rng.randint(0, 59))
                log = WorkLog(
                    person_id=person_id,
                    community_id=r.communities[logger.community],
                    grid_id=r.grids[(logger.community, logger.grid)],
                    work_date=day,
                    deployment=r.deployments[person_id],
                    categories=tasks,
                    households=households,
                    addresses=place,
                    content=content,
                    status=LogStatus.SUBMITTED.value,
                    version=1,
                    created_at=submitted,
                    submitted_at=submitted,
                )
                session.add(log)
                await session.flush()
                r.logs[(person_id, day)] = log.id
                count += 1
                events = [WorkLogEvent(log_id=log.id, at=submitted, person_id=person_id, action="submitted")]
                if day == newest and logger.name in returned_open:
                    returned = r.at(r.working_day_after(day), 9, 20)
                    if r.past(returned):
                        log.status = LogStatus.RETURNED.value
                        events.append(_event(log.id, returned, secretary, "returned", RETURN_REASON))
                elif day == fix_day:
                    returned = r.at(r.working_day_after(day), 9, 5)
                    again = r.at(r.working_day_after(day), 18, 10)
                    final = r.at(r.working_day_after(day, 2), 9, 30)
                    log.version = 2
                    log.submitted_at = again
                    log.addresses = f"{place}（补充：2单元、3单元）"
                    log.content = f"{content}已补充走访户数和问题处理情况。"
                    events += [
                        _event(log.id, returned, secretary, "returned", RETURN_REASON),
                        WorkLogEvent(log_id=log.id, at=again, person_id=person_id, action="resubmitted"),
                        _event(log.id, final, secretary, "approved", "已补充，同意。"),
                    ]
                    _approve(log, secretary, final, "已补充，同意。")
                elif day not in recent and r.past(signed):
                    opinion = r.rng.choice(OPINIONS)
                    events.append(_event(log.id, signed, secretary, "approved", opinion))
                    _approve(log, secretary, signed, opinion)
                session.add_all(events)
    return count


def _event(log_id: int, at: datetime, person_id: int, action: str, note: str | None) -> WorkLogEvent:
    return WorkLogEvent(log_id=log_id, at=at, person_id=person_id, action=action, note=note)


def _approve(log: WorkLog, secretary: int, at: datetime, opinion: str | None) -> None:
    log.status = LogStatus.APPROVED.value
    log.signed_by = secretary
    log.signed_at = at
    log.opinion = opinion


async def _submit_months(r: _Replay) -> None:
    """Every month that is over goes to 党群工作部 on the 3rd or so (on time), through the service, workbook and all;
    a month with a log still unsigned then (the history's first days of a month) is left for the secretary."""
    month = r.start.replace(day=1)
    while next_month(month) <= r.today.replace(day=1):
        last = r.working_day(next_month(month) - timedelta(days=1))
        day = max(
            r.cal.first_working_day_on_or_after(next_month(month) + timedelta(days=2)),
            r.working_day_after(last, 2),
        )
        moment = r.at(day, 15, 30)
        if r.past(moment):
            for community, secretary in SECRETARY.items():
                result = await submit_month(
                    r.db,
                    r.people[secretary],
                    r.communities[community],
                    month,
                    now=moment,
                    tz=r.tz,
                    deadline_day=r.settings.log_month_deadline_day,
                    media_dir=r.settings.media_dir,
                    default_locale=r.settings.default_locale,
                    workbook=MONTH_WORKBOOK,
                )
                assert result.outcome in (MonthOutcome.SUBMITTED, MonthOutcome.UNSIGNED_LEFT), result
        month = next_month(month)


async def _checkins(r: _Replay, community_days: dict[str, list[date]]) -> int:
    """The cadres' community days, checked in in the morning and out in the afternoon (services.attendance)."""
    count = 0
    for name, days in community_days.items():
        person_id = r.people[name]
        for day in days:
            arrived = r.at(day, 8, r.rng.randint(15, 55))
            await check_in(r.db, person_id, arrived, r.tz, r.cal)
            await check_out(r.db, person_id, r.at(day, 17, r.rng.randint(0, 40)), r.tz)
            count += 1
    return count
