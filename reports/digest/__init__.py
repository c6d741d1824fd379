"""The leaders' digests as Telegram messages: Jinja2 templates over the locale's words, cut to a reader's scope.

Written for a phone: one short line per community with only the figures that are not zero, named in words
(幸福社区：纪实 12 条，待签 3 份，问题 2 项（紧急 1）), the communities with nothing to report counted in one line
(另有 N 个社区本周无新情况), no tables. A whole sub-district (200 communities) shows the communities that need attention
first, up to `rows`, and a line for the others.

A template writes its sections separated by a form feed; `split_message` packs whole sections into messages of at
most 4096 characters, and a section that alone is longer is split between lines with its title repeated — a line is
never cut.

One module a concern, each imported only from those listed before it: `text` (the `Digest`, templates, splitting),
`lines` (one line per community), `daily`, `periods` (weekly and monthly), `chart_plans` (the chart of each).
Everything is re-exported here.
"""

from __future__ import annotations

from reports.digest.chart_plans import Chart as Chart
from reports.digest.chart_plans import ChartPlan as ChartPlan
from reports.digest.chart_plans import daily_chart as daily_chart
from reports.digest.chart_plans import monthly_chart as monthly_chart
from reports.digest.chart_plans import weekly_chart as weekly_chart
from reports.digest.daily import daily as daily
from reports.digest.lines import _community_lines as _community_lines
from reports.digest.periods import monthly as monthly
from reports.digest.periods import weekly as weekly
from reports.digest.text import LIMIT as LIMIT
from reports.digest.text import QUIET_NAMED as QUIET_NAMED
from reports.digest.text import SECTION as SECTION
from reports.digest.text import TEMPLATES as TEMPLATES
from reports.digest.text import Digest as Digest
from reports.digest.text import scope_title as scope_title
from reports.digest.text import split_message as split_message
