"""Two months of lived-in history for the demo sub-district, so a leader's first /digest, /assess and /export in the
sandbox show real content.

`seed_history` replays the last ~60 days before the bot's clock (`now`): grid work logs signed by the community
Party secretaries (one returned and corrected, the newest still waiting, one waiting to be corrected), every month
that is over submitted to 党群工作部 with its workbook, the paired and seconded cadres' two community days a week,
problems and suggestions in every state of `domain.problems.Status` (one sent back as "not fixed"), prompt sheets in
every state, three filed meetings (approved, declined, waiting), one emergency call-out with its roll, and part of
the quarter's ratings. Everything goes through the services a person's presses go through (with the instant of the
press as `now`), except the work logs and the call-out, which are written as the services write them (the log rows
and their history; the call-out, its roll and its timeline): the services only call people who are bound, and no
demo person is bound yet.

Deterministic (a seeded random generator; the dates follow `now`), a second or two, and once only: an audit entry
`demo_history` marks a seeded database, and a database whose people are not the demo roster, that already holds
work logs or problems, or where someone is already bound, is left alone.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot import clock
from bot.config import Settings
from domain import assessment as asmt
from domain.callouts import Answer, Wave
from domain.callouts import Status as CalloutStatus
from domain.problems import Kind, Move
from domain.roles import Role
from domain.sheets import MeetingVerb, SheetVerb
from domain.workcalendar import WorkCalendar
from domain.worklog import Status as LogStatus
from domain.worklog import deployment_for, next_month
from services import assessment as assessment_service
from services import meetings as meeting_service
from services import problem_register as register_service
from services import problems as problem_service
from services import sheets as sheet_service
from services.attendance import check_in, check_out
from services.calendar import cached_work_calendar
from services.callouts import CalloutConfig
from services.scorecards import formula_from
from services.worklog import MonthOutcome, submit_month
from storage.db import Database
from storage.models import (
    AuditEntry,
    Callout,
    CalloutEvent,
    CalloutTarget,
    Community,
    Grid,
    Person,
    PersonRole,
    Problem,
    PromptSheetTarget,
    WorkLog,
    WorkLogEvent,
)

MARKER = "demo_history"
SEED = 2020  # the year of the work plan the demo follows
DAYS = 60  # how far back the history goes

# --- who does what in the demo roster (bot/demo/roster.csv) ----------------------------------------------------------

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

# --- problems: (community, reporter, grid, category, kind, description, target state, days ago) ---------------------

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

# --- prompt sheets and meetings -------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class HistoryResult:
    seeded: bool
    logs: int = 0
    problems: int = 0
    checkins: int = 0
    sheets: int = 0
    meetings: int = 0
    callouts: int = 0


class _Replay:
    """The demo's people, communities, grids and calendar, and the instants of the history."""

    def __init__(self, db: Database, settings: Settings, now: datetime, cal: WorkCalendar) -> None:
        self.db, self.settings, self.now, self.cal = db, settings, now, cal
        self.tz = ZoneInfo(settings.timezone)
        self.today = now.astimezone(self.tz).date()
        self.start = self.today - timedelta(days=DAYS)
        self.rng = random.Random(SEED)
        self.people: dict[str, int] = {}
        self.communities: dict[str, int] = {}
        self.grids: dict[tuple[str, str], int] = {}
        self.logs: dict[tuple[int, date], int] = {}  # (person, day) → log id
        self.deployments: dict[int, str] = {}  # person → the role they log as (services.worklog.author)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), self.tz).astimezone(UTC)

    def past(self, moment: datetime) -> bool:
        return moment < self.now

    def working_day_after(self, day: date, count: int = 1) -> date:
        return self.cal.add_working_days(day, count)

    def working_day(self, day: date) -> date:
        return self.cal.last_working_day_on_or_before(day)


