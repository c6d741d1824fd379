"""Who does what in the demo roster (bot/demo/roster.csv), and what their work logs say."""

from __future__ import annotations

from dataclasses import dataclass

MARKER = "demo_history"

SEED = 2020  # the year of the work plan the demo follows

DAYS = 60  # how far back the history goes

PRINCIPAL = "王建国"

OFFICE = "刘洋"  # 党政办

PARTY_MASS = "陈静"  # 党群工作部

BRIGADE = "周强"

SECRETARY = {"幸福社区": "张伟", "和平社区": "林静怡", "光明社区": "宋雅"}

LEADER = {"幸福社区": "李明华", "和平社区": "李明华", "光明社区": "赵卫东"}

PAIRED = {"幸福社区": "郑海", "和平社区": "高峰", "光明社区": "冯军"}

SQUAD = {"幸福社区": "马超", "和平社区": "许刚", "光明社区": "彭亮"}


@dataclass(frozen=True)
class Logger:
    name: str
    community: str
    grid: str
    cadre: bool  # a paired or seconded cadre: logs on their community days (two a week)


LOGGERS = (
    Logger("李娜", "幸福社区", "第一网格", False),
    Logger("王芳", "幸福社区", "第二网格", False),
    Logger("吴磊", "幸福社区", "第三网格", True),
    Logger("郑海", "幸福社区", "第四网格", True),
    Logger("何涛", "和平社区", "第一网格", False),
    Logger("高峰", "和平社区", "第二网格", True),
    Logger("罗琳", "和平社区", "第三网格", False),
    Logger("唐杰", "光明社区", "第一网格", False),
    Logger("韩雪", "光明社区", "第三网格", True),
    Logger("冯军", "光明社区", "第四网格", True),
    Logger("彭亮", "光明社区", "第五网格", False),
)

SHORT_WEEK_CADRE = "冯军"  # had one community day only in the last full week: the weekly digest names him

# The residential compounds of each grid: a log's addresses and a problem's place.
COMPOUNDS = {
    ("幸福社区", "第一网格"): "幸福里小区",
    ("幸福社区", "第二网格"): "建设路28号院",
    ("幸福社区", "第三网格"): "福康家园",
    ("幸福社区", "第四网格"): "纺织厂宿舍",
    ("和平社区", "第一网格"): "和平苑",
    ("和平社区", "第二网格"): "人民路东段商户区",
    ("和平社区", "第三网格"): "锦绣花园",
    ("光明社区", "第一网格"): "光明新村",
    ("光明社区", "第二网格"): "电力小区",
    ("光明社区", "第三网格"): "东湖苑",
    ("光明社区", "第四网格"): "老街平房片区",
    ("光明社区", "第五网格"): "滨河家园",
}

# Work log contents by key task: {place} is filled with an address of the grid.
CONTENTS = {
    "publicist": (
        "在{place}入户宣传防范电信网络诈骗知识，发放宣传折页，提醒老年人不轻信陌生来电和短信。",
        "在{place}张贴垃圾分类宣传海报，向居民讲解厨余垃圾和其他垃圾的投放时间。",
        "到{place}宣传城乡居民医保缴费政策，帮助几户居民用手机完成缴费。",
    ),
    "gatekeeper": (
        "排查{place}出租房屋，登记新入住租户信息，核对流动人口台账。",
        "巡查{place}楼道和消防通道，督促住户清理堆放的纸箱和杂物，检查灭火器压力。",
        "检查{place}电动自行车停放和充电情况，劝导住户不要飞线充电。",
    ),
    "fixer": (
        "查看{place}破损路面和井盖，拍照记录并报社区协调维修。",
        "跟进{place}楼道照明维修，确认灯具已更换，居民夜间出行安全。",
    ),
    "helper": (
        "帮助{place}独居老人代办高龄津贴申请，上门收集身份证和银行卡复印件。",
        "为{place}一户居民代办居住证明，材料已交社区窗口。",
    ),
    "servant": (
        "走访{place}困难家庭和空巢老人，了解生活需求，叮嘱注意用电用气安全。",
        "上门看望{place}重病居民，了解医疗报销进展，帮助联系社区医生。",
    ),
}

OPINIONS = (None, None, "情况属实，同意。", "同意。", "工作扎实，继续保持。")

RETURN_REASON = "请补充走访的具体楼栋和户数，以及发现问题的处理情况。"
