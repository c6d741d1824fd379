"""Assessment 考核: quarterly ratings (who rates whom, the scale, the rating window) and scorecards (the formula of
`assessment.toml` applied to per-cadre raw figures: normalised components, weighted totals, rankings).

Plain values only: `services.assessment` stores ratings, `services.scorecards` gathers the raw figures with grouped
queries, and the tests check the arithmetic here against hand-computed numbers.

One module a concern, each imported only from those listed before it: `ratings`, `periods`, `formula`, `scores`.
Everything is re-exported here.
"""

from __future__ import annotations

from domain.assessment.formula import Component as Component
from domain.assessment.formula import ComponentRule as ComponentRule
from domain.assessment.formula import Formula as Formula
from domain.assessment.formula import FormulaError as FormulaError
from domain.assessment.formula import Method as Method
from domain.assessment.formula import load_formula as load_formula
from domain.assessment.formula import parse_formula as parse_formula
from domain.assessment.periods import Period as Period
from domain.assessment.periods import PeriodKind as PeriodKind
from domain.assessment.periods import rating_open as rating_open
from domain.assessment.periods import rating_quarter as rating_quarter
from domain.assessment.periods import window_closes as window_closes
from domain.assessment.ratings import CADRE_ORDER as CADRE_ORDER
from domain.assessment.ratings import COMMENT_MAX as COMMENT_MAX
from domain.assessment.ratings import RATED_BY as RATED_BY
from domain.assessment.ratings import RATER_ROLES as RATER_ROLES
from domain.assessment.ratings import SECONDMENT_ROLES as SECONDMENT_ROLES
from domain.assessment.ratings import Grade as Grade
from domain.assessment.ratings import cadre_kind as cadre_kind
from domain.assessment.ratings import check_comment as check_comment
from domain.assessment.ratings import may_rate as may_rate
from domain.assessment.scores import CadreScore as CadreScore
from domain.assessment.scores import CommunityScore as CommunityScore
from domain.assessment.scores import RawFigures as RawFigures
from domain.assessment.scores import ScoreBoard as ScoreBoard
from domain.assessment.scores import competition_ranks as competition_ranks
from domain.assessment.scores import normalise as normalise
from domain.assessment.scores import restrict as restrict
from domain.assessment.scores import score as score
from domain.assessment.scores import weighted_total as weighted_total
