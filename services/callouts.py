"""Emergency call-outs 应急分队 (issue 8): raise, answer, widen, close, the live roll and the timeline.

Every change is one short transaction that records the change, its timeline event, and the outbox messages it
causes (at `domain.callouts.PRIORITY`, so they overtake routine notices; quiet hours and mutes are not consulted).
The caller's live roll is one message (`co:roll:<id>`) that later changes edit; an edit still waiting in the outbox
is replaced by the newer one, so a burst of answers costs one edit, not dozens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from html import unescape
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from domain.callouts import Answer, Raiser, Status, Wave
from domain.roles import Role
from locales import Html, tr, tr_text
from services.notify import keyboard, reachable
from services.refusal import Refusal
from storage.db import Database, rowcount
from storage.models import (
    Callout,
    CalloutEvent,
    CalloutTarget,
    Community,
    CommunityNeighbour,
    CommunityPoint,
    OutboxMessage,
    Person,
    PersonRole,
    UserPref,
)
from storage.outbox import PENDING, enqueue

PREFIX = "co"
GO, CANNOT, END, EXPORT = "go", "no", "end", "xl"
ROLL_REFRESH = timedelta(minutes=1)  # the roll's elapsed time is brought up to date at most this often
ROLL_REFRESH_FOR = timedelta(hours=6)  # a call-out left open longer than this is not re-rendered every minute


@dataclass(frozen=True)
class CalloutConfig:
    min_coming: int = 2
    widen_after: timedelta = timedelta(minutes=10)
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"

    @classmethod
    def from_settings(cls, settings: object) -> CalloutConfig:
        return cls(
            min_coming=settings.callout_min_coming,  # type: ignore[attr-defined]
            widen_after=timedelta(minutes=settings.callout_widen_minutes),  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
        )

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


class CalloutError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of callouts.ftl."""


def button_data(verb: str, callout_id: int, version: int) -> str:
    """`co:<verb>:<id>:<version>`, read back by `dialogs.buttons.CalloutButton`."""
    return f"{PREFIX}:{verb}:{callout_id}:{version}"


@dataclass(frozen=True)
class Draft:
    community_id: int
    kind: str
    need: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    brigade: bool = False


@dataclass(frozen=True)
class TargetView:
    person_id: int
    name: str
    wave: str
    answer: str | None
    answered_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class CalloutView:
    id: int
    community_id: int
    community: str
    kind: str
    need: str
    address: str | None
    latitude: float | None
    longitude: float | None
    brigade: bool
    status: str
    version: int
    caller_id: int | None
    caller: str
    raised_at: datetime
    widened: bool
    closed_at: datetime | None
    outcome: str | None
    targets: list[TargetView] = field(default_factory=list)

    def answered(self, answer: Answer) -> list[TargetView]:
        return [t for t in self.targets if t.answer == answer.value]

    @property
    def waiting(self) -> list[TargetView]:
        return [t for t in self.targets if t.answer is None]


# --- who may do what ----------------------------------------------------------------------------------------------


async def load_raiser(session: AsyncSession, person_id: int) -> Raiser:
    rows = (
        await session.execute(
            select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
        )
    ).all()
    roles = set()
    secretary, in_charge = set(), set()
    for role, community_id in rows:
        try:
            roles.add(Role(role))
        except ValueError:
            continue
        if role == Role.SECRETARY and community_id is not None:
            secretary.add(community_id)
        if role == Role.LEADER_IN_CHARGE and community_id is not None:
            in_charge.add(community_id)
    person = await session.get(Person, person_id)
    return Raiser(
        frozenset(roles),
        frozenset(secretary),
        frozenset(in_charge),
        person.subdistrict_id if person else None,
    )


