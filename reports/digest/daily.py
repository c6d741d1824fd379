"""The daily digest's text: the day's logs, urgent and overdue items with their 🔔 催办 buttons."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from locales import Html, tr
from reports.digest.lines import (
    _community_lines,
    _facts,
    _logs_part,
    _part,
    _problems_part,
    _sources_line,
    _sum_logs,
)
from reports.digest.text import Digest, _render, _split, scope_title
from services.digest import DailyFacts, LogCount, OverdueItem, Scope
from services.problems import category_label


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
    total_line = (
        tr(locale, "digest-total-line", facts=_facts(locale, total))
        if total
        else tr(locale, "digest-total-none")
    )
    sources = _sources_line(locale, (facts.sources.get(c, Counter()) for c in scope.community_ids))
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
        total=Html("\n").join([total_line, sources]) if sources else total_line,
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
