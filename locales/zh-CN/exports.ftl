## 报表导出（issue 7）
action-export = 📥 报表导出
cmd-export = 报表导出（Excel）

ex-kind-worklog = 网格工作纪实表
ex-kind-register = 交办登记表
ex-kind-attendance = 包联干部考勤（周）
ex-kind-scorecards = 考核记分卡（季度）

ex-pick-kind = 📊 <b>报表导出</b>
    请选择要导出的报表：
ex-pick-scope = 请选择范围：
ex-no-scope = 您没有可导出的社区。
ex-scope-all = 🏙 全街道（{ $name }）
ex-pick-month = 请选择月份：
ex-pick-week = 请选择周：
ex-month-option = { $year }年{ $month }月{ $current ->
    [yes] （本月）
   *[no] {""}
}
ex-week-option = { $start } 至 { $end }{ $current ->
    [yes] （本周）
   *[no] {""}
}
ex-pick-quarter = 请选择季度：
ex-quarter-option = { $year }年第{ $quarter }季度{ $current ->
    [yes] （本季度）
   *[no] {""}
}
ex-confirm = 📊 即将导出：
    报表：{ $kind }
    范围：{ $scope }
    时间：{ $period }
    生成后将以 Excel 文件发送给您。
ex-btn-start = ✅ 开始导出
ex-btn-cancel = ✖️ 取消

ex-queued = 已开始生成，完成后将把文件发送给您。
ex-unknown-kind = 这个界面已过期，请重新打开报表导出。
ex-not-allowed = 您无权导出这个范围的报表。
ex-bad-period = 这个时间不在可导出的范围内，请重新选择。
ex-busy = 您还有一份报表正在生成，请等它完成后再导出。

ex-what = { $kind }（{ $scope }，{ $period }）
ex-progress = ⏳ 正在生成 { $what }… { $percent }%
ex-progress-resumed = ⏳ 机器人重启过，正在重新生成 { $what }…
ex-caption = 📊 { $what }
ex-done = ✅ { $what } 已生成并发送。
ex-failed = ❌ { $what } 生成失败，请稍后重试；如仍失败请联系管理员。

ex-total = 合计
ex-yes = 是
ex-no = 否
ex-col-community = 社区
ex-col-status = 状态
ex-worklog-title = { $scope } 网格工作纪实表（{ $month }）
ex-worklog-summary-title = { $scope } 网格工作纪实表汇总（{ $month }）
ex-col-logs = 纪实条数
ex-col-approved = 已签署
ex-col-unsigned = 未签署
ex-col-excluded = 未列入月报
ex-col-people = 人数
ex-col-households = 走访户数
ex-col-month-submission = 月报
ex-month-submitted = 已报送
ex-month-reopened = 已退回重报
ex-month-not-submitted = 未报送

ex-register-sheet = 交办登记表
ex-register-title = { $scope } 网格反映问题和意见建议交办登记表（{ $month }）
ex-register-summary-title = { $scope } 交办登记表汇总（{ $month }）
ex-col-register = 登记表
ex-register-signed = 已签署
ex-register-submitted = 已报送待签署
ex-register-none = 未报送
ex-col-items = 问题建议数
ex-col-open = 办理中
ex-col-done = 已办结
ex-col-urgent = 即报即办

ex-attendance-sheet = 考勤
ex-attendance-title = { $scope } 包联干部社区工作日（{ $week }，共 { $working } 个工作日）
ex-attendance-summary-title = { $scope } 包联干部考勤汇总（{ $week } 起一周）
ex-col-name = 姓名
ex-col-department = 部门
ex-col-days = 社区工作日
ex-col-days-done = 天数
ex-col-required = 应到天数
ex-col-compliant = 达标
ex-col-outside = 位置异常
ex-col-cadres = 包联干部数
ex-col-compliant-count = 达标人数
ex-col-rate = 达标率
ex-col-days-total = 社区工作日合计

## 工作簿（issue 15）：文件名、时间段、状态（不带表情）、汇总表
# 文件名：{ 报表 }-{ 范围 }-{ 时间段 }.xlsx，如 纪实表-幸福社区-2026年11月.xlsx
ex-file-worklog = 纪实表
ex-file-register = 交办登记表
ex-file-attendance = 包联干部考勤
ex-file-scorecards = 考核记分卡
ex-file-callout = 应急分队
ex-period-month = { $year }年{ $month }月
ex-period-week = { $year }年{ $month }月{ $day }日至{ $end_month }月{ $end_day }日
ex-period-day = { $year }年{ $month }月{ $day }日
ex-status-submitted = 待签署
ex-status-returned = 已退回
ex-status-approved = 已同意
ex-status-excluded = 未列入月报
ex-col-submitted-by = 报送人
ex-col-submitted-at = 报送时间
ex-col-late = 逾期报送
ex-col-item = 项目
ex-col-value = 内容
