"""The log shows the bot's own lines: the libraries' per-update and per-job chatter only with LOG_LEVEL=DEBUG."""

from __future__ import annotations

import logging

from bot.logs import setup_logging

CHATTY = ("aiogram.event", "alembic", "apscheduler", "apscheduler.scheduler")


def test_library_chatter_is_shown_only_at_debug():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in CHATTY}
    try:
        setup_logging("INFO")
        assert all(not logging.getLogger(name).isEnabledFor(logging.INFO) for name in CHATTY)
        assert logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.WARNING)
        assert logging.getLogger("gridbot.reminders").isEnabledFor(logging.INFO)
        setup_logging("DEBUG")
        assert all(logging.getLogger(name).isEnabledFor(logging.INFO) for name in CHATTY)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
