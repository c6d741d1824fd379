"""Digest charts as PNG pictures (matplotlib, headless), with a CJK font so Chinese labels never show as boxes.

The font is looked up among the installed ones (Debian: `fonts-noto-cjk`); `cjk_font()` says which, or None. Without
one the bot still sends the digest text, and logs once that charts are left out (a chart of empty boxes helps nobody).
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import os
import threading
from collections.abc import Awaitable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib (and numpy, ≈ 60 MB) is imported when a chart is drawn (`_matplotlib`), not with this module: the bot
# process imports this module for `ChartSpec` and draws its charts in worker processes (`render_all`).

log = logging.getLogger("gridbot.charts")
# Families that cover simplified Chinese, most preferred first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Serif CJK SC",
    "Noto Serif CJK JP",
)
MAX_BARS = 20
DPI = 200
_lock = threading.Lock()  # matplotlib's font cache is not thread-safe; charts may be drawn in worker threads


FILE_HINTS = ("cjk", "wqy", "droid", "sourcehan", "simhei", "yahei", "pingfang")


def _matplotlib() -> Any:
    """matplotlib, headless (no display on a server), imported on the first chart."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def _installed_cjk() -> str | None:
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _find_cjk() -> str | None:
    _matplotlib()
    from matplotlib import font_manager

    found = _installed_cjk()
    if found is None:
        # matplotlib's font list is cached on disk: a font installed after that cache was made is added here.
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _installed_cjk()
    return found


NO_FONT = "no CJK font installed (e.g. Debian's fonts-noto-cjk): digest charts are left out"


@cache
def cjk_font() -> str | None:
    found = _find_cjk()
    if found is None:
        log.warning(NO_FONT)
    else:
        matplotlib = _matplotlib()
        # Set once for the process (the bot draws nothing else): an rc_context per chart copied every setting.
        matplotlib.rcParams["font.family"] = [found, "DejaVu Sans"]
        matplotlib.rcParams["axes.unicode_minus"] = False
    return found


@dataclass(frozen=True)
class ChartSpec:
    """What to draw, as plain data: charts are drawn in worker processes (`render_all`)."""

    kind: str  # "bar" or "funnel"
    title: str
    items: tuple[tuple[str, float], ...]
    empty: str
    percent: bool = False


