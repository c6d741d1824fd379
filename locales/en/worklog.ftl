## Grid work log (filling in)
action-logmonth = 📤 Monthly log submission
cmd-mylogs = My work logs
wl-task-publicist = Publicist
wl-task-gatekeeper = Gatekeeper
wl-task-fixer = Problem fixer
wl-task-helper = Helper
wl-task-servant = Servant
weekday-0 = Mo
weekday-1 = Tu
weekday-2 = We
weekday-3 = Th
weekday-4 = Fr
weekday-5 = Sa
weekday-6 = Su
cal-days-header = 🗓 { $month ->
         [1] January
         [2] February
         [3] March
         [4] April
         [5] May
         [6] June
         [7] July
         [8] August
         [9] September
         [10] October
         [11] November
        *[12] December
    } { $year }
cal-prev-month = ◀ { $month ->
         [1] Jan
         [2] Feb
         [3] Mar
         [4] Apr
         [5] May
         [6] Jun
         [7] Jul
         [8] Aug
         [9] Sep
         [10] Oct
         [11] Nov
        *[12] Dec
    }
cal-next-month = { $month ->
         [1] Jan
         [2] Feb
         [3] Mar
         [4] Apr
         [5] May
         [6] Jun
         [7] Jul
         [8] Aug
         [9] Sep
         [10] Oct
         [11] Nov
        *[12] Dec
    } ▶
cal-month = { $month ->
         [1] Jan
         [2] Feb
         [3] Mar
         [4] Apr
         [5] May
         [6] Jun
         [7] Jul
         [8] Aug
         [9] Sep
         [10] Oct
         [11] Nov
        *[12] Dec
    }
cal-months-header = 🗓 { $year }
wl-none = none
wl-all = All

wl-resume-title = 📝 <b>You have an unfinished work log</b>
    Continue it, or discard it and start again?
wl-btn-resume = ▶️ Continue
wl-btn-discard = 🗑 Discard
wl-discarded = Draft discarded.
wl-kept-draft = 💾 Draft saved. To go on, send /log (or tap the log button in the main menu): it picks up at the step you left.
wl-cancelled = Cancelled; this log was not saved.
wl-cancelled-returned = Editing cancelled; the returned log stays as it was, and you can still correct and resubmit it from My logs.
wl-btn-later = ⏸ Finish later
wl-btn-to-summary = ↩️ Back to summary
wl-btn-next = Next ➡️
wl-btn-skip = Skip
wl-btn-today = 📅 Today

wl-date-prompt = 📝 <b>Grid work log</b>
    Pick the day of the work (up to { $days } days back), or type it, e.g. "{ $example_short }" or "yesterday".
wl-date-unreadable = I could not read that date. Pick it in the calendar or type e.g. "{ $example_iso }" or "yesterday".
wl-date-future = A log cannot be dated in the future; pick today or an earlier day.
wl-date-too-old = Logs can be filled in at most { $days } days back. For older work, contact the community Party secretary.
wl-date-month-locked = The logs of { $month } were submitted to the Party-Mass Work Department and the month is locked. The secretary must reopen it first (📤 Monthly log submission).

wl-grid-prompt = 📍 Which grid did you work in? (⭐ your own grids)
wl-grid-none = Your community has no grids on the roster yet; ask the administrator to add them.
wl-btn-more-grids = Show the community's other grids
wl-grid-outside = That grid is not in your community, so you cannot log work for it. Please pick again.

wl-tasks-prompt = 🧭 Which key tasks did the work serve? (pick one or more, then "Next")
wl-tasks-none = Pick at least one task.

