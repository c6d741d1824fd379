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


# --- issue 5: problems and suggestions ---


class ReportProblem(StatesGroup):
    kind = State()
    grid = State()
    category = State()
    description = State()
    location = State()
    photos = State()
    resident_name = State()
    resident_phone = State()
    urgency = State()
    confirm = State()


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
