"""Opening an action from the menu or by command: the permission check and the "coming soon" answer live here once."""

from __future__ import annotations

from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.states import (
    Assess,
    CalloutFlow,
    Checkin,
    DigestView,
    ExportFlow,
    LogMonthFlow,
    MeetingFlow,
    Menu,
    MyLogs,
    PendingLogs,
    ProblemsPending,
    PromptSheetFlow,
    ReportProblem,
    RosterOverview,
    WorkLogFlow,
)
from dialogs.widgets import actor_of
from domain.roles import BUILT_ACTIONS, Action
from locales import tr

ACTION_STATES = {
    Action.ROSTER: RosterOverview.overview,
    Action.LOG: WorkLogFlow.date,
    Action.MY_LOGS: MyLogs.month,
    Action.PENDING: PendingLogs.page,
    Action.LOG_MONTH: LogMonthFlow.community,
    Action.REPORT: ReportProblem.kind,
    Action.PROBLEMS: ProblemsPending.items,
    Action.CHECKIN: Checkin.main,
    Action.DIGEST: DigestView.choose,
    Action.ASSESS: Assess.main,
    Action.CALLOUT: CalloutFlow.start,
    Action.EXPORT: ExportFlow.kind,
    Action.PROMPT_SHEET: PromptSheetFlow.home,
    Action.MEETING: MeetingFlow.home,
}
assert set(ACTION_STATES) == set(BUILT_ACTIONS), "every built action opens a dialog"


async def open_action(
    manager: DialogManager, action: Action, *, show_mode: ShowMode | None = None, fresh: bool = False
) -> str | None:
    """Start the action's dialog, or return the text to tell the person why not. `fresh` (a slash command): over the
    main menu alone, whatever was open before is closed, so ending this dialog goes back to the menu, not to a screen
    the person had left (a draft being written is kept in the database and offered again)."""
    actor = actor_of(manager)
    label = tr(actor.locale, f"action-{action.value}")
    if not actor.onboarded:
        return tr(actor.locale, "not-onboarded")
    if not actor.can(action):
        return tr(actor.locale, "no-permission", action=label)
    if action not in BUILT_ACTIONS:
        return tr(actor.locale, "coming-soon", action=label)
    if fresh:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
    await manager.start(ACTION_STATES[action], mode=StartMode.NORMAL, show_mode=show_mode)
    return None
