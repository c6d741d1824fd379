# 12345 hotline work orders (issue 18): order numbers, deadlines, steps, warning orders, reminders and the export.

## Card
hotline-card-order = 📞 12345 order: { $number } (received { $received }){ $state ->
    [warning] {" "}⚠️ <b>warning order</b>
    [closed] , closed
   *[open] {""}
}
hotline-card-step-done = · { $step }: { $at } { $who }{ $answered ->
    [yes] {" "}({ $answer })
   *[no] {""}
}{ $late ->
    [yes] , ⚠️ late (due { $due })
   *[no] {""}
}
hotline-card-step-todo = · { $step }: due { $due }{ $late ->
    [yes] , ⚠️ <b>overdue</b>
   *[no] , to do
}

hotline-step-contact = First contact
hotline-step-handle = First handling
hotline-step-callback = Call back
hotline-step-second_handle = Second handling (warning)
hotline-step-second_callback = Second call back

hotline-satisfaction-satisfied = Satisfied
hotline-satisfaction-basically = Basically satisfied
hotline-satisfaction-unsatisfied = Not satisfied

## Buttons
hotline-btn-contact = 📞 Contacted
hotline-btn-handle = 🛠 Handled
hotline-btn-callback = ☎️ Called back
hotline-btn-second_handle = 🛠 Handled again
hotline-btn-second_callback = ☎️ Called back again
hotline-btn-answer = { $step }: { $answer }
hotline-btn-back = ↩️ Back

## Answers to a press
hotline-ask-satisfaction = How satisfied is the resident: satisfied, basically satisfied or not satisfied?
hotline-done-contact = ✅ Recorded: the resident was contacted.
hotline-done-handle = ✅ Recorded: handled. Please call the resident back by { $due }.
hotline-done-callback = ✅ Call back recorded: { $answer }. The order is closed.
hotline-done-warning = ⚠️ Call back recorded: not satisfied. It is now a warning order for the principal leaders; second handling due { $due }.
hotline-done-second_handle = ✅ Recorded: handled again. Please call the resident back.
hotline-done-second_callback = ✅ Second call back recorded: { $answer }. The order is closed.

## Refusals
hotline-order-bad = That is not a 12345 order number: letters, digits and "-" only, with a digit, at most { $max } characters.
hotline-order-taken = The 12345 order { $order } is already on #{ $id }; it cannot be entered twice.
hotline-not-order = This item is not a 12345 work order.
hotline-no-permission = Only the person responsible for the order (and, on a warning order, the principal leaders) can record its steps.
hotline-closed = This order is closed; there is nothing more to record.
hotline-step-done = That step is already recorded; nothing changed. The card shows where it stands.
hotline-step-order = Not yet: record contact → handling → call back, in that order.
hotline-back = Back; no call back recorded.
hotline-pick-satisfaction = Please pick the resident's satisfaction first.
hotline-outdated = This button is out of date; please look at the item's latest card.

## History and notices (the moves of domain.hotline.event_move)
problem-move-hl_contact = 📞 Contacted (12345)
problem-move-hl_handle = 🛠 Handled (12345)
problem-move-hl_handle2 = 🛠 Handled again (12345 warning)
problem-move-hl_cb_s = ☎️ Called back: satisfied
problem-move-hl_cb_b = ☎️ Called back: basically satisfied
problem-move-hl_cb_u = ⚠️ Called back: not satisfied, warning order
problem-move-hl_cb2_s = ☎️ Called back again: satisfied
problem-move-hl_cb2_b = ☎️ Called back again: basically satisfied
problem-move-hl_cb2_u = ☎️ Called back again: not satisfied
problem-event-hl_contact = 📞 12345 order #{ $id }: { $actor } contacted the resident.
problem-event-hl_handle = 🛠 12345 order #{ $id }: handled by { $actor }, call back next. Status: { $status }
problem-event-hl_handle2 = 🛠 12345 warning order #{ $id }: handled again by { $actor }, second call back next. Status: { $status }
problem-event-hl_cb_s = ☎️ 12345 order #{ $id }: { $actor } called back, the resident is satisfied; the order is closed.
problem-event-hl_cb_b = ☎️ 12345 order #{ $id }: { $actor } called back, the resident is basically satisfied; the order is closed.
problem-event-hl_cb_u = ⚠️ 12345 order #{ $id }: { $actor } called back and the resident is not satisfied: now a <b>warning order</b> for the principal leaders, to be handled again. Status: { $status }
problem-event-hl_cb2_s = ☎️ 12345 warning order #{ $id }: { $actor } called back again, the resident is satisfied; the order is closed.
problem-event-hl_cb2_b = ☎️ 12345 warning order #{ $id }: { $actor } called back again, the resident is basically satisfied; the order is closed.
problem-event-hl_cb2_u = ☎️ 12345 warning order #{ $id }: { $actor } called back again, the resident is still not satisfied; the order is closed (answer recorded).

## Reminders
remind-hotline-due = ⏰ 12345 order { $order } (#{ $id }): "{ $step }" is due { $due }. Please do it in time and record it on the card.
remind-hotline-overdue = ⚠️ 12345 order { $order } (#{ $id }): "{ $step }" is overdue (due { $due }). Please do it and record it on the card.

## Export
ex-kind-hotline = 12345 hotline orders
ex-file-hotline = 12345-orders
ex-hotline-sheet = 12345 orders
ex-hotline-title = { $scope } 12345 hotline orders (received { $month })
ex-hotline-none = No 12345 orders were received this month.
ex-hl-col-order = Order no.
ex-hl-col-item = Item
ex-hl-col-grid = Grid
ex-hl-col-category = Category
ex-hl-col-status = Item status
ex-hl-col-received = Received
ex-hl-col-contact-due = Contact due
ex-hl-col-contact-at = Contacted
ex-hl-col-contact-by = Contacted by
ex-hl-col-handle-due = Handling due
ex-hl-col-handle-at = Handled
ex-hl-col-handle-by = Handled by
ex-hl-col-callback-due = Call back due
ex-hl-col-callback-at = Called back
ex-hl-col-callback-by = Called back by
ex-hl-col-satisfaction = Satisfaction
ex-hl-col-warning = Warning order since
ex-hl-col-second-due = Second handling due
ex-hl-col-second-at = Handled again
ex-hl-col-second-by = Handled again by
ex-hl-col-second-callback-at = Called back again
ex-hl-col-second-callback-by = Called back again by
ex-hl-col-second-satisfaction = Second satisfaction
ex-hl-col-closed = Closed
ex-hl-col-late = Late steps
ex-hl-col-orders = Orders
ex-hl-col-closed-count = Closed
ex-hl-col-warnings = Warning orders
ex-hl-col-late-count = With late steps
