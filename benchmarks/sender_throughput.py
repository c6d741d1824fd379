"""3,000 notifications through the real outbox sender against the sandbox Bot API emulator with Telegram's limits on
(30 messages/s overall, 1/s per chat with a burst of 3; a 429 with retry_after when exceeded).

The queue is 1,000 people × 3 messages, queued person by person (the hardest order for the 1/s-per-chat rule), plus
an optional share of injected 429s (--faults). Reported: messages/s from the first accepted send to the last (target:
≥ 95 % of 30), 429s served by the emulator and how every one ended (sent later), and per chat exactly the 3 texts
queued (none lost, none duplicated).

    .venv/bin/python benchmarks/sender_throughput.py [--chats 1000] [--per-chat 3] [--faults 0.0] [--pg URL]
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


async def run(chats: int, per_chat: int, faults: float, url: str) -> dict:
    personas = [{"user_id": FIRST_CHAT + i, "first_name": f"P{i}"} for i in range(chats)]
    fault_config = {"enabled": faults > 0, "rate_429": faults, "retry_after": 1, "methods": ["sendMessage"]}
    async with Emulator(TOKEN, personas=personas, limits={"enabled": True}, faults=fault_config) as emulator:
        db = Database(url)
        if db.engine.dialect.name == "postgresql":
            async with db.engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await upgrade(db)
        now = utc_now()
        rows = [
            {
                "key": f"bench:{chat}:{n}",
                "chat_id": FIRST_CHAT + chat,
                "method": "sendMessage",
                "payload": {"text": f"通知 {n + 1}/{per_chat}"},
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
        settings = Settings(_env_file=None, telegram_api_base=emulator.base_url, database_url=url)
        bot = make_bot(settings, TOKEN)
        sender = OutboxSender(bot, db, utc_now)
        total = chats * per_chat
        started = time.perf_counter()
        task = asyncio.create_task(sender.run_forever())
        while True:
            await asyncio.sleep(0.5)
            async with db.session() as session:
                done = await session.scalar(
                    select(func.count()).where(OutboxMessage.status.in_(["sent", "failed"]))
                )
            if done == total or time.perf_counter() - started > total / 10:
                break
        sender.stop()
        await task
        async with db.session() as session:
            statuses = Counter((await session.execute(select(OutboxMessage.status))).scalars())
        stats = emulator.api.stats
        sends = sorted(t for times in stats.sends.values() for t in times)
        per_chat_texts = {
            chat: Counter(m.data.get("text") for m in emulator.world.chat(chat).messages.values())
            for chat in range(FIRST_CHAT, FIRST_CHAT + chats)
        }
        expected = Counter(f"通知 {n + 1}/{per_chat}" for n in range(per_chat))
        await bot.session.close()
        await db.dispose()
    span = sends[-1] - sends[0] if len(sends) > 1 else 0.0
    return {
        "messages": total,
        "accepted": len(sends),
        "span_s": span,
        "rate": (len(sends) - 1) / span if span else 0.0,
        "served_429": stats.errors[429],
        "statuses": dict(statuses),
        "chats_exact": sum(texts == expected for texts in per_chat_texts.values()),
        "chats": chats,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--per-chat", type=int, default=3)
    parser.add_argument(
        "--faults", type=float, default=0.0, help="share of sendMessage calls answered with a 429"
    )
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_DATABASE_URL"), help="PostgreSQL URL instead of SQLite"
    )
    args = parser.parse_args()
    url = args.pg or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    result = asyncio.run(run(args.chats, args.per_chat, args.faults, url))
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"{time.strftime('%Y-%m-%d')} · {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, {backend}"
    )
    print(
        f"{result['messages']} queued, {result['accepted']} accepted by the emulator in {result['span_s']:.1f} s: "
        f"{result['rate']:.1f} msg/s ({result['rate'] / 30:.0%} of 30/s)"
    )
    print(f"429 served: {result['served_429']}; outbox: {result['statuses']}")
    print(f"chats with exactly their {args.per_chat} texts: {result['chats_exact']} / {result['chats']}")
    ok = (
        result["rate"] >= 28.5
        and result["statuses"] == {"sent": result["messages"]}
        and result["chats_exact"] == result["chats"]
    )
    print("target met" if ok else "TARGET NOT MET")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
