"""Pilot phases (issue 17): each community is in one phase of the reform's roll-out — 试点 (pilot), 全面推行 (full
roll-out), 巩固提升 (consolidation) — and a deployment may say which features count which phases (PHASE_FEATURES).

A feature the setting does not name is active in every phase, and a community with no phase set counts as active:
a deployment that never sets phases sees no change."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    PILOT = "pilot"  # 试点 (先行试点)
    ROLLOUT = "rollout"  # 全面推行
    CONSOLIDATION = "consolidation"  # 巩固提升


class Feature(StrEnum):
    """What PHASE_FEATURES may limit to some phases."""

    ATTENDANCE = "attendance"  # the paired cadres' community-days reminders
    ASSESSMENT = "assessment"
    DIGEST = "digest"


# A roster's 阶段 column: the Chinese names (and their short forms), or the English values.
PHASE_BY_NAME: dict[str, Phase] = {
    "试点": Phase.PILOT,
    "先行试点": Phase.PILOT,
    "全面推行": Phase.ROLLOUT,
    "全面启动": Phase.ROLLOUT,
    "巩固提升": Phase.CONSOLIDATION,
    **{phase.value: phase for phase in Phase},
}


def parse_phase(text: str) -> Phase | None:
    """A phase as written in a roster cell; None when it is none of them."""
    return PHASE_BY_NAME.get(text.strip().lower() if text.strip().isascii() else text.strip())


def check_phase_features(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """PHASE_FEATURES as set: known features mapped to known phases (a ValueError names the first unknown one)."""
    for feature, phases in value.items():
        if feature not in Feature.__members__.values():
            raise ValueError(f"PHASE_FEATURES: unknown feature {feature!r} (one of {', '.join(Feature)})")
        for phase in phases:
            if phase not in Phase.__members__.values():
                raise ValueError(f"PHASE_FEATURES: unknown phase {phase!r} (one of {', '.join(Phase)})")
    return value


def is_active(phase: str | None, feature: Feature, phase_features: dict[str, list[str]]) -> bool:
    """Whether a community in `phase` (None: not set) counts for `feature` under PHASE_FEATURES."""
    if phase is None or feature.value not in phase_features:
        return True
    return phase in phase_features[feature.value]
