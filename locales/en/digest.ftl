## Leaders' digests (daily, weekly, monthly) and nudges

digest-daily-title = 📊 <b>Daily digest</b> { $day }
digest-weekly-title = 📊 <b>Weekly digest</b> { $start } to { $end }
digest-monthly-title = 📊 <b>Monthly digest</b> { $month }
digest-scope-all = Scope: the whole sub-district, { $count } communities
digest-scope-some = Scope: { $names }
digest-continued = (continued)
digest-none = None
digest-more-items = …and { $count } more
digest-more-communities = …{ $count } more communities not listed (/export gives the full report)
digest-and-more = , and { $count } more

digest-urgent-title = 🚨 <b>Urgent items</b>: { $count } new, { $open } not acknowledged
digest-urgent-row = #{ $id } { $community } · { $category }
digest-urgent-acked = ✅ acknowledged by { $name }
digest-urgent-not-acked = ❗ not acknowledged

digest-overdue-title = ⏰ <b>Overdue items</b>: { $count } (by responsible leader)
digest-overdue-leader = ▪ { $leader }: { $count }
digest-more-leaders = …{ $count } more leaders, { $items } items
digest-no-leader = No leader assigned
digest-overdue-row = #{ $id } { $community } · { $category } · owner { $owner } · { $days } days overdue ({ $status })

digest-unsigned-title = ✍️ <b>Waiting for signature</b>: { $count } work logs
digest-unsigned-row = { $name }: { $count }
digest-registers-title = 📋 Registers waiting for a principal leader's signature: { $count }
digest-register-row = { $name } { $month }

digest-work-title-day = 🧭 <b>Grid work</b> ({ $day })
digest-work-title-range = 🧭 <b>Grid work</b> ({ $start } to { $end })
digest-work-total = Total: { $logs } logs, { $people } people, { $households } households visited
digest-work-row = { $name }: { $logs } logs · { $people } people · { $households } households
digest-work-quiet = Communities with no logs ({ $count }): { $names }

digest-attendance-title = 🗓 <b>Paired cadres' community days</b> ({ $days } working days, 2 required): { $compliant }/{ $cadres } on target
digest-attendance-row = { $name }: { $compliant }/{ $cadres } on target, { $days } days in all
digest-attendance-short = Short: { $names }{ $more ->
    [0] {""}
   *[other] and { $more } more
}

digest-tasks-title = 📝 <b>Work logs</b>: { $total } (by key task)
digest-tasks-head = Community: total | { $heads }
digest-tasks-row = { $name }: { $logs } | { $counts }
digest-tasks-total = Total | { $counts }

digest-problems-title = 📮 <b>Problems and suggestions</b>
digest-problems-counts = { $opened } new, { $resolved } resolved, { $overdue } overdue now
digest-rates = Three rates: response { $response } · resolution { $resolution } · satisfaction { $satisfaction }

digest-burden-title = 📦 <b>Burden on communities</b> ({ $start } to { $end })
digest-burden-total = { $sheets } prompt sheets ({ $overdue } overdue), { $meetings } meetings, { $hours } person-hours
digest-burden-row = { $name }: { $sheets } sheets · { $meetings } meetings · { $hours } person-hours{ $overdue ->
    [0] {""}
   *[other] · { $overdue } overdue
}
digest-burden-departments = By department:
digest-burden-department = { $name }: { $sheets } prompt sheets, { $filed } meetings filed ({ $approved } approved, { $declined } declined, { $merged } merged)

digest-logs-submission = 📤 <b>Monthly work logs</b>: { $on_time } on time, { $late } late, { $missing } missing ({ $total } communities)
digest-late-list = Late: { $names }
digest-missing-list = Missing: { $names }
digest-register-submission = 📋 <b>Registers</b>: { $signed } signed, { $unsigned } waiting, { $missing } missing ({ $total } communities)
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
