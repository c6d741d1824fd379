## Leaders' digests (daily, weekly, monthly) and nudges

digest-daily-title = 📊 <b>Daily digest</b> { $day }
digest-weekly-title = 📊 <b>Weekly digest</b>, week { $week } of { $year } ({ $start } to { $end })
digest-monthly-title = 📊 <b>Monthly digest</b> { $month }
digest-scope-all = Scope: the whole sub-district, { $count } communities
digest-scope-some = Scope: { $names }
digest-continued = (continued)
digest-none = None
digest-more-items = …and { $count } more
digest-more-communities = …{ $count } more communities not listed (/export gives the full report)
digest-and-more = , and { $count } more

digest-urgent-title = 🚨 <b>Urgent items</b>: { $count } new{ $open ->
    [0] , all acknowledged
   *[other] , { $open } not acknowledged
}
digest-urgent-row = #{ $id } { $community } · { $category }
digest-urgent-acked = ✅ acknowledged by { $name }
digest-urgent-not-acked = ❗ not acknowledged

digest-overdue-title = ⏰ <b>Overdue items</b>: { $count } (by responsible leader)
digest-overdue-leader = ▪ { $leader }: { $count }
digest-more-leaders = …{ $count } more leaders, { $items } items
digest-no-leader = No leader assigned
digest-overdue-row = #{ $id } { $community } · { $category } · owner { $owner } · { $days } days overdue ({ $status })

digest-registers-title = 📋 Registers waiting for a principal leader's signature: { $count }
digest-register-row = { $name } { $month }

## One line per community with only the figures that are not zero; communities with nothing to report are counted
digest-facts-separator = {", "}
digest-community-line = { $name }: { $facts }
digest-communities-title-day = 🏘 <b>Communities</b> (logs of { $day })
digest-communities-title-range = 🏘 <b>Communities</b> (logs of { $start } to { $end })
digest-communities-title-week = 🏘 <b>Communities this week</b>
digest-communities-title-month = 🏘 <b>Communities this month</b>
digest-total-line = Total: { $facts }
digest-total-none = Total: nothing new
digest-quiet-day = { $count ->
    [one] One more community had nothing new
   *[other] { $count } more communities had nothing new
}
digest-quiet-week = { $count ->
    [one] One more community had nothing new this week
   *[other] { $count } more communities had nothing new this week
}
digest-quiet-month = { $count ->
    [one] One more community had nothing new this month
   *[other] { $count } more communities had nothing new this month
}
digest-quiet-names = {" "}({ $names })
digest-fact-logs = { $count ->
    [one] 1 log
   *[other] { $count } logs
}
digest-fact-logs-visits = { $count ->
    [one] 1 log
   *[other] { $count } logs
} ({ $households } households visited)
digest-fact-logs-people = { $count ->
    [one] 1 log
   *[other] { $count } logs
} ({ $people } people, { $households } households visited)
digest-fact-unsigned = { $count } to sign
digest-fact-problems = { $count ->
    [one] 1 problem
   *[other] { $count } problems
}
digest-fact-problems-urgent = { $count ->
    [one] 1 problem
   *[other] { $count } problems
} ({ $urgent } urgent)
digest-fact-resolved = { $count } resolved
digest-fact-overdue = { $count } overdue
digest-fact-registers = { $count ->
    [one] 1 register
   *[other] { $count } registers
} to sign
digest-fact-sheets = { $count ->
    [one] 1 prompt sheet
   *[other] { $count } prompt sheets
}
digest-fact-sheets-overdue = { $count ->
    [one] 1 prompt sheet
   *[other] { $count } prompt sheets
} ({ $overdue } overdue)
digest-fact-meetings = { $count ->
    [one] 1 meeting
   *[other] { $count } meetings
} ({ $hours } person-hours)

digest-attendance-title = 🗓 <b>Paired cadres' community days</b>: { $compliant }/{ $cadres } on target ({ $days } working days, 2 required)
digest-attendance-row = { $name }: { $compliant }/{ $cadres } on target, { $days } days in all; short: { $names }{ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
}
digest-attendance-all-met = { $count ->
    [one] One more community: everyone on target
   *[other] { $count } more communities: everyone on target
}

digest-tasks-title = 📝 <b>Work logs</b>: { $total }, by key task: { $tasks }
digest-task-count = { $task } { $count }
digest-tasks-none-week = 📝 <b>Work logs</b>: none this week
digest-tasks-none-month = 📝 <b>Work logs</b>: none this month

