"""Grids are listed as people count them: 第一、第二、第三、第四、…、第十 网格, and 2 before 10 (issue 15)."""

from __future__ import annotations

from sqlalchemy import select

from domain.naming import natural_key
from services import problems, worklog
from storage.models import Community, Grid
from tests.test_worklog import world


def test_numbers_in_names_sort_by_value():
    names = [
        "第十网格",
        "第二网格",
        "第十二网格",
        "第一网格",
        "第四网格",
        "第三网格",
        "第二十网格",
        "第一百零五网格",
    ]
    assert sorted(names, key=natural_key) == [
        "第一网格",
        "第二网格",
        "第三网格",
        "第四网格",
        "第十网格",
        "第十二网格",
        "第二十网格",
        "第一百零五网格",
    ]
    assert sorted(["10号网格", "2号网格", "1号网格"], key=natural_key) == ["1号网格", "2号网格", "10号网格"]
    assert sorted(["和平社区", "幸福社区", "光明社区"], key=natural_key) == sorted(
        ["和平社区", "幸福社区", "光明社区"]
    )


async def test_the_grid_pickers_list_grids_in_counting_order(db):
    ids = await world(db)
    async with db.session() as s:
        community = (await s.execute(select(Community).where(Community.name == "幸福社区"))).scalar_one()
        for name in ("第十网格", "第二网格", "第三网格"):
            s.add(Grid(community_id=community.id, name=name))
    listed = [name for _id, name in await worklog.community_grids(db, frozenset({community.id}))]
    assert listed == [
        "幸福社区第一网格",
        "第二网格",
        "第三网格",
        "第四网格",
        "第十网格",
    ]  # (before: 第十 before 第四)
    author = await worklog.author(db, ids["cadre"])
    assert [g.name for g in author.grids] == [
        "第四网格",
        "幸福社区第一网格",
        "第二网格",
        "第三网格",
        "第十网格",
    ]
    reported = [g.name for g in await problems.grids_for(db, ids["worker"]) if g.community == "幸福社区"]
    assert reported == ["幸福社区第一网格", "第二网格", "第三网格", "第四网格", "第十网格"]
