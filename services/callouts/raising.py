"""Raising a call-out: recorded and sent to the squad (and the brigade) in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from domain import callouts as rules
from domain.callouts import Status, Wave
from domain.roles import Role
from services.callouts.access import load_raiser
from services.callouts.alerts import call_people, members, queue_roll, record_event, to_groups
from services.callouts.model import (
    CalloutConfig,
    CalloutError,
    Draft,
)
from storage.db import Database
from storage.models import (
    Callout,
    CalloutTarget,
    Community,
)

# --- raising ------------------------------------------------------------------------------------------------------


async def raise_callout(
    db: Database, person_id: int, chat_id: int, draft: Draft, now: datetime, config: CalloutConfig
) -> int:
    """Record the call-out and queue it to the squad (and the brigade); returns its id."""
    if draft.kind not in rules.KINDS:
        raise CalloutError("callout-bad-kind")
    if rules.clean_text(draft.need, rules.MAX_NEED) is None:
        raise CalloutError("callout-need-invalid", max=rules.MAX_NEED)
    if draft.address is None and draft.latitude is None:
        raise CalloutError("callout-place-hint", max=rules.MAX_ADDRESS)
    async with db.session() as session:
        community = await session.get(Community, draft.community_id)
        if community is None or not rules.may_raise(
            await load_raiser(session, person_id), draft.community_id, community.subdistrict_id
        ):
            raise CalloutError("callout-no-permission")
        callout = Callout(
            community_id=draft.community_id,
            kind=draft.kind,
            latitude=draft.latitude,
            longitude=draft.longitude,
            address=draft.address,
            need=draft.need.strip(),
            brigade=draft.brigade,
            status=Status.OPEN.value,
            version=1,
            caller_id=person_id,
            caller_chat_id=chat_id,
            raised_at=now,
            widen_at=now + config.widen_after,
            widened=False,
            roll_seq=0,
        )
        session.add(callout)
        await session.flush()
        await record_event(session, callout.id, now, "raised", person_id, draft.need.strip())
        squad = await members(session, Role.EMERGENCY_MEMBER, [draft.community_id])
        names = await call_people(session, callout, squad, Wave.SQUAD, now, config)
        await record_event(
            session, callout.id, now, "sent", None, f"{Wave.SQUAD.value}: {'、'.join(names) or '-'}"
        )
        if draft.brigade:
            brigade = await members(session, Role.ENFORCEMENT_MEMBER, None, community.subdistrict_id)
            names = await call_people(session, callout, brigade, Wave.BRIGADE, now, config)
            await record_event(
                session, callout.id, now, "sent", None, f"{Wave.BRIGADE.value}: {'、'.join(names) or '-'}"
            )
        called = (
            await session.execute(
                select(func.count()).select_from(CalloutTarget).where(CalloutTarget.callout_id == callout.id)
            )
        ).scalar_one()
        if called == 0:  # nobody could be reached: waiting out the deadline would help no one
            callout.widen_at = now
        await queue_roll(session, callout, now, config)
        await to_groups(session, callout, community.subdistrict_id, now, config)  # issue 20
        return callout.id