async def communities_for(db: Database, person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the communities this person may raise a call-out for, by name."""
    async with db.session() as session:
        raiser = await load_raiser(session, person_id)
        rows = (
            await session.execute(
                select(Community.id, Community.name, Community.subdistrict_id).order_by(Community.name)
            )
        ).all()
    return [(r.id, r.name) for r in rows if rules.may_raise(raiser, r.id, r.subdistrict_id)]


async def _may_manage(session: AsyncSession, person_id: int, callout: Callout) -> bool:
    """The caller, or anyone who may raise a call-out for its community, may close it and export its timeline."""
    if callout.caller_id == person_id:
        return True
    community = await session.get(Community, callout.community_id)
    return rules.may_raise(
        await load_raiser(session, person_id),
        callout.community_id,
        community.subdistrict_id if community else None,
    )


# --- reading ------------------------------------------------------------------------------------------------------


async def _view(session: AsyncSession, callout_id: int) -> CalloutView | None:
    callout = await session.get(Callout, callout_id)
    if callout is None:
        return None
    community = await session.get(Community, callout.community_id)
    caller = await session.get(Person, callout.caller_id) if callout.caller_id else None
    rows = (
        await session.execute(
            select(CalloutTarget, Person.name)
            .join(Person, Person.id == CalloutTarget.person_id)
            .where(CalloutTarget.callout_id == callout_id)
            .order_by(CalloutTarget.id)
        )
    ).all()
    targets = [TargetView(t.person_id, name, t.wave, t.answer, t.answered_at, t.reason) for t, name in rows]
    return CalloutView(
        id=callout.id,
        community_id=callout.community_id,
        community=community.name if community else "",
        kind=callout.kind,
        need=callout.need,
        address=callout.address,
        latitude=callout.latitude,
        longitude=callout.longitude,
        brigade=callout.brigade,
        status=callout.status,
        version=callout.version,
        caller_id=callout.caller_id,
        caller=caller.name if caller else "",
        raised_at=callout.raised_at,
        widened=callout.widened,
        closed_at=callout.closed_at,
        outcome=callout.outcome,
        targets=targets,
    )


async def get_callout(db: Database, callout_id: int) -> CalloutView | None:
    async with db.session() as session:
        return await _view(session, callout_id)


async def get_managed(db: Database, person_id: int, callout_id: int) -> tuple[Outcome, CalloutView | None]:
    """A call-out's roll for someone who may manage it (the recent list's rule); a refusal otherwise."""
    async with db.session() as session:
        callout = await session.get(Callout, callout_id)
        if callout is None:
            return Outcome.NOT_FOUND, None
        if not await _may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, None
        return Outcome.OK, await _view(session, callout_id)


async def recent(db: Database, person_id: int, limit: int = 10) -> list[CalloutView]:
    """The latest call-outs this person may manage (raised, or for a community they may raise one for)."""
    async with db.session() as session:
        raiser = await load_raiser(session, person_id)
        ids = (
            await session.execute(
                select(Callout.id, Callout.community_id, Callout.caller_id, Community.subdistrict_id)
                .join(Community, Community.id == Callout.community_id)
                .order_by(Callout.id.desc())
                .limit(500)  # the recent ones are what is asked for; older ones are in the exports
            )
        ).all()
        mine = [
            r.id
            for r in ids
            if r.caller_id == person_id or rules.may_raise(raiser, r.community_id, r.subdistrict_id)
        ]
        return [v for i in mine[:limit] if (v := await _view(session, i)) is not None]


@dataclass(frozen=True)
class EventView:
    at: datetime
    person: str
    action: str
    note: str | None


async def timeline(db: Database, callout_id: int) -> list[EventView]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(CalloutEvent, Person.name)
                .outerjoin(Person, Person.id == CalloutEvent.person_id)
                .where(CalloutEvent.callout_id == callout_id)
                .order_by(CalloutEvent.at, CalloutEvent.id)
            )
        ).all()
    return [EventView(e.at, name or "", e.action, e.note) for e, name in rows]


# --- rendering ----------------------------------------------------------------------------------------------------


def kind_label(locale: str, kind: str) -> str:
    return tr_text(locale, f"callout-kind-{kind}")  # a plain label: escaped where a message shows it


def place_text(locale: str, view: CalloutView) -> str:
    if view.address:
        return escape(view.address)
    if view.latitude is not None and view.longitude is not None:
        return tr(locale, "callout-place-location", lat=f"{view.latitude:.5f}", lon=f"{view.longitude:.5f}")
    return "-"


def what_where(locale: str, view: CalloutView) -> dict[str, str]:
    """The arguments every call-out message shows: community, kind, place and what is needed (escaped)."""
    return {
        "community": escape(view.community),
        "kind": kind_label(locale, view.kind),
        "place": place_text(locale, view),
        "need": escape(view.need),
    }


def alert_text(locale: str, view: CalloutView, wave: str) -> str:
    return tr(
        locale,
        "callout-alert",
        id=view.id,
        **what_where(locale, view),
        caller=escape(view.caller),
        wave=wave,
    )


def alert_buttons(locale: str, view: CalloutView) -> list[tuple[str, str]]:
    return [
        (tr(locale, "callout-btn-go"), button_data(GO, view.id, view.version)),
        (tr(locale, "callout-btn-cannot"), button_data(CANNOT, view.id, view.version)),
    ]


ROLL_MAX = 4000  # Telegram refuses a message over 4096 characters; the roll always stays under this
REASON_SHORT = 30  # a 无法到场 reason on a roll too long to show in full
PLACEABLE_MAX = 2400  # Fluent renders a value over 2,500 characters as "{???}"


def _visible(text: str) -> int:
    """Characters as Telegram counts them: after the HTML is parsed (tags dropped, entities one character)."""
    return len(unescape(re.sub(r"<[^>]*>", "", text)))


def _fit(items: list[str], budget: int, sep: str, more: Callable[[int], str]) -> str:
    """As many items as fit the budget (visible characters) and, as HTML, a Fluent value (PLACEABLE_MAX); the rest
    as "等 N 人"."""
    whole = Html(sep).join(items)
    if _visible(whole) <= budget and len(whole) <= PLACEABLE_MAX:
        return whole
    tail = sep + more(len(items))
    room, raw_room = budget - _visible(tail), PLACEABLE_MAX - len(tail)
    shown: list[str] = []
    used = raw = 0
    for item in items:
        extra = _visible(item) + (len(sep) if shown else 0)
        raw_extra = len(item) + (len(sep) if shown else 0)
        if used + extra > room or raw + raw_extra > raw_room:
            break
        shown.append(item)
        used, raw = used + extra, raw + raw_extra
    return Html(sep).join([*shown, more(len(items) - len(shown))])


def roll_text(locale: str, view: CalloutView, now: datetime, config: CalloutConfig) -> str:
    """The caller's live roll. However many are called and however long their reasons, it stays under ROLL_MAX:
    the lists show as many as fit, then "等 N 人"; reasons are shortened when they do not all fit."""

    def hm(moment: datetime | None) -> str:
        return config.local(moment).strftime("%H:%M") if moment else ""

    def more(count: int) -> str:
        return tr(locale, "callout-roll-more", count=count)

    coming = view.answered(Answer.COMING)
    cannot = view.answered(Answer.CANNOT)
    waiting = view.waiting
    end = view.closed_at or now
    head = [
        tr(
            locale,
            "callout-roll-head",
            id=view.id,
            **what_where(locale, view),
            raised=hm(view.raised_at),
            minutes=rules.elapsed_minutes(view.raised_at, end),
        ),
        tr(locale, "callout-roll-answered", answered=len(coming) + len(cannot), total=len(view.targets)),
    ]
    if view.widened:
        head.append(tr(locale, "callout-roll-widened"))
    tail = []
    if view.status == Status.CLOSED:
        tail.append(
            tr(locale, "callout-roll-closed", at=hm(view.closed_at), outcome=escape(view.outcome or ""))
        )
    coming_head = tr(locale, "callout-roll-coming", count=len(coming), names="")
    cannot_head = tr(locale, "callout-roll-cannot", count=len(cannot))
    waiting_head = tr(locale, "callout-roll-waiting", count=len(waiting), names="")
    fixed = Html("\n").join([*head, coming_head, cannot_head, waiting_head, *tail])
    budget = ROLL_MAX - _visible(fixed) - 2  # the "-" of empty lists

    def line(t: TargetView, reason_max: int | None) -> str:
        reason = t.reason or ""
        if reason_max is not None and len(reason) > reason_max:
            reason = reason[:reason_max] + "…"
        return tr(locale, "callout-roll-cannot-line", name=escape(t.name), reason=escape(reason))

    # Each list gets an equal share of what is left; what one does not use passes on to the next.
    coming_names = _fit(
        [escape(t.name) + f" {hm(t.answered_at)}" for t in coming],
        budget // 3,
        tr(locale, "list-separator"),
        more,
    )
    budget -= _visible(coming_names)
    lines = [line(t, None) for t in cannot]
    if _visible("\n" + Html("\n").join(lines)) > budget // 2:
        lines = [line(t, REASON_SHORT) for t in cannot]
    cannot_lines = _fit(lines, budget // 2 - 1, "\n", more) if lines else ""
    budget -= _visible(cannot_lines) + (1 if lines else 0)
    waiting_names = _fit([escape(t.name) for t in waiting], budget, tr(locale, "list-separator"), more)
    return Html("\n").join(
        [
            *head,
            tr(locale, "callout-roll-coming", count=len(coming), names=coming_names or "-"),
            tr(locale, "callout-roll-cannot", count=len(cannot)),
            *([cannot_lines] if cannot_lines else []),
            tr(locale, "callout-roll-waiting", count=len(waiting), names=waiting_names or "-"),
            *tail,
        ]
    )


def roll_buttons(locale: str, view: CalloutView) -> list[tuple[str, str]]:
    if view.status == Status.OPEN:
        return [(tr(locale, "callout-btn-end"), button_data(END, view.id, view.version))]
    return [(tr(locale, "callout-btn-export"), button_data(EXPORT, view.id, view.version))]


# --- outbox -------------------------------------------------------------------------------------------------------


async def _locale_of(session: AsyncSession, chat_id: int | None, default: str) -> str:
    if chat_id is None:
        return default
    pref = await session.get(UserPref, chat_id)
    return pref.locale if pref else default


def _roll_key(callout_id: int) -> str:
    return f"{PREFIX}:roll:{callout_id}"


async def _queue_roll(session: AsyncSession, callout: Callout, now: datetime, config: CalloutConfig) -> None:
    """The caller's roll: sent once, then edited. An edit that has not gone out yet is replaced by this one."""
    if callout.caller_chat_id is None:
        return
    await session.flush()
    view = await _view(session, callout.id)
    assert view is not None
    locale = await _locale_of(session, callout.caller_chat_id, config.default_locale)
    payload: dict = {
        "text": roll_text(locale, view, now, config),
        "reply_markup": keyboard(roll_buttons(locale, view)),
    }
    key = _roll_key(callout.id)
    callout.roll_at = now
    if callout.roll_seq == 0:
        callout.roll_seq = 1
        await enqueue(
            session,
            key=key,
            chat_id=callout.caller_chat_id,
            payload=payload,
            now=now,
            priority=rules.PRIORITY,
        )
        return
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.key.like(f"{key}:e%"), OutboxMessage.status == PENDING)
    )
    callout.roll_seq += 1
    await enqueue(
        session,
        key=f"{key}:e{callout.roll_seq}",
        chat_id=callout.caller_chat_id,
        method="editMessageText",
        payload={"edit_key": key, **payload},
        now=now,
        priority=rules.PRIORITY,
    )


