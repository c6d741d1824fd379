"""A scorecard as a chat message (Jinja2, `templates/scorecard.txt.j2`, in the reader's language): the formula and
weights, the communities ranked, the top and bottom cadres — shortened until it fits one Telegram message."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from domain.assessment import Period, ScoreBoard
from locales import tr

TEMPLATES = Path(__file__).parent / "templates"
LIMIT = 4096
SIZES = ((10, 15), (5, 10), (3, 5), (3, 0), (1, 0))  # (cadres at each end, communities) tried in turn
_env = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


def period_label(period: Period, locale: str) -> str:
    return tr(locale, f"asmt-period-{period.kind.value}", year=period.year, number=period.number)


def _pct(part: float | None) -> str:
    return "-" if part is None else f"{100 * part:.0f}%"


def render_scorecard(board: ScoreBoard, locale: str, scope: str = "") -> str:
    """The text of `board`: all of it when it fits in a message, else the top and bottom cadres and the first
    communities, with how many were left out (never cut in the middle of a line)."""
    text = ""
    for ends, community_count in SIZES:
        text = _render(board, locale, scope, ends, community_count)
        if len(text) <= LIMIT:
            return text
    return text[: text.rfind("\n", 0, LIMIT)]  # a sub-district name so long that nothing else fits


def _cadre(locale: str, c: object) -> dict[str, object]:
    raw = c.raw  # type: ignore[attr-defined]
    return {
        "rank": c.rank,  # type: ignore[attr-defined]
        "name": escape(raw.name),
        "community": escape(raw.community),
        "kind": tr(locale, f"role-{raw.kind.value}"),
        "total": c.total,  # type: ignore[attr-defined]
    }


def _render(board: ScoreBoard, locale: str, scope: str, ends: int, community_count: int) -> str:
    cadres = list(board.cadres)
    if len(cadres) <= 2 * ends:
        top, bottom = cadres, []
    else:
        top, bottom = cadres[:ends], cadres[-ends:]
    communities = [
        {
            "rank": c.rank,
            "name": escape(c.name),
            "total": c.total,
            "cadres": c.cadres,
            "secondment_count": c.secondment_count,
            "secondment_average": c.secondment_average,
            "attendance": _pct(c.attendance),
        }
        for c in board.communities[:community_count]
    ]
    return (
        _env.get_template("scorecard.txt.j2")
        .render(
            t=lambda msg_id, **args: tr(locale, msg_id, **args),
            period=period_label(board.period, locale),
            as_of=board.as_of.isoformat(),
            scope=escape(scope),
            formula=escape(board.formula.describe(locale)),
            weights=[
                (tr(locale, f"asmt-part-{r.component.value}"), r.weight) for r in board.formula.components
            ],
            # Every scorecard prints the whole formula: each part's rule, the grade points, the community formula.
            rules=[
                (tr(locale, f"asmt-part-{r.component.value}"), r.weight, escape(r.describe(locale)))
                for r in board.formula.components
            ],
            grades=tr(locale, "list-separator").join(
                tr(locale, "asmt-card-grade", grade=tr(locale, f"asmt-grade-{g.value}"), points=p)
                for g, p in board.formula.grade_points.items()
            ),
            community_formula=escape(board.formula.describe_community(locale)),
            communities=communities,
            community_count=len(board.communities),
            communities_hidden=max(0, len(board.communities) - community_count),
            top=[_cadre(locale, c) for c in top],
            bottom=[_cadre(locale, c) for c in bottom],
            cadre_count=len(cadres),
        )
        .strip()
    )
