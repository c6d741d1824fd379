"""/checkin: a paired or seconded cadre's community day (check in, optionally with location; check out), next week's
plan, a request to move a planned day, and muting reminders. Handlers collect input and call one service each.

One module a concern: `common` (what the windows share), `today` (the main window: checking in and out), `plan`,
`move`, `mute`; the dialog itself (`make_dialog`) is here.
"""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Multiselect, RequestLocation, SwitchTo
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from dialogs.checkin.common import FROM_ID as FROM_ID
from dialogs.checkin.common import MUTE_ID as MUTE_ID
from dialogs.checkin.common import PLAN_ID as PLAN_ID
from dialogs.checkin.common import TO_ID as TO_ID
from dialogs.checkin.move import from_getter as from_getter
from dialogs.checkin.move import on_from as on_from
from dialogs.checkin.move import on_reason as on_reason
from dialogs.checkin.move import on_skip_reason as on_skip_reason
from dialogs.checkin.move import on_to as on_to
from dialogs.checkin.move import reason_getter as reason_getter
from dialogs.checkin.move import to_getter as to_getter
from dialogs.checkin.mute import mute_getter as mute_getter
from dialogs.checkin.mute import on_mute as on_mute
from dialogs.checkin.mute import on_unmute as on_unmute
from dialogs.checkin.plan import on_open_plan as on_open_plan
from dialogs.checkin.plan import on_save_plan as on_save_plan
from dialogs.checkin.plan import plan_getter as plan_getter
from dialogs.checkin.today import main_getter as main_getter
from dialogs.checkin.today import on_checkin_now as on_checkin_now
from dialogs.checkin.today import on_checkout as on_checkout
from dialogs.checkin.today import on_location as on_location
from dialogs.checkin.today import on_location_back as on_location_back
from dialogs.checkin.today import on_not_location as on_not_location
from dialogs.guard import StaleGuard
from dialogs.states import Checkin
from dialogs.widgets import L, choice_list, hint_input


def make_dialog() -> Dialog:
    back = SwitchTo(L("btn-back"), id="to_main", state=Checkin.main)
    return Dialog(
        Window(
            Format("{body}"),
            SwitchTo(L("checkin-btn-location"), id="loc", state=Checkin.location, when="can_in"),
            Button(L("checkin-btn-now"), id="now", on_click=on_checkin_now, when="can_in"),
            Button(L("checkin-btn-out"), id="out", on_click=on_checkout, when="can_out"),
            Button(L("checkin-btn-plan"), id="plan", on_click=on_open_plan, when="bound"),
            SwitchTo(L("checkin-btn-move"), id="move", state=Checkin.move_from, when="bound"),
            SwitchTo(L("checkin-btn-mute"), id="mute", state=Checkin.mute),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=main_getter,
            state=Checkin.main,
        ),
        Window(
            L("checkin-send-location"),
            RequestLocation(L("checkin-location-button")),
            Button(L("btn-back"), id="loc_back", on_click=on_location_back),
            MessageInput(on_location, content_types=[ContentType.LOCATION]),
            MessageInput(on_not_location),
            StaleGuard(),
            markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
            state=Checkin.location,
        ),
        Window(
            L("plan-title", when="has_days"),
            L("plan-no-working", when=lambda d, *_: not d["has_days"]),
            Group(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("▫️ {item[1]}"),
                    id=PLAN_ID,
                    item_id_getter=lambda item: item[0],
                    items="days",
                ),
                width=2,
            ),
            Button(L("plan-save"), id="save", on_click=on_save_plan, when="has_days"),
            back,
            hint_input(),
            StaleGuard(),
            getter=plan_getter,
            state=Checkin.plan,
        ),
        Window(
            L("move-choose-from", when="has_planned"),
            L("move-none-planned", when=lambda d, *_: not d["has_planned"]),
            choice_list(FROM_ID, "planned", on_from, width=2),
            back,
            hint_input(),
            StaleGuard(),
            getter=from_getter,
            state=Checkin.move_from,
        ),
        Window(
            L("move-choose-to", when="has_targets"),
            L("move-no-targets", when=lambda d, *_: not d["has_targets"]),
            choice_list(TO_ID, "targets", on_to, width=2),
            SwitchTo(L("btn-back"), id="to_from", state=Checkin.move_from),
            hint_input(),
            StaleGuard(),
            getter=to_getter,
            state=Checkin.move_to,
        ),
        Window(
            L("move-reason-prompt"),
            Button(L("move-skip-reason"), id="skip", on_click=on_skip_reason),
            SwitchTo(L("btn-back"), id="to_to", state=Checkin.move_to),
            MessageInput(on_reason),
            StaleGuard(),
            getter=reason_getter,
            state=Checkin.move_reason,
        ),
        Window(
            L("mute-title"),
            Format("{status}"),
            choice_list(MUTE_ID, "options", on_mute, width=3),
            Button(L("unmute-button"), id="unmute", on_click=on_unmute, when="muted"),
            back,
            hint_input(),
            StaleGuard(),
            getter=mute_getter,
            state=Checkin.mute,
        ),
    )
