# 人员名单导入（gridbot roster import）与模板（gridbot roster template）。

## 错误位置：人员表只写行号，其他工作表（网格）写表名

roster-at-row = 第 { $row } 行：{ $message }
roster-at-sheet-row = 工作表“{ $sheet }”第 { $row } 行：{ $message }
roster-at-sheet = 工作表“{ $sheet }”：{ $message }

## 导入结果

roster-import-summary = 导入成功：新增 { $created } 人，更新 { $updated } 人，社区 { $communities } 个，网格 { $grids } 个
roster-import-failed = 导入失败：发现 { $count } 处错误，未写入任何数据。请修改后重新导入。

## 文件级错误

roster-err-file-not-found = 找不到文件“{ $file }”
roster-err-file-type = 不支持的文件类型“{ $suffix }”，请另存为 .xlsx 或 .csv
roster-err-file-unreadable = 无法读取“{ $file }”：不是有效的 Excel（.xlsx）文件
roster-err-file-encoding = 无法识别“{ $file }”的编码，请另存为 UTF-8 或 GBK 编码的 CSV
roster-err-no-people-sheet = 工作簿中没有人员名单工作表
roster-err-empty-sheet = 工作表是空的
roster-err-empty-file = 文件中没有任何人员或网格
roster-err-missing-header = 缺少列“{ $header }”
roster-err-subdistrict-ambiguous = 系统中已有多个街道（{ $subdistricts }），请增加“街道”列注明每人所属街道

## 人员表的行错误

roster-err-empty-name = 姓名为空
roster-err-too-long = { $column ->
        [name] 姓名
        [community] 社区名称
        [grid] 网格名称
        [department] 部门名称
        [subdistrict] 街道名称
       *[other] { $column }
    }过长（最多 { $max } 个字）
roster-err-missing-phone = 手机号为空
roster-err-invalid-phone = 手机号“{ $phone }”不是有效的大陆手机号
roster-err-duplicate-phone = 手机号“{ $phone }”与第 { $first_row } 行重复
roster-err-missing-roles = 角色为空
roster-err-unknown-role = 未知角色“{ $role }”
roster-err-missing-community = 角色“{ $roles }”需要填写社区
roster-err-one-community = 角色“{ $roles }”只能属于一个社区，但填写了多个社区（{ $communities }）；只有分工社区领导可以分管多个社区
roster-err-missing-department = 角色“{ $roles }”需要填写部门
roster-err-subdistrict-missing = 系统中有多个街道，请填写“街道”
roster-err-grid-needs-community = 填写了网格“{ $grids }”，需要且只能填写一个社区
roster-err-unknown-grid = 网格“{ $grid }”不在“网格”表的“{ $community }”中
roster-err-window-cap = 社区“{ $community }”的窗口人员超过 { $cap } 人

## 网格表的行错误

roster-err-grid-missing-community = 社区为空
roster-err-grid-missing-name = 网格名称为空
roster-err-grid-duplicate = 网格“{ $community } / { $grid }”与第 { $first_row } 行重复
roster-err-bad-number = { $column ->
        [households] 户数
        [population] 人口
       *[other] { $column }
    }“{ $value }”不是有效的非负整数

## 模板“说明”工作表

roster-tpl-title = 人员名单填写说明
roster-tpl-columns = 列：姓名、手机号、角色为必填；社区、网格、部门按角色填写；街道仅在一个系统服务多个街道时填写。
roster-tpl-separators = 一人多个角色、多个社区或多个网格时，用顿号“、”或逗号分隔。
roster-tpl-phone = 手机号填写 11 位大陆手机号，可带 +86、空格或短横线；同一手机号只能出现一次。
roster-tpl-grid-sheet = “网格”工作表列出各社区的网格及户数、人口；填写了该表时，人员表中的网格必须在该表中。
roster-tpl-reimport = 重新导入时按手机号更新人员（姓名、角色、社区、网格、部门以文件为准），不会重复添加；文件中没有的人员保持不变。任何一行有错误时整个文件都不会导入。
roster-tpl-head-role = 角色
roster-tpl-head-community = 社区
roster-tpl-head-department = 部门
roster-tpl-need-required = 必填
roster-tpl-need-many = 必填（可填多个）
roster-tpl-need-optional = 选填
roster-tpl-need-none = 不填
roster-tpl-window-cap = 每个社区的窗口人员最多 { $cap } 人。

## 在聊天中按文件导入名册（管理员）