async def _event(
    session: AsyncSession,
    callout_id: int,
    now: datetime,
    action: str,
    person_id: int | None,
    note: str | None = None,
) -> None:
    session.add(CalloutEvent(callout_id=callout_id, at=now, person_id=person_id, action=action, note=note))


async def _call(
    session: AsyncSession,
    callout: Callout,
    people: Iterable[tuple[int, int | None]],
    wave: Wave,
    now: datetime,
    config: CalloutConfig,
) -> list[str]:
    """Record targets (person id, community id) not already called and queue their alert; returns their names."""
    already = set(
        (
            await session.execute(
                select(CalloutTarget.person_id).where(CalloutTarget.callout_id == callout.id)
            )
        ).scalars()
    )
    wanted = {pid: community for pid, community in people if pid not in already and pid != callout.caller_id}
    reach = await reachable(session, wanted)
    if not reach:
        return []
    for person_id, _chat, _locale in reach:
        session.add(
            CalloutTarget(
                callout_id=callout.id,
                person_id=person_id,
                wave=wave.value,
                community_id=wanted[person_id],
                sent_at=now,
            )
        )
    await session.flush()
    view = await _view(session, callout.id)
    assert view is not None
    for person_id, chat_id, locale in reach:
        locale = locale or config.default_locale
        payload = {
            "text": alert_text(locale, view, tr(locale, f"callout-wave-{wave.value}")),
            "reply_markup": keyboard(alert_buttons(locale, view)),
        }
        key = f"{PREFIX}:alert:{callout.id}:{person_id}"
        await enqueue(session, key=key, chat_id=chat_id, payload=payload, now=now, priority=rules.PRIORITY)
        if callout.latitude is not None and callout.longitude is not None:
            await enqueue(
                session,
                key=f"{PREFIX}:loc:{callout.id}:{person_id}",
                chat_id=chat_id,
                method="sendLocation",
                payload={"latitude": callout.latitude, "longitude": callout.longitude},
                now=now,
                priority=rules.PRIORITY,
            )
    names = {t.person_id: t.name for t in view.targets}
    return [names[pid] for pid, _, _ in reach]


