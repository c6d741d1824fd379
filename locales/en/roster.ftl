# Roster import (gridbot roster import) and template (gridbot roster template).

## Where an error is: the people sheet gives the row only, other sheets (网格) add the sheet name

roster-at-row = Row { $row }: { $message }
roster-at-sheet-row = Sheet “{ $sheet }”, row { $row }: { $message }
roster-at-sheet = Sheet “{ $sheet }”: { $message }

## Import result

roster-import-summary = Import done: { $created } new, { $updated } updated, { $communities } { $communities ->
        [one] community
       *[other] communities
    }, { $grids } { $grids ->
        [one] grid
       *[other] grids
    }
roster-import-failed = Import failed: { $count } { $count ->
        [one] error
       *[other] errors
    } found, nothing was written. Fix the file and import it again.

## File-level errors

roster-err-file-not-found = File “{ $file }” not found
roster-err-file-type = Unsupported file type “{ $suffix }”; save it as .xlsx or .csv
roster-err-file-unreadable = Cannot read “{ $file }”: not a valid Excel (.xlsx) file
roster-err-file-encoding = Cannot tell the encoding of “{ $file }”; save it as CSV in UTF-8 or GBK
roster-err-no-people-sheet = The workbook has no sheet with the people
roster-err-empty-sheet = The sheet is empty
roster-err-empty-file = The file lists no people and no grids
roster-err-missing-header = Missing column “{ $header }”
roster-err-subdistrict-ambiguous = Several sub-districts are stored ({ $subdistricts }); add a 街道 (subdistrict) column saying which one each person belongs to

## Row errors in the people sheet

roster-err-empty-name = name is empty
roster-err-too-long = { $column ->
        [name] name
        [community] community name
        [grid] grid name
        [department] department name
        [subdistrict] sub-district name
       *[other] { $column }
    } is too long (at most { $max } characters)
roster-err-missing-phone = phone is empty
roster-err-invalid-phone = phone “{ $phone }” is not a valid mainland mobile number
roster-err-duplicate-phone = phone “{ $phone }” repeats row { $first_row }
roster-err-missing-roles = roles are empty
roster-err-unknown-role = unknown role “{ $role }”
roster-err-missing-community = role “{ $roles }” needs a community (社区)
roster-err-one-community = role “{ $roles }” belongs to one community, but several are given ({ $communities }); only 分工社区领导 may be in charge of several
roster-err-missing-department = role “{ $roles }” needs a department (部门)
roster-err-subdistrict-missing = several sub-districts are stored; fill in 街道 (subdistrict)
roster-err-grid-needs-community = grids “{ $grids }” are given, which needs exactly one community (社区)
roster-err-unknown-grid = grid “{ $grid }” is not listed for “{ $community }” in the 网格 sheet
roster-err-window-cap = community “{ $community }” would have more than { $cap } window staff

## Row errors in the 网格 sheet

roster-err-grid-missing-community = community is empty
roster-err-grid-missing-name = grid name is empty
roster-err-grid-duplicate = grid “{ $community } / { $grid }” repeats row { $first_row }
roster-err-bad-number = { $column ->
        [households] households
        [population] population
       *[other] { $column }
    } “{ $value }” is not a whole number of zero or more

## The template's 说明 (instructions) sheet

roster-tpl-title = How to fill in the roster
roster-tpl-columns = Columns: 姓名 (name), 手机号 (phone) and 角色 (roles) are required; 社区 (community), 网格 (grids) and 部门 (department) depend on the roles; 街道 (sub-district) only when one deployment serves several.
roster-tpl-separators = Separate several roles, communities or grids with 、 or a comma.
roster-tpl-phone = Phones are 11-digit mainland mobile numbers; +86, spaces and dashes are fine; each phone appears once.
roster-tpl-grid-sheet = The 网格 sheet lists each community's grids with households and population; when it is filled in, every grid in the people sheet must be listed there.
roster-tpl-reimport = Importing again updates people by phone (name, roles, communities, grids and department as in the file) and never duplicates them; people not in the file stay as they are. One bad row and nothing in the file is imported.
roster-tpl-head-role = Role
roster-tpl-head-community = Community (社区)
roster-tpl-head-department = Department (部门)
roster-tpl-need-required = required
roster-tpl-need-many = required (one or more)
roster-tpl-need-optional = optional
roster-tpl-need-none = –
roster-tpl-window-cap = At most { $cap } window staff per community.

