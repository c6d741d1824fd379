# Work prompt sheets (issue 8)

sheet-home = 📋 <b>Work prompt sheets</b>
    A department gives a community a task only as a short, clear prompt sheet: no forwarding documents, no passing meetings on.
sheet-home-draft = 📝 You have an unsent draft; press "New sheet" to go on with it.
sheet-btn-new = ➕ New sheet
sheet-btn-mine = 📂 Sheets I sent
sheet-btn-cancel = ✖️ Cancel
sheet-btn-next = ➡️ Next
sheet-btn-all = ☑️ All communities
sheet-btn-skip = ⏭ Skip
sheet-btn-submit = ✅ Submit
sheet-btn-discard = 🗑 Discard draft
sheet-btn-photos = 🖼 Result photos
sheet-btn-refresh = 🔄 Refresh
sheet-btn-urgent = 🚨 Mark as urgent
sheet-btn-not-urgent = Not urgent
sheet-btn-contact-me = 👤 I am the contact
sheet-btn-rcv = 📥 Received
sheet-btn-done = ✅ Done
sheet-btn-ask = ❓ Question
sheet-btn-ans = 💬 Answer

sheet-ask-title = Title of the sheet (at most { $max } characters)?
sheet-ask-body = What should the community do (at most { $limit } characters)? If it does not fit, the task is not yet clear: settle it first.
sheet-body-current = Current text: { $counter }
sheet-body-ok = ✍️ Noted ({ $counter } characters).
sheet-body-empty = The text cannot be empty: say what the community should do.
sheet-body-too-long = ⚠️ { $count }/{ $limit } characters, { $over } too many. A prompt sheet is short and clear: needing more text means the task is not yet clear. Shorten it to { $limit } characters and send it again.
sheet-body-kept = Your text is kept below; copy it, shorten it and send it again:
sheet-ask-communities = Which communities (several allowed)? Then press "Next".
sheet-no-communities = Choose at least one community.
sheet-ask-due = Choose or type the due date (e.g. 2026-12-03 or 12-03).
    Not urgent: { $earliest } at the earliest ({ $lead } working days ahead).
sheet-due-urgent-on = 🚨 Marked urgent: any working day from today.
sheet-due-format = I cannot read that date; type e.g. 2026-12-03 or 12-03.
sheet-due-past = ⚠️ The due date cannot be before today. The earliest allowed is { $earliest }.
sheet-due-not-working = ⚠️ The due date must be a working day (public holidays and weekends are off, make-up days are on). The earliest allowed is { $earliest }.
sheet-due-too-soon = ⚠️ The due date must be at least { $lead } working days ahead: { $earliest } at the earliest. If it really is urgent, press "🚨 Mark as urgent" and give the reason.
sheet-ask-urgent-reason = Why is it urgent (at most { $max } characters)? An urgent sheet may be due sooner than 2 working days.
sheet-urgent-reason-needed = An urgent sheet needs a reason (at most { $max } characters).
sheet-ask-contact = Contact person (name and phone), or press the button to name yourself.
sheet-contact-bad = The contact cannot be empty, at most { $max } characters.
sheet-ask-attach = You may add one photo or one location (optional); files are not accepted. Press "Skip" if not needed.
sheet-attach-hint = Send one photo or one location, or press "Skip".
sheet-no-documents = ⚠️ A prompt sheet takes no files: the rule is "no forwarding documents" (以文转文). Write what the community must do; one photo or a location may be added.
sheet-one-attachment = One photo or one location, not both.
sheet-need-text = Please answer with text.
sheet-title-bad = The title cannot be empty, at most { $max } characters.

sheet-summary-title = 📋 <b>Please check the sheet</b>
    Title: { $title }
