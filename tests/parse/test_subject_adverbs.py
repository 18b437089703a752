"""An adverb of time between a subject and its verb (县长某某立即主持召开…) leaves the
subject in place: the chair and speaker are still the person named before it."""

from __future__ import annotations

import pytest

from etl.parse import parse


@pytest.mark.parametrize(
    "adverb",
    [pytest.param("立即", id="at-once"), pytest.param("随即", id="straight-after"),
     pytest.param("第一时间", id="first-moment")],
)
def test_chair_named_before_an_adverb_of_time(doc_from, adverb: str) -> None:
    text = (f"5月3日晚,县委副书记、县长赵志强{adverb}主持召开全县疫情防控工作会议。"
            "赵志强强调,要加强重点人员排查。")
    [meeting] = parse(doc_from(text)).meetings
    assert meeting.chair == "赵志强"
    [person] = meeting.attendees
    assert {r.role for r in person.roles} == {"chair", "speaker"}
    assert [t.title for t in person.titles] == ["县委副书记", "县长"]
