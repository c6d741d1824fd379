"""The demo's prompt sheets, meetings, call-out and ratings."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.demo.history.cast import OFFICE, PARTY_MASS


@dataclass(frozen=True)
class SheetSpec:
    sender: str
    title: str
    body: str
    days_ago: int
    due_in: int  # working days after issue
    # community → the secretary's presses in order: (verb, note)
    presses: dict[str, tuple[tuple[str, str | None], ...]] = field(default_factory=dict)


SHEETS = (
    SheetSpec(
        PARTY_MASS,
        "更新党员信息台账",
        "请核对本社区党员基本信息，更新联系方式和居住地址，流动党员单独标注。",
        40,
        5,
        {
            "幸福社区": (("rcv", None), ("done", "已核对党员86名，更新联系方式12人，流动党员3人已标注。")),
            "和平社区": (("done", "已完成核对，更新信息9人。"),),
            "光明社区": (("rcv", None), ("done", "已核对更新，新增转入党员2名。")),
        },
    ),
    SheetSpec(
        OFFICE,
        "开展燃气安全隐患排查",
        "请组织网格员对辖区餐饮商户和老旧小区开展燃气安全排查，建立问题清单。",
        12,
        5,
        {
            "幸福社区": (("rcv", None), ("done", "排查商户14家、居民楼9栋，发现问题3处，已督促整改。")),
            "和平社区": (("rcv", None),),
            "光明社区": (("ask", "老街平房片区是否一并排查？"), ("ans", "一并排查，重点查看瓶装气使用。")),
        },
    ),
    SheetSpec(
        PARTY_MASS,
        "报送老年人防诈骗宣传情况",
        "请汇总本月面向老年人的防诈骗宣传场次、参加人数，附一张活动照片。",
        2,
        4,
        {"和平社区": (("ask", "线上宣传是否计入场次？"),)},
    ),
)


@dataclass(frozen=True)
class MeetingSpec:
    subject: str
    filed_days_ago: int
    starts_in: int  # days after filing
    hour: int
    minutes: int
    place: str | None
    why: str
    decision: str | None  # ok, no, None (waiting)
    reason: str | None = None


MEETINGS = (
    MeetingSpec("社区党建工作推进会", 24, 4, 15, 90, "街道三楼会议室", "需要各社区书记现场交流做法。", "ok"),
    MeetingSpec(
        "网格员业务培训",
        8,
        5,
        9,
        120,
        "街道二楼培训室",
        "新系统上线，需要现场演示操作。",
        "no",
        "可用工作提示单布置学习任务，不必集中开会。",
    ),
    MeetingSpec("年终考核工作部署会", 1, 6, 14, 60, None, "需要说明考核办法并现场答疑。", None),
)

CALLOUT_NEED = "幸福里小区地下车库进水，需要人手转移车辆、搬运沙袋封堵入口。"

CALLOUT_OUTCOME = "积水已排除，转移车辆12辆，入口已用沙袋封堵，无人员受伤。"

CALLOUT_ADDRESS = "幸福里小区地下车库入口"

RATINGS = ("excellent", "good", "good", "excellent", "fair")

RATING_COMMENTS = ("工作扎实，群众认可。", None, "入户走访积极。", None, None)
