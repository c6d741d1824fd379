"""What people see: one module per flow, states in `dialogs.states`; handlers collect input and call services."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter

from dialogs import (
    admin_calendar,
    admin_channels,
    admin_delegates,
    admin_people,
    admin_roster,
    assess,
    callouts,
    checkin,
    commands,
    digest,
    errors,
    export,
    hotline,
    language,
    logmonth,
    meetings,
    menu,
    mylogs,
    notices,
    onboarding,
    pending,
    phases,
    problem_notices,
    problems,
    problems_register,
    report,
    roster_overview,
    sheets,
    worklog,
    worklog_sign,
)
from dialogs.buttons import notification_press
from dialogs.routing import LeanRouter


class OnboardedOnly(Filter):
    """Root filter of the routers that only verified people may reach; others fall through to the fallback."""

    async def __call__(self, _event: object, actor: object) -> bool:
        return bool(getattr(actor, "onboarded", False))


def get_routers() -> list[Router]:
    members = LeanRouter(name="members")
    members.message.filter(OnboardedOnly())
    members.callback_query.filter(OnboardedOnly())
    # Buttons of notifications (no dialog behind them) before the dialogs, whose stale guard would claim them; behind
    # one prefix check, so a dialog's press (most presses) passes them at the cost of that check (dialogs.routing).
    notification_buttons = LeanRouter(
        name="notification-buttons", gate=("callback_query", notification_press)
    )
    notification_buttons.include_routers(
        admin_calendar.make_router(),
        worklog_sign.make_router(),
        problem_notices.make_router(),
        notices.make_router(),
        digest.make_router(),
        callouts.make_router(),
        sheets.make_router(),
        meetings.make_router(),
    )
    members.include_routers(
        notification_buttons,
        hotline.make_router(),  # 12345 work orders' step buttons (hl:…), behind their own filter
        menu.make_dialog(),
        roster_overview.make_dialog(),
        phases.make_dialog(),
        admin_calendar.make_dialog(),
        admin_delegates.make_dialog(),
        admin_roster.make_dialog(),
        admin_people.make_dialog(),
        admin_channels.make_dialog(),  # issue 20: group robots
        worklog.make_dialog(),
        worklog_sign.make_dialog(),
        pending.make_dialog(),
        mylogs.make_dialog(),
        logmonth.make_dialog(),
        report.make_dialog(),
        problems.make_item_dialog(),
        problems.make_pending_dialog(),
        problems_register.make_dialog(),
        checkin.make_dialog(),
        digest.make_dialog(),
        assess.make_dialog(),
        callouts.make_dialog(),
        *callouts.make_answer_dialogs(),
        export.make_dialog(),
        sheets.make_dialog(),
        sheets.make_reply_dialog(),
        meetings.make_dialog(),
        *meetings.make_decision_dialogs(),
    )
    # Commands come before the dialogs: a dialog step that takes any text must not swallow /lang or /cancel. The
    # members' dialogs, where most presses go, come next; the onboarding and language dialogs take only their own
    # intents' updates (which the members' dialogs do not), so they can follow. Only the errors router handles errors,
    # so it goes last, out of every other update's way.
    # The routers of /start and the commands take messages only: a press passes both in one look-up.
    messages_first = LeanRouter(name="messages-first")
    messages_first.include_routers(onboarding.make_router(), commands.make_router())
    return [
        messages_first,
        members,
        onboarding.make_dialog(),
        language.make_dialog(),
        commands.make_fallback(),
        errors.make_router(),
    ]
