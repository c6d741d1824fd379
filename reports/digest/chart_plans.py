"""The chart each digest comes with: what it plots (`ChartPlan`), drawn by `reports.charts`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from locales import tr, tr_text
from reports import charts
from reports.digest.periods import _problem_rates
from services.digest import DailyFacts, LogCount, MonthlyFacts, PeriodFacts, Scope


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


@dataclass(frozen=True)
class ChartPlan:
    """A chart to draw (`charts.render_all`; its words plain text, `tr_text`) and the caption it goes out with
    (HTML)."""

    spec: charts.ChartSpec
    caption: str


def daily_chart(facts: DailyFacts, scope: Scope, locale: str) -> ChartPlan:
    """Logs per community, the fewest on top: the communities to ask about."""
    counts = sorted(
        ((facts.names.get(c, "?"), float(facts.logs.get(c, LogCount()).logs)) for c in scope.community_ids),
        key=lambda kv: (kv[1], kv[0]),
    )
    spec = charts.ChartSpec(
        "bar", tr_text(locale, "digest-chart-daily"), tuple(counts), tr_text(locale, "digest-chart-empty")
    )
    return ChartPlan(spec, tr(locale, "digest-chart-daily-caption", day=facts.day.isoformat()))


def weekly_chart(facts: PeriodFacts, scope: Scope, locale: str) -> ChartPlan:
    """Share of paired cadres on target per community, the lowest on top."""
    shares = sorted(
        (
            (facts.names.get(c, "?"), 100 * a.compliant / a.cadres)
            for c in scope.community_ids
            if (a := facts.attendance.get(c)) and a.cadres
        ),
        key=lambda kv: (kv[1], kv[0]),
    )
    spec = charts.ChartSpec(
        "bar",
        tr_text(locale, "digest-chart-weekly"),
        tuple(shares),
        tr_text(locale, "digest-chart-empty"),
        percent=True,
    )
    end = (facts.end - timedelta(days=1)).isoformat()
    caption = tr(locale, "digest-chart-weekly-caption", start=facts.start.isoformat(), end=end)
    return ChartPlan(spec, caption)


def monthly_chart(facts: MonthlyFacts, scope: Scope, locale: str) -> ChartPlan:
    """The problem funnel of the month: reported → responded in time → resolved → confirmed fixed."""
    rates = _problem_rates(facts.period, scope)
    stages = (
        (tr_text(locale, "digest-chart-reported"), float(rates.reported)),
        (tr_text(locale, "digest-chart-responded"), float(rates.responded)),
        (tr_text(locale, "digest-chart-resolved"), float(rates.resolved)),
        (tr_text(locale, "digest-chart-confirmed"), float(rates.closed)),
    )
    spec = charts.ChartSpec(
        "funnel", tr_text(locale, "digest-chart-monthly"), stages, tr_text(locale, "digest-chart-empty")
    )
    caption = tr(locale, "digest-chart-monthly-caption", month=f"{facts.period.start:%Y-%m}")
    return ChartPlan(spec, caption)
