## 网格工作纪实表（填写）
action-logmonth = 📤 纪实表月报
cmd-mylogs = 我的纪实表
wl-task-publicist = 宣传员
wl-task-gatekeeper = 守门员
wl-task-fixer = 施工员
wl-task-helper = 帮办员
wl-task-servant = 勤务员
weekday-0 = 一
weekday-1 = 二
weekday-2 = 三
weekday-3 = 四
weekday-4 = 五
weekday-5 = 六
weekday-6 = 日
cal-days-header = 🗓 { $year }年{ $month }月
cal-prev-month = ◀ { $month }月
cal-next-month = { $month }月 ▶
cal-month = { $month }月
cal-months-header = 🗓 { $year }年
wl-none = 无
wl-all = 全部

wl-resume-title = 📝 <b>您有一份未填完的纪实表</b>
    继续填写，还是丢弃后重新填写？
wl-btn-resume = ▶️ 继续填写
wl-btn-discard = 🗑 丢弃
wl-discarded = 已丢弃草稿。
wl-kept-draft = 💾 草稿已保存。想接着填时，发送 /log（或在主菜单点“📝 填写纪实表”），会从没填完的那一步继续。
wl-cancelled = 已取消，这份纪实没有保存。
wl-cancelled-returned = 已取消修改，退回的纪实表保持原样；可在“📚 我的纪实表”里再次修改并提交。
wl-btn-later = ⏸ 稍后再填
wl-btn-to-summary = ↩️ 回到汇总
wl-btn-next = 下一步 ➡️
wl-btn-skip = 跳过
wl-btn-today = 📅 今天

wl-date-prompt = 📝 <b>填写网格工作纪实表</b>
    请选择工作日期（可补填最近 { $days } 天），也可以直接输入，如“{ $example_short }”或“昨天”。
wl-date-unreadable = 没看懂这个日期。请在日历中选择，或输入如“{ $example_iso }”“{ $example_month }月{ $example_day }日”“昨天”。
wl-date-future = 不能填写未来的日期，请选择今天或之前的日期。
wl-date-too-old = 只能补填最近 { $days } 天内的纪实表。更早的记录请联系社区书记。
wl-date-month-locked = { $month } 的纪实表已报送党群工作部，该月已锁定。如需补录，请社区书记先在“📤 纪实表月报”中重新开启该月。

wl-grid-prompt = 📍 请选择工作的网格（⭐ 为您负责的网格）：
wl-grid-none = 名册中您所在社区还没有网格，请联系管理员补充网格信息。
wl-btn-more-grids = 显示本社区其他网格
wl-grid-outside = 这个网格不在您所在的社区，不能为它填写纪实表。请重新选择。

wl-tasks-prompt = 🧭 本次工作属于哪些重点任务？（可多选，选好后点“下一步”）
wl-tasks-none = 请至少选择一项任务。

wl-households-prompt = 🏠 本次走访了多少户？请输入数字（没有入户请输入 0）。
wl-households-invalid = 请输入 0 到 { $max } 之间的整数，例如“12”。
wl-addresses-prompt = 📮 请输入走访的地址（可选，如“幸福小区3栋1-6单元”），或点击“跳过”。
wl-content-prompt = ✍️ 请简要填写工作内容（{ $min }–{ $max } 字）。
wl-need-text = 这一步需要输入文字，请直接发送文字内容。
wl-text-empty = 内容不能为空，请重新输入。
wl-text-too-short = 内容太短了（至少 { $min } 个字），请写清楚做了什么。
wl-text-too-long = 内容太长了（{ $length } 字，最多 { $max } 字），请精简后重新发送。


wl-problems-prompt = ⚠️ 本次工作中发现问题了吗？有问题请点“上报问题”逐项登记（网格和日期已自动带入），社区和街道会跟踪办理；没有请点“无”。
wl-btn-no-problems = 👌 无
wl-summary-title = 📋 <b>请核对纪实表</b>
wl-summary-resubmit = ↩️ 这是一份被退回的纪实表，修改后请重新提交。
wl-summary-return-reason = 退回原因：{ $return_reason }
wl-summary-body = 日期：{ $date }
    网格：{ $grid }
    任务：{ $tasks }
    走访：{ $households } 户
    地址：{ $addresses }
    内容：{ $content }
    照片：{ $photos } 张
    发现问题：{ $problems }
