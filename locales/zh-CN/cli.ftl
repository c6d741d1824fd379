## 命令行
cli-no-token = 未设置 BOT_TOKEN：启动本地沙盒（模拟 Telegram 的 Bot API 和网页聊天）。
cli-db-done = 数据库迁移完成（{ $action }）。
cli-template-written = 已生成名册模板：{ $path }
cli-file-missing = 找不到文件：{ $path }
cli-roster-rejected = 名册有 { $count } 处错误，整份文件未导入，数据库没有任何改动：
cli-invite-unknown = 名册中没有手机号为 { $phone } 的人员，请先导入名册。
cli-invite-created = 已为 { $name } 生成一次性邀请链接，{ $days } 天内有效：
cli-config-error = 配置有误（环境变量或 .env）：{ $error }
cli-misspelled-setting = 注意：设置 { $given } 不认识，已忽略；是不是想写 { $meant }？
cli-delegate-delegated = 已授权手机号 { $phone } 的人员代{ $community }社区书记签署纪实表。
cli-delegate-removed = 已取消手机号 { $phone } 的人员对{ $community }纪实表的代签权限。
cli-delegate-no-person = 名册中没有手机号为 { $phone } 的人员。
cli-delegate-no-community = 名册中没有名为“{ $community }”的社区。
cli-person-unknown = 名册中没有手机号为 { $phone } 的人员，没有任何改动。
cli-person-show = { $name }（手机号 { $phone }）
    角色：{ $roles }
    Telegram 账号：{ $bound ->
        [yes] 已绑定
       *[no] 未绑定
    }
    状态：{ $state ->
        [deactivated] 已停用
        [blocked] 已屏蔽机器人（再次发消息后自动恢复）
       *[active] 正常
    }
cli-person-role-in = { $role }（{ $community }）
cli-person-unbind-done = 已解除 { $name }（手机号 { $phone }）的 Telegram 账号绑定；原账号不能再以其身份操作，本人可重新分享手机号或使用邀请链接绑定。
cli-person-unbind-unchanged = { $name }（手机号 { $phone }）尚未绑定 Telegram 账号，没有改动。
cli-person-deactivate-done = 已停用 { $name }（手机号 { $phone }）：机器人将拒绝其操作，也不再给其发送提醒和通知。
cli-person-deactivate-unchanged = { $name }（手机号 { $phone }）已处于停用状态，没有改动。
cli-person-activate-done = 已恢复 { $name }（手机号 { $phone }）的账号。
cli-person-activate-unchanged = { $name }（手机号 { $phone }）的账号本来就是正常状态，没有改动。
cli-instance-running = 另一个 GridBot 实例正在使用同一个数据库（{ $where }），本实例未启动。未设置 REDIS_URL 时，一个数据库只能运行一个实例；要运行多个实例，请为它们设置同一个 REDIS_URL 并使用 Webhook 模式。
