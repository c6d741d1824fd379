"""Notifications about problems: rendered per recipient (language, phone masking), queued in the outbox with buttons.

Every call is made inside the transaction of the change it reports, with a key naming that change, so a retried
handler or job queues each message once.

An item has one card in each chat that hears about it (`cards`): the first notice is sent as a message, and every
later change of the item edits that message in place, so the chat shows the item as it is now; a short new message
goes only to those who must act.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify import keyboard, reachable, send
from services.outgoing import BUTTONS
from storage.db import insert_for
from storage.models import ProblemCard
from storage.outbox import enqueue

# The general pieces live in services.notify; problems call them through this module.
__all__ = ["ACK_DATA", "OPEN_DATA", "REGISTER_DATA", "card_key", "cards", "keyboard", "reachable", "send"]

OPEN_DATA = "pb:open:{id}"
ACK_DATA = "pb:ack:{id}"
REGISTER_DATA = "pb:reg:{id}"

Render = Callable[[int, str], tuple[str, list[tuple[str, str]]]]


def card_key(problem_id: int, chat_id: int) -> str:
    """The outbox key of an item's card in a chat: its row keeps Telegram's message id, which the edits refer to."""
    return f"problem:{problem_id}:card:{chat_id}"


async def cards(
    session: AsyncSession,
    problem_id: int,
    person_ids: Iterable[int],
    *,
    key: str,
    now: datetime,
    default_locale: str,
    render: Render,
    todo: Callable[[int, str], str | None],
) -> None:
    """Show a change of the item in every chat that has its card, each through the outbox, once (`key` names the
    change):

    - a chat that holds the card gets it edited to `render(person_id, locale)` (an edit makes no sound), and, when
      `todo(person_id, locale)` gives a text, that short notice as a new message below it;
    - each of `person_ids` without a card yet gets the card as a new message (which is notice enough), remembered
      in `problem_cards` for the next change.

    Edits go after the card in the chat's queue; one whose message is gone from the chat (deleted) is sent as a new
    card, which the card's key names from then on (`storage.outbox.send_anew`)."""
    wanted = set(person_ids)
    held = dict(
        (
            await session.execute(
                select(ProblemCard.chat_id, ProblemCard.person_id).where(ProblemCard.problem_id == problem_id)
            )
        ).all()
    )
    insert = insert_for(session.get_bind().dialect.name)
    for person_id, chat_id, locale in await reachable(session, wanted | set(held.values())):
        text, buttons = render(person_id, locale or default_locale)
        markup = {BUTTONS: keyboard(buttons)} if buttons else {}
        if chat_id in held:
            await enqueue(
                session,
                key=f"{key}:{chat_id}",
                chat_id=chat_id,
                method="editMessageText",
                payload={"edit_key": card_key(problem_id, chat_id), "or_send": True, "text": text, **markup},
                now=now,
            )
            if person_id in wanted and (notice := todo(person_id, locale or default_locale)):
                await enqueue(
                    session,
                    key=f"{key}:todo:{chat_id}",
                    chat_id=chat_id,
                    payload={"text": notice, **markup},
                    now=now,
                )
        elif person_id in wanted:
            await session.execute(
                insert(ProblemCard)
                .values(problem_id=problem_id, chat_id=chat_id, person_id=person_id)
                .on_conflict_do_nothing()
            )
            await enqueue(
                session,
                key=card_key(problem_id, chat_id),
                chat_id=chat_id,
                payload={"text": text, **markup},
                now=now,
            )
