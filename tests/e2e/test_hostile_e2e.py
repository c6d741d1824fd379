"""A hostile flood against `gridbot run` in each supported mode (SQLite with long polling; PostgreSQL with long
polling; two instances on PostgreSQL and Redis in webhook mode behind a round-robin proxy, the emulator posting
updates over up to `max_connections` connections at once): at least 10,000 generated updates —
huge and odd text, commands with junk arguments, forged, random and other people's button data, stale buttons after
a restart, people not in the roster, forwarded contacts and contacts without user_id, media where text is expected,
groups and channels — while a registered person keeps opening the menu.

Asserted: no error in the bot's log; nothing changed by anyone unauthorised (bindings, work logs, problems,
attendance, meetings, prompt sheets, …, and no notification to anyone who did not act); not one Bot API call about a
group or a channel; the legitimate person answered within 1 s at the median while the flood runs.

The flood is generated from a seed, printed with the summary: `HOSTILE_SEED=<seed>` replays it
(`HOSTILE_UPDATES` and `HOSTILE_RATE` change its size and pace). Updates are queued through the emulator's world in
this process (the same calls the control API makes, without an HTTP request each), at a fixed offered rate.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from dialogs.command_list import BOT_COMMANDS
from sandbox.params import Upload
from sandbox.world import ActionError, World
from storage import models
from tests.e2e.harness import E2E, assert_clean_log, eventually, new_menu

SEED = int(os.environ.get("HOSTILE_SEED", "20261209"))
UPDATES = int(os.environ.get("HOSTILE_UPDATES", "10000"))
RATE = float(os.environ.get("HOSTILE_RATE", "100"))  # offered updates per second
LEGIT_PRESSES = 24
MEDIAN_BOUND = 1.0  # seconds, from sending /menu to the menu

STRANGERS = range(880_000_001, 880_000_301)  # Telegram accounts of people who are not in the roster
GROUPS = [
    {"id": -100_500_001, "type": "supergroup", "title": "幸福社区工作群"},
    {"id": -500_002, "type": "group", "title": "网格员交流"},
]
CHANNEL = {"id": -100_500_900, "type": "channel", "title": "城关街道通知"}
LEGIT = "张伟"  # 幸福社区 Party secretary: the person who must still be answered
VICTIMS = ("孙丽", "李娜")  # onboarded; their screens are pressed by others during the flood
STALE = "王芳"  # onboarded; her dialogs are lost in a restart, and she presses the old buttons
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")

# Domain tables whose rows nobody in the flood may add or remove.
GUARDED = (
    models.WorkLog,
    models.WorkLogDraft,
    models.WorkLogEvent,
    models.Problem,
    models.ProblemEvent,
    models.AttendanceDay,
    models.AttendancePlan,
    models.MoveRequest,
    models.Meeting,
    models.PromptSheet,
    models.PromptSheetDraft,
    models.Callout,
    models.Invite,
    models.ExportJob,
    models.Rating,
    models.CalloutTarget,
    models.MeetingTarget,
    models.PromptSheetTarget,
    models.WorkLogPhoto,
    models.ReminderMute,
    models.SignDelegate,
    models.LogMonth,
    models.DigestNudge,
    models.PersonRole,
    models.PersonGrid,
)


# -- odd text -------------------------------------------------------------------------------------------------------

PIECES = [
    "网格走访",
    "幸福社区第一网格",
    "13820020001",
    "138****0001",
    "11-25",
    "昨天",
    "2026-02-30",
    "\u200f\u202eمرحبا\u202c",  # RTL mark, right-to-left override
    "\u2067שלום\u2069",
    "👨\u200d👩\u200d👧\u200d👦",  # zero-width joiners
    "🏳️\u200d🌈",
    "👍🏿",
    "🇨🇳",
    "\u200b\u200c\u200d\ufeff",
    "\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f\x85",  # control characters (Telegram does not deliver NUL)
    "\u2028\u2029",
    "<b>加粗",
    "</i>",
    "<a href='javascript:alert(1)'>x</a>",
    "<script>alert(1)</script>",
    "&amp; &lt; & &#0; &#xD800;",
    "{ $name }",
    "{name} %s %(x)s",
    "'; DROP TABLE people; --",
    "\\x00",
    "ｆｕｌｌｗｉｄｔｈ",
    "²³¹⁴",
    "9" * 40,
    "-1",
    "Z̷̢̛a̸l̵g̶o̷",
    "\n\n",
    "  ",
]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def odd_text(rng: random.Random) -> str:
    size = rng.choices(["short", "medium", "max"], weights=[70, 20, 10])[0]
    limit = {"short": rng.randint(1, 60), "medium": rng.randint(60, 1200), "max": 4096}[size]
    parts: list[str] = []
    length = 0
    while length < limit:
        piece = (
            rng.choice(PIECES)
            if rng.random() < 0.7
            else chr(rng.choice([0x4E00, 0x1F600, 0x0410]) + rng.randrange(64))
        )
        if size == "max":
            piece *= rng.randint(5, 40)
        parts.append(piece)
        length += utf16(piece)
    text = "".join(parts)
    while (
        utf16(text) > 4096
    ):  # exactly Telegram's limit at most, in UTF-16 units, without splitting a character
        text = text[:-1]
    return text if text.strip() else text + "x"


# Every command the bot lists, plus a command addressed to the bot by name, one in capitals and one it does not know.
COMMANDS = [*BOT_COMMANDS, "start@gridbot_sandbox_bot", "MENU", "no_such_command"]


def junk_argument(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "inv_" + "".join(rng.choices("ABCdef0123456789_-", k=rng.randint(8, 64))),  # looks like an invite
            "../../etc/passwd",
            str(2**63),
            "-" + str(2**31),
            "²",
            "zh-CN en xx",
            odd_text(rng)[:200],
        ]
    )


# -- the flood ------------------------------------------------------------------------------------------------------


class Flood:
    """Generates and queues the hostile updates; counts what was queued by kind."""

    def __init__(self, e2e: E2E, rng: random.Random, pool: list[tuple[int, dict[str, Any], str]]) -> None:
        self.world: World = e2e.emulator.world
        self.rng = rng
        self.pool = pool  # (owner, message as the bot sent it, callback data of one of its buttons)
        self.unbound = [
            int(p["user_id"])
            for p in e2e.personas
            if (p["last_name"] or "") + p["first_name"] not in (LEGIT, STALE, *VICTIMS)
        ]
        self.roster_users = [(int(p["user_id"]), p["phone"]) for p in e2e.personas]
        self.everyone = [*STRANGERS, *(int(p["user_id"]) for p in e2e.personas)]
        self.stale_user = e2e.user_id(STALE)
        self.stale_buttons: list[tuple[int, dict[str, Any], str]] = []  # her screens from before the restart
        self.queued: Counter[str] = Counter()  # delivered to the bot's queue, by kind
        self.filtered: Counter[str] = Counter()  # left out by the bot's allowed_updates, as Telegram would
        self.private_senders: set[int] = set()
        self.group_queries: list[str] = []
        self.kind_of: dict[int, str] = {}  # update id → kind, to name what failed
        kinds: dict[str, tuple[int, Callable[[], dict[str, Any]]]] = {
            "odd text": (18, self.odd_text),
            "command": (14, self.command),
            "random button data": (9, self.random_data),
            "someone else's button": (9, self.others_button),
            "someone else's data on own message": (5, self.others_data_here),
            "deleted or inaccessible message": (3, self.gone_message),
            "contact": (8, self.contact),
            "photo": (4, self.photo),
            "document": (3, self.document),
            "location": (3, self.location),
            "sticker": (3, self.sticker),
            "forwarded text": (2, self.forwarded_text),
            "group message": (8, self.group_message),
            "group button": (3, self.group_button),
            "bot added to a group": (1, self.added_to_group),
            "channel post": (2, self.channel_post),
            "edited message": (1, self.edited_message),
            "stale button": (4, self.stale_button),
        }
        self.kinds = list(kinds)
        self.weights = [w for w, _ in kinds.values()]
        self.makers = {name: make for name, (_, make) in kinds.items()}

    # who

    def sender(self) -> int:
        """Someone with no right to anything: a stranger or a roster person who never bound an account."""
        return self.rng.choice(STRANGERS) if self.rng.random() < 0.75 else self.rng.choice(self.unbound)

    def tg_user(self, user_id: int) -> dict[str, Any]:
        return self.world.user(user_id).telegram_user()

    def private_chat(self, user_id: int) -> dict[str, Any]:
        return self.world.user(user_id).telegram_chat()

    def raw(self, update: dict[str, Any]) -> dict[str, Any]:
        return self.world.inject_update(update)

    # what

    def odd_text(self) -> dict[str, Any]:
        user = self.sender()
        return self.world.send_text(user, odd_text(self.rng))

    def command(self) -> dict[str, Any]:
        user = self.sender()
        argument = junk_argument(self.rng)
        text = (
            f"/{self.rng.choice(COMMANDS)} {argument}".strip()
            if argument.strip()
            else f"/{self.rng.choice(COMMANDS)}"
        )
        return self.world.send_text(user, text[:4096])

    def _own_message(self, user: int) -> dict[str, Any] | None:
        chat = self.world.chat(user)
        for message in reversed(chat.messages.values()):
            if message.outgoing and not message.deleted:
                return message.data
        return None

    def _press(self, user: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        return self.raw({"callback_query": {"from": self.tg_user(user), "message": message, "data": data}})

    def random_data(self) -> dict[str, Any]:
        user = self.sender()
        message = self._own_message(user) or self._fake_message(user)
        shape = self.rng.random()
        if shape < 0.4:  # aiogram-dialog's shape: intent id, separator, widget id and item
            data = f"{self.rng.getrandbits(40):x}\x1d{self.rng.choice(['menu', 'act', 'back', 'sign', 'x'])}:{self.rng.choice(['1', '²', str(2**63), '-0', 'é'])}"
        elif shape < 0.7:
            data = "".join(self.rng.choices("abcdef0123456789:_-|\x1d²", k=self.rng.randint(1, 64)))
        else:
            data = odd_text(self.rng)
        data = data.encode()[:64].decode(errors="ignore") or "x"
        return self._press(user, message, data)

    def others_button(self) -> dict[str, Any]:
        """A real button of someone else's screen, pressed by a stranger on that very message."""
        _owner, message, data = self.rng.choice(self.pool)
        return self._press(self.sender(), message, data)

    def others_data_here(self) -> dict[str, Any]:
        user = self.sender()
        _owner, _message, data = self.rng.choice(self.pool)
        return self._press(user, self._own_message(user) or self._fake_message(user), data)

    def _fake_message(self, user: int) -> dict[str, Any]:
        """A bot message that is no longer there (deleted, or the chat cleared): edits of it fail."""
        return {
            "message_id": 900_000 + self.rng.randrange(1000),
            "date": int(time.time()) - 60,
            "chat": self.private_chat(user),
            "from": self.world.bot_user,
            "text": "旧消息",
        }

    def gone_message(self) -> dict[str, Any]:
        user = self.sender()
        _owner, _message, data = self.rng.choice(self.pool)
        if self.rng.random() < 0.5:
            message = {"chat": self.private_chat(user), "message_id": 1 + self.rng.randrange(50), "date": 0}
        else:
            message = self._fake_message(user)
        return self._press(user, message, data)

    def contact(self) -> dict[str, Any]:
        user = self.sender()
        # Never the sender's own contact: sharing that is how a roster person binds, which is their right.
        owner, phone = self.rng.choice([(uid, ph) for uid, ph in self.roster_users if uid != user])
        shape = self.rng.randrange(4)
        if shape == 0:  # someone else's contact with their account: forwarded from the address book
            return self.world.send_contact(user, phone=phone, contact_user_id=owner, first_name="转发")
        if shape == 1:  # a roster phone typed by hand: no user_id
            return self.world.send_contact(user, phone=phone, contact_user_id=None, first_name="手输")
        if shape == 2:  # a forwarded message holding that contact
            return self.raw(
                {
                    "message": {
                        "chat": self.private_chat(user),
                        "from": self.tg_user(user),
                        "forward_origin": {
                            "type": "user",
                            "date": int(time.time()) - 600,
                            "sender_user": self.tg_user(owner),
                        },
                        "contact": {"phone_number": phone, "first_name": "转发", "user_id": owner},
                    }
                }
            )
        # a stranger's own contact: a phone nobody in the roster has
        stranger = self.rng.choice(STRANGERS)
        return self.world.send_contact(
            stranger, phone=f"+86139{self.rng.randrange(10**8):08d}", contact_user_id=stranger
        )

    def photo(self) -> dict[str, Any]:
        caption = odd_text(self.rng)[:1024] if self.rng.random() < 0.5 else None
        while caption is not None and utf16(caption) > 1024:
            caption = caption[:-1]
        return self.world.send_file(
            self.sender(), Upload("p.jpg", "image/jpeg", JPEG), "photo", caption or None
        )

    def document(self) -> dict[str, Any]:
        name = self.rng.choice(["名册.xlsx", "a.exe", "../../x.csv", "‮fdp.exe", "x" * 200 + ".pdf"])
        return self.world.send_file(
            self.sender(), Upload(name, "application/octet-stream", b"\x00junk"), "document", None
        )

    def location(self) -> dict[str, Any]:
        lat, lon = self.rng.uniform(-90, 90), self.rng.uniform(-180, 180)
        return self.world.send_location(self.sender(), lat, lon)

    def sticker(self) -> dict[str, Any]:
        user = self.sender()
        sticker = {
            "file_id": f"CAACAgIAAx-{self.rng.randrange(10**6)}",
            "file_unique_id": f"AgAD{self.rng.randrange(10**6)}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": self.rng.random() < 0.3,
            "is_video": False,
            "emoji": self.rng.choice(["👍", "😂", "🤡"]),
        }
        return self.raw(
            {"message": {"chat": self.private_chat(user), "from": self.tg_user(user), "sticker": sticker}}
        )

    def forwarded_text(self) -> dict[str, Any]:
        user = self.sender()
        origin = self.rng.choice(
            [
                {"type": "hidden_user", "date": 1_700_000_000, "sender_user_name": "匿名"},
                {"type": "channel", "date": 1_700_000_000, "chat": CHANNEL, "message_id": 3},
            ]
        )
        return self.raw(
            {
                "message": {
                    "chat": self.private_chat(user),
                    "from": self.tg_user(user),
                    "forward_origin": origin,
                    "text": self.rng.choice(["/menu", "/log", odd_text(self.rng)]),
                }
            }
        )

    def group_message(self) -> dict[str, Any]:
        """Anyone — the registered people too — writing in a group the bot is in."""
        user = self.rng.choice(self.everyone)
        content: dict[str, Any] = self.rng.choice(
            [
                {"text": self.rng.choice(["/menu", "/start", "/log", "/help@gridbot_sandbox_bot", "菜单"])},
                {"text": odd_text(self.rng)},
                {"contact": {"phone_number": self.rng.choice(self.roster_users)[1], "first_name": "群"}},
                {"location": {"latitude": 30.27, "longitude": 120.15}},
            ]
        )
        chat = self.rng.choice(GROUPS)
        return self.raw({"message": {"chat": chat, "from": self.tg_user(user), **content}})

    def group_button(self) -> dict[str, Any]:
        user = self.rng.choice(self.everyone)
        _owner, message, data = self.rng.choice(self.pool)
        chat = self.rng.choice(GROUPS)
        in_group = {**message, "chat": chat}
        result = self._press(user, in_group, data)
        if result["update_id"] is not None:
            self.group_queries.append(result["update"]["callback_query"]["id"])
        return result

    def added_to_group(self) -> dict[str, Any]:
        user = self.rng.choice(self.everyone)
        bot = self.world.bot_user
        return self.raw(
            {
                "my_chat_member": {
                    "chat": self.rng.choice(GROUPS),
                    "from": self.tg_user(user),
                    "old_chat_member": {"status": "left", "user": bot},
                    "new_chat_member": {"status": "member", "user": bot},
                }
            }
        )

    def channel_post(self) -> dict[str, Any]:
        return self.raw(
            {"channel_post": {"chat": CHANNEL, "text": self.rng.choice(["/menu", odd_text(self.rng)])}}
        )

    def edited_message(self) -> dict[str, Any]:
        user = self.sender()
        chat = self.world.chat(user)
        own = [m for m in chat.messages.values() if not m.outgoing and "text" in m.data]
        if not own:
            return self.odd_text()
        message = dict(self.rng.choice(own).data)
        message["text"] = odd_text(self.rng)
        return self.raw({"edited_message": message})

    def stale_button(self) -> dict[str, Any]:
        """王芳 presses a button of a screen from before the restart, whose dialog is gone."""
        message_id, message, data = self.rng.choice(self.stale_buttons)
        try:
            return self.world.press_inline(self.stale_user, message_id, data)
        except (
            ActionError
        ):  # the bot took the keyboard off since: a client showing the old screen still sends it
            return self._press(self.stale_user, message, data)

    def one(self) -> None:
        kind = self.rng.choices(self.kinds, weights=self.weights)[0]
        result = self.makers[kind]()
        if result["update_id"] is None:
            self.filtered[kind] += 1
            return
        self.queued[kind] += 1
        self.kind_of[result["update_id"]] = kind
        update = result.get("update") or {}
        message = update.get("message") or update.get("callback_query") or {}
        chat = (message.get("chat") or (message.get("message") or {}).get("chat") or {}).get(
            "type", "private"
        )
        if chat == "private" and kind != "stale button":
            self.private_senders.add(int(message["from"]["id"]) if "from" in message else 0)

    async def run(self, total: int, rate: float) -> float:
        """Queue `total` updates at `rate` per second; returns the seconds it took."""
        started = time.monotonic()
        while (sent := sum(self.queued.values())) < total:
            due = min(total, int((time.monotonic() - started) * rate) + 1)
            for _ in range(due - sent):
                self.one()
            await asyncio.sleep(0.01)
        return time.monotonic() - started


