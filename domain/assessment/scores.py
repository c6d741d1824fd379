"""Scorecards: per-cadre raw figures normalised by the formula, weighted totals, competition ranks, a board cut to
some communities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.assessment.formula import Component, ComponentRule, Formula, Method
from domain.assessment.periods import Period
from domain.assessment.ratings import SECONDMENT_ROLES
from domain.roles import Role


@dataclass(frozen=True)
class RawFigures:
    """What the database says about one cadre in a period (None: the component does not apply to them)."""

    person_id: int
    name: str
    community_id: int
    community: str
    subdistrict_id: int | None
    kind: Role
    logs_signed: int = 0
    households: int = 0
    problems_due: int = 0
    problems_on_time: int = 0
    attendance_weeks: int | None = None  # weeks that counted (paired cadres only)
    attendance_ok_weeks: int | None = None
    rating_points: tuple[float, ...] = ()  # one per rating in the period

    @property
    def rating_average(self) -> float | None:
        return sum(self.rating_points) / len(self.rating_points) if self.rating_points else None


@dataclass(frozen=True)
class CadreScore:
    raw: RawFigures
    parts: Mapping[Component, float | None]  # normalised 0–1, None = not applicable
    total: float  # 0–100
    rank: int = 0  # within the sub-district

    @property
    def person_id(self) -> int:
        return self.raw.person_id

    @property
    def subdistrict_id(self) -> int | None:
        return self.raw.subdistrict_id


@dataclass(frozen=True)
class CommunityScore:
    community_id: int
    name: str
    subdistrict_id: int | None
    cadres: int
    average: float | None  # average total of all its cadres
    secondment_count: int
    secondment_average: float | None  # of its seconded and paired cadres
    attendance: float | None  # average attendance compliance of its paired cadres
    rating_average: float | None  # average rating points of its seconded and paired cadres
    total: float
    rank: int = 0


@dataclass(frozen=True)
class ScoreBoard:
    period: Period
    as_of: date
    formula: Formula
    cadres: tuple[CadreScore, ...]  # best first
    communities: tuple[CommunityScore, ...]  # best first

    @property
    def weights(self) -> dict[Component, float]:
        return {r.component: r.weight for r in self.formula.components}


def _value(raw: RawFigures, component: Component) -> float | None:
    if component is Component.LOGS_SIGNED:
        return float(raw.logs_signed)
    if component is Component.HOUSEHOLDS:
        return float(raw.households)
    if component is Component.PROBLEMS_ON_TIME:
        return raw.problems_on_time / raw.problems_due if raw.problems_due else None
    if component is Component.ATTENDANCE:
        if not raw.attendance_weeks or raw.attendance_ok_weeks is None:
            return None
        return raw.attendance_ok_weeks / raw.attendance_weeks
    average = raw.rating_average
    return None if average is None else average / 100


def normalise(value: float | None, rule: ComponentRule, months: float, best: float) -> float | None:
    if value is None:
        return None
    if rule.method is Method.TARGET:
        return min(1.0, value / (rule.target_per_month * months))
    if rule.method is Method.BEST:
        return value / best if best > 0 else 0.0
    return min(1.0, max(0.0, value))


def weighted_total(parts: Mapping[Component, float | None], formula: Formula) -> float:
    """100 × Σ weight·part / Σ weight, over the components that apply (others leave the sum and the weights)."""
    applicable = [
        (r.weight, part) for r in formula.components if (part := parts.get(r.component)) is not None
    ]
    weights = sum(w for w, _ in applicable)
    if not weights:
        return 0.0
    return round(100 * sum(w * p for w, p in applicable) / weights, 2)


def competition_ranks(totals: Sequence[float]) -> list[int]:
    """Ranks of totals given best first: equal totals share a rank, the next rank skips (1, 2, 2, 4)."""
    ranks: list[int] = []
    for i, total in enumerate(totals):
        ranks.append(ranks[-1] if i and total == totals[i - 1] else i + 1)
    return ranks


def _average(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def score(
    figures: Sequence[RawFigures],
    formula: Formula,
    period: Period,
    as_of: date,
    communities: Mapping[int, tuple[str, int | None]] = {},
) -> ScoreBoard:
    """Scores and rankings. "Best" normalisation and ranks are within each sub-district; `months` is the share of
    the period elapsed by `as_of` (a quarter half gone asks half the quarter's target)."""
    elapsed = (min(as_of, period.end) - period.start).days + 1
    months = period.months * max(0, elapsed) / ((period.end - period.start).days + 1)
    best: dict[tuple[int | None, Component], float] = {}
    for raw in figures:
        for rule in formula.components:
            value = _value(raw, rule.component)
            if value is not None:
                key = (raw.subdistrict_id, rule.component)
                best[key] = max(best.get(key, 0.0), value)
    cadres: list[CadreScore] = []
    for raw in figures:
        parts = {
            rule.component: normalise(
                _value(raw, rule.component), rule, months, best.get((raw.subdistrict_id, rule.component), 0.0)
            )
            for rule in formula.components
        }
        cadres.append(CadreScore(raw, parts, weighted_total(parts, formula)))
    cadres = _ranked(cadres, key=lambda c: (c.raw.subdistrict_id or 0, -c.total, c.raw.name, c.person_id))

    by_community: dict[int, list[CadreScore]] = {}
    for cadre in cadres:
        by_community.setdefault(cadre.raw.community_id, []).append(cadre)
    for community_id in communities:
        by_community.setdefault(community_id, [])
    rows: list[CommunityScore] = []
    w_all, w_sec = formula.community_weights["all_cadres"], formula.community_weights["secondment"]
    for community_id, members in by_community.items():
        name, sub = communities.get(community_id) or (members[0].raw.community, members[0].raw.subdistrict_id)
        seconded = [m for m in members if m.raw.kind in SECONDMENT_ROLES]
        average = _average(m.total for m in members)
        sec_average = _average(m.total for m in seconded)
        halves = [(w_all, average), (w_sec, sec_average)]
        weights = sum(w for w, v in halves if v is not None)
        total = round(sum(w * v for w, v in halves if v is not None) / weights, 2) if weights else 0.0
        rows.append(
            CommunityScore(
                community_id=community_id,
                name=name,
                subdistrict_id=sub,
                cadres=len(members),
                average=average,
                secondment_count=len(seconded),
                secondment_average=sec_average,
                attendance=_average(
                    m.parts[Component.ATTENDANCE] for m in seconded if m.raw.kind is Role.PAIRED_CADRE
                ),
                rating_average=_average(m.raw.rating_average for m in seconded),
                total=total,
            )
        )
    communities_ranked = _ranked(
        rows, key=lambda c: (c.subdistrict_id or 0, -c.total, c.name, c.community_id)
    )
    return ScoreBoard(period, as_of, formula, tuple(cadres), tuple(communities_ranked))


def _ranked(rows: list[Any], key: Any) -> list[Any]:
    """Rows sorted by `key` (sub-district first, best first), each with its rank within its sub-district."""
    rows = sorted(rows, key=key)
    out: list[Any] = []
    for sub in dict.fromkeys(r.subdistrict_id for r in rows):
        group = [r for r in rows if r.subdistrict_id == sub]
        ranks = competition_ranks([r.total for r in group])
        out.extend(replace(r, rank=rank) for r, rank in zip(group, ranks, strict=True))
    return out


def restrict(board: ScoreBoard, community_ids: Iterable[int] | None) -> ScoreBoard:
    """The board limited to some communities; ranks stay those within the whole sub-district."""
    if community_ids is None:
        return board
    wanted = set(community_ids)
    return ScoreBoard(
        board.period,
        board.as_of,
        board.formula,
        tuple(c for c in board.cadres if c.raw.community_id in wanted),
        tuple(c for c in board.communities if c.community_id in wanted),
    )
