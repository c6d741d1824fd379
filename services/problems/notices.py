"""Telling everyone concerned about a change of an item: the card edited in every chat holding it, a short
notice to those who must act now."""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.problems import Move
from locales import tr, tr_text
from services.problems import notify as pn
from services.problems.cards import build_card, render_card
from services.problems.config import ProblemConfig
from services.problems.hotline_card import step_buttons
from services.problems.labels import status_label
from services.problems.people import load_person
from storage.models import (
    Person,
    Problem,
    ProblemEvent,
)


async def notify_change(
    session: AsyncSession,
    problem: Problem,
    event: ProblemEvent,
    extra: list[int],
    now: datetime,
    config: ProblemConfig,
    *,
    actor_id: int,
) -> None:
    """The item's card, one per chat, always current (`pn.cards`): every chat holding it sees it edited with this
    change; the reporter, the current owner, the responsible leader and whoever must act next get it as a new message
    if they have none yet; those who had it and must act now (the move put the item in a state where they have a
    move to make, such as the new owner) also get a short new notice with the button to act."""
    recipients = {problem.reporter_id, *(i for i in (problem.owner_id, problem.leader_id) if i), *extra}
    recipients.discard(actor_id)
    c = await build_card(session, problem)
    actor_name = (await session.execute(select(Person.name).where(Person.id == actor_id))).scalar() or ""
    # Who is asked to act: those the change hands the item to (`extra`), and anyone the new state gives a move; a
    # flag, a note or an acknowledgement (the state unchanged) asks nothing new of the others.
    asked = recipients if event.from_status != event.to_status else recipients & set(extra)

    def steps(person_id: int, locale: str) -> list[tuple[str, str]]:
        """A 12345 order's next step, for whoever may record it (issue 18)."""
        return step_buttons(c.hotline, c.id, person_id, c.owner_id, c.leader_id, locale, config.timezone)

    must_act: set[int] = set()
    for person_id in sorted(asked):
        person = await load_person(session, person_id)
        moves = rules.allowed_moves(person, c.view)
        if any(m != Move.CITY for m in moves) or steps(person_id, config.default_locale):
            must_act.add(person_id)
    if steps(actor_id, config.default_locale):
        recipients.add(actor_id)  # a 12345 order's next step is theirs: their card carries its button

    def head(locale: str) -> Markup:
        return tr(
            locale,
            f"problem-event-{event.move}",
            id=c.id,
            actor=actor_name,
            status=status_label(locale, c.status),
        )

    def button(person_id: int, locale: str) -> list[tuple[str, str]]:
        return [
            *steps(person_id, locale),
            (tr_text(locale, "problem-btn-open"), pn.OPEN_DATA.format(id=c.id)),
        ]

    def render(person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        parts = [head(locale)]
        if event.note:
            parts.append(tr(locale, "problem-event-note", note=event.note))
        parts += [Markup(""), render_card(c, person_id, locale, config, now)]
        return Markup("\n").join(parts), button(person_id, locale)

    def todo(person_id: int, locale: str) -> str | None:
        if person_id not in must_act:
            return None
        return tr(locale, "problem-todo", event=head(locale), id=c.id)

    await pn.cards(
        session,
        problem.id,
        recipients,
        key=f"problem:{problem.id}:event:{event.id}",
        now=now,
        default_locale=config.default_locale,
        render=render,
        todo=todo,
    )
