"""The windows of the prompt-sheet dialog: home, each question of the draft, the summary, one's own sheets and
a sheet's state."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.draft_flow import communities_window, confirm_window
from dialogs.guard import StaleGuard
from dialogs.problem_widgets import buttons
from dialogs.sheet_widgets import guarded_window, list_window, text_window
from dialogs.sheets.draft import (
    COMMUNITIES_ID,
    DUE_ID,
    body_getter,
    due_getter,
    on_all,
    on_attach_skip,
    on_attachment,
    on_body,
    on_communities_next,
    on_contact,
    on_contact_me,
    on_due_pick,
    on_due_text,
    on_not_urgent,
    on_start,
    on_title,
    on_urgent_reason,
)
from dialogs.sheets.status import MINE_ID, on_result_photos, sheets_getter, status_getter
from dialogs.sheets.summary import home_getter, on_discard, on_new, on_sheet_submit, summary_getter
from dialogs.states import PromptSheetFlow
from dialogs.widgets import L
from domain import sheets as rules


def _edit(field: str, widget_id: str, state: object) -> SwitchTo:
    """A button of the summary that goes back to one question (the answer then brings the summary back)."""
    return SwitchTo(L(f"sheet-edit-{field}"), id=widget_id, state=state)  # type: ignore[arg-type]


def make_dialog() -> Dialog:
    cancel_new = SwitchTo(L("sheet-btn-cancel"), id="to_home", state=PromptSheetFlow.home)
    return Dialog(
        guarded_window(
            L("sheet-home"),
            L("sheet-home-draft", when="draft"),
            Button(L("sheet-btn-new"), id="new", on_click=on_new),
            SwitchTo(L("sheet-btn-mine"), id="mine", state=PromptSheetFlow.mine),
            Cancel(L("btn-back")),
            getter=home_getter,
            state=PromptSheetFlow.home,
        ),
        text_window(
            L("sheet-ask-title", max=rules.TITLE_MAX),
            on_text=on_title,
            back=cancel_new,
            state=PromptSheetFlow.title,
        ),
        text_window(
            L("sheet-ask-body"),
            L("sheet-body-current", when="has_body"),
            on_text=on_body,
            back=cancel_new,
            state=PromptSheetFlow.body,
            getter=body_getter,
        ),
        communities_window(
            L("sheet-ask-communities"),
            COMMUNITIES_ID,
            Row(
                Button(L("sheet-btn-all"), id="all", on_click=on_all),
                Button(L("sheet-btn-next"), id="next", on_click=on_communities_next),
            ),
            cancel=cancel_new,
            state=PromptSheetFlow.communities,
        ),
        text_window(
            L("sheet-ask-due"),
            L("sheet-due-urgent-on", when="urgent"),
            buttons(DUE_ID, "days", on_due_pick, width=3),
            SwitchTo(
                L("sheet-btn-urgent"), id="urgent", state=PromptSheetFlow.urgent_reason, when="not_urgent"
            ),
            Button(L("sheet-btn-not-urgent"), id="not_urgent", on_click=on_not_urgent, when="urgent"),
            on_text=on_due_text,
            back=cancel_new,
            state=PromptSheetFlow.due,
            getter=due_getter,
        ),
        text_window(
            L("sheet-ask-urgent-reason", max=rules.URGENT_REASON_MAX),
            on_text=on_urgent_reason,
            back=SwitchTo(L("btn-back"), id="urgent_back", state=PromptSheetFlow.due),
            state=PromptSheetFlow.urgent_reason,
        ),
        text_window(
            L("sheet-ask-contact"),
            Button(L("sheet-btn-contact-me"), id="me", on_click=on_contact_me),
            on_text=on_contact,
            back=cancel_new,
            state=PromptSheetFlow.contact,
        ),
        Window(
            L("sheet-ask-attach"),
            Button(L("sheet-btn-skip"), id="skip", on_click=on_attach_skip),
            MessageInput(on_attachment),
            cancel_new,
            StaleGuard(),
            state=PromptSheetFlow.attach,
        ),
        confirm_window(
            L("sheet-summary-hint"),
            Row(
                _edit("title", "e_title", PromptSheetFlow.title),
                _edit("body", "e_body", PromptSheetFlow.body),
                _edit("communities", "e_comm", PromptSheetFlow.communities),
            ),
            Row(
                _edit("due", "e_due", PromptSheetFlow.due),
                _edit("contact", "e_contact", PromptSheetFlow.contact),
                _edit("attach", "e_attach", PromptSheetFlow.attach),
            ),
            Button(L("sheet-btn-submit"), id="submit", on_click=on_sheet_submit),
            Button(L("sheet-btn-discard"), id="discard", on_click=on_discard),
            getter=summary_getter,
            state=PromptSheetFlow.summary,
        ),
        list_window(
            "sheet",
            MINE_ID,
            "sheet_id",
            PromptSheetFlow.status,
            PromptSheetFlow.home,
            sheets_getter,
            PromptSheetFlow.mine,
        ),
        guarded_window(
            Format("{body}"),
            SwitchTo(L("sheet-btn-refresh"), id="refresh", state=PromptSheetFlow.status),
            Button(L("sheet-btn-photos"), id="result_photos", on_click=on_result_photos, when="photos"),
            SwitchTo(L("sheet-btn-mine"), id="status_mine", state=PromptSheetFlow.mine),
            Cancel(L("btn-back")),
            getter=status_getter,
            state=PromptSheetFlow.status,
        ),
        on_start=on_start,
    )
