## 问题和意见建议（issue 5）
action-problems = 📂 问题办理

problem-kind-problem = 问题
problem-kind-suggestion = 意见建议

problem-cat-safety = 安全隐患
problem-cat-dispute = 矛盾纠纷
problem-cat-environment = 环境卫生
problem-cat-facilities = 设施维修
problem-cat-livelihood = 民生诉求
problem-cat-policy = 政策咨询
problem-cat-other = 其他

problem-status-reported = 待社区受理
problem-status-accepted = 社区已受理
problem-status-claimed = 包联干部认领承办
problem-status-escalated = 已上报街道
problem-status-registered = 党政办已登记
problem-status-assigned = 已交办包办领导
problem-status-in_progress = 办理中
problem-status-resolved = 已办结待确认
problem-status-closed = 已确认办结

problem-move-accept = ✅ 受理
problem-move-resolve = 🛠 办结
problem-move-claim = 🙋 认领承办
problem-move-escalate = ⬆️ 上报街道
problem-move-register = 🗂 登记
problem-move-assign = 👤 交办包办领导
problem-move-start = ▶️ 开始办理
problem-move-confirm = 👍 确认已解决
problem-move-not_fixed = 👎 未解决
problem-move-city = 🏙 需市级协调
problem-move-report = 📣 上报
problem-move-same = 🔁 同一问题再次反映
problem-move-ack = 👀 确认知悉

problem-urgency-normal = 一般
problem-urgency-urgent = 🚨 特殊重大（即报即办）

## 上报
problem-report-title = 📣 <b>问题上报</b>
problem-ask-kind = 请选择上报类型：
problem-ask-grid = 请选择所在网格：
problem-no-grids = 没有找到您可以上报的网格，请联系管理员核实名册。
problem-ask-category = 请选择类别：
problem-ask-description = 请用文字描述问题或建议（不超过 { $max } 字）：
problem-ask-location = 请发送位置（📎 → 位置），或直接输入地址：
problem-photos-count = 已收到 { $count } / { $max } 张照片。
problem-ask-resident-name = 请输入所代反映居民的姓名（居民不愿留名的，请返回选择“匿名”）：
problem-ask-resident-phone = 居民手机号（可选）。请输入手机号，或点“跳过”：
problem-ask-urgency = 请选择紧急程度。特殊重大情况将立即推送街道主要负责同志、分工社区领导和党政办：
problem-confirm-title = 📋 <b>请确认上报内容</b>
problem-confirm-kind = 类型：{ $kind }
problem-confirm-grid = 网格：{ $grid }
problem-confirm-urgency = 紧急程度：{ $urgency }
problem-edit-kind = ✏️ 类型
problem-edit-grid = ✏️ 网格
problem-edit-category = ✏️ 类别
problem-edit-description = ✏️ 内容
problem-edit-location = ✏️ 位置
problem-edit-photos = ✏️ 照片
problem-edit-resident = ✏️ 居民
problem-edit-urgency = ✏️ 紧急程度
problem-confirm-category = 类别：{ $category }
problem-confirm-description = 内容：{ $text }
problem-duplicates-hint = 🔎 同一网格近 7 天已有同类未办结事项。如果是同一件事，请点“与此相同”，不必重复上报：
problem-duplicate-line = #{ $id } { $text }
problem-btn-same = 🔁 与 #{ $id } 相同
problem-btn-submit = ✅ 提交
problem-btn-cancel = ✖️ 取消
problem-btn-skip = ⏭ 跳过
problem-btn-photos-done = ✅ 完成
problem-reported = ✅ 已上报，编号 #{ $id }。社区受理后会通知您，您也可以在“📂 问题办理”中查看。
problem-reported-urgent = 🚨 已上报，编号 #{ $id }，已立即推送街道领导和党政办（即报即办）。
problem-linked = ✅ 已记入 #{ $id } 的办理记录，不重复立项。

## 输入有误
problem-description-empty = 描述不能为空，也不能超过 { $max } 字。请用文字描述问题或建议。
problem-location-implausible = 这个位置不在合理范围内（不在我国境内），请重新发送位置或输入地址。
problem-location-need = 请发送位置（📎 → 位置），或直接输入地址文字。
problem-too-many-photos = 最多只能上传 { $max } 张照片，这张没有收下。请点“完成”继续。
problem-resident-name-bad = 请输入居民姓名（不超过 50 字）。居民不愿留名的，请点“上一步”选择“匿名”。
problem-resident-phone-bad = 这不是有效的手机号。请输入 11 位手机号，或点“跳过”。
problem-bad-kind = 这个选项无效，请重新选择。
problem-bad-category = 这个类别无效，请重新选择。
problem-bad-grid = 您不能在这个网格上报，请重新选择。
problem-note-empty = 请填写说明（不能为空，不超过 { $max } 字）。
problem-due-past = 办理时限不能早于今天，请重新选择日期。
problem-pick-leader = 请选择一位街道领导作为包办领导。
problem-no-permission = 您无权办理这一步（只有相应社区或街道的负责人可以办理）。
problem-changed = 这件事的状态已经变化，已为您刷新。
problem-not-found = 没有找到这件事项，或您无权查看。