wl-edit-date = ✏️ 日期
wl-edit-grid = ✏️ 网格
wl-edit-tasks = ✏️ 任务
wl-edit-households = ✏️ 户数
wl-edit-addresses = ✏️ 地址
wl-edit-content = ✏️ 内容
wl-edit-photos = ✏️ 照片
wl-edit-problems = ✏️ 问题
wl-btn-submit = 📤 提交
wl-incomplete = 还有内容没有填写，已为您打开需要填写的一步。
wl-submitted = ✅ 纪实表 #{ $id } 已提交，等待社区书记签署。签署结果会通知您。
wl-submitted-no-signer = ✅ 纪实表 #{ $id } 已提交。注意：您所在社区尚无已绑定的社区书记，暂时无人签署，请联系管理员。
wl-refused-not-allowed = 您的角色不能填写纪实表。
wl-refused-grid-outside = 这个网格不在您所在的社区，请重新选择网格。
wl-refused-future = 不能填写未来的日期，请修改日期。
wl-refused-too-old = 只能补填最近 { $days } 天内的纪实表，请修改日期。
wl-refused-month-locked = 该月纪实表已报送并锁定，请社区书记重新开启后再提交。
wl-refused-no-category = 请至少选择一项任务。
wl-refused-content = 工作内容或户数不符合要求，请修改。
wl-refused-too-long = 走访地址太长，请精简。
wl-refused-too-many-photos = 照片最多 9 张，请删减。
wl-refused-not-found = 找不到这份纪实表。
wl-refused-not-returned = 这份纪实表不是“已退回”状态，不能重新提交。

## 纪实表卡片
wl-card-title = 📋 <b>网格工作纪实表 #{ $id }</b>
wl-card-date = 日期：{ $date }
wl-card-grid = 网格：{ $community } · { $grid }
wl-card-person = 人员：{ $name }（{ $role }）
wl-card-tasks = 任务：{ $tasks }
wl-card-households = 走访：{ $count } 户
wl-card-addresses = 地址：{ $addresses }
wl-card-content = 内容：{ $content }
wl-card-problems = 发现问题：已上报 { $problems }
wl-card-no-problems = 发现问题：无
wl-card-photos = 照片：{ $count } 张
wl-card-status = 状态：{ $status }
wl-status-submitted = ⏳ 待签署
wl-status-returned = ↩️ 已退回
wl-status-approved = ✅ 已同意
wl-status-excluded = ➖ 未报送
wl-status-approved-by = ✅ 已同意（{ $signer }，{ $at }）
    签署意见：{ $opinion }
wl-status-returned-why = ↩️ 已退回{ $when ->
    [yes] ，原因：{ $reason }
   *[no] {""}
}
wl-status-excluded-why = ➖ 未列入月报（{ $reason }）
wl-opinion-none = 同意
wl-icon-submitted = ⏳
wl-icon-returned = ↩️
wl-icon-approved = ✅
wl-icon-excluded = ➖
wl-short-line = { $status } #{ $id } { $date } { $grid } { $name }
wl-history = 🕘 <b>办理记录</b>
wl-history-line = { $at } { $who } { $action } { $note }
wl-event-submitted = 提交
wl-event-resubmitted = 修改后重新提交
wl-event-approved = 同意
wl-event-returned = 退回
wl-event-excluded = 未列入月报
wl-event-month-submitted = 随月报报送

