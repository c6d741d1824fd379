"""`gridbot channel add|list|test|remove` (issue 20): the group robots of the work groups, as configuration.

`add KIND WEBHOOK [--secret S | CHANNEL_SECRET] [--community NAME] [--subdistrict NAME] [--kinds a,b]`, `list`,
`test ID` (sends a test message now and says the robot's answer), `remove ID`. Addresses and secrets are printed
only masked.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from bot.clock import utc_now
from locales import tr_text


def _lines(locale: str, views: list[Any]) -> list[str]:
    from services.channels.texts import channel_lines

    return [line for v in views for line in channel_lines(locale, v)]


def cmd_channel(args: argparse.Namespace) -> int:
    from bot.console import load_settings as _settings
    from bot.console import say_database
    from bot.sender.robots import send_test
    from services.channels.model import MESSAGE_KINDS, ChannelError, Outcome
    from services.channels.registry import NewChannel, add_channel, list_channels, remove_channel
    from storage.migrate import migrated_database

    settings = _settings()
    locale = settings.default_locale
    say_database(settings)

    def say(msg_id: str, **values: object) -> None:
        print(tr_text(locale, msg_id, **values), flush=True)

    def number(value: str | None) -> int | None:
        return int(value) if value and value.isdigit() and len(value) < 10 else None

    async def go() -> int:
        async with migrated_database(settings.database_url) as db:
            if args.action == "list":
                views = await list_channels(db)
                for line in _lines(locale, views) or [tr_text(locale, "channel-none")]:
                    print(line, flush=True)
                return 0
            if args.action == "add":
                if not args.target or not args.webhook:
                    say("channel-bad-kind", kinds=", ".join(("wecom", "dingtalk", "feishu")))
                    return 2
                kinds = tuple(
                    k.strip() for k in (args.kinds or ",".join(MESSAGE_KINDS)).split(",") if k.strip()
                )
                new = NewChannel(
                    kind=args.target.strip().lower(),
                    webhook=args.webhook,
                    secret=args.secret or os.environ.get("CHANNEL_SECRET") or None,
                    community=args.community,
                    subdistrict=args.subdistrict,
                    subscribed=kinds,
                )
                view = await add_channel(db, new, utc_now())
                say("channel-added")
                print("\n".join(_lines(locale, [view])), flush=True)
                return 0
            channel_id = number(args.target)
            if channel_id is None:
                say("channel-unknown", id=args.target or "-")
                return 1
            if args.action == "remove":
                if not await remove_channel(db, channel_id, utc_now()):
                    say("channel-unknown", id=channel_id)
                    return 1
                say("channel-removed", id=channel_id)
                return 0
            verdict = await send_test(db, channel_id, tr_text(locale, "channel-test-text"), utc_now)
            if verdict is None:
                say("channel-unknown", id=channel_id)
                return 1
            if verdict.outcome is Outcome.SENT:
                say("channel-test-ok")
                return 0
            say("channel-test-failed", reason=verdict.reason or verdict.outcome.value)
            return 1

    try:
        return asyncio.run(go())
    except ChannelError as refused:
        say(refused.key, **refused.args_)
        return 2


def add_commands(sub: argparse._SubParsersAction, locale: str = "zh-CN") -> None:
    from services.channels.model import MESSAGE_KINDS

    def text(msg_id: str, **values: object) -> str:
        return tr_text(locale, msg_id, **values)

    channel = sub.add_parser("channel", help=text("cli-help-channel"), description=text("cli-help-channel"))
    channel.add_argument(
        "action", choices=["add", "list", "test", "remove"], help=text("cli-help-channel-action")
    )
    channel.add_argument("target", nargs="?", help=text("cli-help-channel-target"))
    channel.add_argument("webhook", nargs="?", help=text("cli-help-channel-webhook"))
    channel.add_argument("--secret", help=text("cli-help-channel-secret"))
    channel.add_argument("--community", help=text("cli-help-channel-community"))
    channel.add_argument("--subdistrict", help=text("cli-help-channel-subdistrict"))
    channel.add_argument("--kinds", help=text("cli-help-channel-kinds", kinds=",".join(MESSAGE_KINDS)))
    channel.set_defaults(func=cmd_channel)
