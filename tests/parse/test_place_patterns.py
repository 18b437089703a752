"""Level, format and places of a meeting: invented reports (invented officials, divisions
chosen outside the seed and dev articles) in the shapes real reports use."""

from __future__ import annotations

import pytest

from etl.parse import levels, parse
from etl.reference.places import find_places


def _meeting(text: str, doc_from, seq: int = 0):
    return parse(doc_from(text)).meetings[seq]


def _places(text: str, doc_from, seq: int = 0) -> dict[str, str]:
    return {loc.name: loc.role for loc in _meeting(text, doc_from, seq).locations}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        pytest.param("3月2日,省委书记王建国主持召开全省疫情防控工作会议。省委常委、郴州市委书记李明华,"
                     "郴州市市长赵志强出席会议。\n",
                     {"郴州市"}, set(), id="place-inside-title"),
        pytest.param("3月2日,省委书记王建国主持召开全省疫情防控工作会议。国务院联防联控机制综合组赴天津工作组组长"
                     "李明华出席会议。\n",
                     {"天津市"}, set(), id="place-inside-task-force-title"),
        pytest.param("5月4日,省委书记王建国主持召开全省疫情防控工作会议。郴州市代市长李明华出席会议并讲话。\n",
                     {"郴州市"}, set(), id="place-inside-acting-title"),
        pytest.param("3月2日,省委书记王建国主持召开全省疫情防控工作会议。据潍坊日报报道,郴州等地出现输入病例。\n",
                     {"潍坊市"}, {"郴州市"}, id="outlet-name-is-not-a-place-of-the-meeting"),
        pytest.param("3月2日,省委书记王建国主持召开全省疫情防控工作会议,郴州等地出现输入病例。\n"
                     "关键词: 寿光二手房 临朐房价\n",
                     {"寿光市", "临朐县"}, {"郴州市"}, id="chrome-line-places-skipped"),
        pytest.param("3月2日,市委书记王建国主持召开全市疫情防控工作会议。市领导高阳、李明华,市政府秘书长武强等出席。\n",
                     {"高阳县", "武强县"}, set(), id="person-name-after-label-or-title"),
    ],
)
def test_places_skipped_in_titles_outlets_and_chrome(text, absent, present, doc_from):
    names = set(_places(text, doc_from))
    assert not names & absent
    assert present <= names


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        pytest.param("进度滞后的黄沙镇、石桥乡分别作了表态发言", ["黄沙镇", "石桥乡"], id="town-list"),
        pytest.param("会后,王建国深入城南街道调研", ["城南街道"], id="town-after-lead-verb"),
        pytest.param("宜章县黄沙镇出现一例阳性", ["黄沙镇"], id="town-after-county"),
        pytest.param("各乡镇、街道要压实责任,推进新型城镇化,镇长要带头", [], id="no-town-in-common-words"),
    ],
)
def test_towns(text, towns):
    assert [m.as_written for m in find_places(text) if m.kind == "town"] == towns


def test_towns_are_locations(doc_from):
    text = "6月20日,我县召开新冠病毒疫苗接种工作推进会。进度滞后的黄沙镇、石桥乡分别作了表态发言。\n"
    assert {"黄沙镇", "石桥乡"} <= set(_places(text, doc_from))


@pytest.mark.parametrize(
    ("text", "venue", "level"),
    [
        pytest.param("来源:郴州日报\n11月2日晚,我市立即召开疫情防控工作领导小组会议。省委常委、市委书记王建国主持会议。\n",
                     "郴州市", "city", id="home-city-from-source-line"),
        pytest.param("首页 >> 宜章头条\n我县召开疫情防控工作会议\n12月1日,我县召开疫情防控工作会议,县委书记王建国主持会议。\n",
                     "宜章县", "county", id="home-county-from-site-chrome"),
        pytest.param("首页 >> 苏仙头条\n12月1日,我区召开疫情防控工作会议,区委书记王建国主持会议。\n",
                     "苏仙区", "county", id="home-district-our-district"),
        pytest.param("郴州在线-宜章新闻网2月1日讯 昨天晚上,我县召开疫情防控工作领导小组会议。县委书记王建国讲话。\n",
                     "宜章县", "county", id="home-county-not-the-city-in-outlet"),
        pytest.param("11月4日上午,市委召开常委会(扩大)会议,研究部署疫情防控工作。市委书记王建国主持会议。\n"
                     "来源:郴州广播电视台\n",
                     "郴州市", "city", id="bare-city-committee-holds-at-home"),
        pytest.param("2月14日晚,郴州市人大常委会副主任、资兴市委书记王建国主持召开市委常委会会议,研究疫情防控工作。\n",
                     "资兴市", "city", id="venue-from-chair-title"),
        pytest.param("3月13日凌晨,省委常委、郴州市委书记王建国立即召开市疫情防控指挥部会议,研究处置工作。\n",
                     "郴州市", "city", id="venue-from-holder-titles-before-verb"),
        pytest.param("5月9日,宜章县召开全县疫情防控工作会议,县委书记王建国主持会议。\n",
                     "宜章县", "county", id="venue-from-holding-place"),
    ],
)
def test_home_venue(text, venue, level, doc_from):
    m = _meeting(text, doc_from)
    assert m.level == level
    assert _places(text, doc_from).get(venue) == "venue"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        pytest.param("北京市委常委会", "province", id="municipality-committee-is-province"),
        pytest.param("资兴市委常委会", "city", id="county-level-city-committee-is-city"),
        pytest.param("宜章县疫情防控指挥部", "county", id="county-body-with-place"),
        pytest.param("郴州疫情防控调度会", "city", id="short-place-name-level"),
        pytest.param("全旗疫情防控调度视频会", "county", id="banner-wide"),
        pytest.param("自治州疫情防控指挥部", "city", id="autonomous-prefecture"),
        pytest.param("自治县疫情防控指挥部", "county", id="autonomous-county"),
    ],
)
def test_body_level(text, level):
    assert levels.body_level(text) == level


