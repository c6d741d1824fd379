"""Digest charts as PNG pictures (matplotlib, headless), with a CJK font so Chinese labels never show as boxes.

The font is looked up among the installed ones (Debian: `fonts-noto-cjk`); `cjk_font()` says which, or None. Without
one the bot still sends the digest text, and logs once that charts are left out (a chart of empty boxes helps nobody).
"""

from __future__ import annotations

import io
import logging
import threading
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

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
_lock = threading.Lock()  # matplotlib's font cache is not thread-safe; charts may be drawn in worker threads


FILE_HINTS = ("cjk", "wqy", "droid", "sourcehan", "simhei", "yahei", "pingfang")


def _installed_cjk() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


@cache
def cjk_font() -> str | None:
    found = _installed_cjk()
    if found is None:
        # matplotlib's font list is cached on disk: a font installed after that cache was made is added here.
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _installed_cjk()
    if found is None:
        log.warning("no CJK font installed (e.g. Debian's fonts-noto-cjk): digest charts are left out")
    return found


def _figure(rows: int) -> tuple[Figure, object]:
    figure = Figure(figsize=(7.5, max(2.6, 0.34 * rows + 1.2)), dpi=110)
    axes = figure.add_subplot()
    return figure, axes


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def bar_chart(
    title: str, bars: list[tuple[str, float]], *, empty: str, percent: bool = False
) -> bytes | None:
    """Horizontal bars, first item on top; None when no CJK font is installed."""
    font = cjk_font()
    if font is None:
        return None
    bars = bars[:MAX_BARS]
    with _lock, matplotlib.rc_context({"font.family": [font, "DejaVu Sans"], "axes.unicode_minus": False}):
        figure, axes = _figure(len(bars))
        axes.set_title(title)
        if not bars:
            axes.text(0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
            return _png(figure)
        labels = [label for label, _ in reversed(bars)]
        values = [value for _, value in reversed(bars)]
        drawn = axes.barh(labels, values, color="#c0392b" if percent else "#2e86c1")
        axes.bar_label(drawn, labels=[f"{v:.0f}%" if percent else f"{v:.0f}" for v in values], padding=3)
        if percent:
            axes.set_xlim(0, 110)
        else:
            axes.set_xlim(0, max(values) * 1.15 or 1)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def funnel_chart(title: str, stages: list[tuple[str, int]], *, empty: str) -> bytes | None:
    """Stages as bars from top to bottom, each with its count and share of the first."""
    font = cjk_font()
    if font is None:
        return None
    with _lock, matplotlib.rc_context({"font.family": [font, "DejaVu Sans"]}):
        figure, axes = _figure(len(stages))
        axes.set_title(title)
        first = stages[0][1] if stages else 0
        if not first:
            axes.text(0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
            return _png(figure)
        labels = [label for label, _ in reversed(stages)]
        values = [value for _, value in reversed(stages)]
        drawn = axes.barh(labels, values, color=["#27ae60", "#2e86c1", "#f39c12", "#8e44ad"][: len(values)])
        axes.bar_label(drawn, labels=[f"{v} ({round(100 * v / first)}%)" for v in values], padding=3)
        axes.set_xlim(0, first * 1.3)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)
