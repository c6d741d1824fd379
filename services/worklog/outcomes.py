"""What the work log's actions answer: why a log was refused, how a signature went, how a month action went."""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    NOT_ALLOWED = "not-allowed"
    GRID_OUTSIDE = "grid-outside"
    DATE_FUTURE = "future"
    DATE_TOO_OLD = "too-old"
    MONTH_LOCKED = "month-locked"
    NO_CATEGORY = "no-category"
    CONTENT = "content"
    TOO_LONG = "too-long"
    TOO_MANY_PHOTOS = "too-many-photos"
    NOT_FOUND = "not-found"
    NOT_RETURNED = "not-returned"


class SignOutcome(StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    NOT_FOUND = "not-found"
    NOT_ALLOWED = "not-allowed"
    ALREADY_SIGNED = "already-signed"  # approved (final) or excluded
    ALREADY_RETURNED = "already-returned"
    OUTDATED = "outdated"  # the log was edited and resubmitted since this button was sent
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"


class MonthOutcome(StrEnum):
    SUBMITTED = "submitted"
    EXCLUDED = "excluded"
    REOPENED = "reopened"
    NOT_ALLOWED = "not-allowed"
    NOT_OVER = "not-over"
    UNSIGNED_LEFT = "unsigned-left"
    ALREADY_SUBMITTED = "already-submitted"
    NOT_SUBMITTED = "not-submitted"
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"
    CHANGED = "changed"  # the month kept changing while its workbook was being written: submit again
