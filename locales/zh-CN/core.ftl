## 通用
btn-back = ⬅️ 返回
btn-prev = ⬅️ 上一步
## 照片（纪实表和问题上报两处同一说法）
photos-prompt = 📷 可以发送现场照片（可选，最多 { $max } 张）：直接以照片方式发送，可一次发多张。发完点“✅ 完成”；没有照片也直接点“✅ 完成”。
photos-count = 已收到 { $count } / { $max } 张照片。
btn-photos-done = ✅ 完成
btn-photos-clear = 🗑 清空照片
photos-too-many = 最多只能添加 { $max } 张照片，这张没有收下。请点“✅ 完成”继续。
photos-document = 请以“照片”方式发送，不要以“文件”方式发送（发送时不要勾选“以文件发送”）。
photos-not-photo = 这一步只接收照片，视频和文字收不下。发完照片后请点“✅ 完成”。
coming-soon = “{ $action }”功能即将上线，敬请期待。
outdated-screen = 这个界面已过期，已为您回到主菜单。
error-generic = 抱歉，处理时出了点问题。请重试，或发送 /menu 回到主菜单。
unknown-input = 没看懂这条消息。请使用下方按钮，或发送 /menu 打开主菜单、/help 查看帮助。
dialog-hint = 请使用消息下方的按钮操作。需要退出请发送 /cancel。
cancelled = 已取消当前操作。发送 /menu 打开主菜单。
nothing-to-cancel = 当前没有进行中的操作。发送 /menu 打开主菜单。
not-onboarded = 您还未完成身份验证，暂时无法使用此功能。请发送 /start 并按提示分享手机号。
account-deactivated = 您的账号已停用，请联系管理员。
no-permission = 您的角色无权使用“{ $action }”。如有疑问请联系管理员。

## 身份验证
onboard-welcome = 您好，欢迎使用网格助手！
    为确认您的身份，请点击下方“📱 分享手机号”按钮，分享您在 Telegram 绑定的手机号。我们只用它与街道名册核对。
onboard-share-button = 📱 分享手机号
onboard-placeholder = 请点击下方按钮分享手机号
onboard-need-contact = 请点击下方“📱 分享手机号”按钮完成验证，不需要手动输入号码。
onboard-not-own-contact = 只能分享您本人的手机号：请点击下方“📱 分享手机号”按钮。转发的或手动输入的联系人无法用于验证。
onboard-invalid-phone = 这个号码不是有效的中国大陆手机号，无法验证。请联系管理员。
onboard-unknown-phone = 抱歉，街道名册中没有找到这个手机号，暂时无法为您开通。请联系街道管理员核实名册，或向管理员索取邀请链接。
onboard-taken = 这个身份已经绑定了另一个账号，无法重复绑定。已通知管理员核实；如需更换账号，请联系管理员。
onboard-account-in-use = 您的账号已绑定名册中的另一位人员，不能再绑定其他身份。如有错误请联系管理员。
onboard-invite-invalid = 这个邀请链接无效或已被使用。请向管理员索取新的邀请链接，或发送 /start 分享手机号验证。
onboard-invite-expired = 这个邀请链接已过期（有效期 { $days } 天）。请向管理员索取新的邀请链接。
onboard-success = ✅ 验证成功，{ $name }，欢迎您！
onboard-already = 您已完成身份验证。
admin-bind-conflict = ⚠️ 绑定冲突：有账号（Telegram ID { $account }）试图绑定已绑定的人员 { $name }（{ $phone }），已被拒绝。请核实是否需要更换账号。
onboard-first-admin = 您的手机号在系统设置的管理员名单（ADMIN_PHONES）中，已为您开通<b>管理员</b>身份。请在主菜单点击“👥 名册概况”→“📥 导入名册”，发送街道名册文件。
admin-bootstrap-notice = ℹ️ 新管理员：{ $name }（{ $phone }）的手机号在管理员名单（ADMIN_PHONES）中，已通过分享手机号开通管理员身份。如非预期，请在“👥 名册概况”中停用该人员，并从 ADMIN_PHONES 中删除此号码。

## 主菜单
menu-title = 🏠 <b>网格助手 · 主菜单</b>
menu-who = 👤 { $name }
menu-roles = 角色：{ $roles }
menu-communities = 社区：{ $communities }
menu-department = 部门：{ $department }
menu-choose = 请选择要办理的事项：
menu-no-actions = 您的角色目前没有可办理的事项。如有疑问请联系管理员。
menu-lang = 🌐 语言 / Language
menu-help = ❓ 帮助

action-log = 📝 填写纪实表
action-mylogs = 📚 我的纪实表
action-report = 📣 问题上报
action-checkin = 📍 社区报到
action-pending = ✍️ 待我签批
action-digest = 📊 工作简报
action-assess = ⭐ 考核评价
action-prompt_sheet = 📋 工作提示单
action-meeting = 🗓 会议报备
action-callout = 🚨 应急调度
action-roster = 👥 名册概况

## 角色名称（与名册一致）
role-grid_worker = 网格员
role-community_cadre = 社区干部
role-seconded_cadre = 下沉干部
role-paired_cadre = 包联干部
role-window_staff = 窗口人员
role-secretary = 社区党委书记
role-leader_in_charge = 分工社区领导
role-principal_leader = 主要负责同志
role-department_staff = 部门干部
role-emergency_member = 应急分队队员
role-enforcement_member = 综合执法队员
role-admin = 管理员
list-separator = 、

## 语言
lang-title = 请选择界面语言：
lang-changed = 界面语言已切换为中文。

## 帮助
help-title = <b>网格助手 · 帮助</b>
help-your-actions = 您可以办理：{ $actions }
help-not-onboarded = 请先发送 /start，分享手机号完成身份验证。

## 命令菜单（setMyCommands）
cmd-start = 身份验证 / 开始
cmd-menu = 主菜单
cmd-log = 填写网格工作纪实表
cmd-report = 上报问题或意见建议
cmd-checkin = 社区报到（包联干部）
cmd-pending = 待我签批
cmd-digest = 工作简报
cmd-help = 帮助
cmd-cancel = 取消当前操作
cmd-lang = 切换语言 / Language

## 名册概况（管理员）
admin-overview-title = 👥 <b>名册概况</b>
admin-overview-totals = 共 { $people } 人，已绑定 { $bound } 人，未绑定 { $unbound } 人，已停用通知 { $inactive } 人。
admin-overview-community = { $community }：{ $people } 人（已绑定 { $bound }），网格 { $grids } 个
admin-overview-role = { $role }：{ $count } 人
admin-overview-by-role = <b>按角色</b>
admin-overview-by-community = <b>按社区</b>
admin-overview-empty = 名册为空。请用命令 <code>gridbot roster import 名册.xlsx</code> 导入名册。
button-not-yours = 这个按钮不是发给您的，未作任何更改。
lines-more = …另有 { $count } 行未显示
