"""The weekly and monthly digests' text: logs, tasks, problems and their three rates, attendance, submissions, the
burden of meetings and sheets.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from markupsafe import Markup

from domain.worklog import Task
from locales import tr
from reports.digest.lines import (
    _community_lines,
    _facts,
    _logs_part,
    _part,
    _problems_part,
    _sources_line,
)
from reports.digest.phases import phase_lines
from reports.digest.text import Digest, _pct, _render, _split, scope_title
from services.burden import Burden, departments_in
from services.digest import Attendance, LogCount, MonthlyFacts, PeriodFacts, Rates, Scope


def _period_lines(facts: PeriodFacts, scope: Scope, locale: str, rows: int, period: str) -> list[Markup]:
    """One line per community: the period's logs, problems reported, resolved and due but still open, and what the
    sub-district asked of it (prompt sheets, meetings)."""
    names = facts.names
    lines: dict[int, list[tuple[str, dict]]] = {}
    for c in scope.community_ids:
        parts: list[tuple[str, dict]] = []
        burden = facts.burden.get(c, Burden())
        _logs_part(parts, facts.logs.get(c, LogCount()))
        _problems_part(parts, facts.opened.get(c, 0), facts.urgent.get(c, 0))
        _part(parts, "digest-fact-resolved", facts.resolved.get(c, 0))
        _part(parts, "digest-fact-overdue", facts.overdue.get(c, 0))
        if burden.sheets_overdue:
            parts.append(
                (
                    "digest-fact-sheets-overdue",
                    {"count": burden.prompt_sheets, "overdue": burden.sheets_overdue},
                )
            )
        else:
            _part(parts, "digest-fact-sheets", burden.prompt_sheets)
        _part(parts, "digest-fact-meetings", burden.meetings, hours=_hours(burden.people_hours))
        lines[c] = parts
    order = sorted(
        scope.community_ids,
        key=lambda c: (
            -facts.overdue.get(c, 0),
            -facts.urgent.get(c, 0),
            -facts.opened.get(c, 0),
            -facts.logs.get(c, LogCount()).logs,
            names.get(c, ""),
        ),
    )
    return _community_lines(locale, names, lines, order, rows, f"digest-quiet-{period}")


def _tasks_line(facts: PeriodFacts, scope: Scope, locale: str, period: str) -> Markup:
    """The period's logs by key task, the tasks with none left out."""
    total = sum(facts.logs.get(c, LogCount()).logs for c in scope.community_ids)
    if not total:
        return tr(locale, f"digest-tasks-none-{period}")
    counts = Counter()  # type: Counter[str]
    for c in scope.community_ids:
        counts.update(facts.tasks.get(c, Counter()))
    tasks = tr(locale, "list-separator").join(
        tr(locale, "digest-task-count", task=tr(locale, f"wl-task-{t.value}"), count=counts[t.value])
        for t in Task
        if counts[t.value]
    )
    return tr(locale, "digest-tasks-title", total=total, tasks=tasks)


def _problem_lines(facts: PeriodFacts, scope: Scope, locale: str, period: str) -> list[Markup]:
    rates = sum((facts.rates.get(c, Rates()) for c in scope.community_ids), Rates())
    parts: list[tuple[str, dict]] = []
    _part(parts, "digest-problems-opened", sum(facts.opened.get(c, 0) for c in scope.community_ids))
    _part(parts, "digest-problems-resolved", sum(facts.resolved.get(c, 0) for c in scope.community_ids))
    _part(
        parts, f"digest-problems-overdue-{period}", sum(facts.overdue.get(c, 0) for c in scope.community_ids)
    )
    lines: list[Markup] = [
        tr(locale, "digest-problems-title", facts=_facts(locale, parts))
        if parts
        else tr(locale, f"digest-problems-none-{period}")
    ]
    sources = _sources_line(locale, (facts.sources.get(c, Counter()) for c in scope.community_ids))
    if sources:
        lines.append(sources)
    if rates.reported or rates.verdicts:
        lines.append(
            tr(
                locale,
                "digest-rates",
                response=_pct(rates.response),
                resolution=_pct(rates.resolution),
                satisfaction=_pct(rates.satisfaction),
            )
        )
    return lines


