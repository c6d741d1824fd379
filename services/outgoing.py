"""What the bot says on its own, as plain data: the seam between the services and a messenger.

An outbox row's payload holds a text (HTML, as the locale layer renders it) and, under `BUTTONS`, rows of buttons,
each a [label, action] pair: the label in words, the action the data the bot's own handlers read back when the button
is pressed. Nothing below the bot layer speaks a messenger's markup; the transport (today `bot/sender.py`, which
turns the rows into Telegram's inline keyboard) is the one place that does, and a second messenger adds its own
beneath the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

BUTTONS = "buttons"

Button = tuple[str, str]  # (label, action data)


def rows(buttons: Iterable[Sequence[Button]]) -> list[list[list[str]]]:
    """Rows of buttons as the payload keeps them (JSON: lists, not tuples)."""
    return [[[str(label), str(action)] for label, action in row] for row in buttons]


def one_per_row(buttons: Iterable[Button]) -> list[list[list[str]]]:
    """Each button on a row of its own: the common layout of a notice's buttons."""
    return rows([button] for button in buttons)


def with_buttons(payload: dict, button_rows: list[list[list[str]]]) -> dict:
    """`payload` with its buttons, when there are any."""
    if button_rows:
        payload[BUTTONS] = button_rows
    return payload
