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