wl-households-prompt = 🏠 How many households did you visit? Type a number (0 if none).
wl-households-invalid = Type a whole number from 0 to { $max }, e.g. "12".
wl-addresses-prompt = 📮 Type the addresses visited (optional), or press "Skip".
wl-content-prompt = ✍️ Describe the work briefly ({ $min }–{ $max } characters).
wl-need-text = This step needs text; please send it as a message.
wl-text-empty = It cannot be empty; please type it again.
wl-text-too-short = That is too short (at least { $min } characters); say what was done.
wl-text-too-long = That is too long ({ $length } characters, at most { $max }); please shorten it and send it again.


wl-problems-prompt = ⚠️ Did you find any problems? Press "Report a problem" for each one (grid and date are filled in) so the community and sub-district follow it up; otherwise press "None".
wl-btn-no-problems = 👌 None
wl-summary-title = 📋 <b>Please check the log</b>
wl-summary-resubmit = ↩️ This log was returned; correct it and submit it again.
wl-summary-return-reason = Reason for the return: { $return_reason }
wl-summary-body = Date: { $date }
    Grid: { $grid }
    Tasks: { $tasks }
    Households: { $households }
    Addresses: { $addresses }
    Work: { $content }
    Photos: { $photos }
    Problems: { $problems }
wl-edit-date = ✏️ Date
wl-edit-grid = ✏️ Grid
wl-edit-tasks = ✏️ Tasks
wl-edit-households = ✏️ Households
wl-edit-addresses = ✏️ Addresses
wl-edit-content = ✏️ Work
wl-edit-photos = ✏️ Photos
wl-edit-problems = ✏️ Problems
wl-btn-submit = 📤 Submit
wl-incomplete = Something is still missing; the step to fill in is open.
wl-submitted = ✅ Work log #{ $id } submitted; waiting for the community Party secretary's signature. You will be told the result.
wl-submitted-no-signer = ✅ Work log #{ $id } submitted. Note: no Party secretary of your community uses the bot yet, so nobody can sign it; please tell the administrator.
wl-refused-not-allowed = Your role cannot fill in work logs.
wl-refused-grid-outside = That grid is not in your community; please pick another grid.
wl-refused-future = A log cannot be dated in the future; please change the date.
wl-refused-too-old = Logs can be filled in at most { $days } days back; please change the date.
wl-refused-month-locked = That month was submitted and is locked; the secretary must reopen it first.
wl-refused-no-category = Pick at least one task.
wl-refused-content = The work description or the number of households is not valid; please correct it.
wl-refused-too-long = The addresses are too long; please shorten them.
wl-refused-too-many-photos = At most 9 photos; please remove some.
wl-refused-not-found = This work log was not found.
wl-refused-not-returned = This work log is not returned, so it cannot be resubmitted.

## Log card
wl-card-title = 📋 <b>Grid work log #{ $id }</b>
wl-card-date = Date: { $date }
wl-card-grid = Grid: { $community } · { $grid }
wl-card-person = By: { $name } ({ $role })
wl-card-tasks = Tasks: { $tasks }
wl-card-households = Households visited: { $count }
wl-card-addresses = Addresses: { $addresses }
wl-card-content = Work: { $content }
wl-card-problems = Problems: reported { $problems }
wl-card-no-problems = Problems: none
wl-card-photos = Photos: { $count }
wl-card-status = Status: { $status }
wl-status-submitted = ⏳ awaiting signature
wl-status-returned = ↩️ returned
wl-status-approved = ✅ approved
wl-status-excluded = ➖ left out
wl-status-approved-by = ✅ approved ({ $signer }, { $at })
    Opinion: { $opinion }
wl-status-returned-why = ↩️ returned{ $when ->
    [yes] : { $reason }
   *[no] {""}
}
wl-status-excluded-why = ➖ left out of the monthly submission ({ $reason })
wl-opinion-none = approved
wl-icon-submitted = ⏳
wl-icon-returned = ↩️
wl-icon-approved = ✅
wl-icon-excluded = ➖
wl-short-line = { $status } #{ $id } { $date } { $grid } { $name }
wl-history = 🕘 <b>History</b>
wl-history-line = { $at } { $who } { $action } { $note }
wl-event-submitted = submitted
wl-event-resubmitted = resubmitted after changes
wl-event-approved = approved
wl-event-returned = returned
wl-event-excluded = left out of the month
wl-event-month-submitted = submitted with the month

