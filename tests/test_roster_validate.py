"""`validate_roster` on in-memory rows: the finer rules that need no file and no database."""

from __future__ import annotations

import pytest

from domain.roles import Role
from domain.roster import (
    ExistingRoster,
    RosterError,
    RosterPlan,
    render_error,
    split_values,
    validate_roster,
)
from domain.roster_io import RawRow, RosterFile

COLUMNS = frozenset({"name", "phone", "roles", "community", "grids", "department"})


def people(
    *rows: dict[str, str], columns: frozenset[str] = COLUMNS, grids: list[RawRow] | None = None
) -> RosterFile:
    return RosterFile(
        people=[RawRow("人员", number, values) for number, values in enumerate(rows, start=2)],
        people_columns=columns,
        grids=grids,
        grid_sheet="网格" if grids is not None else None,
        grid_columns=frozenset({"community", "grid", "households", "population"}),
    )


def row(
    name: str = "甲",
    phone: str = "13800000001",
    roles: str = "网格员",
    community: str = "幸福社区",
    **more: str,
):  # type: ignore[no-untyped-def]
    return {"name": name, "phone": phone, "roles": roles, "community": community, **more}


def codes(result: RosterPlan | list[RosterError]) -> list[tuple[int | None, str]]:
    assert isinstance(result, list), result
    return [(e.row, e.code) for e in result]


def codes_list(result: RosterPlan | list[RosterError]) -> list[RosterError]:
    assert isinstance(result, list), result
    return result


def plan_of(result: RosterPlan | list[RosterError]) -> RosterPlan:
    assert isinstance(result, RosterPlan), result
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("网格员、社区干部", ["网格员", "社区干部"]),
        ("网格员，社区干部,管理员", ["网格员", "社区干部", "管理员"]),
        ("网格员；社区干部; 网格员 ", ["网格员", "社区干部"]),
        (" 、 ", []),
    ],
)
def test_split_values_accepts_all_separators(text: str, expected: list[str]) -> None:
    assert split_values(text) == expected


def test_leader_may_have_several_communities_and_a_community_role_shares_one() -> None:
    plan = plan_of(
        validate_roster(
            people(
                row(roles="分工社区领导", community="幸福社区、和平社区"),
                row(phone="13800000002", roles="分工社区领导、网格员", community="和平社区"),
            ),
            ExistingRoster(),
        )
    )
    assert plan.people[0].roles == ((Role.LEADER_IN_CHARGE, "幸福社区"), (Role.LEADER_IN_CHARGE, "和平社区"))
    assert set(plan.people[1].roles) == {(Role.LEADER_IN_CHARGE, "和平社区"), (Role.GRID_WORKER, "和平社区")}
    assert set(plan.communities) == {("本街道", "幸福社区"), ("本街道", "和平社区")}


def test_community_is_ignored_for_roles_that_need_none() -> None:
    plan = plan_of(validate_roster(people(row(roles="主要负责同志", community="幸福社区")), ExistingRoster()))
    assert plan.people[0].roles == ((Role.PRINCIPAL_LEADER, None),)
    assert plan.communities == ()


def test_seconded_cadre_department_is_optional_paired_cadre_required() -> None:
    ok = validate_roster(people(row(roles="下沉干部")), ExistingRoster())
    assert plan_of(ok).people[0].department is None
    assert codes(validate_roster(people(row(roles="包联干部")), ExistingRoster())) == [
        (2, "roster-err-missing-department")
    ]


def test_leader_with_several_communities_cannot_place_grids() -> None:
    result = validate_roster(
        people(row(roles="分工社区领导", community="甲社区、乙社区", grids="一网格")), ExistingRoster()
    )
    assert codes(result) == [(2, "roster-err-grid-needs-community")]


def test_one_row_reports_all_its_problems() -> None:
    result = validate_roster(
        people(row(name="", phone="110", roles="网格长、包联干部", community="")), ExistingRoster()
    )
    assert codes(result) == [
        (2, "roster-err-empty-name"),
        (2, "roster-err-invalid-phone"),
        (2, "roster-err-unknown-role"),
        (2, "roster-err-missing-community"),
        (2, "roster-err-missing-department"),
    ]


def test_window_cap_counts_only_the_same_subdistrict_community() -> None:
    existing = ExistingRoster(
        subdistricts=("东湖街道",),
        window_staff={
            ("东湖街道", "幸福社区"): frozenset({"13900000001", "13900000002"}),
            ("西湖街道", "幸福社区"): frozenset({"13900000003"}),
        },
    )
    rows = [row(phone=f"1380000000{i}", roles="窗口人员") for i in (1, 2)]
    assert codes(validate_roster(people(*rows), existing)) == [(3, "roster-err-window-cap")]
    # The same two people replacing a stored one (listed with another role) fit.
    rows.append(row(phone="13900000001", roles="网格员"))
    assert isinstance(validate_roster(people(*rows), existing), RosterPlan)


def test_empty_subdistrict_cell_falls_back_to_the_one_named_in_the_file() -> None:
    columns = COLUMNS | {"subdistrict"}
    plan = plan_of(
        validate_roster(
            people(row(subdistrict="东湖街道"), row(phone="13800000002", subdistrict=""), columns=columns),
            ExistingRoster(),
        )
    )
    assert [p.subdistrict for p in plan.people] == ["东湖街道", "东湖街道"]
    assert plan.subdistricts == ("东湖街道",)


def test_grid_sheet_needs_subdistrict_when_several_are_stored() -> None:
    grids = [RawRow("网格", 2, {"community": "幸福社区", "grid": "一网格"})]
    file = people(row(subdistrict="东湖街道"), columns=COLUMNS | {"subdistrict"}, grids=grids)
    result = validate_roster(file, ExistingRoster(subdistricts=("东湖街道", "西湖街道")))
    assert isinstance(result, list)
    assert [(e.sheet, e.row, e.code) for e in result] == [("网格", None, "roster-err-subdistrict-ambiguous")]
    assert render_error(result[0], "en").startswith("Sheet “网格”: Several sub-districts are stored")


def test_grid_sheet_blank_counts_keep_none_and_names_too_long_are_caught() -> None:
    grids = [
        RawRow(
            "网格", 2, {"community": "幸福社区", "grid": "一网格", "households": "1,200", "population": ""}
        ),
        RawRow("网格", 3, {"community": "社" * 101, "grid": "二网格"}),
    ]
    result = validate_roster(people(row(), grids=grids), ExistingRoster())
    assert [(e.sheet, e.row, e.code, dict(e.params)) for e in codes_list(result)] == [
        ("网格", 3, "roster-err-too-long", {"column": "community", "max": "100"})
    ]
    plan = plan_of(validate_roster(people(row(), grids=grids[:1]), ExistingRoster()))
    assert [(g.name, g.households, g.population) for g in plan.grids] == [("一网格", 1200, None)]


def test_a_file_with_nothing_in_it_is_an_error() -> None:
    assert codes(validate_roster(people(), ExistingRoster())) == [(None, "roster-err-empty-file")]