## 签署
wl-sign-request = 📝 <b>新的纪实表待您签署</b>
wl-told-approved = ✅ <b>您的纪实表已签署同意</b>
wl-told-returned = ↩️ <b>您的纪实表被退回</b>，请按原因修改后重新提交。
wl-btn-approve = ✅ 同意
wl-btn-return = ↩️ 退回
wl-btn-edit = ✏️ 修改并重新提交
wl-btn-approve-plain = ✅ 同意（不填意见）
wl-btn-cancel = ✖️ 取消
wl-opinion-prompt = ✍️ 请输入签署意见后发送，或直接点“同意（不填意见）”。
wl-reason-prompt = ↩️ 请输入退回原因（必填），纪实表会退回给填写人修改。
wl-signed-approved = ✅ 已签署同意纪实表 #{ $id }，已通知填写人。
wl-signed-returned = ↩️ 已退回纪实表 #{ $id }，已通知填写人修改。
wl-sign-approved = 可以签署。
wl-sign-returned = 已退回。
wl-sign-not-found = 找不到纪实表 #{ $id }，可能已被删除。
wl-sign-not-allowed = 只有{ $community }的社区党委书记（或其指定的代签人）可以签署这份纪实表，您的操作未生效。
wl-sign-already-signed = 纪实表 #{ $id } 已由{ $signer }于 { $at } 签署，签署后不能更改。
wl-sign-already-returned = 纪实表 #{ $id } 已退回给填写人修改，修改后会重新提交给您。
wl-sign-outdated = 纪实表 #{ $id } 已被修改并重新提交，请使用最新的那条消息签署。
wl-sign-need-reason = 退回必须填写原因，请输入退回原因。
wl-sign-too-long = 内容太长了（最多 { $max } 字），请精简后重新发送。
wl-edit-not-returned = 纪实表 #{ $id } 当前不是“已退回”状态，不需要修改。

## 待我签批
wl-pending-title = ✍️ <b>待我签批的纪实表</b>（共 { $total } 份，第 { $page }/{ $pages } 页）
wl-pending-empty = 目前没有等待您签署的纪实表。
wl-btn-prev = ◀️ 上一页
wl-btn-next-page = 下一页 ▶️
wl-btn-approve-all = ✅ 本页全部同意
wl-approve-all-confirm = 确认同意本页以下 { $shown } 份纪实表吗？签署意见将记为“同意”，签署后不能更改。
wl-btn-confirm = ✅ 确认
wl-approved-all = 已同意 { $approved } 份{ $skipped ->
    [0] 。
   *[other] ，另有 { $skipped } 份已被处理或无权签署，已跳过。
}

## 我的纪实表
wl-my-logs = 📚 <b>我的纪实表</b> · { $year }年{ $month }月
wl-community-logs = 🏘 <b>本社区纪实表</b> · { $year }年{ $month }月
wl-list-total = 共 { $total } 份
wl-list-empty = 这个月还没有纪实表。
wl-filter-grid = 网格：{ $value }
wl-filter-person = 人员：{ $value }
wl-filter-status = 状态：{ $value }
wl-btn-prev-month = ◀️ 上月
wl-btn-next-month = 下月 ▶️
wl-btn-first-page = ⏮ 第一页
wl-btn-more = 更多 ▶️
wl-btn-scope-community = 🏘 查看本社区
wl-btn-scope-mine = 👤 只看我的
wl-btn-filter-grid = 🔎 按网格
wl-btn-filter-person = 🔎 按人员
wl-btn-filter-status = 🔎 按状态
wl-pick-grid = 请选择网格：
wl-pick-person = 请选择人员：
wl-pick-status = 请选择状态：

## 月报
wl-month-pick-community = 📤 <b>纪实表月报</b>
    请选择社区：
wl-month-no-community = 您不是任何社区的社区书记或代签人。
wl-month-pick-month = 📤 <b>纪实表月报</b>
    请选择要报送的月份：
wl-month-option = { $year }年{ $month }月
wl-month-overview = 📤 <b>{ $community } · { $year }年{ $month }月 纪实表</b>
    共 { $total } 份：已同意 { $approved } 份，未签署 { $unsigned } 份，不列入 { $excluded } 份
    报送期限：{ $deadline }
    状态：{ $status }
