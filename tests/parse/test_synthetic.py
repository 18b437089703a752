"""Invented reports of the same genre (invented officials, other provinces and meeting
types) guarding that the rules generalise beyond the seed articles."""

from __future__ import annotations

import pytest

from etl.parse import parse

DISPATCH = (
    "王明德主持召开全省疫情防控工作调度会\n"
    "3月5日下午,省委副书记、省长王明德主持召开全省疫情防控工作调度会,听取各地疫情防控工作情况汇报,"
    "研究部署下一步工作。他强调,要坚决落实“四早”要求,严格做好隔离管控,确保不发生规模性反弹。"
    "副省长李红梅、省政府秘书长赵国强出席会议。\n"
    "王明德指出,当前全省疫情形势总体平稳。各地要切实压实属地责任,加快核酸检测进度。要加强重点人群健康监测,完善应急处置预案。\n"
    "(记者 王小明 通讯员 李华)\n"
)
STANDING = (
    "12月2日,市委书记周志远主持召开市委常委会会议,传达学习省委常委会会议精神,研究部署全市疫情防控工作。"
    "会议指出,当前疫情防控形势依然严峻。会议要求,各地各部门要压实“四方责任”,严格落实各项防控措施;"
    "要加快疫苗接种,筑牢免疫屏障。市委副书记、市长孙立新,市委常委出席会议。\n"
    "责任编辑:刘洋\n"
)
TELECONF = (
    "1月10日晚,省新冠肺炎疫情防控指挥部召开全省疫情防控电视电话会议。省委常委、常务副省长郑海涛出席会议并讲话。"
    "会议由副省长刘静主持。各市、县(市、区)设分会场。\n"
    "郑海涛强调,要严格落实入境人员闭环管理,坚决守住不发生规模性疫情的底线。要做好春节期间疫情防控工作,减少人员流动和聚集。\n"
)
VIDEO = (
    "本报讯 2021年8月3日上午,市委书记陈国栋以视频形式主持召开全市疫情防控工作会议。"
    "市领导杨帆、徐立在主会场参加会议,各县(区)委书记在分会场参加会议。\n"
    "陈国栋要求,全市上下必须立即行动起来。要全面排查风险人员,做到应检尽检。\n"
    "本报记者 黄晓东 摄影 刘军\n"
)
TRADITIONAL = (
    "省委書(shū)記(jì)、省人大常委會(huì)主任劉(liú)長(zhǎng)河主持召開(kāi)省委常委會(huì)會(huì)議\n"
    "5月9日,省委書(shū)記(jì)、省人大常委會(huì)主任劉(liú)長(zhǎng)河主持召開(kāi)省委常委會(huì)會(huì)議。"
    "他強(qiáng)調(diào),要堅(jiān)決克服麻痹思想。省委副書(shū)記(jì)、省長(zhǎng)周凱(kǎi)出席會(huì)議。\n"
)
COUNTY = (
    "6月1日上午,县委书记高建平主持召开县委常委会(扩大)会议,传达学习全市疫情防控工作会议精神。"
    "出席会议的还有县领导马超、郭丽萍。高建平在会上作重要讲话。县委副书记、县长田野对做好下一步工作提出要求。\n"
)
REGION = (
    "11月3日,自治区党委书记、自治区人大常委会主任王振华主持召开自治区疫情防控工作领导小组会议。"
    "自治区党委副书记、自治区主席买买提·艾力江出席会议并讲话。自治区领导李国强、张雪在主会场出席,"
    "县委书记赵亮在分会场参加会议。\n王振华强调,要毫不放松抓好常态化疫情防控。\n"
)
SESSION = (
    "本网讯 4月2日,区疫情防控工作领导小组召开第二十一次会议,传达学习上级有关会议精神。\n"
    "区委书记孙海鹰主持会议并讲话。他指出,要从严从紧抓好各项防控措施,切实筑牢疫情防控屏障。\n"
    "记者 钱多多\n"
)
FOLLOW_UP = (
    "9月8日,省委书记王刚主持召开全省疫情防控工作会议。省长李强出席。市委书记陈明、市长何平在分会场收看会议。\n"
    "会议强调,要坚持“外防输入、内防反弹”总策略不动摇。\n"
    "会后,我市随即召开续会。陈明强调,要迅速传达贯彻会议精神,坚决守住不发生规模性疫情的底线。\n"
)
NO_MEETING = "今天阳光明媚,气温适宜,市民纷纷外出踏青。公园里游人如织。\n"


def _people(parsed):
    out: dict[str, tuple[list[str], set[str]]] = {}
    for m in parsed.meetings:
        for a in m.attendees:
            titles, roles = out.setdefault(a.name, ([t.title for t in a.titles], set()))
            roles.update(r.role for r in a.roles)
    return out


