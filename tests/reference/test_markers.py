"""Policy markers and year inference: agreeing markers give a year, nothing else does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.reference import infer_year, markers_in, policy_markers


def test_table_loads_with_sources() -> None:
    markers = policy_markers()
    assert len(markers) >= 30
    for m in markers:
        assert m.source and m.note
        assert m.valid_to is None or m.valid_from <= m.valid_to
        assert 1 <= m.valid_from[1] <= 12


@pytest.mark.parametrize(
    ("text", "month", "year", "markers"),
    [
        pytest.param("坚决执行第九版防控方案和二十条优化措施", 11, 2022, ["第九版防控方案", "二十条"], id="agreeing"),
        pytest.param("坚持动态清零", 3, 2022, ["动态清零"], id="one-marker-one-year"),
        pytest.param("坚持动态清零", 10, None, ["动态清零"], id="one-marker-two-years"),
        pytest.param("防范德尔塔变异株", 8, 2021, ["德尔塔"], id="delta-august"),
        pytest.param("德尔塔和第九版防控方案", 11, None, ["第九版防控方案", "德尔塔"], id="conflicting"),
        pytest.param("第九版防控方案", 3, None, ["第九版防控方案"], id="month-outside-window"),
        pytest.param("新冠肺炎疫情防控", 8, None, ["新冠肺炎"], id="long-window"),
        pytest.param("部署疫情防控工作", 11, None, [], id="no-marker"),
        pytest.param("依照第二十条规定", 11, None, [], id="article-twenty-is-not-a-marker"),
        pytest.param("推动社会面清零,落实优化防控20条措施", 11, 2022, ["二十条", "动态清零"], id="twenty-measures-in-digits"),
        pytest.param("依照第20条规定", 11, None, [], id="article-20-is-not-a-marker"),
        pytest.param("新型冠状病毒感染的肺炎疫情", 1, 2020, ["新型冠状病毒感染的肺炎"], id="early-name"),
        pytest.param("落实新十条", 12, 2022, ["新十条"], id="new-ten"),
        pytest.param("做好14+7隔离管控", None, None, ["14+7"], id="no-month-two-years"),
        pytest.param("奥密克戎", 12, None, ["奥密克戎"], id="open-window"),
        pytest.param("奥密克戎变异株和德尔塔", 12, 2021, ["德尔塔", "奥密克戎"], id="overlap-of-two"),
    ],
)
def test_infer_year(text: str, month: int | None, year: int | None, markers: list[str]) -> None:
    assert infer_year(text, month) == (year, markers)


def test_renamed_disease_does_not_match_its_old_name() -> None:
    names = [m.marker for m in markers_in("新型冠状病毒感染的肺炎")]
    assert "新型冠状病毒感染" not in names


@given(st.lists(st.sampled_from([m.marker for m in policy_markers()]), max_size=4), st.integers(1, 12))
def test_inferred_year_lies_in_every_window(names: list[str], month: int) -> None:
    table = {m.marker: m for m in policy_markers()}
    text = "。".join(names)
    year, found = infer_year(text, month)
    if year is not None:
        assert found
        for name in found:
            lo, hi = table[name].window
            assert lo <= (year, month) <= hi
