## 群机器人（议题 20）：企业微信、钉钉、飞书工作群接收简报和提醒

channel-robot-wecom = 企业微信
channel-robot-dingtalk = 钉钉
channel-robot-feishu = 飞书
channel-kind-digest-daily = 每日简报
channel-kind-digest-weekly = 每周简报
channel-kind-digest-monthly = 月度简报
channel-kind-urgent = 即报即办
channel-kind-callout = 应急呼叫
channel-kind-overdue = 逾期事项
channel-kind-deadline = 月度报送截止

## 发到群里的消息（群机器人不能回调：需要操作的地方写明到机器人里处理）

channel-title-digest-daily = 【网格通】每日简报 · { $scope } · { $day }
channel-title-digest-weekly = 【网格通】每周简报 · { $scope } · { $day }
channel-title-digest-monthly = 【网格通】月度简报 · { $scope } · { $day }
channel-title-urgent = 【网格通】即报即办 #{ $id }
channel-title-callout = 【网格通】应急呼叫 #{ $id }
channel-title-overdue = 【网格通】逾期事项 { $count } 项 · { $scope } · { $day }
channel-title-deadline = 【网格通】{ $year }年{ $month }月{ $what }报送提醒 · 截止 { $deadline }
channel-act-digest-nudge = 👉 催办：包办领导请在“网格通”机器人中打开今日简报，点“催办”（本群消息不能点按）。
channel-act-urgent = 👉 已知悉：请主要负责同志、包联领导或党政办在“网格通”机器人中点“已知悉”；责任人：{ $who }（本群消息不能点按）。
channel-act-callout = 👉 被呼叫的应急队员请在“网格通”机器人中回应“到场”或“无法到场”（本群消息不能点按）。
channel-act-overdue = 👉 责任人请在“网格通”机器人中处理事项；催办在机器人的简报里。
channel-act-deadline = 👉 社区书记请在“网格通”机器人中提交。
channel-chart-note = 📈 图表请在“网格通”机器人中查看。
channel-overdue-line = • #{ $id } { $community } { $description }（应办结 { $due }，责任人 { $owner }）
channel-deadline-line = • 尚未提交：{ $communities }
channel-deadline-logs = 纪实表
channel-deadline-register = 交办登记表
channel-test-text = 【网格通】群机器人测试消息：收到这条，说明本群已接入网格通。

## 管理员收到的通知

channel-broken-admin =
    ⚠️ <b>群机器人已停用</b>：{ $kind }（{ $scope }）{ $webhook }
    机器人拒收消息：{ $reason }
    已停止向它发送。请核对地址、密钥或关键词，然后用“群机器人”菜单或 <code>gridbot channel test</code> 测试，成功后恢复发送。

## 登记、查看、测试、删除（聊天和命令行共用）

channel-bad-kind = 机器人类型不对，只能是：{ $kinds }。
channel-bad-webhook = 这不是{ $kind ->
        [wecom] 企业微信
        [dingtalk] 钉钉
       *[feishu] 飞书
    }群机器人的 Webhook 地址（应为 https://{ $host }/… 的完整地址）。
channel-secret-unused = { $kind ->
        [wecom] 企业微信
        [dingtalk] 钉钉
       *[feishu] 飞书
    }群机器人不用加签密钥，请不要填写密钥。
channel-bad-secret = 密钥不对：不能有空格，最长 200 个字符。
channel-bad-message-kinds = 消息类型不对，只能是：{ $kinds }。
channel-unknown-subdistrict = 没有找到这个街道。
channel-which-subdistrict = 有多个街道，请写明是哪个街道（--subdistrict）。
channel-unknown-community = 没有找到社区“{ $community }”（或有重名）。
channel-duplicate = 这个 Webhook 地址已经登记过了。
channel-not-admin = 只有管理员可以管理群机器人。
channel-unknown = 没有编号为 { $id } 的群机器人。
channel-status-ok = 正常
channel-status-broken = 已停用
channel-line = #{ $id } { $kind } · { $scope } · { $status }
    地址：{ $webhook }　密钥：{ $secret }
    接收：{ $kinds }
channel-broken-line = 停用原因：{ $reason }（{ $at }）
channel-none = 还没有登记群机器人。
channel-no-secret = 无
channel-added = 已登记群机器人：
channel-removed = 已删除群机器人 #{ $id }，未发出的消息不再发送。
channel-test-ok = ✅ 测试消息已发出，机器人回复：成功。
channel-test-failed = ❌ 测试消息没有发出，机器人回复：{ $reason }

## 命令行

cli-help-channel = 群机器人（企业微信、钉钉、飞书）：登记、查看、测试、删除
cli-help-channel-action = add 登记，list 查看，test 发测试消息，remove 删除
cli-help-channel-target = add：机器人类型（wecom、dingtalk、feishu）；test、remove：编号
cli-help-channel-webhook = add：Webhook 地址
cli-help-channel-secret = 加签密钥（钉钉、飞书；也可用环境变量 CHANNEL_SECRET，免得留在命令历史里）
cli-help-channel-subdistrict = 街道名称（有多个街道时写明）
cli-help-channel-community = 社区名称（不写则为街道的群）
cli-help-channel-kinds = 接收的消息类型，逗号分隔（默认全部）：{ $kinds }

## 聊天菜单（管理员）

channels-open = 🤖 群机器人
channels-title = <b>🤖 群机器人</b>：企业微信、钉钉、飞书工作群接收简报和提醒。
channels-add = ➕ 登记群机器人
channels-pick-kind = 请选择机器人类型：
channels-pick-scope = 这个机器人在哪个群？请选择街道或社区：
channels-scope-subdistrict = 🏛 { $name }（街道）
channels-ask-webhook =
    请发送群机器人的 Webhook 地址（在群设置 → 群机器人 → 添加机器人 中复制）。
    为安全起见，收到后会删除您发的这条消息。
channels-ask-secret = 请发送加签密钥（钉钉以 SEC 开头）。如果该群用关键词而不是加签，请点“不加签”，并把关键词设为“网格通”。
channels-no-secret = 不加签
channels-send-text = 请用文字发送。
channels-pick-kinds = 这个群接收哪些消息？（点按勾选或取消）
channels-save = ✅ 登记
channels-saved = ✅ 已登记。可以点“测试”发一条测试消息。
channels-test = 📨 测试
channels-remove = 🗑 删除
channels-confirm-remove = 确定删除这个群机器人？未发出的消息不再发送。
channels-yes-remove = 🗑 确定删除
