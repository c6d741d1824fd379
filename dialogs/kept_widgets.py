"""Keyboards made once and shown again: the menu's, which every button press renders.

aiogram-dialog builds each button of a window at every render (its text widget, style and emoji widgets, a validated
pydantic `InlineKeyboardButton`) and then sets the dialog's intent id into each button's data, a validated assignment
per button. The menu shows the same buttons over and over: one list of actions per language and set of roles, and a
few fixed buttons. Here they are made once per dialog (intent) and what decides them, already carrying the intent id
exactly as aiogram-dialog adds it, and the same button objects are handed out again: nothing changes them after
they are made (`IntentKeyboardFactory` leaves a button that has its prefix as it is; aiogram-dialog's own factory
would only set the same data again). A press is handled by the widgets as before.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_dialog import DialogManager, DialogProtocol
from aiogram_dialog.api.entities import MarkupVariant
from aiogram_dialog.api.internal import RawKeyboard, Widget
from aiogram_dialog.utils import intent_callback_data
from aiogram_dialog.widgets.common.when import true_condition
from aiogram_dialog.widgets.kbd import Button, Group, Keyboard, Select
from aiogram_dialog.widgets.markup.inline_keyboard import InlineKeyboardFactory
from aiogram_dialog.widgets.text import Format

from dialogs.widgets import L, actor_of
from locales import message_variables

KEEP = 512  # kept keyboards per widget: one per menu open at a time and its language, with room to spare


def _keep(made: dict[Any, list[Any]], key: Any, value: list[Any]) -> list[Any]:
    if len(made) >= KEEP:
        made.clear()
    made[key] = value
    return value


def _with_intent(button: Any, intent_id: str) -> Any:
    if not isinstance(button, InlineKeyboardButton):
        return button
    callback_data = intent_callback_data(intent_id, button.callback_data)
    if callback_data == button.callback_data:
        return button
    return button.model_copy(update={"callback_data": callback_data})


class KeptPairSelect(Select):
    """`dialogs.widgets.pair_select` for lists that come back again and again (the menu's actions): the same buttons
    (text "{item[1]}", data "<id>:<item[0]>", no style), made once per dialog and list; with `width`, in rows of that
    many, as `Group(pair_select(...), width=width)` lays them out."""

    def __init__(self, widget_id: str, items: str, on_click: Any, *, width: int | None = None) -> None:
        super().__init__(
            Format("{item[1]}"),
            id=widget_id,
            item_id_getter=lambda item: item[0],
            items=items,
            on_click=on_click,
        )
        self.width = width
        self._made: dict[tuple[str, tuple[tuple[str, str], ...]], list[InlineKeyboardButton]] = {}

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> RawKeyboard:
        intent_id = manager.current_context().id
        # Keyed by the very texts the buttons show and carry, so equal keys always mean equal buttons.
        key = (intent_id, tuple((f"{item[0]}", f"{item[1]}") for item in self.items_getter(data)))
        made = self._made.get(key)
        if made is None:
            made = _keep(
                self._made,
                key,
                [
                    InlineKeyboardButton(
                        text=text,
                        callback_data=intent_callback_data(intent_id, self._item_callback_data(item_id)),
                        style=None,
                        icon_custom_emoji_id=None,
                    )
                    for item_id, text in key[1]
                ],
            )
        if self.width is None:
            return [list(made)]
        return [list(made[start : start + self.width]) for start in range(0, len(made), self.width)]


def _fixed_labels(widget: Widget) -> list[str]:
    """The locale messages of buttons whose look depends on the reader's language alone: each a plain button with
    an `L` label of no fixed arguments and no condition. Anything else is refused (`KeptButtons` would show it
    wrong)."""
    if isinstance(widget, Group) and widget.condition is true_condition:
        return [msg_id for button in widget.buttons for msg_id in _fixed_labels(button)]
    if (
        isinstance(widget, Button)
        and widget.condition is true_condition
        and isinstance(widget.text, L)
        and not widget.text.args
        and widget.text.condition is true_condition
    ):
        return [widget.text.msg_id]
    raise TypeError(f"{widget!r} is not a button with a fixed label")


class KeptButtons(Keyboard):
    """Buttons with fixed labels (locale messages without variables, no conditions): made once per dialog and
    language. A press goes to the buttons inside, as it would without this."""

    def __init__(self, keyboard: Keyboard) -> None:
        super().__init__()
        self.keyboard = keyboard
        self._labels = _fixed_labels(keyboard)
        self._made: dict[tuple[str, str], list[list[Any]]] = {}

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> RawKeyboard:
        intent_id, locale = manager.current_context().id, actor_of(manager).locale
        made = self._made.get((intent_id, locale))
        if made is None:
            if any(message_variables(locale, msg_id) for msg_id in self._labels):
                raise TypeError(f"a label of {self.keyboard!r} has variables: it cannot be kept")
            rows = await self.keyboard.render_keyboard(data, manager)
            made = _keep(
                self._made, (intent_id, locale), [[_with_intent(b, intent_id) for b in row] for row in rows]
            )
        return [list(row) for row in made]

    async def process_callback(
        self, callback: CallbackQuery, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        return await self.keyboard.process_callback(callback, dialog, manager)

    def find(self, widget_id: str) -> Widget | None:
        return self.keyboard.find(widget_id)


class IntentKeyboardFactory(InlineKeyboardFactory):
    """aiogram-dialog's inline keyboard, its buttons' data prefixed with the dialog's intent id as aiogram-dialog
    does it, but by copying a button that lacks the prefix instead of assigning to it (a validated assignment per
    button, dearer than the copy); a button that has it already (the kept ones) goes as it is."""

    async def render_markup(self, data: dict, manager: DialogManager, keyboard: RawKeyboard) -> MarkupVariant:
        intent_id = manager.current_context().id
        return InlineKeyboardMarkup(
            inline_keyboard=[[_with_intent(b, intent_id) for b in row] for row in keyboard]
        )


INTENT_KEYBOARD = IntentKeyboardFactory()
