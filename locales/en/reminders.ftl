## Reminders
remind-attendance-midweek = ⏰ A friendly reminder: three working days of this week have passed and you have not checked in at your paired community yet. The rule is at least { $required } working days a week in the community. Send /checkin to check in or plan.
remind-attendance-last-day = ⏰ Today is the last working day of the week: you have { $done } / { $required } community days this week, { $missing } short. If department work clashes, please agree with the community secretary. Send /checkin to check in.
remind-attendance-summary = 📊 <b>Paired cadres' community days, last week ({ $week })</b>
    Required: { $required } each; { $short } short.
    Community: paired cadres / short / names (days/required; ⚠️N: N check-ins outside the community)
    { $lines }
remind-attendance-summary-line = • { $community }: { $cadres } / { $short } / { $names }
remind-attendance-summary-cadre = { $name } ({ $done }/{ $required }{ $outside ->
        [0] {""}
       *[other] {" "}⚠️{ $outside }
    })
remind-attendance-summary-nobody = —
remind-assessment-ahead = 📅 Assessment: the { $milestone ->
    [quarterly] quarterly inspection
    [half_year] half-year assessment
   *[year_end] year-end evaluation
    } ({ $month }/{ $day }) is coming; please prepare the grid work logs and evaluations.
remind-assessment-day = 📅 Assessment: today is the { $milestone ->
    [quarterly] quarterly inspection
    [half_year] half-year assessment
   *[year_end] year-end evaluation
    } ({ $month }/{ $day }) milestone.
remind-calendar-next-year = 🗓 For the administrator: the holiday arrangement of { $year } is not loaded yet. Once the State Council publishes it, load it with <code>gridbot calendar load FILE</code>; otherwise Monday–Friday will be assumed.
remind-calendar-fallback = ⚠️ For the administrator: there is no holiday data for { $year }; working days are taken as Monday–Friday (holidays and make-up days are wrong). Please load { $year } with <code>gridbot calendar load FILE</code>.

mute-button = 🔕 Mute { $days } d
mute-done = 🔕 Reminders muted until { $until }. Urgent matters are still sent.
unmute-button = 🔔 Unmute
unmute-done = 🔔 Reminders are on again.
mute-bad = That button is not valid or has expired.

## Moving a community day (the secretary decides)
move-request-to-secretary = 🔁 <b>Request to move a community day</b>
    Paired cadre: { $name } ({ $community })
    Move: { $from_day } → { $to_day }
    Reason: { $reason }
move-no-reason = none given
move-approve = ✅ Approve
move-decline = ❌ Decline
move-approved-to-cadre = ✅ The community secretary approved: your community day moves from { $from_day } to { $to_day }.
move-declined-to-cadre = ❌ The community secretary declined moving { $from_day } to { $to_day }; please keep the planned day or talk to the secretary.
move-decided-approved = ✅ You approved: { $name } { $from_day } → { $to_day }.
move-decided-declined = ❌ You declined: { $name } { $from_day } → { $to_day }.
move-not-secretary = Only the Party secretary of that community can decide this request.
move-already-decided = This request has already been decided ({ $status ->
    [approved] approved
   *[declined] declined
    }).
move-unknown = This request does not exist, or the button has expired.

## Command line: the working calendar
cli-calendar-loaded = Working calendar { $year } loaded: { $holidays } holidays, { $workdays } make-up working days.
cli-calendar-rejected = The calendar file has { $count } error(s); nothing was loaded:
calendar-error-syntax = Line { $line } is not in the format: “{ $text }”. Format: 休 2027-01-01..2027-01-03 元旦, or 班 2027-02-14
calendar-error-kind = Line { $line } should start with 休 or 班 (holiday / workday), not “{ $text }”.
calendar-error-date = Line { $line } has an invalid date: “{ $text }”.
calendar-error-range = Line { $line } has an invalid range (ends before it starts, or longer than 31 days): “{ $text }”.
calendar-error-year = Line { $line } is in another year: “{ $text }”. A file loads one year.
calendar-error-duplicate = Line { $line }: the date { $text } appears twice.
calendar-error-empty = The file lists no dates.
calendar-error-unreadable = The file cannot be read (missing, or not UTF-8 text).
calendar-error-too-big = The file is too big to be one year's holiday arrangement.
cli-calendar-status = { $year }: { $source }
cli-point-set = Check-in point of { $community } set: { $latitude }, { $longitude }, radius { $radius } m.
cli-point-unknown = No community named “{ $community }”.
cli-point-invalid = Invalid point or radius: latitude -90…90, longitude -180…180, radius 10…50000 m.

## Monthly submissions and problem items
remind-logs-secretary-t3 = 📤 Reminder: the grid work logs of { $year }-{ $month } are due at the Party-Mass Work Department by { $deadline } ({ $communities }). Sign what is waiting, then submit in "📤 Monthly log submission".
remind-logs-secretary-t0 = 📤 Please submit today: the grid work logs of { $year }-{ $month } are due by { $deadline } ({ $communities }). Submit them in "📤 Monthly log submission".
remind-logs-secretary-overdue = ⚠️ The grid work logs of { $year }-{ $month } are past their deadline ({ $deadline }) and not submitted yet ({ $communities }). They will be marked late.
remind-logs-author = 📝 Reminder: the work logs of { $year }-{ $month } go in on { $deadline }. { $returned ->
    [0] {""}
   *[other] { $returned } of your logs were returned and not resubmitted yet; correct them in "📚 My logs".
}{ $draft ->
    [yes] You also have an unfinished log: send /log to finish it.
   *[no] {""}
}
remind-register-t3 = 📋 Reminder: the problem register of { $year }-{ $month } is due at the Party and Government Office by { $deadline } ({ $communities }).
remind-register-t0 = 📋 Please submit today: the problem register of { $year }-{ $month } is due by { $deadline } ({ $communities }).
remind-register-overdue = ⚠️ The problem register of { $year }-{ $month } is past its deadline ({ $deadline }) and not submitted yet ({ $communities }).
remind-register-unsigned = ✍️ { $count } problem registers wait for your signature and a responsible leader per item: { $registers }. Open "📂 Problems".
remind-register-unsigned-item = { $community } ({ $period })
remind-problem-items = ⏰ { $count } of your problem items are due within a working day or overdue:
    { $lines }
    Open "📂 Problems".
remind-problem-items-line = { $mark } #{ $id } { $description } (due { $due })