@pytest.mark.parametrize(
    ("chair", "organiser", "name", "before", "level"),
    [
        pytest.param(["省委常委", "市委书记"], None, "疫情防控工作领导小组会议", "", "city",
                     id="chair-lowest-title-level"),
        pytest.param([], None, "电视电话会议", "3月24日,省疫情防控指挥办", "province", id="body-before-hold-verb"),
        pytest.param(["省委书记"], None, "市(州)、县(市、区)疫情防控视频会议", "", "province",
                     id="listed-levels-convened-higher"),
        pytest.param([], None, "省、市疫情防控视频会", "", "province", id="listed-levels-highest"),
        pytest.param(["省委常委", "市委书记"], None, "疫情防控会议", "省委常委、市委书记王建国立即主持",
                     "city", id="chair-before-verb-not-a-body"),
        pytest.param([], None, "各区视频调度会", "省委常委、郴州市委书记王建国立即", "city",
                     id="holder-titles-before-verb"),
    ],
)
def test_meeting_level(chair, organiser, name, before, level):
    assert levels.meeting_level(chair, organiser, name, before, []) == level


def test_first_speaker_titles_when_no_chair():
    assert levels.meeting_level([], None, "会议", "", ["省委常委", "市委书记"]) == "city"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        pytest.param("7月11日,省疫情防控指挥部口岸疫情防控工作电视电话会议在某地召开。会议以视频形式举行,设分会场。\n",
                     "video", id="stated-form-beats-name"),
        pytest.param("2月5日晚,县疫情防控工作领导小组召开会议,视频连线各乡镇,对防控工作进行再部署。\n",
                     "video", id="form-in-the-clause-after-the-hold-verb"),
        pytest.param("2月5日晚,县疫情防控工作领导小组召开会议,研究部署视频会议系统建设。\n",
                     None, id="form-word-later-in-the-next-clause-is-not-the-form"),
        pytest.param("12月20日,在省、市疫情防控工作视频会后,我县召开疫情防控工作会,县委书记王建国主持会议。\n",
                     None, id="relayed-video-meeting-in-lead"),
        pytest.param("11月15日下午,市委书记王建国主持召开全市疫情防控工作电视会议。\n",
                     "teleconference", id="television-meeting"),
        pytest.param("3月1日,全省疫情防控视频会议召开后,我县立即召开疫情防控工作会议,县委书记王建国主持会议。\n",
                     None, id="relayed-meeting-clause-with-hold-verb"),
        pytest.param("3月1日,县委书记王建国在隔离点现场召开疫情防控调度会。\n", "onsite", id="held-on-site"),
        pytest.param("3月1日,县委书记王建国主持召开疫情防控工作电话会议。\n", "teleconference", id="telephone-meeting"),
    ],
)
def test_meeting_format(text, fmt, doc_from):
    assert _meeting(text, doc_from).format == fmt


def test_county_meeting_takes_its_named_city(doc_from):
    text = ("首页 >> 宜章头条\n12月1日,我县召开疫情防控工作会议,县委书记王建国主持会议,传达学习郴州市疫情防控会议精神。\n")
    m = _meeting(text, doc_from)
    assert (m.level, m.city) == ("county", "郴州市")
    unnamed = _meeting(text.replace("郴州市", "全市"), doc_from)
    assert (unnamed.level, unnamed.city) == ("county", None)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("要加快新建方舱医院,加强商城、超市等场所管控", id="common-words-tagged-as-places"),
        pytest.param("确保社会安宁,人民安居乐业", id="common-words-peace"),
    ],
)
def test_common_words_are_not_places(text):
    assert [m.as_written for m in find_places(text) if m.kind == "division"] == []


def test_footer_spam_is_not_the_home_place(doc_from):
    text = "12月1日,我县召开疫情防控工作会议,县委书记王建国主持会议。\n关键词: 临朐房价 寿光二手房\n"
    assert _places(text, doc_from) == {}
