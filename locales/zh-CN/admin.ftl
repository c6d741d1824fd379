## 管理员（议题 17）：节假日安排文件、代签人

admin-open-calendar = 📅 节假日安排
admin-open-delegates = ✍️ 代签人
admin-cal-ask =
    <b>📅 载入节假日安排</b>
    请把明年的节假日安排文件（UTF-8 文本，与 <code>gridbot calendar load</code> 所用格式相同）作为文件发给我，每行一条：
    <code>休 2027-01-01..2027-01-03 元旦</code>
    <code>班 2027-02-14 春节调休</code>
    “休”为放假（可写日期范围），“班”为调休上班。发送后先预览，确认后才载入。
admin-cal-send-file = 请把节假日安排作为<b>文件</b>发送（不是文字或图片）。
admin-cal-download-failed = 文件没能下载，请稍后再发一次。
admin-cal-preview = <b>{ $year } 年节假日安排预览</b>（尚未载入，请核对后确认）
admin-cal-holidays = 🏖 放假（{ $count } 段）：
admin-cal-workdays = 🏢 调休上班（{ $count } 天）：
admin-cal-date = { $year }年{ $month }月{ $day }日
admin-cal-day = • { $day } { $name }
admin-cal-range = • { $first } 至 { $last } { $name }（{ $count } 天）
admin-cal-confirm = ✅ 确认载入
admin-cal-again = 🔄 重新发送
calendar-error-not-admin = 只有管理员可以载入节假日安排。
remind-calendar-open = 📅 发送节假日安排文件

admin-dlg-communities = <b>✍️ 代签人</b>：代签人可以代替社区书记签批该社区的纪实表。请选择社区：
admin-dlg-no-communities = 还没有任何社区，请先导入名册。
admin-dlg-current = <b>{ $community }</b> 的代签人：
admin-dlg-person = • { $name }
admin-dlg-none = （暂无代签人）
admin-dlg-remove = ➖ 取消 { $name }
admin-dlg-add = ➕ 指定代签人
admin-dlg-other = 🏘 换个社区
admin-dlg-pick = 请从该社区人员中选择代签人：
admin-dlg-no-people = 该社区没有可选的人员。
admin-dlg-confirm-add = 确认指定 <b>{ $name }</b> 为 <b>{ $community }</b> 的代签人？此后 TA 可以签批该社区的纪实表。
admin-dlg-confirm-remove = 确认取消 <b>{ $name }</b> 在 <b>{ $community }</b> 的代签资格？
admin-dlg-yes = ✅ 确认
admin-dlg-delegated = 已指定 { $name } 为 { $community } 的代签人。
admin-dlg-removed = 已取消 { $name } 在 { $community } 的代签资格。
admin-dlg-no-person = { $name } 已不在 { $community } 的人员中，未作更改。
admin-dlg-no-community = 该社区已不存在，未作更改。
admin-dlg-not-delegate = { $name } 已不是 { $community } 的代签人，未作更改。
