"""The commands Telegram lists in the chat's menu of commands (setMyCommands) and /help shows: per person, those of
their roles."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.types import BotCommand

from domain.roles import Action, Role, actions_for
from locales import Html, tr

ACTION_COMMANDS = {
    "log": Action.LOG,
    "mylogs": Action.MY_LOGS,
    "report": Action.REPORT,
    "checkin": Action.CHECKIN,
    "pending": Action.PENDING,
    "digest": Action.DIGEST,
    "assess": Action.ASSESS,
    "callout": Action.CALLOUT,
    "export": Action.EXPORT,
    "sheet": Action.PROMPT_SHEET,
    "meeting": Action.MEETING,
}
# The commands Telegram lists (setMyCommands), in this order; each described by the Fluent message cmd-<name>.
BOT_COMMANDS = (
    "start",
    "menu",
    "log",
    "mylogs",
    "report",
    "checkin",
    "pending",
    "digest",
    "assess",
    "callout",
    "export",
    "sheet",
    "meeting",
    "help",
    "cancel",
    "lang",
)
# Anyone's commands; what an action command opens is checked against the person's roles.
GENERAL_COMMANDS = frozenset({"start", "menu", "help", "cancel", "lang"})


def commands_for(roles: Iterable[Role] | None) -> list[str]:
    """The commands a person with these roles may use, in BOT_COMMANDS order: the general ones, and the command of
    each action the roles allow (dialogs.actions refuses the others). None: all of them (the list Telegram shows to
    people the bot has not placed yet)."""
    if roles is None:
        return list(BOT_COMMANDS)
    allowed = set(actions_for(roles))
    return [c for c in BOT_COMMANDS if c in GENERAL_COMMANDS or ACTION_COMMANDS.get(c) in allowed]


def bot_commands(locale: str, roles: Iterable[Role] | None = None) -> list[BotCommand]:
    return [BotCommand(command=c, description=tr(locale, f"cmd-{c}")) for c in commands_for(roles)]


def commands_text(locale: str, roles: Iterable[Role] | None) -> str:
    """The command list as /help shows it: the same commands as the chat's menu of commands."""
    return Html("\n").join(f"/{c} {tr(locale, f'cmd-{c}')}" for c in commands_for(roles))