def _quota_lines(facts: MonthlyFacts, scope: Scope, locale: str, rows: int) -> list[Markup]:
    """Issue 18's optional quota: each community's grid workers' reports against it, by community name — never
    ranked, never a person's count."""
    if facts.quota <= 0:
        return []
    names = facts.period.names
    ids = sorted(
        (c for c in scope.community_ids if facts.quota_workers.get(c)), key=lambda c: names.get(c, "")
    )
    if not ids:
        return []
    lines: list[Markup] = [tr(locale, "digest-quota-title", quota=facts.quota)]
    for c in ids[:rows]:
        workers = facts.quota_workers[c]
        lines.append(
            tr(
                locale,
                "digest-quota-line",
                name=names.get(c, "?"),
                workers=workers,
                count=facts.quota_reports.get(c, 0),
                expected=workers * facts.quota,
            )
        )
    if len(ids) > rows:
        lines.append(tr(locale, "digest-more-communities", count=len(ids) - rows))
    return lines


def _problem_rates(facts: PeriodFacts, scope: Scope) -> Rates:
    return sum((facts.rates.get(c, Rates()) for c in scope.community_ids), Rates())


def _burden_lines(facts: PeriodFacts, scope: Scope, locale: str, period: str) -> list[Markup]:
    """Issue 8's burden count for the scope: its totals and (for a whole sub-district) what each department asked,
    each figure that is zero left out; per community it is on the community's line."""
    mine = [facts.burden.get(c, Burden()) for c in scope.community_ids]
    sheets, late = sum(b.prompt_sheets for b in mine), sum(b.sheets_overdue for b in mine)
    parts: list[tuple[str, dict]] = []
    if late:
        parts.append(("digest-burden-sheets-overdue", {"count": sheets, "overdue": late}))
    else:
        _part(parts, "digest-burden-sheets", sheets)
    _part(parts, "digest-burden-meetings", sum(b.meetings for b in mine))
    hours = sum(b.people_hours for b in mine)
    if hours:
        parts.append(("digest-burden-hours", {"hours": _hours(hours)}))
    departments = departments_in(facts.departments, scope.subdistrict_id) if scope.whole else {}
    if not parts and not departments:
        return [tr(locale, f"digest-burden-none-{period}")]
    lines: list[Markup] = [
        tr(locale, "digest-burden-title", facts=_facts(locale, parts))
        if parts
        else tr(locale, f"digest-burden-none-{period}")
    ]
    if departments:
        lines.append(tr(locale, "digest-burden-departments"))
    for name, d in sorted(departments.items(), key=lambda kv: (-kv[1].sheets - kv[1].meetings_filed, kv[0])):
        outcome: list[tuple[str, dict]] = []
        _part(outcome, "digest-department-approved", d.meetings_approved)
        _part(outcome, "digest-department-declined", d.meetings_declined)
        _part(outcome, "digest-department-merged", d.meetings_merged)
        asked: list[tuple[str, dict]] = []
        _part(asked, "digest-department-sheets", d.sheets)
        if d.meetings_filed and outcome:
            asked.append(
                (
                    "digest-department-meetings-outcome",
                    {"count": d.meetings_filed, "outcome": _facts(locale, outcome)},
                )
            )
        else:
            _part(asked, "digest-department-meetings", d.meetings_filed)
        if asked:
            lines.append(tr(locale, "digest-burden-department", name=name, facts=_facts(locale, asked)))
    return lines


