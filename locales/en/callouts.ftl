## Emergency call-outs (issue 8)
cmd-callout = 🚨 Emergency call-out

callout-kind-fire = 🔥 Fire
callout-kind-flood = 🌊 Flood
callout-kind-safety = 🚓 Public safety
callout-kind-medical = 🚑 Medical
callout-kind-other = ❗ Other

callout-wave-squad = the community's emergency squad
callout-wave-brigade = the law-enforcement brigade
callout-wave-neighbour = a neighbouring community's squad (call-out widened)

callout-status-open = open
callout-status-closed = closed

callout-answer-coming = on my way
callout-answer-cannot = can't come
callout-answer-none = no answer

callout-place-location = 📍 location { $lat }, { $lon }

callout-btn-new = 🚨 Raise a call-out
callout-btn-go = 🏃 On my way
callout-btn-cannot = 🙅 Can't come
callout-btn-end = ✅ End
callout-btn-export = 📊 Export timeline
callout-btn-send = 🚨 Send now
callout-btn-cancel = ✖️ Cancel
callout-btn-brigade-yes = Also call the law-enforcement brigade
callout-btn-brigade-no = Only the community's squad

callout-start = 🚨 Emergency call-out: alerts the community's emergency squad at once (quiet hours and mutes do not apply).
callout-recent-title = Recent call-outs (open one to see the roll, end it or export its timeline):
callout-recent-item = #{ $id } { $community } · { $kind } · { $at } · { $status }
callout-ask-community = For which community?
callout-ask-kind = Community: { $community }
    What kind of emergency?
callout-ask-place = Where? Send a location (📎 → Location) or type the address (at most { $max } characters).
callout-ask-need = What is needed? People and tasks, briefly (at most { $max } characters).
callout-ask-brigade = Call the law-enforcement brigade too?
callout-confirm = 🚨 Confirm the call-out
    Community: { $community }
    Kind: { $kind }
    Place: { $place }
    Needed: { $need }
    Who: { $brigade }
    It goes out as soon as you confirm.
callout-sent = 🚨 Call-out #{ $id } sent to { $count }; the roll updates itself as people answer.
callout-sent-nobody = ⚠️ Call-out #{ $id } recorded, but the community has no reachable squad member (none bound): it widens to the neighbouring squads now and the leader in charge is told.

callout-no-community = There is no community you may raise a call-out for.
callout-no-permission = You may not raise a call-out for this community.
callout-bad-kind = Please choose the kind with the buttons.
callout-place-hint = Send a location (📎 → Location) or type the address (at most { $max } characters).
callout-need-invalid = Please type what is needed (text, 1–{ $max } characters).
callout-text-only = Please type text.
callout-text-need-reason = This cannot be empty; please type it (at most { $max } characters).
callout-text-too-long = Too long: at most { $max } characters, please.

callout-alert = 🚨🚨 Emergency call-out #{ $id }
    Community: { $community }
    Kind: { $kind }
    Place: { $place }
    Needed: { $need }
    Raised by: { $caller }
    Called: { $wave }
    Answer now: on my way, or can't come (with the reason).

callout-roll-head = 🚨 Call-out #{ $id } · { $community } · { $kind }
    Place: { $place }
    Needed: { $need }
    Raised at { $raised }, { $minutes } min ago
callout-roll-answered = Answered: { $answered }/{ $total }
callout-roll-widened = ⚠️ Too few on their way: widened to the neighbouring squads; the leader in charge was told
callout-roll-coming = 🏃 On their way ({ $count }): { $names }
callout-roll-cannot = 🙅 Can't come ({ $count })
callout-roll-cannot-line = { "  ·" } { $name }: { $reason }
callout-roll-waiting = ⏳ No answer yet ({ $count }): { $names }
callout-roll-closed = ✅ Ended at { $at }: { $outcome }
callout-roll-more = … and { $count } more

callout-go-done = Recorded: on your way (call-out #{ $id }). Stay safe!
callout-ask-reason = Why can't you come? (required, at most { $max } characters)
callout-cannot-done = Recorded: can't come (call-out #{ $id }).
callout-ask-outcome = The outcome, briefly (at most { $max } characters); the call-out then ends and everyone called is told:
callout-closed-done = ✅ Call-out #{ $id } ended; everyone called was told.
callout-over = ✅ Call-out #{ $id } ({ $community }) is over; no need to come.
    Outcome: { $outcome }
callout-leader-widened = ⚠️ Call-out #{ $id } ({ $community } · { $kind }): after { $minutes } min only { $coming } on their way ({ $min } needed); widened to the neighbouring squads: { $neighbours }.
    Place: { $place }
    Needed: { $need }

callout-refused-not-found = No such call-out: this button is not valid.
callout-refused-not-called = This call-out was not sent to you; you cannot answer it.
callout-refused-not-allowed = Only the caller, the community's secretary, its leader in charge, a principal leader or the administrator may do this.
callout-refused-closed = Call-out #{ $id } is over; nothing to answer or do.
callout-refused-stale = This button is out of date (call-out #{ $id } changed); nothing was changed.
callout-refused-same = Already recorded: on your way (call-out #{ $id }).
callout-refused-need-reason = Please give the reason (at most { $max } characters).
callout-refused-too-long = Too long: at most { $max } characters, please.

callout-export-sent = Sending the timeline of call-out #{ $id }…
callout-export-caption = Call-out #{ $id }: timeline

callout-x-sheet-summary = Summary
callout-x-sheet-timeline = Timeline
callout-x-id = No.
callout-x-community = Community
callout-x-kind = Kind
callout-x-place = Place
callout-x-need = Needed
callout-x-caller = Raised by
callout-x-raised = Raised at
callout-x-status = Status
callout-x-closed = Ended at
callout-x-outcome = Outcome
callout-x-col-name = Name
callout-x-col-wave = Called as
callout-x-col-answer = Answer
callout-x-col-at = Answered at
callout-x-col-reason = Reason
callout-x-col-time = Time
callout-x-col-person = Person
callout-x-col-event = Event
callout-x-col-note = Note

callout-event-raised = raised
callout-event-sent = sent
callout-event-coming = on the way
callout-event-cannot = can't come
callout-event-enough = enough on their way, not widened
callout-event-widened = widened to neighbours
callout-event-leader_told = leader in charge told
callout-event-closed = ended

cli-neighbours-now = Neighbours of { $community } (their squads are called when a call-out widens): { $names }
cli-neighbours-unknown = No such community: { $names }
cli-neighbours-ambiguous = Several communities have this name: { $names }
cli-neighbours-self = A community cannot be its own neighbour: { $names }
