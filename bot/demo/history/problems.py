"""The demo's problems and suggestions in every state, the months' registers, and a community day moved."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.demo.history.cast import COMPOUNDS, LEADER, OFFICE, PAIRED, PRINCIPAL, SECRETARY
from bot.demo.history.problem_specs import DONE_NOTE, MOVE_NOTES, PROBLEMS, ProblemSpec
from bot.demo.history.replay import _Replay
from domain.problems import Move
from services import problem_register as register_service
from services import problems as problem_service
from storage.models import Problem


async def _problems(r: _Replay) -> int:
    """Each item reported, then moved along its path by the people whose move it is (services.problems)."""
    config = problem_service.ProblemConfig.from_settings(r.settings)
    for spec in PROBLEMS:
        day = r.working_day(r.today - timedelta(days=spec.days_ago))
        reported = min(r.at(day, 9, r.rng.randint(10, 50)), r.now - timedelta(minutes=20))
        reporter = r.people[spec.reporter]
        compound = COMPOUNDS[(spec.community, spec.grid)]
        draft = problem_service.Draft(
            kind=spec.kind,
            grid_id=r.grids[(spec.community, spec.grid)],
            category=spec.category if spec.category in config.categories else next(iter(config.categories)),
            description=spec.description,
            address=compound,
            resident_name=spec.resident[0] if spec.resident else None,
            resident_phone=spec.resident[1] if spec.resident else None,
            log_id=r.logs.get((reporter, day)),
            observed_on=day,
        )
        problem_id = await problem_service.create_problem(r.db, reporter, draft, reported, config)
        moment = reported
        for index, name in enumerate(spec.path):
            move = Move(name)
            moment = (
                reported + timedelta(hours=4, minutes=r.rng.randint(0, 50))
                if index == 0
                else r.at(r.working_day_after(moment.astimezone(r.tz).date()), 10, r.rng.randint(0, 59))
            )
            if not r.past(moment):
                break
            await _move(r, spec, problem_id, move, moment, config)
    return len(PROBLEMS)


async def _registers(r: _Replay) -> None:
    """Last month's 交办登记表 of every community submitted to 党政办 on the 3rd or so; signed by the principal leader
    where every item on it already has a responsible leader and a due date (services.problem_register)."""
    config = problem_service.ProblemConfig.from_settings(r.settings)
    first = r.today.replace(day=1)
    month = (first - timedelta(days=1)).replace(day=1)
    submitted = r.at(r.cal.first_working_day_on_or_after(first + timedelta(days=2)), 16, 10)
    signed = submitted + timedelta(hours=17)
    if not r.past(submitted):
        return
    for community, secretary in SECRETARY.items():
        register_id = await register_service.submit_register(
            r.db, r.people[secretary], r.communities[community], month.year, month.month, submitted, config
        )
        async with r.db.session() as session:
            unassigned = await session.scalar(
                select(func.count(Problem.id)).where(
                    Problem.register_id == register_id,
                    (Problem.leader_id.is_(None)) | (Problem.due_date.is_(None)),
                )
            )
        if not unassigned and r.past(signed):
            await register_service.sign_register(r.db, r.people[PRINCIPAL], register_id, signed, config)


async def _move(
    r: _Replay,
    spec: ProblemSpec,
    problem_id: int,
    move: Move,
    moment: datetime,
    config: problem_service.ProblemConfig,
) -> None:
    async with r.db.session() as session:
        problem = await session.get(Problem, problem_id)
        assert problem is not None
        status, owner = problem.status, problem.owner_id
    actor = {
        Move.ACCEPT: r.people[SECRETARY[spec.community]],
        Move.CLAIM: r.people[PAIRED[spec.community]],
        Move.ESCALATE: r.people[SECRETARY[spec.community]],
        Move.REGISTER: r.people[OFFICE],
        Move.ASSIGN: r.people[PRINCIPAL],
        Move.START: r.people[LEADER[spec.community]],
        Move.CONFIRM: r.people[spec.reporter],
        Move.NOT_FIXED: r.people[spec.reporter],
    }.get(move)
    if move == Move.RESOLVE:  # whoever holds it: the community, the claimant or the responsible leader
        actor = r.people[SECRETARY[spec.community]] if status == "accepted" else owner
    assert actor is not None
    day = moment.astimezone(r.tz).date()
    await problem_service.apply_move(
        r.db,
        actor,
        problem_id,
        move,
        moment,
        config,
        expected_status=status,
        note=DONE_NOTE if move == Move.RESOLVE else MOVE_NOTES.get(move.value),
        leader_id=r.people[LEADER[spec.community]] if move == Move.ASSIGN else None,
        due=r.working_day_after(day, 10) if move == Move.ASSIGN else None,
    )
