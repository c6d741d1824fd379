## 领导简报（日报、周报、月报）与催办

digest-daily-title = 📊 <b>每日简报</b> { $day }
digest-weekly-title = 📊 <b>每周简报</b> { $year }年第 { $week } 周（{ $start } 至 { $end }）
digest-monthly-title = 📊 <b>月度简报</b> { $month }
digest-scope-all = 范围：全街道 { $count } 个社区
digest-scope-some = 范围：{ $names }
digest-continued = （续）
digest-none = 无
digest-more-items = ……另有 { $count } 项
digest-more-communities = ……其余 { $count } 个社区未列出（可用 /export 导出完整报表）
digest-and-more = 等，另有 { $count } 个

digest-urgent-title = 🚨 <b>即报即办</b>：新增 { $count } 项{ $open ->
    [0] ，均已签收
   *[other] ，未签收 { $open } 项
}
digest-urgent-row = #{ $id } { $community } · { $category }
digest-urgent-acked = ✅ { $name } 已签收
digest-urgent-not-acked = ❗ 未签收

digest-overdue-title = ⏰ <b>逾期事项</b> { $count } 项（按包办领导）
digest-overdue-leader = ▪ { $leader }：{ $count } 项
digest-more-leaders = ……其余 { $count } 位领导共 { $items } 项
digest-no-leader = 未交办领导
digest-overdue-row = #{ $id } { $community } · { $category } · 承办 { $owner } · 逾期 { $days } 天（{ $status }）

digest-registers-title = 📋 交办登记表待主要负责同志签字 { $count } 份
digest-register-row = { $name } { $month }

## 每个社区一行，只写不为零的数；无事可报的社区只计数
digest-facts-separator = ，
digest-community-line = { $name }：{ $facts }
digest-communities-title-day = 🏘 <b>各社区情况</b>（纪实日期 { $day }）
digest-communities-title-range = 🏘 <b>各社区情况</b>（纪实日期 { $start } 至 { $end }）
digest-communities-title-week = 🏘 <b>各社区本周情况</b>
digest-communities-title-month = 🏘 <b>各社区本月情况</b>
digest-total-line = 合计：{ $facts }
digest-total-none = 合计：无新情况
digest-quiet-day = 另有 { $count } 个社区无新情况
digest-quiet-week = 另有 { $count } 个社区本周无新情况
digest-quiet-month = 另有 { $count } 个社区本月无新情况
digest-quiet-names = （{ $names }）
digest-fact-logs = 纪实 { $count } 条
digest-fact-logs-visits = 纪实 { $count } 条（走访 { $households } 户）
digest-fact-logs-people = 纪实 { $count } 条（{ $people } 人，走访 { $households } 户）
digest-fact-unsigned = 待签 { $count } 份
digest-fact-problems = 问题 { $count } 项
digest-fact-problems-urgent = 问题 { $count } 项（紧急 { $urgent }）
digest-fact-resolved = 办结 { $count } 项
digest-fact-overdue = 逾期 { $count } 项
digest-fact-registers = 登记表待签 { $count } 份
digest-fact-sheets = 提示单 { $count } 份
digest-fact-sheets-overdue = 提示单 { $count } 份（逾期未办 { $overdue } 份）
digest-fact-meetings = 会议 { $count } 次（{ $hours } 人时）

digest-attendance-title = 🗓 <b>包联干部下沉</b>：达标 { $compliant }/{ $cadres } 人（本周 { $days } 个工作日，每人应到 2 天）
digest-attendance-row = { $name }：达标 { $compliant }/{ $cadres } 人，共 { $days } 天，未达标：{ $names }{ $more ->
    [0] {""}
   *[other] 等 { $more } 人
}
digest-attendance-all-met = 另有 { $count } 个社区全部达标

digest-tasks-title = 📝 <b>纪实表</b> { $total } 条，按重点任务：{ $tasks }
digest-task-count = { $task } { $count }
digest-tasks-none-week = 📝 <b>纪实表</b>：本周无纪实
digest-tasks-none-month = 📝 <b>纪实表</b>：本月无纪实

digest-problems-title = 📮 <b>问题和建议</b>：{ $facts }
digest-problems-none-week = 📮 <b>问题和建议</b>：本周无新增
digest-problems-none-month = 📮 <b>问题和建议</b>：本月无新增
digest-problems-opened = 新增 { $count } 项
digest-problems-resolved = 办结 { $count } 项
digest-problems-overdue-week = 本周到期仍未办结 { $count } 项
digest-problems-overdue-month = 本月到期仍未办结 { $count } 项
digest-rates = 三率：响应率 { $response } · 解决率 { $resolution } · 满意率 { $satisfaction }
digest-sources = 来源：{ $sources }
digest-source-count = { $source } { $count }
digest-quota-title = 📊 本月上报情况（每名网格员每月 { $quota } 项，不排名）：
digest-quota-line = { $name }：网格员 { $workers } 人，上报 { $count }/{ $expected } 项

digest-burden-title = 📦 <b>社区负担</b>：{ $facts }
digest-burden-none-week = 📦 <b>社区负担</b>：本周无工作提示单和会议
digest-burden-none-month = 📦 <b>社区负担</b>：本月无工作提示单和会议
digest-burden-sheets = 工作提示单 { $count } 份
digest-burden-sheets-overdue = 工作提示单 { $count } 份（逾期未办 { $overdue } 份）
digest-burden-meetings = 会议 { $count } 次
digest-burden-hours = 占用 { $hours } 人时
digest-burden-departments = 各部门：
digest-burden-department = { $name }：{ $facts }
digest-department-sheets = 发提示单 { $count } 份
digest-department-meetings = 报备会议 { $count } 次
digest-department-meetings-outcome = 报备会议 { $count } 次（{ $outcome }）
digest-department-approved = 批准 { $count }
digest-department-declined = 不予召开 { $count }
digest-department-merged = 合并 { $count }

digest-logs-submission = 📤 <b>纪实表月报</b>：{ $facts }（共 { $total } 个社区）
digest-register-submission = 📋 <b>交办登记表</b>：{ $facts }（共 { $total } 个社区）
digest-submission-on-time = 按时 { $count }
digest-submission-late = 逾期报送 { $count }
digest-submission-missing = 未报送 { $count }
digest-submission-signed = 已签字 { $count }
digest-submission-unsigned = 待签字 { $count }
digest-late-list = 逾期报送：{ $names }
digest-missing-list = 未报送：{ $names }
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