## 事项卡片
problem-card-title = <b>#{ $id } { $kind } · { $category }</b>
problem-card-urgent = 🚨 特殊重大（即报即办）
problem-card-status = 状态：{ $status }
problem-card-where = 地点：{ $community } · { $grid }
problem-card-reported = 反映人：{ $reporter }（{ $at }）
problem-card-description = 内容：{ $text }
problem-card-location = 📍 位置：{ $lat }, { $lon }
problem-card-address = 📍 地址：{ $address }
problem-card-photos = 📷 照片 { $count } 张
problem-card-resident = 涉及居民：{ $name } { $phone }
problem-card-owner = 当前负责人：{ $owner }
problem-card-leader = 包办领导：{ $leader }
problem-card-due = 办理时限：{ $due }
problem-card-due-overdue = ⚠️ 已超期（时限 { $due }）
problem-card-city = 🏙 需市级协调：{ $note }
problem-card-result = 办理结果：{ $result }

problem-btn-open = 🔎 查看并办理
problem-btn-ack = ✅ 已知悉
problem-btn-history = 📜 办理记录
problem-btn-photos = 📷 查看照片
problem-move-done = ✅ 已办理，当前状态：{ $status }
problem-history-title = 📜 <b>#{ $id } 办理记录</b>
problem-history-line = { $at } { $actor }：{ $move }（{ $before } → { $after }）

problem-ask-note-resolve = 请说明办理结果（做了什么）：
problem-ask-note-not_fixed = 请说明哪里还没有解决：
problem-ask-note-escalate = 请写明上报街道的理由和处理建议：
problem-ask-note-city = 请说明需要市级协调的内容（再次点击可取消标记）：
problem-ask-result-photos = 可以发送办结照片（可选，最多 9 张），然后点“提交”。
problem-ask-leader = 请选择包办领导：
problem-ask-due = 请选择办理时限：

## 通知
problem-event-report = 📣 新的上报 #{ $id }（{ $actor }），待社区受理。
problem-event-same = 🔁 #{ $id } 被 { $actor } 再次反映。
problem-event-ack = 👀 #{ $id } 已由 { $actor } 确认知悉。
problem-event-accept = ✅ #{ $id } 已由 { $actor } 受理。当前状态：{ $status }
problem-event-resolve = 🛠 #{ $id } 已由 { $actor } 办结，请反映人确认。
problem-event-claim = 🙋 #{ $id } 已由包联干部 { $actor } 认领承办。
problem-event-escalate = ⬆️ #{ $id } 已由 { $actor } 上报街道，待党政办登记。
problem-event-register = 🗂 #{ $id } 已由党政办 { $actor } 登记，待主要负责同志交办。
problem-event-assign = 👤 #{ $id } 已由 { $actor } 交办。当前状态：{ $status }
problem-event-start = ▶️ #{ $id } 已由 { $actor } 开始办理。
problem-event-confirm = 👍 #{ $id } 已由反映人 { $actor } 确认解决，已办结。
problem-event-not_fixed = 👎 #{ $id } 反映人 { $actor } 表示未解决，已重新打开。当前状态：{ $status }
problem-event-city = 🏙 #{ $id } 的市级协调标记已由 { $actor } 更新。
problem-event-note = 说明：{ $note }
problem-todo = 🔔 { $event }
    需要您办理：#{ $id } 的卡片已更新为最新状态，请点下方按钮查看并办理。
problem-urgent-push = 🚨 <b>即报即办 #{ $id }</b>：特殊重大情况，请立即处置并点“已知悉”。
problem-urgent-again = 🚨 <b>即报即办 #{ $id }（第 { $round } 次提醒）</b>：尚无人确认知悉，请立即处置。
problem-urgent-admin = ⚠️ 即报即办 #{ $id } 推送 { $minutes } 分钟内无人确认知悉，已第 { $round } 次重新推送。请联系相关领导。
problem-ack-done = ✅ 已确认知悉 #{ $id }，已通知反映人。
problem-ack-earlier = #{ $id } 已由 { $name } 确认知悉。

## 待办
problem-pending-title = 📂 <b>问题办理 · 待我处理</b>
problem-pending-empty = 目前没有等您处理的问题或登记表。
problem-pending-count = 共 { $count } 项，点击查看并办理：
problem-pending-item = { $flag }#{ $id } { $todo } · { $title } · 时限 { $due }
problem-pending-register_sign = ✍️ { $community } { $year }年{ $month }月 交办登记表待签批
problem-pending-register_submit = { $flag }📤 { $community } { $year }年{ $month }月 交办登记表待报送（{ $due } 前）

