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


# --- issue 6 ---
class Checkin(StatesGroup):
    main = State()
    location = State()
    plan = State()
    move_from = State()
    move_to = State()
    move_reason = State()
    mute = State()
