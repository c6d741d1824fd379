# 会议报备 (issue 8)

meeting-home = 🗓 <b>会议报备</b>
    需要社区干部参加的会议，须事先报备，由党政办审核：能并则并、能减则减。未经报备的会议不能通过本系统通知社区。
meeting-btn-new = ➕ 报备会议
meeting-btn-mine = 📂 我报备的会议
meeting-btn-online = 💻 线上会议
meeting-btn-submit = ✅ 提交报备
meeting-btn-ok = ✅ 同意
meeting-btn-no = ❌ 不同意
meeting-btn-merge = 🔗 与 #{ $other } 合并
meeting-btn-att = 👥 确定参会人员
meeting-btn-attend-save = ✅ 保存参会人员

meeting-ask-subject = 请输入会议主题（不超过 { $max } 字）。
meeting-subject-bad = 会议主题不能为空，不超过 { $max } 字。
meeting-ask-when = 请输入会议日期和开始时间，如 2026-12-03 14:30 或 12-03 14:30。
meeting-when-format = 时间看不懂，请输入如 2026-12-03 14:30。
meeting-when-past = ⚠️ 会议时间必须在现在之后。
meeting-ask-minutes = 会议时长？点选或输入分钟数。
meeting-minutes-option = { $minutes } 分钟
meeting-minutes-bad = 时长请输入 1 到 { $max } 之间的分钟数。
meeting-ask-place = 请输入会议地点，线上会议请点下方按钮。
meeting-place-bad = 地点不能为空，不超过 { $max } 字。
meeting-ask-communities = 请选择需要参会的社区（可多选），选好后点“下一步”。
meeting-no-communities = 请至少选择一个社区。
meeting-ask-people = { $community } 需要几人参会？点选或输入人数（最多 { $max } 人）。
meeting-people-bad = 人数请输入 1 到 { $max } 之间的数字。
meeting-ask-why = 为什么不能用工作提示单代替这个会议？请简要说明（不超过 300 字）。
meeting-why-bad = 请说明理由，不超过 { $max } 字。
meeting-no-permission = 只有部门干部可以报备会议。
meeting-filed = ✅ 会议已报备，编号 #{ $id }，等待党政办审核。
meeting-merge-proposed-filer = 🔗 同一天或下一个工作日已有报备会议涉及相同社区，已建议党政办考虑合并：
meeting-merge-proposed = 🔗 <b>建议合并</b>：同一天或下一个工作日已有以下报备会议涉及相同社区：
meeting-merge-candidate = • #{ $id } { $subject }（{ $when }，{ $communities }，{ $filer }）

meeting-card-title = 🗓 <b>会议 #{ $id }</b>：{ $subject }
meeting-card-status = 状态：{ $status }
meeting-card-from = 报备：{ $name }（{ $department }）
meeting-card-when = 时间：{ $when }，{ $minutes } 分钟
meeting-card-place = 地点：{ $place }
meeting-card-online = 地点：线上
meeting-card-people = 参会社区：{ $people }
meeting-card-people-item = { $community } { $count } 人
meeting-card-why = 不能用提示单代替的理由：{ $why }
meeting-card-declined = 不同意理由：{ $reason }
meeting-card-merged = 已并入会议 #{ $other }
meeting-card-attendees = { $community } 参会：{ $names }
meeting-status-draft = 待提交
meeting-status-filed = 待审核
meeting-status-approved = 已同意
meeting-status-declined = 未同意
meeting-status-merged = 已合并

meeting-notice-filed = 📝 新的会议报备 #{ $id }，请审核。
meeting-notice-approved = ✅ 您报备的会议 #{ $id } 已获党政办同意，已通知各社区。
meeting-notice-declined = ❌ 您报备的会议 #{ $id } 未获同意。理由：{ $reason }
meeting-notice-merged = 🔗 党政办已将会议 #{ $id } 并入会议 #{ $other }，合并后的会议已同意并通知各社区。
meeting-notice-announce = 📣 党政办已同意的会议 #{ $id }：{ $community } 需 { $count } 人参加。请点下方按钮确定参会人员。
meeting-notice-attendees = 👥 会议 #{ $id }：{ $community } 参会人员 { $names }。

meeting-decided-ok = ✅ 已同意会议 #{ $id }，已通知各社区。
meeting-decided-no = ❌ 已不同意会议 #{ $id }，已告知报备人理由。
meeting-decided-mg = 🔗 已将会议 #{ $id } 并入 #{ $other }，合并后的会议已同意并通知各社区。
meeting-ask-reason = 请写明不同意的理由（不超过 300 字），会告知报备人。
meeting-reason-bad = 请写明理由，不超过 { $max } 字。
meeting-not-office = ⚠️ 只有党政办可以审核会议报备。
meeting-stale = ⚠️ 这个按钮已过期：该会议已经处理过了。
meeting-merge-gone = ⚠️ 会议 #{ $other } 已经处理过，不能再合并。
meeting-merge-not-candidate = ⚠️ 会议 #{ $other } 与本会议不在同一天或下一个工作日，或不涉及相同社区，不能合并。
meeting-not-found = 没有找到这个会议。
meeting-not-approved = ⚠️ 该会议未获同意，不能确定参会人员。
meeting-not-your-community = ⚠️ 该会议不涉及您所在的社区，只有相关社区书记可以确定参会人员。
meeting-ask-attendees = 请选择参会人员，最多 { $cap } 人（已选 { $count } 人）。
meeting-ask-attendees-for = 请选择{ $community }的参会人员，最多 { $cap } 人（已选 { $count } 人）。
meeting-ask-attend-community = 您是本会议多个参会社区的书记，请先选择为哪个社区确定参会人员。
meeting-attend-community-item = { $community }（需 { $count } 人）
meeting-attend-choose-community = ⚠️ 您是本会议多个参会社区的书记，请先选择社区。
meeting-attend-not-that-community = ⚠️ 您不是该社区的书记，或该会议不涉及该社区，不能为其确定参会人员。
meeting-attend-none = 请至少选择一人。
meeting-attend-too-many = ⚠️ 该会议只需要 { $cap } 人，您选了 { $count } 人，请减少后再保存。
meeting-attend-not-member = ⚠️ 只能选择本社区的人员。
meeting-attend-saved = ✅ 已确定会议 #{ $id } 的参会人员 { $count } 人，已告知报备人。
meeting-attend-saved-for = ✅ 已确定会议 #{ $id } { $community } 的参会人员 { $count } 人，已告知报备人。

meeting-mine-title = 📂 <b>我报备的会议</b>
meeting-mine-empty = 还没有报备过会议。
meeting-mine-item = #{ $id } { $subject } · { $day } · { $status }
