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


def test_participant_without_listed_surname_speaks_later_by_name(doc_from) -> None:
    """A name the surname list does not vouch for (a Mongolian name), read once after its
    title, is taken again when it opens a later sentence alone."""
    text = ("2月3日,盟委书记、盟指挥部总指挥朝鲁门主持召开盟疫情防控指挥部调度会。\n"
            "朝鲁门指出,要继续强化联防联控,集中力量做好物资保障。")
    [meeting] = parse(doc_from(text)).meetings
    assert meeting.chair == "朝鲁门"
    said = [(d.speaker_name, d.text) for d in meeting.directives]
    assert ("朝鲁门", "要继续强化联防联控,集中力量做好物资保障") in said