async def _members(
    session: AsyncSession, role: Role, community_ids: Iterable[int] | None, subdistrict_id: int | None = None
) -> list[tuple[int, int | None]]:
    """(person id, community id) of the holders of `role`: in these communities, or (for the brigade, which has
    no community) in this sub-district, or with no sub-district recorded."""
    query = select(PersonRole.person_id, PersonRole.community_id).where(PersonRole.role == role.value)
    if community_ids is not None:
        query = query.where(PersonRole.community_id.in_(list(community_ids)))
    if subdistrict_id is not None:
        query = query.join(Person, Person.id == PersonRole.person_id).where(
            (Person.subdistrict_id == subdistrict_id) | Person.subdistrict_id.is_(None)
        )
    return [
        (r.person_id, r.community_id) for r in (await session.execute(query.order_by(PersonRole.person_id)))
    ]


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
        await _event(session, callout.id, now, "raised", person_id, draft.need.strip())
        squad = await _members(session, Role.EMERGENCY_MEMBER, [draft.community_id])
        names = await _call(session, callout, squad, Wave.SQUAD, now, config)
        await _event(session, callout.id, now, "sent", None, f"{Wave.SQUAD.value}: {'、'.join(names) or '-'}")
        if draft.brigade:
            brigade = await _members(session, Role.ENFORCEMENT_MEMBER, None, community.subdistrict_id)
            names = await _call(session, callout, brigade, Wave.BRIGADE, now, config)
            await _event(
                session, callout.id, now, "sent", None, f"{Wave.BRIGADE.value}: {'、'.join(names) or '-'}"
            )
        called = (
            await session.execute(
                select(func.count()).select_from(CalloutTarget).where(CalloutTarget.callout_id == callout.id)
            )
        ).scalar_one()
        if called == 0:  # nobody could be reached: waiting out the deadline would help no one
            callout.widen_at = now
        await _queue_roll(session, callout, now, config)
        return callout.id


