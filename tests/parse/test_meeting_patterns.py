"""Which meetings a report holds and their names: invented sentences in the shapes of the
genre (meetings named without 召开, attended meetings, two meetings in one report)."""

from __future__ import annotations

import pytest

from etl.parse import meetings, parse
from etl.parse.layout import Line
from etl.spans import Span


def _mentions(text: str, kind: str = "body") -> list[tuple[str, str]]:
    found = meetings.find_mentions(text, [Line(Span(0, len(text)), kind)])  # type: ignore[arg-type]
    return [(m.kind, m.name) for m in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("省长李明华主持召开全省疫情防控会商会,研究部署工作。", [("held", "全省疫情防控会商会")],
                     id="consultation-is-a-meeting"),
        pytest.param("市委书记王建国主持召开了市委常委会会议。", [("held", "市委常委会会议")], id="held-with-le"),
        pytest.param("省长王建国主持召开全省“两节”疫情防控工作会议,部署工作。", [("held", "全省“两节”疫情防控工作会议")],
                     id="quoted-phrase-in-name"),
        pytest.param("全省“两节”疫情防控工作会议在遵义召开。", [("located", "全省“两节”疫情防控工作会议")],
                     id="quoted-phrase-in-located-name"),
        pytest.param("王建国主持召开市疫情防控会商会、各县视频点调会,部署工作。",
                     [("held", "市疫情防控会商会"), ("held", "各县视频点调会")], id="two-names-in-a-list"),
        pytest.param("会议同时套开了县疫情防控领导小组第12次会议。", [("held", "县疫情防控领导小组第12次会议")],
                     id="held-jointly"),
        pytest.param("随后召开的调度会听取了各组汇报。", [("held", "调度会")], id="named-again-after-de"),
        pytest.param("我县组织收听收看全省疫情防控工作视频会议。", [("attended", "全省疫情防控工作视频会议")],
                     id="attended-by-watching"),
        pytest.param("我市组织收看收听全省疫情防控工作专题电视电话会议。", [("attended", "全省疫情防控工作专题电视电话会议")],
                     id="attended-watching-and-listening"),
        pytest.param("县领导赵志强出席会议。", [], id="attending-an-unnamed-meeting-names-none"),
        pytest.param("县领导出席上述会议。", [], id="attending-meetings-told-before"),
        pytest.param("参加全国电视电话会议后,我市召开续会。", [("held", "续会")], id="attended-only-as-time-anchor"),
        pytest.param("省、遵义市疫情防控工作电视电话会议先后召开。",
                     [("located", "省疫情防控工作电视电话会议"), ("located", "遵义市疫情防控工作电视电话会议")],
                     id="joint-name-held-in-turn"),
        pytest.param("全国、全省疫情防控工作电视电话会议相继召开。",
                     [("located", "全国疫情防控工作电视电话会议"), ("located", "全省疫情防控工作电视电话会议")],
                     id="national-and-provincial-in-turn"),
        pytest.param("省、市疫情防控工作视频会议在遵义召开。", [("located", "省、市疫情防控工作视频会议")],
                     id="joint-name-held-once"),
        pytest.param("3日晚,全市疫情防控工作会议紧急召开。", [("located", "全市疫情防控工作会议")],
                     id="located-with-an-adverb"),
        pytest.param("县委书记王建国主持全县疫情防控工作调度会并讲话。", [("held", "全县疫情防控工作调度会")],
                     id="presided-without-convened"),
        pytest.param("县长李明华主持会议。", [], id="presiding-an-unnamed-meeting-names-none"),
        pytest.param("县疫情防控领导小组第一时间召开第5次会议。", [("held", "县疫情防控领导小组第5次会议")],
                     id="organiser-before-an-adverb"),
    ],
)
def test_meeting_mentions(text, expected):
    assert _mentions(text) == expected


def test_name_after_held_in_spoken_mention():
    assert _mentions("王建国在3日召开的全市疫情防控会商会上强调", "headline") == [
        ("held", "全市疫情防控会商会"), ("spoken", "全市疫情防控会商会")]


def _meetings(doc_from, text: str):
    return parse(doc_from(text)).meetings


def _speakers(meeting) -> set[str]:
    return {d.speaker_name or d.speaker_kind for d in meeting.directives}


