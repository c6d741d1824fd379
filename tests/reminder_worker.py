"""A separate bot process for the two-instance test: it fires every reminder slot of a week, as its scheduler would.

Usage: python -m tests.reminder_worker DATABASE_URL START_ISO_DATE DAYS MEDIA_DIR"""

from __future__ import annotations

import asyncio
import sys
from datetime import date, timedelta

from bot.config import Settings
from storage.db import Database
from tests.reminder_helpers import at, make_engine


async def main(url: str, start: date, days: int, media_dir: str) -> None:
    db = Database(url)
    settings = Settings(_env_file=None, database_url=url, media_dir=media_dir)  # digest charts go here
    engine = make_engine(db, settings, clock=None)
    try:
        for offset in range(days):
            day = start + timedelta(days=offset)
            for hour in range(24):
                for _ in range(2):
                    await engine.run_due(at(day.year, day.month, day.day, hour, 0))
    finally:
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
