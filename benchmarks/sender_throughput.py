"""Fan-out of notifications through the real outbox sender against the sandbox Bot API emulator, measured against a
STRICT server: no more than the limit (30) accepted sends in ANY sliding one-second window, and per chat a burst of 3
then 1/s; whatever exceeds that is answered 429 with retry_after, as Telegram does.

The queue is N people × 3 messages, queued person by person (the hardest order for the 1/s-per-chat rule). The sender
is built as the bot builds it, from the settings (SEND_RATE_PER_SECOND, SEND_CHAT_INTERVAL). Three runs, each on a
fresh database and emulator:

- strict: the global limit as a sliding window (the emulator's default). Targets: messages/s from the first accepted
  send to the last ≥ 0.95 × the limit, no 429 at all, none lost, none duplicated, every chat's messages in the order
  queued.
- bucket: the same sender against the emulator's older, lenient model (a token bucket of 30 that lets a second's
  worth go at once), printed beside it for comparison (the figure earlier benchmarks reported); its rate is shown,
  not judged. The ideal both are measured against is the limit itself.
- faults (--faults SHARE, 0 skips it): SHARE of the sends answered 429 (retry_after 1) and as many 500, injected at
  random (seeded) on top of the strict limits. Targets: no 429 from the limits themselves, none lost, none
  duplicated, order kept in every chat (a chat's later message waits behind the one to retry). Its rate is shown,
  not judged: each 429 pauses all sending for its retry_after.

Ends with one verdict line holding every row. A default run takes about two minutes (the messages alone need ~80 s
at 30/s); figures depend on the machine's load, so read them with that in mind.

    .venv/bin/python benchmarks/sender_throughput.py [--chats 500] [--baseline-chats 200] [--fault-chats 100]
        [--per-chat 3] [--faults 0.03] [--rate 30] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from bot.app import make_bot  # noqa: E402
from bot.clock import utc_now  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.sender import OutboxSender  # noqa: E402
from reminders.engine import enqueue_many  # noqa: E402
from sandbox.emulator import Emulator  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import OutboxMessage  # noqa: E402

TOKEN = "4242:BENCHMARK"
FIRST_CHAT = 700_000
TARGET = 0.95


@dataclass
class Result:
    name: str
    window: str
    faults: float
    messages: int
    accepted: int
    span_s: float
    rate: float
    limit: float
    refused_429: int  # answered 429 by the emulator's limits
    injected_429: int  # answered 429 by fault injection
    served_500: int
    statuses: dict[str, int]
    lost: int
    duplicated: int
    out_of_order: int  # chats whose messages arrived in another order than queued
    chats: int
    judge_rate: bool

    @property
    def ratio(self) -> float:
        return self.rate / self.limit

    @property
    def ok(self) -> bool:
        return (
            (not self.judge_rate or self.ratio >= TARGET)
            and self.refused_429 == 0
            and self.statuses == {"sent": self.messages}
            and self.lost == self.duplicated == self.out_of_order == 0
        )

    def row(self) -> str:
        rate = f"{self.rate:.1f} msg/s = {self.ratio:.3f} of {self.limit:g}/s"
        return (
            f"{self.name}: {rate}{'' if self.judge_rate else ' (not judged)'}, 429 {self.refused_429} from limits"
            f" + {self.injected_429} injected, 500 {self.served_500} injected, lost {self.lost}, duplicated"
            f" {self.duplicated}, chats out of order {self.out_of_order}/{self.chats}"
        )


async def run(
    name: str, window: str, chats: int, per_chat: int, faults: float, url: str, rate: float, judge_rate: bool
) -> Result:
    personas = [{"user_id": FIRST_CHAT + i, "first_name": f"P{i}"} for i in range(chats)]
    fault_config = {
        "enabled": faults > 0,
        "seed": 14,
        "rate_429": faults,
        "retry_after": 1,
        "rate_500": faults,
        "methods": ["sendMessage"],
    }
    limits = {"enabled": True, "window": window, "global_per_second": rate}
    async with Emulator(TOKEN, personas=personas, limits=limits, faults=fault_config) as emulator:
        db = Database(url)
        if db.engine.dialect.name == "postgresql":
            async with db.engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await upgrade(db)
        now = utc_now()
        texts = [f"通知 {n + 1}/{per_chat}" for n in range(per_chat)]
        rows = [
            {
                "key": f"bench:{chat}:{n}",
                "chat_id": FIRST_CHAT + chat,
                "method": "sendMessage",
                "payload": {"text": texts[n]},
                "status": "pending",
                "attempts": 0,
                "not_before": now,
                "created_at": now,
            }
            for chat in range(chats)
            for n in range(per_chat)
        ]
        async with db.session() as session:
            await enqueue_many(session, rows)
        settings = Settings(
            _env_file=None,
            telegram_api_base=emulator.base_url,
            database_url=url,
            send_rate_per_second=rate,
        )
        bot = make_bot(settings, TOKEN)
        # As bot.app builds it.
        sender = OutboxSender(
            bot,
            db,
            utc_now,
            per_second=settings.send_rate_per_second,
            chat_interval=settings.send_chat_interval,
        )
        total = chats * per_chat
        started = time.perf_counter()
        task = asyncio.create_task(sender.run_forever())
        while True:
            await asyncio.sleep(0.5)
            async with db.session() as session:
                done = await session.scalar(
                    select(func.count()).where(OutboxMessage.status.in_(["sent", "failed"]))
                )
            if done == total or time.perf_counter() - started > 30 + total / 10:
                break
        sender.stop()
        await task
        async with db.session() as session:
            statuses = Counter((await session.execute(select(OutboxMessage.status))).scalars())
        stats = emulator.api.stats
        refused = emulator.limiter.refused
        sends = sorted(t for times in stats.sends.values() for t in times)
        lost = duplicated = out_of_order = 0
        for chat in range(FIRST_CHAT, FIRST_CHAT + chats):
            got = [texts.index(m.data.get("text")) for m in emulator.world.chat(chat).messages.values()]
            lost += len(set(range(per_chat)) - set(got))
            duplicated += len(got) - len(set(got))
            out_of_order += got != sorted(got)
        await bot.session.close()
        await db.dispose()
    span = sends[-1] - sends[0] if len(sends) > 1 else 0.0
    return Result(
        name=name,
        window=window,
        faults=faults,
        messages=total,
        accepted=len(sends),
        span_s=span,
        rate=(len(sends) - 1) / span if span else 0.0,
        limit=rate,
        refused_429=refused,
        injected_429=stats.errors[429] - refused,
        served_500=stats.errors[500],
        statuses=dict(statuses),
        lost=lost,
        duplicated=duplicated,
        out_of_order=out_of_order,
        chats=chats,
        judge_rate=judge_rate,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=500, help="people in the strict run")
    parser.add_argument(
        "--baseline-chats", type=int, default=200, help="people in the bucket run (0 skips it)"
    )
    parser.add_argument("--fault-chats", type=int, default=100, help="people in the faults run")
    parser.add_argument("--per-chat", type=int, default=3)
    parser.add_argument(
        "--faults",
        type=float,
        default=0.03,
        help="share of sendMessage calls answered 429, and as many 500, in the faults run (0 skips it)",
    )
    parser.add_argument("--rate", type=float, default=30.0, help="the limit: the emulator's and the sender's")
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_DATABASE_URL"), help="PostgreSQL URL instead of SQLite"
    )
    args = parser.parse_args()

    def url() -> str:
        return args.pg or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

    plan = [("strict", "sliding", args.chats, 0.0, True)]
    if args.baseline_chats:
        plan.append(("bucket", "bucket", args.baseline_chats, 0.0, False))
    if args.faults > 0:
        plan.append(("faults", "sliding", args.fault_chats, args.faults, False))
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"{time.strftime('%Y-%m-%d')} · {platform.machine()}, {os.cpu_count()} CPU, Python"
        f" {platform.python_version()}, {backend}"
    )
    print(
        f"limit: {args.rate:g} msg/s overall (the ideal; target ≥ {TARGET:.2f} × it = {TARGET * args.rate:.1f} msg/s),"
        f" per chat a burst of 3 then 1/s; sender: SEND_RATE_PER_SECOND={args.rate:g}, SEND_CHAT_INTERVAL=1"
    )
    results = []
    for name, window, chats, faults, judge_rate in plan:
        result = asyncio.run(run(name, window, chats, args.per_chat, faults, url(), args.rate, judge_rate))
        results.append(result)
        extra = f", {faults:.0%} 429 + {faults:.0%} 500 injected" if faults else ""
        print(
            f"[{name}] global limit {window}{extra}: {result.messages} queued ({chats} chats × {args.per_chat}),"
            f" {result.accepted} accepted in {result.span_s:.1f} s; outbox {result.statuses}"
        )
        print(f"  {result.row()}  → {'ok' if result.ok else 'NOT MET'}")
    ok = all(r.ok for r in results)
    verdict = "; ".join(f"{r.row()} [{'ok' if r.ok else 'NOT MET'}]" for r in results)
    print(f"{'TARGET MET' if ok else 'TARGET NOT MET'} (ideal {args.rate:g} msg/s) — {verdict}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
