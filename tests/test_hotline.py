"""12345 hotline work orders (issue 18) with a frozen clock around the 2026 National Day holiday (1–7 Oct off, Saturday
10 Oct a make-up working day): an order entered, contacted, handled, called back 不满意, reopened as a warning order to
the principal leader, handled again and closed, each deadline counted in PRC working days and each reminder sent
once; refused presses (out of order, twice, someone else's, forged) change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from domain import hotline as rules
from domain.hotline import Satisfaction, Step
from domain.problems import Move, Party, Status
from domain.workcalendar import WorkCalendar
from reminders.engine import RunOutcome
from services.problems import Draft, ProblemConfig, ProblemError, apply_move, create_problem, history
from services.problems.hotline import record_step
from storage.models import Grid, HotlineOrder, OutboxMessage, Problem, ProblemEvent
from tests.reminder_helpers import at, make_engine, queued
from tests.test_problems_flow import PRINCIPAL, SECRETARY, WORKER, org

CONFIG = ProblemConfig()
CAL = WorkCalendar()
KIND = "hotline-orders"
ORDER_NO = "SH20260929001"


@pytest.fixture
def db(any_db):  # type: ignore[no-untyped-def]
    return any_db  # every test here on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await org(db)


# --- the rules --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (" sh20260929001 ", "SH20260929001"),
        ("２０２６０９２９-０１", "20260929-01"),  # a Chinese keyboard's full-width digits
        ("HL-2026-0001", "HL-2026-0001"),
        ("1" * 40, "1" * 40),
        ("", None),
        ("   ", None),
        ("ABCDEF", None),  # no digit: a word, not a number
        ("1" * 41, None),
        ("12 34", None),
        ("12--34", None),
        ("-1234", None),
        ("工单123", None),
        ("123;DROP", None),
        (None, None),
    ],
)
def test_order_numbers_are_normalised_or_refused(typed, kept):
    assert rules.clean_order_no(typed) == kept


def test_deadlines_count_prc_working_days_across_national_day():
    clocks = rules.Clocks()
    # Received Tuesday 29 Sep: contact by Wednesday 30 Sep; five working days skip 1–7 Oct and count make-up
    # Saturday 10 Oct: 30 Sep, 8, 9, 10, 12 Oct.
    assert rules.first_deadlines(date(2026, 9, 29), clocks, CAL) == (date(2026, 9, 30), date(2026, 10, 12))
    # Handled on 30 Sep: the call back is due on the first working day after the holiday.
    assert rules.callback_deadline(date(2026, 9, 30), clocks, CAL) == date(2026, 10, 8)
    # Handled on make-up Saturday 10 Oct: Sunday 11 Oct is off.
    assert rules.callback_deadline(date(2026, 10, 10), clocks, CAL) == date(2026, 10, 12)
    # 不满意 on 30 Sep: three working days are 8, 9 and 10 Oct.
    assert rules.second_deadline(date(2026, 9, 30), clocks, CAL) == date(2026, 10, 10)


def _order(**done: date) -> rules.OrderView:
    return rules.OrderView(
        received_on=date(2026, 9, 29),
        contact_due=date(2026, 9, 30),
        handle_due=date(2026, 10, 12),
        **done,  # type: ignore[arg-type]
    )


def test_steps_go_in_order_and_a_step_done_is_refused_as_done():
    fresh = _order()
    assert rules.next_step(fresh) == Step.CONTACT
    assert rules.refusal(fresh, Step.CONTACT) is None
    assert rules.refusal(fresh, Step.HANDLE) == "hotline-step-order"
    assert rules.refusal(fresh, Step.SECOND_HANDLE) == "hotline-step-order"  # not a warning order
    contacted = _order(contacted_on=date(2026, 9, 30))
    assert rules.refusal(contacted, Step.CONTACT) == "hotline-step-done"
    assert rules.next_step(contacted) == Step.HANDLE
    warned = _order(
        contacted_on=date(2026, 9, 30),
        handled_on=date(2026, 10, 9),
        called_back_on=date(2026, 10, 12),
        warning=True,
        second_due=date(2026, 10, 15),
    )
    assert rules.next_step(warned) == Step.SECOND_HANDLE
    assert rules.refusal(warned, Step.CALLBACK) == "hotline-step-done"
    assert rules.is_overdue(warned, Step.SECOND_HANDLE, date(2026, 10, 16))
    assert not rules.is_overdue(warned, Step.SECOND_HANDLE, date(2026, 10, 15))
    assert rules.late_steps(warned, date(2026, 10, 16)) == [Step.SECOND_HANDLE]
    closed = _order(contacted_on=date(2026, 9, 30), closed=True)
    assert rules.next_step(closed) is None and rules.refusal(closed, Step.HANDLE) == "hotline-closed"


@pytest.mark.parametrize(
    ("step", "parties", "allowed"),
    [
        (Step.CONTACT, {Party.OWNER}, True),
        (Step.HANDLE, {Party.LEADER}, True),
        (Step.CALLBACK, {Party.PRINCIPAL}, False),  # the first round is the owner's
        (Step.HANDLE, {Party.COMMUNITY, Party.REPORTER}, False),
        (Step.SECOND_HANDLE, {Party.PRINCIPAL}, True),  # the warning order is the principal leaders'
        (Step.SECOND_CALLBACK, {Party.OWNER}, True),
        (Step.SECOND_HANDLE, {Party.OFFICE}, False),
    ],
)
def test_who_records_a_step(step, parties, allowed):
    assert rules.may_record(step, frozenset(parties)) is allowed


@pytest.mark.parametrize(
    ("step", "answer", "status", "reopen_to", "expected"),
    [
        (Step.CONTACT, None, Status.ACCEPTED, None, (Status.ACCEPTED, None)),
        (Step.HANDLE, None, Status.ACCEPTED, None, (Status.RESOLVED, Status.ACCEPTED)),
        (Step.HANDLE, None, Status.REPORTED, None, (Status.RESOLVED, Status.ACCEPTED)),
        (Step.HANDLE, None, Status.ASSIGNED, None, (Status.RESOLVED, Status.IN_PROGRESS)),
        (Step.HANDLE, None, Status.CLOSED, None, (Status.CLOSED, None)),
        (
            Step.CALLBACK,
            Satisfaction.SATISFIED,
            Status.RESOLVED,
            Status.ACCEPTED,
            (Status.CLOSED, Status.ACCEPTED),
        ),
        (Step.CALLBACK, Satisfaction.BASICALLY, Status.RESOLVED, None, (Status.CLOSED, None)),
        (
            Step.CALLBACK,
            Satisfaction.UNSATISFIED,
            Status.RESOLVED,
            Status.IN_PROGRESS,
            (Status.IN_PROGRESS, Status.IN_PROGRESS),
        ),
        (Step.CALLBACK, Satisfaction.UNSATISFIED, Status.CLOSED, None, (Status.ACCEPTED, None)),
        (Step.SECOND_HANDLE, None, Status.ACCEPTED, None, (Status.RESOLVED, Status.ACCEPTED)),
        (Step.SECOND_CALLBACK, Satisfaction.UNSATISFIED, Status.RESOLVED, None, (Status.CLOSED, None)),
    ],
)
def test_what_a_step_does_to_the_items_lifecycle(step, answer, status, reopen_to, expected):
    assert rules.status_after(step, answer, status, reopen_to) == expected


def test_every_history_entry_fits_its_column():
    assert all(len(move) <= 16 for move in rules.all_event_moves())


# --- the order's life -------------------------------------------------------------------------------------------


async def new_order(db, people, when, order_no: str = ORDER_NO) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        grid = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    draft = Draft(
        kind="problem",
        grid_id=grid,
        category="environment",
        description="小区垃圾清运不及时（12345 来电）",
        source="hotline",
        order_no=order_no,
    )
    return await create_problem(db, people["worker"], draft, when, CONFIG)


async def snapshot(db, pid: int) -> tuple:  # type: ignore[no-untyped-def]
    """The order, the item's status, its history and the outbox: what a refused press must leave as it was."""
    async with db.session() as s:
        order = await s.get(HotlineOrder, pid)
        item = await s.get(Problem, pid)
        events = (await s.execute(select(func.count()).where(ProblemEvent.problem_id == pid))).scalar_one()
        outbox = (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
        columns = {c.key: getattr(order, c.key) for c in HotlineOrder.__table__.columns}  # type: ignore[union-attr]
        return columns, item.status, item.reopen_to, events, outbox  # type: ignore[union-attr]


async def refused(db, pid: int, who: int, step: Step, when, key: str, **kw) -> None:  # type: ignore[no-untyped-def]
    before = await snapshot(db, pid)
    with pytest.raises(ProblemError) as caught:
        await record_step(db, who, pid, step, when, CONFIG, **kw)
    assert caught.value.key == key
    assert await snapshot(db, pid) == before


async def reminders(db) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(r.person_id, r.period.split(":", 1)[1]) for r in await queued(db) if r.kind == KIND]


