"""Mainland China mobile numbers: normalising what people type or share, and masking them for display."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_NOISE = re.compile(r"[\s\-\u2010-\u2015().（）]")


def normalize_phone(raw: object) -> str | None:
    """Return the 11-digit mobile number, or None when it is not a valid mainland mobile number.

    Accepts +86 / 0086 / 86 prefixes, spaces, dashes and brackets, and numbers Excel stored as floats.
    """
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _NOISE.sub("", str(raw).strip())
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text if _MOBILE.match(text) else None


def mask_phone(phone: str | None) -> str:
    """138****5678 — how a phone number is shown to anyone who does not handle the case."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"
