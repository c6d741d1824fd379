"""The `gridbot` command line as an administrator uses it: template, import (with refusals), invite, db upgrade."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.cli import main
from storage.db import Database
from tests.factories import person_by_phone


@pytest.fixture
def env(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BOT_USERNAME", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return url


def _person(url: str, phone: str):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        db = Database(url)
        try:
            return await person_by_phone(db, phone)
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_template_import_and_invite(env, tmp_path, capsys):
    template = tmp_path / "名册.xlsx"
    assert main(["roster", "template", str(template)]) == 0
    assert template.exists()
    assert main(["roster", "import", str(template)]) == 0
    out = capsys.readouterr().out
    assert "导入成功：新增 1 人" in out
    assert main(["invite", "13800000000"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^/start [A-Za-z0-9_-]{20,}$", out, re.M), out
    assert "7 天内有效" in out


def test_invalid_roster_is_refused_with_rows_and_nothing_written(env, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "姓名,手机号,角色,社区\n张三,13800001111,网格长,幸福社区\n李四,12345,网格员,幸福社区\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "整份文件未导入" in out
    assert "第 2 行" in out and "第 3 行" in out
    assert "13800001111" not in out  # phones never printed in full
    assert _person(env, "13800001111") is None


def test_invite_for_unknown_phone_fails(env, capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["invite", "13900000000"]) == 1
    assert "139****0000" in capsys.readouterr().out


def test_missing_file_is_reported(env, tmp_path, capsys):
    assert main(["roster", "import", str(tmp_path / "nope.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().out


def test_bad_configuration_is_reported_in_both_languages(env, monkeypatch, capsys):
    monkeypatch.setenv("DEFAULT_LOCALE", "fr")
    with pytest.raises(SystemExit) as stopped:
        main(["db", "upgrade"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "配置有误" in err and "Configuration error" in err and "DEFAULT_LOCALE must be one of" in err


def test_delegate_may_sign_a_communitys_logs_until_removed(env, tmp_path, capsys):
    from services.worklog import signer

    roster = tmp_path / "名册.csv"
    roster.write_text(
        "姓名,手机号,角色,社区\n张伟,13820020001,社区党委书记,幸福社区\n王芳,13820020003,社区干部,幸福社区\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(roster)]) == 0
    capsys.readouterr()
    assert main(["delegate", "13820020003", "幸福社区"]) == 0
    out = capsys.readouterr().out
    assert "已授权手机号 138****0003 的人员代幸福社区社区书记签署纪实表" in out and "13820020003" not in out

    async def may_sign() -> bool:
        db = Database(env)
        try:
            person = await person_by_phone(db, "13820020003")
            return (await signer(db, person.id)).may_sign(1)  # type: ignore[union-attr]
        finally:
            await db.dispose()

    assert asyncio.run(may_sign()) is True
    assert main(["delegate", "13820020003", "幸福社区", "--remove"]) == 0
    assert asyncio.run(may_sign()) is False
    assert main(["delegate", "13820020003", "和平社区"]) == 1
    assert "没有名为“和平社区”的社区" in capsys.readouterr().out
    assert main(["delegate", "13900000000", "幸福社区"]) == 1


def test_a_misspelled_setting_is_reported_before_the_sandbox_opens(env, tmp_path, monkeypatch, capsys):
    """BOT_TOKN is not BOT_TOKEN: the settings ignore it, so the bot would open the sandbox without a word."""
    import bot.sandbox_runner

    opened: list[bool] = []

    async def sandbox(_settings):  # type: ignore[no-untyped-def]
        opened.append(True)

    monkeypatch.setattr(bot.sandbox_runner, "run_demo", sandbox)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("BOT_TOKN", "123:abc")
    (tmp_path / ".env").write_text(
        "DATABSE_URL=sqlite+aiosqlite:///x.sqlite3\nLOG_LEVEL=INFO\n", encoding="utf-8"
    )
    assert main(["run"]) == 0
    err = capsys.readouterr().err
    assert "注意：设置 BOT_TOKN 不认识，已忽略；是不是想写 BOT_TOKEN？" in err
    assert "注意：设置 DATABSE_URL 不认识，已忽略；是不是想写 DATABASE_URL？" in err
    assert "LOG_LEVEL" not in err  # a setting spelled right is not reported
    assert opened == [True]


def test_a_busy_sandbox_port_is_said_before_anything_is_seeded(env, tmp_path, monkeypatch, capsys):
    import socket

    sandbox_db = tmp_path / "sandbox.sqlite3"
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("SANDBOX_DATABASE_URL", f"sqlite+aiosqlite:///{sandbox_db}")
    with socket.socket() as other:  # another program has the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        monkeypatch.setenv("SANDBOX_HOST", "127.0.0.1")
        monkeypatch.setenv("SANDBOX_PORT", str(port))
        assert main(["run"]) == 1
    out = capsys.readouterr().out
    assert f"端口 {port} 已被占用，沙盒无法启动" in out
    assert "已导入" not in out and not sandbox_db.exists()  # nothing migrated, nothing seeded


# --- issue 15: the help in DEFAULT_LOCALE; the database each admin command acts on ---


def _help(argv: list[str], capsys) -> str:  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch, pytest.raises(SystemExit) as stopped:
        patch.setenv("COLUMNS", "160")  # argparse wraps at the terminal's width: one line per command here
        main(argv)
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_help_follows_default_locale(env, monkeypatch, capsys):
    monkeypatch.delenv("DEFAULT_LOCALE", raising=False)
    out = _help(["--help"], capsys)  # zh-CN, the default
    assert out.startswith("用法：gridbot [-h] 命令 ...")
    assert "GridBot 网格助手：街道网格化治理 Telegram 机器人" in out
    assert "显示本帮助并退出" in out and "show this help" not in out
    assert re.search(r"invite\s+为名册中该手机号的人员生成一次性邀请链接", out)
    assert re.search(r"calendar\s+工作日历：从文件导入某一年，或查看各年份", out)  # bot.calendar_cli's too
    out = " ".join(_help(["person", "--help"], capsys).split())
    assert "用法：gridbot person [-h] {show,unbind,deactivate,activate} phone" in out
    assert "show 查看，unbind 解除绑定，deactivate 停用，activate 恢复" in out and "名册中的手机号" in out
    assert "半径（米，默认 CHECKIN_RADIUS_M）" in " ".join(_help(["point", "-h"], capsys).split())

    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    out = _help(["--help"], capsys)
    assert out.startswith("usage: gridbot [-h] COMMAND ...")
    assert "show this help and exit" in out and "用法" not in out
    assert re.search(r"invite\s+print a one-time invite link for the roster person", out)
    out = " ".join(_help(["roster", "-h"], capsys).split())  # argparse wraps at the terminal's width
    assert "roster file (.xlsx or .csv)" in out
    assert "sub-district name when the file has no 街道 column" in out


def test_help_reads_default_locale_from_dotenv_and_survives_a_bad_setting(env, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DEFAULT_LOCALE", raising=False)
    (tmp_path / ".env").write_text("DEFAULT_LOCALE=en\nINVITE_DAYS=many\n", encoding="utf-8")
    assert "show this help and exit" in _help(["invite", "--help"], capsys)
    # Not a locale: the help in Chinese; the command then says what is wrong.
    monkeypatch.setenv("DEFAULT_LOCALE", "fr")
    assert "显示本帮助并退出" in _help(["--help"], capsys)


def test_a_wrong_command_line_is_refused_in_default_locale(env, monkeypatch, capsys):
    monkeypatch.delenv("DEFAULT_LOCALE", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(["person", "remove", "13800000000"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "用法：gridbot person" in err and "gridbot person：错误：" in err


DB_LINE = "数据库（DATABASE_URL）："


def test_every_admin_command_first_says_which_database(env, tmp_path, capsys):
    """Each command that reads or writes the database names it first (on stderr: stdout keeps what the command
    prints, e.g. the invite link, to itself); the file's full path, as a relative default is found from where the
    command runs."""
    where = DB_LINE + str(tmp_path / "cli.sqlite3")
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,手机号,角色,社区\n张伟,13820020001,社区党委书记,幸福社区\n", encoding="utf-8")
    commands = [
        ["db", "upgrade"],
        ["roster", "import", str(roster)],
        ["invite", "13820020001"],
        ["delegate", "13820020001", "幸福社区"],
        ["person", "show", "13820020001"],
        ["neighbours", "幸福社区"],
        ["calendar", "show"],
        ["point", "幸福社区", "31.2", "121.4"],
    ]
    for argv in commands:
        assert main(argv) == 0, argv
        captured = capsys.readouterr()
        assert captured.err.splitlines()[0] == where, argv
        assert DB_LINE not in captured.out, argv
    assert main(["roster", "template", str(tmp_path / "t.xlsx")]) == 0  # writes a file, no database
    assert DB_LINE not in capsys.readouterr().err


def test_the_database_password_is_masked(monkeypatch, capsys):
    from bot.cli import say_database
    from bot.config import Settings

    url = "postgresql+asyncpg://grid:s3cret@db.example:5432/gridbot"
    settings = Settings(_env_file=None, database_url=url)
    say_database(settings)
    err = capsys.readouterr().err
    assert err == "数据库（DATABASE_URL）：postgresql+asyncpg://grid:***@db.example:5432/gridbot\n"


def test_the_sandbox_names_its_own_database(env, tmp_path, monkeypatch, capsys):
    """`gridbot demo` and `gridbot run` without a token act on the sandbox's database, never DATABASE_URL."""
    import socket

    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("SANDBOX_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/sandbox.sqlite3")
    with socket.socket() as other:  # the port is taken: the sandbox stops right after naming its database
        other.bind(("127.0.0.1", 0))
        other.listen()
        monkeypatch.setenv("SANDBOX_HOST", "127.0.0.1")
        monkeypatch.setenv("SANDBOX_PORT", str(other.getsockname()[1]))
        for argv in (["demo"], ["run"]):
            assert main(argv) == 1
            err = capsys.readouterr().err
            assert (
                "沙盒数据库（SANDBOX_DATABASE_URL，独立于正式数据库 DATABASE_URL）："
                f"{tmp_path / 'sandbox.sqlite3'}"
            ) in err
            assert DB_LINE not in err
