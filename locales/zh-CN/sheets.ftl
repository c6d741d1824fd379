# 工作提示单 (issue 8)

sheet-home = 📋 <b>工作提示单</b>
    部门向社区布置工作，只能用简短、清楚的工作提示单：不以文转文，不以会传会。
sheet-home-draft = 📝 您有一份未提交的提示单草稿，点“新建提示单”继续填写。
sheet-btn-new = ➕ 新建提示单
sheet-btn-mine = 📂 我发出的提示单
sheet-btn-cancel = ✖️ 取消
sheet-btn-next = ➡️ 下一步
sheet-btn-all = ☑️ 全部社区
sheet-btn-skip = ⏭ 跳过
sheet-btn-submit = ✅ 提交
sheet-btn-discard = 🗑 放弃草稿
sheet-btn-photos = 🖼 查看办理照片
sheet-btn-refresh = 🔄 刷新
sheet-btn-urgent = 🚨 标记为紧急
sheet-btn-not-urgent = 取消紧急
sheet-btn-contact-me = 👤 联系人填我本人
sheet-btn-rcv = 📥 已收到
sheet-btn-done = ✅ 已完成
sheet-btn-ask = ❓ 有疑问
sheet-btn-ans = 💬 回复疑问

sheet-ask-title = 请输入提示单标题（不超过 { $max } 字）。
sheet-ask-body = 请写明需要社区做什么（不超过 { $limit } 字）。写不下，说明事情还没想清楚，请先理清再发。
sheet-body-current = 当前内容：{ $counter }
sheet-body-ok = ✍️ 已记下（{ $counter } 字）。
sheet-body-empty = 内容不能为空，请写明需要社区做什么。
sheet-body-too-long = ⚠️ 内容 { $count }/{ $limit } 字，超出 { $over } 字。工作提示单要简短清楚：需要更多文字，说明事情还没想清楚。请精简到 { $limit } 字以内后重新发送。
sheet-body-kept = 您的原文保留如下，可复制后精简再发送：
sheet-ask-communities = 请选择发给哪些社区（可多选），选好后点“下一步”。
sheet-no-communities = 请至少选择一个社区。
sheet-ask-due = 请选择或输入完成期限（如 2026-12-03 或 12-03）。
    非紧急事项最早 { $earliest }（至少提前 { $lead } 个工作日）。
sheet-due-urgent-on = 🚨 已标记为紧急：可选今天起的工作日。
sheet-due-format = 日期看不懂，请输入如 2026-12-03 或 12-03。
sheet-due-past = ⚠️ 期限不能早于今天。最早可选 { $earliest }。
sheet-due-not-working = ⚠️ 期限须是工作日（法定节假日和周末不算，调休上班日算）。最早可选 { $earliest }。
sheet-due-too-soon = ⚠️ 期限至少要提前 { $lead } 个工作日，最早可选 { $earliest }。确属紧急的，请点“🚨 标记为紧急”并说明理由。
sheet-ask-urgent-reason = 请说明为什么紧急（不超过 { $max } 字）。紧急提示单可以早于 2 个工作日到期。
sheet-urgent-reason-needed = 紧急提示单必须说明理由（不超过 { $max } 字）。
sheet-ask-contact = 请输入联系人（姓名和电话），或点下方按钮填您本人。
sheet-contact-bad = 联系人不能为空，不超过 { $max } 字。
sheet-ask-attach = 可以附一张照片或一个位置（可选）；不接受文件附件。不需要就点“跳过”。
sheet-attach-hint = 请发送一张照片或一个位置，或点“跳过”。
sheet-no-documents = ⚠️ 工作提示单不能附文件：按规定不以文转文。请把需要社区做的事写清楚，必要时可附一张照片或一个位置。
sheet-one-attachment = 只能附一张照片或一个位置，二选一。
sheet-need-text = 请用文字回复。
sheet-title-bad = 标题不能为空，不超过 { $max } 字。

sheet-summary-title = 📋 <b>请确认提示单</b>
    标题：{ $title }
