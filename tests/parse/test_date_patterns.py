"""Meeting dates and years on invented reports: publication datelines as the evidence
for the year, junk dates ignored, relative dates (昨天/今天), dates borrowed from an
earlier sentence or the article's own lead, and dated policy markers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from etl.parse import parse
from etl.parse.datelines import find_datelines, pick_dateline, year_of
from etl.parse.dates import find_dates, find_relative
from etl.parse.layout import Line
from etl.parse.meeting_dates import meeting_date
from etl.reference import infer_year
from etl.spans import Span


def _lines(text: str, headlines: int = 0) -> list[Line]:
    out, pos = [], 0
    for i, piece in enumerate(text.split("\n")):
        if piece:
            out.append(Line(Span(pos, pos + len(piece)), "headline" if i < headlines else "body"))
        pos += len(piece) + 1
    return out


def _date_of(text: str, lead: str, headlines: int = 0) -> tuple:
    """(month, day, year, text) of the meeting whose lead sentence is `lead`."""
    start = text.index(lead)
    anchor = start + re.search("召开|举行", lead).start()
    d = meeting_date(text, _lines(text, headlines), Span(start, start + len(lead)), anchor, None)
    return d.month, d.day, d.year, d.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("3 月 13 日凌晨,", [(None, 3, 13, "凌晨")], id="spaces-inside"),
        pytest.param("2022 年 3 月 5 日上午", [(2022, 3, 5, "上午")], id="spaces-with-year"),
        pytest.param("12月2日 下午,", [(None, 12, 2, "下午")], id="space-before-time-of-day"),
    ],
)
def test_find_dates_with_spaces(text, expected):
    assert [(d.year, d.month, d.day, d.time_of_day) for d in find_dates(text, Span(0, len(text)))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("昨天晚上,县委召开", [("昨天晚上", 1, "晚上")], id="yesterday-evening"),
        pytest.param("今天上午,区委书记王建国主持召开", [("今天上午", 0, "上午")], id="today-morning"),
        pytest.param("昨晚,市委召开", [("昨晚", 1, None)], id="last-night"),
        pytest.param("前天召开", [("前天", 2, None)], id="two-days-ago"),
        pytest.param("昨天下午3时,市委召开", [("昨天下午", 1, "下午")], id="yesterday-with-hour"),
        pytest.param("今日头条消息", [], id="outlet-name-is-not-a-date"),
    ],
)
def test_find_relative(text, expected):
    assert [(r.text, r.days_back, r.time_of_day) for r in find_relative(text, Span(0, len(text)))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2021-02-10 08:30  来源:本站", [("2021-02-10", True)], id="iso-with-time"),
        pytest.param("发布时间:2022-03-21", [("2022-03-21", True)], id="labelled"),
        pytest.param("东方日报    2020年04月29日", [("2020-04-29", False)], id="outlet-then-chinese-date"),
        pytest.param("日期:2021/8/2  点击:967", [("2021-08-02", True)], id="slashes"),
        pytest.param("发表于 2022-3-22 10:05", [("2022-03-22", True)], id="forum-post-time"),
        pytest.param("http://www.example.cn/2021/08/02/abc.html", [], id="inside-url"),
        pytest.param("图片 20210802.jpg", [], id="file-name"),
        pytest.param("2021年8月2日,市委召开常委会会议。", [], id="sentence-is-not-a-dateline"),
        pytest.param("新华社北京2021年8月3日电 市委召开会议,部署工作。", [("2021-08-03", True)], id="agency-dateline"),
    ],
)
def test_find_datelines(text, expected):
    got = [(d.date.isoformat(), d.cued) for d in find_datelines(text, _lines(text))]
    assert got == expected


JUNK_HEADER = "2025年07月09日 星期三 18:30:04\n我县召开疫情防控工作会议\n来源:本站 日期:2021/8/2\n"


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [
        pytest.param(8, 1, dt.date(2021, 8, 2), id="nearest-after-the-meeting"),
        pytest.param(None, None, dt.date(2021, 8, 2), id="labelled-when-no-date"),
        pytest.param(7, 8, dt.date(2025, 7, 9), id="header-when-it-fits"),
        pytest.param(2, 1, None, id="none-within-weeks"),
    ],
)
def test_pick_dateline_ignores_a_later_header_clock(month, day, expected):
    picked = pick_dateline(find_datelines(JUNK_HEADER, _lines(JUNK_HEADER)), month, day)
    assert (picked.date if picked else None) == expected


@pytest.mark.parametrize(
    ("published", "month", "day", "back", "year"),
    [
        pytest.param("发布时间:2021-01-02", 12, 30, 0, 2020, id="december-meeting-reported-in-january"),
        pytest.param("发布时间:2021-03-02", 1, 23, 0, 2021, id="earlier-month-same-year"),
        pytest.param("发布时间:2021-01-01", None, None, 1, 2020, id="yesterday-on-new-years-day"),
        pytest.param("发布时间:2021-05-06", None, None, 0, 2021, id="today"),
    ],
)
def test_year_of(published, month, day, back, year):
    (dateline,) = find_datelines(published, _lines(published))
    assert year_of(dateline, month, day, back) == year


@pytest.mark.parametrize(
    ("text", "lead", "headlines", "expected"),
    [
        pytest.param(
            "发布时间:2021-12-22\n12月20日,市委书记王建国主持召开市委常委会会议,研究部署疫情防控工作。",
            "12月20日,市委书记王建国主持召开市委常委会会议,研究部署疫情防控工作。", 0,
            (12, 20, 2021, "12月20日"), id="year-from-dateline"),
        pytest.param(
            "时间:2021-01-02 09:10\n12月30日下午,市委召开常委会会议,部署元旦疫情防控工作。",
            "12月30日下午,市委召开常委会会议,部署元旦疫情防控工作。", 0,
            (12, 30, 2020, "12月30日下午"), id="year-before-the-dateline"),
        pytest.param(
            JUNK_HEADER + "(本网讯 记者李明华)8月1日晚,我县召开疫情防控工作会议。",
            "8月1日晚,我县召开疫情防控工作会议。", 0,
            (8, 1, 2021, "8月1日晚"), id="junk-header-ignored"),
        pytest.param(
            "发布时间:2022-03-20 09:13\n今天上午,区委书记王建国主持召开区委常委会会议,安排部署疫情防控工作。",
            "今天上午,区委书记王建国主持召开区委常委会会议,安排部署疫情防控工作。", 0,
            (None, None, 2022, "今天上午"), id="relative-today"),
        pytest.param(
            "发布时间:2021-01-01\n昨天晚上,县委召开疫情防控工作会议。",
            "昨天晚上,县委召开疫情防控工作会议。", 0,
            (None, None, 2020, "昨天晚上"), id="relative-yesterday-across-the-year"),
        pytest.param(
            "发布时间:2021-04-02\n昨天上午,县委召开疫情防控工作会议,要求4月10日前完成排查。",
            "昨天上午,县委召开疫情防控工作会议,要求4月10日前完成排查。", 0,
            (None, None, 2021, "昨天上午"), id="relative-before-verb-beats-date-after"),
        pytest.param(
            "发布时间:2020年02月07日\n2月5日,旗委召开应对新型冠状病毒感染肺炎工作领导小组会议。",
            "2月5日,旗委召开应对新型冠状病毒感染肺炎工作领导小组会议。", 0,
            (2, 5, 2020, "2月5日"), id="dateline-over-markers"),
        pytest.param(
            "发布时间:2021-03-01\n9月5日,市委召开常委会会议,落实第九版防控方案。",
            "9月5日,市委召开常委会会议,落实第九版防控方案。", 0,
            (9, 5, None, "9月5日"), id="no-marker-year-after-the-dateline"),
        pytest.param(
            "时间:2021-11-04\n4日上午,市委召开常委会会议。",
            "4日上午,市委召开常委会会议。", 0,
            (11, 4, 2021, "4日上午"), id="month-from-publication-date"),
        pytest.param(
            "时间:2021-11-02\n30日上午,市委召开常委会会议。",
            "30日上午,市委召开常委会会议。", 0,
            (10, 30, 2021, "30日上午"), id="month-before-publication-date"),
        pytest.param(
            "3 月 13 日凌晨,某区发现1例阳性。接报后,市委书记王建国立即主持召开全市疫情防控调度会,部署处置工作。",
            "接报后,市委书记王建国立即主持召开全市疫情防控调度会,部署处置工作。", 0,
            (3, 13, None, "3 月 13 日凌晨"), id="held-at-once-after-a-dated-event"),
        pytest.param(
            "5月9日下午,我县组织收听收看全省疫情防控工作视频会议。\n"
            "随后召开的全县调度会对核酸检测作出安排。",
            "随后召开的全县调度会对核酸检测作出安排。", 0,
            (5, 9, None, "5月9日下午"), id="meeting-after-an-earlier-one"),
        pytest.param(
            "5月8日,某区报告2例阳性。\n市委召开常委会会议,研究部署疫情防控工作。",
            "市委召开常委会会议,研究部署疫情防控工作。", 0,
            (None, None, None, None), id="case-date-of-another-paragraph-not-taken"),
        pytest.param(
            "11月2日,市委召开常委会会议。会议指出,11月9日以来全市新增病例。\n随后召开的调度会部署了重点工作。",
            "随后召开的调度会部署了重点工作。", 0,
            (11, 2, None, "11月2日"), id="date-after-the-meeting-cue-not-taken"),
        pytest.param(
            "市委召开疫情防控工作会议\n部署下一步工作\n(记者 李明华)8月1日晚,市委召开疫情防控工作会议。",
            "市委召开疫情防控工作会议", 0,
            (8, 1, None, "8月1日晚"), id="lead-in-title-line-dated-by-body"),
    ],
)
def test_meeting_date(text, lead, headlines, expected):
    assert _date_of(text, lead, headlines) == expected


def test_relative_date_keeps_resolved_day_in_evidence(doc_from):
    doc = doc_from("发布时间:2022-03-20 09:13\n今天上午,区委书记王建国主持召开区委常委会会议,安排部署疫情防控工作。"
                   "区委副书记李明华参加。\n")
    (m,) = parse(doc).meetings
    assert (m.date.month, m.date.day, m.date.year, m.date.year_inferred) == (None, None, 2022, True)
    assert "2022-03-20" in (m.date.year_evidence or "")


def test_dateline_year_through_the_parser(doc_from):
    doc = doc_from("市委召开常委会会议\n时间:2021-11-04 15:32:30 来源:本台\n"
                   "11月4日上午,市委书记赵志强主持召开市委常委会会议,研究部署疫情防控工作。\n")
    (m,) = parse(doc).meetings
    assert (m.date.month, m.date.day, m.date.year, m.date.year_inferred) == (11, 4, 2021, True)
    assert m.date.year_evidence == "dateline 2021-11-04"


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [
        pytest.param("坚持外防输入、内防反弹总策略和“动态清零”总方针", 8, 2022, id="general-policy-wording"),
        pytest.param("市防控新型冠状病毒感染肺炎疫情指挥部", 2, 2020, id="old-name-without-de"),
        pytest.param("新型冠状病毒感染的肺炎防控指挥部", 3, 2020, id="old-name-kept-in-spring"),
        pytest.param("传达二十国集团领导人特别峰会精神", 3, 2020, id="extraordinary-g20-summit"),
    ],
)
def test_dated_markers(text, month, year):
    assert infer_year(text, month)[0] == year
