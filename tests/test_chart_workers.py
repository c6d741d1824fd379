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


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_digest_charts_are_sharp_on_a_phone():
    """At least 1280 × 440 px (twice the 640 × 220 of before), drawn here and by the chart workers alike."""
    import asyncio
    import os

    import pytest

    from reports import charts

    if charts.cjk_font() is None:
        if os.environ.get("REQUIRE_CJK_FONT"):
            raise AssertionError(charts.NO_FONT)
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk); charts are left out")
    bars = charts.ChartSpec(
        "bar", "各社区网格工作纪实（条）", (("幸福社区", 3.0), ("和平社区", 5.0)), "暂无数据"
    )
    funnel = charts.ChartSpec(
        "funnel", "问题和建议", (("上报", 10.0), ("及时响应", 8.0), ("已办结", 5.0)), "暂无"
    )
    one = charts.render(bars)
    assert one is not None and _png_size(one) >= (1280, 440)

    async def in_workers() -> list[bytes | None]:
        try:
            # three or more: the worker processes draw them
            return await charts.render_all([bars, funnel, bars])
        finally:
            charts.shutdown()

    for png in asyncio.run(in_workers()):
        assert png is not None
        width, height = _png_size(png)
        assert width >= 1280 and height >= 440
