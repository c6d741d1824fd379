"""The scorecards' formula of `assessment.toml`: its components, methods and weights, parsed and checked."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from domain.assessment.ratings import Grade


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
