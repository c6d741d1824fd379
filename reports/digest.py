"""The leaders' digests as Telegram messages: Jinja2 templates over the locale's words, cut to a reader's scope.

A template writes its sections separated by a form feed; `split_message` packs whole sections into messages of at
most 4096 characters, and a section that alone is longer is split between lines with its title repeated — a table is
never cut inside a row. Per-community tables are summarised before that: a whole sub-district (200 communities) shows
the communities that need attention first, up to `rows`, and a line for the others.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from domain.worklog import Task
from locales import tr
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


def _name(facts_names: dict[int, str], cid: int) -> str:
    return escape(facts_names.get(cid, "?"))


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
    listed = tr(locale, "list-separator").join(escape(names.get(c, "?")) for c in sorted(scope.community_ids))
    return tr(locale, "digest-scope-some", names=listed)


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
            "leader": escape(leader) if leader else tr(locale, "digest-no-leader"),
            "count": len(items),
            "items": [_overdue_row(item, names, locale, facts.day) for item in items if item.id in listed],
            "more": sum(1 for item in items if item.id not in listed),
        }
        for leader, items in groups[:rows]
    ]
    logs = {cid: facts.logs.get(cid, LogCount()) for cid in scope.community_ids}
    quiet = sorted((cid for cid in logs if logs[cid].logs == 0), key=lambda c: names.get(c, ""))
    busy = sorted((cid for cid in logs if logs[cid].logs), key=lambda c: (-logs[c].logs, names.get(c, "")))
    log_rows = [
        {
            "name": _name(names, c),
            "logs": logs[c].logs,
            "people": logs[c].people,
            "households": logs[c].households,
        }
        for c in busy[:rows]
    ]
    unsigned = sorted(
        ((cid, n) for cid, n in facts.unsigned_logs.items() if cid in scope and n), key=lambda kv: -kv[1]
    )
    registers = [(cid, y, m) for cid, y, m in facts.unsigned_registers if cid in scope]
    text = _render(
        "digest_daily.txt.j2",
        locale,
        day=facts.day.isoformat(),
        since=facts.since.isoformat(),
        yesterday=(facts.day - timedelta(days=1)).isoformat(),
        scope=scope_title(locale, scope, names),
        urgent=[
            {
                "id": u.id,
                "community": _name(names, u.community_id),
                "category": escape(category_label(locale, u.category)),
                "acked": u.acked,
                "by": escape(u.acked_by or ""),
            }
            for u in urgent
        ],
        urgent_open=sum(1 for u in urgent if not u.acked),
        overdue_total=len(overdue),
        leader_groups=leader_groups,
        leaders_more=max(0, len(groups) - rows),
        leaders_more_items=sum(len(items) for _, items in groups[rows:]),
        unsigned=[{"name": _name(names, c), "count": n} for c, n in unsigned[:rows]],
        unsigned_total=sum(n for _, n in unsigned),
        unsigned_more=max(0, len(unsigned) - rows),
        registers=[{"name": _name(names, c), "month": f"{y}-{m:02d}"} for c, y, m in registers[:rows]],
        registers_more=max(0, len(registers) - rows),
        log_rows=log_rows,
        log_more=max(0, len(busy) - rows),
        totals=_sum_logs(logs.values()),
        quiet=[_name(names, c) for c in quiet[:rows]],
        quiet_count=len(quiet),
        sep=tr(locale, "list-separator"),
    )
    parts = _split(text, locale)
    shown = [item for item in overdue if item.owner_id is not None][:nudges]
    marker = tr(locale, "digest-overdue-title", count=len(overdue))
    nudge_part = next((i for i, part in enumerate(parts) if marker in part), len(parts) - 1)
    return Digest(parts, [(item.id, item.owner or "") for item in shown], nudge_part)


def _overdue_row(item: OverdueItem, names: dict[int, str], locale: str, today: date) -> dict:
    return {
        "id": item.id,
        "community": _name(names, item.community_id),
        "category": escape(category_label(locale, item.category)),
        "owner": escape(item.owner or "—"),
        "days": (today - item.due_date).days,
        "status": tr(locale, f"problem-status-{item.status}"),
    }


def _sum_logs(counts: object) -> LogCount:
    items = list(counts)  # type: ignore[call-overload]
    return LogCount(
        sum(c.logs for c in items), sum(c.people for c in items), sum(c.households for c in items)
    )


# --- weekly and monthly -----------------------------------------------------------------------------------------


def _problem_block(facts: PeriodFacts, scope: Scope) -> dict:
    rates = sum((facts.rates.get(c, Rates()) for c in scope.community_ids), Rates())
    return {
        "opened": sum(facts.opened.get(c, 0) for c in scope.community_ids),
        "resolved": sum(facts.resolved.get(c, 0) for c in scope.community_ids),
        "overdue": sum(facts.overdue.get(c, 0) for c in scope.community_ids),
        "response": rates.response,
        "resolution": rates.resolution,
        "satisfaction": rates.satisfaction,
        "rates": rates,
    }


def _task_rows(
    facts: PeriodFacts, scope: Scope, locale: str, rows: int
) -> tuple[list[str], list[dict], dict, int]:
    tasks = [t.value for t in Task]
    heads = [tr(locale, f"wl-task-{t}") for t in tasks]
    per = {c: facts.tasks.get(c, Counter()) for c in scope.community_ids}
    logs = {c: facts.logs.get(c, LogCount()).logs for c in scope.community_ids}
    order = sorted(scope.community_ids, key=lambda c: (logs[c], facts.names.get(c, "")))
    table = [
        {"name": _name(facts.names, c), "logs": logs[c], "counts": [per[c].get(t, 0) for t in tasks]}
        for c in order[:rows]
    ]
    total = {"logs": sum(logs.values()), "counts": [sum(per[c].get(t, 0) for c in per) for t in tasks]}
    return heads, table, total, max(0, len(order) - rows)


def _burden_block(facts: PeriodFacts, scope: Scope, rows: int) -> dict:
    """Issue 8's burden count for the scope: totals, the most burdened communities first, and (for a whole
    sub-district) what each department asked."""
    mine = {c: facts.burden.get(c, Burden()) for c in scope.community_ids}
    order = sorted(
        (c for c in mine if mine[c].prompt_sheets or mine[c].meetings),
        key=lambda c: (-mine[c].people_hours, -mine[c].prompt_sheets, facts.names.get(c, "")),
    )
    return {
        "start": facts.burden_start.isoformat() if facts.burden_start else "",
        "end": facts.burden_end.isoformat() if facts.burden_end else "",
        "sheets": sum(b.prompt_sheets for b in mine.values()),
        "meetings": sum(b.meetings for b in mine.values()),
        "hours": _hours(sum(b.people_hours for b in mine.values())),
        "overdue": sum(b.sheets_overdue for b in mine.values()),
        "rows": [
            {
                "name": _name(facts.names, c),
                "sheets": mine[c].prompt_sheets,
                "meetings": mine[c].meetings,
                "hours": _hours(mine[c].people_hours),
                "overdue": mine[c].sheets_overdue,
            }
            for c in order[:rows]
        ],
        "more": max(0, len(order) - rows),
        "departments": [
            {"name": escape(name), "sheets": d.sheets, "filed": d.meetings_filed, "approved": d.meetings_approved,
             "declined": d.meetings_declined, "merged": d.meetings_merged}
            for name, d in sorted(departments_in(facts.departments, scope.subdistrict_id).items(), key=lambda kv: (-kv[1].sheets - kv[1].meetings_filed, kv[0]))
        ] if scope.whole else [],
    }  # fmt: skip


def _hours(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def weekly(facts: PeriodFacts, scope: Scope, locale: str, *, rows: int) -> Digest:
    names = facts.names
    attendance = {c: facts.attendance.get(c, Attendance()) for c in scope.community_ids}
    with_cadres = [c for c in attendance if attendance[c].cadres]
    order = sorted(
        with_cadres, key=lambda c: (attendance[c].compliant / attendance[c].cadres, names.get(c, ""))
    )
    heads, table, total, more = _task_rows(facts, scope, locale, rows)
    text = _render(
        "digest_weekly.txt.j2",
        locale,
        start=facts.start.isoformat(),
        end=(facts.end - timedelta(days=1)).isoformat(),
        scope=scope_title(locale, scope, names),
        working_days=facts.working_days,
        attendance=[
            {
                "name": _name(names, c),
                "cadres": attendance[c].cadres,
                "compliant": attendance[c].compliant,
                "days": attendance[c].days,
                "short": tr(locale, "list-separator").join(
                    escape(n) for n in attendance[c].shortfall_names[:5]
                ),
                "short_more": max(0, len(attendance[c].shortfall_names) - 5),
            }
            for c in order[:rows]
        ],
        attendance_more=max(0, len(order) - rows),
        attendance_total={
            "cadres": sum(a.cadres for a in attendance.values()),
            "compliant": sum(a.compliant for a in attendance.values()),
        },
        heads=heads,
        tasks=table,
        tasks_total=total,
        tasks_more=more,
        problems=_problem_block(facts, scope),
        burden=_burden_block(facts, scope, rows),
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
    heads, table, total, more = _task_rows(period, scope, locale, rows)
    sep = tr(locale, "list-separator")

    def listed(ids: list[int]) -> str:
        shown = sep.join(_name(names, c) for c in ids[:rows])
        return shown + (tr(locale, "digest-and-more", count=len(ids) - rows) if len(ids) > rows else "")

    text = _render(
        "digest_monthly.txt.j2",
        locale,
        month=f"{period.start:%Y-%m}",
        scope=scope_title(locale, scope, names),
        communities=len(subs),
        logs_on_time=sum(1 for s in subs.values() if s.logs == "submitted"),
        logs_late=len(late_logs),
        logs_missing=len(missing_logs),
        late_list=listed(late_logs),
        missing_list=listed(missing_logs),
        registers_signed=sum(1 for s in subs.values() if s.register == "signed"),
        registers_unsigned=len(unsigned_registers),
        registers_missing=len(missing_registers),
        unsigned_list=listed(unsigned_registers),
        missing_register_list=listed(missing_registers),
        heads=heads,
        tasks=table,
        tasks_total=total,
        tasks_more=more,
        problems=_problem_block(period, scope),
        burden=_burden_block(period, scope, rows),
    )
    return Digest(_split(text, locale))


# --- charts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


@dataclass(frozen=True)
class ChartPlan:
    """A chart to draw (`charts.render_all`) and the caption it goes out with."""

    spec: charts.ChartSpec
    caption: str


def daily_chart(facts: DailyFacts, scope: Scope, locale: str) -> ChartPlan:
    """Logs per community, the fewest on top: the communities to ask about."""
    counts = sorted(
        ((facts.names.get(c, "?"), float(facts.logs.get(c, LogCount()).logs)) for c in scope.community_ids),
        key=lambda kv: (kv[1], kv[0]),
    )
    spec = charts.ChartSpec(
        "bar", tr(locale, "digest-chart-daily"), tuple(counts), tr(locale, "digest-chart-empty")
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
        tr(locale, "digest-chart-weekly"),
        tuple(shares),
        tr(locale, "digest-chart-empty"),
        percent=True,
    )
    end = (facts.end - timedelta(days=1)).isoformat()
    caption = tr(locale, "digest-chart-weekly-caption", start=facts.start.isoformat(), end=end)
    return ChartPlan(spec, caption)


def monthly_chart(facts: MonthlyFacts, scope: Scope, locale: str) -> ChartPlan:
    """The problem funnel of the month: reported → responded in time → resolved → confirmed fixed."""
    rates = _problem_block(facts.period, scope)["rates"]
    stages = (
        (tr(locale, "digest-chart-reported"), float(rates.reported)),
        (tr(locale, "digest-chart-responded"), float(rates.responded)),
        (tr(locale, "digest-chart-resolved"), float(rates.resolved)),
        (tr(locale, "digest-chart-confirmed"), float(rates.closed)),
    )
    spec = charts.ChartSpec(
        "funnel", tr(locale, "digest-chart-monthly"), stages, tr(locale, "digest-chart-empty")
    )
    caption = tr(locale, "digest-chart-monthly-caption", month=f"{facts.period.start:%Y-%m}")
    return ChartPlan(spec, caption)
