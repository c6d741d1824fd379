"""The demo's prompt sheets, filed meetings, emergency call-out and the quarter's ratings."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.demo.history.cast import BRIGADE, LEADER, OFFICE, PARTY_MASS, SECRETARY, SQUAD
from bot.demo.history.office_specs import (
    CALLOUT_ADDRESS,
    CALLOUT_NEED,
    CALLOUT_OUTCOME,
    MEETINGS,
    RATING_COMMENTS,
    RATINGS,
    SHEETS,
)
from bot.demo.history.replay import _Replay
from domain import assessment as asmt
from domain.callouts import Answer, Wave
from domain.callouts import Status as CalloutStatus
from domain.sheets import MeetingVerb, SheetVerb
from services import assessment as assessment_service
from services import meetings as meeting_service
from services import sheets as sheet_service
from services.callouts import CalloutConfig
from services.scorecards import formula_from
from storage.models import Callout, CalloutEvent, CalloutTarget, PromptSheetTarget


async def _sheets(r: _Replay) -> int:
    """Prompt sheets to every community, answered in every way a secretary answers (services.sheets)."""
    config = sheet_service.SheetConfig.from_settings(r.settings)
    community_ids = sorted(r.communities[name] for name in SECRETARY)
    for spec in SHEETS:
        day = r.working_day(r.today - timedelta(days=spec.days_ago))
        issued = min(r.at(day, 9, 30), r.now - timedelta(hours=1))
        sender = r.people[spec.sender]
        sheet_id = await sheet_service.create_sheet(
            r.db,
            sender,
            sheet_service.SheetDraft(
                title=spec.title,
                body=spec.body,
                community_ids=community_ids,
                due=r.working_day_after(
                    issued.astimezone(r.tz).date(), max(spec.due_in, config.lead_days + 1)
                ),
                contact=f"{spec.sender}，分机{8000 + sender}",
            ),
            issued,
            config,
        )
        for community, presses in spec.presses.items():
            moment = issued
            for verb, note in presses:
                moment += timedelta(hours=r.rng.randint(2, 30))
                if not r.past(moment):
                    break
                async with r.db.session() as session:
                    target = (
                        await session.execute(
                            select(PromptSheetTarget.id, PromptSheetTarget.version).where(
                                PromptSheetTarget.sheet_id == sheet_id,
                                PromptSheetTarget.community_id == r.communities[community],
                            )
                        )
                    ).one()
                who = sender if verb == SheetVerb.ANSWER.value else r.people[SECRETARY[community]]
                button = sheet_service.Button(SheetVerb(verb), target.id, target.version)
                await sheet_service.respond(r.db, who, button, moment, config, note=note)
    return len(SHEETS)


async def _meetings(r: _Replay) -> int:
    """Meetings 党群工作部 filed, and 党政办's decisions on them (services.meetings)."""
    config = sheet_service.SheetConfig.from_settings(r.settings)
    people = {r.communities[name]: 1 for name in SECRETARY}
    for spec in MEETINGS:
        day = r.working_day(r.today - timedelta(days=spec.filed_days_ago))
        filed = min(r.at(day, 11), r.now - timedelta(hours=2))
        draft = meeting_service.MeetingDraft(
            subject=spec.subject,
            starts_at=r.at(r.working_day_after(day, spec.starts_in), spec.hour),
            minutes=spec.minutes,
            place=spec.place,
            people=people,
            why_not_sheet=spec.why,
        )
        meeting = await meeting_service.file_meeting(r.db, r.people[PARTY_MASS], draft, filed, config)
        decided = filed + timedelta(hours=1, minutes=r.rng.randint(0, 50))
        if spec.decision and r.past(decided):
            view = await meeting_service.meeting_view(r.db, meeting.id)
            assert view is not None
            button = meeting_service.Button(MeetingVerb(spec.decision), meeting.id, view.version)
            await meeting_service.decide(r.db, r.people[OFFICE], button, decided, config, reason=spec.reason)
    return len(MEETINGS)


async def _callout(r: _Replay) -> int:
    """A flooded garage: the squad and the brigade called, both coming, closed with the outcome — the rows
    services.callouts writes (it calls only bound people, and nobody in the demo is bound yet)."""
    config = CalloutConfig.from_settings(r.settings)
    community = "幸福社区"
    caller = r.people[SECRETARY[community]]
    raised = r.at(r.working_day(r.today - timedelta(days=12)), 16, 40)
    squad, brigade = r.people[SQUAD[community]], r.people[BRIGADE]
    closed = raised + timedelta(minutes=110)
    async with r.db.session() as session:
        callout = Callout(
            community_id=r.communities[community],
            kind="flood",
            address=CALLOUT_ADDRESS,
            need=CALLOUT_NEED,
            brigade=True,
            status=CalloutStatus.CLOSED.value,
            version=2,
            caller_id=caller,
            raised_at=raised,
            widen_at=raised + config.widen_after,
            widen_checked_at=raised + config.widen_after,
            widened=False,
            roll_seq=0,
            closed_at=closed,
            closed_by=caller,
            outcome=CALLOUT_OUTCOME,
        )
        session.add(callout)
        await session.flush()
        answers = ((squad, Wave.SQUAD, 3), (brigade, Wave.BRIGADE, 7))
        for person_id, wave, minutes in answers:
            session.add(
                CalloutTarget(
                    callout_id=callout.id,
                    person_id=person_id,
                    wave=wave.value,
                    community_id=r.communities[community] if wave is Wave.SQUAD else None,
                    sent_at=raised,
                    answer=Answer.COMING.value,
                    answered_at=raised + timedelta(minutes=minutes),
                )
            )
        timeline = [
            (raised, "raised", caller, CALLOUT_NEED),
            (raised, "sent", None, f"{Wave.SQUAD.value}: {SQUAD[community]}"),
            (raised, "sent", None, f"{Wave.BRIGADE.value}: {BRIGADE}"),
            *((raised + timedelta(minutes=m), Answer.COMING.value, p, None) for p, _, m in answers),
            (raised + config.widen_after, "enough", None, str(len(answers))),
            (closed, "closed", caller, CALLOUT_OUTCOME),
        ]
        session.add_all(
            CalloutEvent(callout_id=callout.id, at=at, person_id=person, action=action, note=note)
            for at, action, person, note in timeline
        )
    return 1


async def _ratings(r: _Replay) -> None:
    """Half of each rater's cadres rated two days ago, when the quarter's window was open (services.assessment);
    the other half are left for the leader trying /assess."""
    grace = formula_from(r.settings.assessment_config).grace_days
    when = r.now - timedelta(days=2)
    day = when.astimezone(r.tz).date()
    quarter = asmt.rating_quarter(day, grace)
    for rater in sorted({*LEADER.values(), *SECRETARY.values()}):
        rater_id = r.people[rater]
        for index, ratee in enumerate(await assessment_service.ratees(r.db, rater_id, quarter)):
            if index % 2:
                continue
            await assessment_service.rate(
                r.db,
                rater_id,
                ratee.person_id,
                ratee.community_id,
                quarter,
                RATINGS[index // 2 % len(RATINGS)],
                RATING_COMMENTS[index // 2 % len(RATING_COMMENTS)],
                today=day,
                now=when,
                grace_days=grace,
            )
