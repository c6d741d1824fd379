"""The refusal of meeting filing."""

from __future__ import annotations

from services.sheets import SheetError


class MeetingError(SheetError):
    """A refusal the person is told about: `key` is a Fluent message id of meetings.ftl."""
