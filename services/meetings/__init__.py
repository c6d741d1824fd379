"""Meeting filing 会议报备: department staff file a meeting that needs community cadres; 党政办 approves, declines
(with a reason) or merges it with another filed meeting; approved meetings are announced to the community
secretaries, who name who attends. A meeting not filed here has no way to be announced through the bot.

Decision buttons carry `mt:<verb>:<id>:<version>` (merge: verb `mg<other id>`), checked against the database: only
党政办 staff decide, only on a meeting still filed at that version; anything else is refused and changes nothing.
The attendees button of each community's announcement carries that community (`mt:att<community id>:<id>:<version>`):
a secretary of several of the meeting's communities names each one's attendees separately.

The modules: `errors` (the refusal), `buttons` (what a press carries), `views` (a meeting as plain data, its card,
the lists), `filing` (a meeting filed), `decisions` (党政办's decisions, the announcements), `attendees` (the
secretaries' attendees).
"""

from __future__ import annotations

from services.meetings.attendees import AttendChoice, attend_choice, attend_communities, name_attendees
from services.meetings.buttons import PREFIX, Button, button_data
from services.meetings.decisions import _check_decision as _check_decision
from services.meetings.decisions import check_decision, decide
from services.meetings.errors import MeetingError
from services.meetings.filing import Filed, MeetingDraft, file_meeting, validate
from services.meetings.views import (
    MeetingView,
    candidate_lines,
    meeting_card,
    meeting_view,
    my_meetings,
)

__all__ = [
    "PREFIX",
    "AttendChoice",
    "Button",
    "Filed",
    "MeetingDraft",
    "MeetingError",
    "MeetingView",
    "attend_choice",
    "attend_communities",
    "button_data",
    "candidate_lines",
    "check_decision",
    "decide",
    "file_meeting",
    "meeting_card",
    "meeting_view",
    "my_meetings",
    "name_attendees",
    "validate",
]
