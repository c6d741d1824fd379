"""`gridbot` command line: run, demo, db upgrade/downgrade, roster import/template, invite."""

from __future__ import annotations

import argparse
import asyncio
import functools
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from bot.config import LocaleSetting
from bot.console import load_settings as _settings
from bot.console import plain
from bot.console import say as say
from bot.console import say_database as say_database
from bot.fast_import import install as install_fast_import
from bot.logs import setup_logging
from locales import LOCALES, tr_text

# Only light imports up here, the rest inside each command: this is the `gridbot` script's module, and the digest
# charts' worker processes (spawned) import it again. With aiogram (≈ 170 MB) each worker held the whole bot.


def _until_interrupted(main: Coroutine[Any, Any, int | None]) -> int:
    """A Ctrl-C that reaches Python as KeyboardInterrupt ends the command quietly with 130, not a traceback: `run`
    before polling starts (aiogram handles signals while polling; `run_demo` all along) and Windows."""
    try:
        return int(asyncio.run(main) or 0)
    except KeyboardInterrupt:
        return 130


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings.bot_token is None and settings.feishu_app_id is None:  # issue 19: Feishu needs no token
        from bot.sandbox_runner import run_demo

        say(settings, "cli-no-token")
        say_database(settings, sandbox=True)
        return _until_interrupted(run_demo(settings))
    from bot.app import run
    from bot.telegram_retry import TelegramUnusable
    from storage.instance_lock import InstanceRunning

    say_database(settings)
    try:
        return _until_interrupted(run(settings))
    except InstanceRunning as running:
        say(settings, "cli-instance-running", where=str(running))
        return 3
    except TelegramUnusable as refused:  # the token refused, not a Bot API server, no proxy support: one line
        print(tr_text(settings.default_locale, refused.msg_id, **refused.args_), file=sys.stderr, flush=True)
        return 2


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.sandbox_runner import run_demo

    settings = _settings()
    say_database(settings, sandbox=True)
    return _until_interrupted(run_demo(settings))


def cmd_db(args: argparse.Namespace) -> int:
    from storage import migrate
    from storage.db import Database

    settings = _settings()
    say_database(settings)

    async def go() -> None:
        db = Database(settings.database_url)
        try:
            if args.action == "upgrade":
                await migrate.upgrade(db, args.revision or "head")
            else:
                await migrate.downgrade(db, args.revision or "-1")
        finally:
            await db.dispose()

    asyncio.run(go())
    say(settings, "cli-db-done", action=args.action)
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    settings = _settings()
    if args.action == "template":
        from domain.roster_io import write_template

        write_template(Path(args.path))
        say(settings, "cli-template-written", path=args.path)
        return 0

    from bot.clock import utc_now
    from services.roster_import import import_roster, render_errors, render_summary
    from storage.migrate import migrated_database

    say_database(settings)
    path = Path(args.path)
    if not path.is_file():
        say(settings, "cli-file-missing", path=args.path)
        return 2

    async def go():
        async with migrated_database(settings.database_url) as db:
            kwargs = {"default_subdistrict": args.subdistrict} if args.subdistrict else {}
            return await import_roster(db, path, now=utc_now(), **kwargs)

    result = asyncio.run(go())
    if result.errors:
        say(settings, "cli-roster-rejected", count=len(result.errors))
        for line in render_errors(result.errors, settings.default_locale):
            print(plain(line))
        return 1
    print(plain(render_summary(result, settings.default_locale)))
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    from bot.clock import utc_now
    from services.onboarding import UnknownPerson, create_invite
    from storage.migrate import migrated_database

    settings = _settings()
    say_database(settings)

    async def go() -> tuple[str, str]:
        async with migrated_database(settings.database_url) as db:
            return await create_invite(db, phone=args.phone, now=utc_now(), days=settings.invite_days)

    try:
        code, name = asyncio.run(go())
    except UnknownPerson as exc:
        say(settings, "cli-invite-unknown", phone=str(exc))
        return 1
    link = f"https://t.me/{settings.bot_username}?start={code}" if settings.bot_username else f"/start {code}"
    say(settings, "cli-invite-created", name=name, days=settings.invite_days)
    print(link)
    return 0


