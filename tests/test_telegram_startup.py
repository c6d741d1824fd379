"""Issue 15: a bot with a BOT_TOKEN but no route to Telegram says so in one line (what failed, which setting to look
at), in DEFAULT_LOCALE, and tries again; no traceback (LOG_LEVEL=DEBUG shows one). TELEGRAM_PROXY carries the calls.

Everything here talks to 127.0.0.1 only: a closed port, a stand-in Bot API server, a stand-in CONNECT proxy."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiogram.client.telegram import TelegramAPIServer
from pydantic import SecretStr

from bot.app import make_bot
from bot.config import Settings
from bot.telegram_retry import STARTUP_BACKOFF, wait_for_telegram

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:ABCDEF"
ME = {"id": 123456, "is_bot": True, "first_name": "GridBot", "username": "grid_test_bot"}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens there once the socket is closed


@pytest.fixture
def bot_api() -> Iterator[tuple[str, list[int]]]:
    """A stand-in Bot API server (its own thread): answers getMe, or 401 to the token "1:refused"; the base URL and a
    list of the statuses of the next answers, one each (then 200)."""
    status: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "/bot1:refused/" in self.path:
                code, body = 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            elif status:
                code = status.pop(0)
                body = {"ok": False, "error_code": code, "description": f"Error {code}"}
                if code == 429:
                    body["parameters"] = {"retry_after": 3}
            else:
                code, body = 200, {"ok": True, "result": ME}
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", status
    finally:
        server.shutdown()
        server.server_close()


def _settings(api_base: str, **more: object) -> Settings:
    return Settings(_env_file=None, bot_token=SecretStr(TOKEN), telegram_api_base=api_base, **more)


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "gridbot.telegram"]


async def test_an_unreachable_telegram_is_one_line_a_try_then_reached(caplog, bot_api):
    """Three tries fail (nothing listens), each one line in English with the host, the reason and the pause, growing;
    then the Bot API server is there and the start goes on, getMe's answer kept for polling."""
    port = _closed_port()
    settings = _settings(f"http://127.0.0.1:{port}", default_locale="en")
    bot = make_bot(settings)
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:  # Telegram is back: the next try goes to a server that answers
            bot.session.api = TelegramAPIServer.from_base(bot_api[0])

    caplog.set_level(logging.INFO)
    try:
        await wait_for_telegram(bot, locale="en", api_base=settings.telegram_api_base, sleep=sleep)
        assert (await bot.me()).username == "grid_test_bot"
    finally:
        await bot.session.close()
    assert pauses == list(STARTUP_BACKOFF[:3]) == [2, 5, 10]
    lines = _lines(caplog)
    assert [r.getMessage() for r in lines] == [
        f"Cannot reach Telegram (127.0.0.1:{port}: connection refused); check the network, or set "
        f"TELEGRAM_API_BASE / TELEGRAM_PROXY. Trying again in {seconds} s."
        for seconds in (2, 5, 10)
    ]
    assert all(r.exc_info is None and r.levelno == logging.WARNING for r in lines)  # no traceback


async def test_the_traceback_comes_with_log_level_debug(caplog):
    port = _closed_port()
    bot = make_bot(_settings(f"http://127.0.0.1:{port}"))

    async def sleep(seconds: float) -> None:
        raise asyncio.CancelledError  # one try is enough here

    caplog.set_level(logging.DEBUG, logger="gridbot.telegram")
    try:
        with pytest.raises(asyncio.CancelledError):
            await wait_for_telegram(bot, locale="zh-CN", api_base=f"http://127.0.0.1:{port}", sleep=sleep)
    finally:
        await bot.session.close()
    (line,) = _lines(caplog)
    assert line.getMessage().startswith(f"无法连接 Telegram（127.0.0.1:{port}：连接被拒绝）")
    assert line.exc_info is not None