# --- answering ----------------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not-found"  # no such call-out: forged
    NOT_CALLED = "not-called"  # it was not sent to this person
    NOT_ALLOWED = "not-allowed"  # may not close or export it
    CLOSED = "closed"
    STALE = "stale"  # the button is older than the call-out's current state
    SAME = "same"  # this answer was already recorded
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"


async def _check(
    session: AsyncSession,
    person_id: int,
    callout_id: int,
    version: int,
    *,
    manage: bool = False,
    lock: bool = False,
) -> tuple[Outcome, Callout | None]:
    """`lock`: for a change, the row is read FOR UPDATE (on PostgreSQL an answer and a close, two closes or two
    answers' roll_seq increments wait for each other), so the status and version checked below are current."""
    callout = await session.get(Callout, callout_id, with_for_update=lock)
    if callout is None:
        return Outcome.NOT_FOUND, None
    if manage:
        if not await _may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, callout
    else:
        target = await _target(session, callout_id, person_id)
        if target is None:
            return Outcome.NOT_CALLED, callout
    if callout.status == Status.CLOSED:
        return Outcome.CLOSED, callout
    if callout.version != version:
        return Outcome.STALE, callout
    return Outcome.OK, callout


async def _target(session: AsyncSession, callout_id: int, person_id: int) -> CalloutTarget | None:
    return (
        await session.execute(
            select(CalloutTarget).where(
                CalloutTarget.callout_id == callout_id, CalloutTarget.person_id == person_id
            )
        )
    ).scalar()


async def check_answer(db: Database, person_id: int, callout_id: int, version: int) -> Outcome:
    async with db.session() as session:
        return (await _check(session, person_id, callout_id, version))[0]