roster-chat-open = 📥 导入名册
roster-chat-upload = 📥 <b>导入名册</b>
    请把填好的人员名单（.xlsx 或 .csv）作为文件发给我。我会先检查并列出将要发生的变化，您确认后才会写入。
roster-chat-btn-template = 📄 获取模板
roster-chat-template-file = 人员名单模板.xlsx
roster-chat-template-caption = 人员名单模板：按“说明”工作表填写后，作为文件发回给我。
roster-chat-send-file = 请把名单作为“文件”发送（.xlsx 或 .csv），不要发送照片或文字。
roster-chat-wrong-file = 文件“{ $file }”不是 .xlsx 或 .csv 格式，请在 Excel 中另存为 .xlsx 后重新发送。
roster-chat-too-big = 文件太大（超过 10 MB），请检查是否发错了文件。
roster-chat-download-failed = 文件没有收到，请重新发送一次。
roster-chat-errors = ❌ 名单中发现 { $count } 处错误，未写入任何数据。请修改后重新发送文件：
roster-chat-preview = 📋 <b>导入预览</b>（尚未写入）
    新增 { $new } 人，变更 { $changed } 人，无变化 { $unchanged } 人；系统中有、名单中没有的 { $missing } 人。
roster-chat-changed = · { $name }（{ $phone }）：{ $what }有变化
roster-chat-sep = 、
roster-chat-what-name = 姓名
roster-chat-what-roles = 角色
roster-chat-what-community = 社区
roster-chat-what-grids = 网格
roster-chat-what-department = 部门
roster-chat-missing-head = 以下 { $count } 人在系统中但不在名单中（不会自动删除，可另行停用）：
roster-chat-person = · { $name }（{ $phone }）
roster-chat-btn-confirm = ✅ 确认导入
roster-chat-btn-resend = 📤 重新发送文件
roster-chat-stale = 名册在预览之后已有变化，这次确认没有执行。请重新发送文件，查看新的预览。
roster-chat-btn-deactivate = 🚫 停用名单外的 { $count } 人
roster-chat-deactivate-ask = 确定停用名单外的 { $count } 人吗？停用后他们将无法使用机器人，以后可以重新启用。
roster-chat-btn-deactivate-yes = ✅ 确认停用
roster-chat-deactivated = 已停用 { $count } 人。

## 在聊天中管理人员（管理员）

people-chat-open = 🔎 查找人员
people-chat-search = 🔎 <b>查找人员</b>
    请输入姓名（或其中几个字）、手机号，或手机号后四位。
people-chat-type-query = 请用文字输入姓名或手机号。
people-chat-none = 没有找到符合条件的人员，请换个姓名或手机号再试。
people-chat-results = 找到以下人员，请选择：
people-chat-item = { $name } { $phone }
people-chat-item-off = （已停用）
people-chat-btn-again = 🔎 重新查找
people-chat-gone = 这个人员已不在名册中，或这个页面已过期。请重新查找。
people-chat-card = 👤 <b>{ $name }</b>（{ $phone }）
people-chat-role = · { $role } { $community }
people-chat-bound-yes = 已绑定 Telegram 账号
people-chat-bound-no = 未绑定 Telegram 账号
people-chat-status-on = 状态：正常
people-chat-status-blocked = 状态：已屏蔽机器人，消息无法送达
people-chat-status-off = 状态：已停用
people-chat-btn-unbind = 🔓 解除绑定
people-chat-btn-deactivate = 🚫 停用
people-chat-btn-activate = ✅ 重新启用
people-chat-btn-invite = ✉️ 生成邀请链接
people-chat-btn-yes = ✅ 确定
people-chat-ask-unbind = 确定要解除 { $name } 的 Telegram 账号绑定吗？解除后该账号将无法使用机器人，{ $name } 需要重新绑定。
people-chat-ask-deactivate = 确定要停用 { $name } 吗？停用后 { $name } 将无法使用机器人，也不会再收到提醒，以后可以重新启用。
people-chat-unbind-done = 已解除 { $name } 的绑定。
people-chat-unbind-already = { $name } 本来就没有绑定账号。
people-chat-deactivate-done = 已停用 { $name }。
people-chat-deactivate-already = { $name } 本来就是停用状态。
people-chat-activate-done = 已重新启用 { $name }。
people-chat-activate-already = { $name } 本来就是启用状态。
people-chat-invite = 已为 { $name } 生成邀请链接（{ $days } 天内有效，只能使用一次），请转发给本人：
    { $link }
people-chat-not-yourself = 不能解除或停用您自己的账号：那样就没有人能再恢复它了。请由另一位管理员操作。