async def outbox_rows(db, key_part: str) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        rows = await s.execute(select(OutboxMessage).where(OutboxMessage.key.contains(key_part)))
        return list(rows.scalars())


async def test_an_order_from_entry_through_a_warning_order_to_closing(db, people, settings):
    worker, principal = people["worker"], people["principal"]
    engine = make_engine(db, settings, lambda: at(2026, 9, 29, 10))

    async def run(when) -> RunOutcome:  # type: ignore[no-untyped-def]
        first = await engine.run_kind(KIND, when)
        again = await engine.run_kind(KIND, when)  # the scheduler fires twice: nothing more
        assert again.outcome in (RunOutcome.ALREADY, first.outcome)
        return first.outcome

    # Tuesday 29 Sep 10:00: the 12345 order is entered by the grid worker, who owns it (首问负责).
    pid = await new_order(db, people, at(2026, 9, 29, 10))
    async with db.session() as s:
        order = await s.get(HotlineOrder, pid)
        assert (order.order_no, order.received_on, order.contact_due, order.handle_due) == (  # type: ignore[union-attr]
            ORDER_NO,
            date(2026, 9, 29),
            date(2026, 9, 30),
            date(2026, 10, 12),  # five working days across National Day, make-up Saturday 10 Oct counted
        )
    # The one who entered it gets the card with the first step's button.
    [card] = await outbox_rows(db, f"problem:{pid}:card:{WORKER}")
    assert "12345 工单号：SH20260929001" in card.payload["text"]
    assert ["📞 已联系", f"hl:ct:{pid}:-"] in [b for row in card.payload["buttons"] for b in row]
    await apply_move(db, people["secretary"], pid, Move.ACCEPT, at(2026, 9, 29, 11), CONFIG)

    assert await run(at(2026, 9, 29, 16)) == RunOutcome.RAN  # contact due tomorrow
    assert await reminders(db) == [(worker, "contact:soon")]
    await refused(db, pid, worker, Step.HANDLE, at(2026, 9, 30, 9), "hotline-step-order")  # not contacted yet
    await record_step(db, worker, pid, Step.CONTACT, at(2026, 9, 30, 10), CONFIG)
    await refused(db, pid, worker, Step.CONTACT, at(2026, 9, 30, 10, 1), "hotline-step-done")  # pressed twice
    await refused(db, pid, people["secretary"], Step.HANDLE, at(2026, 9, 30, 11), "hotline-no-permission")
    await refused(db, pid, principal, Step.HANDLE, at(2026, 9, 30, 11), "hotline-no-permission")
    assert await run(at(2026, 9, 30, 16)) == RunOutcome.RAN  # handling due 12 Oct: not yet
    assert await run(at(2026, 10, 5, 10)) == RunOutcome.NON_WORKING  # National Day
    assert await run(at(2026, 10, 9, 16)) == RunOutcome.RAN  # Friday: next working day is Saturday 10 Oct
    assert await reminders(db) == [(worker, "contact:soon")]
    assert await run(at(2026, 10, 10, 9, 30)) == RunOutcome.RAN  # make-up Saturday: 12 Oct is the next one
    assert await reminders(db) == [(worker, "contact:soon"), (worker, "handle:soon")]

    handled = await record_step(db, worker, pid, Step.HANDLE, at(2026, 10, 10, 15), CONFIG)
    assert (handled.status, handled.next_due) == (Status.RESOLVED, date(2026, 10, 12))  # Sunday 11 Oct is off
    await refused(db, pid, worker, Step.CALLBACK, at(2026, 10, 12, 9), "hotline-pick-satisfaction")
    assert await run(at(2026, 10, 12, 9, 30)) == RunOutcome.RAN
    called = await record_step(
        db, worker, pid, Step.CALLBACK, at(2026, 10, 12, 10), CONFIG, satisfaction=Satisfaction.UNSATISFIED
    )
    # 不满意: a warning order, reopened where "not fixed" returns it, second handling due in 3 working days.
    assert (called.status, called.warning, called.closed, called.next_due) == (
        Status.ACCEPTED,
        True,
        False,
        date(2026, 10, 15),
    )
    [warning_card] = await outbox_rows(db, f"problem:{pid}:card:{PRINCIPAL}")
    assert "预警工单" in warning_card.payload["text"] and "回访居民不满意" in warning_card.payload["text"]
    assert ["🛠 已二次办理", f"hl:h2:{pid}:-"] in [b for row in warning_card.payload["buttons"] for b in row]

    assert await run(at(2026, 10, 14, 9, 30)) == RunOutcome.RAN  # second handling due tomorrow
    assert await run(at(2026, 10, 16, 9, 30)) == RunOutcome.RAN  # and now overdue: flagged once
    assert await run(at(2026, 10, 16, 11)) == RunOutcome.ALREADY
    second = await record_step(db, principal, pid, Step.SECOND_HANDLE, at(2026, 10, 16, 10), CONFIG)
    assert second.status == Status.RESOLVED
    assert await run(at(2026, 10, 16, 16)) == RunOutcome.ALREADY  # today's slot ran: tomorrow's picks it up
    assert await run(at(2026, 10, 19, 9, 30)) == RunOutcome.RAN  # second call back due today (Monday)
    closed = await record_step(
        db,
        worker,
        pid,
        Step.SECOND_CALLBACK,
        at(2026, 10, 19, 10),
        CONFIG,
        satisfaction=Satisfaction.BASICALLY,
    )
    assert (closed.status, closed.closed) == (Status.CLOSED, True)
    await refused(
        db,
        pid,
        worker,
        Step.SECOND_CALLBACK,
        at(2026, 10, 19, 11),
        "hotline-closed",
        satisfaction=Satisfaction.SATISFIED,
    )
    assert await run(at(2026, 10, 20, 9, 30)) == RunOutcome.RAN  # closed: nothing

    assert await reminders(db) == [
        (worker, "contact:soon"),
        (worker, "handle:soon"),
        (worker, "callback:soon"),
        (worker, "second_handle:soon"),
        (principal, "second_handle:soon"),
        (worker, "second_handle:late"),
        (principal, "second_handle:late"),
        (worker, "second_callback:soon"),
        (principal, "second_callback:soon"),
    ]
    late = [r for r in await queued(db) if r.period.endswith("second_handle:late")]
    assert "已逾期（时限 2026-10-15）" in late[0].text and "二次办理（预警）" in late[0].text
    async with db.session() as s:
        order = await s.get(HotlineOrder, pid)
        assert order is not None
        assert (order.callback_due, order.second_due, order.satisfaction, order.second_satisfaction) == (
            date(2026, 10, 12),
            date(2026, 10, 15),
            "unsatisfied",
            "basically",
        )
        assert (order.contacted_by, order.handled_by, order.called_back_by) == (worker, worker, worker)
        assert (order.second_handled_by, order.second_called_back_by) == (principal, worker)
        assert order.warning_at == at(2026, 10, 12, 10) and order.closed_at == at(2026, 10, 19, 10)
    moves = [(e.move, e.from_status, e.to_status) for e in await history(db, pid)]
    assert moves == [
        ("report", None, "reported"),
        ("accept", "reported", "accepted"),
        ("hl_contact", "accepted", "accepted"),
        ("hl_handle", "accepted", "resolved"),
        ("hl_cb_u", "resolved", "accepted"),
        ("hl_handle2", "accepted", "resolved"),
        ("hl_cb2_b", "resolved", "closed"),
    ]


