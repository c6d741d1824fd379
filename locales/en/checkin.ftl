## Community check-in (paired and seconded cadres)
checkin-title = 📍 <b>Community check-in</b> · { $community }
checkin-today-none = Not checked in today ({ $today }).
checkin-today-in = Checked in today at { $time }{ $where }.
checkin-today-out = Checked in today at { $time }, out at { $out }{ $where }.
checkin-where-none = (no location)
checkin-where-inside = (location inside the community, { $distance } m away)
checkin-where-outside = (⚠️ location outside the community, { $distance } m away; recorded and marked)
checkin-where-unchecked = (location given; the community has no check-in point, not checked)
checkin-non-working = Today is not a working day: the check-in is recorded but does not count towards this week.
checkin-week = Community days this week: { $done } / { $required } ({ $working } working days this week).
checkin-week-met = ✅ This week's requirement is met.
checkin-seconded = You are a seconded cadre: you work in the community every working day, so the two-days-a-week rule does not apply.
checkin-planned = Planned community days: { $days }
checkin-planned-none = No community days planned for next week yet.
checkin-pending = Waiting for the secretary: { $items }
checkin-btn-location = 📍 Check in with location
checkin-btn-now = ✅ Check in
checkin-btn-out = 🚪 Check out
checkin-btn-plan = 🗓 Plan next week
checkin-btn-move = 🔁 Ask to move a day
checkin-btn-mute = 🔕 Mute reminders
checkin-day = { $weekday } { $month }/{ $dom }
checkin-weekday-0 = Mon
checkin-weekday-1 = Tue
checkin-weekday-2 = Wed
checkin-weekday-3 = Thu
checkin-weekday-4 = Fri
checkin-weekday-5 = Sat
checkin-weekday-6 = Sun

checkin-send-location = Press “📍 Send my location” below to share where you are. It is only used to check that you are in the community.
checkin-location-button = 📍 Send my location
checkin-need-location = A location is needed here: press “📍 Send my location” below, or “⬅️ Back”.
checkin-bad-location = That location could not be read; please send it again.

checkin-result-recorded = ✅ Checked in: { $community }, { $time }.
checkin-result-inside = ✅ Checked in: { $community }, { $time }. Location inside the community ({ $distance } m, radius { $radius } m).
checkin-result-outside = ⚠️ Checked in and recorded: { $community }, { $time }. The location is { $distance } m away, outside the { $radius } m radius; it is marked and shown to the secretary in the weekly summary.
checkin-result-no-point = ✅ Checked in: { $community }, { $time }. The community has no check-in point yet: the location is recorded, not checked.
checkin-result-already = You already checked in today at { $time }.
checkin-result-not-posted = The roster names no community you are paired with or seconded to, so you cannot check in. Please ask the administrator.
checkout-done = 🚪 Checked out at { $time }. Thank you!
checkout-not-in = You have not checked in today, so there is nothing to check out of.
checkout-already = You already checked out today.

plan-title = 🗓 <b>Plan next week's community days</b>
    Next week has { $working } working days; plan at least { $required }. Tick the days, then press “Save”.
plan-save = 💾 Save
plan-saved = ✅ Next week's community days saved: { $days }.
plan-saved-fewer = ⚠️ Saved, but only { $count } day(s) planned, fewer than the { $required } required.
plan-cleared = Next week's plan is cleared.
plan-bad-day = A chosen date is not a working day of next week; nothing was saved. Please choose again.
plan-not-bound = Only paired cadres plan community days.
plan-no-working = Next week has no working days: nothing to plan.

move-choose-from = 🔁 <b>Ask to move a community day</b>
    When department work clashes with a community day, ask the community secretary to move it. Which day?
move-none-planned = You have no planned community day to move. Plan next week first.
move-choose-to = Move { $from_day } to which day?
move-no-targets = There is no working day to move it to.
move-reason-prompt = Briefly say why (e.g. the clashing department work, at most { $max } characters), or press “Skip”.
move-skip-reason = ⏭ Skip
move-reason-too-long = That reason is too long ({ $length } characters); please send at most { $max }.
move-reason-text-only = Please give the reason as text, or press “Skip”.
move-result-sent = ✅ Sent: { $from_day } → { $to_day }, waiting for the community secretary. You will be told the answer.
move-result-not-planned = That day is not in your plan (or has passed), so it cannot be moved.
move-result-bad-target = It cannot be moved to that day; please choose again.
move-result-already-planned = That day is already in your plan.
move-result-already-pending = There is already a request for that day waiting for the secretary.
move-result-no-secretary = Your community has no verified secretary yet, so the request cannot be sent. Please ask the administrator.
move-result-too-long = The reason is too long; please shorten it.
move-result-not-bound = Only paired cadres ask to move community days.

mute-title = 🔕 <b>Mute reminders</b>
    While muted, ordinary reminders are not sent; urgent matters still are.
mute-status-on = Now: muted until { $until }.
mute-status-off = Now: reminders are on.
checkin-location-cancelled = Back; no check-in was made.
