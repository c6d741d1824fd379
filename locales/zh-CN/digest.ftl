## 领导简报（日报、周报、月报）与催办

digest-daily-title = 📊 <b>每日简报</b> { $day }
digest-weekly-title = 📊 <b>每周简报</b> { $start } 至 { $end }
digest-monthly-title = 📊 <b>月度简报</b> { $month }
digest-scope-all = 范围：全街道 { $count } 个社区
digest-scope-some = 范围：{ $names }
digest-continued = （续）
digest-none = 无
digest-more-items = ……另有 { $count } 项
digest-more-communities = ……其余 { $count } 个社区未列出（可用 /export 导出完整报表）
digest-and-more = 等，另有 { $count } 个

digest-urgent-title = 🚨 <b>即报即办</b>：新增 { $count } 项，未签收 { $open } 项
digest-urgent-row = #{ $id } { $community } · { $category }
digest-urgent-acked = ✅ { $name } 已签收
digest-urgent-not-acked = ❗ 未签收

digest-overdue-title = ⏰ <b>逾期事项</b> { $count } 项（按包办领导）
digest-overdue-leader = ▪ { $leader }：{ $count } 项
digest-more-leaders = ……其余 { $count } 位领导共 { $items } 项
digest-no-leader = 未交办领导
digest-overdue-row = #{ $id } { $community } · { $category } · 承办 { $owner } · 逾期 { $days } 天（{ $status }）

digest-unsigned-title = ✍️ <b>待签批</b>：纪实表 { $count } 份
digest-unsigned-row = { $name }：{ $count } 份
digest-registers-title = 📋 交办登记表待主要负责同志签字 { $count } 份
digest-register-row = { $name } { $month }

digest-work-title-day = 🧭 <b>网格工作</b>（{ $day }）
digest-work-title-range = 🧭 <b>网格工作</b>（{ $start } 至 { $end }）
digest-work-total = 合计：纪实 { $logs } 条，{ $people } 人，走访 { $households } 户
digest-work-row = { $name }：{ $logs } 条 · { $people } 人 · { $households } 户
digest-work-quiet = 无纪实的社区 { $count } 个：{ $names }

digest-attendance-title = 🗓 <b>包联干部下沉</b>（本周 { $days } 个工作日，每周应到 2 天）：达标 { $compliant }/{ $cadres } 人
digest-attendance-row = { $name }：达标 { $compliant }/{ $cadres } 人，共 { $days } 天
digest-attendance-short = 未达标：{ $names }{ $more ->
    [0] {""}
   *[other] 等 { $more } 人
}

digest-tasks-title = 📝 <b>纪实表</b>：共 { $total } 条（按重点任务）
digest-tasks-head = 社区：合计 | { $heads }
digest-tasks-row = { $name }：{ $logs } | { $counts }
digest-tasks-total = 合计 | { $counts }

digest-problems-title = 📮 <b>问题和建议</b>
digest-problems-counts = 新增 { $opened } 项，办结 { $resolved } 项，当前逾期 { $overdue } 项
digest-rates = 三率：响应率 { $response } · 解决率 { $resolution } · 满意率 { $satisfaction }

digest-burden-title = 📦 <b>社区负担</b>（{ $start } 至 { $end }）
digest-burden-total = 工作提示单 { $sheets } 份（逾期未办 { $overdue } 份），会议 { $meetings } 次，占用 { $hours } 人时
digest-burden-row = { $name }：提示单 { $sheets } 份 · 会议 { $meetings } 次 · { $hours } 人时{ $overdue ->
    [0] {""}
   *[other] · 逾期 { $overdue } 份
}
digest-burden-departments = 各部门：
digest-burden-department = { $name }：发提示单 { $sheets } 份，报备会议 { $filed } 次（批准 { $approved }，不予召开 { $declined }，合并 { $merged }）

digest-logs-submission = 📤 <b>纪实表月报</b>：按时 { $on_time }，逾期报送 { $late }，未报送 { $missing }（共 { $total } 个社区）
digest-late-list = 逾期报送：{ $names }
digest-missing-list = 未报送：{ $names }
digest-register-submission = 📋 <b>交办登记表</b>：已签字 { $signed }，待签字 { $unsigned }，未报送 { $missing }（共 { $total } 个社区）
digest-unsigned-list = 待签字：{ $names }

digest-chart-daily = 各社区网格工作纪实（条）
digest-chart-daily-caption = 📊 { $day } 网格工作（纪实条数最少的社区在上）
digest-chart-weekly = 包联干部下沉达标率（%）
digest-chart-weekly-caption = 📊 { $start } 至 { $end } 包联干部每周 2 天达标率（最低的社区在上）
digest-chart-monthly = 问题和建议办理情况
digest-chart-monthly-caption = 📊 { $month } 问题和建议：上报 → 响应 → 办结 → 确认
digest-chart-reported = 上报
digest-chart-responded = 及时响应
digest-chart-resolved = 已办结
digest-chart-confirmed = 确认解决
digest-chart-empty = 暂无数据

digest-nudge-button = 🔔 催办 #{ $id } { $owner }
digest-nudge-text = 🔔 <b>催办</b>：{ $leader } 提醒您尽快办理逾期事项 #{ $id }（{ $community } · { $category }，已逾期 { $days } 天）。发送 /problems 查看。
digest-nudge-sent = 已催办，已通知 { $owner }。
digest-nudge-already = 今天已催办过此事项（{ $name }），不再重复发送。
digest-nudge-unreachable = { $owner } 尚未绑定机器人或已停用，无法在线催办，请电话联系。
digest-nudge-gone = 此事项已办结或不再逾期，无需催办。
digest-nudge-not-yours = 此事项不在您的分管范围内，无法催办。

digest-choose = 📊 <b>工作简报</b>
    选择要查看的简报。{ $scope }
digest-kind-daily = 📅 今日简报
digest-kind-weekly = 🗓 上周简报
digest-kind-monthly = 📆 上月简报
digest-no-scope = 您没有可查看的社区范围，请联系管理员核对花名册。
digest-working = ⏳ 正在生成简报……
