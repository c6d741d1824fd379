"""The step buttons of a 12345 work order on its item's card (outside any dialog): 已联系, 已办理, 已回访 (which asks
满意 / 基本满意 / 不满意 on the same message), and a warning order's second handling and call back.

A press records the step (`services.problems.hotline.record_step`), answers with a pop-up, and the card is edited in
every chat holding it through the outbox, this one included. A press that is not the next step (pressed twice, an
older message's), not the presser's, or on a closed order changes nothing and says why.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Literal

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode

from dialogs.buttons import Id, stale
from dialogs.problem_widgets import config_of
from dialogs.routing import LeanRouter
from dialogs.telegram_markup import inline_keyboard
from dialogs.widgets import actor_of, answer_callback, now_of
from domain import hotline as rules
from domain.hotline import Satisfaction, Step
from locales import tr_text
from services.outgoing import one_per_row
from services.problems import Card, ProblemError, card
from services.problems.hotline import StepOutcome, check_step, record_step
from services.problems.hotline_card import ANSWERS, ASK, BACK, STEP_OF_VERB, answer_buttons, step_buttons
from services.problems.notify import OPEN_DATA


class HotlineButton(CallbackData, prefix="hl"):
    """`hl:<ct|hd|cb|h2|c2>:<item id>:<answer>`: the step (`services.problems.hotline_card.VERBS`), the item, and a
    call back's answer (s, b, u; `-` asks for it, or is the only answer of the other steps; `x` goes back)."""

    verb: Literal["ct", "hd", "cb", "h2", "c2"]
    problem_id: Id
    answer: Literal["-", "s", "b", "u", "x"]


def done_text(locale: str, outcome: StepOutcome) -> str:
    """The pop-up after a step is recorded."""
    answer = tr_text(locale, f"hotline-satisfaction-{outcome.satisfaction}") if outcome.satisfaction else ""
    due = outcome.next_due.isoformat() if outcome.next_due else "-"
    if outcome.step == Step.CALLBACK and outcome.satisfaction == Satisfaction.UNSATISFIED:
        return tr_text(locale, "hotline-done-warning", due=due)
    return tr_text(locale, f"hotline-done-{outcome.step.value}", answer=answer, due=due)


async def _set_buttons(callback: CallbackQuery, buttons: list[tuple[str, str]]) -> None:
    """The pressed message's buttons replaced (the satisfaction choices, or the card's own again)."""
    pressed = callback.message
    if not isinstance(pressed, Message):  # too old to edit
        return
    with suppress(TelegramAPIError):  # gone meanwhile, or unchanged ("not modified")
        await pressed.edit_reply_markup(reply_markup=inline_keyboard(one_per_row(buttons)))


async def _card_buttons(manager: DialogManager, problem_id: int) -> list[tuple[str, str]]:
    actor = actor_of(manager)
    c = await card(manager.middleware_data["db"], problem_id)
    if c is None:
        return []
    steps = step_buttons(
        c.hotline,
        c.id,
        actor.onboarded_id,
        c.owner_id,
        c.leader_id,
        actor.locale,
        config_of(manager).timezone,
    )
    return [*steps, (tr_text(actor.locale, "problem-btn-open"), OPEN_DATA.format(id=c.id))]


async def on_step(
    callback: CallbackQuery, callback_data: HotlineButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    db = dialog_manager.middleware_data["db"]
    config = config_of(dialog_manager)
    step = STEP_OF_VERB[callback_data.verb]
    answer = callback_data.answer
    problem_id = callback_data.problem_id
    if step not in rules.CALLBACKS and answer != ASK:  # an answer on a step that takes none: not ours
        await answer_callback(callback, tr_text(locale, "hotline-outdated"))
        return
    try:
        if answer == BACK:
            await _set_buttons(callback, await _card_buttons(dialog_manager, problem_id))
            await answer_callback(callback, tr_text(locale, "hotline-back"), alert=False)
            return
        if step in rules.CALLBACKS and answer == ASK:
            await check_step(db, actor.onboarded_id, problem_id, step, config)
            await _set_buttons(callback, answer_buttons(step, problem_id, locale))
            await answer_callback(callback, tr_text(locale, "hotline-ask-satisfaction"), alert=False)
            return
        outcome = await record_step(
            db,
            actor.onboarded_id,
            problem_id,
            step,
            now_of(dialog_manager),
            config,
            satisfaction=ANSWERS.get(answer),
        )
    except ProblemError as exc:
        await answer_callback(callback, tr_text(locale, exc.key, **exc.args_))
        return
    await answer_callback(callback, done_text(locale, outcome))


def item_moves(card: Card, viewer_id: int, locale: str, zone: str) -> list[tuple[str, str]]:
    """The order's next step among the moves of the item's screen (`dialogs.problems`), for whoever may record it:
    `hl.<verb>.<answer>`, a call back as its three answers (the card's buttons ask for the answer on a second press;
    here it is one)."""
    found = step_buttons(card.hotline, card.id, viewer_id, card.owner_id, card.leader_id, locale, zone)
    if not found:
        return []
    verb = found[0][1].split(":")[1]
    if STEP_OF_VERB[verb] not in rules.CALLBACKS:
        return [(f"hl.{verb}.-", found[0][0])]
    return [
        (
            f"hl.{verb}.{code}",
            tr_text(
                locale,
                "hotline-btn-answer",
                step=found[0][0],
                answer=tr_text(locale, f"hotline-satisfaction-{value}"),
            ),
        )
        for code, value in ANSWERS.items()
    ]


async def on_item_step(
    callback: CallbackQuery, manager: DialogManager, item_id: str, problem_id: int
) -> None:
    """A step pressed on the item's screen; the screen is shown again below, current."""
    _, verb, answer = (item_id.split(".") + ["", ""])[:3]
    if verb not in STEP_OF_VERB or answer not in (*ANSWERS, "-"):
        await answer_callback(callback, tr_text(actor_of(manager).locale, "hotline-outdated"))
        return
    actor = actor_of(manager)
    try:
        outcome = await record_step(
            manager.middleware_data["db"],
            actor.onboarded_id,
            problem_id,
            STEP_OF_VERB[verb],
            now_of(manager),
            config_of(manager),
            satisfaction=ANSWERS.get(answer),
        )
    except ProblemError as exc:
        await answer_callback(callback, tr_text(actor.locale, exc.key, **exc.args_))
        return
    await answer_callback(callback, done_text(actor.locale, outcome))
    manager.show_mode = ShowMode.SEND


async def on_stale(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    """hl:… data that is not a `HotlineButton` (forged, or of an older version)."""
    await answer_callback(callback, tr_text(actor_of(dialog_manager).locale, "hotline-outdated"))


def make_router() -> Router:
    # Presses only, behind one prefix check: every other update passes it at the cost of a look-up (dialogs.routing).
    router = LeanRouter(name="hotline-buttons", gate=("callback_query", stale(HotlineButton)))
    router.callback_query.register(on_step, HotlineButton.filter())
    router.callback_query.register(on_stale)
    return router