@pytest.mark.parametrize(
    ("text", "people"),
    [
        pytest.param(DISPATCH, {"王明德": (["省委副书记", "省长"], {"chair", "speaker"}),
                                "李红梅": (["副省长"], {"attendee"}),
                                "赵国强": (["省政府秘书长"], {"attendee"})}, id="dispatch-meeting"),
        pytest.param(STANDING, {"周志远": (["市委书记"], {"chair"}),
                                "孙立新": (["市委副书记", "市长"], {"attendee"})}, id="standing-committee"),
        pytest.param(TELECONF, {"郑海涛": (["省委常委", "常务副省长"], {"attendee", "speaker"}),
                                "刘静": (["副省长"], {"chair"})}, id="teleconference-passive-chair"),
        pytest.param(VIDEO, {"陈国栋": (["市委书记"], {"chair", "speaker"}), "杨帆": ([], {"attendee"}),
                             "徐立": ([], {"attendee"})}, id="video-main-venue"),
        pytest.param(TRADITIONAL, {"刘长河": (["省委书记", "省人大常委会主任"], {"chair", "speaker"}),
                                   "周凯": (["省委副书记", "省长"], {"attendee"})}, id="traditional-pinyin"),
        pytest.param(COUNTY, {"高建平": (["县委书记"], {"chair", "speaker"}), "马超": ([], {"attendee"}),
                              "郭丽萍": ([], {"attendee"}), "田野": (["县委副书记", "县长"], {"speaker"})},
                     id="county-listing-after-verb"),
        pytest.param(REGION, {"王振华": (["自治区党委书记", "自治区人大常委会主任"], {"chair", "speaker"}),
                              "买买提·艾力江": (["自治区党委副书记", "自治区主席"], {"attendee", "speaker"}),
                              "李国强": ([], {"attendee"}), "张雪": ([], {"attendee"}),
                              "赵亮": (["县委书记"], {"branch_venue"})}, id="autonomous-region"),
    ],
)
def test_people_titles_roles(text, people, doc_from):
    got = _people(parse(doc_from(text)))
    assert {n: (t, r) for n, (t, r) in got.items()} == people


@pytest.mark.parametrize(
    ("text", "name", "month_day", "fmt", "level", "session", "chair"),
    [
        pytest.param(DISPATCH, "全省疫情防控工作调度会", (3, 5), None, "province", None, "王明德", id="dispatch"),
        pytest.param(STANDING, "市委常委会会议", (12, 2), None, "city", None, "周志远", id="standing"),
        pytest.param(TELECONF, "全省疫情防控电视电话会议", (1, 10), "teleconference", "province", None, "刘静",
                     id="teleconference"),
        pytest.param(VIDEO, "全市疫情防控工作会议", (8, 3), "video", "city", None, "陈国栋", id="video"),
        pytest.param(COUNTY, "县委常委会(扩大)会议", (6, 1), None, "county", None, "高建平", id="county"),
        pytest.param(SESSION, "区疫情防控工作领导小组第二十一次会议", (4, 2), None, "county", 21, "孙海鹰",
                     id="session-number"),
    ],
)
def test_meeting_attributes(text, name, month_day, fmt, level, session, chair, doc_from):
    parsed = parse(doc_from(text))
    assert len(parsed.meetings) == 1
    m = parsed.meetings[0]
    assert (m.name, (m.date.month, m.date.day), m.format, m.level, m.session_no, m.chair) == (
        name, month_day, fmt, level, session, chair)


def test_written_year_is_not_inferred(doc_from):
    m = parse(doc_from(VIDEO)).meetings[0]
    assert (m.date.year, m.date.year_inferred, m.date.time_of_day) == (2021, False, "上午")


def test_follow_up_meeting_starts_a_second_meeting(doc_from):
    parsed = parse(doc_from(FOLLOW_UP))
    assert [m.name for m in parsed.meetings] == ["全省疫情防控工作会议", "续会"]
    first, second = parsed.meetings
    assert {a.name: {r.role for r in a.roles} for a in first.attendees}["陈明"] == {"branch_venue"}
    assert second.level == "city"
    assert {d.speaker_name for d in second.directives} == {"陈明"}
    assert (second.date.month, second.date.day) == (9, 8)


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        pytest.param(DISPATCH, {("王小明", "reporter"), ("李华", "reporter")}, id="reporter-and-correspondent"),
        pytest.param(STANDING, {("刘洋", "editor")}, id="editor-line"),
        pytest.param(VIDEO, {("黄晓东", "reporter"), ("刘军", "photographer")}, id="reporter-then-photographer"),
        pytest.param(SESSION, {("钱多多", "reporter")}, id="reporter-line"),
    ],
)
def test_credits(text, credits, doc_from):
    parsed = parse(doc_from(text))
    assert {(c.name, c.role) for c in parsed.credits} == credits
    assert not {c.name for c in parsed.credits} & set(_people(parsed))


