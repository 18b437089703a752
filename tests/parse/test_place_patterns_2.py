"""More place shapes, on invented reports (invented officials, divisions chosen outside the
annotated articles): our own city as a branch venue, a province run into the city of a
title, and region words that are also short names of districts."""

from __future__ import annotations

import pytest

from etl.parse import parse


def _places(text: str, doc_from, seq: int = 0) -> dict[str, str]:
    return {loc.name: loc.role for loc in parse(doc_from(text)).meetings[seq].locations}


def test_own_city_branch_venue_from_the_site_footer(doc_from):
    text = ("1月8日上午,省委书记王建国主持召开全省疫情防控工作视频会议。王建国强调,要压实属地责任。\n"
            "赵志强、李明华在我市分会场参加会议。\n版权所有 郴州日报社\n")
    assert _places(text, doc_from).get("郴州市") == "branch_venue"


def test_own_county_branch_venue_needs_a_home_county(doc_from):
    text = ("1月8日上午,省委书记王建国主持召开全省疫情防控工作视频会议。王建国强调,要压实属地责任。\n"
            "赵志强、李明华在我县分会场参加会议。\n版权所有 郴州日报社\n")
    assert "郴州市" not in _places(text, doc_from)


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        pytest.param("3月2日,省委书记王建国主持召开全省疫情防控工作会议。国务院联防联控机制综合组赴湖南郴州工作组组长"
                     "李明华在郴州分会场出席会议。\n", {"湖南省"}, {"郴州市"}, id="province-run-into-the-city-of-a-title"),
        pytest.param("3月2日,市委书记王建国主持召开全市疫情防控工作会议。赵志强、李明华、安仁杰等与会同志参加。\n",
                     {"安仁县"}, set(), id="person-in-a-list-opening-with-a-county-short-name"),
        pytest.param("3月2日,市委书记王建国主持召开全市疫情防控工作会议,宜章、安仁等县出现病例。\n",
                     set(), {"安仁县", "宜章县"}, id="county-short-names-in-a-list-stay"),
        pytest.param("3月2日,市委书记王建国主持召开全市疫情防控工作会议,要求加强江南文化、河西走廊研究。\n",
                     {"江南区", "河西区"}, set(), id="region-words-are-no-places"),
    ],
)
def test_places_skipped(text, absent, present, doc_from):
    found = _places(text, doc_from)
    assert not absent & set(found) and present <= set(found)


@pytest.mark.parametrize(
    ("text", "city"),
    [
        pytest.param("11月2日,市疫情防控领导小组召开会议。市委书记王建国主持会议并讲话。"
                     "会议指出,当前郴州面临防输入的巨大压力,要压实属地责任。\n", "郴州市", id="only-city-named-is-its-own"),
        pytest.param("11月2日,市疫情防控领导小组召开会议。市委书记王建国主持会议并讲话。"
                     "会议指出,郴州、娄底等地出现病例,要压实属地责任。\n", None, id="two-cities-named-settle-none"),
    ],
)
def test_city_meeting_naming_one_city(text, city, doc_from):
    assert parse(doc_from(text)).meetings[0].city == city


def test_county_named_only_in_the_headline_name_is_the_venue(doc_from):
    text = ("宜章县疫情防控指挥部会商会召开\n"
            "4月8日晚,县委书记李明华主持召开县疫情防控指挥部会商会,安排部署工作。李明华强调,要加快疫苗接种。\n")
    meeting = parse(doc_from(text)).meetings[0]
    assert (meeting.province, {loc.name for loc in meeting.locations}) == ("湖南省", {"宜章县"})


def test_follow_up_is_held_at_the_branch_venue_before(doc_from):
    text = ("4月22日,全市疫情防控工作会议召开,郴州市北湖区设分会场组织收听收看。区委书记王建国、区长李明华参加会议。\n"
            "视频会议后,就贯彻落实会议精神,王建国强调,要压实属地责任。\n")
    first, second = parse(doc_from(text)).meetings
    assert first.locations and {loc.name: loc.role for loc in first.locations}["北湖区"] == "branch_venue"
    assert {loc.name: loc.role for loc in second.locations}.get("北湖区") == "venue"


@pytest.mark.parametrize(
    ("text", "level", "province"),
    [
        pytest.param("北京日报讯 9月1日,市委书记李明华主持召开市疫情防控工作领导小组会议,北京市各区设分会场。\n",
                     "province", "北京市", id="municipality-leading-group-is-provincial"),
        pytest.param("杭州日报讯 9月1日,市委书记李明华主持召开市疫情防控工作领导小组会议,杭州市各区设分会场。\n",
                     "city", "浙江省", id="prefecture-city-leading-group-stays-city"),
    ],
)
def test_municipality_bodies_are_provincial(text, level, province, doc_from):
    [meeting] = parse(doc_from(text)).meetings
    assert (meeting.level, meeting.province) == (level, province)
