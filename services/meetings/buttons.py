"""What a press of a meeting notice's button carries: `mt:<verb>[<id>]:<meeting id>:<version>`."""

from __future__ import annotations

from dataclasses import dataclass

from domain.sheets import MeetingVerb

PREFIX = "mt"


@dataclass(frozen=True)
class Button:
    verb: MeetingVerb
    meeting_id: int
    version: int
    other_id: int | None = None
    community_id: int | None = None  # attend: the community whose attendees are named (None: an older button)


def button_data(
    verb: MeetingVerb,
    meeting_id: int,
    version: int,
    other_id: int | None = None,
    *,
    community_id: int | None = None,
) -> str:
    """`mt:<verb>[<id>]:<meeting id>:<version>`, read back by `dialogs.buttons.MeetingButton`: a merge names the
    other meeting and an attend button its community right after the verb (mg12, att3)."""
    if verb == MeetingVerb.MERGE:
        name = f"{verb.value}{other_id}"
    elif verb == MeetingVerb.ATTEND and community_id is not None:
        name = f"{verb.value}{community_id}"
    else:
        name = verb.value
    return f"{PREFIX}:{name}:{meeting_id}:{version}"
