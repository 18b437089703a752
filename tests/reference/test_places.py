"""find_places: divisions by full/short name, abbreviations in patterns, special zones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reference import find_places


def found(text: str, province_hint: str | None = None) -> list[tuple[str, str, str]]:
    return [(m.as_written, m.name, m.kind) for m in find_places(text, province_hint)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "全省各地特别是松原、长春等重点地区",
            [("松原", "松原市", "division"), ("长春", "长春市", "division")],
            id="short-city-names",
        ),
        pytest.param(
            "各市(州)、长白山保护开发区、梅河新区和省直有关部门",
            [("长白山保护开发区", "长白山保护开发区", "zone"), ("梅河新区", "梅河新区", "zone")],
            id="zones-with-unresolved-stems",
        ),
        pytest.param(
            "长沙高新区和西咸新区",
            [("长沙高新区", "长沙高新区", "zone"), ("西咸新区", "西咸新区", "zone")],
            id="zone-with-division-stem",
        ),
        pytest.param("推进滨海新区建设", [("滨海新区", "滨海新区", "division")], id="zone-like-division"),
        pytest.param("省外返湘人员", [("湘", "湖南省", "division")], id="abbreviation-pattern"),
        pytest.param("湘籍务工人员", [("湘", "湖南省", "division")], id="abbreviation-suffix-pattern"),
        pytest.param("湘江风光带", [], id="abbreviation-alone-is-not-a-place"),
        pytest.param("出台政策", [], id="abbreviation-exception"),
        pytest.param("在新冠肺炎疫情防控中", [], id="abbreviation-exception-xin"),
        pytest.param("长春藤", [], id="short-name-inside-a-word"),
        pytest.param("大同小异", [], id="city-short-name-inside-an-idiom"),
        pytest.param("大同、朔州", [("大同", "大同市", "division"), ("朔州", "朔州市", "division")], id="city-short-name-that-is-a-word"),
        pytest.param("会议于长春召开", [("长春", "长春市", "division")], id="after-function-char"),
        pytest.param("黄建盛、张安顺、王永康出席", [], id="city-names-inside-person-names"),
        pytest.param("会议在哈尔滨市召开", [("哈尔滨市", "哈尔滨市", "division")], id="full-name"),
        pytest.param("和平发展", [], id="common-word-short-name"),
        pytest.param("全国国家级新区", [], id="zone-with-generic-stem"),
        pytest.param("在镇江分会场收看", [("镇江", "镇江市", "division")], id="branch-venue"),
        pytest.param("雄安新区", [("雄安新区", "雄安新区", "zone")], id="zone-hides-county-short-name"),
        pytest.param(
            "郑州航空港经济综合实验区",
            [("郑州航空港经济综合实验区", "郑州航空港经济综合实验区", "zone")],
            id="zone-after-division-multichar-stem",
        ),
        pytest.param(
            "延边州、伊犁州",
            [("延边州", "延边朝鲜族自治州", "division"), ("伊犁州", "伊犁哈萨克自治州", "division")],
            id="prefecture-short-forms",
        ),
        pytest.param(
            "广州市白云区",
            [("广州市", "广州市", "division"), ("白云区", "白云区", "division")],
            id="district-full-name",
        ),
        pytest.param("在京务工人员", [("京", "北京市", "division")], id="beijing-abbreviation"),
    ],
)
def test_find_places(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_zone_inside_its_division() -> None:
    (zone,) = [m for m in find_places("长沙高新区") if m.kind == "zone"]
    assert zone.division is not None and zone.division.name == "长沙市"
    assert zone.name == "长沙高新区" and zone.level == "zone" and zone.code is None
    assert zone.province == "湖南省"


def test_zone_after_division() -> None:
    (zone,) = find_places("长春净月高新区")
    assert zone.kind == "zone" and zone.as_written == "长春净月高新区"
    assert zone.division is not None and zone.division.name == "长春市"


def test_ambiguous_name_follows_the_province_of_the_text() -> None:
    text = "吉林省长春市、朝阳区"
    chaoyang = [m for m in find_places(text) if m.as_written == "朝阳区"][0]
    assert chaoyang.division is not None and chaoyang.division.province == "吉林省"
    assert len(chaoyang.candidates) > 1


def test_province_hint() -> None:
    (m,) = find_places("朝阳区", province_hint="北京市")
    assert m.division is not None and m.division.code == "110105"


def test_match_fields() -> None:
    text = "会议在长沙召开"
    (m,) = find_places(text)
    assert m.span.of(text) == m.as_written == "长沙"
    assert (m.form, m.code, m.level, m.province) == ("short", "430100", "city", "湖南省")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="长春吉林省市松原梅河新区开发高湘返入在的和、,会议召开", max_size=30))
def test_matches_are_ordered_and_disjoint(text: str) -> None:
    matches = find_places(text)
    for m in matches:
        assert m.span.of(text) == m.as_written
    for a, b in zip(matches, matches[1:]):
        assert a.span.end <= b.span.start
