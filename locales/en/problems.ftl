## Problems and suggestions (issue 5)
action-problems = 📂 Problems

problem-kind-problem = Problem
problem-kind-suggestion = Suggestion

problem-cat-safety = Safety hazard
problem-cat-dispute = Dispute
problem-cat-environment = Environment
problem-cat-facilities = Facilities
problem-cat-livelihood = Livelihood
problem-cat-policy = Policy question
problem-cat-other = Other

problem-status-reported = waiting for the community
problem-status-accepted = accepted by the community
problem-status-claimed = claimed by the paired cadre
problem-status-escalated = escalated to the sub-district
problem-status-registered = registered by the Party and Government Office
problem-status-assigned = assigned to a responsible leader
problem-status-in_progress = in progress
problem-status-resolved = resolved, waiting for confirmation
problem-status-closed = confirmed and closed

problem-move-accept = ✅ Accept
problem-move-resolve = 🛠 Resolve
problem-move-claim = 🙋 Claim
problem-move-escalate = ⬆️ Escalate
problem-move-register = 🗂 Register
problem-move-assign = 👤 Assign a leader
problem-move-start = ▶️ Start
problem-move-confirm = 👍 Confirm fixed
problem-move-not_fixed = 👎 Not fixed
problem-move-city = 🏙 Needs city coordination
problem-move-report = 📣 Reported
problem-move-same = 🔁 Reported again
problem-move-ack = 👀 Acknowledged

problem-urgency-normal = Normal
problem-urgency-urgent = 🚨 Special/major (handle at once)

## Report
problem-report-title = 📣 <b>Report</b>
problem-ask-kind = What are you reporting?
problem-ask-grid = Which grid?
problem-no-grids = No grid found for you; please ask the administrator to check the roster.
problem-ask-category = Choose a category:
problem-ask-description = Describe the problem or suggestion in text (at most { $max } characters):
problem-ask-location = Send a location (📎 → Location) or type an address:
problem-photos-count = { $count } / { $max } photos received.
problem-ask-resident-name = Type the name of the resident you report for (if they do not want to be named, go back and choose “Anonymous”):
problem-ask-resident-phone = Resident's mobile number (optional): type it, or press “Skip”:
problem-ask-urgency = How urgent? Special/major items go at once to the principal leaders, the leader in charge and the Party and Government Office:
problem-confirm-title = 📋 <b>Please check your report</b>
problem-confirm-kind = Kind: { $kind }
problem-confirm-grid = Grid: { $grid }
problem-confirm-urgency = Urgency: { $urgency }
problem-edit-kind = ✏️ Kind
problem-edit-grid = ✏️ Grid
problem-edit-category = ✏️ Category
problem-edit-description = ✏️ Content
problem-edit-location = ✏️ Location
problem-edit-photos = ✏️ Photos
problem-edit-resident = ✏️ Resident
problem-edit-urgency = ✏️ Urgency
problem-confirm-category = Category: { $category }
problem-confirm-description = Content: { $text }
problem-duplicates-hint = 🔎 Open items of the same category in this grid from the last 7 days. If it is the same matter, press “Same as”, no need to report it twice:
problem-duplicate-line = #{ $id } { $text }
problem-btn-same = 🔁 Same as #{ $id }
problem-btn-submit = ✅ Submit
problem-btn-cancel = ✖️ Cancel
problem-btn-skip = ⏭ Skip
problem-btn-photos-done = ✅ Done
problem-reported = ✅ Reported as #{ $id }. You will be told when the community accepts it; see also “📂 Problems”.
problem-reported-urgent = 🚨 Reported as #{ $id } and sent at once to the sub-district leaders and the Party and Government Office.
problem-linked = ✅ Added to the history of #{ $id }; no new item was created.

## Bad input
problem-description-empty = The description cannot be empty or longer than { $max } characters. Please describe it in text.
problem-location-implausible = That location is not plausible (outside China). Send the location again or type an address.
problem-location-need = Send a location (📎 → Location) or type an address.
problem-too-many-photos = At most { $max } photos; this one was not kept. Press “Done” to continue.
problem-resident-name-bad = Type the resident's name (at most 50 characters). If they do not want to be named, press “Back” and choose “Anonymous”.
problem-resident-phone-bad = That is not a valid mobile number. Type 11 digits, or press “Skip”.
problem-bad-kind = That option is not valid; please choose again.
problem-bad-category = That category is not valid; please choose again.
problem-bad-grid = You cannot report in that grid; please choose again.
problem-note-empty = Please write a note (not empty, at most { $max } characters).
problem-due-past = The due date cannot be in the past; please pick another date.
problem-pick-leader = Please pick a sub-district leader as the responsible leader.
problem-no-permission = You may not take this step (only the responsible people of the right community or sub-district may).
problem-changed = This item has changed in the meantime; here it is again.
problem-not-found = Item not found, or you may not see it.

