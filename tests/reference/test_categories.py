"""Directive categories and their OxCGRT indicators."""

from __future__ import annotations

import pytest

from etl.reference import categorise, categorise_with_evidence, directive_categories

TAXONOMY = [
    "testing", "contact_tracing", "isolation_quarantine", "vaccination", "travel_border",
    "gatherings_events", "schools_workplaces", "medical_treatment", "supplies_livelihoods",
    "accountability_inspection", "publicity", "economy_production",
]


def test_taxonomy() -> None:
    cats = directive_categories()
    assert [c.code for c in cats] == TAXONOMY
    by_code = {c.code: c for c in cats}
    assert by_code["testing"].oxcgrt == "H2"
    assert by_code["contact_tracing"].oxcgrt == "H3"
    assert by_code["vaccination"].oxcgrt == "H7"
    assert by_code["travel_border"].oxcgrt == "C8"
    assert by_code["gatherings_events"].oxcgrt == "C4"
    assert by_code["schools_workplaces"].oxcgrt == "C1"
    assert all(c.keywords for c in cats)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("进一步提高核酸检测质量、转运隔离效率、医疗救治能力",
                     ["testing", "isolation_quarantine", "medical_treatment"], id="three"),
        pytest.param("更加快速精准做好流调溯源、密接判定", ["contact_tracing"], id="tracing"),
        pytest.param("加快推进老年人疫苗接种", ["vaccination"], id="vaccination"),
        pytest.param("坚持外防输入、内防反弹", ["travel_border"], id="border"),
        pytest.param("原则上不召开大型会议,一律取消团拜会、年会", ["gatherings_events"], id="gatherings"),
        pytest.param("切实满足群众基本生活需求", ["supplies_livelihoods"], id="livelihoods"),
        pytest.param("压紧压实四方责任", ["accountability_inspection"], id="accountability"),
        pytest.param("要引导群众积极配合防疫", ["publicity"], id="publicity"),
        pytest.param("积极支持重点企业正常有序运转", ["economy_production"], id="economy"),
        pytest.param("要做好学校疫情防控", ["schools_workplaces"], id="schools"),
        pytest.param("深刻领悟两个确立的决定性意义", [], id="none"),
    ],
)
def test_categorise(text: str, expected: list[str]) -> None:
    assert categorise(text) == expected


def test_evidence_names_the_keywords() -> None:
    assert categorise_with_evidence("核酸检测") == [("testing", ["核酸", "检测"])]