def cmd_delegate(args: argparse.Namespace) -> int:
    """Let someone sign a community's work logs in place of its Party secretary (or stop that)."""
    from bot.clock import utc_now
    from services.worklog import set_delegate
    from storage.migrate import migrated_database

    settings = _settings()
    say_database(settings)

    async def go() -> str:
        async with migrated_database(settings.database_url) as db:
            return await set_delegate(db, args.phone, args.community, now=utc_now(), remove=args.remove)

    outcome = asyncio.run(go())
    from domain.phones import mask_phone, normalize_phone

    phone = mask_phone(normalize_phone(args.phone) or args.phone)
    say(settings, f"cli-delegate-{outcome}", phone=phone, community=args.community)
    return 0 if outcome in ("delegated", "removed") else 1


def cmd_neighbours(args: argparse.Namespace) -> int:
    """Issue 8: the communities whose emergency squads a widened call-out of COMMUNITY reaches."""
    from services.callouts import neighbour_names, set_neighbours
    from storage.migrate import migrated_database

    settings = _settings()
    say_database(settings)
    names = (
        None
        if args.neighbours is None
        else [n.strip() for n in args.neighbours.replace("，", ",").split(",")]
    )

    async def go() -> tuple[str, list[str]]:
        async with migrated_database(settings.database_url) as db:
            outcome, faulty = "shown", list[str]()
            if names is not None:
                outcome, faulty = await set_neighbours(db, args.community, [n for n in names if n])
                if outcome not in ("set", "cleared"):
                    return outcome, faulty
            return outcome, await neighbour_names(db, args.community) or []

    outcome, shown = asyncio.run(go())
    if outcome in ("unknown", "ambiguous", "self"):
        say(settings, f"cli-neighbours-{outcome}", names="、".join(shown))
        return 1
    say(settings, "cli-neighbours-now", community=args.community, names="、".join(shown) or "-")
    return 0


