"""Official titles: single titles, title runs, and the run right before a name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.reference import is_title, match_title_suffix, split_title_run, title_run_after, title_run_before


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        pytest.param(
            "省委副书记、省长、省疫情防控指挥部总指挥",
            ["省委副书记", "省长", "省疫情防控指挥部总指挥"],
            id="brief-example",
        ),
        pytest.param("省委副书记、省长", ["省委副书记", "省长"], id="two"),
        pytest.param("省委副书记省长", ["省委副书记", "省长"], id="juxtaposed"),
        pytest.param(
            "市委副书记,、市长,、领导小组组长",
            ["市委副书记", "市长", "领导小组组长"],
            id="doubled-punctuation",
        ),
        pytest.param("省委书记,省人大常委会主任", ["省委书记", "省人大常委会主任"], id="comma-congress"),
        pytest.param("省委书记，省人大常委会主任", ["省委书记", "省人大常委会主任"], id="fullwidth-comma"),
        pytest.param("省政协主席", ["省政协主席"], id="cppcc"),
        pytest.param("省委副书记、省委政法委书记", ["省委副书记", "省委政法委书记"], id="chained-units"),
        pytest.param("市委副书记、市委统战部部长", ["市委副书记", "市委统战部部长"], id="united-front"),
        pytest.param("省政府秘书长", ["省政府秘书长"], id="secretary-general"),
        pytest.param("省委常委、常务副省长", ["省委常委", "常务副省长"], id="executive-vice"),
        pytest.param("副省长、省公安厅厅长", ["副省长", "省公安厅厅长"], id="department-head"),
        pytest.param("省卫生健康委主任", ["省卫生健康委主任"], id="generic-department"),
        pytest.param("长春市委书记", ["长春市委书记"], id="division-prefix"),
        pytest.param("自治区党委书记", ["自治区党委书记"], id="autonomous-region"),
        pytest.param("领导小组副组长", ["领导小组副组长"], id="task-force"),
        pytest.param("市应对新冠肺炎疫情工作领导小组组长", ["市应对新冠肺炎疫情工作领导小组组长"], id="long-task-force"),
        pytest.param("省军区司令员", ["省军区司令员"], id="military"),
        pytest.param("省委常委、秘书长", ["省委常委", "秘书长"], id="bare-base"),
        pytest.param(" 省长 ", ["省长"], id="whitespace"),
    ],
)
def test_split_title_run(text: str, titles: list[str]) -> None:
    assert split_title_run(text) == titles


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("领导", id="leader"),
        pytest.param("省领导", id="province-leaders"),
        pytest.param("会议", id="meeting"),
        pytest.param("委员会", id="committee"),
        pytest.param("主要负责同志", id="responsible-comrades"),
        pytest.param("景俊海", id="a-name"),
        pytest.param("省委书记景俊海", id="title-and-name"),
        pytest.param("主持召开", id="verb"),
        pytest.param("会议强调要加强指挥部总指挥", id="clause-ending-in-title"),
        pytest.param("、", id="separator-only"),
    ],
)
def test_not_a_title_run(text: str) -> None:
    assert split_title_run(text) is None


@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        pytest.param("11月26日,省委副书记、省长韩俊出席会议", "韩俊", ("省委副书记", "省长"), id="after-comma"),
        pytest.param("省委书记景俊海主持", "景俊海", ("省委书记",), id="text-start"),
        pytest.param(
            "市委副书记,、市长,、领导小组组长彭映梅对下一阶段",
            "彭映梅",
            ("市委副书记", "市长", "领导小组组长"),
            id="doubled-punctuation",
        ),
        pytest.param("省长许昆林,省政协主席张义珍出席", "张义珍", ("省政协主席",), id="second-person"),
        pytest.param("会议由副省长王某某主持", "王某某", ("副省长",), id="after-preposition"),
        pytest.param("市委书记马明龙,市委副书记、市长徐曙海", "徐曙海", ("市委副书记", "市长"), id="comma-then-titles"),
    ],
)
def test_title_run_before(text: str, name: str, titles: tuple[str, ...]) -> None:
    end = text.index(name)
    run = title_run_before(text, end)
    assert run is not None
    assert run.titles == titles
    assert run.end == end and text[run.start : run.end] == run.text
    assert [text[s:e] for s, e in run.spans] == list(titles)
    assert match_title_suffix(text, end) == run.start


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("黄建盛、陈海波出席", "陈海波", id="name-list"),
        pytest.param("他强调,韩俊指出", "韩俊", id="verb-before"),
        pytest.param("韩俊出席", "韩俊", id="text-start"),
    ],
)
def test_no_title_run_before(text: str, name: str) -> None:
    assert title_run_before(text, text.index(name)) is None
    assert match_title_suffix(text, text.index(name)) is None


def test_title_run_after() -> None:
    text = "韩俊省长、景俊海书记"
    run = title_run_after(text, 2)
    assert run is not None and run.titles == ("省长",)


@pytest.mark.parametrize(
    "word",
    ["书记", "副书记", "省长", "副省长", "常务副市长", "县长", "区长", "州长", "主席", "副主席",
     "主任", "部长", "秘书长", "组长", "副组长", "指挥长", "副指挥长", "总指挥", "常委", "委员",
     "厅长", "局长", "政委", "司令员", "院长", "检察长", "一级巡视员", "省纪委书记", "省监委主任",
     "县委书记", "区委副书记", "州长", "市政协副主席", "省委组织部部长", "省委宣传部部长"],
)
def test_is_title(word: str) -> None:
    assert is_title(word)


TITLES = ["省委书记", "省长", "副省长", "市委副书记", "省政协主席", "领导小组组长", "省人大常委会主任",
          "市委统战部部长", "省疫情防控指挥部总指挥", "县长", "省委常委", "常务副市长"]


@given(st.lists(st.sampled_from(TITLES), min_size=1, max_size=5), st.sampled_from(["、", ",", ",、", "，"]))
def test_joined_titles_split_back(titles: list[str], sep: str) -> None:
    assert split_title_run(sep.join(titles)) == titles
