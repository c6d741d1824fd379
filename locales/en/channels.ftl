## Group robots (issue 20): WeCom, DingTalk and Feishu work groups receive digests and alerts

channel-robot-wecom = WeCom
channel-robot-dingtalk = DingTalk
channel-robot-feishu = Feishu
channel-kind-digest-daily = daily digest
channel-kind-digest-weekly = weekly digest
channel-kind-digest-monthly = monthly digest
channel-kind-urgent = urgent items
channel-kind-callout = emergency call-outs
channel-kind-overdue = overdue items
channel-kind-deadline = monthly deadlines

## Messages to the groups (a group robot cannot call back: where to act is said)

channel-title-digest-daily = [GridBot] Daily digest · { $scope } · { $day }
channel-title-digest-weekly = [GridBot] Weekly digest · { $scope } · { $day }
channel-title-digest-monthly = [GridBot] Monthly digest · { $scope } · { $day }
channel-title-urgent = [GridBot] Urgent item #{ $id }
channel-title-callout = [GridBot] Emergency call-out #{ $id }
channel-title-overdue = [GridBot] { $count } overdue items · { $scope } · { $day }
channel-title-deadline = [GridBot] { $what } for { $year }-{ $month }: due { $deadline }
channel-act-digest-nudge = 👉 To nudge: the leaders in charge open today's digest in the GridBot bot and press "Nudge" (this group message has no buttons).
channel-act-urgent = 👉 To acknowledge: the principal leaders, the leaders in charge or the office press "Acknowledge" in the GridBot bot; responsible: { $who } (this group message has no buttons).
channel-act-callout = 👉 Emergency members called answer "Coming" or "Cannot come" in the GridBot bot (this group message has no buttons).
channel-act-overdue = 👉 Those responsible handle the items in the GridBot bot; nudges are in the bot's digest.
channel-act-deadline = 👉 Community secretaries submit it in the GridBot bot.
channel-chart-note = 📈 The chart is in the GridBot bot.
channel-overdue-line = • #{ $id } { $community } { $description } (due { $due }, responsible { $owner })
channel-deadline-line = • Not submitted yet: { $communities }
channel-deadline-logs = Work logs
channel-deadline-register = Problem register
channel-test-text = [GridBot] Group robot test message: if you can read this, the group is connected.

## The administrators' notice

channel-broken-admin =
    ⚠️ <b>Group robot stopped</b>: { $kind } ({ $scope }) { $webhook }
    The robot refuses messages: { $reason }
    Nothing more is sent to it. Check its address, secret or keyword, then test it from the "Group robots" menu or with <code>gridbot channel test</code>; a successful test starts it again.

## Register, list, test, remove (chat and command line)

channel-bad-kind = Unknown robot kind; it must be one of: { $kinds }.
channel-bad-webhook = This is not a { $kind ->
        [wecom] WeCom
        [dingtalk] DingTalk
       *[feishu] Feishu
    } group robot's webhook address (the full https://{ $host }/… address).
channel-secret-unused = { $kind ->
        [wecom] WeCom
        [dingtalk] DingTalk
       *[feishu] Feishu
    } group robots do not sign: give no secret.
channel-bad-secret = Bad secret: no spaces, at most 200 characters.
channel-bad-message-kinds = Unknown message kind; they must be among: { $kinds }.
channel-unknown-subdistrict = No such sub-district.
channel-which-subdistrict = There are several sub-districts: name one (--subdistrict).
channel-unknown-community = No community "{ $community }" (or more than one).
channel-duplicate = This webhook address is registered already.
channel-not-admin = Only administrators manage group robots.
channel-unknown = There is no group robot #{ $id }.
channel-status-ok = working
channel-status-broken = stopped
channel-line = #{ $id } { $kind } · { $scope } · { $status }
    address: { $webhook }  secret: { $secret }
    receives: { $kinds }
channel-broken-line = Stopped: { $reason } ({ $at })
channel-none = No group robots registered.
channel-no-secret = none
channel-added = Group robot registered:
channel-removed = Group robot #{ $id } removed; what was not sent yet will not be.
channel-test-ok = ✅ Test message sent; the robot answered: success.
channel-test-failed = ❌ The test message was not sent; the robot answered: { $reason }

## Command line

cli-help-channel = group robots (WeCom, DingTalk, Feishu): register, list, test, remove
cli-help-channel-action = add, list, test (send a test message), remove
cli-help-channel-target = add: the robot kind (wecom, dingtalk, feishu); test, remove: its number
cli-help-channel-webhook = add: the webhook address
cli-help-channel-secret = the signing secret (DingTalk, Feishu; or the CHANNEL_SECRET environment variable, to keep it out of the shell history)
cli-help-channel-subdistrict = the sub-district's name (when there are several)
cli-help-channel-community = the community's name (none: the sub-district's group)
cli-help-channel-kinds = the message kinds it receives, comma-separated (default: all): { $kinds }

## Chat menu (administrators)

channels-open = 🤖 Group robots
channels-title = <b>🤖 Group robots</b>: WeCom, DingTalk and Feishu work groups receive digests and alerts.
channels-add = ➕ Register a group robot
channels-pick-kind = Choose the robot's kind:
channels-pick-scope = Which group is it in? Choose the sub-district or a community:
channels-scope-subdistrict = 🏛 { $name } (sub-district)
channels-ask-webhook =
    Send the group robot's webhook address (group settings → group robots → add a robot).
    For safety your message is deleted once received.
channels-ask-secret = Send the signing secret (DingTalk's starts with SEC). If the group uses a keyword instead, press "No signing" and set the keyword to "GridBot" / "网格通".
channels-no-secret = No signing
channels-send-text = Please send it as text.
channels-pick-kinds = Which messages does this group receive? (press to tick or untick)
channels-save = ✅ Register
channels-saved = ✅ Registered. Press "Test" to send a test message.
channels-test = 📨 Test
channels-remove = 🗑 Remove
channels-confirm-remove = Remove this group robot? What was not sent yet will not be.
channels-yes-remove = 🗑 Remove