async def seed_history(db: Database, settings: Settings, now: datetime | None = None) -> HistoryResult:
    """Seed the demo's history once (see the module docstring); `now` defaults to the bot's clock."""
    now = now or clock.utc_now()  # looked up now: a test's or the e2e harness's clock replaces it
    if not await _wanted(db):
        return HistoryResult(seeded=False)
    replay = _Replay(db, settings, now, await cached_work_calendar(db))
    await _load(replay)
    days = _community_days(replay)
    logs = await _work_logs(replay, days)
    await _submit_months(replay)
    checkins = await _checkins(replay, days)
    problems = await _problems(replay)
    await _registers(replay)
    sheets = await _sheets(replay)
    meetings = await _meetings(replay)
    callouts = await _callout(replay)
    await _ratings(replay)
    result = HistoryResult(True, logs, problems, checkins, sheets, meetings, callouts)
    async with db.session() as session:
        session.add(
            AuditEntry(
                at=now,
                action=MARKER,
                detail={"logs": logs, "problems": problems, "checkins": checkins, "sheets": sheets},
            )
        )
    return result


async def _wanted(db: Database) -> bool:
    """Not seeded yet, the demo roster's people all there, nothing entered by people that history could mix with,
    and nobody bound yet: the services would queue every past notification to a bound person."""
    names = {PRINCIPAL, OFFICE, PARTY_MASS, BRIGADE, *SECRETARY.values(), *LEADER.values(), *SQUAD.values()}
    names |= {logger.name for logger in LOGGERS}
    async with db.session() as session:
        for taken in (
            select(AuditEntry.id).where(AuditEntry.action == MARKER),
            select(WorkLog.id),
            select(Problem.id),
            select(Person.id).where(Person.telegram_id.is_not(None)),
        ):
            if await session.scalar(taken.limit(1)) is not None:
                return False
        found = await session.scalar(
            select(func.count(func.distinct(Person.name))).where(Person.name.in_(names))
        )
    return found == len(names)


async def _load(r: _Replay) -> None:
    async with r.db.session() as session:
        r.people = {name: pid for pid, name in await session.execute(select(Person.id, Person.name))}
        r.communities = {
            name: cid for cid, name in await session.execute(select(Community.id, Community.name))
        }
        names = {cid: name for name, cid in r.communities.items()}
        for gid, cid, name in await session.execute(select(Grid.id, Grid.community_id, Grid.name)):
            r.grids[(names[cid], name)] = gid
        roles: dict[int, list[Role]] = defaultdict(list)
        for pid, role in await session.execute(select(PersonRole.person_id, PersonRole.role)):
            roles[pid].append(Role(role))
    for pid, held in roles.items():
        if (deployment := deployment_for(held)) is not None:
            r.deployments[pid] = deployment.value


def _community_days(r: _Replay) -> dict[str, list[date]]:
    """Each paired or seconded cadre's community days: two working days a week (one, once, for SHORT_WEEK_CADRE)."""
    this_monday = r.cal.week_of(r.today)
    short_week = this_monday - timedelta(days=7)
    days: dict[str, list[date]] = {}
    for logger in LOGGERS:
        if not logger.cadre:
            continue
        chosen: list[date] = []
        monday = r.cal.week_of(r.start)
        while monday <= r.today:
            working = [d for d in r.cal.working_days_of_week(monday) if r.start <= d < r.today]
            wanted = 1 if logger.name == SHORT_WEEK_CADRE and monday == short_week else 2
            chosen += sorted(r.rng.sample(working, min(wanted, len(working))))
            monday += timedelta(days=7)
        days[logger.name] = chosen
    return days


def _content(r: _Replay, logger: Logger) -> tuple[list[str], str, str, int]:
    """(tasks, addresses, content, households) of a plausible day's work in the logger's grid."""
    compound = COMPOUNDS[(logger.community, logger.grid)]
    tasks = r.rng.sample(sorted(CONTENTS), r.rng.choice((1, 1, 2)))
    buildings = sorted(r.rng.sample(range(1, 13), 2))
    place = f"{compound}{buildings[0]}号楼、{buildings[1]}号楼"
    text = "".join(r.rng.choice(CONTENTS[task]).format(place=place) for task in tasks)
    return tasks, place, text, r.rng.randint(4, 24)