## Signing
wl-sign-request = 📝 <b>A work log awaits your signature</b>
wl-told-approved = ✅ <b>Your work log was approved</b>
wl-told-returned = ↩️ <b>Your work log was returned</b>; please correct it and submit it again.
wl-btn-approve = ✅ Approve
wl-btn-return = ↩️ Return
wl-btn-edit = ✏️ Edit and resubmit
wl-btn-approve-plain = ✅ Approve (no opinion)
wl-btn-cancel = ✖️ Cancel
wl-opinion-prompt = ✍️ Type your opinion and send it, or press "Approve (no opinion)".
wl-reason-prompt = ↩️ Type the reason for returning it (required); the log goes back to its author.
wl-signed-approved = ✅ Work log #{ $id } approved; its author has been told.
wl-signed-returned = ↩️ Work log #{ $id } returned; its author has been told to correct it.
wl-sign-approved = You may sign it.
wl-sign-returned = Returned.
wl-sign-not-found = Work log #{ $id } was not found; it may have been deleted.
wl-sign-not-allowed = Only the Party secretary of { $community } (or their delegate) can sign this log; nothing was changed.
wl-sign-already-signed = Work log #{ $id } was already signed by { $signer } at { $at }; a signature is final.
wl-sign-already-returned = Work log #{ $id } was returned to its author; it will come back to you when resubmitted.
wl-sign-outdated = Work log #{ $id } was changed and resubmitted; please sign it from the newest message.
wl-sign-need-reason = A return needs a reason; please type it.
wl-sign-too-long = That is too long (at most { $max } characters); please shorten it.
wl-edit-not-returned = Work log #{ $id } is not returned, so there is nothing to correct.

## Awaiting my signature
wl-pending-title = ✍️ <b>Work logs awaiting my signature</b> ({ $total }, page { $page }/{ $pages })
wl-pending-empty = Nothing is waiting for your signature.
wl-btn-prev = ◀️ Previous
wl-btn-next-page = Next ▶️
wl-btn-approve-all = ✅ Approve all on this page
wl-approve-all-confirm = Approve these { $shown } work logs? The opinion will read "approved"; a signature is final.
wl-btn-confirm = ✅ Confirm
wl-approved-all = { $approved } approved{ $skipped ->
    [0] .
   *[other] ; { $skipped } skipped (already handled or not yours to sign).
}

## My logs
wl-my-logs = 📚 <b>My work logs</b> · { $year }-{ $month }
wl-community-logs = 🏘 <b>Community work logs</b> · { $year }-{ $month }
wl-list-total = { $total } in all
wl-list-empty = No work logs this month.
wl-filter-grid = Grid: { $value }
wl-filter-person = Person: { $value }
wl-filter-status = Status: { $value }
wl-btn-prev-month = ◀️ Previous month
wl-btn-next-month = Next month ▶️
wl-btn-first-page = ⏮ First page
wl-btn-more = More ▶️
wl-btn-scope-community = 🏘 Whole community
wl-btn-scope-mine = 👤 Only mine
wl-btn-filter-grid = 🔎 By grid
wl-btn-filter-person = 🔎 By person
wl-btn-filter-status = 🔎 By status
wl-pick-grid = Pick a grid:
wl-pick-person = Pick a person:
wl-pick-status = Pick a status:

## Monthly submission
wl-month-pick-community = 📤 <b>Monthly log submission</b>
    Pick the community:
wl-month-no-community = You are not the Party secretary or sign delegate of any community.
wl-month-pick-month = 📤 <b>Monthly log submission</b>
    Pick the month to submit:
