## Common
btn-back = ⬅️ Back
btn-prev = ⬅️ Previous step
## Photos (the same words in the work log and the problem report)
photos-prompt = 📷 You may send photos of the site (optional, up to { $max }): send them as photos, several at once if you like. Then tap “✅ Done”; with no photos, just tap “✅ Done”.
photos-count = { $count } / { $max } photos received.
btn-photos-done = ✅ Done
btn-photos-clear = 🗑 Remove photos
photos-too-many = At most { $max } photos; this one was not kept. Tap “✅ Done” to go on.
photos-document = Please send it as a photo, not as a file (do not tick “send as file”).
photos-not-photo = This step takes photos only; videos and text are not kept. Tap “✅ Done” when your photos are in.
coming-soon = “{ $action }” is coming soon.
outdated-screen = This screen is out of date; here is the main menu again.
error-generic = Sorry, something went wrong while handling that. Please try again, or send /menu for the main menu.
unknown-input = I did not understand that message. Use the buttons below, /menu for the main menu or /help for help.
dialog-hint = Please use the buttons under the message. Send /cancel to leave.
cancelled = Cancelled. Send /menu for the main menu.
nothing-to-cancel = Nothing is in progress. Send /menu for the main menu.
not-onboarded = You have not verified who you are yet, so this is not available. Send /start and share your phone number.
account-deactivated = Your account has been deactivated. Please contact the administrator.
no-permission = Your role cannot use “{ $action }”. Please ask the administrator if this is wrong.

## Onboarding
onboard-welcome = Hello, welcome to GridBot!
    To confirm who you are, tap “📱 Share phone number” below to share the phone number of your Telegram account. It is only compared with the sub-district roster.
onboard-share-button = 📱 Share phone number
onboard-placeholder = Tap the button below to share your number
onboard-need-contact = Please tap “📱 Share phone number” below; there is no need to type the number.
onboard-not-own-contact = Only your own number can be used: tap “📱 Share phone number” below. Forwarded or typed contacts cannot verify you.
onboard-invalid-phone = That is not a valid mainland China mobile number, so it cannot be verified. Please contact the administrator.
onboard-unknown-phone = Sorry, this phone number is not on the sub-district roster, so you cannot be signed up yet. Please ask the administrator to check the roster or to send you an invite link.
onboard-taken = This person is already linked to another account and cannot be linked twice. The administrator has been told; contact them if you need to change accounts.
onboard-account-in-use = Your account is already linked to another person on the roster and cannot take a second identity. Contact the administrator if this is wrong.
onboard-invite-invalid = This invite link is not valid or has already been used. Ask the administrator for a new one, or send /start and share your phone number.
onboard-invite-expired = This invite link has expired (links are valid for { $days } days). Ask the administrator for a new one.
onboard-success = ✅ Verified. Welcome, { $name }!
onboard-already = You are already verified.
admin-bind-conflict = ⚠️ Binding conflict: an account (Telegram ID { $account }) tried to link { $name } ({ $phone }), who is already linked. It was refused. Please check whether the account should be changed.
onboard-first-admin = Your phone number is on the administrators' list (ADMIN_PHONES), so you are now an <b>administrator</b>. In the main menu tap “👥 Roster overview” → “📥 Import roster” and send the sub-district's roster file.
admin-bootstrap-notice = ℹ️ New administrator: { $name } ({ $phone }) is on the administrators' list (ADMIN_PHONES) and became an administrator by sharing their phone number. If that was not expected, deactivate them under “👥 Roster overview” and remove the number from ADMIN_PHONES.

## Main menu
menu-title = 🏠 <b>GridBot · Main menu</b>
menu-who = 👤 { $name }
menu-roles = Roles: { $roles }
menu-communities = Community: { $communities }
menu-department = Department: { $department }
menu-choose = What would you like to do?
menu-no-actions = Your roles have no actions yet. Please ask the administrator if this is wrong.
menu-lang = 🌐 语言 / Language
menu-help = ❓ Help

action-log = 📝 Grid work log
action-mylogs = 📚 My logs
action-report = 📣 Report a problem
action-checkin = 📍 Community check-in
action-pending = ✍️ Awaiting my signature
action-digest = 📊 Digest
action-assess = ⭐ Assessment
action-prompt_sheet = 📋 Work prompt sheets
action-meeting = 🗓 Meeting filing
action-callout = 🚨 Emergency call-out
action-roster = 👥 Roster overview

## Role names
role-grid_worker = grid worker
role-community_cadre = community cadre
role-seconded_cadre = seconded cadre
role-paired_cadre = paired cadre
role-window_staff = service-window staff
role-secretary = community Party secretary
role-leader_in_charge = leader in charge of communities
role-principal_leader = principal leader
role-department_staff = department staff
role-emergency_member = emergency squad member
role-enforcement_member = law-enforcement member
role-admin = administrator
list-separator = {", "}

## Language
lang-title = Choose the interface language:
lang-changed = The interface language is now English.

## Help
help-title = <b>GridBot · Help</b>
help-your-actions = You can: { $actions }
help-not-onboarded = First send /start and share your phone number to verify who you are.

## Command list (setMyCommands)
cmd-start = Verify / start
cmd-menu = Main menu
cmd-log = Fill in a grid work log
cmd-report = Report a problem or suggestion
cmd-checkin = Community check-in (paired cadres)
cmd-pending = Awaiting my signature
cmd-digest = Digest
cmd-help = Help
cmd-cancel = Cancel
cmd-lang = Language / 切换语言

## Roster overview (administrator)
admin-overview-title = 👥 <b>Roster overview</b>
admin-overview-totals = { $people } people: { $bound } linked, { $unbound } not linked, { $inactive } not reachable.
admin-overview-community = { $community }: { $people } people ({ $bound } linked), { $grids } grids
admin-overview-role = { $role }: { $count }
admin-overview-by-role = <b>By role</b>
admin-overview-by-community = <b>By community</b>
admin-overview-empty = The roster is empty. Import one with <code>gridbot roster import roster.xlsx</code>.
button-not-yours = This button was not sent to you; nothing was changed.
lines-more = … and { $count } more { $count ->
        [one] line
       *[other] lines
    } not shown
