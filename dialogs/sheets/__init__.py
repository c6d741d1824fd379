"""Work prompt sheets 工作提示单: department staff write one (title, what is needed within the length limit, which
communities, due date, contact, one photo or a location), see each community's state; secretaries answer with the
buttons of the notification (已收到 / 已完成 / 有疑问) and the sender answers questions.

The half-written sheet is saved at every step (services.sheets.save_draft), so it outlives a restart, /menu or
/cancel, until it is sent or discarded.

The modules: `draft` (the questions), `summary` (the sheet before it is sent), `status` (the sender's view),
`dialog` (the windows), `replies` (the notices' buttons and the reply dialog). The flow shared with meetings
(choose communities, confirm) is `dialogs.draft_flow`.
"""

from __future__ import annotations

from dialogs.sheets.dialog import make_dialog
from dialogs.sheets.replies import make_reply_dialog, make_router

__all__ = ["make_dialog", "make_reply_dialog", "make_router"]