wl-month-status-open = 未报送{ $late ->
    [yes] （⚠️ 已超过期限，报送后将标记为逾期）
   *[no] {""}
}
wl-month-status-submitted = ✅ 已于 { $at } 报送{ $late ->
    [yes] （逾期）
   *[no] {""}
}
wl-month-status-reopened = 🔓 已重新开启（{ $reason }），需重新报送
wl-btn-month-submit = 📤 确认报送党群工作部
wl-month-empty-confirm = ⚠️ { $community } { $year }年{ $month }月没有一份已同意的纪实表。确定要向党群工作部报送一份空的月报吗？
wl-btn-month-submit-empty = ✅ 确定，报送空月报
wl-btn-go-sign = ✍️ 去签署
wl-btn-exclude = ➖ 未签署的不列入（需说明原因）
wl-btn-reopen = 🔓 重新开启该月
wl-btn-other-month = 🗓 其他月份
wl-month-exclude-prompt = 请输入这些未签署纪实表不列入月报的原因：
wl-month-reopen-prompt = 请输入重新开启该月的原因（将被记录）：
wl-month-submitted = ✅ 已报送 { $count } 份纪实表至党群工作部{ $late ->
    [yes] （逾期报送）
   *[no] {""}
}，纪实表已发送给党群工作部和您本人。该月已锁定。
wl-month-excluded = 已将 { $count } 份未签署的纪实表标记为不列入月报。
wl-month-reopened = 🔓 该月已重新开启，可以补录和签署，完成后请重新报送。
wl-month-not-allowed = 只有该社区的社区书记（或代签人）可以办理月报。
wl-month-not-over = 这个月还没有结束，月末之后才能报送。
wl-month-unsigned-left = 还有未签署的纪实表：请先签署，或将其标记为不列入并说明原因。
wl-month-already-submitted = 这个月已经报送过了。如需修改，请先重新开启。
wl-month-changed = 生成纪实表期间，本月的纪实表有变动。请核对后重新报送。
wl-month-not-submitted = 这个月还没有报送，不需要重新开启。
wl-month-need-reason = 请填写原因。
wl-month-too-long = 原因太长了（最多 { $max } 字），请精简。

## 月报工作簿
wl-sheet-logs = 纪实表
wl-sheet-summary = 汇总
wl-sheet-title = { $community } 网格工作纪实表（{ $month }）
wl-col-no = 序号
wl-col-date = 日期
wl-col-grid = 网格
wl-col-person = 姓名
wl-col-deployment = 身份
wl-col-tasks = 任务类别
wl-col-households = 走访户数
wl-col-addresses = 走访地址
wl-col-content = 工作内容
wl-col-problems = 发现问题
wl-col-photos = 照片数
wl-col-opinion = 签署意见
wl-col-signer = 签署人
wl-col-signed-at = 签署时间
wl-sum-title = 📤 { $community } { $month } 网格工作纪实表
wl-sum-counts = 共 { $count } 份，{ $people } 人填写，走访 { $households } 户。
wl-sum-excluded = 另有 { $count } 份未签署，经说明后不列入。
wl-sum-by-grid = 按网格：
wl-sum-by-task = 按任务：
wl-sum-item = { $name } { $count } 份
wl-sum-submitted = 报送人：{ $name }，报送时间：{ $at }
wl-sum-late = （逾期）
wl-btn-photos = 📷 查看照片（{ $photos } 张）
wl-btn-report-problem = ⚠️ 上报问题
wl-btn-no-more-problems = ✅ 没有其他问题
wl-problems-reported = 已上报：{ $reported }
wl-problems-use-button = 请点“⚠️ 上报问题”登记发现的问题，以便跟踪办理；没有问题请点“👌 无”。
wl-problems-separator = ；
wl-pending-problems = 📂 另有 { $problems } 项问题待您办理。
wl-pending-registers = 📋 另有 { $registers } 份交办登记表待您签署或报送。
wl-btn-pending-problems = 📂 问题办理（{ $waiting }）