# -- the database's view ---------------------------------------------------------------------------------------------


async def snapshot(e2e: E2E, acted: set[int]) -> dict[str, Any]:
    """What nobody in the flood may change: bindings and status of every person, row counts of the domain tables,
    preferences and notifications of everyone who did not act."""
    async with e2e.db.session() as session:
        people = (
            await session.execute(
                select(
                    models.Person.id,
                    models.Person.telegram_id,
                    models.Person.active,
                    models.Person.deactivated_at,
                )
            )
        ).all()
        counts = {
            table.__tablename__: (await session.execute(select(func.count()).select_from(table))).scalar_one()
            for table in GUARDED
        }
        prefs = (await session.execute(select(models.UserPref.telegram_id, models.UserPref.locale))).all()
        outbox = (await session.execute(select(models.OutboxMessage.key, models.OutboxMessage.chat_id))).all()
    return {
        "people": sorted(tuple(row) for row in people),
        "counts": counts,
        "prefs": sorted(tuple(row) for row in prefs if row.telegram_id not in acted),
        "outbox": sorted(tuple(row) for row in outbox if row.chat_id not in acted),
    }


@pytest.mark.every_mode("sqlite-polling", "pg-polling", "pg-redis-webhook-x2")
async def test_hostile_flood(e2e: E2E) -> None:
    rng = random.Random(SEED)
    legit = e2e.user(LEGIT)
    await e2e.onboard(LEGIT)
    for name in (*VICTIMS, STALE):
        await e2e.onboard(name)
    admin = e2e.user("孙丽")
    await admin.press("👥 名册概况")
    await admin.wait_message(lambda m: "名册概况" in (m.text or ""))
    stale = e2e.user(STALE)

    # Stale buttons: 王芳's screens from before a restart in which her dialogs were lost.
    await e2e.bot.restart(while_stopped=lambda: e2e.forget_dialogs(stale))
    world = e2e.emulator.world
    pool = [
        (chat_id, copy.deepcopy(message.data), button["callback_data"])
        for chat_id in (e2e.user_id(n) for n in (LEGIT, *VICTIMS, STALE))
        for message in world.chat(chat_id).messages.values()
        if message.outgoing and not message.deleted
        for row in message.inline_keyboard
        for button in row
        if "callback_data" in button
    ]
    assert len(pool) >= 10, pool
    flood = Flood(e2e, rng, pool)
    flood.stale_buttons = [
        (int(message["message_id"]), message, data) for owner, message, data in pool if owner == stale.user_id
    ]
    assert flood.stale_buttons

    acted_ids = {*STRANGERS, *flood.unbound, stale.user_id, legit.user_id}
    before = await snapshot(e2e, acted_ids)
    calls = e2e.record_calls()
    legit_start = time.monotonic()

    # The legitimate person opens the menu again and again while the flood runs.
    latencies: list[float] = []
    flood_task = asyncio.create_task(flood.run(UPDATES, RATE))
    interval = UPDATES / RATE / (LEGIT_PRESSES + 2)
    while not flood_task.done():
        assert time.monotonic() - legit_start < 150, "the test ran out of its time bound"
        await asyncio.sleep(interval)
        if flood_task.done():
            break
        sent_at = time.monotonic()
        await legit.send_command("menu")
        await legit.wait_message(new_menu, timeout=30)
        latencies.append(time.monotonic() - sent_at)
    injected_in = await flood_task
    queued = sum(flood.queued.values())

    # The bot works through what is left; then it is quiet.
    drain_start = time.monotonic()
    await eventually(lambda: _drained(world), timeout=90, interval=0.2, what="the bot took every update")

    async def quiet() -> bool:
        count = len(calls)
        await asyncio.sleep(1.5)
        return len(calls) == count

    await eventually(quiet, timeout=60, interval=0, what="the bot stopped calling the Bot API")
    drained_in = time.monotonic() - drain_start

    log = e2e.bot.log()
    errors = [line for line in log.splitlines() if " ERROR " in line or "Traceback" in line]
    after = await snapshot(e2e, acted_ids)
    group_ids = {str(g["id"]) for g in GROUPS} | {str(CHANNEL["id"])}
    to_groups = [c for c in calls if c.chat_id in group_ids]
    answered_in_groups = [q for q in flood.group_queries if world.callbacks[q].answered]
    median = statistics.median(latencies) if latencies else float("nan")
    p90 = statistics.quantiles(latencies, n=10)[-1] if len(latencies) >= 2 else float("nan")
    sends = sum(1 for c in calls if c.method.startswith(("send", "edit")) and c.error_code is None)
    print(
        f"\nhostile flood: seed={SEED} updates={queued} (filtered by allowed_updates: {sum(flood.filtered.values())})"
        f" offered={RATE:.0f}/s queued in {injected_in:.1f}s, drained {drained_in:.1f}s later;"
        f" bot calls={len(calls)} sends/edits={sends}; legit /menu n={len(latencies)}"
        f" median={median * 1000:.0f}ms p90={p90 * 1000:.0f}ms max={max(latencies, default=0) * 1000:.0f}ms;"
        f" errors={len(errors)}; calls to groups/channels={len(to_groups)}"
    )
    print("by kind:", dict(flood.queued), "filtered:", dict(flood.filtered))

    failed = Counter(
        flood.kind_of.get(int(n), "before the flood") for n in re.findall(r"update (\d+) failed", log)
    )
    assert queued >= UPDATES
    assert not failed, f"updates that failed, by kind: {dict(failed)} (HOSTILE_SEED={SEED})"
    assert_clean_log(log)
    assert after == before, _difference(before, after)
    assert not to_groups, f"the bot spoke in a group or channel: {to_groups[:5]}"
    assert not answered_in_groups, "the bot answered buttons pressed in a group"
    assert len(latencies) >= 20, f"only {len(latencies)} answers measured during the flood"
    assert median <= MEDIAN_BOUND, f"median answer {median:.2f}s > {MEDIAN_BOUND}s: {sorted(latencies)}"


async def _drained(world: World) -> bool:
    return world.updates.pending_count == 0


def _difference(before: dict[str, Any], after: dict[str, Any]) -> str:
    lines = []
    for key in before:
        if before[key] != after[key]:
            if isinstance(before[key], dict):
                lines.append(
                    f"{key}: "
                    + ", ".join(
                        f"{k} {before[key][k]}→{after[key][k]}"
                        for k in before[key]
                        if before[key][k] != after[key][k]
                    )
                )
            else:
                lines.append(
                    f"{key}: added {sorted(set(after[key]) - set(before[key]))[:10]}, removed {sorted(set(before[key]) - set(after[key]))[:10]}"
                )
    return "unauthorised changes: " + "; ".join(lines)
