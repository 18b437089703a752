"""Unit tables for the parse helpers: numerals, dates, meeting names, clauses, subjects."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse import directives, meetings, people
from etl.parse.dates import find_dates
from etl.parse.layout import Line
from etl.parse.text import cn_to_int, comma_parts, list_items, sentences
from etl.spans import Span


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("十二", 12, id="twelve"),
        pytest.param("二十一", 21, id="twenty-one"),
        pytest.param("十", 10, id="ten"),
        pytest.param("一百零五", 105, id="hundred-five"),
        pytest.param("二〇二二", 2022, id="year-digits"),
        pytest.param("7", 7, id="arabic"),
        pytest.param("第", None, id="not-a-number"),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("11月26日,省委", [(None, 11, 26, None, False)], id="month-day"),
        pytest.param("7日上午,", [(None, None, 7, "上午", False)], id="day-morning"),
        pytest.param("湖南日报3月19日讯(", [(None, 3, 19, None, True)], id="dateline"),
        pytest.param("2022年3月19日晚召开", [(2022, 3, 19, "晚", False)], id="full-evening"),
        pytest.param("十一月五日下午", [(None, 11, 5, "下午", False)], id="chinese-numerals"),
        pytest.param("第一时间、24小时值守", [], id="no-date"),
        pytest.param("今日镇江讯", [], id="today-is-not-a-date"),
    ],
)
def test_find_dates(text, expected):
    got = [(d.year, d.month, d.day, d.time_of_day, d.dateline) for d in find_dates(text, Span(0, len(text)))]
    assert got == expected


def _mentions(text: str, kind: str = "body"):
    return meetings.find_mentions(text, [Line(Span(0, len(text)), kind)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("主持召开省疫情防控领导小组(扩大)会议,对工作再部署。", ["省疫情防控领导小组(扩大)会议"], id="enlarged"),
        pytest.param("主持召开市委常委会会议,传达学习省委常委会会议精神。", ["市委常委会会议"], id="relay-spirit"),
        pytest.param("我市迅速召开续会提出明确要求。", ["续会"], id="follow-up"),
        pytest.param("召开全省疫情防控工作会议暨春运工作部署会,部署工作。", ["全省疫情防控工作会议暨春运工作部署会"], id="joint"),
        pytest.param("在全国电视电话会议之后,我省立即召开全省视频调度会,部署。", ["全省视频调度会"], id="relay-after"),
        pytest.param("市指挥部召开第三次会议,研究工作。", ["市指挥部第三次会议"], id="generic-composed"),
        pytest.param("全省疫情防控工作会议在合肥召开,省长出席。", ["全省疫情防控工作会议"], id="located"),
        pytest.param("省疫情防控工作领导小组会议3日在西宁召开。", ["省疫情防控工作领导小组会议"], id="located-dated"),
        pytest.param("原则上不召开大型会议,一律取消团拜会。", [], id="negated"),
        pytest.param("要及时召开专题会议研究部署。", [], id="instruction"),
        pytest.param("召开全市社会面管控工作会议。", ["全市社会面管控工作会议"], id="society-is-not-meeting"),
    ],
)
def test_meeting_names(text, names):
    assert [m.name for m in _mentions(text)] == names


def test_spoken_headline_mention():
    got = _mentions("甲乙丙在全省疫情防控工作电视电话会上强调", "headline")
    assert [(m.kind, m.name) for m in got] == [("spoken", "全省疫情防控工作电视电话会")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("要坚持统筹,实施体系,落实措施。要耐心做好服务。", ["要坚持统筹,实施体系,落实措施", "要耐心做好服务"],
                     id="sentences"),
        pytest.param("坚持抓早抓小,打好阻击战;坚持落细落实,打好主动战", ["坚持抓早抓小,打好阻击战", "坚持落细落实,打好主动战"],
                     id="semicolons"),
        pytest.param("认识要再深化,要强化管控,加强排查", ["认识要再深化", "要强化管控,加强排查"], id="opener-after-comma"),
        pytest.param("主要负责同志要带头,补齐短板", ["主要负责同志要带头,补齐短板"], id="false-friend-first"),
    ],
)
def test_clauses(text, expected):
    assert [c.of(text) for c in directives.clauses(text, Span(0, len(text)))] == expected


@pytest.mark.parametrize(
    ("clause", "is_directive"),
    [
        pytest.param("要提高核酸检测流调质效", True, id="modal"),
        pytest.param("科学划定高风险区域,做好封闭管控工作", True, id="verb-cue"),
        pytest.param("当前,我省疫情防控形势严峻复杂", False, id="assessment"),
        pytest.param("我市目前疫情防控态势总体稳定", False, id="situation"),
        pytest.param("全省上下必须同心抗疫", True, id="must"),
        pytest.param("为我们做好当前工作提供了根本遵循", False, id="narrative-with-cue"),
        pytest.param("这是重要举措", False, id="important-is-not-must"),
    ],
)
def test_is_instruction(clause, is_directive):
    assert directives.is_instruction(clause) is is_directive


def _subject(text: str):
    return people.parse_subject(text, Span(0, len(text)), people.NameRules())


@pytest.mark.parametrize(
    ("region", "kind", "persons"),
    [
        pytest.param("11月26日,省委书记王大明以视频形式", "persons", [("王大明", ["省委书记"])], id="date-then-titled"),
        pytest.param("省委副书记、省长李小红", "persons", [("李小红", ["省委副书记", "省长"])], id="title-run"),
        pytest.param("省领导陈建国、周海燕,省政府秘书长郑家明在主会场、某某分会场", "persons",
                     [("陈建国", []), ("周海燕", []), ("郑家明", ["省政府秘书长"])], id="group-label-and-venues"),
        pytest.param("市委副书记,、市长,、领导小组组长吴四对下一阶段工作", "persons",
                     [("吴四", ["市委副书记", "市长", "领导小组组长"])], id="doubled-punctuation"),
        pytest.param("黄一、陈二,其他现职副省级领导同志", "persons", [("黄一", []), ("陈二", [])], id="trailing-group"),
        pytest.param("高新区管委会主任张建国", "persons", [("张建国", ["高新区管委会主任"])], id="unknown-organ"),
        pytest.param("新区党工委书记、管委会主任李海", "persons", [("李海", ["新区党工委书记", "管委会主任"])],
                     id="unknown-organs-in-run"),
        pytest.param("省领导庞伟和苏敏", "persons", [("庞伟", []), ("苏敏", [])], id="joined-by-and"),
        pytest.param("省长王和平代表省政府", "persons", [("王和平", ["省长"])], id="and-inside-name"),
        pytest.param("他", "pronoun", [], id="pronoun"),
        pytest.param("会议", "meeting", [], id="meeting"),
        pytest.param("会上,各市主要负责同志", "none", [], id="only-groups"),
        pytest.param("严格落实常态化疫情防控", "none", [], id="narrative"),
    ],
)
def test_parse_subject(region, kind, persons):
    subject = _subject(region)
    assert subject.kind == kind
    assert [(p.name, [t.title for t in p.titles]) for p in subject.persons] == persons


def test_list_items_tolerate_doubled_marks():
    text = "甲,、乙、,丙、丁"
    assert [s.of(text) for s in list_items(text, Span(0, len(text)))] == ["甲", "乙", "丙", "丁"]
    assert [s.of(text) for s in comma_parts(text, Span(0, len(text)))] == [text]


_ALPHABET = st.sampled_from(list("省委书记长市县会议召开主持强调要,。、()“”甲乙丙出席参加日月12 \n?"))


@settings(max_examples=150, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_sentences_cover_only_their_text(text):
    for s in sentences(text, Span(0, len(text))):
        assert 0 <= s.start < s.end <= len(text)
        assert s.of(text).strip()