async def test_a_second_item_with_the_same_number_and_an_item_without_an_order(db, people):
    await new_order(db, people, at(2026, 9, 29, 10))
    with pytest.raises(ProblemError):
        await new_order(db, people, at(2026, 9, 29, 11))
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Problem))).scalar_one() == 1
        grid = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    plain = await create_problem(
        db,
        people["worker"],
        Draft(kind="problem", grid_id=grid, category="safety", description="路灯不亮"),
        at(2026, 9, 29, 12),
        CONFIG,
    )
    with pytest.raises(ProblemError) as caught:
        await record_step(db, people["worker"], plain, Step.CONTACT, at(2026, 9, 29, 13), CONFIG)
    assert caught.value.key == "hotline-not-order"
    with pytest.raises(ProblemError) as caught:
        await record_step(db, people["worker"], 99999, Step.CONTACT, at(2026, 9, 29, 13), CONFIG)
    assert caught.value.key == "problem-not-found"


# --- the buttons on the card ------------------------------------------------------------------------------------


def card_of(harness, chat_id: int, pid: int):  # type: ignore[no-untyped-def]
    """The item's card: the first message showing it (the item's screen, opened from it, shows it too)."""
    return [m for m in harness.telegram.chat(chat_id) if f"#{pid} 问题" in m.text and "12345" in m.text][0]


