"""Damaged text (unrestored mojibake, U+FFFD) never reaches an extracted field."""

from __future__ import annotations

import pytest

from etl.normalise import normalise
from etl.parse import parse


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "3月2日,省委书记欧阳明远主持召开全省疫情防控工作会议。他强调,要加强核酸检测。要做好\ufffd离工作。要压实四方责任。",
            id="replacement-char-in-directive",
        ),
    ],
)
def test_damaged_clause_is_left_out_and_recorded(text: str) -> None:
    doc = normalise(text)
    parsed = parse(doc)
    directives = [d for m in parsed.meetings for d in m.directives]
    assert directives, "the undamaged directives are kept"
    assert all("\ufffd" not in d.text for d in directives)
    assert [d.seq for d in directives] == list(range(1, len(directives) + 1))
    assert any(f.kind == "damaged_text_left_out" for f in parsed.findings)


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        pytest.param(
            "3月2日,省委书记欧阳明远主持召开全省疫情防控工作会议。会议强调,要加强重大活动的疫情防控管理,"
            "完善进口冷链食品的疫情防控\ufffd管,深化对乡镇卫生院的检查指导。",
            "要加强重大活动的疫情防控管理", "冷链", id="damage-in-a-later-clause-keeps-the-head",
        ),
        pytest.param(
            "3月2日,省委书记欧阳明远主持召开全省疫情防控工作会议。会议强调,要做\ufffd,"
            "加强重点人群的核酸检测和健康监测,落实落细各项防控措施。",
            "加强重点人群的核酸检测和健康监测,落实落细各项防控措施", "要做", id="damage-in-a-short-head-keeps-the-rest",
        ),
    ],
)
def test_directive_keeps_its_undamaged_clauses(text: str, kept: str, gone: str) -> None:
    doc = normalise(text)
    parsed = parse(doc)
    directives = [d for m in parsed.meetings for d in m.directives]
    assert any(d.text == kept for d in directives), [d.text for d in directives]
    for d in directives:
        assert "\ufffd" not in d.text and gone not in d.text
        assert doc.text[d.span.start : d.span.end] == d.text
    assert any(f.kind == "damaged_text_left_out" for f in parsed.findings)


def test_directive_with_nothing_undamaged_left_is_dropped() -> None:
    text = "3月2日,省委书记欧阳明远主持召开全省疫情防控工作会议。会议强调,要做好\ufffd离工作。要压实四方责任。"
    parsed = parse(normalise(text))
    directives = [d.text for m in parsed.meetings for d in m.directives]
    assert all("离工作" not in d for d in directives)
    assert any(f.kind == "damaged_text_left_out" and "directive left out" in f.message for f in parsed.findings)
