"""The facts behind the leaders' digests (issue 7), gathered once for the whole sub-district and cut per reader.

Each digest is computed with a handful of grouped queries over every community at once (`daily_facts`,
`weekly_facts`, `monthly_facts`); a reader's digest is the same facts restricted to their communities (`Scope`).
A district month of 200 communities and 100,000 logs is therefore read once per digest, not once per leader.

The three rates (三率, as 12345 hotlines count them), over the items reported in the period:
- response rate 响应率: items someone other than the reporter acted on (accepted, claimed, escalated, resolved…)
  within PROBLEM_RESPONSE_HOURS of the report;
- resolution rate 解决率: items now resolved or closed;
- satisfaction rate 满意率: of the reporters' verdicts given in the period, the share "confirmed fixed" (not "not
  fixed").

One module a concern, each imported only from those listed before it: `readers` (who sees what), `dates` (the
periods' bounds), `facts` (what a digest is made of), `daily` (the day's facts), `periods` (the week's and the
month's facts), `nudges` (催办). Everything is re-exported here.
"""

from __future__ import annotations

from services.digest.daily import _log_counts as _log_counts
from services.digest.daily import daily_facts as daily_facts
from services.digest.dates import previous_month as previous_month
from services.digest.dates import previous_week as previous_week
from services.digest.dates import utc_bounds as utc_bounds
from services.digest.facts import DONE as DONE
from services.digest.facts import OPEN as OPEN
from services.digest.facts import RESPONSE_MOVES as RESPONSE_MOVES
from services.digest.facts import Attendance as Attendance
from services.digest.facts import DailyFacts as DailyFacts
from services.digest.facts import LogCount as LogCount
from services.digest.facts import MonthlyFacts as MonthlyFacts
from services.digest.facts import OverdueItem as OverdueItem
from services.digest.facts import PeriodFacts as PeriodFacts
from services.digest.facts import Rates as Rates
from services.digest.facts import Submission as Submission
from services.digest.facts import UrgentItem as UrgentItem
from services.digest.nudges import Nudged as Nudged
from services.digest.nudges import NudgeResult as NudgeResult
from services.digest.nudges import nudge as nudge
from services.digest.periods import monthly_facts as monthly_facts
from services.digest.periods import period_facts as period_facts
from services.digest.periods import weekly_facts as weekly_facts
from services.digest.readers import Reader as Reader
from services.digest.readers import Scope as Scope
from services.digest.readers import communities as communities
from services.digest.readers import digest_readers as digest_readers
from services.digest.readers import scope_of as scope_of
