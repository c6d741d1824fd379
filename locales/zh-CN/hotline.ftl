# 12345 热线工单（issue 18）：工单号、时限、办理环节、预警、提醒与导出。

## 卡片
hotline-card-order = 📞 12345 工单号：{ $number }（{ $received } 受理）{ $state ->
    [warning] ⚠️ <b>预警工单</b>
    [closed] ，已结单
   *[open] {""}
}
hotline-card-step-done = · { $step }：{ $at } { $who }{ $answered ->
    [yes] （{ $answer }）
   *[no] {""}
}{ $late ->
    [yes] ，⚠️ 逾期（时限 { $due }）
   *[no] {""}
}
hotline-card-step-todo = · { $step }：时限 { $due }{ $late ->
    [yes] ，⚠️ <b>已逾期</b>
   *[no] ，待办
}

hotline-step-contact = 首次联系
hotline-step-handle = 首次办理
hotline-step-callback = 回访
hotline-step-second_handle = 二次办理（预警）
hotline-step-second_callback = 二次回访

hotline-satisfaction-satisfied = 满意
hotline-satisfaction-basically = 基本满意
hotline-satisfaction-unsatisfied = 不满意

## 按钮
hotline-btn-contact = 📞 已联系
hotline-btn-handle = 🛠 已办理
hotline-btn-callback = ☎️ 已回访
hotline-btn-second_handle = 🛠 已二次办理
hotline-btn-second_callback = ☎️ 已二次回访
hotline-btn-answer = { $step }：{ $answer }
hotline-btn-back = ↩️ 返回

## 按下后的提示
hotline-ask-satisfaction = 请选择居民的满意度：满意、基本满意或不满意。
hotline-done-contact = ✅ 已记录：已联系居民。
hotline-done-handle = ✅ 已记录：已办理。请在 { $due } 前回访居民。
hotline-done-callback = ✅ 已记录回访：{ $answer }，工单已结单。
hotline-done-warning = ⚠️ 已记录回访：不满意。已转为预警工单并报主要负责同志，二次办理时限 { $due }。
hotline-done-second_handle = ✅ 已记录：已二次办理。请回访居民。
hotline-done-second_callback = ✅ 已记录二次回访：{ $answer }，工单已结单。

## 拒绝
hotline-order-bad = 12345 工单号不正确：只能包含字母、数字和“-”，须含数字，最多 { $max } 个字符。
hotline-order-taken = 12345 工单号 { $order } 已登记在 #{ $id }，不能重复登记。
hotline-not-order = 该事项不是 12345 热线工单。
hotline-no-permission = 只有该工单的负责人（预警工单还有街道主要负责同志）可以记录办理环节。
hotline-closed = 该工单已结单，无需再记录。
hotline-step-done = 该环节已记录过，无需重复操作。卡片显示的是最新情况。
hotline-step-order = 还不能记录该环节：请按 联系 → 办理 → 回访 的顺序记录。
hotline-back = 已返回，未记录回访。
hotline-pick-satisfaction = 请先选择居民的满意度。
hotline-outdated = 该按钮已过期，请查看最新的事项卡片。

## 事项历史与通知（move 名见 domain.hotline.event_move）
problem-move-hl_contact = 📞 已联系（12345）
problem-move-hl_handle = 🛠 已办理（12345）
problem-move-hl_handle2 = 🛠 已二次办理（12345 预警）
problem-move-hl_cb_s = ☎️ 已回访：满意
problem-move-hl_cb_b = ☎️ 已回访：基本满意
problem-move-hl_cb_u = ⚠️ 已回访：不满意，转预警
problem-move-hl_cb2_s = ☎️ 已二次回访：满意
problem-move-hl_cb2_b = ☎️ 已二次回访：基本满意
problem-move-hl_cb2_u = ☎️ 已二次回访：不满意
problem-event-hl_contact = 📞 12345 工单 #{ $id }：{ $actor } 已联系居民。
problem-event-hl_handle = 🛠 12345 工单 #{ $id }：{ $actor } 已办理，待回访。当前状态：{ $status }
problem-event-hl_handle2 = 🛠 12345 预警工单 #{ $id }：{ $actor } 已二次办理，待二次回访。当前状态：{ $status }
problem-event-hl_cb_s = ☎️ 12345 工单 #{ $id }：{ $actor } 已回访，居民满意，工单已结单。
problem-event-hl_cb_b = ☎️ 12345 工单 #{ $id }：{ $actor } 已回访，居民基本满意，工单已结单。
problem-event-hl_cb_u = ⚠️ 12345 工单 #{ $id }：{ $actor } 回访居民不满意，已转为<b>预警工单</b>报主要负责同志，须二次办理。当前状态：{ $status }
problem-event-hl_cb2_s = ☎️ 12345 预警工单 #{ $id }：{ $actor } 已二次回访，居民满意，工单已结单。
problem-event-hl_cb2_b = ☎️ 12345 预警工单 #{ $id }：{ $actor } 已二次回访，居民基本满意，工单已结单。
problem-event-hl_cb2_u = ☎️ 12345 预警工单 #{ $id }：{ $actor } 已二次回访，居民仍不满意，工单已结单（已记录）。

## 提醒
remind-hotline-due = ⏰ 12345 工单 { $order }（#{ $id }）的“{ $step }”将于 { $due } 到期，请按时办理并在卡片上记录。
remind-hotline-overdue = ⚠️ 12345 工单 { $order }（#{ $id }）的“{ $step }”已逾期（时限 { $due }），请尽快办理并在卡片上记录。

## 导出
ex-kind-hotline = 12345 热线工单
ex-file-hotline = 12345工单
ex-hotline-sheet = 12345工单
ex-hotline-title = { $scope } 12345 热线工单办理情况（{ $month } 受理）
ex-hotline-none = 本月没有受理的 12345 工单。
ex-hl-col-order = 工单号
ex-hl-col-item = 事项编号
ex-hl-col-grid = 网格
ex-hl-col-category = 类别
ex-hl-col-status = 事项状态
ex-hl-col-received = 受理日期
ex-hl-col-contact-due = 联系时限
ex-hl-col-contact-at = 联系时间
ex-hl-col-contact-by = 联系人
ex-hl-col-handle-due = 办理时限
ex-hl-col-handle-at = 办理时间
ex-hl-col-handle-by = 办理人
ex-hl-col-callback-due = 回访时限
ex-hl-col-callback-at = 回访时间
ex-hl-col-callback-by = 回访人
ex-hl-col-satisfaction = 满意度
ex-hl-col-warning = 转预警时间
ex-hl-col-second-due = 二次办理时限
ex-hl-col-second-at = 二次办理时间
ex-hl-col-second-by = 二次办理人
ex-hl-col-second-callback-at = 二次回访时间
ex-hl-col-second-callback-by = 二次回访人
ex-hl-col-second-satisfaction = 二次满意度
ex-hl-col-closed = 结单时间
ex-hl-col-late = 逾期环节
ex-hl-col-orders = 工单数
ex-hl-col-closed-count = 已结单
ex-hl-col-warnings = 预警工单
ex-hl-col-late-count = 有逾期环节
