"""Work prompt sheets 工作提示单: issue one to communities, the secretaries' answers, the sender's view.

Each function is one thing a person does: it checks the rule in `domain.sheets` against the record as it is now,
writes the change and its notifications (through the outbox) in one transaction, and returns plain data. A refusal
raises `SheetError` before anything is written.

The modules: `config` (settings, the refusal), `buttons` (what a notice's press carries), `people` (who gives and
answers work), `drafts` (a sheet being written and its checks), `notices` (the card and who is told), `issue`
(sending a sheet), `answers` (the secretaries' and sender's answers), `status` (the sender's view).
"""

from __future__ import annotations

from services.sheets.answers import TargetView, check_press, respond
from services.sheets.buttons import PREFIX, Button, button_data, secretary_buttons
from services.sheets.config import SheetConfig, SheetError
from services.sheets.drafts import (
    DRAFT_KEYS,
    SheetDraft,
    check_body,
    check_due,
    discard_draft,
    load_draft,
    save_draft,
    validate,
)
from services.sheets.issue import create_sheet
from services.sheets.notices import send_rendered, sheet_card
from services.sheets.people import (
    communities_for,
    department_of,
    is_department_staff,
    is_secretary_of,
    issuer,
)
from services.sheets.status import CommunityState, SheetLine, SheetStatus, my_sheets, sheet_status

__all__ = [
    "DRAFT_KEYS",
    "PREFIX",
    "Button",
    "CommunityState",
    "SheetConfig",
    "SheetDraft",
    "SheetError",
    "SheetLine",
    "SheetStatus",
    "TargetView",
    "button_data",
    "check_body",
    "check_due",
    "check_press",
    "communities_for",
    "create_sheet",
    "department_of",
    "discard_draft",
    "is_department_staff",
    "is_secretary_of",
    "issuer",
    "load_draft",
    "my_sheets",
    "respond",
    "save_draft",
    "secretary_buttons",
    "send_rendered",
    "sheet_card",
    "sheet_status",
    "validate",
]
