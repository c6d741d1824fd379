"""The leaders' digests as reminder kinds (issue 7): daily on working days, weekly on the first working day of the
week, monthly on the first working day of the month, at DIGEST_TIME (default 08:30; REMINDER_TIMES may move one, e.g.
{"digest-weekly": "09:00"}; REMINDERS_OFF may turn one off).

Each run reads the facts once for every community (`services.digest`), cuts them to each principal leader's and
leader in charge's scope, and queues the messages, a chart and the nudge buttons through the outbox with the keys
`digest:<kind>:<day>:<person>:<part>`, so a reader gets each digest once. `build` is also what /digest shows.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.phases import Feature
from domain.settings import Settings
from domain.workcalendar import WorkCalendar
from locales import tr_text
from reminders.digest_channels import group_readers, group_rows
from reminders.engine import ReminderKind, Slot
from reports import charts
from reports import digest as render
from services import digest as facts_of
from services.outgoing import BUTTONS, one_per_row
from services.phases import inactive_communities
from storage.db import Database
from storage.models import Person, UserPref
from storage.outbox import new_row

KINDS = ("daily", "weekly", "monthly")
NUDGE_CALLBACK = "dgn"  # dgn:<problem id>, under the overdue items of a daily digest
# Chart files are kept this long (a large sub-district draws ≈ 2.5 MB a day): a digest chart still unsent after a
# week is not worth sending, and the outbox marks such a row failed when its file is gone.
CHART_KEEP_DAYS = 7
_CHART_NAME = re.compile(r"^[a-z]+-(\d{4}-\d\d-\d\d)-[0-9a-f]{12}\.png$")


def first_working_day(cal: WorkCalendar, start: date, today: date) -> bool:
    days = cal.working_days_between(start, today)
    return bool(days) and days[0] == today


def is_due(kind: str, slot: Slot) -> bool:
    if kind == "weekly":
        days = slot.cal.working_days_of_week(slot.today)
        return bool(days) and days[0] == slot.today
    if kind == "monthly":
        return first_working_day(slot.cal, slot.today.replace(day=1), slot.today)
    return True  # daily: every working day (the engine skips the others)


@dataclass
class Built:
    """The facts of one digest, computed once, and a cache of charts by (scope, locale)."""

    kind: str
    facts: object
    charts: dict[tuple[frozenset[int], str], render.Chart | None]


async def gather(
    session: AsyncSession, kind: str, today: date, cal: WorkCalendar, settings: Settings
) -> Built:
    tz = ZoneInfo(settings.timezone)
    hours = settings.problem_response_hours
    if kind == "daily":
        facts: object = await facts_of.daily_facts(session, today, cal, tz)
    elif kind == "weekly":
        facts = await facts_of.weekly_facts(session, today, cal, tz, hours)
    else:
        facts = await facts_of.monthly_facts(session, today, tz, hours, settings.problem_monthly_quota)
    return Built(kind, facts, {})


def digest_for(built: Built, scope: facts_of.Scope, locale: str, settings: Settings) -> render.Digest:
    rows = settings.digest_rows
    if built.kind == "daily":
        return render.daily(built.facts, scope, locale, rows=rows, nudges=settings.digest_nudges)  # type: ignore[arg-type]
    if built.kind == "weekly":
        return render.weekly(built.facts, scope, locale, rows=rows)  # type: ignore[arg-type]
    return render.monthly(built.facts, scope, locale, rows=rows)  # type: ignore[arg-type]


def chart_plan(built: Built, scope: facts_of.Scope, locale: str) -> render.ChartPlan:
    plan = {"daily": render.daily_chart, "weekly": render.weekly_chart, "monthly": render.monthly_chart}
    return plan[built.kind](built.facts, scope, locale)  # type: ignore[operator]


async def draw_charts(built: Built, wanted: list[tuple[facts_of.Scope, str]]) -> None:
    """Draw each (scope, language) chart once, all at once (in worker processes when there are several)."""
    keys = list(dict.fromkeys((scope.community_ids, locale) for scope, locale in wanted))
    todo = [key for key in keys if key not in built.charts]
    plans = [chart_plan(built, facts_of.Scope(ids, whole=False), locale) for ids, locale in todo]
    # A chart with nothing on it (no data, every value 0) says nothing the text does not: none is drawn or sent.
    telling = [plan for plan in plans if any(value for _label, value in plan.spec.items)]
    pngs = dict(zip(map(id, telling), await charts.render_all([plan.spec for plan in telling]), strict=True))
    for key, plan in zip(todo, plans, strict=True):
        png = pngs.get(id(plan))
        built.charts[key] = render.Chart(png, plan.caption) if png else None


def chart_for(built: Built, scope: facts_of.Scope, locale: str) -> render.Chart | None:
    return built.charts.get((scope.community_ids, locale))


def nudge_buttons(digest: render.Digest, locale: str) -> list[list[list[str]]]:
    return one_per_row(
        (tr_text(locale, "digest-nudge-button", id=problem_id, owner=owner), f"{NUDGE_CALLBACK}:{problem_id}")
        for problem_id, owner in digest.nudges
    )


def chart_file(
    media_dir: Path, kind: str, today: date, scope: facts_of.Scope, locale: str, png: bytes
) -> Path:
    """Charts are written once per scope and language, and sent from disk by the outbox."""
    ids = ",".join(str(c) for c in sorted(scope.community_ids))
    digest_of_scope = hashlib.sha1(f"{ids}|{locale}".encode()).hexdigest()[:12]  # noqa: S324 (a file name)
    path = media_dir / "digests" / f"{kind}-{today.isoformat()}-{digest_of_scope}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    return path


def prune_charts(media_dir: Path, today: date, keep_days: int = CHART_KEEP_DAYS) -> int:
    """Delete the digest charts drawn more than `keep_days` before `today` (the day is in the file's name, see
    `chart_file`); other files are left alone. Returns how many were deleted."""
    folder = media_dir / "digests"
    if not folder.is_dir():
        return 0
    oldest = today - timedelta(days=keep_days)
    removed = 0
    for path in folder.iterdir():
        named = _CHART_NAME.match(path.name)
        if named and date.fromisoformat(named.group(1)) < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def outbox_rows(
    built: Built,
    reader: facts_of.Reader,
    chat_id: int,
    locale: str,
    today: date,
    now: datetime,
    settings: Settings,
    digest: render.Digest,
) -> list[dict]:
    base = f"digest:{built.kind}:{today.isoformat()}:{reader.person_id}"
    rows = []
    buttons = nudge_buttons(digest, locale)
    for index, text in enumerate(digest.parts):
        payload: dict = {"text": text}
        if buttons and index == digest.nudge_part:
            payload[BUTTONS] = buttons
        rows.append(new_row(key=f"{base}:{index}", chat_id=chat_id, payload=payload, now=now))
    chart = chart_for(built, reader.scope, locale)
    if chart is not None:
        path = chart_file(settings.media_dir, built.kind, today, reader.scope, locale, chart.png)
        payload = {"photo_path": str(path.resolve()), "caption": chart.caption}
        rows.append(
            new_row(key=f"{base}:chart", chat_id=chat_id, payload=payload, now=now, method="sendPhoto")
        )
    return rows


def _counted(readers: list[facts_of.Reader], skip: set[int]) -> list[facts_of.Reader]:
    """Issue 17: the readers' scopes without the communities PHASE_FEATURES leaves out of the digests; a reader
    left with none gets no digest."""
    if not skip:
        return readers
    kept = [replace(r, scope=replace(r.scope, community_ids=r.scope.community_ids - skip)) for r in readers]
    return [r for r in kept if r.scope.community_ids]


def make_kind(kind: str) -> ReminderKind:
    async def prepare(db: Database, slot: Slot) -> list[dict]:
        await asyncio.to_thread(prune_charts, slot.settings.media_dir, slot.today)
        async with db.read_session() as session:  # a long read: on SQLite, without holding the write lock
            built = await gather(session, kind, slot.today, slot.cal, slot.settings)
            skip = await inactive_communities(
                session, Feature.DIGEST, slot.settings.phase_features, slot.today
            )
            readers = _counted(await facts_of.digest_readers(session), skip)
            robots = await group_readers(session, kind, skip)  # issue 20: the groups' robots
            contacts = {
                row.id: (row.telegram_id, row.locale)
                for row in await session.execute(
                    select(Person.id, Person.telegram_id, UserPref.locale)
                    .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
                    .where(Person.id.in_([r.person_id for r in readers]))
                )
            }
        default = slot.settings.default_locale
        languages = {r.person_id: contacts[r.person_id][1] or default for r in readers}
        # The charts are drawn by the worker processes while this one writes the texts.
        drawing = asyncio.create_task(
            draw_charts(
                built,
                [(r.scope, languages[r.person_id]) for r in readers] + [(g.scope, default) for g in robots],
            )
        )
        await asyncio.sleep(0)  # the drawing starts now
        try:
            texts = {
                r.person_id: digest_for(built, r.scope, languages[r.person_id], slot.settings)
                for r in readers
            }
        finally:
            await drawing  # also when a text failed: no drawing left running on its own
        rows: list[dict] = []
        for reader in readers:
            chat_id = contacts[reader.person_id][0]
            locale = languages[reader.person_id]
            rows += outbox_rows(
                built, reader, chat_id, locale, slot.today, slot.now, slot.settings, texts[reader.person_id]
            )

        def for_group(scope: facts_of.Scope) -> tuple[render.Digest, str | None]:
            chart = chart_for(built, scope, default)
            path = chart and chart_file(slot.settings.media_dir, kind, slot.today, scope, default, chart.png)
            return digest_for(built, scope, default, slot.settings), str(path.resolve()) if path else None

        return rows + group_rows(kind, slot.today, slot.now, default, robots, for_group)

    async def collect(_session: AsyncSession, _slot: Slot) -> list:
        return []  # not used: `prepare` writes the rows

    return ReminderKind(
        name=f"digest-{kind}",
        is_due=lambda slot: is_due(kind, slot),
        collect=collect,
        prepare=prepare,
        default_time="08:30",
    )


def digest_kinds() -> list[ReminderKind]:
    return [make_kind(kind) for kind in KINDS]
