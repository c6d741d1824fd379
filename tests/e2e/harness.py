"""End-to-end harness: the Bot API emulator in the test process, the real bot as a separate process.

`BotProcess` runs a `gridbot` command (`run` against the emulator, or `demo`) with its own environment, waits until
it polls, stops it with a signal and keeps its output for the failure report. `E2E` bundles one test's world: the
emulator, a control client, the bot process and the test's own handle on the bot's database. Helpers wait for a
condition instead of sleeping.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar
from zoneinfo import ZoneInfo

from aiohttp import ClientError
from sqlalchemy import delete, select

from bot.config import Settings
from sandbox import Emulator, Message, SandboxClient, SandboxUser
from sandbox.errors import ApiError
from sandbox.params import Params
from storage import outbox
from storage.db import Database
from storage.models import FsmRecord, OutboxMessage, Person
from tests.e2e.process_clock import ENV as CLOCK_ENV
from tests.e2e.process_clock import ProcessClock

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0  # generous for a loaded machine; importing aiogram's pydantic types alone takes ~2 s; a start is usually 3–4 s
STOP_TIMEOUT = 10.0
SHANGHAI = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")

# The instant a bot process starts at, unless a test chooses its own (`@pytest.mark.clock("…")`): a Wednesday that
# is a working day, mid-morning in Asia/Shanghai, outside the quiet hours, the month after the demo's first month.
DEFAULT_START = datetime.fromisoformat("2026-12-09T10:00:00+08:00")

# The bot's clock is set (tests/e2e/process_clock.py) before the bot is imported. On Linux the bot also gets SIGTERM
# when the test process dies (even by SIGKILL), so no orphan keeps polling; done in the child itself rather than in
# preexec_fn, which is unsafe in a process with threads (aiosqlite's).
_BOOTSTRAP = (
    "import ctypes, signal, runpy, sys; "
    "sys.platform.startswith('linux') and ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM); "  # PR_SET_PDEATHSIG
    "import tests.e2e.process_clock as clock; clock.install(); "
    "runpy.run_module('bot', run_name='__main__', alter_sys=True)"
)


def gridbot_command(*args: str) -> list[str]:
    """`python -m bot <args>`, i.e. the `gridbot` console script, on the clock of `gridbot_env` and tied to this
    test process's lifetime on Linux."""
    return [sys.executable, "-c", _BOOTSTRAP, *args]


def gridbot_env(clock: ProcessClock, **settings: str) -> dict[str, str]:
    """This process's environment without any of the bot's settings (a developer's BOT_TOKEN, REDIS_URL…), plus
    `settings` and the bot's clock; the repository goes first on PYTHONPATH so the code under test is what runs."""
    names = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in names}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env[CLOCK_ENV] = clock.env()
    env.update({key.upper(): value for key, value in settings.items()})
    return env


def free_port() -> int:
    """A port nobody listens on right now (for a server in another process, which cannot be given port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def eventually(
    check: Callable[[], Awaitable[T]], timeout: float = 10.0, interval: float = 0.05, what: str = "condition"
) -> T:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds, naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached within {timeout}s (last: {result!r})")
        await asyncio.sleep(interval)


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call the emulator answered, with monotonic times."""

    method: str  # lower case, as the emulator matches it
    chat_id: str | None
    started: float
    ended: float
    error_code: int | None  # None: it succeeded


