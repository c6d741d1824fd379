## Administrator (issue 17): the holiday arrangement file, sign delegates

admin-open-calendar = 📅 Holiday calendar
admin-open-delegates = ✍️ Sign delegates
admin-cal-ask =
    <b>📅 Load the holiday arrangement</b>
    Send next year's holiday arrangement as a file (UTF-8 text, the format <code>gridbot calendar load</code> reads), one entry a line:
    <code>休 2027-01-01..2027-01-03 元旦</code>
    <code>班 2027-02-14 春节调休</code>
    “休” marks days off (a range is allowed), “班” a make-up working day. You will see a preview first; nothing is loaded until you confirm.
admin-cal-send-file = Please send the holiday arrangement as a <b>file</b> (not text or a photo).
admin-cal-download-failed = The file could not be downloaded; please send it again in a moment.
admin-cal-preview = <b>Holiday arrangement { $year }: preview</b> (not loaded yet; check it, then confirm)
admin-cal-holidays = 🏖 Days off ({ $count } periods):
admin-cal-workdays = 🏢 Make-up working days ({ $count }):
admin-cal-date = { $year }-{ $month }-{ $day }
admin-cal-day = • { $day } { $name }
admin-cal-range = • { $first } to { $last } { $name } ({ $count } days)
admin-cal-confirm = ✅ Load it
admin-cal-again = 🔄 Send another file
calendar-error-not-admin = Only an administrator may load the holiday arrangement.
remind-calendar-open = 📅 Send the holiday file

admin-dlg-communities = <b>✍️ Sign delegates</b>: a delegate may sign a community's logs in place of its secretary. Choose the community:
admin-dlg-no-communities = There are no communities yet; import the roster first.
admin-dlg-current = Sign delegates of <b>{ $community }</b>:
admin-dlg-person = • { $name }
admin-dlg-none = (none)
admin-dlg-remove = ➖ Remove { $name }
admin-dlg-add = ➕ Name a delegate
admin-dlg-other = 🏘 Another community
admin-dlg-pick = Choose the delegate from the community's people:
admin-dlg-no-people = The community has nobody to choose.
admin-dlg-confirm-add = Name <b>{ $name }</b> a sign delegate of <b>{ $community }</b>? They may then sign the community's logs.
admin-dlg-confirm-remove = Remove <b>{ $name }</b> as a sign delegate of <b>{ $community }</b>?
admin-dlg-yes = ✅ Confirm
admin-dlg-delegated = { $name } is now a sign delegate of { $community }.
admin-dlg-removed = { $name } is no longer a sign delegate of { $community }.
admin-dlg-no-person = { $name } is no longer among { $community }'s people; nothing changed.
admin-dlg-no-community = The community no longer exists; nothing changed.
admin-dlg-not-delegate = { $name } is no longer a sign delegate of { $community }; nothing changed.
