"""The deployment's settings, read from the environment or `.env` (documented in `.env.example`).

They sit on the domain floor, the lowest their own imports allow (the default problem categories are a rule of
`domain.problems`, the locales come from `locales`), so reminders, dialogs and the bot all read them from below.
Not on the services floor: the `gridbot` script's chart workers read the settings and must not import the services
(tests/test_chart_workers.py). Values only, nothing of Telegram or SQL is imported here; `bot.config` re-exports
them beside the command line's helpers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.phases import check_phase_features
from domain.phones import normalize_phone
from domain.problems import DEFAULT_CATEGORIES
from domain.roster import DEFAULT_SUBDISTRICT
from locales import LOCALES

TELEGRAM_API = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    bot_username: str | None = None
    telegram_api_base: str = TELEGRAM_API
    # A proxy for every Bot API call, where Telegram cannot be reached directly: http://host:port or
    # socks5://user:password@host:port (socks4:// too; through aiohttp-socks, as aiogram connects to a proxy). Checked
    # when the bot starts (bot.app.make_bot), not here: pydantic's error would repeat the value, password and all.
    telegram_proxy: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./data/gridbot.sqlite3"
    redis_url: str | None = None
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_path: str = "/telegram/webhook"
    media_dir: Path = Path("./data/media")
    invite_days: int = 7
    # Grid work logs: how many days back a log may be dated, and the day of the following month by which a
    # community's month of logs is due at 党群工作部.
    log_backdate_days: int = 7
    log_month_deadline_day: int = 5
    # The sandbox keeps its own database: it shows every person's phone in its web chat and lets anyone who opens
    # the page act as them, so it must never run on the real roster by accident (e.g. a deployment missing its token).
    sandbox_database_url: str = "sqlite+aiosqlite:///./data/sandbox.sqlite3"
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8080
    log_level: str = "INFO"
    # The outbox sender's pace (bot.sender): at most this many messages in any one second overall (Telegram's limit
    # for a bot is about 30; a Bot API server of one's own or a paid broadcast tier allows others), and at most one
    # message per chat every this many seconds.
    send_rate_per_second: float = Field(default=30.0, gt=0)
    send_chat_interval: float = Field(default=1.0, ge=0)
    # --- issue 5: problems and suggestions ---
    # Categories and their deadlines in working days, as JSON: {"safety": 3, ...}. A key with a Fluent label
    # problem-cat-<key> shows that label; any other key (e.g. "燃气安全") is shown as written.
    problem_categories: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    problem_urgent_ack_minutes: float = 30  # 即报即办: re-sent (and the administrator told) if unacknowledged
    problem_watch_seconds: float = 60  # how often the bot looks for unacknowledged 即报即办 items
    problem_urgent_max_resends: int = 3
    problem_register_due_day: int = 5  # the monthly register is due on this day of the following month
    # --- issue 18: where problems come from, 12345 work orders, the optional quota ---
    # The source channels /report offers, in order, as JSON: a key with a Fluent label problem-source-<key> shows
    # that label (grid_visit 网格走访, window 窗口受理, phone_visit 来电来访, hotline 12345 热线, referral 部门转办);
    # any other key is shown as written. "hotline" is the one that carries a 12345 work order.
    problem_sources: list[str] = Field(
        default_factory=lambda: ["grid_visit", "window", "phone_visit", "hotline", "referral"]
    )
    # A 12345 order's clocks in PRC working days from the day it was received (Shanghai's published rules): first
    # contact with the resident, first handling, and a warning order's second handling after 不满意 (counted from the
    # call back); the call back itself is due this many working days after the handling.
    hotline_contact_days: int = Field(default=1, ge=0)
    hotline_handle_days: int = Field(default=5, ge=1)
    hotline_callback_days: int = Field(default=1, ge=0)
    hotline_second_days: int = Field(default=3, ge=1)
    # Reports a grid worker is expected to make a month; 0 (the default) is off, as the 2025 burden-reduction rules
    # ask of districts that set no such target. Shown as 本月已上报 n/quota, never as a ranking.
    problem_monthly_quota: int = Field(default=0, ge=0)

    @field_validator(
        "bot_token",
        "redis_url",
        "webhook_url",
        "bot_username",
        "telegram_proxy",
        "feishu_app_id",
        "feishu_app_secret",
        "feishu_encrypt_key",
        "feishu_verification_token",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value in ("", None) else value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"DEFAULT_LOCALE must be one of {', '.join(LOCALES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    # --- issue 6: calendar, attendance, reminders ---
    # Reminders: the local time each kind runs (HH:MM, in TIMEZONE) unless REMINDER_TIMES names another, e.g.
    # {"attendance-summary": "08:30"}; kinds listed in REMINDERS_OFF (comma-separated) never run.
    reminder_time: str = "09:00"
    reminder_times: dict[str, str] = {}
    reminders_off: str = ""
    # No non-urgent reminder between QUIET_START and QUIET_END (local time), nor on a non-working day.
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    # Assessment milestones, MM-DD:kind, comma-separated (kind: quarterly, half_year, year_end); the reminder goes out
    # ASSESSMENT_LEAD working days before each date and on its last working day.
    assessment_dates: str = "03-31:quarterly,06-30:half_year,09-30:quarterly,12-31:year_end"
    assessment_lead: int = 3
    # How long a person may mute non-urgent reminders, in days, offered as buttons.
    mute_days: str = "1,3,7"
    # Default radius (metres) of a community's check-in point set with `gridbot point`.
    checkin_radius_m: int = 500

    # --- issue 7: leaders' digests ---
    # The digests go out at 08:30 (REMINDER_TIMES {"digest-daily": "08:00"} moves one; REMINDERS_OFF turns one off).
    # An item counts as responded to (响应率) when someone other than its reporter acted on it within this many hours.
    problem_response_hours: float = 24
    digest_rows: int = 15  # per-community tables list this many communities, then a line for the rest
    digest_nudges: int = 8  # nudge buttons under a daily digest's overdue items (the most overdue first)

    @field_validator("reminder_time", "quiet_start", "quiet_end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError("times are HH:MM")
        return value

    @field_validator("reminder_times")
    @classmethod
    def _clock_times(cls, value: dict[str, str]) -> dict[str, str]:
        for time_of_day in value.values():
            cls._clock_time(time_of_day)
        return value

    # --- issue 7: assessment ---
    # The scorecard formula, weights and rating window (TOML); empty: assessment.toml at the top of the repository.
    assessment_config: str = ""
    # --- issue 8: emergency call-outs 应急分队 ---
    # A call-out widens to the neighbouring communities' squads (and the leader in charge is told) when fewer than
    # CALLOUT_MIN_COMING people are on their way CALLOUT_WIDEN_MINUTES after it was raised; the bot looks every
    # CALLOUT_WATCH_SECONDS.
    callout_min_coming: int = 2
    callout_widen_minutes: float = 10
    callout_watch_seconds: float = 20

    # --- issue 8: work prompt sheets and meeting filing ---
    # The most characters a prompt sheet's "what is needed" may have (a longer one is not yet clear), and how many
    # working days ahead its due date must be unless the sheet is marked urgent with a reason.
    sheet_text_limit: int = 300
    sheet_lead_days: int = 2

    # --- issue 17: pilot phases ---
    # Which phases each feature counts, as JSON: {"attendance": ["pilot", "rollout"]} (features: attendance,
    # assessment, digest; phases: pilot 试点, rollout 全面推行, consolidation 巩固提升). A feature not named counts
    # every phase, and a community with no phase set always counts.
    phase_features: dict[str, list[str]] = {}

    @field_validator("phase_features")
    @classmethod
    def _known_phase_features(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_phase_features(value)

    # --- issue 19: Feishu/Lark (bot.feishu): off unless FEISHU_APP_ID is set ---
    # FEISHU_DOMAIN: "feishu" (https://open.feishu.cn), "lark" (https://open.larksuite.com) or a URL (a local stand-in);
    # FEISHU_MODE: ws (the long connection, nothing to expose) or http (events posted to FEISHU_EVENT_HOST:PORT/PATH).
    feishu_app_id: str | None = None
    feishu_app_secret: SecretStr | None = None
    feishu_encrypt_key: SecretStr | None = None
    feishu_verification_token: SecretStr | None = None
    feishu_domain: str = "feishu"
    feishu_mode: str = Field(default="ws", pattern="^(ws|http)$")
    feishu_event_host: str = "0.0.0.0"
    feishu_event_port: int = 9000
    feishu_event_path: str = "/feishu/events"

    # --- issue 17: the first administrator of an empty database ---
    # Phones (comma-separated) that become administrators when they share their own contact at /start and are not on
    # the roster yet; a listed phone already on the roster is bound as it is. The new administrator belongs to the
    # only sub-district, or, with none yet, to a new one named SUBDISTRICT_NAME, the sub-district a roster file
    # without a 街道 column is then imported into (`gridbot roster import --subdistrict` names another).
    admin_phones: Annotated[frozenset[str], NoDecode] = frozenset()
    subdistrict_name: str = Field(default=DEFAULT_SUBDISTRICT, min_length=1, max_length=100)

    @field_validator("admin_phones", mode="before")
    @classmethod
    def _admin_phones(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        phones = set()
        for raw in value.replace("，", ",").split(","):
            if not raw.strip():
                continue
            phone = normalize_phone(raw)
            if phone is None:
                raise ValueError(f"ADMIN_PHONES: {raw.strip()!r} is not a mainland mobile number")
            phones.add(phone)
        return frozenset(phones)