sheet-summary-body = 内容（{ $counter }）：{ $body }
sheet-summary-communities = 社区（{ $count } 个）：{ $communities }
sheet-summary-due = 期限：{ $due }
sheet-summary-no-attachment = 附件：无
sheet-summary-hint = 可点下方按钮修改任一项，确认无误后提交。
sheet-edit-title = ✏️ 标题
sheet-edit-body = ✏️ 内容
sheet-edit-communities = ✏️ 社区
sheet-edit-due = ✏️ 期限
sheet-edit-contact = ✏️ 联系人
sheet-edit-attach = ✏️ 照片/位置
sheet-discarded = 草稿已放弃。
sheet-sent = ✅ 提示单已发出，编号 #{ $id }。各社区的办理情况可在“我发出的提示单”中查看。
sheet-no-permission = 只有部门干部可以发工作提示单。

sheet-card-title = 📋 <b>工作提示单 #{ $id }</b>：{ $title }
sheet-card-community = 社区：{ $community }
sheet-card-from = 发出：{ $name }（{ $department }）
sheet-card-body = 内容：{ $body }
sheet-card-due = 期限：{ $due }
sheet-card-urgent = 🚨 紧急：{ $reason }
sheet-card-contact = 联系人：{ $contact }
sheet-card-location = 位置：{ $lat }, { $lon }
sheet-card-photo = 附照片 1 张
sheet-photo-caption = 工作提示单 #{ $id } 的附图

sheet-notice-new = 📬 新的工作提示单 #{ $id }，请按期办理。
sheet-notice-answer = 💬 提示单 #{ $id } 的发出人回复了您的疑问：{ $answer }
sheet-notice-question = ❓ { $community } { $name } 对提示单 #{ $id }（{ $title }）有疑问：
    { $question }
    请点下方按钮回复。
sheet-notice-done = ✅ { $community } { $name } 已完成提示单 #{ $id }（{ $title }）：
    { $result }
    （附照片 { $photos } 张）

sheet-received-done = 已确认收到提示单 #{ $id }。
sheet-ask-result = 请简要说明办理结果（不超过 300 字）。
sheet-ask-result-photos = 可以发送办理照片（可选），发完点“提交”。
sheet-photos-count = 已收到 { $count } / { $max_photos } 张照片。
sheet-photos-hint = 请发送照片（最多 { $max } 张），或点“提交”。
sheet-too-many-photos = 最多 { $max } 张照片。
sheet-ask-question = 请写下您的疑问（不超过 300 字），会转给提示单发出人。
sheet-ask-answer = 请写下您的回复（不超过 300 字），会转给提问社区的书记。
sheet-note-bad = 请输入文字，不超过 { $max } 字。
sheet-replied-done = ✅ 已报告完成提示单 #{ $id }（{ $community }）。
sheet-replied-ask = ❓ 疑问已转给提示单 #{ $id } 的发出人。
sheet-replied-ans = 💬 回复已转给 { $community }。
sheet-stale = ⚠️ 这个按钮已过期：提示单的状态已经变了，请以最新消息为准。
sheet-not-found = 没有找到这份提示单。
sheet-not-your-community = ⚠️ 这份提示单不是发给您所在社区的，只有该社区书记可以办理。
sheet-not-sender = ⚠️ 只有提示单发出人可以回复疑问。

sheet-mine-title = 📂 <b>我发出的提示单</b>（完成数/社区数）
sheet-mine-empty = 还没有发出过提示单。
sheet-mine-item = #{ $id } { $title } · { $done }/{ $total }{ $questions ->
        [0] {""}
       *[other] {" "}❓{ $questions }
    } · { $due }
sheet-status-head = <b>各社区办理情况</b>
sheet-status-line = • { $community }：{ $status }{ $flag }
sheet-line-result = 结果：{ $result }（照片 { $photos } 张）
sheet-line-question = 疑问：{ $question }
sheet-line-answer = 回复：{ $answer }
sheet-status-sent = 已发送
sheet-status-received = 已收到
sheet-status-question = 有疑问
sheet-status-answered = 已答复
sheet-status-done = 已完成

remind-prompt-sheets = ⏰ 您所在社区有 { $count } 份工作提示单即将到期或已逾期：
    { $lines }
    请在提示单消息下点“已完成”或“有疑问”。
remind-prompt-sheets-line = { $mark } #{ $id } { $title }（{ $community } { $due }）

remind-sheet-questions = ❓ 您发出的工作提示单有 { $count } 个社区提出疑问，尚待您答复：
    { $lines }
    请在疑问消息下点“💬 回复疑问”，或在 /sheet 的“📂 我发出的提示单”中查看。
remind-sheet-questions-line = ❓ #{ $id } { $title } · { $community }

cmd-sheet = 工作提示单（部门干部）
cmd-meeting = 会议报备（部门干部）