## Item card
problem-card-title = <b>#{ $id } { $kind } · { $category }</b>
problem-card-urgent = 🚨 Special/major (handle at once)
problem-card-status = Status: { $status }
problem-card-where = Where: { $community } · { $grid }
problem-card-reported = Reported by { $reporter } ({ $at })
problem-card-description = Content: { $text }
problem-card-location = 📍 Location: { $lat }, { $lon }
problem-card-address = 📍 Address: { $address }
problem-card-photos = 📷 { $count } photo(s)
problem-card-resident = Resident: { $name } { $phone }
problem-card-owner = Current owner: { $owner }
problem-card-leader = Responsible leader: { $leader }
problem-card-due = Due: { $due }
problem-card-due-overdue = ⚠️ Overdue (due { $due })
problem-card-city = 🏙 Needs city coordination: { $note }
problem-card-result = Result: { $result }

problem-btn-open = 🔎 Open
problem-btn-ack = ✅ Acknowledge
problem-btn-history = 📜 History
problem-btn-photos = 📷 Photos
problem-move-done = ✅ Done; status now: { $status }
problem-history-title = 📜 <b>History of #{ $id }</b>
problem-history-line = { $at } { $actor }: { $move } ({ $before } → { $after })

problem-ask-note-resolve = What was done?
problem-ask-note-not_fixed = What is still not fixed?
problem-ask-note-escalate = Why escalate, and what do you suggest?
problem-ask-note-city = What needs city-level coordination? (Press again to clear the flag.)
problem-ask-result-photos = Send photos of the result (optional, at most 9), then press “Submit”.
problem-ask-leader = Choose the responsible leader:
problem-ask-due = Choose the due date:

## Notifications
problem-event-report = 📣 New report #{ $id } ({ $actor }), waiting for the community.
problem-event-same = 🔁 #{ $id } was reported again by { $actor }.
problem-event-ack = 👀 #{ $id } was acknowledged by { $actor }.
problem-event-accept = ✅ #{ $id } was accepted by { $actor }. Status: { $status }
problem-event-resolve = 🛠 #{ $id } was resolved by { $actor }; the reporter is asked to confirm.
problem-event-claim = 🙋 #{ $id } was claimed by the paired cadre { $actor }.
problem-event-escalate = ⬆️ #{ $id } was escalated by { $actor }, waiting for the Party and Government Office.
problem-event-register = 🗂 #{ $id } was registered by { $actor }, waiting for a principal leader to assign it.
problem-event-assign = 👤 #{ $id } was assigned by { $actor }. Status: { $status }
problem-event-start = ▶️ #{ $id } is being handled by { $actor }.
problem-event-confirm = 👍 #{ $id } was confirmed fixed by the reporter { $actor }; closed.
problem-event-not_fixed = 👎 #{ $id }: the reporter { $actor } says it is not fixed; reopened. Status: { $status }
problem-event-city = 🏙 { $actor } updated the city-coordination flag of #{ $id }.
problem-event-note = Note: { $note }
problem-todo = 🔔 { $event }
    Your turn: the card of #{ $id } above shows where it stands now; press the button below to open it.
problem-urgent-push = 🚨 <b>Handle at once #{ $id }</b>: a special/major situation. Please act and press “Acknowledge”.
problem-urgent-again = 🚨 <b>Handle at once #{ $id } (reminder { $round })</b>: nobody has acknowledged it yet.
problem-urgent-admin = ⚠️ Nobody acknowledged urgent item #{ $id } within { $minutes } minutes; it was sent again (round { $round }). Please contact the leaders.
problem-ack-done = ✅ #{ $id } acknowledged; the reporter has been told.
problem-ack-earlier = #{ $id } was already acknowledged by { $name }.

## Pending
problem-pending-title = 📂 <b>Problems waiting for me</b>
problem-pending-empty = Nothing is waiting for you.
problem-pending-count = { $count } item(s); press one to open it:
problem-pending-item = { $flag }#{ $id } { $todo } · { $title } · due { $due }
problem-pending-register_sign = ✍️ { $community } register { $year }-{ $month } to sign
problem-pending-register_submit = { $flag }📤 { $community } register { $year }-{ $month } to submit (by { $due })

