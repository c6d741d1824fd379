"""Plain labels of categories and statuses, in the reader's language."""

from __future__ import annotations

from locales import tr_text


def category_label(locale: str, key: str) -> str:
    label = tr_text(locale, f"problem-cat-{key}")  # a plain label: escaped where a message shows it
    return key if label == f"problem-cat-{key}" else label


def status_label(locale: str, status: str) -> str:
    return tr_text(locale, f"problem-status-{status}")