wl-month-option = { $year }-{ $month }
wl-month-overview = 📤 <b>{ $community } · work logs of { $year }-{ $month }</b>
    { $total } logs: { $approved } approved, { $unsigned } unsigned, { $excluded } left out
    Due: { $deadline }
    Status: { $status }
wl-month-status-open = not submitted{ $late ->
    [yes] (⚠️ past the deadline: it will be marked late)
   *[no] {""}
}
wl-month-status-submitted = ✅ submitted at { $at }{ $late ->
    [yes] (late)
   *[no] {""}
}
wl-month-status-reopened = 🔓 reopened ({ $reason }); submit it again
wl-btn-month-submit = 📤 Submit to the Party-Mass Work Department
wl-month-empty-confirm = ⚠️ { $community } has no approved log for { $month }/{ $year }. Submit an empty month to the Party-Mass Work Department anyway?
wl-btn-month-submit-empty = ✅ Yes, submit the empty month
wl-btn-go-sign = ✍️ Sign them
wl-btn-exclude = ➖ Leave the unsigned out (with a reason)
wl-btn-reopen = 🔓 Reopen the month
wl-btn-other-month = 🗓 Another month
wl-month-exclude-prompt = Type why these unsigned logs are left out of the submission:
wl-month-reopen-prompt = Type why the month is reopened (it is recorded):
wl-month-submitted = ✅ { $count } work logs submitted to the Party-Mass Work Department{ $late ->
    [yes] (late)
   *[no] {""}
}; the workbook went to the department and to you. The month is locked.
wl-month-excluded = { $count } unsigned work logs are now left out of the submission.
wl-month-reopened = 🔓 The month is reopened: logs can be added and signed; submit it again afterwards.
wl-month-not-allowed = Only the community's Party secretary (or delegate) can submit the month.
wl-month-not-over = The month is not over yet; submit it after month end.
wl-month-unsigned-left = Some logs are still unsigned: sign them, or leave them out with a reason.
wl-month-already-submitted = This month was already submitted. Reopen it first to change it.
wl-month-changed = The month's logs changed while the workbook was being written. Please check the month and submit again.
wl-month-not-submitted = This month has not been submitted, so there is nothing to reopen.
wl-month-need-reason = Please give a reason.
wl-month-too-long = The reason is too long (at most { $max } characters).

## Monthly workbook
wl-sheet-logs = Work logs
wl-sheet-summary = Summary
wl-sheet-title = { $community } grid work logs ({ $month })
wl-col-no = No.
wl-col-date = Date
wl-col-grid = Grid
wl-col-person = Name
wl-col-deployment = Deployment
wl-col-tasks = Tasks
wl-col-households = Households
wl-col-addresses = Addresses
wl-col-content = Work
wl-col-problems = Problems found
wl-col-photos = Photos
wl-col-opinion = Opinion
wl-col-signer = Signed by
wl-col-signed-at = Signed at
wl-sum-title = 📤 { $community } { $month } grid work logs
wl-sum-counts = { $count } logs by { $people } people; { $households } households visited.
wl-sum-excluded = { $count } unsigned logs left out, with a reason.
wl-sum-by-grid = {"By grid: "}
wl-sum-by-task = {"By task: "}
wl-sum-item = { $name } { $count }
wl-sum-submitted = Submitted by { $name } at { $at }
wl-sum-late = (late)
wl-btn-photos = 📷 View photos ({ $photos })
wl-btn-report-problem = ⚠️ Report a problem
wl-btn-no-more-problems = ✅ No other problems
wl-problems-reported = Reported: { $reported }
wl-problems-use-button = Please press "⚠️ Report a problem" to record it so it is followed up; press "👌 None" if there is none.
wl-problems-separator = {"; "}
wl-pending-problems = 📂 { $problems } problem items also wait for you.
wl-pending-registers = 📋 { $registers } problem register(s) wait for your signature or submission.
wl-btn-pending-problems = 📂 Problems ({ $waiting })