def cmd_person(args: argparse.Namespace) -> int:
    """One roster person: show them, unbind their Telegram account, deactivate someone who left or activate again."""
    from bot.clock import utc_now
    from services.person_admin import UnknownPerson, set_active, show_person, unbind
    from storage.migrate import migrated_database

    settings = _settings()
    say_database(settings)

    async def go() -> Any:  # a PersonView or a Change, by the action
        async with migrated_database(settings.database_url) as db:
            if args.action == "show":
                return await show_person(db, args.phone)
            if args.action == "unbind":
                return await unbind(db, args.phone, now=utc_now())
            return await set_active(db, args.phone, args.action == "activate", now=utc_now())

    try:
        result = asyncio.run(go())
    except UnknownPerson as exc:  # the masked phone: never the whole number, not even the one typed
        say(settings, "cli-person-unknown", phone=str(exc))
        return 1
    if args.action != "show":
        outcome = "done" if result.changed else "unchanged"
        say(settings, f"cli-person-{args.action}-{outcome}", name=result.name, phone=result.phone)
        return 0
    locale = settings.default_locale
    roles = [
        tr_text(locale, "cli-person-role-in", role=tr_text(locale, f"role-{role}"), community=community)
        if community
        else tr_text(locale, f"role-{role}")
        for role, community in result.roles
    ]
    state = "deactivated" if result.deactivated else "active" if result.active else "blocked"
    say(
        settings,
        "cli-person-show",
        name=result.name,
        phone=result.phone,
        roles=tr_text(locale, "list-separator").join(roles) or "-",
        bound="yes" if result.bound else "no",
        state=state,
    )
    return 0


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's "usage: " in the CLI's language."""

    def __init__(self, prog: str, *, usage_prefix: str = "usage: ", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._usage_prefix = usage_prefix

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, -h, the error line) are in `locale`, as the help
    texts given to it: `gridbot --help` reads as the rest of the CLI, in DEFAULT_LOCALE."""

    locale: ClassVar[str] = LOCALES[0]

    @classmethod
    def in_locale(cls, locale: str) -> type[CliParser]:
        """The class for `locale`: the subcommands' parsers are made of the same class, so they speak it too."""
        return type(cls.__name__, (cls,), {"locale": locale})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        locale = self.locale
        usage_prefix = tr_text(locale, "cli-help-usage")
        kwargs["formatter_class"] = functools.partial(_HelpFormatter, usage_prefix=usage_prefix)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = tr_text(locale, "cli-help-positionals")
        self._optionals.title = tr_text(locale, "cli-help-options")
        self.add_argument("-h", "--help", action="help", help=tr_text(locale, "cli-help-help"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, tr_text(self.locale, "cli-help-error", prog=self.prog, message=message) + "\n")


def cli_locale() -> str:
    """DEFAULT_LOCALE read as the commands read it (environment, then .env), for the help; one that is unreadable or
    not a locale gives the first (the command itself then reports the setting)."""
    try:
        locale = LocaleSetting().default_locale
    except Exception:
        return LOCALES[0]
    return locale if locale in LOCALES else LOCALES[0]


def build_parser(locale: str | None = None) -> argparse.ArgumentParser:
    locale = locale or cli_locale()

    def text(msg_id: str) -> str:  # argparse %-formats help texts: none of these has a %
        return tr_text(locale, msg_id)

    def command(name: str, msg_id: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text(msg_id), description=text(msg_id))

    parser = CliParser.in_locale(locale)(prog="gridbot", description=text("cli-help-description"))
    sub = parser.add_subparsers(
        dest="command", required=True, title=text("cli-help-commands"), metavar=text("cli-help-command")
    )
    command("run", "cli-help-run").set_defaults(func=cmd_run)
    command("demo", "cli-help-demo").set_defaults(func=cmd_demo)
    db = command("db", "cli-help-db")
    db.add_argument("action", choices=["upgrade", "downgrade"], help=text("cli-help-db-action"))
    db.add_argument("revision", nargs="?", help=text("cli-help-db-revision"))
    db.set_defaults(func=cmd_db)
    roster = command("roster", "cli-help-roster")
    roster.add_argument("action", choices=["import", "template"], help=text("cli-help-roster-action"))
    roster.add_argument("path", help=text("cli-help-roster-path"))
    roster.add_argument("--subdistrict", help=text("cli-help-roster-subdistrict"))
    roster.set_defaults(func=cmd_roster)
    invite = command("invite", "cli-help-invite")
    invite.add_argument("phone", help=text("cli-help-phone"))
    invite.set_defaults(func=cmd_invite)
    delegate = command("delegate", "cli-help-delegate")
    delegate.add_argument("phone", help=text("cli-help-phone"))
    delegate.add_argument("community", help=text("cli-help-community"))
    delegate.add_argument("--remove", action="store_true", help=text("cli-help-delegate-remove"))
    delegate.set_defaults(func=cmd_delegate)

    person = command("person", "cli-help-person")
    person.add_argument(
        "action", choices=["show", "unbind", "deactivate", "activate"], help=text("cli-help-person-action")
    )
    person.add_argument("phone", help=text("cli-help-phone"))
    person.set_defaults(func=cmd_person)

    neighbours = command("neighbours", "cli-help-neighbours")
    neighbours.add_argument("community", help=text("cli-help-community"))
    neighbours.add_argument("neighbours", nargs="?", help=text("cli-help-neighbours-list"))
    neighbours.set_defaults(func=cmd_neighbours)

    from bot.calendar_cli import add_commands  # issue 6: calendar, point

    add_commands(sub, locale)
    from bot.channel_cli import add_commands as add_channel_commands  # issue 20: group robots

    add_channel_commands(sub, locale)
    return parser


def main(argv: list[str] | None = None) -> int:
    install_fast_import()  # before aiogram is imported: its types build their schemas on first use
    args = build_parser().parse_args(argv)
    setup_logging(_settings().log_level)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
