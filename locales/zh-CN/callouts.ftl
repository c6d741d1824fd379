## 应急呼叫 应急分队（issue 8）
cmd-callout = 🚨 应急呼叫（应急分队）

callout-kind-fire = 🔥 火情
callout-kind-flood = 🌊 汛情
callout-kind-safety = 🚓 治安
callout-kind-medical = 🚑 医疗
callout-kind-other = ❗ 其他

callout-wave-squad = 本社区应急分队
callout-wave-brigade = 综合执法大队
callout-wave-neighbour = 邻近社区应急分队（呼叫已扩大）

callout-status-open = 进行中
callout-status-closed = 已结束

callout-answer-coming = 马上到
callout-answer-cannot = 无法到场
callout-answer-none = 未回复

callout-place-location = 📍 位置 { $lat }, { $lon }

callout-btn-new = 🚨 发起应急呼叫
callout-btn-go = 🏃 马上到
callout-btn-cannot = 🙅 无法到场
callout-btn-end = ✅ 结束
callout-btn-export = 📊 导出时间线
callout-btn-send = 🚨 立即发出
callout-btn-cancel = ✖️ 取消
callout-btn-brigade-yes = 同时呼叫综合执法大队
callout-btn-brigade-no = 仅本社区应急分队

callout-start = 🚨 应急呼叫：立即通知社区应急分队（不受免打扰时段和静音限制）。
callout-recent-title = 最近的应急呼叫（点开可查看名单、结束或导出时间线）：
callout-recent-item = #{ $id } { $community } · { $kind } · { $at } · { $status }
callout-ask-community = 为哪个社区发起应急呼叫？
callout-ask-kind = 社区：{ $community }
    请选择事件类型：
callout-ask-place = 事发地点：请发送位置（📎 → 位置），或直接输入地址（不超过 { $max } 字）。
callout-ask-need = 需要什么？请简要说明需要的人手和事项（不超过 { $max } 字）。
callout-ask-brigade = 是否同时呼叫综合执法大队？
callout-confirm = 🚨 请确认应急呼叫
    社区：{ $community }
    类型：{ $kind }
    地点：{ $place }
    需要：{ $need }
    范围：{ $brigade }
    确认后立即发出。
callout-sent = 🚨 应急呼叫 #{ $id } 已发给 { $count } 人，到场名单会实时更新。
callout-sent-nobody = ⚠️ 应急呼叫 #{ $id } 已记录，但该社区没有可通知的应急分队队员（未绑定），正在扩大至邻近社区并告知分工社区领导。

callout-no-community = 你没有可以发起应急呼叫的社区。
callout-no-permission = 你没有权限为这个社区发起应急呼叫。
callout-bad-kind = 请从按钮中选择事件类型。
callout-place-hint = 请发送位置（📎 → 位置），或输入地址文字（不超过 { $max } 字）。
callout-need-invalid = 请输入需要的事项（文字，1–{ $max } 字）。
callout-text-only = 请输入文字。
callout-text-need-reason = 不能为空，请输入文字（不超过 { $max } 字）。
callout-text-too-long = 太长了，请不超过 { $max } 字。

callout-alert = 🚨🚨 应急呼叫 #{ $id }
    社区：{ $community }
    类型：{ $kind }
    地点：{ $place }
    需要：{ $need }
    发起人：{ $caller }
    呼叫范围：{ $wave }
    请立即回复：马上到，或无法到场（说明原因）。

callout-roll-head = 🚨 应急呼叫 #{ $id } · { $community } · { $kind }
    地点：{ $place }
    需要：{ $need }
    发起：{ $raised }，已过 { $minutes } 分钟
callout-roll-answered = 已回复 { $answered }/{ $total } 人
callout-roll-widened = ⚠️ 到场人数不足，已扩大至邻近社区应急分队，已告知分工社区领导
callout-roll-coming = 🏃 马上到（{ $count }）：{ $names }
callout-roll-cannot = 🙅 无法到场（{ $count }）
callout-roll-cannot-line = { "  ·" } { $name }：{ $reason }
callout-roll-waiting = ⏳ 未回复（{ $count }）：{ $names }
callout-roll-closed = ✅ 已于 { $at } 结束：{ $outcome }
callout-roll-more = …等 { $count } 人

callout-go-done = 已记录：马上到（应急呼叫 #{ $id }）。请注意安全！
callout-ask-reason = 请说明无法到场的原因（必填，不超过 { $max } 字）：
callout-cannot-done = 已记录：无法到场（应急呼叫 #{ $id }）。
callout-ask-outcome = 请简要填写处置结果（不超过 { $max } 字），提交后结束呼叫并通知所有被呼叫人员：
callout-closed-done = ✅ 应急呼叫 #{ $id } 已结束，已通知所有被呼叫人员。
callout-over = ✅ 应急呼叫 #{ $id }（{ $community }）已结束，无需再前往。
    处置结果：{ $outcome }
callout-leader-widened = ⚠️ 应急呼叫 #{ $id }（{ $community } · { $kind }）已过 { $minutes } 分钟，仅 { $coming } 人确认马上到（需要 { $min } 人），已扩大至邻近社区应急分队：{ $neighbours }。
    地点：{ $place }
    需要：{ $need }

callout-refused-not-found = 找不到这条应急呼叫，按钮无效。
callout-refused-not-called = 这条应急呼叫不是发给你的，无法回复。
callout-refused-not-allowed = 只有发起人、该社区的书记、分工社区领导、主要负责同志或管理员可以操作这条应急呼叫。
callout-refused-closed = 应急呼叫 #{ $id } 已结束，无需再回复或操作。
callout-refused-stale = 这个按钮已过期（应急呼叫 #{ $id } 已有变化），未做任何更改。
callout-refused-same = 已记录过：马上到（应急呼叫 #{ $id }）。
callout-refused-need-reason = 请说明原因（不超过 { $max } 字）。
callout-refused-too-long = 太长了，请不超过 { $max } 字。

callout-export-sent = 正在发送应急呼叫 #{ $id } 的时间线…
callout-export-caption = 应急呼叫 #{ $id } 时间线

callout-x-sheet-summary = 概况
callout-x-sheet-timeline = 时间线
callout-x-id = 编号
callout-x-community = 社区
callout-x-kind = 类型
callout-x-place = 地点
callout-x-need = 需要
callout-x-caller = 发起人
callout-x-raised = 发起时间
callout-x-status = 状态
callout-x-closed = 结束时间
callout-x-outcome = 处置结果
callout-x-col-name = 姓名
callout-x-col-wave = 呼叫范围
callout-x-col-answer = 回复
callout-x-col-at = 回复时间
callout-x-col-reason = 原因
callout-x-col-time = 时间
callout-x-col-person = 人员
callout-x-col-event = 事件
callout-x-col-note = 说明

callout-event-raised = 发起
callout-event-sent = 发出
callout-event-coming = 马上到
callout-event-cannot = 无法到场
callout-event-enough = 到场人数已够，未扩大
callout-event-widened = 扩大至邻近社区
callout-event-leader_told = 告知分工社区领导
callout-event-closed = 结束

cli-neighbours-now = { $community } 的邻近社区（应急呼叫扩大时通知其应急分队）：{ $names }
cli-neighbours-unknown = 找不到社区：{ $names }
cli-neighbours-ambiguous = 有多个同名社区：{ $names }
cli-neighbours-self = 社区不能是自己的邻近社区：{ $names }
