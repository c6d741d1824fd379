# Meeting filing (issue 8)

meeting-home = 🗓 <b>Meeting filing</b>
    A meeting that needs community cadres is filed beforehand and checked by 党政办: merged where possible, dropped where possible. A meeting not filed cannot be announced through this bot.
meeting-btn-new = ➕ File a meeting
meeting-btn-mine = 📂 Meetings I filed
meeting-btn-online = 💻 Online meeting
meeting-btn-submit = ✅ File it
meeting-btn-ok = ✅ Approve
meeting-btn-no = ❌ Decline
meeting-btn-merge = 🔗 Merge with #{ $other }
meeting-btn-att = 👥 Name attendees
meeting-btn-attend-save = ✅ Save attendees

meeting-ask-subject = Subject of the meeting (at most { $max } characters)?
meeting-subject-bad = The subject cannot be empty, at most { $max } characters.
meeting-ask-when = Date and start time, e.g. 2026-12-03 14:30 or 12-03 14:30?
meeting-when-format = I cannot read that time; type e.g. 2026-12-03 14:30.
meeting-when-past = ⚠️ The meeting must be in the future.
meeting-ask-minutes = How long? Choose or type minutes.
meeting-minutes-option = { $minutes } min
meeting-minutes-bad = Type the length in minutes, 1 to { $max }.
meeting-ask-place = Where? Type the place, or press the button for an online meeting.
meeting-place-bad = The place cannot be empty, at most { $max } characters.
meeting-ask-communities = Which communities must attend (several allowed)? Then press "Next".
meeting-no-communities = Choose at least one community.
meeting-ask-people = How many people from { $community }? Choose or type (at most { $max }).
meeting-people-bad = Type a number from 1 to { $max }.
meeting-ask-why = Why can a prompt sheet not do instead of this meeting (at most 300 characters)?
meeting-why-bad = Give the reason, at most { $max } characters.
meeting-no-permission = Only department staff may file meetings.
meeting-filed = ✅ Meeting filed as #{ $id }; waiting for 党政办.
meeting-merge-proposed-filer = 🔗 Filed meetings on the same day or the next working day involve the same communities; 党政办 is asked to consider a merge:
meeting-merge-proposed = 🔗 <b>Merge proposed</b>: these filed meetings on the same day or the next working day involve the same communities:
meeting-merge-candidate = • #{ $id } { $subject } ({ $when }, { $communities }, { $filer })

meeting-card-title = 🗓 <b>Meeting #{ $id }</b>: { $subject }
meeting-card-status = Status: { $status }
meeting-card-from = Filed by: { $name } ({ $department })
meeting-card-when = When: { $when }, { $minutes } minutes
meeting-card-place = Place: { $place }
meeting-card-online = Place: online
meeting-card-people = Communities: { $people }
meeting-card-people-item = { $community } { $count }
meeting-card-why = Why not a prompt sheet: { $why }
meeting-card-declined = Declined because: { $reason }
meeting-card-merged = Merged into meeting #{ $other }
meeting-card-attendees = { $community } attends: { $names }
meeting-status-draft = not filed yet
meeting-status-filed = waiting for 党政办
meeting-status-approved = approved
meeting-status-declined = declined
meeting-status-merged = merged

meeting-notice-filed = 📝 New meeting filed, #{ $id }: please decide.
meeting-notice-approved = ✅ Your meeting #{ $id } was approved by 党政办; the communities are told.
meeting-notice-declined = ❌ Your meeting #{ $id } was declined. Reason: { $reason }
meeting-notice-merged = 🔗 党政办 merged meeting #{ $id } into meeting #{ $other }; the merged meeting is approved and the communities are told.
meeting-notice-announce = 📣 Meeting #{ $id }, approved by 党政办: { $community } sends { $count }. Press the button to name who attends.
meeting-notice-attendees = 👥 Meeting #{ $id }: { $community } sends { $names }.

meeting-decided-ok = ✅ Meeting #{ $id } approved; the communities are told.
meeting-decided-no = ❌ Meeting #{ $id } declined; the filer is told why.
meeting-decided-mg = 🔗 Meeting #{ $id } merged into #{ $other }; the merged meeting is approved and announced.
meeting-ask-reason = Why is it declined (at most 300 characters)? The filer is told.
meeting-reason-bad = Give the reason, at most { $max } characters.
meeting-not-office = ⚠️ Only 党政办 decides on filed meetings.
meeting-stale = ⚠️ This button is out of date: the meeting was already decided.
meeting-merge-gone = ⚠️ Meeting #{ $other } was already decided and cannot be merged.
meeting-merge-not-candidate = ⚠️ Meeting #{ $other } is not on the same or the next working day with a shared community, so it cannot be merged.
meeting-not-found = Meeting not found.
meeting-not-approved = ⚠️ The meeting is not approved; no attendees can be named.
meeting-not-your-community = ⚠️ The meeting does not involve your community; only its secretaries name attendees.
meeting-ask-attendees = Choose who attends, at most { $cap } ({ $count } chosen).
meeting-ask-attendees-for = Choose who attends from { $community }, at most { $cap } ({ $count } chosen).
meeting-ask-attend-community = You are secretary of several communities this meeting needs: first choose which one to name attendees for.
meeting-attend-community-item = { $community } (needs { $count })
meeting-attend-choose-community = ⚠️ You are secretary of several communities this meeting needs: choose the community first.
meeting-attend-not-that-community = ⚠️ You are not the secretary of that community, or the meeting does not involve it; no attendees can be named for it.
meeting-attend-none = Choose at least one person.
meeting-attend-too-many = ⚠️ The meeting needs { $cap } people and you chose { $count }; remove some and save again.
meeting-attend-not-member = ⚠️ Only people of your community can be chosen.
meeting-attend-saved = ✅ { $count } attendees named for meeting #{ $id }; the filer is told.
meeting-attend-saved-for = ✅ { $count } attendees from { $community } named for meeting #{ $id }; the filer is told.

meeting-mine-title = 📂 <b>Meetings I filed</b>
meeting-mine-empty = You have not filed any meetings yet.
meeting-mine-item = #{ $id } { $subject } · { $day } · { $status }
