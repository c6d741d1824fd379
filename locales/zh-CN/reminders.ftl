## 提醒
remind-attendance-midweek = ⏰ 温馨提醒：本周已过三个工作日，您还没有在包联社区报到。按要求每周至少 { $required } 个工作日在社区工作，请合理安排。发送 /checkin 报到或安排。
remind-attendance-last-day = ⏰ 今天是本周最后一个工作日：您本周在包联社区 { $done } / { $required } 天，还差 { $missing } 天。如与街道业务冲突，请与社区书记沟通协商。发送 /checkin 报到。
remind-attendance-summary = 📊 <b>上周（{ $week }）包联干部社区工作日</b>
    要求：每人 { $required } 天；未达标 { $short } 人。
    社区：包联干部 / 未达标 / 名单（已到天数/要求，⚠️N：N 天报到位置在社区范围外）
    { $lines }
remind-attendance-summary-line = • { $community }：{ $cadres } / { $short } / { $names }
remind-attendance-summary-cadre = { $name }（{ $done }/{ $required }{ $outside ->
        [0] {""}
       *[other] {" "}⚠️{ $outside }
    }）
remind-attendance-summary-nobody = —
remind-assessment-ahead = 📅 考核提醒：{ $milestone ->
    [quarterly] 季度督查
    [half_year] 半年考核
   *[year_end] 年终总评
    }（{ $month }月{ $day }日）临近，请提前准备网格工作纪实、评价意见等材料。
remind-assessment-day = 📅 考核提醒：今天是{ $milestone ->
    [quarterly] 季度督查
    [half_year] 半年考核
   *[year_end] 年终总评
    }（{ $month }月{ $day }日）节点，请按时完成相关工作。
remind-calendar-next-year = 🗓 管理员提醒：{ $year } 年的节假日安排尚未载入。国务院公布后，请用 <code>gridbot calendar load 文件</code> 载入，否则届时将按周一至周五计算工作日。
remind-calendar-fallback = ⚠️ 管理员注意：系统没有 { $year } 年的节假日数据，目前按周一至周五计算工作日（调休、节假日不准确）。请尽快用 <code>gridbot calendar load 文件</code> 载入 { $year } 年安排。

mute-button = 🔕 免打扰{ $days }天
mute-done = 🔕 已设置免打扰，至 { $until }。期间不发送一般提醒，紧急事项照常通知。
unmute-button = 🔔 恢复提醒
unmute-done = 🔔 已恢复提醒。
mute-bad = 这个按钮无效或已过期。

## 调整社区工作日（社区书记审批）
move-request-to-secretary = 🔁 <b>社区工作日调整申请</b>
    包联干部：{ $name }（{ $community }）
    调整：{ $from_day } → { $to_day }
    原因：{ $reason }
move-no-reason = 未说明
move-approve = ✅ 同意
move-decline = ❌ 不同意
move-approved-to-cadre = ✅ 社区书记已同意：社区工作日由 { $from_day } 调整为 { $to_day }。
move-declined-to-cadre = ❌ 社区书记未同意将 { $from_day } 调整为 { $to_day }，请按原安排到社区工作，或与书记沟通。
move-decided-approved = ✅ 您已同意：{ $name } { $from_day } → { $to_day }。
move-decided-declined = ❌ 您已不同意：{ $name } { $from_day } → { $to_day }。
move-not-secretary = 只有该社区的社区党委书记可以审批这项申请。
move-already-decided = 这项申请已经处理过了（{ $status ->
    [approved] 已同意
   *[declined] 未同意
    }）。
move-unknown = 这项申请不存在或按钮已失效。

## 命令行：工作日历
cli-calendar-loaded = 已载入 { $year } 年工作日历：节假日 { $holidays } 天，调休上班 { $workdays } 天。
cli-calendar-rejected = 日历文件有 { $count } 处错误，未载入任何内容：
calendar-error-syntax = 第 { $line } 行格式不对：“{ $text }”。格式：休 2027-01-01..2027-01-03 元旦，或 班 2027-02-14
calendar-error-kind = 第 { $line } 行开头应为“休”或“班”（holiday / workday），而不是“{ $text }”。
calendar-error-date = 第 { $line } 行的日期无效：“{ $text }”。
calendar-error-range = 第 { $line } 行的日期范围无效（结束早于开始，或超过 31 天）：“{ $text }”。
calendar-error-year = 第 { $line } 行不属于同一年：“{ $text }”。一个文件只载入一年。
calendar-error-duplicate = 第 { $line } 行的日期 { $text } 重复出现。
calendar-error-empty = 文件里没有任何日期。
calendar-error-unreadable = 无法读取文件（不存在，或不是 UTF-8 文本）。
calendar-error-too-big = 文件太大，不像是一年的节假日安排。
cli-calendar-status = { $year } 年：{ $source }
cli-point-set = 已设定 { $community } 的报到点：{ $latitude }, { $longitude }，半径 { $radius } 米。
cli-point-unknown = 没有找到社区“{ $community }”。
cli-point-invalid = 坐标或半径无效：纬度 -90～90，经度 -180～180，半径 10～50000 米。

## 月度报送与问题办理提醒
remind-logs-secretary-t3 = 📤 月报提醒：{ $year }年{ $month }月的网格工作纪实表报送期限为 { $deadline }（{ $communities }）。请先签署待签的纪实表，再在“📤 纪实表月报”中报送。
remind-logs-secretary-t0 = 📤 请今天报送：{ $year }年{ $month }月纪实表的报送期限为 { $deadline }（{ $communities }）。请在“📤 纪实表月报”中报送。
remind-logs-secretary-overdue = ⚠️ { $year }年{ $month }月的纪实表已超过报送期限（{ $deadline }），尚未报送（{ $communities }）。报送后将标记为逾期。
remind-logs-author = 📝 纪实表提醒：{ $year }年{ $month }月的纪实表将于 { $deadline } 报送。{ $returned ->
    [0] {""}
   *[other] 您有 { $returned } 份被退回的纪实表尚未重新提交，请在“📚 我的纪实表”中修改后提交。
}{ $draft ->
    [yes] 您还有一份未填完的纪实表，发送 /log 继续填写。
   *[no] {""}
}
remind-register-t3 = 📋 交办登记表提醒：{ $year }年{ $month }月的问题交办登记表报送党政办的期限为 { $deadline }（{ $communities }）。
remind-register-t0 = 📋 请今天报送：{ $year }年{ $month }月交办登记表的报送期限为 { $deadline }（{ $communities }）。
remind-register-overdue = ⚠️ { $year }年{ $month }月的交办登记表已超过报送期限（{ $deadline }），尚未报送（{ $communities }）。
remind-register-unsigned = ✍️ 有 { $count } 份交办登记表等待您签署并确定包办领导：{ $registers }。请在“📂 问题办理”中办理。
remind-register-unsigned-item = { $community }（{ $period }）
remind-problem-items = ⏰ 您有 { $count } 项问题即将到期或已逾期：
    { $lines }
    请在“📂 问题办理”中办理。
remind-problem-items-line = { $mark } #{ $id } { $description }（{ $due }）
