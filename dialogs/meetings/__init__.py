"""Meeting filing 会议报备: department staff file a meeting that needs community cadres (subject, date and time,
length, place or online, communities and how many people from each, why it cannot be a prompt sheet); 党政办
decides with the buttons of its notification (approve / decline with a reason / merge with a proposed meeting);
secretaries name who attends an approved meeting.

The modules: `draft` (the questions), `summary` (the meeting before it is filed, one's own meetings), `dialog` (the
windows), `decisions` (党政办's buttons and the reason dialog), `attendees` (the attendees dialog). The flow shared
with prompt sheets (choose communities, confirm) is `dialogs.draft_flow`.
"""

from __future__ import annotations

from dialogs.meetings.decisions import make_decision_dialogs, make_router
from dialogs.meetings.dialog import make_dialog
from dialogs.meetings.draft import parse_when

__all__ = ["make_decision_dialogs", "make_dialog", "make_router", "parse_when"]
