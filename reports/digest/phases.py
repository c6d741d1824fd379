"""The monthly digest's pilot comparison (issue 17): while some of the reader's communities are in the pilot phase
(试点) and others are not, one short line for each side — its logs, problems and three rates."""

from __future__ import annotations

from markupsafe import Markup

from domain.phases import Phase
from locales import tr
from reports.digest.text import _pct
from services.digest import LogCount, MonthlyFacts, Rates, Scope


def _side(facts: MonthlyFacts, ids: list[int], locale: str, msg_id: str) -> Markup:
    period = facts.period
    rates = sum((period.rates.get(c, Rates()) for c in ids), Rates())
    return tr(
        locale,
        msg_id,
        communities=len(ids),
        logs=sum(period.logs.get(c, LogCount()).logs for c in ids),
        problems=sum(period.opened.get(c, 0) for c in ids),
        response=_pct(rates.response),
        resolution=_pct(rates.resolution),
        satisfaction=_pct(rates.satisfaction),
    )


def phase_lines(facts: MonthlyFacts, scope: Scope, locale: str) -> list[Markup]:
    """The title and the two sides' lines, or nothing while the scope is all pilot or has no pilot."""
    ids = sorted(scope.community_ids)
    pilot = [c for c in ids if facts.phases.get(c) == Phase.PILOT.value]
    others = [c for c in ids if facts.phases.get(c) != Phase.PILOT.value]
    if not pilot or not others:
        return []
    return [
        tr(locale, "digest-phase-title"),
        _side(facts, pilot, locale, "digest-phase-pilot"),
        _side(facts, others, locale, "digest-phase-others"),
    ]
