"""One line per community: a community's facts in a digest, and the communities with nothing to report counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from domain.sources import display_order
from locales import tr
from reports.digest.text import QUIET_NAMED
from services.digest import LogCount
from services.problems.sources import source_label


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


def _sources_line(locale: str, counts: Iterable[Counter]) -> Markup | None:
    """Issue 18: the items by source, those with none left out (来源：网格走访 5，12345 热线 2); None when none."""
    total: Counter = Counter()
    for counter in counts:
        total.update(counter)
    parts = [
        tr(locale, "digest-source-count", source=source_label(locale, key), count=total[key])
        for key in display_order(total)
        if total[key]
    ]
    return (
        tr(locale, "digest-sources", sources=tr(locale, "digest-facts-separator").join(parts))
        if parts
        else None
    )


def _sum_logs(counts: object) -> LogCount:
    items = list(counts)  # type: ignore[call-overload]
    return LogCount(
        sum(c.logs for c in items), sum(c.people for c in items), sum(c.households for c in items)
    )