## The roster by file in the chat (administrator)

roster-chat-open = 📥 Import roster
roster-chat-upload = 📥 <b>Import roster</b>
    Send me the filled-in roster (.xlsx or .csv) as a file. I check it and show what would change; nothing is written until you confirm.
roster-chat-btn-template = 📄 Get the template
roster-chat-template-file = roster-template.xlsx
roster-chat-template-caption = The roster template: fill it in as its instructions sheet says and send it back to me as a file.
roster-chat-send-file = Please send the roster as a file (.xlsx or .csv), not as a photo or text.
roster-chat-wrong-file = “{ $file }” is not an .xlsx or .csv file; save it as .xlsx in Excel and send it again.
roster-chat-too-big = The file is too big (over 10 MB); is it the right file?
roster-chat-download-failed = The file did not arrive; please send it again.
roster-chat-errors = ❌ { $count } errors in the roster; nothing was written. Fix them and send the file again:
roster-chat-preview = 📋 <b>Import preview</b> (not written yet)
    { $new } new, { $changed } changed, { $unchanged } unchanged; { $missing } in the database but not in the file.
roster-chat-changed = · { $name } ({ $phone }): { $what } changed
roster-chat-sep = {", "}
roster-chat-what-name = name
roster-chat-what-roles = roles
roster-chat-what-community = community
roster-chat-what-grids = grids
roster-chat-what-department = department
roster-chat-missing-head = These { $count } people are in the database but not in the file (not removed; they can be deactivated separately):
roster-chat-person = · { $name } ({ $phone })
roster-chat-btn-confirm = ✅ Confirm import
roster-chat-btn-resend = 📤 Send another file
roster-chat-stale = The roster changed after this preview, so this confirmation did nothing. Send the file again for a new preview.
roster-chat-btn-deactivate = 🚫 Deactivate the { $count } not in the file
roster-chat-deactivate-ask = Deactivate the { $count } people not in the file? They can no longer use the bot until activated again.
roster-chat-btn-deactivate-yes = ✅ Deactivate
roster-chat-deactivated = { $count } people deactivated.

## People from the chat (administrator)

people-chat-open = 🔎 Find a person
people-chat-search = 🔎 <b>Find a person</b>
    Type a name (or part of it), a phone number, or its last four digits.
people-chat-type-query = Please type a name or a phone number.
people-chat-none = Nobody matches; try another name or number.
people-chat-results = Found these people; choose one:
people-chat-item = { $name } { $phone }
people-chat-item-off = (deactivated)
people-chat-btn-again = 🔎 Search again
people-chat-gone = This person is no longer on the roster, or this screen is out of date. Please search again.
people-chat-card = 👤 <b>{ $name }</b> ({ $phone })
people-chat-role = · { $role } { $community }
people-chat-bound-yes = Telegram account linked
people-chat-bound-no = No Telegram account linked
people-chat-status-on = Status: active
people-chat-status-blocked = Status: has blocked the bot; messages cannot be delivered
people-chat-status-off = Status: deactivated
people-chat-btn-unbind = 🔓 Unlink account
people-chat-btn-deactivate = 🚫 Deactivate
people-chat-btn-activate = ✅ Activate again
people-chat-btn-invite = ✉️ Make an invite link
people-chat-btn-yes = ✅ Yes
people-chat-ask-unbind = Unlink { $name }'s Telegram account? That account can no longer use the bot; { $name } has to link again.
people-chat-ask-deactivate = Deactivate { $name }? They can no longer use the bot and get no reminders, until activated again.
people-chat-unbind-done = { $name }'s account is unlinked.
people-chat-unbind-already = { $name } had no linked account.
people-chat-deactivate-done = { $name } is deactivated.
people-chat-deactivate-already = { $name } already was deactivated.
people-chat-activate-done = { $name } is active again.
people-chat-activate-already = { $name } already was active.
people-chat-invite = An invite link for { $name } (valid { $days } days, once); forward it to them:
    { $link }
people-chat-not-yourself = You cannot unbind or deactivate your own account: nobody would be left to undo it. Ask another administrator.