async def test_the_proxy_carries_the_calls_and_is_named_when_it_fails(caplog, bot_api):
    """TELEGRAM_PROXY: getMe goes through the proxy (an HTTP CONNECT proxy here); a proxy that is not there is said
    as such, by host and port, its password never."""
    tunnels: list[str] = []

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = (await reader.readuntil(b"\r\n\r\n")).decode()
        target = request.split()[1]  # CONNECT host:port HTTP/1.1
        tunnels.append(target)
        host, _, port = target.rpartition(":")
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    proxy_port = server.sockets[0].getsockname()[1]
    api_base = bot_api[0]
    bot = make_bot(_settings(api_base, telegram_proxy=SecretStr(f"http://127.0.0.1:{proxy_port}")))
    try:
        await wait_for_telegram(
            bot, locale="zh-CN", api_base=api_base, proxy=f"http://127.0.0.1:{proxy_port}"
        )
        assert (await bot.me()).username == "grid_test_bot"
    finally:
        await bot.session.close()
        server.close()
    assert tunnels and set(tunnels) == {api_base.removeprefix("http://")}  # every call went through it
    assert _lines(caplog) == []  # reached at the first try

    gone = _closed_port()
    proxy_url = f"socks5://grid:s3cret@127.0.0.1:{gone}"
    bot = make_bot(_settings(api_base, telegram_proxy=SecretStr(proxy_url)))

    async def stop(seconds: float) -> None:
        raise asyncio.CancelledError

    try:
        with pytest.raises(asyncio.CancelledError):
            await wait_for_telegram(bot, locale="zh-CN", api_base=api_base, proxy=proxy_url, sleep=stop)
    finally:
        await bot.session.close()
    (line,) = _lines(caplog)
    assert line.getMessage() == (
        f"无法连接 Telegram（{api_base.removeprefix('http://')}，经代理 127.0.0.1:{gone}：代理连接失败）；"
        "请检查网络，或设置 TELEGRAM_API_BASE / TELEGRAM_PROXY。2 秒后重试。"
    )
    assert "s3cret" not in caplog.text


async def test_flood_control_at_start_is_waited_out_quietly(caplog, bot_api):
    bot_api[1].append(429)
    bot = make_bot(_settings(bot_api[0]))
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    caplog.set_level(logging.INFO)
    try:
        await wait_for_telegram(bot, locale="zh-CN", api_base=bot_api[0], sleep=sleep)
    finally:
        await bot.session.close()
    assert pauses == [3]  # as Telegram asked, then answered
    assert not [r for r in _lines(caplog) if r.levelno >= logging.WARNING]


def _run_gridbot(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,  # no .env of the repository's
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("BOT_", "TELEGRAM_", "DEFAULT_", "LOG_"))
            },
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
            "REDIS_URL": "",
            "WEBHOOK_URL": "",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_gridbot_run_without_a_route_to_telegram_says_one_line_and_waits(tmp_path):
    """The whole start-up, as `gridbot run` starts: a token, and Telegram's address leads nowhere. Before: 20 retry
    warnings a call and a 125-line traceback, exit 1; now one line, the bot waits and tries again until stopped."""
    port = _closed_port()
    process = _run_gridbot(tmp_path, {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": f"http://127.0.0.1:{port}"})
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 90  # a loaded machine: importing aiogram and migrating take seconds
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
            if "无法连接 Telegram" in line:
                break
        assert any("无法连接 Telegram" in line for line in seen), "".join(seen)
        process.send_signal(signal.SIGINT)  # Ctrl-C while it waits to try again
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    err = "".join(seen) + err
    assert (
        f"无法连接 Telegram（127.0.0.1:{port}：连接被拒绝）；请检查网络，或设置 TELEGRAM_API_BASE / TELEGRAM_PROXY。"
        "2 秒后重试。"
    ) in err
    assert "Traceback" not in err and "TelegramNetworkError" not in err, err
    assert f"数据库（DATABASE_URL）：{tmp_path}/bot.sqlite3" in err
    lines = err.strip().splitlines()  # the database, then the one line (a second if the next try came first)
    assert lines[0].startswith("数据库") and all("无法连接 Telegram" in line for line in lines[1:]), err
    assert process.returncode == 130


def test_a_refused_token_or_a_wrong_server_stops_with_one_line(tmp_path, monkeypatch, capsys, bot_api):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3")
    monkeypatch.setenv("TELEGRAM_API_BASE", bot_api[0])
    monkeypatch.setenv("BOT_TOKEN", "1:refused")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "拒绝了 BOT_TOKEN：请检查 BOT_TOKEN 是否就是 @BotFather 给出的令牌" in err
    assert "Traceback" not in err

    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    bot_api[1].append(404)  # TELEGRAM_API_BASE is some web server
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "did not answer as a Telegram Bot API server (TelegramNotFound): check TELEGRAM_API_BASE" in err

    monkeypatch.setenv("TELEGRAM_PROXY", "https://grid:s3cret@proxy.example")  # no port, not a proxy scheme
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_PROXY is not a proxy URL" in err and "s3cret" not in err
