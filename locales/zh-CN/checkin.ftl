## 社区报到（包联干部、下沉干部）
checkin-title = 📍 <b>社区报到</b> · { $community }
checkin-today-none = 今天（{ $today }）还未报到。
checkin-today-in = 今天 { $time } 已报到{ $where }。
checkin-today-out = 今天 { $time } 报到，{ $out } 签退{ $where }。
checkin-where-none = （未附位置）
checkin-where-inside = （位置在社区范围内，距社区 { $distance } 米）
checkin-where-outside = （⚠️ 位置在社区范围外，距社区 { $distance } 米，已记录并标注）
checkin-where-unchecked = （已附位置，社区未设定报到点，未核对）
checkin-non-working = 今天不是工作日，报到会记录，但不计入本周社区工作日。
checkin-week = 本周社区工作日：{ $done } / { $required } 天（本周共 { $working } 个工作日）。
checkin-week-met = ✅ 本周已达到要求。
checkin-seconded = 您是下沉干部，每个工作日在社区工作，不受每周 2 天的要求约束。
checkin-planned = 已安排的社区工作日：{ $days }
checkin-planned-none = 下周还未安排社区工作日。
checkin-pending = 待社区书记审批的调整：{ $items }
checkin-btn-location = 📍 带位置报到
checkin-btn-now = ✅ 直接报到
checkin-btn-out = 🚪 签退
checkin-btn-plan = 🗓 安排下周
checkin-btn-move = 🔁 申请调整社区工作日
checkin-btn-mute = 🔕 提醒免打扰
checkin-day = { $weekday } { $month }月{ $dom }日
checkin-weekday-0 = 周一
checkin-weekday-1 = 周二
checkin-weekday-2 = 周三
checkin-weekday-3 = 周四
checkin-weekday-4 = 周五
checkin-weekday-5 = 周六
checkin-weekday-6 = 周日

checkin-send-location = 请点击下方“📍 发送当前位置”按钮，分享您现在的位置。位置只用于核对是否在社区范围内。
checkin-location-button = 📍 发送当前位置
checkin-need-location = 这里需要您的位置：请点击下方“📍 发送当前位置”按钮，或点“⬅️ 返回”。
checkin-bad-location = 这个位置无法识别，请重新发送。

checkin-result-recorded = ✅ 已报到：{ $community }，{ $time }。
checkin-result-inside = ✅ 已报到：{ $community }，{ $time }。位置在社区范围内（距 { $distance } 米，范围 { $radius } 米）。
checkin-result-outside = ⚠️ 已报到并记录：{ $community }，{ $time }。但位置距社区 { $distance } 米，超出 { $radius } 米范围，已标注，会在每周汇总中告知社区书记。
checkin-result-no-point = ✅ 已报到：{ $community }，{ $time }。社区尚未设定报到点，位置已记录、未核对。
checkin-result-already = 您今天 { $time } 已经报到过了，无需重复报到。
checkin-result-not-posted = 名册中没有您包联或下沉的社区，无法报到。请联系管理员核实名册。
checkout-done = 🚪 已签退，{ $time }。辛苦了！
checkout-not-in = 您今天还没有报到，无法签退。
checkout-already = 您今天已经签退过了。

plan-title = 🗓 <b>安排下周社区工作日</b>
    下周共 { $working } 个工作日，至少需要安排 { $required } 天。点选日期后按“保存”。
plan-save = 💾 保存
plan-saved = ✅ 已保存下周社区工作日：{ $days }。
plan-saved-fewer = ⚠️ 已保存，但只安排了 { $count } 天，少于要求的 { $required } 天。
plan-cleared = 已清空下周的安排。
plan-bad-day = 所选日期不是下周的工作日，未保存。请重新选择。
plan-not-bound = 只有包联干部需要安排社区工作日。
plan-no-working = 下周没有工作日，无需安排。

move-choose-from = 🔁 <b>申请调整社区工作日</b>
    街道业务与社区工作时间冲突时，可申请调整，由社区书记审批。请选择要调整的日期：
move-none-planned = 您目前没有可调整的已安排社区工作日。请先“安排下周”。
move-choose-to = 将 { $from_day } 调整到哪一天？
move-no-targets = 没有可调整到的工作日。
move-reason-prompt = 请简要说明原因（例如与街道业务冲突的事项，不超过 { $max } 字），或点“跳过”。
move-skip-reason = ⏭ 跳过
move-reason-too-long = 原因太长了（{ $length } 字），请控制在 { $max } 字以内后重新发送。
move-reason-text-only = 请用文字说明原因，或点“跳过”。
move-result-sent = ✅ 已提交：{ $from_day } → { $to_day }，等待社区书记审批，结果会通知您。
move-result-not-planned = 这一天不在您的安排中（或已经过去），无法调整。
move-result-bad-target = 不能调整到这一天，请重新选择。
move-result-already-planned = 这一天已经在您的安排中了。
move-result-already-pending = 这一天已有待审批的调整申请，请等待社区书记处理。
move-result-no-secretary = 您的社区还没有已验证的社区书记，暂时无法提交。请联系管理员。
move-result-too-long = 原因太长，请缩短后重新提交。
move-result-not-bound = 只有包联干部需要申请调整社区工作日。

mute-title = 🔕 <b>提醒免打扰</b>
    免打扰期间不发送一般提醒；紧急事项照常通知。
mute-status-on = 当前：免打扰至 { $until }。
mute-status-off = 当前：提醒正常发送。
checkin-location-cancelled = 已返回，未报到。