def _hours(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def weekly(facts: PeriodFacts, scope: Scope, locale: str, *, rows: int) -> Digest:
    """The week's digest (Monday to Sunday, local days): every figure counts that week's items only."""
    names = facts.names
    attendance = {c: facts.attendance.get(c, Attendance()) for c in scope.community_ids}
    with_cadres = [c for c in attendance if attendance[c].cadres]
    short = sorted(
        (c for c in with_cadres if attendance[c].shortfall_names),
        key=lambda c: (attendance[c].compliant / attendance[c].cadres, names.get(c, "")),
    )
    sep = tr(locale, "list-separator")
    last = facts.end - timedelta(days=1)
    year, week, _ = facts.start.isocalendar()
    text = _render(
        "digest_weekly.txt.j2",
        locale,
        title=tr(
            locale,
            "digest-weekly-title",
            year=year,
            week=week,
            start=facts.start.isoformat(),
            end=last.isoformat(),
        ),
        scope=scope_title(locale, scope, names),
        working_days=facts.working_days,
        attendance=[
            tr(
                locale,
                "digest-attendance-row",
                name=names.get(c, "?"),
                cadres=attendance[c].cadres,
                compliant=attendance[c].compliant,
                days=attendance[c].days,
                names=sep.join(attendance[c].shortfall_names[:5]),
                more=max(0, len(attendance[c].shortfall_names) - 5),
            )
            for c in short[:rows]
        ],
        attendance_more=max(0, len(short) - rows),
        attendance_met=len(with_cadres) - len(short),
        attendance_total={
            "cadres": sum(a.cadres for a in attendance.values()),
            "compliant": sum(a.compliant for a in attendance.values()),
        },
        lines=_period_lines(facts, scope, locale, rows, "week"),
        tasks=_tasks_line(facts, scope, locale, "week"),
        problems=_problem_lines(facts, scope, locale, "week"),
        burden=_burden_lines(facts, scope, locale, "week"),
    )
    return Digest(_split(text, locale))


def monthly(facts: MonthlyFacts, scope: Scope, locale: str, *, rows: int) -> Digest:
    period = facts.period
    names = period.names
    subs = {c: facts.submissions[c] for c in scope.community_ids if c in facts.submissions}
    missing_logs = sorted(
        (c for c, s in subs.items() if s.logs in ("none", "reopened")), key=lambda c: names.get(c, "")
    )
    late_logs = sorted((c for c, s in subs.items() if s.logs == "late"), key=lambda c: names.get(c, ""))
    missing_registers = sorted(
        (c for c, s in subs.items() if s.register == "none"), key=lambda c: names.get(c, "")
    )
    unsigned_registers = sorted(
        (c for c, s in subs.items() if s.register == "submitted"), key=lambda c: names.get(c, "")
    )
    sep = tr(locale, "list-separator")

    def listed(ids: list[int]) -> Markup:
        shown = sep.join(names.get(c, "?") for c in ids[:rows])
        return shown + (tr(locale, "digest-and-more", count=len(ids) - rows) if len(ids) > rows else "")

    logs: list[tuple[str, dict]] = []
    _part(logs, "digest-submission-on-time", sum(1 for s in subs.values() if s.logs == "submitted"))
    _part(logs, "digest-submission-late", len(late_logs))
    _part(logs, "digest-submission-missing", len(missing_logs))
    registers: list[tuple[str, dict]] = []
    _part(registers, "digest-submission-signed", sum(1 for s in subs.values() if s.register == "signed"))
    _part(registers, "digest-submission-unsigned", len(unsigned_registers))
    _part(registers, "digest-submission-missing", len(missing_registers))
    text = _render(
        "digest_monthly.txt.j2",
        locale,
        month=f"{period.start:%Y-%m}",
        scope=scope_title(locale, scope, names),
        communities=len(subs),
        logs_facts=_facts(locale, logs),
        registers_facts=_facts(locale, registers),
        late_list=listed(late_logs) if late_logs else "",
        missing_list=listed(missing_logs) if missing_logs else "",
        unsigned_list=listed(unsigned_registers) if unsigned_registers else "",
        missing_register_list=listed(missing_registers) if missing_registers else "",
        lines=_period_lines(period, scope, locale, rows, "month"),
        tasks=_tasks_line(period, scope, locale, "month"),
        problems=_problem_lines(period, scope, locale, "month") + _quota_lines(facts, scope, locale, rows),
        burden=_burden_lines(period, scope, locale, "month"),
        phases=phase_lines(facts, scope, locale),
    )
    return Digest(_split(text, locale))