async def check_manage(db: Database, person_id: int, callout_id: int, version: int) -> Outcome:
    async with db.session() as session:
        return (await _check(session, person_id, callout_id, version, manage=True))[0]


async def answer(
    db: Database,
    person_id: int,
    callout_id: int,
    version: int,
    choice: Answer,
    now: datetime,
    config: CalloutConfig,
    reason: str | None = None,
) -> Outcome:
    """马上到, or 无法到场 with a reason; a changed mind is recorded too. Nothing changes unless the outcome is OK."""
    if choice == Answer.CANNOT:
        if not (reason or "").strip():
            return Outcome.NEED_REASON
        reason = rules.clean_text(reason, rules.MAX_REASON)
        if reason is None:
            return Outcome.TOO_LONG
    async with db.session() as session:
        outcome, callout = await _check(session, person_id, callout_id, version, lock=True)
        if outcome is not Outcome.OK:
            return outcome
        assert callout is not None
        target = await _target(session, callout_id, person_id)
        assert target is not None
        if target.answer == choice.value and choice == Answer.COMING:
            return Outcome.SAME
        target.answer = choice.value
        target.answered_at = now
        target.reason = reason if choice == Answer.CANNOT else None
        await _event(session, callout_id, now, choice.value, person_id, reason)
        await _queue_roll(session, callout, now, config)
    return Outcome.OK


# --- closing and widening -----------------------------------------------------------------------------------------


async def close(
    db: Database,
    person_id: int,
    callout_id: int,
    version: int,
    outcome_text: str | None,
    now: datetime,
    config: CalloutConfig,
) -> Outcome:
    text = rules.clean_text(outcome_text, rules.MAX_OUTCOME)
    if text is None:
        return Outcome.NEED_REASON if not (outcome_text or "").strip() else Outcome.TOO_LONG
    async with db.session() as session:
        outcome, callout = await _check(session, person_id, callout_id, version, manage=True, lock=True)
        if outcome is not Outcome.OK:
            return outcome
        assert callout is not None
        callout.status = Status.CLOSED.value
        callout.version += 1
        callout.closed_at = now
        callout.closed_by = person_id
        callout.outcome = text
        await _event(session, callout_id, now, "closed", person_id, text)
        view = await _view(session, callout_id)
        assert view is not None
        for _pid, chat_id, locale in await reachable(session, [t.person_id for t in view.targets]):
            loc = locale or config.default_locale
            body = tr(
                loc, "callout-over", id=callout_id, community=escape(view.community), outcome=escape(text)
            )
            await enqueue(
                session,
                key=f"{PREFIX}:over:{callout_id}:{chat_id}",
                chat_id=chat_id,
                payload={"text": body},
                now=now,
                priority=rules.PRIORITY,
            )
        await _queue_roll(session, callout, now, config)
    return Outcome.OK


async def neighbours_of(session: AsyncSession, community_id: int) -> list[int]:
    """The neighbours set with `gridbot neighbours`; if none, the nearest communities of the same sub-district by
    their check-in points (issue 6's CommunityPoint); if the community has no point either, none."""
    set_ = list(
        (
            await session.execute(
                select(CommunityNeighbour.neighbour_id)
                .where(CommunityNeighbour.community_id == community_id)
                .order_by(CommunityNeighbour.neighbour_id)
            )
        ).scalars()
    )
    if set_:
        return set_
    origin = await session.get(CommunityPoint, community_id)
    community = await session.get(Community, community_id)
    if origin is None or community is None:
        return []
    rows = (
        await session.execute(
            select(CommunityPoint.community_id, CommunityPoint.latitude, CommunityPoint.longitude)
            .join(Community, Community.id == CommunityPoint.community_id)
            .where(Community.subdistrict_id == community.subdistrict_id, Community.id != community_id)
        )
    ).all()
    return rules.nearest((origin.latitude, origin.longitude), {r[0]: (r[1], r[2]) for r in rows})