## Monthly register
register-submit-title = 📤 <b>Register { $year }-{ $month }</b>
register-submit-body = { $count } item(s) not closed in the community: { $ids }
    Submitting sends it to the Party and Government Office, where a principal leader signs it and names a responsible leader for each item.
register-btn-submit = 📤 Submit
register-submitted = ✅ Submitted to the Party and Government Office.
register-month-not-over = The month is not over yet; submit its register after month end.
register-already-submitted = This month's register was already submitted.
register-already-signed = This register is already signed.
register-items-unassigned = Some items have no responsible leader or due date yet; assign every item before signing.
register-title = 🗂 <b>{ $community } register of problems and suggestions, { $year }-{ $month }</b>
register-signed-by = ✍️ Signed by { $signer } on { $at }
register-unsigned = Not signed yet
register-empty = No items to assign this month.
register-item-line = #{ $id } [{ $category }] { $text } — leader: { $leader }, due: { $due }
register-btn-item = #{ $id } leader: { $leader }
register-btn-sign = ✍️ Sign the register
register-btn-export = 📥 Export Excel
register-btn-open = 🗂 Open the register
register-signed = ✅ Signed; the community and the office have been told.
register-ask-leader = Choose the responsible leader for this item:
register-submitted-notice = 🗂 { $community } submitted its register for { $year }-{ $month } ({ $count } items); please sign it and name a responsible leader for each item.
register-signed-notice = ✍️ { $community } register { $year }-{ $month } was signed by { $signer }.
register-note-urgent = special/major
register-note-city = needs city coordination: { $note }
register-xlsx-title = Register of problems and suggestions ({ $community }, { $year }-{ $month })
register-xlsx-signed = Signed: { $signer }  { $at }
register-xlsx-unsigned = Not signed yet
register-xlsx-sheet = Problem register
register-col-number = No.
register-col-reported-at = Reported at
register-col-community = Community
register-col-grid = Grid
register-col-reporter = Reported by
register-col-category = Category
register-col-content = Problem / suggestion
register-col-advice = Proposed handling
register-col-leader = Responsible leader
register-col-due = Deadline
register-col-result = Result
register-col-remarks = Remarks

## Sources, 12345 work orders, on behalf and anonymous (issue 18)
problem-source-grid_visit = Grid visit
problem-source-window = Service window
problem-source-phone_visit = Call or visit
problem-source-hotline = 12345 hotline
problem-source-referral = Department referral
problem-source-current = ✅ { $source }
problem-ask-source = Where did this come from (✅ is the current source)?
problem-ask-order-no = Type the 12345 hotline work order number (letters and digits, groups joined by -, at most 40):
problem-ask-resident = Who raised this?
problem-resident-self = 🙋 Found it myself
problem-resident-on_behalf = 👥 On a resident's behalf
problem-resident-anonymous = 🙈 Anonymous (no resident data kept)
problem-confirm-source = Source: { $source }
problem-confirm-order = Work order: { $order }
problem-confirm-on-behalf = On behalf of: { $name } { $phone }
problem-confirm-resident-self = Raised by: found it myself
problem-confirm-resident-anonymous = Raised by: anonymous (no resident data kept)
problem-edit-source = ✏️ Source
problem-edit-order = ✏️ Work order
problem-bad-source = That source is not valid; please choose again.
problem-order-bad = That is not a valid work order number. Type the 12345 hotline order number (letters and digits with at least one digit, groups joined by -, at most 40 characters).
problem-order-taken = Work order { $order } was already reported (#{ $id }, { $status }); it cannot be reported twice. See #{ $id } under “📂 Problems”.
problem-order-no-link = A 12345 work order has its own deadlines and call back: report it on its own, not as the same as another item.
problem-anonymous-resident = An anonymous report keeps no resident data; please choose again who raised it.
problem-card-source = Source: { $source }
problem-card-order = Work order: { $order }
problem-card-anonymous = Resident: anonymous
problem-card-resident-group = Resident: yes (name and phone on the item card in the bot)
problem-quota = 📊 Reported this month: { $reported }/{ $quota }
register-col-source = Source
register-col-order-no = Work order
register-col-resident = Resident
register-anonymous = Anonymous
