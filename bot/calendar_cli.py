"""`gridbot calendar load PATH` (next year's holidays and make-up working days), `gridbot calendar show`, and
`gridbot point COMMUNITY LAT LON [RADIUS]` (a community's check-in point)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from sqlalchemy import select

from bot.clock import utc_now
from locales import tr_text


def cmd_calendar(args: argparse.Namespace) -> int:
    from bot.console import load_settings as _settings
    from bot.console import say, say_database
    from services.calendar import load_work_calendar, read_calendar_file, store_calendar
    from storage.migrate import migrated_database
    from storage.models import CalendarYear

    settings = _settings()
    say_database(settings)
    if args.action == "show":

        async def show() -> list[tuple[int, str]]:
            async with migrated_database(settings.database_url) as db:
                cal = await load_work_calendar(db)
                async with db.session() as session:
                    loaded = {
                        y.year: y.source for y in (await session.execute(select(CalendarYear))).scalars()
                    }
                this_year = utc_now().year
                years = sorted(set(loaded) | {this_year, this_year + 1})
                return [
                    (y, loaded.get(y) or ("chinesecalendar" if cal.knows(y) else "—  (Mon–Fri fallback)"))
                    for y in years
                ]

        for year, source in asyncio.run(show()):
            say(settings, "cli-calendar-status", year=str(year), source=source)
        return 0
    if not args.path:
        say(settings, "calendar-error-unreadable")
        return 2
    path = Path(args.path)

    async def load():
        async with migrated_database(settings.database_url) as db:
            return await store_calendar(db, read_calendar_file(path), path.name, utc_now())

    result = asyncio.run(load())
    if result.errors:
        say(settings, "cli-calendar-rejected", count=len(result.errors))
        for error in result.errors:
            print(
                tr_text(
                    settings.default_locale, f"calendar-error-{error.code}", line=error.line, text=error.text
                )
            )
        return 1
    say(
        settings,
        "cli-calendar-loaded",
        year=str(result.year),
        holidays=result.holidays,
        workdays=result.workdays,
    )
    return 0


def cmd_point(args: argparse.Namespace) -> int:
    from bot.console import load_settings as _settings
    from bot.console import say, say_database
    from domain.attendance import valid_point
    from storage.migrate import migrated_database
    from storage.models import Community, CommunityPoint

    settings = _settings()
    say_database(settings)
    radius = args.radius or settings.checkin_radius_m
    if not valid_point(args.latitude, args.longitude) or not 10 <= radius <= 50_000:
        say(settings, "cli-point-invalid")
        return 2

    async def go() -> bool:
        async with migrated_database(settings.database_url) as db, db.session() as session:
            community_ids = list(
                (
                    await session.execute(select(Community.id).where(Community.name == args.community))
                ).scalars()
            )
            if not community_ids:
                return False
            for community_id in community_ids:
                point = await session.get(CommunityPoint, community_id)
                if point is None:
                    session.add(
                        CommunityPoint(
                            community_id=community_id,
                            latitude=args.latitude,
                            longitude=args.longitude,
                            radius_m=radius,
                        )
                    )
                else:
                    point.latitude, point.longitude, point.radius_m = args.latitude, args.longitude, radius
            return True

    if not asyncio.run(go()):
        say(settings, "cli-point-unknown", community=args.community)
        return 1
    say(
        settings,
        "cli-point-set",
        community=args.community,
        latitude=args.latitude,
        longitude=args.longitude,
        radius=radius,
    )
    return 0


def add_commands(sub: argparse._SubParsersAction, locale: str = "zh-CN") -> None:
    """The commands, their help in `locale` (DEFAULT_LOCALE: bot.cli.build_parser)."""

    def text(msg_id: str) -> str:
        return tr_text(locale, msg_id)

    calendar = sub.add_parser(
        "calendar", help=text("cli-help-calendar"), description=text("cli-help-calendar")
    )
    calendar.add_argument("action", choices=["load", "show"], help=text("cli-help-calendar-action"))
    calendar.add_argument("path", nargs="?", help=text("cli-help-calendar-path"))
    calendar.set_defaults(func=cmd_calendar)
    point = sub.add_parser("point", help=text("cli-help-point"), description=text("cli-help-point"))
    point.add_argument("community", help=text("cli-help-community"))
    point.add_argument("latitude", type=float, help=text("cli-help-latitude"))
    point.add_argument("longitude", type=float, help=text("cli-help-longitude"))
    point.add_argument("radius", type=int, nargs="?", help=text("cli-help-radius"))
    point.set_defaults(func=cmd_point)
