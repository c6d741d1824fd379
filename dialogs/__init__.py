"""What people see: one module per flow, states in `dialogs.states`; handlers collect input and call services."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter

from dialogs import checkin, commands, errors, language, menu, notices, onboarding, roster_overview


class OnboardedOnly(Filter):
    """Root filter of the routers that only verified people may reach; others fall through to the fallback."""

    async def __call__(self, _event: object, actor: object) -> bool:
        return bool(getattr(actor, "onboarded", False))


def get_routers() -> list[Router]:
    members = Router(name="members")
    members.message.filter(OnboardedOnly())
    members.callback_query.filter(OnboardedOnly())
    members.include_routers(
        notices.make_router(), menu.make_dialog(), roster_overview.make_dialog(), checkin.make_dialog()
    )
    # Commands come before the dialogs: a dialog step that takes any text must not swallow /lang or /cancel.
    return [
        errors.make_router(),
        onboarding.make_router(),
        commands.make_router(),
        onboarding.make_dialog(),
        language.make_dialog(),
        members,
        commands.make_fallback(),
    ]