digest-problems-title = 📮 <b>Problems and suggestions</b>: { $facts }
digest-problems-none-week = 📮 <b>Problems and suggestions</b>: nothing new this week
digest-problems-none-month = 📮 <b>Problems and suggestions</b>: nothing new this month
digest-problems-opened = { $count } new
digest-problems-resolved = { $count } resolved
digest-problems-overdue-week = { $count } due this week and still open
digest-problems-overdue-month = { $count } due this month and still open
digest-rates = Three rates: response { $response } · resolution { $resolution } · satisfaction { $satisfaction }
digest-sources = Sources: { $sources }
digest-source-count = { $source } { $count }
digest-quota-title = 📊 Reports this month ({ $quota } per grid worker a month; not a ranking):
digest-quota-line = { $name }: { $workers } grid workers, { $count }/{ $expected } reports

digest-burden-title = 📦 <b>Burden on communities</b>: { $facts }
digest-burden-none-week = 📦 <b>Burden on communities</b>: no prompt sheets or meetings this week
digest-burden-none-month = 📦 <b>Burden on communities</b>: no prompt sheets or meetings this month
digest-burden-sheets = { $count ->
    [one] 1 prompt sheet
   *[other] { $count } prompt sheets
}
digest-burden-sheets-overdue = { $count ->
    [one] 1 prompt sheet
   *[other] { $count } prompt sheets
} ({ $overdue } overdue)
digest-burden-meetings = { $count ->
    [one] 1 meeting
   *[other] { $count } meetings
}
digest-burden-hours = { $hours } person-hours
digest-burden-departments = By department:
digest-burden-department = { $name }: { $facts }
digest-department-sheets = { $count ->
    [one] 1 prompt sheet
   *[other] { $count } prompt sheets
}
digest-department-meetings = { $count ->
    [one] 1 meeting filed
   *[other] { $count } meetings filed
}
digest-department-meetings-outcome = { $count ->
    [one] 1 meeting filed
   *[other] { $count } meetings filed
} ({ $outcome })
digest-department-approved = { $count } approved
digest-department-declined = { $count } declined
digest-department-merged = { $count } merged

digest-logs-submission = 📤 <b>Monthly work logs</b>: { $facts } ({ $total } communities)
digest-register-submission = 📋 <b>Registers</b>: { $facts } ({ $total } communities)
digest-submission-on-time = { $count } on time
digest-submission-late = { $count } late
digest-submission-missing = { $count } missing
digest-submission-signed = { $count } signed
digest-submission-unsigned = { $count } waiting
digest-late-list = Late: { $names }
digest-missing-list = Missing: { $names }
digest-unsigned-list = Waiting for signature: { $names }

digest-chart-daily = Grid work logs per community
digest-chart-daily-caption = 📊 Grid work on { $day } (fewest logs on top)
digest-chart-weekly = Paired cadres on target (%)
digest-chart-weekly-caption = 📊 { $start } to { $end }: paired cadres with 2 community days (lowest on top)
digest-chart-monthly = Problems and suggestions
digest-chart-monthly-caption = 📊 { $month } problems: reported → responded → resolved → confirmed
digest-chart-reported = Reported
digest-chart-responded = Responded in time
digest-chart-resolved = Resolved
digest-chart-confirmed = Confirmed fixed
digest-chart-empty = No data yet

digest-nudge-button = 🔔 Nudge #{ $id } { $owner }
digest-nudge-text = 🔔 <b>Nudge</b>: { $leader } asks you to deal with overdue item #{ $id } ({ $community } · { $category }, { $days } days overdue). Send /problems to see it.
digest-nudge-sent = Nudged: { $owner } has been told.
digest-nudge-already = This item was already nudged today ({ $name }); not sent again.
digest-nudge-unreachable = { $owner } has not joined the bot or has blocked it: nudge them by phone.
digest-nudge-gone = This item is resolved or no longer overdue; no nudge needed.
digest-nudge-not-yours = This item is outside the communities you oversee; you cannot nudge it.

digest-choose = 📊 <b>Digests</b>
    Choose a digest. { $scope }
digest-kind-daily = 📅 Today's digest
digest-kind-weekly = 🗓 Last week
digest-kind-monthly = 📆 Last month
digest-no-scope = You have no communities to see; ask the administrator to check the roster.
digest-working = ⏳ Preparing the digest…
