"""`import_roster` end to end on a fresh SQLite database: what is stored, what is rejected, and what users read."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from domain.roster import render_errors
from domain.roster_io import write_template
from services.roster_import import import_roster, render_summary
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    AuditEntry,
    Community,
    Department,
    Grid,
    Person,
    PersonGrid,
    PersonRole,
    Subdistrict,
)

HEADER = ["姓名", "手机号", "角色", "社区", "网格", "部门"]
NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
TABLES = (Subdistrict, Department, Community, Grid, Person, PersonRole, PersonGrid, AuditEntry)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/t.sqlite3")
    await upgrade(database)
    yield database
    await database.dispose()


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


async def counts(db: Database) -> dict[str, int]:
    async with db.session() as s:
        return {t.__tablename__: await s.scalar(select(func.count()).select_from(t)) for t in TABLES}


async def person_view(db: Database, phone: str) -> dict[str, object]:
    """A stored person as a user would describe them: name, roles with communities, grids, department."""
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.phone == phone))
        assert person is not None, phone
        roles = sorted(
            (role, community or "")
            for role, community in await s.execute(
                select(PersonRole.role, Community.name)
                .outerjoin(Community, Community.id == PersonRole.community_id)
                .where(PersonRole.person_id == person.id)
            )
        )
        grids = sorted(
            (
                await s.scalars(select(Grid.name).join(PersonGrid).where(PersonGrid.person_id == person.id))
            ).all()
        )
        department = await s.scalar(select(Department.name).where(Department.id == person.department_id))
        subdistrict = await s.scalar(select(Subdistrict.name).where(Subdistrict.id == person.subdistrict_id))
        return {
            "name": person.name,
            "roles": roles,
            "grids": grids,
            "department": department,
            "subdistrict": subdistrict,
            "telegram_id": person.telegram_id,
        }


def errors_of(result) -> list[tuple[str | None, int | None, str]]:  # type: ignore[no-untyped-def]
    return [(e.sheet, e.row, e.code) for e in result.errors]


# --- valid imports -----------------------------------------------------------------------------------------------


async def test_xlsx_with_grid_sheet_imports_everything(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(HEADER)
    ws.append(["张三", 13800000001.0, "网格员、社区干部", "幸福社区", "一网格，二网格", ""])
    ws.append(["李四", "13800000002", "包联干部", "幸福社区", "", "党群工作部"])
    ws.append(["王五", "13800000003", "分工社区领导", "幸福社区、和平社区", "", ""])
    ws.append(["赵六", "13800000004", "部门干部,管理员", "", "", "党政办"])
    grids = wb.create_sheet("网格")
    grids.append(["社区", "网格", "户数", "人口"])
    grids.append(["幸福社区", "一网格", 320, 1010])
    grids.append(["幸福社区", "二网格", 280.0, "900"])
    grids.append(["和平社区", "一网格", None, None])
    wb.save(tmp_path / "roster.xlsx")

    result = await import_roster(db, tmp_path / "roster.xlsx", now=NOW)

    assert result.errors == []
    assert (result.created, result.updated, result.communities, result.grids) == (4, 0, 2, 3)
    assert render_summary(result, "zh-CN") == "导入成功：新增 4 人，更新 0 人，社区 2 个，网格 3 个"
    assert await person_view(db, "13800000001") == {
        "name": "张三",
        "roles": [("community_cadre", "幸福社区"), ("grid_worker", "幸福社区")],
        "grids": ["一网格", "二网格"],
        "department": None,
        "subdistrict": "本街道",
        "telegram_id": None,
    }
    assert (await person_view(db, "13800000002"))["department"] == "党群工作部"
    assert (await person_view(db, "13800000003"))["roles"] == [
        ("leader_in_charge", "和平社区"),
        ("leader_in_charge", "幸福社区"),
    ]
    zhao = await person_view(db, "13800000004")
    assert zhao["roles"] == [("admin", ""), ("department_staff", "")]
    assert zhao["department"] == "党政办"
    async with db.session() as s:
        stored = {
            (c, g): (h, p)
            for c, g, h, p in await s.execute(
                select(Community.name, Grid.name, Grid.households, Grid.population).join(Grid.community)
            )
        }
        audit = (await s.scalars(select(AuditEntry))).all()
    assert stored == {
        ("幸福社区", "一网格"): (320, 1010),
        ("幸福社区", "二网格"): (280, 900),
        ("和平社区", "一网格"): (None, None),
    }
    assert len(audit) == 1 and audit[0].action == "roster_import" and audit[0].at == NOW
    assert audit[0].detail["created"] == 4
    assert "1380000000" not in str(audit[0].detail)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
async def test_chinese_csv_in_gbk_and_utf8_bom(db: Database, tmp_path: Path, encoding: str) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        [HEADER, ["欧阳小明", "13800000001", "窗口人员", "幸福社区", "", ""]],
        encoding=encoding,
    )
    result = await import_roster(db, path, now=NOW)
    assert result.errors == []
    person = await person_view(db, "13800000001")
    assert person["name"] == "欧阳小明"
    assert person["roles"] == [("window_staff", "幸福社区")]


async def test_english_headers_and_role_aliases(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["name", "phone", "roles", "community", "grids", "department", "subdistrict"],
            ["Li Si", "13800000001", "Grid_Worker, secretary", "幸福社区", "G1", "", "东湖街道"],
        ],
    )
    result = await import_roster(db, path, now=NOW)
    assert result.errors == []
    assert await person_view(db, "13800000001") == {
        "name": "Li Si",
        "roles": [("grid_worker", "幸福社区"), ("secretary", "幸福社区")],
        "grids": ["G1"],
        "department": None,
        "subdistrict": "东湖街道",
        "telegram_id": None,
    }


async def test_phone_formats_are_normalised(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["甲", "+86 138-0000-0000", "管理员", "", "", ""])
    ws.append(["乙", "139 0000 0001", "管理员", "", "", ""])
    ws.append(["丙", 13700000002.0, "管理员", "", "", ""])
    ws.append(["丁", "0086 136 0000 0003", "管理员", "", "", ""])
    wb.save(tmp_path / "r.xlsx")
    result = await import_roster(db, tmp_path / "r.xlsx", now=NOW)
    assert result.errors == []
    async with db.session() as s:
        phones = sorted((await s.scalars(select(Person.phone))).all())
    assert phones == ["13600000003", "13700000002", "13800000000", "13900000001"]


async def test_template_example_imports(db: Database, tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    result = await import_roster(db, tmp_path / "t.xlsx", now=NOW)
    assert result.errors == []
    assert (result.created, result.communities, result.grids) == (1, 1, 1)
    assert (await person_view(db, "13800000000"))["grids"] == ["第一网格"]


async def test_default_subdistrict_parameter_then_single_existing_is_reused(
    db: Database, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", [HEADER, ["甲", "13800000001", "网格员", "幸福社区", "", ""]])
    assert (await import_roster(db, first, default_subdistrict="东湖街道", now=NOW)).errors == []
    second = write_csv(tmp_path / "b.csv", [HEADER, ["乙", "13800000002", "网格员", "幸福社区", "", ""]])
    # The database now holds one sub-district, so it is used even though the default says otherwise.
    assert (await import_roster(db, second, default_subdistrict="别的街道", now=NOW)).errors == []
    assert (await person_view(db, "13800000002"))["subdistrict"] == "东湖街道"
    assert (await counts(db))["communities"] == 1


async def test_several_subdistricts_need_the_column(db: Database, tmp_path: Path) -> None:
    header = [*HEADER, "街道"]
    seed = write_csv(
        tmp_path / "seed.csv",
        [header, ["甲", "13800000001", "网格员", "幸福社区", "", "", "东湖街道"]]
        + [["乙", "13800000002", "网格员", "幸福社区", "", "", "西湖街道"]],
    )
    assert (await import_roster(db, seed, now=NOW)).errors == []
    assert (await counts(db))["communities"] == 2  # same name, two sub-districts

    before = await counts(db)
    without = write_csv(
        tmp_path / "no-col.csv", [HEADER, ["丙", "13800000003", "网格员", "幸福社区", "", ""]]
    )
    result = await import_roster(db, without, now=NOW)
    assert errors_of(result) == [(None, None, "roster-err-subdistrict-ambiguous")]
    assert render_errors(result.errors, "zh-CN") == [
        "系统中已有多个街道（东湖街道、西湖街道），请增加“街道”列注明每人所属街道"
    ]
    blank = write_csv(
        tmp_path / "blank.csv", [header, ["丙", "13800000003", "网格员", "幸福社区", "", "", ""]]
    )
    assert errors_of(await import_roster(db, blank, now=NOW)) == [(None, 2, "roster-err-subdistrict-missing")]
    assert await counts(db) == before


# --- re-import ---------------------------------------------------------------------------------------------------


async def test_reimport_is_idempotent(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["甲", "13800000001", "网格员", "幸福社区", "一网格", ""],
            ["乙", "13800000002", "下沉干部", "幸福社区", "一网格、二网格", "党政办"],
        ],
    )
    first = await import_roster(db, path, now=NOW)
    after_first = await counts(db)
    second = await import_roster(db, path, now=NOW)
    after_second = await counts(db)
    assert (first.created, first.updated) == (2, 0)
    assert (second.created, second.updated) == (0, 2)
    assert render_summary(second, "en") == "Import done: 0 new, 2 updated, 1 community, 2 grids"
    # Only the audit trail grows: one entry per import.
    assert after_second == {**after_first, "audit_log": after_first["audit_log"] + 1}
    assert (
        after_first["people"] == 2 and after_first["person_roles"] == 2 and after_first["person_grids"] == 3
    )


async def test_reimport_replaces_by_phone_and_leaves_others_alone(db: Database, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "a.csv",
        [
            HEADER,
            ["张三", "13800000001", "网格员、窗口人员", "幸福社区", "一网格", ""],
            ["李四", "13800000002", "网格员", "和平社区", "三网格", ""],
        ],
    )
    assert (await import_roster(db, first, now=NOW)).errors == []
    async with db.session() as s:  # the person has since joined through Telegram
        person = await s.scalar(select(Person).where(Person.phone == "13800000001"))
        assert person is not None
        person.telegram_id = 4242
    li_before = await person_view(db, "13800000002")

    second = write_csv(
        tmp_path / "b.csv",
        [HEADER, ["张三丰", "+86 138-0000-0001", "包联干部", "和平社区", "二网格", "党群工作部"]],
    )
    result = await import_roster(db, second, now=NOW)
    assert result.errors == []
    assert (result.created, result.updated) == (0, 1)
    assert await person_view(db, "13800000001") == {
        "name": "张三丰",
        "roles": [("paired_cadre", "和平社区")],
        "grids": ["二网格"],
        "department": "党群工作部",
        "subdistrict": "本街道",
        "telegram_id": 4242,
    }
    assert await person_view(db, "13800000002") == li_before
    assert (await counts(db))["people"] == 2


# --- rejections: every rule, its row, nothing written ------------------------------------------------------------

REJECTIONS = {
    "unknown role": (["甲", "13800000011", "网格长", "幸福社区", "", ""], "roster-err-unknown-role"),
    "community role without community": (
        ["甲", "13800000011", "网格员", "", "", ""],
        "roster-err-missing-community",
    ),
    "paired cadre without community": (
        ["甲", "13800000011", "包联干部", "", "", "党政办"],
        "roster-err-missing-community",
    ),
    "paired cadre without department": (
        ["甲", "13800000011", "包联干部", "幸福社区", "", ""],
        "roster-err-missing-department",
    ),
    "department staff without department": (
        ["甲", "13800000011", "部门干部", "", "", ""],
        "roster-err-missing-department",
    ),
    "empty name": (["", "13800000011", "网格员", "幸福社区", "", ""], "roster-err-empty-name"),
    "invalid phone": (["甲", "12345678901", "网格员", "幸福社区", "", ""], "roster-err-invalid-phone"),
    "missing phone": (["甲", "", "网格员", "幸福社区", "", ""], "roster-err-missing-phone"),
    "no roles": (["甲", "13800000011", "", "幸福社区", "", ""], "roster-err-missing-roles"),
    "two communities for a grid worker": (
        ["甲", "13800000011", "网格员", "幸福社区、和平社区", "", ""],
        "roster-err-one-community",
    ),
    "leader plus community role with two communities": (
        ["甲", "13800000011", "分工社区领导、社区党委书记", "幸福社区，和平社区", "", ""],
        "roster-err-one-community",
    ),
    "grids without a community": (
        ["甲", "13800000011", "管理员", "", "一网格", ""],
        "roster-err-grid-needs-community",
    ),
}


@pytest.fixture
async def seeded(db: Database, tmp_path: Path) -> dict[str, int]:
    """A database with something in it, so "nothing written" is checked against real rows."""
    seed = write_csv(
        tmp_path / "seed.csv", [HEADER, ["老王", "13900000000", "网格员", "幸福社区", "一网格", ""]]
    )
    assert (await import_roster(db, seed, now=NOW)).errors == []
    return await counts(db)


@pytest.mark.parametrize("case", list(REJECTIONS))
async def test_each_rule_rejects_the_whole_file(
    db: Database, tmp_path: Path, seeded: dict[str, int], case: str
) -> None:
    bad_row, code = REJECTIONS[case]
    path = write_csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["好人", "13800000099", "网格员", "幸福社区", "", ""],
            bad_row,
        ],  # the good row 2 is not written either
    )
    result = await import_roster(db, path, now=NOW)
    assert errors_of(result) == [(None, 3, code)]
    assert (result.created, result.updated) == (0, 0)
    assert render_summary(result, "zh-CN").startswith("导入失败：发现 1 处错误")
    assert await counts(db) == seeded


async def test_duplicate_phone_in_file(db: Database, tmp_path: Path, seeded: dict[str, int]) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["甲", "13800000001", "网格员", "幸福社区", "", ""],
            ["乙", "13800000002", "网格员", "幸福社区", "", ""],
            ["丙", "138-0000-0001", "网格员", "幸福社区", "", ""],
        ],
    )
    result = await import_roster(db, path, now=NOW)
    assert errors_of(result) == [(None, 4, "roster-err-duplicate-phone")]
    assert render_errors(result.errors, "zh-CN") == ["第 4 行：手机号“138****0001”与第 2 行重复"]
    assert render_errors(result.errors, "en") == ["Row 4: phone “138****0001” repeats row 2"]
    assert await counts(db) == seeded


async def test_grid_not_in_grid_sheet_and_grid_sheet_errors(
    db: Database, tmp_path: Path, seeded: dict[str, int]
) -> None:
    write_csv(
        tmp_path / "网格.csv",
        [
            ["社区", "网格", "户数", "人口"],
            ["幸福社区", "一网格", "300", "900"],
            ["幸福社区", "二网格", "很多", ""],
            ["幸福社区", "一网格", "", ""],
        ],
        encoding="gbk",
    )
    path = write_csv(
        tmp_path / "名单.csv",
        [
            HEADER,
            ["甲", "13800000001", "网格员", "幸福社区", "一网格", ""],
            ["乙", "13800000002", "网格员", "幸福社区", "五网格", ""],
            ["丙", "13800000003", "网格员", "和平社区", "一网格", ""],
        ],
    )
    result = await import_roster(db, path, now=NOW)
    assert errors_of(result) == [
        (None, 3, "roster-err-unknown-grid"),
        (None, 4, "roster-err-unknown-grid"),
        ("网格.csv", 3, "roster-err-bad-number"),
        ("网格.csv", 4, "roster-err-grid-duplicate"),
    ]
    assert render_errors(result.errors, "zh-CN") == [
        "第 3 行：网格“五网格”不在“网格”表的“幸福社区”中",
        "第 4 行：网格“一网格”不在“网格”表的“和平社区”中",
        "工作表“网格.csv”第 3 行：户数“很多”不是有效的非负整数",
        "工作表“网格.csv”第 4 行：网格“幸福社区 / 一网格”与第 2 行重复",
    ]
    assert await counts(db) == seeded


async def test_three_bad_rows_give_three_errors(db: Database, tmp_path: Path, seeded: dict[str, int]) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["甲", "13800000001", "网格员", "幸福社区", "", ""],
            ["乙", "13800000002", "网格长", "幸福社区", "", ""],
            ["丙", "13800000003", "网格员", "幸福社区", "", ""],
            ["丁", "138000", "网格员", "幸福社区", "", ""],
            ["", "13800000005", "网格员", "幸福社区", "", ""],
        ],
    )
    result = await import_roster(db, path, now=NOW)
    assert render_errors(result.errors, "zh-CN") == [
        "第 3 行：未知角色“网格长”",
        "第 5 行：手机号“******”不是有效的大陆手机号",
        "第 6 行：姓名为空",
    ]
    assert render_errors(result.errors, "en") == [
        "Row 3: unknown role “网格长”",
        "Row 5: phone “******” is not a valid mainland mobile number",
        "Row 6: name is empty",
    ]
    assert await counts(db) == seeded


async def test_errors_never_show_a_full_phone(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["甲", "13812345678", "网格员", "幸福社区", "", ""],
            ["乙", "+86 138 1234 5678", "网格员", "幸福社区", "", ""],
            ["丙", "2381234567812", "网格员", "幸福社区", "", ""],
        ],
    )
    result = await import_roster(db, path, now=NOW)
    assert [e.code for e in result.errors] == ["roster-err-duplicate-phone", "roster-err-invalid-phone"]
    for locale in ("zh-CN", "en"):
        text = "\n".join(render_errors(result.errors, locale))
        assert "138****5678" in text
        assert "13812345678" not in text and "2381234567812" not in text
        assert "12345678" not in text


# --- window staff cap ----------------------------------------------------------------------------------------------


async def test_fourth_window_staff_in_one_file_is_rejected(db: Database, tmp_path: Path) -> None:
    rows = [[f"窗口{i}", f"1380000000{i}", "窗口人员", "幸福社区", "", ""] for i in range(1, 5)]
    rows.append(["窗口5", "13800000005", "窗口人员", "和平社区", "", ""])  # another community has its own 3
    result = await import_roster(db, write_csv(tmp_path / "r.csv", [HEADER, *rows]), now=NOW)
    assert errors_of(result) == [(None, 5, "roster-err-window-cap")]
    assert render_errors(result.errors, "zh-CN") == ["第 5 行：社区“幸福社区”的窗口人员超过 3 人"]
    assert (await counts(db))["people"] == 0


async def test_window_staff_cap_counts_stored_staff_not_in_the_file(db: Database, tmp_path: Path) -> None:
    three = [[f"窗口{i}", f"1380000000{i}", "窗口人员", "幸福社区", "", ""] for i in range(1, 4)]
    assert (await import_roster(db, write_csv(tmp_path / "a.csv", [HEADER, *three]), now=NOW)).errors == []
    before = await counts(db)

    newcomer = write_csv(
        tmp_path / "b.csv", [HEADER, ["新人", "13800000009", "窗口人员", "幸福社区", "", ""]]
    )
    result = await import_roster(db, newcomer, now=NOW)
    assert errors_of(result) == [(None, 2, "roster-err-window-cap")]
    assert await counts(db) == before

    # Listing one of the three with another role frees their seat, so the newcomer fits.
    swap = write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            ["窗口1", "13800000001", "网格员", "幸福社区", "", ""],
            ["新人", "13800000009", "窗口人员", "幸福社区", "", ""],
        ],
    )
    result = await import_roster(db, swap, now=NOW)
    assert result.errors == []
    assert (await person_view(db, "13800000001"))["roles"] == [("grid_worker", "幸福社区")]