class BotProcess:
    """A `gridbot` command in its own process: started, awaited until it polls, stopped by a signal."""

    def __init__(
        self,
        command: Sequence[str],
        env: dict[str, str],
        cwd: Path,
        sandbox_url: str,
        log_path: Path,
        stdout_path: Path | None = None,
        ready_call: str = "getUpdates",
    ) -> None:
        self.ready_call = (
            ready_call  # the Bot API call that shows it serves: getUpdates (polling), setWebhook
        )
        self.command = list(command)
        self.env = env
        self.cwd = cwd  # never the repository, so a developer's .env is not read
        self.sandbox = SandboxClient(sandbox_url)
        self.log_path = log_path  # stderr (logs), and stdout too unless stdout_path is given
        self.stdout_path = stdout_path
        self.process: asyncio.subprocess.Process | None = None
        self._files: list[IO[bytes]] = []

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def log(self) -> str:
        """Everything the process wrote to stderr so far, over all its starts."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stdout(self) -> str:
        path = self.stdout_path or self.log_path
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    async def start(self) -> None:
        assert not self.running, "already running"
        before = await self._get_updates_calls()
        log = self.log_path.open("ab")
        out = self.stdout_path.open("ab") if self.stdout_path else log
        self._files = [log, out] if out is not log else [log]
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            cwd=self.cwd,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=log,
        )
        try:
            await eventually(
                lambda: self._polling_since(before),
                timeout=STARTUP_TIMEOUT,
                what=f"the bot calls {self.ready_call}",
            )
        except BaseException:
            await self.stop(signal.SIGKILL)
            raise

    async def _polling_since(self, before: int) -> bool:
        assert self.process is not None
        if self.process.returncode is not None:
            raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log()}")
        return await self._get_updates_calls() > before

    async def _get_updates_calls(self) -> int:
        """Calls of `ready_call` the emulator has seen: getUpdates rises once the bot has started polling, setWebhook
        once its webhook server listens."""
        try:
            stats = await self.sandbox.stats()
        except ClientError:  # the emulator of a `gridbot demo` process is not listening yet
            return 0
        return int(stats["calls"].get(self.ready_call, 0))

    async def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Signal the process and wait for it; SIGKILL if it does not exit in time. Returns the exit code."""
        process, self.process = self.process, None
        try:
            if process is None:
                return None
            if process.returncode is None:
                process.send_signal(sig)
                try:
                    await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
                except TimeoutError:
                    process.kill()
                    await process.wait()
                    raise AssertionError(
                        f"the bot ignored {sig!r} for {STOP_TIMEOUT}s:\n{self.log()}"
                    ) from None
            return process.returncode
        finally:
            for file in self._files:
                file.close()
            self._files = []

    async def restart(
        self, sig: int = signal.SIGTERM, while_stopped: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """Stop (as systemd or Ctrl-C would), expecting a clean exit; run `while_stopped`; start again."""
        code = await self.stop(sig)
        assert code == 0, f"the bot exited with {code} on {sig!r}:\n{self.log()}"
        if while_stopped is not None:
            await while_stopped()
        await self.start()

    async def close(self) -> None:
        if self.running:
            await self.stop()
        await self.sandbox.close()


@dataclass
class E2E:
    """One end-to-end test's world; people are addressed by their roster name."""

    emulator: Emulator
    sandbox: SandboxClient
    db: Database
    bot: BotProcess
    personas: list[dict[str, Any]]
    clock: ProcessClock  # the bot process's clock too
    # The fixture fails a test whose bot logged an error, unless the test looks at the log itself.
    check_log_at_teardown: bool = True

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today in Asia/Shanghai (the demo's TIMEZONE) on the bot's clock."""
        return self.clock().astimezone(SHANGHAI).date()

    def persona(self, name: str) -> dict[str, Any]:
        for persona in self.personas:
            if (persona["last_name"] or "") + persona["first_name"] == name:
                return persona
        raise KeyError(name)

    def user_id(self, name: str) -> int:
        return int(self.persona(name)["user_id"])

    def user(self, name: str) -> SandboxUser:
        return self.sandbox.user(self.user_id(name))

    async def onboard(self, name: str) -> Message:
        """/start, press 📱 分享手机号, see 验证成功; returns the main menu that follows."""
        user = self.user(name)
        await user.send_command("start")
        await user.wait_message(lambda m: "欢迎使用网格助手" in (m.text or ""))
        await user.press("📱 分享手机号")
        await user.wait_message(lambda m: "验证成功" in (m.text or ""))
        return await user.wait_message(new_menu)

    def record_calls(self) -> list[ApiCall]:
        """From now on, log every Bot API call with its timing and outcome (the emulator's stats keep only
        counts and the times of successful sends; waiting after a 429 needs the refused calls' times too)."""
        calls: list[ApiCall] = []
        api = self.emulator.api
        answer = api.call

        async def recorded(method: str, params: Params) -> Any:
            started, error = time.monotonic(), None
            try:
                return await answer(method, params)
            except ApiError as exc:
                error = exc.error_code
                raise
            finally:
                chat = params.values.get("chat_id")
                calls.append(
                    ApiCall(
                        method.lower(), None if chat is None else str(chat), started, time.monotonic(), error
                    )
                )

        api.call = recorded  # type: ignore[method-assign]  # the emulator's web handler looks it up per request
        return calls

    async def forget_dialogs(self, user: SandboxUser) -> None:
        """Lose a user's stored dialogs, as a crash before the write-behind or a switch of FSM storage would.
        Only while the bot is stopped: a running bot keeps dialog state in memory."""
        assert not self.bot.running
        # Keys are "fsm:<bot id>:<chat id>:<user id>:<destiny>:…"; a persona's id appears nowhere else.
        redis_url = self.bot.env.get("REDIS_URL")
        if redis_url:  # with Redis the dialogs are kept there (bot.app.make_storage)
            from redis.asyncio import Redis

            redis = Redis.from_url(redis_url)
            try:
                keys = [key async for key in redis.scan_iter(match=f"fsm:*:{user.user_id}:*")]
                lost = await redis.delete(*keys) if keys else 0
            finally:
                await redis.aclose()
        else:
            async with self.db.session() as session:
                result = await session.execute(
                    delete(FsmRecord).where(FsmRecord.key.contains(f":{user.user_id}:"))
                )
            lost = result.rowcount
        assert lost, f"user {user.user_id} had no stored dialog to lose"

    def add_button(self, user: SandboxUser, message_id: int, text: str, data: str) -> None:
        """Put a button the bot never sent on a message in the emulator: a modified client. Telegram (and the
        control API) refuse callback data that is not on the message, so this is the only way such data arrives."""
        message = self.emulator.world.chat(user.user_id).live(message_id)
        assert message is not None, f"no message {message_id} in chat {user.user_id}"
        markup = message.data.setdefault("reply_markup", {})
        markup.setdefault("inline_keyboard", []).append([{"text": text, "callback_data": data}])

    async def person(self, name: str) -> Person:
        async with self.db.session() as session:
            return (await session.execute(select(Person).where(Person.name == name))).scalar_one()

    async def enqueue(self, messages: Sequence[tuple[int, str]], key: str = "e2e") -> None:
        """Queue notifications (chat id, text) in one transaction, as a service would; the bot's sender drains them."""
        now = self.clock()
        async with self.db.session() as session:
            for number, (chat_id, text) in enumerate(messages):
                await outbox.enqueue(
                    session, key=f"{key}:{number}", chat_id=chat_id, payload={"text": text}, now=now
                )

    async def outbox_rows(self) -> list[OutboxMessage]:
        async with self.db.session() as session:
            return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())

    async def outbox_settled(self, timeout: float = 30.0) -> list[OutboxMessage]:
        """Wait until the sender has dealt with every queued message (sent or failed for good)."""

        async def settled() -> list[OutboxMessage] | None:
            rows = await self.outbox_rows()
            done = rows and all(row.status in (outbox.SENT, outbox.FAILED) for row in rows)
            return rows if done else None

        return await eventually(settled, timeout=timeout, interval=0.1, what="the outbox is drained")


_RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ")


def log_records(log: str) -> list[str]:
    """The log split into records: a line with a timestamp and the lines (a traceback) that follow it."""
    records: list[str] = []
    for line in log.splitlines():
        if _RECORD_START.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


def assert_clean_log(log: str) -> None:
    """No traceback and no ERROR record: handler failures are logged, not shown to the user, so look here."""
    bad = [
        record
        for record in log_records(log)
        if "Traceback" in record
        or "(message withheld)" in record
        or " ERROR " in record
        or " CRITICAL " in record
    ]
    assert not bad, "the bot logged errors:\n" + "\n".join(bad)


def new_menu(message: Message) -> bool:
    """A main menu sent as a new message. Not an edit: when a dialog is replaced, the bot edits the keyboard off
    the old menu, and that edit (same text) comes before the new menu; a test that stopped there would end, and
    stop the bot, while the bot is still answering."""
    return "网格助手 · 主菜单" in (message.text or "") and not message.edited


def bot_messages(messages: Sequence[Message]) -> list[str]:
    return [m.text or "" for m in messages if m.outgoing]


def button_texts(message: Message) -> set[str]:
    return {text for row in message.buttons for text in row}
