"""Assessment 考核: quarterly ratings (who rates whom, the scale, the rating window) and scorecards (the formula of
`assessment.toml` applied to per-cadre raw figures: normalised components, weighted totals, rankings).

Plain values only: `services.assessment` stores ratings, `services.scorecards` gathers the raw figures with grouped
queries, and the tests check the arithmetic here against hand-computed numbers.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from domain.roles import Role


class Grade(StrEnum):
    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 较差


COMMENT_MAX = 200

# Who a rater rates (DOMAIN.md): the leader in charge of a community "evaluates cadres" — the sub-district's own
# people working there, its seconded and paired cadres; the community Party secretary "manages seconded and paired
# cadres" and signs the grid work of everyone working in the community's grids, so rates those and the community's
# own cadres and grid workers. Window staff and emergency squad members are not grid cadres and are not rated.
RATED_BY: dict[Role, frozenset[Role]] = {
    Role.LEADER_IN_CHARGE: frozenset({Role.SECONDED_CADRE, Role.PAIRED_CADRE}),
    Role.SECRETARY: frozenset(
        {Role.SECONDED_CADRE, Role.PAIRED_CADRE, Role.COMMUNITY_CADRE, Role.GRID_WORKER}
    ),
}
RATER_ROLES = frozenset(RATED_BY)
# The roles that make a person a cadre with a scorecard, most specific first (the first one held is their kind).
CADRE_ORDER: tuple[Role, ...] = (
    Role.SECONDED_CADRE,
    Role.PAIRED_CADRE,
    Role.SECRETARY,
    Role.COMMUNITY_CADRE,
    Role.GRID_WORKER,
)
SECONDMENT_ROLES = frozenset({Role.SECONDED_CADRE, Role.PAIRED_CADRE})


def cadre_kind(roles: Iterable[Role]) -> Role | None:
    held = set(roles)
    return next((role for role in CADRE_ORDER if role in held), None)


def may_rate(rater_roles_in_community: Iterable[Role], cadre_roles_in_community: Iterable[Role]) -> bool:
    """Whether someone holding `rater_roles_in_community` in a community rates a cadre holding those roles there."""
    ratable: set[Role] = set()
    for role in rater_roles_in_community:
        ratable |= RATED_BY.get(role, frozenset())
    return bool(ratable & set(cadre_roles_in_community))


# --- periods ---


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS = {PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_COUNT = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}


@dataclass(frozen=True)
class Period:
    """A quarter, half-year or year: `number` is 1–4, 1–2 or 1."""

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _COUNT[self.kind]:
            raise ValueError(f"{self.kind} number {self.number} out of range")

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.number * self.months
        following = date(self.year + 1, 1, 1) if last_month == 12 else date(self.year, last_month + 1, 1)
        return following - timedelta(days=1)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """The (year, quarter) pairs inside the period: ratings are given per quarter."""
        first = (self.start.month - 1) // 3 + 1
        return [(self.year, q) for q in range(first, first + self.months // 3)]

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind.value}-{self.number}"

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        return cls(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)

    @classmethod
    def parse(cls, key: str) -> Period:
        year, kind, number = key.split("-")
        return cls(PeriodKind(kind), int(year), int(number))

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, _COUNT[self.kind])


def rating_quarter(today: date, grace_days: int) -> Period:
    """The quarter whose ratings are open today: the previous quarter during the first `grace_days` days after it
    ends (the rating window 评议期 runs from the quarter's first day to `grace_days` after its last), else the
    current quarter. One quarter is open at a time, so a rating is never given to two quarters by mistake."""
    current = Period.containing(PeriodKind.QUARTER, today)
    previous = current.previous()
    if today <= previous.end + timedelta(days=grace_days):
        return previous
    return current


def window_closes(quarter: Period, grace_days: int) -> date:
    """The last day on which a rating of `quarter` may be given or changed."""
    return quarter.end + timedelta(days=grace_days)


def rating_open(quarter: Period, today: date, grace_days: int) -> bool:
    return rating_quarter(today, grace_days) == quarter


def check_comment(comment: str | None) -> str | None:
    """The comment to store (stripped, None when empty), or raise ValueError when too long."""
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValueError("comment too long")
    return text or None


# --- the formula ---


class Component(StrEnum):
    LOGS_SIGNED = "logs_signed"
    HOUSEHOLDS = "households"
    PROBLEMS_ON_TIME = "problems_on_time"
    ATTENDANCE = "attendance"
    RATINGS = "ratings"


class Method(StrEnum):
    TARGET = "target"  # value / (target_per_month × months of the period), capped at 1
    BEST = "best"  # value / the best value in the sub-district
    RATIO = "ratio"  # the value is already a share (0–1)


@dataclass(frozen=True)
class ComponentRule:
    component: Component
    weight: float
    method: Method
    target_per_month: float = 0.0
    text: Mapping[str, str] = field(default_factory=dict)  # locale → the rule in words, printed on scorecards

    def describe(self, locale: str) -> str:
        return self.text.get(locale) or self.text.get("zh-CN") or self.component.value


@dataclass(frozen=True)
class Formula:
    components: tuple[ComponentRule, ...]
    grade_points: Mapping[Grade, float]
    community_weights: Mapping[str, float]  # all_cadres, secondment: the community scorecard's two parts
    grace_days: int
    text: Mapping[str, str]  # locale → the overall formula in words
    community_text: Mapping[str, str]
    source: str = ""

    def rule(self, component: Component) -> ComponentRule:
        return next(r for r in self.components if r.component is component)

    def describe(self, locale: str) -> str:
        return self.text.get(locale) or self.text.get("zh-CN", "")

    def describe_community(self, locale: str) -> str:
        return self.community_text.get(locale) or self.community_text.get("zh-CN", "")


class FormulaError(ValueError):
    pass


def _texts(table: Mapping[str, Any], prefix: str = "text") -> dict[str, str]:
    """`text_zh-CN = "…"`, `text_en = "…"` → {"zh-CN": "…", "en": "…"}."""
    return {
        key.removeprefix(prefix + "_"): str(value)
        for key, value in table.items()
        if key.startswith(prefix + "_")
    }


def parse_formula(data: Mapping[str, Any], source: str = "") -> Formula:
    """Build the formula from the parsed TOML; anything missing or wrong is a FormulaError naming it."""
    try:
        rules = []
        for component in Component:
            table = data["components"][component.value]
            method = Method(table["method"])
            target = float(table.get("target_per_month", 0))
            if method is Method.TARGET and target <= 0:
                raise FormulaError(f"components.{component.value}: target_per_month must be > 0")
            weight = float(table["weight"])
            if weight < 0:
                raise FormulaError(f"components.{component.value}: weight must be >= 0")
            rules.append(ComponentRule(component, weight, method, target, _texts(table)))
        if not any(r.weight for r in rules):
            raise FormulaError("all weights are 0")
        points = {grade: float(data["grade_points"][grade.value]) for grade in Grade}
        community = data["community"]
        weights = {"all_cadres": float(community["all_cadres"]), "secondment": float(community["secondment"])}
        if not sum(weights.values()):
            raise FormulaError("community weights are 0")
        return Formula(
            components=tuple(rules),
            grade_points=points,
            community_weights=weights,
            grace_days=int(data["ratings"]["grace_days"]),
            text=_texts(data["formula"]),
            community_text=_texts(community),
            source=source,
        )
    except KeyError as missing:
        raise FormulaError(f"missing {missing}") from None
    except (TypeError, ValueError) as bad:
        if isinstance(bad, FormulaError):
            raise
        raise FormulaError(str(bad)) from None


def load_formula(path: Path) -> Formula:
    with path.open("rb") as handle:
        return parse_formula(tomllib.load(handle), source=str(path))


# --- scores ---


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