def test_list_of_two_meetings_share_the_report(doc_from):
    text = ("3月2日,市委书记王建国主持召开市疫情防控会商会、各县视频点调会,部署防控工作。"
            "他强调,要加强重点人员排查管控。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("市疫情防控会商会", "各县视频点调会")
    assert first.chair == second.chair == "王建国"
    assert _speakers(first) == _speakers(second) == {"王建国"}


def test_joint_sitting_shares_the_report_and_keeps_session_numbers(doc_from):
    text = ("2月3日晚,县委书记王建国主持召开了县委常委会会议。会议同时套开了县疫情防控领导小组第12次会议。"
            "王建国强调,要严格落实各项防控措施。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("县委常委会会议", "县疫情防控领导小组第12次会议")
    assert second.session_no == 12
    assert second.chair == "王建国"
    assert _speakers(second) == {"王建国"}


def test_attended_meeting_then_unnamed_local_meeting(doc_from):
    text = ("5月3日下午,我县组织参加全省疫情防控工作电视电话会议。"
            "会后,县长李明华主持召开会议,对全县防控工作作出安排。"
            "李明华要求,要加快核酸检测进度。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("全省疫情防控工作电视电话会议", "会议")
    assert (first.chair, second.chair) == (None, "李明华")
    assert _speakers(second) == {"李明华"}


def test_meeting_attended_after_the_held_one(doc_from):
    text = ("8月2日晚,省长王建国主持召开全省疫情防控会商会,并于会后参加遵义市防疫物资保障调度会。"
            "会议要求,要加强流调排查。\n随后召开的调度会听取了物资储备情况汇报。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("全省疫情防控会商会", "遵义市防疫物资保障调度会")
    assert (first.chair, second.chair) == ("王建国", None)
    assert _speakers(first) == {"meeting"} and not second.directives


def test_joint_name_held_in_turn_splits_the_report(doc_from):
    text = ("1月5日下午,省、遵义市疫情防控工作电视电话会议先后召开。会议强调,要坚决防止疫情扩散。\n"
            "省级会议一结束,遵义市接着召开电视电话会。会议要求,要全面落实各项防控措施。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("省疫情防控工作电视电话会议", "遵义市疫情防控工作电视电话会议")
    assert [d.text for d in first.directives] == ["要坚决防止疫情扩散"]
    assert [d.text for d in second.directives] == ["要全面落实各项防控措施"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("全市疫情防控工作调度会\n3月1日上午,会议听取了各地汇报。会议强调,要压实属地责任。\n",
                     "全市疫情防控工作调度会", id="name-only-in-headline"),
        pytest.param("3月1日上午,市委书记王建国主持会议并讲话。他强调,要压实属地责任。\n", "会议",
                     id="unnamed-meeting-chaired"),
        pytest.param("3月1日,市委书记王建国主持研究部署疫情防控工作。他强调,要压实属地责任。\n", "会议",
                     id="chaired-a-study-session"),
        pytest.param("3月1日,县领导赵志强、李明华出席会议。赵志强强调,要压实属地责任。\n", "会议",
                     id="only-attendance-told"),
        pytest.param("3月1日,县委常委会传达学习全省疫情防控工作会议精神,研究部署全县工作。会议强调,要压实属地责任。\n",
                     "县委常委会", id="name-doing-without-hold-verb"),
        pytest.param("县委书记王建国:压实责任 守住底线\n3月1日上午,会上,王建国强调,要压实属地责任。\n", "会议",
                     id="only-at-the-meeting"),
    ],
)
def test_meeting_without_hold_verb(text, name, doc_from):
    parsed = parse(doc_from(text))
    assert [m.name for m in parsed.meetings] == [name]
    assert not [f for f in parsed.findings if f.kind == "no_meeting"]


def test_sequel_in_the_same_sentence_starts_the_second_meeting_there(doc_from):
    text = ("6月2日,我县组织收看全省疫情防控工作电视电话会议,会后立即召开全县疫情防控工作调度会,"
            "县委书记王建国主持会议并讲话。他强调,要压实属地责任。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("全省疫情防控工作电视电话会议", "全县疫情防控工作调度会")
    assert (first.chair, second.chair) == (None, "王建国")
    assert not first.directives and _speakers(second) == {"王建国"}


def test_unnamed_meeting_after_a_sequel_in_the_same_sentence(doc_from):
    text = ("6月2日,我县组织收看全省疫情防控工作电视电话会议,会后召开会议,研究部署全县工作。"
            "县委书记王建国强调,要压实属地责任。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("全省疫情防控工作电视电话会议", "会议")
    assert _speakers(second) == {"王建国"}


def test_chain_of_relayed_meetings_then_the_local_one(doc_from):
    text = ("3月1日下午,全国疫情防控工作电视电话会议召开。全国会议结束后,全省疫情防控工作电视电话会议随即召开。"
            "市委书记王建国在我市分会场参加会议。会后,我市召开续会。王建国强调,要压实属地责任。\n")
    names = [m.name for m in _meetings(doc_from, text)]
    assert names == ["全国疫情防控工作电视电话会议", "全省疫情防控工作电视电话会议", "续会"]


def test_meeting_doing_something_in_a_speech_is_no_meeting(doc_from):
    text = ("5日,全县疫情防控工作会议召开。会议指出,3日,全省疫情防控工作领导小组会议研究部署了优化措施。"
            "王建国强调,要压实属地责任。\n")
    assert [m.name for m in _meetings(doc_from, text)] == ["全县疫情防控工作会议"]

