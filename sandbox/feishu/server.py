"""``FeishuStandIn``: the Feishu Open API on a local port, its world, its event poster and its control API.

Run it in the test's event loop (``await standin.start()`` … ``await standin.stop()``) when the client under test is
fully async, or on a thread of its own (``standin.start_in_thread()`` … ``standin.stop_thread()``) when the client
makes blocking calls from the event loop — lark-oapi fetches ``tenant_access_token`` with a blocking ``requests``
call even from its async ``a…`` methods, which would deadlock against a server in the same loop. The control methods
(``type_text``, ``press``, …) run in the caller's loop either way: they only post to the bot's callback URL and
touch the world under its lock.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from typing import Any

from aiohttp import web

from .api import App, OpenApi, Recorded
from .control import Users
from .events import FEISHU_REPUSH_DELAYS
from .limits import Limits, RateLimiter
from .longconn import LongConnection, LongConnPoster
from .world import FeishuUser, World

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class FeishuStandIn(Users):
    def __init__(
        self,
        app_id: str = "cli_standin0000000001",
        app_secret: str = "standin-secret",
        *,
        verification_token: str = "standin-verification-token",
        encrypt_key: str = "",
        callback_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        strict: bool = True,
        limits: Limits | None = None,
        answer_timeout: float = 3.0,
        repush_delays: tuple[float, ...] = FEISHU_REPUSH_DELAYS,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.app = App(app_id, app_secret)
        world = World(app_id)
        self.limiter = RateLimiter(limits)
        self.api = OpenApi(world, self.app, self.limiter, strict=strict)
        self.longconn = LongConnection(app_id, app_secret, self.api.errors, lambda: self.base_url)
        poster = LongConnPoster(
            self.longconn,
            app_id=app_id,
            tenant_key=world.tenant_key,
            verification_token=verification_token,
            encrypt_key=encrypt_key,
            answer_timeout=answer_timeout,
            repush_delays=repush_delays,
        )
        poster.callback_url = callback_url
        self.longconn_poster = poster
        super().__init__(world, poster)
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None

    # --- configuration shortcuts -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What the bot's FEISHU_DOMAIN points to (lark-oapi appends /open-apis/…)."""
        return f"http://{self.host}:{self.port}"

    @property
    def callback_url(self) -> str | None:
        return self.poster.callback_url

    @callback_url.setter
    def callback_url(self, url: str | None) -> None:
        self.poster.callback_url = url

    @property
    def mode(self) -> str:
        """How events reach the bot: "http" (posted to callback_url) or "ws" (over the long connection)."""
        return self.longconn_poster.mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in ("http", "ws"):
            raise ValueError(f"mode must be 'http' or 'ws', not {mode!r}")
        self.longconn_poster.mode = mode

    @property
    def app_id(self) -> str:
        return self.app.app_id

    @property
    def app_secret(self) -> str:
        return self.app.app_secret

    @property
    def verification_token(self) -> str:
        return self.poster.verification_token

    @property
    def encrypt_key(self) -> str:
        return self.poster.encrypt_key

    def add_user(self, name: str, mobile: str | None = None, *, open_id: str | None = None) -> FeishuUser:
        """A user of the tenant (in the app's availability range) with a p2p chat with the bot."""
        return self.world.add_user(name, mobile, open_id=open_id)

    def expire_tokens(self) -> None:
        """Every tenant_access_token issued so far becomes invalid (99991663), as after its two hours."""
        self.app.generation += 1

    def revoke_phone_permission(self) -> None:
        """The app loses contact:user.phone:readonly: user lookups answer without mobile."""
        self.app.granted.discard("contact:user.phone:readonly")

    # --- what happened ---------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        return self.api.requests

    @property
    def errors(self) -> list[str]:
        """Broken rules and unknown requests (strict mode). A test should end with none."""
        return self.api.errors

    @property
    def refusals(self) -> list[Recorded]:
        return self.api.refusals

    def take_errors(self) -> list[str]:
        taken = list(self.api.errors)
        self.api.errors.clear()
        return taken

    def assert_clean(self) -> None:
        """Fail loudly when the bot made a request the stand-in does not know or that broke a documented rule."""
        if self.api.errors:
            raise AssertionError("the Feishu stand-in refused requests:\n  " + "\n  ".join(self.api.errors))

    # --- running ---------------------------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)  # uploads: files go up to 30 MB
        app.add_routes(self.longconn.routes())  # before the API's catch-all; the long connection: longconn.py
        app.on_shutdown.append(self.longconn.close_all)
        app.add_routes(self.api.routes())
        return app

    async def start(self) -> FeishuStandIn:
        self._runner = web.AppRunner(self.make_app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        log.info("Feishu stand-in on %s", self.base_url)
        return self

    async def stop(self) -> None:
        await self.poster.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self) -> FeishuStandIn:
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._thread_loop = loop
            try:
                loop.run_until_complete(self._start_server_only())
            except BaseException as e:  # reported to the starting thread
                failure.append(e)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self._stop_server_only())
            loop.close()

        self._thread = threading.Thread(target=run, name="feishu-standin", daemon=True)
        self._thread.start()
        started.wait(10)
        if failure:
            raise failure[0]
        return self

    async def _start_server_only(self) -> None:
        self._runner = web.AppRunner(self.make_app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()

    async def _stop_server_only(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def stop_thread(self) -> None:
        if self._thread_loop is not None and self._thread is not None:
            self._thread_loop.call_soon_threadsafe(self._thread_loop.stop)
            self._thread.join(10)
        self._thread = None
        self._thread_loop = None

    async def __aenter__(self) -> FeishuStandIn:
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()