async def _work_logs(r: _Replay, community_days: dict[str, list[date]]) -> int:
    """The logs and their history rows, as services.worklog.submit_log and sign write them."""
    working = r.cal.working_days_between(r.start, r.today - timedelta(days=1))
    recent = set(working[-2:])  # the secretary has not got to these yet
    returned_open = {"李娜"}  # her newest log waits to be corrected
    returned_fixed = {"何涛", "唐杰"}  # one of their logs was returned once, corrected and approved
    count = 0
    async with r.db.session() as session:
        for logger in LOGGERS:
            person_id = r.people[logger.name]
            secretary = r.people[SECRETARY[logger.community]]
            if logger.cadre:
                days = community_days[logger.name]
            else:
                days = [d for d in working if r.rng.random() < 0.5]
            newest = max(days) if days else None
            fix_day = r.rng.choice(days[: len(days) // 2]) if logger.name in returned_fixed and days else None
            for day in days:
                tasks, place, content, households = _content(r, logger)
                submitted = r.at(day, r.rng.randint(17, 19), r.rng.randint(0, 59))
                sign_day = r.working_day_after(day, r.rng.choice((1, 1, 2)))
                signed = r.at(sign_day, r.rng.randint(9, 11), r.rng.randint(0, 59))
                log = WorkLog(
                    person_id=person_id,
                    community_id=r.communities[logger.community],
                    grid_id=r.grids[(logger.community, logger.grid)],
                    work_date=day,
                    deployment=r.deployments[person_id],
                    categories=tasks,
                    households=households,
                    addresses=place,
                    content=content,
                    status=LogStatus.SUBMITTED.value,
                    version=1,
                    created_at=submitted,
                    submitted_at=submitted,
                )
                session.add(log)
                await session.flush()
                r.logs[(person_id, day)] = log.id
                count += 1
                events = [WorkLogEvent(log_id=log.id, at=submitted, person_id=person_id, action="submitted")]
                if day == newest and logger.name in returned_open:
                    returned = r.at(r.working_day_after(day), 9, 20)
                    if r.past(returned):
                        log.status = LogStatus.RETURNED.value
                        events.append(_event(log.id, returned, secretary, "returned", RETURN_REASON))
                elif day == fix_day:
                    returned = r.at(r.working_day_after(day), 9, 5)
                    again = r.at(r.working_day_after(day), 18, 10)
                    final = r.at(r.working_day_after(day, 2), 9, 30)
                    log.version = 2
                    log.submitted_at = again
                    log.addresses = f"{place}（补充：2单元、3单元）"
                    log.content = f"{content}已补充走访户数和问题处理情况。"
                    events += [
                        _event(log.id, returned, secretary, "returned", RETURN_REASON),
                        WorkLogEvent(log_id=log.id, at=again, person_id=person_id, action="resubmitted"),
                        _event(log.id, final, secretary, "approved", "已补充，同意。"),
                    ]
                    _approve(log, secretary, final, "已补充，同意。")
                elif day not in recent and r.past(signed):
                    opinion = r.rng.choice(OPINIONS)
                    events.append(_event(log.id, signed, secretary, "approved", opinion))
                    _approve(log, secretary, signed, opinion)
                session.add_all(events)
    return count


def _event(log_id: int, at: datetime, person_id: int, action: str, note: str | None) -> WorkLogEvent:
    return WorkLogEvent(log_id=log_id, at=at, person_id=person_id, action=action, note=note)


def _approve(log: WorkLog, secretary: int, at: datetime, opinion: str | None) -> None:
    log.status = LogStatus.APPROVED.value
    log.signed_by = secretary
    log.signed_at = at
    log.opinion = opinion


async def _submit_months(r: _Replay) -> None:
    """Every month that is over goes to 党群工作部 on the 3rd or so (on time), through the service, workbook and all;
    a month with a log still unsigned then (the history's first days of a month) is left for the secretary."""
    month = r.start.replace(day=1)
    while next_month(month) <= r.today.replace(day=1):
        last = r.working_day(next_month(month) - timedelta(days=1))
        day = max(
            r.cal.first_working_day_on_or_after(next_month(month) + timedelta(days=2)),
            r.working_day_after(last, 2),
        )
        moment = r.at(day, 15, 30)
        if r.past(moment):
            for community, secretary in SECRETARY.items():
                result = await submit_month(
                    r.db,
                    r.people[secretary],
                    r.communities[community],
                    month,
                    now=moment,
                    tz=r.tz,
                    deadline_day=r.settings.log_month_deadline_day,
                    media_dir=r.settings.media_dir,
                    default_locale=r.settings.default_locale,
                )
                assert result.outcome in (MonthOutcome.SUBMITTED, MonthOutcome.UNSIGNED_LEFT), result
        month = next_month(month)


async def _checkins(r: _Replay, community_days: dict[str, list[date]]) -> int:
    """The cadres' community days, checked in in the morning and out in the afternoon (services.attendance)."""
    count = 0
    for name, days in community_days.items():
        person_id = r.people[name]
        for day in days:
            arrived = r.at(day, 8, r.rng.randint(15, 55))
            await check_in(r.db, person_id, arrived, r.tz, r.cal)
            await check_out(r.db, person_id, r.at(day, 17, r.rng.randint(0, 40)), r.tz)
            count += 1
    return count


async def _problems(r: _Replay) -> int:
    """Each item reported, then moved along its path by the people whose move it is (services.problems)."""
    config = problem_service.ProblemConfig.from_settings(r.settings)
    for spec in PROBLEMS:
        day = r.working_day(r.today - timedelta(days=spec.days_ago))
        reported = min(r.at(day, 9, r.rng.randint(10, 50)), r.now - timedelta(minutes=20))
        reporter = r.people[spec.reporter]
        compound = COMPOUNDS[(spec.community, spec.grid)]
        draft = problem_service.Draft(
            kind=spec.kind,
            grid_id=r.grids[(spec.community, spec.grid)],
            category=spec.category if spec.category in config.categories else next(iter(config.categories)),
            description=spec.description,
            address=compound,
            resident_name=spec.resident[0] if spec.resident else None,
            resident_phone=spec.resident[1] if spec.resident else None,
            log_id=r.logs.get((reporter, day)),
            observed_on=day,
        )
        problem_id = await problem_service.create_problem(r.db, reporter, draft, reported, config)
        moment = reported
        for index, name in enumerate(spec.path):
            move = Move(name)
            moment = (
                reported + timedelta(hours=4, minutes=r.rng.randint(0, 50))
                if index == 0
                else r.at(r.working_day_after(moment.astimezone(r.tz).date()), 10, r.rng.randint(0, 59))
            )
            if not r.past(moment):
                break
            await _move(r, spec, problem_id, move, moment, config)
    return len(PROBLEMS)


async def _registers(r: _Replay) -> None:
    """Last month's 交办登记表 of every community submitted to 党政办 on the 3rd or so; signed by the principal leader
    where every item on it already has a responsible leader and a due date (services.problem_register)."""
    config = problem_service.ProblemConfig.from_settings(r.settings)
    first = r.today.replace(day=1)
    month = (first - timedelta(days=1)).replace(day=1)
    submitted = r.at(r.cal.first_working_day_on_or_after(first + timedelta(days=2)), 16, 10)
    signed = submitted + timedelta(hours=17)
    if not r.past(submitted):
        return
    for community, secretary in SECRETARY.items():
        register_id = await register_service.submit_register(
            r.db, r.people[secretary], r.communities[community], month.year, month.month, submitted, config
        )
        async with r.db.session() as session:
            unassigned = await session.scalar(
                select(func.count(Problem.id)).where(
                    Problem.register_id == register_id,
                    (Problem.leader_id.is_(None)) | (Problem.due_date.is_(None)),
                )
            )
        if not unassigned and r.past(signed):
            await register_service.sign_register(r.db, r.people[PRINCIPAL], register_id, signed, config)


async def _move(
    r: _Replay,
    spec: ProblemSpec,
    problem_id: int,
    move: Move,
    moment: datetime,
    config: problem_service.ProblemConfig,
) -> None:
    async with r.db.session() as session:
        problem = await session.get(Problem, problem_id)
        assert problem is not None
        status, owner = problem.status, problem.owner_id
    actor = {
        Move.ACCEPT: r.people[SECRETARY[spec.community]],
        Move.CLAIM: r.people[PAIRED[spec.community]],
        Move.ESCALATE: r.people[SECRETARY[spec.community]],
        Move.REGISTER: r.people[OFFICE],
        Move.ASSIGN: r.people[PRINCIPAL],
        Move.START: r.people[LEADER[spec.community]],
        Move.CONFIRM: r.people[spec.reporter],
        Move.NOT_FIXED: r.people[spec.reporter],
    }.get(move)
    if move == Move.RESOLVE:  # whoever holds it: the community, the claimant or the responsible leader
        actor = r.people[SECRETARY[spec.community]] if status == "accepted" else owner
    assert actor is not None
    day = moment.astimezone(r.tz).date()
    await problem_service.apply_move(
        r.db,
        actor,
        problem_id,
        move,
        moment,
        config,
        expected_status=status,
        note=DONE_NOTE if move == Move.RESOLVE else MOVE_NOTES.get(move.value),
        leader_id=r.people[LEADER[spec.community]] if move == Move.ASSIGN else None,
        due=r.working_day_after(day, 10) if move == Move.ASSIGN else None,
    )


async def _sheets(r: _Replay) -> int:
    """Prompt sheets to every community, answered in every way a secretary answers (services.sheets)."""
    config = sheet_service.SheetConfig.from_settings(r.settings)
    community_ids = sorted(r.communities[name] for name in SECRETARY)
    for spec in SHEETS:
        day = r.working_day(r.today - timedelta(days=spec.days_ago))
        issued = min(r.at(day, 9, 30), r.now - timedelta(hours=1))
        sender = r.people[spec.sender]
        sheet_id = await sheet_service.create_sheet(
            r.db,
            sender,
            sheet_service.SheetDraft(
                title=spec.title,
                body=spec.body,
                community_ids=community_ids,
                due=r.working_day_after(
                    issued.astimezone(r.tz).date(), max(spec.due_in, config.lead_days + 1)
                ),
                contact=f"{spec.sender}，分机{8000 + sender}",
            ),
            issued,
            config,
        )
        for community, presses in spec.presses.items():
            moment = issued
            for verb, note in presses:
                moment += timedelta(hours=r.rng.randint(2, 30))
                if not r.past(moment):
                    break
                async with r.db.session() as session:
                    target = (
                        await session.execute(
                            select(PromptSheetTarget.id, PromptSheetTarget.version).where(
                                PromptSheetTarget.sheet_id == sheet_id,
                                PromptSheetTarget.community_id == r.communities[community],
                            )
                        )
                    ).one()
                who = sender if verb == SheetVerb.ANSWER.value else r.people[SECRETARY[community]]
                button = sheet_service.Button(SheetVerb(verb), target.id, target.version)
                await sheet_service.respond(r.db, who, button, moment, config, note=note)
    return len(SHEETS)


async def _meetings(r: _Replay) -> int:
    """Meetings 党群工作部 filed, and 党政办's decisions on them (services.meetings)."""
    config = sheet_service.SheetConfig.from_settings(r.settings)
    people = {r.communities[name]: 1 for name in SECRETARY}
    for spec in MEETINGS:
        day = r.working_day(r.today - timedelta(days=spec.filed_days_ago))
        filed = min(r.at(day, 11), r.now - timedelta(hours=2))
        draft = meeting_service.MeetingDraft(
            subject=spec.subject,
            starts_at=r.at(r.working_day_after(day, spec.starts_in), spec.hour),
            minutes=spec.minutes,
            place=spec.place,
            people=people,
            why_not_sheet=spec.why,
        )
        meeting = await meeting_service.file_meeting(r.db, r.people[PARTY_MASS], draft, filed, config)
        decided = filed + timedelta(hours=1, minutes=r.rng.randint(0, 50))
        if spec.decision and r.past(decided):
            view = await meeting_service.meeting_view(r.db, meeting.id)
            assert view is not None
            button = meeting_service.Button(MeetingVerb(spec.decision), meeting.id, view.version)
            await meeting_service.decide(r.db, r.people[OFFICE], button, decided, config, reason=spec.reason)
    return len(MEETINGS)


async def _callout(r: _Replay) -> int:
    """A flooded garage: the squad and the brigade called, both coming, closed with the outcome — the rows
    services.callouts writes (it calls only bound people, and nobody in the demo is bound yet)."""
    config = CalloutConfig.from_settings(r.settings)
    community = "幸福社区"
    caller = r.people[SECRETARY[community]]
    raised = r.at(r.working_day(r.today - timedelta(days=12)), 16, 40)
    squad, brigade = r.people[SQUAD[community]], r.people[BRIGADE]
    closed = raised + timedelta(minutes=110)
    async with r.db.session() as session:
        callout = Callout(
            community_id=r.communities[community],
            kind="flood",
            address=CALLOUT_ADDRESS,
            need=CALLOUT_NEED,
            brigade=True,
            status=CalloutStatus.CLOSED.value,
            version=2,
            caller_id=caller,
            raised_at=raised,
            widen_at=raised + config.widen_after,
            widen_checked_at=raised + config.widen_after,
            widened=False,
            roll_seq=0,
            closed_at=closed,
            closed_by=caller,
            outcome=CALLOUT_OUTCOME,
        )
        session.add(callout)
        await session.flush()
        answers = ((squad, Wave.SQUAD, 3), (brigade, Wave.BRIGADE, 7))
        for person_id, wave, minutes in answers:
            session.add(
                CalloutTarget(
                    callout_id=callout.id,
                    person_id=person_id,
                    wave=wave.value,
                    community_id=r.communities[community] if wave is Wave.SQUAD else None,
                    sent_at=raised,
                    answer=Answer.COMING.value,
                    answered_at=raised + timedelta(minutes=minutes),
                )
            )
        timeline = [
            (raised, "raised", caller, CALLOUT_NEED),
            (raised, "sent", None, f"{Wave.SQUAD.value}: {SQUAD[community]}"),
            (raised, "sent", None, f"{Wave.BRIGADE.value}: {BRIGADE}"),
            *((raised + timedelta(minutes=m), Answer.COMING.value, p, None) for p, _, m in answers),
            (raised + config.widen_after, "enough", None, str(len(answers))),
            (closed, "closed", caller, CALLOUT_OUTCOME),
        ]
        session.add_all(
            CalloutEvent(callout_id=callout.id, at=at, person_id=person, action=action, note=note)
            for at, action, person, note in timeline
        )
    return 1


async def _ratings(r: _Replay) -> None:
    """Half of each rater's cadres rated two days ago, when the quarter's window was open (services.assessment);
    the other half are left for the leader trying /assess."""
    grace = formula_from(r.settings.assessment_config).grace_days
    when = r.now - timedelta(days=2)
    day = when.astimezone(r.tz).date()
    quarter = asmt.rating_quarter(day, grace)
    for rater in sorted({*LEADER.values(), *SECRETARY.values()}):
        rater_id = r.people[rater]
        for index, ratee in enumerate(await assessment_service.ratees(r.db, rater_id, quarter)):
            if index % 2:
                continue
            await assessment_service.rate(
                r.db,
                rater_id,
                ratee.person_id,
                ratee.community_id,
                quarter,
                RATINGS[index // 2 % len(RATINGS)],
                RATING_COMMENTS[index // 2 % len(RATING_COMMENTS)],
                today=day,
                now=when,
                grace_days=grace,
            )