@pytest.mark.parametrize(
    ("text", "speakers", "sample"),
    [
        pytest.param(DISPATCH, {"王明德"}, "要加强重点人群健康监测", id="pronoun-then-name"),
        pytest.param(STANDING, {"会议"}, "要加快疫苗接种", id="meeting-speaks"),
        pytest.param(TELECONF, {"郑海涛"}, "要做好春节期间疫情防控工作", id="attendee-speaks"),
        pytest.param(COUNTY, {"田野"}, "对做好下一步工作提出要求", id="summary-cue"),
        pytest.param(SESSION, {"孙海鹰"}, "要从严从紧抓好各项防控措施", id="pronoun-after-chair"),
    ],
)
def test_directives(text, speakers, sample, doc_from):
    m = parse(doc_from(text)).meetings[0]
    assert {d.speaker_name if d.speaker_kind == "person" else "会议" for d in m.directives} == speakers
    assert any(sample in d.text for d in m.directives)
    assert not any("形势依然严峻" in d.text or "总体平稳" in d.text for d in m.directives)


def test_no_meeting_is_an_error_finding(doc_from):
    parsed = parse(doc_from(NO_MEETING))
    assert parsed.meetings == []
    assert [(f.kind, f.severity) for f in parsed.findings] == [("no_meeting", "error")]


def test_outlet_dateline_and_none_for_own_site(doc_from):
    assert parse(doc_from("江南晚报讯 " + DISPATCH.split("\n", 1)[1])).source_outlet == "江南晚报"
    assert parse(doc_from(SESSION)).source_outlet is None
    assert parse(doc_from("新华社南京3月5日电 " + DISPATCH.split("\n", 1)[1])).source_outlet == "新华社"


def test_leaders_only_mentioned_are_not_attendees(doc_from):
    text = ("7月1日,省委书记吴立新主持召开省委常委会会议,传达学习习近平总书记重要讲话精神和李克强总理批示要求。"
            "他强调,要坚决贯彻落实。\n")
    parsed = parse(doc_from(text))
    assert {pm.name for pm in parsed.mentions} == {"习近平", "李克强"}
    assert set(_people(parsed)) == {"吴立新"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("3月1日,省长王?明主持召开全省疫情防控会议。", id="question-mark"),
        pytest.param("3月1日,省长王明zhǔ主持召开全省疫情防控会议。", id="latin-garbage"),
    ],
)
def test_damaged_names_are_never_people(text, doc_from):
    for m in parse(doc_from(text)).meetings:
        for a in m.attendees:
            assert "?" not in a.name and a.name.isalpha() and not any(ch.isascii() for ch in a.name)


PLACES = (
    "今日芜湖讯 2月14日上午,全省疫情防控工作视频会议在合肥召开。省委书记郑国华出席会议并讲话。"
    "市委书记钱东升、市长周文彬在芜湖分会场参加会议。\n"
    "郑国华强调,要全力做好蚌埠、阜阳等地疫情处置工作,严防疫情外溢。\n"
    "会后,我市立即召开续会。钱东升要求,要迅速落实省会议部署,加强对来芜返芜人员的排查管控。\n"
)
CITY_NAMED = (
    "本报讯 4月6日,广州市疫情防控工作会议召开。市委书记林志强主持会议。\n"
    "林志强强调,要坚持“动态清零”总方针不动摇,严格落实核酸检测各项要求。\n"
)

def test_places_roles_province_and_home_city(doc_from):
    parsed = parse(doc_from(PLACES))
    assert parsed.source_outlet == "今日芜湖"
    first, second = parsed.meetings
    assert {(loc.name, loc.role) for loc in first.locations} == {
        ("合肥市", "venue"), ("芜湖市", "branch_venue"), ("蚌埠市", "mentioned"), ("阜阳市", "mentioned")}
    assert (first.level, first.province, first.city, first.format) == ("province", "安徽省", None, "video")
    assert (second.level, second.province, second.city) == ("city", "安徽省", "芜湖市")
    assert [(loc.name, loc.as_written, loc.role) for loc in second.locations] == [("芜湖市", "我市", "venue")]


def test_city_of_a_city_meeting_from_its_name(doc_from):
    m = parse(doc_from(CITY_NAMED)).meetings[0]
    assert (m.level, m.province, m.city) == ("city", "广东省", "广州市")


def test_year_is_inferred_from_policy_markers(doc_from):
    m = parse(doc_from(CITY_NAMED)).meetings[0]
    assert m.date.year_inferred and m.date.year == 2022 and "动态清零" in (m.date.year_evidence or "")


@pytest.mark.parametrize("text", [pytest.param("", id="empty"), pytest.param("  \n\n", id="blank"),
                                  pytest.param("记者 张建国\n编辑:李海燕\n", id="credits-only")])
def test_documents_without_a_meeting(text, doc_from):
    parsed = parse(doc_from(text))
    assert parsed.meetings == [] and [f.kind for f in parsed.findings] == ["no_meeting"]