sheet-summary-body = Text ({ $counter }): { $body }
sheet-summary-communities = Communities ({ $count }): { $communities }
sheet-summary-due = Due: { $due }
sheet-summary-no-attachment = Attachment: none
sheet-summary-hint = Press a button to change any part, then submit.
sheet-edit-title = ✏️ Title
sheet-edit-body = ✏️ Text
sheet-edit-communities = ✏️ Communities
sheet-edit-due = ✏️ Due date
sheet-edit-contact = ✏️ Contact
sheet-edit-attach = ✏️ Photo/location
sheet-discarded = Draft discarded.
sheet-sent = ✅ Sheet #{ $id } sent. See each community's progress under "Sheets I sent".
sheet-no-permission = Only department staff may send prompt sheets.

sheet-card-title = 📋 <b>Prompt sheet #{ $id }</b>: { $title }
sheet-card-community = Community: { $community }
sheet-card-from = From: { $name } ({ $department })
sheet-card-body = Task: { $body }
sheet-card-due = Due: { $due }
sheet-card-urgent = 🚨 Urgent: { $reason }
sheet-card-contact = Contact: { $contact }
sheet-card-location = Location: { $lat }, { $lon }
sheet-card-photo = 1 photo attached
sheet-photo-caption = Photo of prompt sheet #{ $id }

sheet-notice-new = 📬 New prompt sheet #{ $id }; please handle it by the due date.
sheet-notice-answer = 💬 The sender of sheet #{ $id } answered your question: { $answer }
sheet-notice-question = ❓ { $name } ({ $community }) has a question about sheet #{ $id } ({ $title }):
    { $question }
    Press the button to answer.
sheet-notice-done = ✅ { $name } ({ $community }) finished sheet #{ $id } ({ $title }):
    { $result }
    ({ $photos } photos)

sheet-received-done = Sheet #{ $id } marked as received.
sheet-ask-result = Briefly, what was done (at most 300 characters)?
sheet-ask-result-photos = You may send photos of the result (optional), then press "Submit".
sheet-photos-count = { $count } / { $max_photos } photos received.
sheet-photos-hint = Send photos (at most { $max }), or press "Submit".
sheet-too-many-photos = At most { $max } photos.
sheet-ask-question = Write your question (at most 300 characters); it goes to the sheet's sender.
sheet-ask-answer = Write your answer (at most 300 characters); it goes to the community's secretary.
sheet-note-bad = Please type text, at most { $max } characters.
sheet-replied-done = ✅ Sheet #{ $id } reported done ({ $community }).
sheet-replied-ask = ❓ Your question went to the sender of sheet #{ $id }.
sheet-replied-ans = 💬 Your answer went to { $community }.
sheet-stale = ⚠️ This button is out of date: the sheet's state has changed. Use the latest message.
sheet-not-found = Sheet not found.
sheet-not-your-community = ⚠️ This sheet was not sent to your community; only its secretary may answer it.
sheet-not-sender = ⚠️ Only the sheet's sender may answer questions.

sheet-mine-title = 📂 <b>Sheets I sent</b> (done/communities)
sheet-mine-empty = You have not sent any sheets yet.
sheet-mine-item = #{ $id } { $title } · { $done }/{ $total }{ $questions ->
        [0] {""}
       *[other] {" "}❓{ $questions }
    } · { $due }
sheet-status-head = <b>Progress by community</b>
sheet-status-line = • { $community }: { $status }{ $flag }
sheet-line-result = Result: { $result } ({ $photos } photos)
sheet-line-question = Question: { $question }
sheet-line-answer = Answer: { $answer }
sheet-status-sent = sent
sheet-status-received = received
sheet-status-question = question asked
sheet-status-answered = answered
sheet-status-done = done

remind-prompt-sheets = ⏰ Your community has { $count } prompt sheets due soon or overdue:
    { $lines }
    Press "Done" or "Question" under the sheet's message.
remind-prompt-sheets-line = { $mark } #{ $id } { $title } ({ $community }, due { $due })

remind-sheet-questions = ❓ { $count } communities asked about your prompt sheets and wait for your answer:
    { $lines }
    Press "💬 Answer" under the question's message, or see "📂 Sheets I sent" in /sheet.
remind-sheet-questions-line = ❓ #{ $id } { $title } · { $community }

cmd-sheet = Work prompt sheets (department staff)
cmd-meeting = Meeting filing (department staff)
