## 演示沙盒（gridbot demo，或未设置 BOT_TOKEN 时的 gridbot run）
demo-seeded = 已导入演示街道：{ $people } 人，{ $communities } 个社区，{ $grids } 个网格。
demo-kept = 数据库中已有 { $people } 人，保留现有数据，不再导入演示名册。
demo-history = 已添加近两个月的演示记录：{ $logs } 份网格工作纪实表，{ $problems } 件问题和建议，{ $checkins } 次下沉签到，{ $sheets } 份工作提示单，{ $meetings } 个会议报备，{ $callouts } 次应急调度。
demo-seed-failed = 演示名册有 { $count } 处错误，未导入，沙盒没有启动：
demo-port-busy = 端口 { $port } 已被占用，沙盒无法启动。请换一个端口再运行，例如设置环境变量 SANDBOX_PORT=8081。
demo-ready =
    ✅ 沙盒已启动。请在浏览器中打开网页聊天：
    { $url }
    在左侧选择一位人员，发送 /start，再点“{ onboard-share-button }”完成验证，即可看到该角色的主菜单。
    数据保存在 { $database }，再次运行会保留；网页聊天记录只保存在内存中，停止后清空（已验证的人员再次发送 /start 即回到主菜单）。
    按 Ctrl-C 停止。
demo-stopped = 沙盒已停止。
# 网页聊天人员列表中每位人员的说明，例如“张伟 · 社区党委书记 (幸福社区)”
demo-persona-title = { $name } · { $roles } ({ $units })
demo-persona-title-no-unit = { $name } · { $roles }
