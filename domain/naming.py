"""Names as people read them: 第二网格 before 第十网格, 2 before 10."""

from __future__ import annotations

import re

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_PARTS = re.compile(r"(\d+|[零〇一二两三四五六七八九十百千]+)")


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    total = digit = 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
    return total + digit


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that orders the numbers in a name (Arabic or Chinese) by value and the rest as text."""
    key = []
    for part in _PARTS.split(name):
        if not part:
            continue
        if part.isdigit():
            key.append((0, int(part), part))
        elif _PARTS.fullmatch(part):
            key.append((0, _chinese_number(part), part))
        else:
            key.append((1, 0, part))
    return tuple(key)
