"""Who may bind a Telegram account to a roster person (身份验证)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class BindOutcome(StrEnum):
    BOUND = "bound"  # the account is now (or already was) this person's
    NOT_OWN_CONTACT = "not_own_contact"  # a forwarded or typed contact: never binds
    INVALID_PHONE = "invalid_phone"
    UNKNOWN_PHONE = "unknown_phone"  # not on the roster
    TAKEN = "taken"  # the person is bound to another account
    ACCOUNT_IN_USE = "account_in_use"  # this account is already bound to someone else
    INVITE_INVALID = "invite_invalid"  # unknown or already used
    INVITE_EXPIRED = "invite_expired"
    DEACTIVATED = "deactivated"  # an administrator deactivated the person (`gridbot person deactivate`)


@dataclass(frozen=True)
class Candidate:
    person_id: int
    bound_telegram_id: int | None


def contact_is_own(contact_user_id: int | None, sender_id: int) -> bool:
    """Only a contact the sender shared with the request-contact button carries their own user_id."""
    return contact_user_id is not None and contact_user_id == sender_id


def decide_binding(candidate: Candidate, sender_id: int, sender_bound_person_id: int | None) -> BindOutcome:
    if candidate.bound_telegram_id is not None and candidate.bound_telegram_id != sender_id:
        return BindOutcome.TAKEN
    if sender_bound_person_id is not None and sender_bound_person_id != candidate.person_id:
        return BindOutcome.ACCOUNT_IN_USE
    return BindOutcome.BOUND


def invite_outcome(expires_at: datetime, used_at: datetime | None, now: datetime) -> BindOutcome | None:
    """None when the invite may be used now."""
    if used_at is not None:
        return BindOutcome.INVITE_INVALID
    if now >= expires_at:
        return BindOutcome.INVITE_EXPIRED
    return None


def new_invite_code() -> str:
    # Deep-link payloads allow [A-Za-z0-9_-] up to 64 characters.
    return secrets.token_urlsafe(18)