## 交办登记表
register-submit-title = 📤 <b>{ $year }年{ $month }月 交办登记表</b>
register-submit-body = 本月未在社区办结的事项共 { $count } 项：{ $ids }
    报送后将提交党政办，由主要负责同志签批并逐项明确包办领导。
register-btn-submit = 📤 报送党政办
register-submitted = ✅ 已报送党政办。
register-month-not-over = 本月尚未结束，月底后才能报送本月登记表。
register-already-submitted = 这个月的登记表已经报送过了。
register-already-signed = 这份登记表已经签批。
register-items-unassigned = 还有事项没有明确包办领导和办理时限，请逐项指定后再签批。
register-title = 🗂 <b>{ $community } { $year }年{ $month }月 网格反映问题和意见建议交办登记表</b>
register-signed-by = ✍️ 已由 { $signer } 于 { $at } 签批
register-unsigned = 尚未签批
register-empty = 本月没有需要交办的事项。
register-item-line = #{ $id } [{ $category }] { $text } — 包办领导：{ $leader }，时限：{ $due }
register-btn-item = #{ $id } 包办领导：{ $leader }
register-btn-sign = ✍️ 签批登记表
register-btn-export = 📥 导出 Excel
register-btn-open = 🗂 查看登记表
register-signed = ✅ 已签批，已通知社区和党政办。
register-ask-leader = 请选择这项的包办领导：
register-submitted-notice = 🗂 { $community } 已报送 { $year }年{ $month }月 交办登记表（{ $count } 项），请签批并明确包办领导。
register-signed-notice = ✍️ { $community } { $year }年{ $month }月 交办登记表已由 { $signer } 签批。
register-note-urgent = 特殊重大
register-note-city = 需市级协调：{ $note }
register-xlsx-title = 网格反映问题和意见建议交办登记表（{ $community } { $year }年{ $month }月）
register-xlsx-signed = 签批：{ $signer }  { $at }
register-xlsx-unsigned = 尚未签批
register-xlsx-sheet = 交办登记表
register-col-number = 序号
register-col-reported-at = 反映时间
register-col-community = 社区
register-col-grid = 网格
register-col-reporter = 反映人
register-col-category = 类别
register-col-content = 问题/建议内容
register-col-advice = 处理建议
register-col-leader = 包办领导
register-col-due = 办理时限
register-col-result = 办理结果
register-col-remarks = 备注

## 来源、12345 工单、代居民反映和匿名（issue 18）
problem-source-grid_visit = 网格走访
problem-source-window = 窗口受理
problem-source-phone_visit = 来电来访
problem-source-hotline = 12345 热线
problem-source-referral = 部门转办
problem-source-current = ✅ { $source }
problem-ask-source = 请选择问题来源（✅ 为当前来源）：
problem-ask-order-no = 请输入 12345 热线工单编号（字母和数字，可用 - 分隔，不超过 40 位）：
problem-ask-resident = 这件事是谁反映的？
problem-resident-self = 🙋 本人发现
problem-resident-on_behalf = 👥 代居民反映
problem-resident-anonymous = 🙈 匿名（不记录居民信息）
problem-confirm-source = 来源：{ $source }
problem-confirm-order = 工单编号：{ $order }
problem-confirm-on-behalf = 代居民反映：{ $name } { $phone }
problem-confirm-resident-self = 反映方式：本人发现
problem-confirm-resident-anonymous = 反映方式：匿名（不记录居民信息）
problem-edit-source = ✏️ 来源
problem-edit-order = ✏️ 工单编号
problem-bad-source = 这个来源无效，请重新选择。
problem-order-bad = 这不是有效的工单编号。请输入 12345 热线工单编号（字母和数字，至少含一位数字，可用 - 分隔，不超过 40 位）。
problem-order-taken = 工单 { $order } 已经上报过（#{ $id }，{ $status }），不能重复上报。请在“📂 问题办理”中查看 #{ $id }。
problem-order-no-link = 12345 工单有自己的办理时限和回访，需单独上报，不能并入其他事项。
problem-anonymous-resident = 匿名反映不能记录居民信息，请重新选择反映方式。
problem-card-source = 来源：{ $source }
problem-card-order = 工单编号：{ $order }
problem-card-anonymous = 涉及居民：匿名
problem-card-resident-group = 涉及居民：有（姓名、电话见机器人内的事项卡片）
problem-quota = 📊 本月已上报 { $reported }/{ $quota }
register-col-source = 来源
register-col-order-no = 工单编号
register-col-resident = 涉及居民
register-anonymous = 匿名
