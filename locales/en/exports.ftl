## Exports (issue 7)
action-export = 📥 Exports
cmd-export = Export reports (Excel)

ex-kind-worklog = Grid work logs
ex-kind-register = Problem register
ex-kind-attendance = Paired cadres' attendance (week)
ex-kind-scorecards = Assessment scorecards (quarter)

ex-pick-kind = 📊 <b>Exports</b>
    Which report?
ex-pick-scope = Which scope?
ex-no-scope = There is no community you may export.
ex-scope-all = 🏙 Whole sub-district ({ $name })
ex-pick-month = Which month?
ex-pick-week = Which week?
ex-month-option = { $year }-{ $month }{ $current ->
    [yes] (this month)
   *[no] {""}
}
ex-week-option = { $start } to { $end }{ $current ->
    [yes] (this week)
   *[no] {""}
}
ex-pick-quarter = Which quarter?
ex-quarter-option = { $year } Q{ $quarter }{ $current ->
    [yes] (this quarter)
   *[no] {""}
}
ex-confirm = 📊 About to export:
    Report: { $kind }
    Scope: { $scope }
    Period: { $period }
    It will be sent to you as an Excel file.
ex-btn-start = ✅ Start export
ex-btn-cancel = ✖️ Cancel

ex-queued = Started; the file will be sent to you when it is ready.
ex-unknown-kind = This screen is out of date; please open Exports again.
ex-not-allowed = You may not export reports of this scope.
ex-bad-period = That period cannot be exported; please choose again.
ex-busy = One of your exports is still being made; please wait for it to finish.

ex-what = { $kind } ({ $scope }, { $period })
ex-progress = ⏳ Making { $what }… { $percent }%
ex-progress-resumed = ⏳ The bot restarted; making { $what } again…
ex-caption = 📊 { $what }
ex-done = ✅ { $what } made and sent.
ex-failed = ❌ { $what } could not be made; please try again later, or tell the administrator if it keeps failing.

ex-total = Total
ex-yes = yes
ex-no = no
ex-col-community = Community
ex-col-status = Status
ex-worklog-title = { $scope } grid work logs ({ $month })
ex-worklog-summary-title = { $scope } grid work logs, summary ({ $month })
ex-col-logs = Logs
ex-col-approved = Signed
ex-col-unsigned = Not signed
ex-col-excluded = Left out
ex-col-people = People
ex-col-households = Households visited
ex-col-month-submission = Monthly submission
ex-month-submitted = submitted
ex-month-reopened = reopened
ex-month-not-submitted = not submitted

ex-register-sheet = Register
ex-register-title = { $scope } register of problems and suggestions ({ $month })
ex-register-summary-title = { $scope } register, summary ({ $month })
ex-col-register = Register
ex-register-signed = signed
ex-register-submitted = submitted, not signed
ex-register-none = not submitted
ex-col-items = Items
ex-col-open = Open
ex-col-done = Done
ex-col-urgent = Urgent

ex-attendance-sheet = Attendance
ex-attendance-title = { $scope } paired cadres' community days ({ $week }, { $working } working days)
ex-attendance-summary-title = { $scope } attendance summary (week of { $week })
ex-col-name = Name
ex-col-department = Department
ex-col-days = Community days
ex-col-days-done = Days
ex-col-required = Required
ex-col-compliant = Met
ex-col-outside = Outside
ex-col-cadres = Paired cadres
ex-col-compliant-count = Met the rule
ex-col-rate = Rate
ex-col-days-total = Community days, total

## Workbooks (issue 15): file names, periods, statuses (no emoji), summary tables
# File names: { report }-{ scope }-{ period }.xlsx, e.g. Work logs-Xingfu-Nov 2026.xlsx
ex-file-worklog = Work logs
ex-file-register = Register
ex-file-attendance = Attendance
ex-file-scorecards = Scorecards
ex-file-callout = Call-out
ex-period-month = { $year }-{ $month ->
    [1] 01
    [2] 02
    [3] 03
    [4] 04
    [5] 05
    [6] 06
    [7] 07
    [8] 08
    [9] 09
   *[other] { $month }
}
ex-period-week = { $start } to { $end }
ex-period-day = { $year }-{ $month }-{ $day }
ex-status-submitted = awaiting signature
ex-status-returned = returned
ex-status-approved = approved
ex-status-excluded = left out
ex-col-submitted-by = Submitted by
ex-col-submitted-at = Submitted at
ex-col-late = Late
ex-col-item = Item
ex-col-value = Value