async def test_the_cards_buttons_record_each_step_and_refuse_stale_forged_or_foreign_presses(harness, people):
    harness.clock.now = at(2026, 9, 29, 10)
    pid = await new_order(harness.db, people, harness.clock.now)
    await harness.deliver()
    worker, secretary = harness.user(WORKER), harness.user(SECRETARY)
    card = card_of(harness, WORKER, pid)
    assert card.buttons() == ["📞 已联系", "🔎 查看并办理"]
    assert "首次联系：时限 2026-09-30，待办" in card.text and "首次办理：时限 2026-10-12，待办" in card.text
    assert "📞 已联系" not in card_of(harness, SECRETARY, pid).buttons()  # not the secretary's to record

    harness.clock.now = at(2026, 9, 30, 10)
    pressed = await worker.press("📞 已联系", card)
    assert worker.answer(pressed)["text"] == "✅ 已记录：已联系居民。"
    await harness.deliver()
    card = card_of(harness, WORKER, pid)  # edited in place: still one card
    assert [m.message_id for m in harness.telegram.chat(WORKER) if f"#{pid} 问题" in m.text] == [
        card.message_id
    ]
    assert "首次联系：2026-09-30 10:00 李娜" in card.text and card.buttons() == ["🛠 已办理", "🔎 查看并办理"]

    before = await snapshot(harness.db, pid)
    again = await worker.press_data(f"hl:ct:{pid}:-", card)  # the old button, pressed again
    assert "已记录过" in worker.answer(again)["text"]
    early = await worker.press_data(f"hl:cb:{pid}:s", card)  # a call back before the handling
    assert "按 联系 → 办理 → 回访 的顺序" in worker.answer(early)["text"]
    foreign = await secretary.press_data(f"hl:hd:{pid}:-", card_of(harness, SECRETARY, pid))
    assert "负责人" in secretary.answer(foreign)["text"]
    for forged in (f"hl:hd:{pid}:s", "hl:hd:²:-", "hl:hd:0:-", f"hl:hd:{2**31}:-", f"hl:zz:{pid}:-", "hl:hd"):
        answer = worker.answer(await worker.press_data(forged, card))
        assert answer is not None and "已过期" in answer["text"], forged
    assert await snapshot(harness.db, pid) == before

    harness.clock.now = at(2026, 10, 9, 10)
    await worker.press("🔎 查看并办理", card)  # the item's screen offers the step too
    screen = worker.last_with_buttons()
    assert "🛠 已办理" in screen.buttons() and "12345 工单号：SH20260929001" in screen.text
    pressed = await worker.press("🛠 已办理", screen)
    assert worker.answer(pressed)["text"] == "✅ 已记录：已办理。请在 2026-10-10 前回访居民。"
    assert "☎️ 已回访：不满意" in worker.last_with_buttons().buttons()
    await harness.deliver()
    card = card_of(harness, WORKER, pid)
    assert "回访：时限 2026-10-10，待办" in card.text  # make-up Saturday
    asked = await worker.press("☎️ 已回访", card)
    assert "满意度" in worker.answer(asked)["text"]
    card = card_of(harness, WORKER, pid)
    assert card.buttons() == ["满意", "基本满意", "不满意", "↩️ 返回"]
    await worker.press("↩️ 返回", card)
    assert card_of(harness, WORKER, pid).buttons() == ["☎️ 已回访", "🔎 查看并办理"]
    await worker.press("☎️ 已回访", card_of(harness, WORKER, pid))
    harness.clock.now = at(2026, 10, 10, 10)
    pressed = await worker.press("不满意", card_of(harness, WORKER, pid))
    assert "预警工单" in worker.answer(pressed)["text"] and "2026-10-14" in worker.answer(pressed)["text"]
    await harness.deliver()
    # The principal leader gets the warning order with the second handling's button; the worker's card shows it too.
    warning = card_of(harness, PRINCIPAL, pid)
    assert "⚠️ <b>预警工单</b>" in warning.text and "二次办理（预警）：时限 2026-10-14，待办" in warning.text
    assert warning.buttons() == ["🛠 已二次办理", "🔎 查看并办理"]
    assert "回访：2026-10-10 10:00 李娜（不满意）" in card_of(harness, WORKER, pid).text

    harness.clock.now = at(2026, 10, 15, 10)  # a day late
    principal = harness.user(PRINCIPAL)
    await principal.press("🛠 已二次办理", warning)
    await harness.deliver()
    warning = card_of(harness, PRINCIPAL, pid)
    assert "二次办理（预警）：2026-10-15 10:00 王建国，⚠️ 逾期（时限 2026-10-14）" in warning.text
    await principal.press("☎️ 已二次回访", warning)
    pressed = await principal.press("满意", card_of(harness, PRINCIPAL, pid))
    assert "工单已结单" in principal.answer(pressed)["text"]
    await harness.deliver()
    final = card_of(harness, WORKER, pid)
    assert "，已结单" in final.text and "状态：已确认办结" in final.text
    assert final.buttons() == ["🔎 查看并办理"]
