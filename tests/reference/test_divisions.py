"""Divisions table: loads, is complete, and resolves full, short and ambiguous names."""

from __future__ import annotations

import pytest

from etl.reference import (
    division_by_code,
    divisions,
    divisions_named,
    is_within,
    parent_of,
    province_of,
    resolve,
)


def test_every_division_has_code_level_province() -> None:
    all_divs = divisions()
    assert len(all_divs) > 3000
    for d in all_divs:
        assert len(d.code) == 6 and d.code.isdigit()
        assert d.level in {"province", "city", "county"}
        assert d.province.endswith(("省", "市", "自治区", "特别行政区"))
        assert d.name


def test_parents_exist_and_are_higher() -> None:
    rank = {"province": 0, "city": 1, "county": 2}
    for d in divisions():
        if d.level == "province":
            assert d.parent_code is None
            continue
        parent = parent_of(d)
        assert parent is not None, d
        assert rank[parent.level] < rank[d.level]
        assert parent.province == d.province


def test_placeholder_rows_are_dropped() -> None:
    names = {d.name for d in divisions()}
    assert not names & {"市辖区", "县", "省直辖县级行政区划"}


@pytest.mark.parametrize(
    ("name", "full", "level", "province"),
    [
        pytest.param("长春", "长春市", "city", "吉林省", id="short-city"),
        pytest.param("长春市", "长春市", "city", "吉林省", id="full-city"),
        pytest.param("湘", "湖南省", "province", "湖南省", id="abbreviation"),
        pytest.param("吉", "吉林省", "province", "吉林省", id="abbreviation-jilin"),
        pytest.param("吉林", "吉林省", "province", "吉林省", id="province-before-city"),
        pytest.param("吉林市", "吉林市", "city", "吉林省", id="full-name-city"),
        pytest.param("延边", "延边朝鲜族自治州", "city", "吉林省", id="autonomous-prefecture"),
        pytest.param("广西", "广西壮族自治区", "province", "广西壮族自治区", id="autonomous-region"),
        pytest.param("神农架", "神农架林区", "county", "湖北省", id="forest-district"),
        pytest.param("朝阳", "朝阳市", "city", "辽宁省", id="ambiguous-prefers-higher"),
        pytest.param("通化", "通化市", "city", "吉林省", id="city-before-county"),
        pytest.param("海南", "海南省", "province", "海南省", id="province-before-district"),
    ],
)
def test_resolve(name: str, full: str, level: str, province: str) -> None:
    d = resolve(name)
    assert d is not None
    assert (d.name, d.level, d.province) == (full, level, province)


@pytest.mark.parametrize(
    ("name", "hint", "code"),
    [
        pytest.param("朝阳", "北京市", "110105", id="beijing-chaoyang"),
        pytest.param("朝阳", "北京", "110105", id="hint-by-short-name"),
        pytest.param("朝阳区", "吉林省", "220104", id="changchun-chaoyang"),
        pytest.param("鼓楼区", "江苏省", "320106", id="nanjing-gulou"),
        pytest.param("西安", "吉林省", "220403", id="liaoyuan-xian-district"),
        pytest.param("西安", None, "610100", id="xian-city-without-hint"),
    ],
)
def test_resolve_with_hint(name: str, hint: str | None, code: str) -> None:
    d = resolve(name, hint)
    assert d is not None and d.code == code


def test_ambiguous_names_list_every_candidate() -> None:
    chaoyang = divisions_named("朝阳")
    assert len(chaoyang) >= 4
    assert chaoyang[0].level == "city"
    assert {d.province for d in chaoyang} >= {"北京市", "吉林省", "辽宁省"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("220100", "长春市", id="six-digit"),
        pytest.param("220100000000", "长春市", id="twelve-digit"),
        pytest.param("430000", "湖南省", id="province"),
        pytest.param("999999", None, id="unknown"),
    ],
)
def test_division_by_code(code: str, name: str | None) -> None:
    d = division_by_code(code)
    assert (d.name if d else None) == name


def test_within_and_province_of() -> None:
    nanguan = divisions_named("南关区")
    changchun = resolve("长春")
    assert changchun is not None
    assert any(is_within(d, changchun) for d in nanguan)
    assert province_of(changchun).name == "吉林省"
    assert changchun.longitude is not None and 120 < changchun.longitude < 130


def test_unknown_name() -> None:
    assert resolve("不存在的地方") is None
    assert divisions_named("") == []