def _figure(labels: list[str], title: str) -> tuple[Figure, Any]:
    """A fixed layout (matplotlib's tight_layout measured every text twice: 40 % of a chart's time)."""
    from matplotlib.figure import Figure

    rows = len(labels)
    height = max(2.2, 0.3 * rows + 0.9)
    # 6.4 × 2.2 in at 200 dpi: 1280 × 440 px or taller, sharp on a phone's screen (2–3 device pixels per point).
    figure = Figure(figsize=(6.4, height), dpi=DPI)
    widest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in label) for label in labels), default=4)
    figure.subplots_adjust(
        left=min(0.45, 0.04 + 0.0125 * widest), right=0.97, top=1 - 0.45 / height, bottom=0.12 / height
    )
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def _png(figure: Figure) -> bytes:
    """The figure drawn by Agg and written as an RGB PNG at zlib level 1: at 200 dpi a chart has four times the pixels
    of before, and leaving out the alpha channel (the background is opaque) makes it quicker to write and smaller
    than `savefig`'s RGBA."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _empty(axes: Any, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes)
    axes.set_axis_off()


def _bars_only(axes: Any) -> None:
    axes.xaxis.set_visible(False)  # the bars carry their values
    axes.spines[["top", "right", "bottom"]].set_visible(False)


def bar_chart(
    title: str, bars: list[tuple[str, float]], *, empty: str, percent: bool = False
) -> bytes | None:
    """Horizontal bars, first item on top; None when no CJK font is installed."""
    font = cjk_font()
    if font is None:
        return None
    bars = bars[:MAX_BARS]
    with _lock:
        labels = [label for label, _ in reversed(bars)]
        figure, axes = _figure(labels, title)
        if not bars:
            _empty(axes, empty)
            return _png(figure)
        values = [value for _, value in reversed(bars)]
        drawn = axes.barh(labels, values, color="#c0392b" if percent else "#2e86c1")
        axes.bar_label(drawn, labels=[f"{v:.0f}%" if percent else f"{v:.0f}" for v in values], padding=3)
        axes.set_xlim(0, 115 if percent else (max(values) * 1.15 or 1))
        _bars_only(axes)
        return _png(figure)


def funnel_chart(title: str, stages: list[tuple[str, int]], *, empty: str) -> bytes | None:
    """Stages as bars from top to bottom, each with its count and share of the first."""
    font = cjk_font()
    if font is None:
        return None
    with _lock:
        labels = [label for label, _ in reversed(stages)]
        figure, axes = _figure(labels, title)
        first = stages[0][1] if stages else 0
        if not first:
            _empty(axes, empty)
            return _png(figure)
        values = [value for _, value in reversed(stages)]
        drawn = axes.barh(labels, values, color=["#27ae60", "#2e86c1", "#f39c12", "#8e44ad"][: len(values)])
        axes.bar_label(drawn, labels=[f"{v} ({round(100 * v / first)}%)" for v in values], padding=3)
        axes.set_xlim(0, first * 1.3)
        _bars_only(axes)
        return _png(figure)


def render(spec: ChartSpec) -> bytes | None:
    if spec.kind == "funnel":
        return funnel_chart(spec.title, [(k, int(v)) for k, v in spec.items], empty=spec.empty)
    return bar_chart(spec.title, list(spec.items), empty=spec.empty, percent=spec.percent)


# A digest run draws one chart per reader's scope (42 for a sub-district of 200 communities): drawn in worker
# processes, so that the bot's event loop keeps answering meanwhile.
POOL_FROM = 3  # fewer charts than this are drawn in a thread (a /digest on demand)
MAX_WORKERS = 2  # whatever the CPUs: each worker holds about 150 MB
_pool: ProcessPoolExecutor | None = None
# Whether the workers have a CJK font: asked in a worker (matplotlib stays out of the bot process) when the pool is
# first used; None until then.
_workers_font: bool | None = None


def _workers() -> int:
    # One CPU stays with the bot's event loop (and a running export); each worker holds matplotlib and the
    # CJK font, about 150 MB.
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(
            max_workers=_workers(),
            mp_context=multiprocessing.get_context("spawn"),
        )
    return _pool


async def render_all(specs: list[ChartSpec]) -> list[bytes | None]:
    """Draw the charts, in worker processes when there are several; None for each if no CJK font is installed.
    The workers are started here, by the first digest that needs them, not when the bot starts."""
    if not specs:
        return []
    if len(specs) < POOL_FROM:
        if cjk_font() is None:  # drawn in this process: matplotlib is imported now
            return [None] * len(specs)
        return [await _drawn(asyncio.to_thread(render, spec)) for spec in specs]
    if not await _workers_can_draw():
        return [None] * len(specs)
    loop = asyncio.get_running_loop()
    pool = _executor()
    drawn = await asyncio.gather(*(_drawn(loop.run_in_executor(pool, render, spec)) for spec in specs))
    if any(isinstance(error, BrokenProcessPool) for error in _errors):
        shutdown()  # a worker died (e.g. out of memory): the next digest starts a new pool
    _errors.clear()
    return list(drawn)


_errors: list[BaseException] = []


async def _drawn(pending: Awaitable[bytes | None]) -> bytes | None:
    """A chart that fails to draw is left out (the digest goes without it), never the digest itself."""
    try:
        return await pending
    except Exception as exc:
        log.error("a digest chart failed (%s); sent without it", type(exc).__name__, exc_info=exc)
        _errors.append(exc)
        return None


def _ready() -> bool:
    """A first small chart in the worker: matplotlib imported, the font list read, the CJK font opened."""
    return bar_chart("网格", [("社区", 1.0)], empty="-") is not None


async def _workers_can_draw() -> bool:
    """Whether the workers found a CJK font, asked of one worker the first time (which starts the pool); without a
    font no worker is kept, and the digests go without charts, as with `cjk_font()` None."""
    global _workers_font
    if _workers_font is None:
        try:
            found = await asyncio.get_running_loop().run_in_executor(_executor(), _find_cjk)
        except Exception as exc:  # no worker started: these charts are left out, the next digest asks again
            log.error("the chart workers did not start (%s)", type(exc).__name__, exc_info=exc)
            shutdown()
            return False
        _workers_font = found is not None
        if found is None:
            log.warning(NO_FONT)
            shutdown()
    return _workers_font


async def warm_up() -> None:
    """Start the chart workers (a second or two each: matplotlib and the font list) before a digest: the bot does
    not call it (its workers start with the first digest); benchmarks do, to time the digests alone."""
    if not await _workers_can_draw():
        return
    loop = asyncio.get_running_loop()
    pool = _executor()
    await asyncio.gather(*(loop.run_in_executor(pool, _ready) for _ in range(_workers())))


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
