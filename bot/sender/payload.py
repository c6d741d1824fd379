"""An outbox row's plain data as Bot API parameters: its buttons as Telegram's inline keyboard."""

from __future__ import annotations

from dialogs.telegram_markup import inline_keyboard
from services.outgoing import BUTTONS


def telegram_payload(payload: dict) -> dict:
    """An outbox row's plain data as Bot API parameters: its rows of [label, action] buttons
    (`services.outgoing`) become Telegram's inline keyboard (`dialogs.telegram_markup`);
    a row queued before the buttons were plain data carries `reply_markup` already and goes as it is."""
    payload = dict(payload)
    button_rows = payload.pop(BUTTONS, None)
    if button_rows:
        payload["reply_markup"] = inline_keyboard(button_rows)
    return payload