async def watch(db: Database, now: datetime, config: CalloutConfig) -> int:
    """The periodic job: widen call-outs whose deadline passed (once each), refresh rolls' elapsed time.
    Returns how many call-outs changed (so the caller wakes the sender)."""
    async with db.session() as session:
        due = list(
            (
                await session.execute(
                    select(Callout.id).where(
                        Callout.status == Status.OPEN.value,
                        Callout.widen_checked_at.is_(None),
                        Callout.widen_at <= now,
                    )
                )
            ).scalars()
        )
    changed = 0
    for callout_id in due:
        changed += await _widen_once(db, callout_id, now, config)
    async with db.session() as session:
        stale_rolls = (
            await session.execute(
                select(Callout)
                .where(
                    Callout.status == Status.OPEN.value,
                    Callout.roll_at <= now - ROLL_REFRESH,
                    Callout.raised_at >= now - ROLL_REFRESH_FOR,
                )
                .order_by(Callout.id)
                .with_for_update()  # an answer or a close at the same time waits; a closed one is left out
            )
        ).scalars()
        for callout in stale_rolls:
            await _queue_roll(session, callout, now, config)
            changed += 1
    return changed


async def _widen_once(db: Database, callout_id: int, now: datetime, config: CalloutConfig) -> int:
    async with db.session() as session:
        # Exactly once: the first transaction to set widen_checked_at does the check; a second job run, a restart
        # or another instance finds it set (on PostgreSQL the second UPDATE waits for the first commit).
        taken = await session.execute(
            update(Callout)
            .where(
                Callout.id == callout_id,
                Callout.widen_checked_at.is_(None),
                Callout.status == Status.OPEN.value,
            )
            .values(widen_checked_at=now)
        )
        if rowcount(taken) != 1:
            return 0
        callout = await session.get(Callout, callout_id, with_for_update=True)  # locked by the UPDATE too
        assert callout is not None
        coming = (
            await session.execute(
                select(func.count())
                .select_from(CalloutTarget)
                .where(CalloutTarget.callout_id == callout_id, CalloutTarget.answer == Answer.COMING.value)
            )
        ).scalar_one()
        if not rules.needs_widening(coming, config.min_coming):
            await _event(session, callout_id, now, "enough", None, str(coming))
            return 0
        neighbours = await neighbours_of(session, callout.community_id)
        squads = await _members(session, Role.EMERGENCY_MEMBER, neighbours)
        names = await _call(session, callout, squads, Wave.NEIGHBOUR, now, config)
        callout.widened = True
        community_names = (
            (await session.execute(select(Community.name).where(Community.id.in_(neighbours))))
            .scalars()
            .all()
            if neighbours
            else []
        )
        await _event(
            session,
            callout_id,
            now,
            "widened",
            None,
            f"{coming}/{config.min_coming}; {'、'.join(community_names) or '-'}: {'、'.join(names) or '-'}",
        )
        await _tell_leaders(session, callout, coming, community_names, now, config)
        await _queue_roll(session, callout, now, config)
        return 1


async def _tell_leaders(
    session: AsyncSession,
    callout: Callout,
    coming: int,
    community_names: Sequence[str],
    now: datetime,
    config: CalloutConfig,
) -> None:
    leaders = [pid for pid, _ in await _members(session, Role.LEADER_IN_CHARGE, [callout.community_id])]
    view = await _view(session, callout.id)
    assert view is not None
    told = []
    for person_id, chat_id, locale in await reachable(session, leaders):
        loc = locale or config.default_locale
        text = tr(
            loc,
            "callout-leader-widened",
            id=callout.id,
            **what_where(loc, view),
            coming=coming,
            min=config.min_coming,
            minutes=rules.elapsed_minutes(view.raised_at, now),
            neighbours=escape(tr(loc, "list-separator").join(community_names)) or "-",
        )
        await enqueue(
            session,
            key=f"{PREFIX}:leader:{callout.id}:{person_id}",
            chat_id=chat_id,
            payload={"text": text},
            now=now,
            priority=rules.PRIORITY,
        )
        told.append(person_id)
    names = (
        (await session.execute(select(Person.name).where(Person.id.in_(told)))).scalars().all()
        if told
        else []
    )
    await _event(session, callout.id, now, "leader_told", None, "、".join(names) or "-")


# --- neighbours (CLI) ---------------------------------------------------------------------------------------------


