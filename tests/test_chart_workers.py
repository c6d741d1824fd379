"""The digest charts' worker processes hold matplotlib, not the bot: they are spawned, and a spawned process imports
the main module again, which for the running bot is the `gridbot` script (`from bot.cli import main`). aiogram alone
is about 170 MB; with it each worker held the whole bot (benchmarks/district_month.py counts the workers' memory)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys

from bot.cli import main  # what the installed `gridbot` script does

HEAVY = ("aiogram", "aiogram_dialog", "sqlalchemy", "dialogs", "services")


def probe():
    return sorted(name for name in HEAVY if name in sys.modules)


if __name__ == "__main__":
    import asyncio

    from reports import charts

    async def ask_a_worker():
        return await asyncio.get_running_loop().run_in_executor(charts._executor(), probe)

    print("worker:", asyncio.run(ask_a_worker()))
    charts.shutdown()
"""


def test_a_chart_worker_of_the_gridbot_script_does_not_import_the_bot(tmp_path):
    script = tmp_path / "gridbot_like.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "worker: []" in done.stdout, done.stdout
