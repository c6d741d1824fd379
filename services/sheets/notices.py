"""What a prompt sheet tells people: its card, the sheet (or the sender's answer) to the communities' secretaries,
a secretary's result or question to the sender; each queued through the outbox in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from domain.sheets import SheetVerb, TargetStatus
from locales import Html, tr
from services.notify import reachable, send
from services.problems import people_by_community
from services.sheets.buttons import button_data, secretary_buttons
from services.sheets.config import SheetConfig
from storage.models import Community, PromptSheet, PromptSheetTarget
from storage.outbox import enqueue

Render = Callable[[int, str], tuple[str, list[tuple[str, str]]]]


async def send_rendered(
    session: AsyncSession, people: Iterable[int], key: str, now: datetime, config: SheetConfig, render: Render
) -> None:
    """`render(person id, locale)` → (text, buttons), queued once under `key` for each of `people` reachable."""
    await send(session, people, key=key, now=now, default_locale=config.default_locale, render=render)


def sheet_card(locale: str, sheet: PromptSheet, sender: str, community: str | None = None) -> str:
    lines = [tr(locale, "sheet-card-title", id=sheet.id, title=sheet.title)]
    if community:
        lines.append(tr(locale, "sheet-card-community", community=community))
    lines.append(tr(locale, "sheet-card-from", name=sender, department=sheet.department or "-"))
    lines.append(tr(locale, "sheet-card-body", body=sheet.body))
    lines.append(tr(locale, "sheet-card-due", due=sheet.due_date.isoformat()))
    if sheet.urgent:
        lines.append(tr(locale, "sheet-card-urgent", reason=sheet.urgent_reason or ""))
    lines.append(tr(locale, "sheet-card-contact", contact=sheet.contact))
    if sheet.latitude is not None and sheet.longitude is not None:
        lines.append(
            tr(locale, "sheet-card-location", lat=f"{sheet.latitude:.5f}", lon=f"{sheet.longitude:.5f}")
        )
    if sheet.photo:
        lines.append(tr(locale, "sheet-card-photo"))
    return Html("\n").join(lines)


async def to_secretaries(
    session: AsyncSession,
    sheet: PromptSheet,
    targets: list[PromptSheetTarget],
    sender: str,
    now: datetime,
    config: SheetConfig,
    *,
    event: str,
) -> None:
    """The sheet (or the sender's answer) to each target community's secretaries, with the buttons of its version;
    the secretaries and names of all the communities read at once (a sheet to every community is 200)."""
    ids = [t.community_id for t in targets]
    secretaries_of = await people_by_community(session, Role.SECRETARY, ids)
    names = dict(
        (await session.execute(select(Community.id, Community.name).where(Community.id.in_(ids)))).all()
    )
    for target in targets:
        secretaries, community = secretaries_of[target.community_id], names.get(target.community_id, "")

        def render(
            _person_id: int, locale: str, target: PromptSheetTarget = target, community: str = community
        ) -> tuple[str, list[tuple[str, str]]]:
            head = tr(locale, f"sheet-notice-{event}", id=sheet.id, answer=target.answer or "")
            text = head + "\n\n" + sheet_card(locale, sheet, sender, community)
            return text, secretary_buttons(locale, target.id, target.version, target.status)

        key = f"sheet:{sheet.id}:t{target.id}:v{target.version}"
        await send_rendered(session, secretaries, key, now, config, render)
        if sheet.photo and event == "new":
            for _person_id, chat_id, locale in await reachable(session, secretaries):
                await enqueue(
                    session,
                    key=f"{key}:photo:{chat_id}",
                    chat_id=chat_id,
                    method="sendPhoto",
                    payload={
                        "photo": sheet.photo,
                        "caption": tr(locale or config.default_locale, "sheet-photo-caption", id=sheet.id),
                    },
                    now=now,
                )


async def to_sender(
    session: AsyncSession,
    sheet: PromptSheet,
    target: PromptSheetTarget,
    community: str,
    actor: str,
    now: datetime,
    config: SheetConfig,
) -> None:
    def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        asked = target.status == TargetStatus.QUESTION
        text = tr(
            locale,
            "sheet-notice-question" if asked else "sheet-notice-done",
            id=sheet.id,
            title=sheet.title,
            community=community,
            name=actor,
            question=target.question or "",
            result=target.result or "",
            photos=len(target.result_photos or []),
        )
        answer = (tr(locale, "sheet-btn-ans"), button_data(SheetVerb.ANSWER, target.id, target.version))
        return text, [answer] if asked else []

    key = f"sheet:{sheet.id}:t{target.id}:v{target.version}:sender"
    await send_rendered(session, [sheet.sender_id], key, now, config, render)
