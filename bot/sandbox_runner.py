"""`gridbot demo` (and `gridbot run` without BOT_TOKEN): the demo sub-district, the Bot API emulator and the real bot.

1. Seed once: when the sandbox's database has no people yet, the demo roster `bot/demo/roster.csv` (+ `网格.csv`)
   is imported with `services.roster_import.import_roster`, the same import an
   administrator runs. A database that already has people is left as it is, so a second run keeps what was entered.
   Then, once, `bot.demo.history.seed_history` adds the last two months of work before the bot's clock (logs,
   problems, check-ins, prompt sheets, meetings, a call-out), so a leader's first /digest, /assess, /export show some.
2. One emulator persona per person in the database: the roster phone (as +86…), the name split into surname and
   given name, and a title naming roles and units. A bound person keeps their Telegram id as persona id, so after a
   restart they are still themselves and /start brings their menu back; others get `PERSONA_ID_BASE + person id`.
3. `sandbox.Emulator` listens on SANDBOX_HOST:SANDBOX_PORT, and the bot runs through `bot.app.run`, the very code
   path of `gridbot run`, with the sandbox token and the emulator as its Bot API server. Chats live in the
   emulator's memory only. The database is SANDBOX_DATABASE_URL (default ./data/sandbox.sqlite3), never the real
   DATABASE_URL: the web chat shows every person's phone and lets whoever opens it act as them.
4. Ctrl-C (SIGINT) or SIGTERM stops polling, the outbox sender and the emulator, and exits 0 without a traceback.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.app import run
from bot.clock import utc_now
from bot.config import Settings
from bot.console import plain, say
from bot.demo import DEMO_ROSTER
from bot.demo.history import seed_history
from domain.roles import ROLE_SPECS, Role
from domain.roster import RosterError
from locales import tr_text
from sandbox import Emulator
from services.roster_import import import_roster, render_errors
from storage.db import Database
from storage.instance_lock import InstanceRunning
from storage.migrate import migrated_database
from storage.models import Community, Department, Person, PersonRole

# The only token the emulator accepts. Its numeric part is the bot's user id, far from the persona ids below.
SANDBOX_TOKEN = "9000000001:gridbot-sandbox"
PERSONA_ID_BASE = 100_000
# Roles in a persona title in the roster's order of DOMAIN.md, not alphabetically.
_ROLE_ORDER = {spec.role: index for index, spec in enumerate(ROLE_SPECS)}
# Addresses that mean "every interface" to a server but cannot be opened by a browser or a client.
_ANY_HOST = {"", "0.0.0.0", "::"}


@dataclass(frozen=True)
class SeedResult:
    imported: bool  # False: the database already had people and was left alone
    people: int
    communities: int = 0
    grids: int = 0
    errors: list[RosterError] = field(default_factory=list)


async def count_people(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Person)) or 0)


async def seed_demo(db: Database, roster: Path = DEMO_ROSTER, now: datetime | None = None) -> SeedResult:
    """Import the demo roster unless the database already has people (the migrations must have run); stamped `now`
    (default the bot's clock)."""
    existing = await count_people(db)
    if existing:
        return SeedResult(imported=False, people=existing)
    result = await import_roster(db, roster, now=now or utc_now())
    if result.errors:
        return SeedResult(imported=False, people=0, errors=result.errors)
    return SeedResult(
        imported=True, people=result.created, communities=result.communities, grids=result.grids
    )


async def load_personas(db: Database, locale: str) -> list[dict[str, Any]]:
    """Emulator personas for everybody in the database, in roster order (see the module docstring)."""
    query = (
        select(
            Person.id,
            Person.name,
            Person.phone,
            Person.telegram_id,
            Department.name.label("department"),
            PersonRole.role,
            Community.name.label("community"),
        )
        .select_from(Person)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(PersonRole, PersonRole.person_id == Person.id)
        .outerjoin(Community, Community.id == PersonRole.community_id)
        .order_by(Person.id, PersonRole.id)
    )
    async with db.session() as session:
        rows = (await session.execute(query)).all()

    people: dict[int, dict[str, Any]] = {}
    for row in rows:
        person = people.setdefault(
            row.id,
            {"row": row, "roles": set(), "communities": []},
        )
        if row.role:
            person["roles"].add(Role(row.role))
        if row.community and row.community not in person["communities"]:
            person["communities"].append(row.community)
    return [
        persona(
            user_id=p["row"].telegram_id or PERSONA_ID_BASE + p["row"].id,
            name=p["row"].name,
            phone=p["row"].phone,
            roles=sorted(p["roles"], key=_ROLE_ORDER.__getitem__),
            units=[*p["communities"], *([p["row"].department] if p["row"].department else [])],
            locale=locale,
        )
        for p in people.values()
    ]


def persona(
    *, user_id: int, name: str, phone: str, roles: list[Role], units: list[str], locale: str
) -> dict[str, Any]:
    """One emulator persona: Telegram has first and last name, a Chinese name is surname (first character) + given."""
    separator = tr_text(locale, "list-separator")  # a persona's title is plain text in the web chat
    role_names = separator.join(tr_text(locale, f"role-{role.value}") for role in roles)
    title_args = {"name": name, "roles": role_names, "units": separator.join(units)}
    return {
        "user_id": user_id,
        "first_name": name[1:] or name,
        "last_name": name[:1] if len(name) > 1 else None,
        "username": None,
        "phone": f"+86{phone}",
        "language_code": "zh-hans" if locale == "zh-CN" else locale,
        "title": tr_text(
            locale, "demo-persona-title" if units else "demo-persona-title-no-unit", **title_args
        ),
    }


def local_url(host: str, port: int) -> str:
    """The URL a browser or the bot on this machine uses to reach a server bound to `host`."""
    host = "127.0.0.1" if host in _ANY_HOST else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def database_label(url: str) -> str:
    """Where the data is, for people: the file for SQLite, otherwise the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return str(Path(parsed.database).resolve())  # the default is relative: say where it really is
    return parsed.render_as_string(hide_password=True)


def _stop_on_signals(task: asyncio.Task[Any]) -> Callable[[], bool]:
    """Outside polling, SIGINT/SIGTERM cancel the demo task so every `finally` below tidies up.

    While the bot polls, aiogram's `start_polling(handle_signals=True)` puts its own handlers in the same
    `loop.add_signal_handler` slots, replacing these instead of fighting them, and stops polling gracefully; `run`
    then returns normally. aiogram leaves its handlers in place and they ignore signals once polling is over, so a
    second Ctrl-C cannot cut the short shutdown half-way. Returns "was a signal received here?".
    """
    loop = asyncio.get_running_loop()
    received = False

    def stop() -> None:
        nonlocal received
        if not received:  # a second press must not cancel the clean-up itself
            received = True
            task.cancel()

    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not on Windows' event loop: there Ctrl-C stays a KeyboardInterrupt, which the CLI turns into exit 130.
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop)
    return lambda: received


async def run_demo(settings: Settings) -> int:
    """Seed, start the emulator and the bot, serve until Ctrl-C; returns the process exit code."""
    task = asyncio.current_task()
    assert task is not None
    stopped_by_signal = _stop_on_signals(task)
    try:
        return await _serve(settings)
    except asyncio.CancelledError:
        if not stopped_by_signal():
            raise
        return 0


async def _seed(settings: Settings) -> list[dict[str, Any]] | None:
    """Migrate and seed the database; the personas, or None when the demo roster was refused."""
    async with migrated_database(settings.sandbox_database_url) as db:
        seeded = await seed_demo(db)
        if seeded.errors:
            say(settings, "demo-seed-failed", count=len(seeded.errors))
            for line in render_errors(seeded.errors, settings.default_locale):
                print(plain(line), flush=True)
            return None
        if seeded.imported:
            say(
                settings,
                "demo-seeded",
                people=seeded.people,
                communities=seeded.communities,
                grids=seeded.grids,
            )
        else:
            say(settings, "demo-kept", people=seeded.people)
        history = await seed_history(db, settings)  # once: the last two months of logs, problems, check-ins…
        if history.seeded:
            say(
                settings,
                "demo-history",
                logs=history.logs,
                problems=history.problems,
                checkins=history.checkins,
                sheets=history.sheets,
                meetings=history.meetings,
                callouts=history.callouts,
            )
        return await load_personas(db, settings.default_locale)


def _port_taken(host: str, port: int) -> bool:
    """Whether the emulator could not listen on (host, port): checked before seeding, so a busy port is said at once,
    not after the database was migrated and seeded."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp's server does
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


async def _serve(settings: Settings) -> int:
    if _port_taken(settings.sandbox_host, settings.sandbox_port):
        say(settings, "demo-port-busy", port=str(settings.sandbox_port))  # str: no "8,080"
        return 1
    personas = await _seed(settings)
    if personas is None:
        return 1
    emulator = Emulator(
        SANDBOX_TOKEN,
        host=settings.sandbox_host,
        port=settings.sandbox_port,
        personas=personas,
        timezone=settings.timezone,  # the web chat shows message times in the bot's zone
    )
    try:
        try:
            await emulator.start()
        except OSError:  # the port is taken (or the host is not an address of this machine)
            say(settings, "demo-port-busy", port=str(settings.sandbox_port))  # str: no "8,080"
            return 1
        assert emulator.port is not None
        url = local_url(settings.sandbox_host, emulator.port)
        bot_settings = settings.model_copy(
            update={
                "bot_token": SecretStr(SANDBOX_TOKEN),
                "telegram_api_base": url,
                "webhook_url": None,  # the emulator is polled; a webhook would point at the real server
                "database_url": settings.sandbox_database_url,
            }
        )
        say(settings, "demo-ready", url=f"{url}/", database=database_label(settings.sandbox_database_url))
        try:
            await run(bot_settings)
        except InstanceRunning as running:
            say(settings, "cli-instance-running", where=str(running))
            return 3
    finally:
        started = emulator.port is not None
        await emulator.stop()
        if started:
            say(settings, "demo-stopped")
    return 0
