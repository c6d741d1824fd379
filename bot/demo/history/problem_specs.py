"""The demo's problems and suggestions: (community, reporter, grid, category, kind, description, target state, days
ago), and the notes of moved community days.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.problems import Kind

DONE_NOTE = "已协调物业和相关部门处理完毕，现场已拍照存档。"


@dataclass(frozen=True)
class ProblemSpec:
    community: str
    reporter: str
    grid: str
    category: str
    description: str
    path: tuple[str, ...]  # the moves after reporting, by name
    days_ago: int
    kind: str = Kind.PROBLEM.value
    resident: tuple[str, str] | None = None


PROBLEMS = (
    ProblemSpec(
        "幸福社区",
        "李娜",
        "第一网格",
        "safety",
        "3号楼地下室有居民私拉电线给电动车充电，存在火灾隐患。",
        (),
        1,
        resident=("赵大爷", "13700001111"),
    ),
    ProblemSpec(
        "幸福社区",
        "王芳",
        "第二网格",
        "environment",
        "28号院垃圾桶满溢未及时清运，周边有异味。",
        ("accept",),
        3,
    ),
    ProblemSpec(
        "幸福社区",
        "吴磊",
        "第三网格",
        "facilities",
        "福康家园5号楼单元门门禁损坏，外来人员可随意进出。",
        ("accept", "claim"),
        9,
    ),
    ProblemSpec(
        "幸福社区",
        "郑海",
        "第四网格",
        "safety",
        "纺织厂宿舍2号楼外墙瓷砖松动，有坠落风险，需专业维修。",
        ("accept", "escalate"),
        6,
    ),
    ProblemSpec(
        "幸福社区",
        "李娜",
        "第一网格",
        "dispute",
        "7号楼两户居民因楼上漏水问题多次争吵，需要调解。",
        ("accept", "resolve"),
        8,
        resident=("钱女士", "13700002222"),
    ),
    ProblemSpec(
        "幸福社区",
        "王芳",
        "第二网格",
        "livelihood",
        "建议在28号院增设老年人休息座椅。",
        ("accept", "resolve", "confirm"),
        30,
        kind=Kind.SUGGESTION.value,
    ),
    ProblemSpec(
        "幸福社区",
        "李娜",
        "第一网格",
        "environment",
        "幸福里小区绿化带内有建筑垃圾堆放。",
        ("accept", "resolve", "not_fixed"),
        12,
    ),
    ProblemSpec(
        "幸福社区",
        "郑海",
        "第四网格",
        "facilities",
        "纺织厂宿舍化粪池堵塞外溢，需市政疏通。",
        ("accept", "escalate", "register", "assign", "start", "resolve", "confirm"),
        40,
    ),
    ProblemSpec(
        "和平社区",
        "何涛",
        "第一网格",
        "policy",
        "居民咨询独生子女父母奖励办理条件和所需材料。",
        (),
        0,
        resident=("孙先生", "13700003333"),
    ),
    ProblemSpec(
        "和平社区", "罗琳", "第三网格", "safety", "锦绣花园消防通道被私家车长期占用。", ("accept",), 20
    ),
    ProblemSpec(
        "和平社区",
        "高峰",
        "第二网格",
        "environment",
        "人民路东段商户占道经营，油烟扰民。",
        ("accept", "escalate", "register"),
        10,
    ),
    ProblemSpec(
        "和平社区",
        "何涛",
        "第一网格",
        "facilities",
        "和平苑路灯多处不亮，夜间出行不便。",
        ("accept", "escalate", "register", "assign"),
        14,
    ),
    ProblemSpec(
        "和平社区",
        "罗琳",
        "第三网格",
        "livelihood",
        "锦绣花园无障碍坡道破损，轮椅无法通行。",
        ("accept", "resolve", "confirm"),
        35,
    ),
    ProblemSpec(
        "和平社区",
        "高峰",
        "第二网格",
        "dispute",
        "商户与居民因夜间噪音发生纠纷。",
        ("accept", "claim", "resolve", "confirm"),
        25,
    ),
    ProblemSpec(
        "光明社区", "唐杰", "第一网格", "environment", "光明新村楼道小广告较多，影响环境。", ("accept",), 4
    ),
    ProblemSpec(
        "光明社区",
        "冯军",
        "第四网格",
        "safety",
        "老街平房片区电线老化，雨天有漏电隐患。",
        ("accept", "escalate", "register", "assign", "start"),
        21,
    ),
    ProblemSpec(
        "光明社区",
        "韩雪",
        "第三网格",
        "facilities",
        "东湖苑二次供水水压不足，高层住户用水困难。",
        ("accept", "claim"),
        16,
    ),
    ProblemSpec(
        "光明社区",
        "彭亮",
        "第五网格",
        "other",
        "建议在滨河家园设置快递集中存放点。",
        ("accept", "resolve"),
        5,
        kind=Kind.SUGGESTION.value,
    ),
    ProblemSpec(
        "光明社区",
        "唐杰",
        "第二网格",
        "livelihood",
        "电力小区一户低保家庭申请临时救助。",
        ("accept", "resolve", "confirm"),
        45,
        resident=("周女士", "13700004444"),
    ),
)

MOVE_NOTES = {
    "escalate": "社区协调不了，需要街道协调相关部门处理。",
    "not_fixed": "现场查看仍有部分垃圾未清理干净。",
    "city": "需要市级部门协调。",
}
