"""The leaders' digests as Telegram messages: Jinja2 templates over the locale's words, cut to a reader's scope.

Written for a phone: one short line per community with only the figures that are not zero, named in words
(幸福社区：纪实 12 条，待签 3 份，问题 2 项（紧急 1）), the communities with nothing to report counted in one line
(另有 N 个社区本周无新情况), no tables. A whole sub-district (200 communities) shows the communities that need attention
first, up to `rows`, and a line for the others.

A template writes its sections separated by a form feed; `split_message` packs whole sections into messages of at
most 4096 characters, and a section that alone is longer is split between lines with its title repeated — a line is
never cut.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from domain.worklog import Task
from locales import tr, tr_text
from reports import charts
from services.burden import Burden, departments_in
from services.digest import (
    Attendance,
    DailyFacts,
    LogCount,
    MonthlyFacts,
    OverdueItem,
    PeriodFacts,
    Rates,
    Scope,
)
from services.problems import category_label

TEMPLATES = Path(__file__).parent / "templates"
LIMIT = 4096
QUIET_NAMED = 5  # communities with nothing to report are counted, and named when there are no more than this
SECTION = "\f"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # plain text for Telegram's HTML mode: the values are escaped where they are prepared
)


@dataclass
class Digest:
    """One reader's digest: message texts, the index of the message the nudge buttons go under, and the nudges
    (problem id, owner) for the overdue items shown."""

    parts: list[str]
    nudges: list[tuple[int, str]] = field(default_factory=list)
    nudge_part: int = -1


def split_message(text: str, limit: int = LIMIT, cont: str = " …") -> list[str]:
    """Whole sections per message; a section longer than `limit` split between lines, its title repeated."""
    sections = [s.strip("\n") for s in text.split(SECTION) if s.strip()]
    pieces: list[str] = []
    for section in sections:
        if len(section) <= limit:
            pieces.append(section)
            continue
        title, *lines = section.split("\n")
        chunk = title
        for line in lines:
            if len(chunk) + 1 + len(line) > limit:
                pieces.append(chunk)
                chunk = f"{title}{cont}"
            room = limit - len(chunk) - 1
            # A single line longer than a message (never made by the templates) is shortened, not sent over the limit.
            chunk = f"{chunk}\n{line}" if len(line) <= room else f"{chunk}\n{line[: room - 1]}…"
        pieces.append(chunk)
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + 2 + len(piece) <= limit:
            parts[-1] = f"{parts[-1]}\n\n{piece}"
        else:
            parts.append(piece)
    return parts


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _render(template: str, locale: str, **context: object) -> str:
    return _env.get_template(template).render(
        t=lambda msg_id, **args: tr(locale, msg_id, **args), pct=_pct, br=SECTION, **context
    )


def _split(text: str, locale: str) -> list[str]:
    return split_message(text, cont=tr(locale, "digest-continued"))


def scope_title(locale: str, scope: Scope, names: dict[int, str]) -> str:
    if scope.whole:
        return tr(locale, "digest-scope-all", count=len(scope.community_ids))
    listed = tr(locale, "list-separator").join(names.get(c, "?") for c in sorted(scope.community_ids))
    return tr(locale, "digest-scope-some", names=listed)


# --- one line per community -------------------------------------------------------------------------------------


def _facts(locale: str, parts: list[tuple[str, dict]]) -> Markup:
    """The facts that are not zero, in words, joined: 纪实 12 条，待签 3 份，问题 2 项（紧急 1）."""
    return tr(locale, "digest-facts-separator").join(tr(locale, msg_id, **args) for msg_id, args in parts)


def _community_lines(
    locale: str,
    names: dict[int, str],
    facts: dict[int, list[tuple[str, dict]]],
    order: list[int],
    rows: int,
    quiet_msg: str,
) -> list[Markup]:
    """A line for each community with something to report (in `order`, up to `rows`), then how many had nothing;
    their names too when they are few."""
    busy = [c for c in order if facts.get(c)]
    quiet = sorted((c for c in order if not facts.get(c)), key=lambda c: names.get(c, ""))
    lines: list[Markup] = [
        tr(locale, "digest-community-line", name=names.get(c, "?"), facts=_facts(locale, facts[c]))
        for c in busy[:rows]
    ]
    if len(busy) > rows:
        lines.append(tr(locale, "digest-more-communities", count=len(busy) - rows))
    if quiet:
        line = tr(locale, quiet_msg, count=len(quiet))
        if len(quiet) <= QUIET_NAMED:
            listed = tr(locale, "list-separator").join(names.get(c, "?") for c in quiet)
            line += tr(locale, "digest-quiet-names", names=listed)
        lines.append(line)
    return lines


def _part(parts: list[tuple[str, dict]], msg_id: str, count: float, **args: object) -> None:
    if count:
        parts.append((msg_id, {"count": count, **args}))


def _logs_part(parts: list[tuple[str, dict]], count: LogCount, *, people: bool = False) -> None:
    if count.logs and people:
        parts.append(
            (
                "digest-fact-logs-people",
                {"count": count.logs, "people": count.people, "households": count.households},
            )
        )
    elif count.logs and count.households:
        parts.append(("digest-fact-logs-visits", {"count": count.logs, "households": count.households}))
    else:
        _part(parts, "digest-fact-logs", count.logs)


def _problems_part(parts: list[tuple[str, dict]], opened: int, urgent: int) -> None:
    if urgent:
        parts.append(("digest-fact-problems-urgent", {"count": opened, "urgent": urgent}))
    else:
        _part(parts, "digest-fact-problems", opened)


# --- daily ------------------------------------------------------------------------------------------------------


def daily(facts: DailyFacts, scope: Scope, locale: str, *, rows: int, nudges: int) -> Digest:
    names = facts.names
    urgent = [u for u in facts.urgent if u.community_id in scope]
    overdue = [o for o in facts.overdue if o.community_id in scope]
    by_leader: dict[str, list[OverdueItem]] = defaultdict(list)
    for item in overdue:
        by_leader[item.leader or ""].append(item)
    # The `rows` most overdue items are listed, under their leaders; every leader's count is shown (up to `rows`
    # leaders): a sub-district's thousand overdue items stay one message.
    listed = {item.id for item in overdue[:rows]}
    groups = sorted(by_leader.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    leader_groups = [
        {
            "leader": leader or tr(locale, "digest-no-leader"),
            "count": len(items),
            "items": [_overdue_row(item, names, locale, facts.day) for item in items if item.id in listed],
            "more": sum(1 for item in items if item.id not in listed),
        }
        for leader, items in groups[:rows]
    ]
    logs = {cid: facts.logs.get(cid, LogCount()) for cid in scope.community_ids}
    unsigned = {cid: facts.unsigned_logs.get(cid, 0) for cid in scope.community_ids}
    opened = {cid: facts.opened.get(cid, (0, 0)) for cid in scope.community_ids}
    late = Counter(item.community_id for item in overdue)
    registers = [(cid, y, m) for cid, y, m in facts.unsigned_registers if cid in scope]
    per_register = Counter(cid for cid, _, _ in registers)
    lines: dict[int, list[tuple[str, dict]]] = {}
    for c in scope.community_ids:
        parts: list[tuple[str, dict]] = []
        _logs_part(parts, logs[c])
        _part(parts, "digest-fact-unsigned", unsigned[c])
        _problems_part(parts, *opened[c])
        _part(parts, "digest-fact-overdue", late[c])
        _part(parts, "digest-fact-registers", per_register[c])
        lines[c] = parts
    # The communities that need attention first: overdue items, new problems, logs to sign.
    order = sorted(
        scope.community_ids,
        key=lambda c: (-late[c], -opened[c][1], -opened[c][0], -unsigned[c], -logs[c].logs, names.get(c, "")),
    )
    total: list[tuple[str, dict]] = []
    _logs_part(total, _sum_logs(logs.values()), people=True)
    _part(total, "digest-fact-unsigned", sum(unsigned.values()))
    _problems_part(total, sum(n for n, _ in opened.values()), sum(u for _, u in opened.values()))
    yesterday = facts.day - timedelta(days=1)
    text = _render(
        "digest_daily.txt.j2",
        locale,
        day=facts.day.isoformat(),
        scope=scope_title(locale, scope, names),
        urgent=[
            {
                "id": u.id,
                "community": names.get(u.community_id, "?"),
                "category": category_label(locale, u.category),
                "acked": u.acked,
                "by": u.acked_by or "",
            }
            for u in urgent
        ],
        urgent_open=sum(1 for u in urgent if not u.acked),
        overdue_total=len(overdue),
        leader_groups=leader_groups,
        leaders_more=max(0, len(groups) - rows),
        leaders_more_items=sum(len(items) for _, items in groups[rows:]),
        registers=[{"name": names.get(c, "?"), "month": f"{y}-{m:02d}"} for c, y, m in registers[:rows]],
        registers_more=max(0, len(registers) - rows),
        communities_title=tr(locale, "digest-communities-title-day", day=yesterday.isoformat())
        if facts.since == yesterday
        else tr(
            locale,
            "digest-communities-title-range",
            start=facts.since.isoformat(),
            end=yesterday.isoformat(),
        ),
        total=tr(locale, "digest-total-line", facts=_facts(locale, total))
        if total
        else tr(locale, "digest-total-none"),
        lines=_community_lines(locale, names, lines, order, rows, "digest-quiet-day"),
    )
    parts_out = _split(text, locale)
    shown = [item for item in overdue if item.owner_id is not None][:nudges]
    marker = tr(locale, "digest-overdue-title", count=len(overdue))
    nudge_part = next((i for i, part in enumerate(parts_out) if marker in part), len(parts_out) - 1)
    return Digest(parts_out, [(item.id, item.owner or "") for item in shown], nudge_part)


def _overdue_row(item: OverdueItem, names: dict[int, str], locale: str, today: date) -> dict:
    return {
        "id": item.id,
        "community": names.get(item.community_id, "?"),
        "category": category_label(locale, item.category),
        "owner": item.owner or "—",
        "days": (today - item.due_date).days,
        "status": tr(locale, f"problem-status-{item.status}"),
    }


def _sum_logs(counts: object) -> LogCount:
    items = list(counts)  # type: ignore[call-overload]
    return LogCount(
        sum(c.logs for c in items), sum(c.people for c in items), sum(c.households for c in items)
    )


# --- weekly and monthly -----------------------------------------------------------------------------------------


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
        problems=_problem_lines(period, scope, locale, "month"),
        burden=_burden_lines(period, scope, locale, "month"),
    )
    return Digest(_split(text, locale))


# --- charts ---------------------------------------------------------------------------------------------------


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
