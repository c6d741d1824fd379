"""Run the emulator and its web chat: ``python -m sandbox --port 8080 --token 123:abc``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
from pathlib import Path

from .emulator import Emulator


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Telegram Bot API emulator with a web chat"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--token", default="123456:sandbox", help="the bot token the emulator accepts")
    parser.add_argument("--personas", type=Path, help="JSON file: a list of persona objects")
    parser.add_argument("--media-dir", type=Path, help="keep uploaded files here instead of in memory")
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's rate limits")
    parser.add_argument(
        "--faults", type=json.loads, help="fault injection settings, e.g. '{\"rate_500\": 0.1}'"
    )
    parser.add_argument(
        "--callback-timeout", type=float, default=15.0, help="seconds to answer a callback query"
    )
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    personas = json.loads(args.personas.read_text(encoding="utf-8")) if args.personas else []
    faults = {"enabled": True, **args.faults} if args.faults else None
    emulator = Emulator(
        args.token,
        host=args.host,
        port=args.port,
        personas=personas,
        media_dir=args.media_dir,
        limits={"enabled": True} if args.limits else None,
        faults=faults,
        callback_timeout=args.callback_timeout,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(emulator.serve_forever())


if __name__ == "__main__":
    main()
