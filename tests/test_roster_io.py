"""Reading roster files (xlsx, csv in UTF-8/BOM/GBK, sibling 网格.csv) and writing the template."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from domain.roles import ROLE_SPECS, Need
from domain.roster import ExistingRoster, RosterPlan, validate_roster
from domain.roster_io import read_roster, write_template


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_gbk_csv_is_decoded(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        [["姓名", "手机号", "角色", "社区"], ["王小明", "13800000000", "网格员", "幸福社区"]],
        encoding="gbk",
    )
    # GBK bytes are not valid UTF-8, so this proves the fallback ran rather than a lucky decode.
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    roster = read_roster(path)
    assert roster.errors == []
    assert [(r.row, r.values["name"], r.values["community"]) for r in roster.people] == [
        (2, "王小明", "幸福社区")
    ]


def test_utf8_bom_header_is_recognised(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv", [["姓名", "手机号", "角色"], ["李四", "13900000000", "主要负责同志"]]
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    roster = read_roster(path)
    assert roster.errors == []
    assert roster.people[0].values == {"name": "李四", "phone": "13900000000", "roles": "主要负责同志"}


def test_english_headers_unknown_columns_and_empty_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["Name", "Phone", "Roles", "Community", "Remark"],
            ["Li Si", "13900000000", "grid_worker", "幸福社区", "ignored"],
            ["", "", "", "", ""],
            ["", "", "", "", "only a remark"],
            ["Zhang San", "13900000001", "secretary", "幸福社区", ""],
        ],
    )
    roster = read_roster(path)
    assert roster.errors == []
    # Row numbers are the spreadsheet's: the blank rows still count.
    assert [r.row for r in roster.people] == [2, 5]
    assert "remark" not in roster.people[0].values
    assert roster.people_columns == {"name", "phone", "roles", "community"}


def test_missing_required_header_is_a_file_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["姓名", "社区"], ["李四", "幸福社区"]])
    roster = read_roster(path)
    assert roster.people == []
    assert [(e.row, e.code, dict(e.params)) for e in roster.errors] == [
        (None, "roster-err-missing-header", {"header": "手机号"}),
        (None, "roster-err-missing-header", {"header": "角色"}),
    ]


def test_xlsx_numbers_title_row_and_grid_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["XX街道网格人员名单"])  # a title line above the header, as people make them
    ws.append(["姓名", "手机号（必填）", "角色", "社区", "网格"])
    ws.append(["张三", 13800000000.0, "网格员", "幸福社区", "一网格"])
    ws.append(["李四", 13900000000, "网格员", "幸福社区", "二网格"])
    grids = wb.create_sheet("网格")
    grids.append(["社区", "网格", "户数", "人口"])
    grids.append(["幸福社区", "一网格", 320.0, 1010])
    wb.save(tmp_path / "r.xlsx")

    roster = read_roster(tmp_path / "r.xlsx")
    assert roster.errors == []
    assert [(r.row, r.values["phone"]) for r in roster.people] == [(3, "13800000000"), (4, "13900000000")]
    assert roster.grid_sheet == "网格"
    assert roster.grids is not None
    assert [(r.sheet, r.row, r.values) for r in roster.grids] == [
        ("网格", 2, {"community": "幸福社区", "grid": "一网格", "households": "320", "population": "1010"})
    ]


def test_sibling_grid_csv_is_read(tmp_path: Path) -> None:
    write_csv(tmp_path / "名单.csv", [["姓名", "手机号", "角色"], ["李四", "13900000000", "管理员"]])
    write_csv(
        tmp_path / "网格.csv", [["社区", "网格", "户数", "人口"], ["幸福社区", "一网格", "300", "900"]], "gbk"
    )
    roster = read_roster(tmp_path / "名单.csv")
    assert roster.errors == []
    assert roster.grid_sheet == "网格.csv"
    assert roster.grids is not None and roster.grids[0].values["grid"] == "一网格"


def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    assert [e.code for e in read_roster(tmp_path / "missing.xlsx").errors] == ["roster-err-file-not-found"]
    (tmp_path / "r.xls").write_bytes(b"old excel")
    assert [e.code for e in read_roster(tmp_path / "r.xls").errors] == ["roster-err-file-type"]
    (tmp_path / "r.xlsx").write_bytes(b"not a zip")
    assert [e.code for e in read_roster(tmp_path / "r.xlsx").errors] == ["roster-err-file-unreadable"]


@pytest.mark.parametrize("name", ["template.xlsx", "template.csv"])
def test_template_round_trips_and_its_example_is_valid(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_template(path)
    roster = read_roster(path)
    assert roster.errors == []
    assert {
        "name",
        "phone",
        "roles",
        "community",
        "grids",
        "department",
        "subdistrict",
    } <= roster.people_columns
    assert len(roster.people) == 1
    assert roster.people[0].values["phone"] == "13800000000"
    plan = validate_roster(roster, ExistingRoster())
    assert isinstance(plan, RosterPlan), plan
    assert plan.people[0].name == "张三"
    if name.endswith(".csv"):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert roster.grids is None
    else:
        assert roster.grids is not None and len(roster.grids) == 1


def test_template_instructions_list_every_role_from_role_specs(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["人员", "网格", "说明"]
    assert [c.value for c in wb["网格"][1]] == ["社区", "网格", "户数", "人口", "阶段"]  # 阶段: issue 17
    rows = {row[0]: row[1:3] for row in wb["说明"].iter_rows(values_only=True) if row and row[0]}
    for spec in ROLE_SPECS:
        community, department = rows[spec.roster_name]
        assert (community == "不填") == (spec.community is Need.NONE), spec
        assert (department == "必填") == (spec.department is Need.REQUIRED), spec
    assert rows["分工社区领导"][0] == "必填（可填多个）"
    assert rows["下沉干部"][1] == "选填"
    assert any("最多 3 人" in key for key in rows)
