"""Notifications about problems: rendered per recipient (language, phone masking), queued in the outbox with buttons.

Every call is made inside the transaction of the change it reports, with a key naming that change, so a retried
handler or job queues each message once.
"""

from __future__ import annotations

from services.notify import keyboard, reachable, send

# The general pieces live in services.notify; problems call them through this module.
__all__ = ["ACK_DATA", "OPEN_DATA", "REGISTER_DATA", "keyboard", "reachable", "send"]

OPEN_DATA = "pb:open:{id}"
ACK_DATA = "pb:ack:{id}"
REGISTER_DATA = "pb:reg:{id}"
