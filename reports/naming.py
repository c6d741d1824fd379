"""The names of workbooks and periods: they live in `domain.report_names` (a service names a file too); kept here for
the reports that import them by this name."""

from domain.report_names import REPORTS as REPORTS
from domain.report_names import day_label as day_label
from domain.report_names import month_label as month_label
from domain.report_names import quarter_label as quarter_label
from domain.report_names import week_label as week_label
from domain.report_names import workbook_name as workbook_name
