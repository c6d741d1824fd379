## 试点阶段（issue 17）：各社区所处的推行阶段，由管理员设置

phase-pilot = 试点
phase-rollout = 全面推行
phase-consolidation = 巩固提升
phase-none = 未设置

btn-phases = 🧭 推行阶段
phases-title = 🧭 <b>社区推行阶段</b>
phases-intro = 选择一个社区，设置它所处的阶段（试点、全面推行、巩固提升）。未设置阶段的社区按各项功能都启用处理。
phases-empty = 名册中还没有社区，请先导入名册。
phases-item = { $community } · { $phase }
phases-current = <b>{ $community }</b>
    当前阶段：{ $phase }{ $since }
phases-since = （自 { $date } 起）
phases-choose = 请选择新的阶段：
phases-confirm = 将 <b>{ $community }</b> 的阶段设为“{ $phase }”，自 { $date } 起？
btn-phases-confirm = ✅ 确认设置
phases-done = 已将 { $community } 设为“{ $phase }”（自 { $date } 起）。
phases-unchanged = { $community } 已处于“{ $phase }”，未作更改。

roster-err-unknown-phase = 阶段“{ $value }”无法识别，请填写：{ $phases }
roster-err-phase-needs-community = 填写了阶段，但社区需正好填写一个
roster-err-phase-conflict = { $community }的阶段与第 { $first_row } 行不一致

digest-phase-title = 🧭 <b>试点社区与其他社区对比</b>
digest-phase-pilot = 试点（{ $communities } 个社区）：纪实 { $logs } 条，问题 { $problems } 项；响应率 { $response } · 解决率 { $resolution } · 满意率 { $satisfaction }
digest-phase-others = 其他（{ $communities } 个社区）：纪实 { $logs } 条，问题 { $problems } 项；响应率 { $response } · 解决率 { $resolution } · 满意率 { $satisfaction }
roster-tpl-phase = “阶段”列选填：填写该行社区的推行阶段（试点、全面推行、巩固提升），导入时即设置；同一社区只能填写一种阶段，留空则不改变。
