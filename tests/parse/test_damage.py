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
