"""The windows of the meeting-filing dialog: home, each question of the draft, the summary, one's own meetings and
one's card."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.draft_flow import communities_window, confirm_window
from dialogs.meetings.draft import (
    COMMUNITIES_ID,
    MINUTES_ID,
    PEOPLE_ID,
    minutes_getter,
    on_communities_next,
    on_minutes_pick,
    on_minutes_text,
    on_online,
    on_people_pick,
    on_people_text,
    on_place,
    on_subject,
    on_when,
    on_why,
    people_getter,
)
from dialogs.meetings.summary import detail_getter, meetings_getter, on_meeting_submit, on_new, summary_getter
from dialogs.problem_widgets import buttons
from dialogs.sheet_widgets import guarded_window, list_window, text_window
from dialogs.states import MeetingFlow
from dialogs.widgets import L
from domain import sheets as rules

MINE_ID = "meeting_mine"


def make_dialog() -> Dialog:
    cancel = SwitchTo(L("sheet-btn-cancel"), id="to_home", state=MeetingFlow.home)

    def ask(prompt: Any, on_text: Any, state: Any, *widgets: Any, getter: Any = None) -> Window:
        """A question answered by typing (or by `widgets`), 取消 going home."""
        return text_window(prompt, *widgets, on_text=on_text, back=cancel, state=state, getter=getter)

    return Dialog(
        guarded_window(
            L("meeting-home"),
            Button(L("meeting-btn-new"), id="new", on_click=on_new),
            SwitchTo(L("meeting-btn-mine"), id="mine", state=MeetingFlow.mine),
            Cancel(L("btn-back")),
            state=MeetingFlow.home,
        ),
        ask(L("meeting-ask-subject", max=rules.SUBJECT_MAX), on_subject, MeetingFlow.subject),
        ask(L("meeting-ask-when"), on_when, MeetingFlow.when),
        ask(
            L("meeting-ask-minutes"),
            on_minutes_text,
            MeetingFlow.minutes,
            buttons(MINUTES_ID, "options", on_minutes_pick, width=3),
            getter=minutes_getter,
        ),
        ask(
            L("meeting-ask-place"),
            on_place,
            MeetingFlow.place,
            Button(L("meeting-btn-online"), id="online", on_click=on_online),
        ),
        communities_window(
            L("meeting-ask-communities"),
            COMMUNITIES_ID,
            Button(L("sheet-btn-next"), id="next", on_click=on_communities_next),
            cancel=cancel,
            state=MeetingFlow.communities,
        ),
        ask(
            L("meeting-ask-people"),
            on_people_text,
            MeetingFlow.people,
            buttons(PEOPLE_ID, "options", on_people_pick, width=5),
            getter=people_getter,
        ),
        ask(L("meeting-ask-why"), on_why, MeetingFlow.why),
        confirm_window(
            Button(L("meeting-btn-submit"), id="submit", on_click=on_meeting_submit),
            cancel,
            getter=summary_getter,
            state=MeetingFlow.summary,
        ),
        list_window(
            "meeting",
            MINE_ID,
            "meeting_id",
            MeetingFlow.detail,
            MeetingFlow.home,
            meetings_getter,
            MeetingFlow.mine,
        ),
        guarded_window(
            Format("{body}"),
            SwitchTo(L("btn-back"), id="detail_back", state=MeetingFlow.mine),
            getter=detail_getter,
            state=MeetingFlow.detail,
        ),
    )
