"""A robot's webhook key and secret as shown anywhere (chat, CLI, logs): masked, never whole."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

_KEYS = ("key", "access_token")


def mask(value: str, keep: int = 4) -> str:
    """The last `keep` characters of a value after bullets (only bullets when it is short)."""
    value = value.strip()
    if len(value) <= keep * 3:
        return "••••"
    return "••••" + value[-keep:]


def mask_webhook(url: str) -> str:
    """The webhook address with its key or token (query) or hook id (Feishu's last path segment) masked."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "••••"
    path = parts.path
    if "/hook/" in path:
        head, _, hook = path.rpartition("/")
        path = f"{head}/{mask(hook)}"
    query = "&".join(
        f"{name}={mask(value) if name in _KEYS else value}" for name, value in parse_qsl(parts.query)
    )
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


def mask_secret(secret: str | None) -> str | None:
    return None if not secret else mask(secret)
