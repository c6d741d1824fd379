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

## 启动时连接 Telegram（issue 15）
cli-telegram-unreachable = 无法连接 Telegram（{ $server }{ $proxy ->
        [none] {""}
       *[other] ，经代理 { $proxy }
    }：{ $reason ->
        [timeout] 连接超时
        [refused] 连接被拒绝
        [dns] 无法解析域名
        [tls] TLS 证书错误
        [proxy] 代理连接失败
        [reset] 连接被中断
        [server] 服务器错误
        [answer] 应答不是 Bot API 格式
       *[other] 网络错误
    }）；请检查网络，或设置 TELEGRAM_API_BASE / TELEGRAM_PROXY。{ $seconds } 秒后重试。
cli-telegram-token-refused = Telegram（{ $server }）拒绝了 BOT_TOKEN：请检查 BOT_TOKEN 是否就是 @BotFather 给出的令牌（令牌被重置后旧的即失效）。机器人未启动。
cli-telegram-refused = { $server } 没有按 Telegram Bot API 应答（{ $error }）：请检查 TELEGRAM_API_BASE。机器人未启动。
cli-telegram-proxy-invalid = TELEGRAM_PROXY 的格式不对：应为 http://主机:端口 或 socks5://用户名:密码@主机:端口（也支持 socks4://）。机器人未启动。
cli-telegram-proxy-missing = 设置了 TELEGRAM_PROXY，但缺少 aiohttp-socks 组件：请运行 pip install aiohttp-socks。机器人未启动。

## 管理命令操作的数据库
cli-database = 数据库（DATABASE_URL）：{ $database }
cli-database-sandbox = 沙盒数据库（SANDBOX_DATABASE_URL，独立于正式数据库 DATABASE_URL）：{ $database }

## gridbot --help
cli-help-description = GridBot 网格助手：街道网格化治理 Telegram 机器人。设置见 .env.example；界面语言按 DEFAULT_LOCALE。
cli-help-usage = 用法：
cli-help-commands = 命令
cli-help-command = 命令
cli-help-positionals = 参数
cli-help-options = 选项
cli-help-help = 显示本帮助并退出
cli-help-error = { $prog }：错误：{ $message }
cli-help-run = 运行机器人（未设置 BOT_TOKEN 时启动本地沙盒）
cli-help-demo = 导入演示街道并打开沙盒网页聊天（使用沙盒自己的数据库）
cli-help-db = 数据库迁移
cli-help-db-action = upgrade 升级，downgrade 回退
cli-help-db-revision = 目标版本（默认：升级到最新 head，回退一步 -1）
cli-help-roster = 导入名册，或生成空白名册模板
cli-help-roster-action = import 导入，template 生成模板
cli-help-roster-path = 名册文件（.xlsx 或 .csv）
cli-help-roster-subdistrict = 文件没有“街道”列时使用的街道名称
cli-help-invite = 为名册中该手机号的人员生成一次性邀请链接
cli-help-phone = 名册中的手机号
cli-help-delegate = 授权名册中该手机号的人员代社区书记签署该社区的纪实表
cli-help-community = 社区名称
cli-help-delegate-remove = 取消代签权限
cli-help-person = 查看名册中该手机号的人员，解除其 Telegram 账号绑定，停用或恢复其账号
cli-help-person-action = show 查看，unbind 解除绑定，deactivate 停用，activate 恢复
cli-help-neighbours = 查看或设置社区应急呼叫扩大时通知的相邻社区
cli-help-neighbours-list = 相邻社区，用逗号分隔；"" 清空；省略则只查看
cli-help-calendar = 工作日历：从文件导入某一年，或查看各年份
cli-help-calendar-action = load 导入，show 查看
cli-help-calendar-path = 日历文件（格式见 README“Working calendar”）
cli-help-point = 设置社区的签到点和半径（米）
cli-help-latitude = 纬度
cli-help-longitude = 经度
cli-help-radius = 半径（米，默认 CHECKIN_RADIUS_M）