async def set_neighbours(db: Database, community: str, neighbours: list[str]) -> tuple[str, list[str]]:
    """Replace a community's neighbour list (names); an empty list clears it (the fallback applies again).
    Returns (outcome, names): "set" / "cleared", or "unknown" / "ambiguous" / "self" with the names at fault."""
    async with db.session() as session:

        async def find(name: str) -> list[int]:
            return list((await session.execute(select(Community.id).where(Community.name == name))).scalars())

        found = await find(community)
        if not found:
            return "unknown", [community]
        if len(found) > 1:
            return "ambiguous", [community]
        community_id = found[0]
        ids = []
        unknown = []
        for name in neighbours:
            matches = await find(name)
            if len(matches) != 1:
                unknown.append(name)
            elif matches[0] == community_id:
                return "self", [name]
            else:
                ids.append(matches[0])
        if unknown:
            return "unknown", unknown
        await session.execute(
            delete(CommunityNeighbour).where(CommunityNeighbour.community_id == community_id)
        )
        for neighbour_id in dict.fromkeys(ids):
            session.add(CommunityNeighbour(community_id=community_id, neighbour_id=neighbour_id))
        return ("set" if ids else "cleared"), neighbours


async def neighbour_names(db: Database, community: str) -> list[str] | None:
    """The neighbours a widened call-out of this community would reach (set, or the nearest fallback)."""
    async with db.session() as session:
        ids = list((await session.execute(select(Community.id).where(Community.name == community))).scalars())
        if len(ids) != 1:
            return None
        neighbours = await neighbours_of(session, ids[0])
        if not neighbours:
            return []
        rows = dict(
            (
                await session.execute(
                    select(Community.id, Community.name).where(Community.id.in_(neighbours))
                )
            ).all()
        )
        return [rows[i] for i in neighbours if i in rows]


# --- export -------------------------------------------------------------------------------------------------------


async def export(
    db: Database, person_id: int, callout_id: int, locale: str, config: CalloutConfig
) -> tuple[Outcome, bytes | None, str]:
    """The timeline workbook for someone who may manage the call-out: (OK, bytes, file name), or a refusal."""
    from reports import naming
    from reports.callout_xlsx import timeline_workbook

    async with db.session() as session:
        callout = await session.get(Callout, callout_id)
        if callout is None:
            return Outcome.NOT_FOUND, None, ""
        if not await _may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, None, ""
        view = await _view(session, callout_id)
    assert view is not None
    events = await timeline(db, callout_id)

    def at(
        moment: datetime | None,
    ) -> datetime | None:  # a real Excel date, the sub-district's wall-clock time
        return config.local(moment).replace(microsecond=0, tzinfo=None) if moment else None

    status = tr_text(locale, f"callout-status-{view.status}")
    summary = [
        (tr_text(locale, "callout-x-id"), str(view.id)),
        (tr_text(locale, "callout-x-community"), view.community),
        (tr_text(locale, "callout-x-kind"), kind_label(locale, view.kind)),
        (tr_text(locale, "callout-x-place"), view.address or f"{view.latitude}, {view.longitude}"),
        (tr_text(locale, "callout-x-need"), view.need),
        (tr_text(locale, "callout-x-caller"), view.caller),
        (tr_text(locale, "callout-x-raised"), at(view.raised_at)),
        (tr_text(locale, "callout-x-status"), status),
        (tr_text(locale, "callout-x-closed"), at(view.closed_at)),
        (tr_text(locale, "callout-x-outcome"), view.outcome or ""),
    ]
    roster = [
        (
            t.name,
            tr_text(locale, f"callout-wave-{t.wave}"),
            tr_text(locale, f"callout-answer-{t.answer or 'none'}"),
            at(t.answered_at),
            t.reason or "",
        )
        for t in view.targets
    ]
    timeline_rows = [
        (at(e.at), e.person, tr_text(locale, f"callout-event-{e.action}"), e.note or "") for e in events
    ]
    content = timeline_workbook(
        summary,
        [tr_text(locale, f"callout-x-col-{c}") for c in ("name", "wave", "answer", "at", "reason")],
        roster,
        [tr_text(locale, f"callout-x-col-{c}") for c in ("time", "person", "event", "note")],
        timeline_rows,
        (tr_text(locale, "callout-x-sheet-summary"), tr_text(locale, "callout-x-sheet-timeline")),
    )
    name = naming.workbook_name(
        locale, "callout", view.community, naming.day_label(locale, config.local(view.raised_at).date())
    )
    return Outcome.OK, content, name
