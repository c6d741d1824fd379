# issue 7: 考核评价 — quarterly ratings and scorecards

cmd-assess = 季度评议和记分卡
asmt-period-quarter = { $year }年第{ $number }季度
asmt-period-half = { $year }年{ $number ->
    [1] 上半年
   *[2] 下半年
}
asmt-period-year = { $year }年度

asmt-grade-excellent = 优秀
asmt-grade-good = 良好
asmt-grade-fair = 一般
asmt-grade-poor = 较差

asmt-main =
    ⭐ <b>{ $quarter }评议</b>
    评议截止：{ $closes }（截止前可修改）
    未评 { $unrated } 人，已评 { $rated } 人。{ $unrated ->
        [0] 全部评完了。
       *[other] 未评的排在前面，点姓名评议。
    }
asmt-main-none = ⭐ <b>{ $quarter }评议</b>
    您没有需要评议的干部。
asmt-main-viewer = ⭐ <b>考核评价</b>
    您可以查看记分卡并导出 Excel。
asmt-ratee-unrated = ⬜ { $name } · { $community } · { $kind }
asmt-ratee-rated = ✅ { $name } · { $grade }
asmt-btn-scorecards = 📊 记分卡
asmt-grade-prompt =
    评议 <b>{ $name }</b>（{ $community } · { $kind }），{ $quarter }：
    { $current }
    请选择等次：
asmt-current-none = 尚未评议。
asmt-current = 当前评议：{ $grade }{ $comment }
asmt-current-comment = （{ $comment }）
asmt-export-file = { $period }记分卡.xlsx
asmt-comment-prompt =
    { $name }：{ $grade }
    可以发送一段评语（最多 { $max } 字），或点“不填写评语”。
asmt-btn-no-comment = 不填写评语
asmt-need-text = 评语请发送文字。
asmt-saved = 已评议：{ $name } { $grade }。
asmt-changed = 已修改：{ $name } 改为 { $grade }。
asmt-unchanged = { $name } 的评议没有变化。
asmt-not-yours = 您不能评议这位干部（不是您负责的社区或身份），未作任何更改。
asmt-closed = { $quarter }的评议期已结束（截止 { $closes }），未作任何更改。
asmt-stale = { $name } 的评议刚刚在别处修改过，请重新查看后再评。
asmt-bad-grade = 等次无效，未作任何更改。
asmt-too-long = 评语太长（最多 { $max } 字），请精简后重新发送。

asmt-pick-period = 📊 选择记分卡的期间：
asmt-no-scope = 您没有可查看的社区。
asmt-btn-export = 📥 导出 Excel
asmt-btn-other-period = 其他期间
asmt-export-caption = { $period }记分卡（截至 { $as_of }）
asmt-scope-all = 全街道
asmt-scope-some = { $names }

asmt-card-title = 📊 <b>{ $period }记分卡</b>（截至 { $as_of }）
asmt-card-formula = 记分办法：
asmt-card-weight = { $name } { $weight }
asmt-card-rule = · { $name }（权重 { $weight }）：{ $rule }
asmt-card-grade = { $grade } { $points } 分
asmt-card-grades = · 评议得分：{ $grades }
asmt-card-community-formula = · 社区记分：{ $text }
asmt-card-communities = 🏘 社区排名（共 { $count } 个）：
asmt-card-community-line = { $rank }. { $name } { $total }分 · 干部 { $cadres } 人 · 下沉/包联 { $secondment } 人 均分 { $secondment_average } · 包联出勤 { $attendance }
asmt-card-more = ……另有 { $count } 个，见 Excel。
asmt-card-top = 👤 干部前 { $count } 名（共 { $total } 人）：
asmt-card-bottom = 后 { $count } 名：
asmt-card-cadre-line = { $rank }. { $name }（{ $community } · { $kind }）{ $total }分
asmt-card-no-cadres = 这个范围内没有干部。

asmt-sheet-title = { $period }记分卡（截至 { $as_of }）
asmt-sheet-cadres = 干部
asmt-sheet-communities = 社区
asmt-sheet-formula = 记分办法
asmt-col-rank = 街道排名
asmt-col-name = 姓名
asmt-col-community = 社区
asmt-col-kind = 身份
asmt-col-logs = 已签纪实表
asmt-col-households = 走访户数
asmt-col-problems-due = 到期事项
asmt-col-problems-on-time = 按时办结
asmt-col-weeks = 计入周数
asmt-col-weeks-ok = 出勤达标周
asmt-col-ratings = 评议次数
asmt-col-rating-average = 评议均分
asmt-col-total = 总分
asmt-col-cadres = 干部人数
asmt-col-average = 全体平均分
asmt-col-all-cadres = 全体干部平均分权重
asmt-col-secondment = 下沉/包联人数
asmt-col-secondment-average = 下沉/包联平均分
asmt-col-attendance = 包联出勤达标率(%)
asmt-col-secondment-rating = 下沉/包联评议均分
asmt-col-community-total = 社区得分
asmt-col-component = 分项
asmt-col-weight = 权重
asmt-col-method = 折算方法
asmt-col-rule = 规则
asmt-part-logs_signed = 纪实表(%)
asmt-part-households = 走访户数(%)
asmt-part-problems_on_time = 按时办结(%)
asmt-part-attendance = 包联出勤(%)
asmt-part-ratings = 评议(%)
asmt-method-target = 对照目标
asmt-method-best = 对照街道最高
asmt-method-ratio = 比例
asmt-formula-title = 记分办法
asmt-grade-points = 评议等次分值
asmt-community-rule = 社区得分
asmt-source = 配置文件：{ $source }

remind-assessment-unrated = ⭐ { $quarter }评议将于 { $closes } 截止，您还有 { $count } 人未评：{ $names }{ $more }。发送 /assess 评议。
