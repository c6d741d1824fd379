"""Every dialog's states, in one place."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    contact = State()


class Menu(StatesGroup):
    main = State()
    help = State()


class Language(StatesGroup):
    choose = State()


class RosterOverview(StatesGroup):
    overview = State()


# --- issue 4: grid work logs ---


class WorkLogFlow(StatesGroup):
    resume = State()
    date = State()
    grid = State()
    tasks = State()
    households = State()
    addresses = State()
    content = State()
    photos = State()
    problems = State()
    summary = State()


class WorkLogSign(StatesGroup):
    opinion = State()  # approve: optional opinion
    reason = State()  # return: reason required


class PendingLogs(StatesGroup):
    page = State()
    detail = State()
    confirm_all = State()


class MyLogs(StatesGroup):
    month = State()
    detail = State()
    filter_grid = State()
    filter_person = State()
    filter_status = State()


class LogMonthFlow(StatesGroup):
    community = State()
    month = State()
    overview = State()
    exclude_reason = State()
    reopen_reason = State()
    confirm_empty = State()  # a month without a single log to submit: asked before it is sent


# --- issue 5: problems and suggestions ---


class ReportProblem(StatesGroup):
    kind = State()
    grid = State()
    category = State()
    description = State()
    location = State()
    photos = State()
    resident = State()  # 本人发现 / 代居民反映 / 匿名
    resident_name = State()
    resident_phone = State()
    urgency = State()
    confirm = State()
    source = State()  # from the summary: the default (from the role) is kept unless changed
    order_no = State()  # the 12345 work order's number


class ProblemItem(StatesGroup):
    view = State()
    history = State()
    note = State()
    photos = State()
    leader = State()
    due = State()


class ProblemsPending(StatesGroup):
    items = State()


class ProblemRegisterFlow(StatesGroup):
    submit = State()
    view = State()
    leader = State()
    due = State()


# --- issue 6 ---
class Checkin(StatesGroup):
    main = State()
    location = State()
    plan = State()
    move_from = State()
    move_to = State()
    move_reason = State()
    mute = State()


# --- issue 7 ---
class DigestView(StatesGroup):
    choose = State()


# --- issue 7: assessment ---
class Assess(StatesGroup):
    main = State()
    grade = State()
    comment = State()
    period = State()
    card = State()


# --- issue 8: emergency call-outs 应急分队 ---
class CalloutFlow(StatesGroup):
    start = State()
    community = State()
    kind = State()
    place = State()
    need = State()
    brigade = State()
    confirm = State()
    view = State()


class CalloutAnswer(StatesGroup):
    reason = State()


class CalloutClose(StatesGroup):
    outcome = State()


# --- issue 7: exports ---
class ExportFlow(StatesGroup):
    kind = State()
    scope = State()
    period = State()
    confirm = State()


# --- issue 8: work prompt sheets and meeting filing ---
class PromptSheetFlow(StatesGroup):
    home = State()
    title = State()
    body = State()
    communities = State()
    due = State()
    urgent_reason = State()
    contact = State()
    attach = State()
    summary = State()
    mine = State()
    status = State()


class SheetReply(StatesGroup):
    result = State()
    photos = State()
    question = State()
    answer = State()


class MeetingFlow(StatesGroup):
    home = State()
    subject = State()
    when = State()
    minutes = State()
    place = State()
    communities = State()
    people = State()
    why = State()
    summary = State()
    mine = State()
    detail = State()


class MeetingDecide(StatesGroup):
    reason = State()


class MeetingAttend(StatesGroup):
    pick = State()


class AdminCalendar(StatesGroup):
    """Administrator (issue 17): next year's holiday arrangement, sent as a file."""

    file = State()
    preview = State()


class AdminDelegates(StatesGroup):
    """Administrator (issue 17): who signs a community's logs in place of its secretary."""

    community = State()
    current = State()
    pick = State()
    confirm = State()


class AdminRoster(StatesGroup):
    """Issue 17: the roster by file in the chat."""

    upload = State()
    preview = State()
    done = State()
    deactivate = State()


class AdminPeople(StatesGroup):
    """Issue 17: find a person and act on them (unbind, deactivate, activate, invite)."""

    search = State()
    results = State()
    person = State()
    confirm = State()


class AdminPhases(StatesGroup):
    """Issue 17: a community's pilot phase (试点 / 全面推行 / 巩固提升)."""

    community = State()
    phase = State()
    confirm = State()
