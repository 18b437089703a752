"""More meeting shapes, on invented sentences: a local follow-up named like the national
meeting before it, names ending in an organ + 会 (领导小组会), and a forum archive footer
repeating the headline."""

from __future__ import annotations

import pytest

from etl.parse import parse


def _meetings(doc_from, text: str):
    return parse(doc_from(text)).meetings


def test_local_follow_up_under_a_shorter_name_is_a_second_meeting(doc_from):
    text = ("本报讯 3月1日,全国疫情防控工作电视电话会议在北京召开。市委书记王建国在我市分会场参加会议。\n"
            "随后,我市召开疫情防控工作电视电话会议,对全市工作进行再部署。王建国强调,要压实属地责任。\n")
    names = [m.name for m in _meetings(doc_from, text)]
    assert names == ["全国疫情防控工作电视电话会议", "疫情防控工作电视电话会议"]


def test_meeting_named_again_after_de_is_the_same_meeting(doc_from):
    text = ("8月2日晚,全省疫情防控工作电视电话会议召开。市委书记王建国在我市分会场参加会议。\n"
            "随后召开的电视电话会议听取了各县汇报。王建国强调,要压实属地责任。\n")
    assert [m.name for m in _meetings(doc_from, text)] == ["全省疫情防控工作电视电话会议"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("5月3日晚,市长李明华主持召开市应对疫情工作领导小组会,部署防控工作。李明华强调,要加快核酸检测进度。\n",
                     "市应对疫情工作领导小组会", id="leading-group-hui"),
        pytest.param("5月3日晚,县长李明华主持召开县疫情防控指挥部会,部署防控工作。李明华强调,要加快核酸检测进度。\n",
                     "县疫情防控指挥部会", id="headquarters-hui"),
    ],
)
def test_organ_plus_hui_names_the_meeting(text, name, doc_from):
    assert [m.name for m in _meetings(doc_from, text)] == [name]


def test_forum_archive_footer_repeating_the_headline_is_no_meeting(doc_from):
    text = ("我县召开疫情防控工作会\n"
            "4月26日,县疫情防控指挥部召开第十次会议。县长李明华出席会议并讲话。李明华强调,要加快疫苗接种。\n"
            "页: [1]\n查看完整版本: 我县召开疫情防控工作会\n")
    assert len(_meetings(doc_from, text)) == 1


def test_form_told_when_a_later_sentence_looks_back(doc_from):
    text = ("5月20日晚,我县组织收听收看市疫情防控领导小组会议。市委书记王建国主持会议并讲话。\n"
            "视频会议结束后,我县立即召开县疫情防控领导小组会议。会议要求,要加快疫苗接种。\n")
    first, second = _meetings(doc_from, text)
    assert (first.format, second.format) == ("video", None)


def test_form_looked_back_on_inside_the_stretch(doc_from):
    text = ("4月22日,市疫情防控工作会议召开,我区设分会场组织收听收看。区委书记王建国参加会议。\n"
            "电视电话会议后,就贯彻落实会议精神,王建国强调,要压实属地责任。\n")
    assert [m.format for m in _meetings(doc_from, text)] == ["teleconference", None]  # the second: the follow-up


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("市委常委会会议今天举行,研究疫情防控工作。市委书记王建国主持会议。\n", id="today"),
        pytest.param("市委常委会会议昨天下午召开,研究疫情防控工作。市委书记王建国主持会议。\n", id="yesterday-afternoon"),
    ],
)
def test_relative_day_between_name_and_verb(text, doc_from):
    assert [m.name for m in _meetings(doc_from, text)] == ["市委常委会会议"]


def test_form_between_name_and_verb(doc_from):
    text = ("11月3日晚,市委第12次疫情防控专题会议以视频形式召开,各县设分会场。市委书记王建国主持会议。"
            "王建国强调,要压实属地责任。\n")
    meeting = _meetings(doc_from, text)[0]
    assert (meeting.name, meeting.session_no, meeting.format) == ("市委第12次疫情防控专题会议", 12, "video")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("4月8日晚,县委书记李明华主持召开县疫情防控指挥部会商会,安排部署工作。李明华强调,要加快疫苗接种。\n",
                     "县疫情防控指挥部会商会", id="headquarters-consultation"),
        pytest.param("4月8日晚,县委书记李明华主持召开县疫情防控领导小组会议,安排部署工作。李明华强调,要加快疫苗接种。\n",
                     "县疫情防控领导小组会议", id="leading-group-huiyi"),
    ],
)
def test_ending_sharing_its_hui_with_a_longer_one(text, name, doc_from):
    assert [m.name for m in _meetings(doc_from, text)] == [name]


def test_organiser_before_a_form_phrase_names_a_numbered_meeting(doc_from):
    text = ("3月5日,郴州市疫情防控工作领导小组以视频会议形式召开第十五次会议。市委书记王建国主持会议。"
            "王建国强调,要压实属地责任。\n")
    meeting = _meetings(doc_from, text)[0]
    assert (meeting.name, meeting.session_no, meeting.format) == ("郴州市疫情防控工作领导小组第十五次会议", 15, "video")


def test_unnamed_follow_up_after_a_meeting_followed_from_a_branch_venue(doc_from):
    text = ("4月22日,市疫情防控工作会议召开,我区设分会场组织收听收看。区委书记王建国、区长李明华参加会议。\n"
            "视频会议后,就贯彻落实会议精神,王建国强调,要压实属地责任。\n"
            "李明华指出,要做好人员排查工作。\n")
    first, second = _meetings(doc_from, text)
    assert (first.name, second.name) == ("市疫情防控工作会议", "会议")
    assert {d.speaker_name for d in second.directives} == {"王建国", "李明华"}
    assert second.level == "county"


def test_speech_after_a_meeting_held_here_is_no_follow_up(doc_from):
    text = ("4月22日,区委书记王建国主持召开区疫情防控工作会议。区长李明华参加会议。\n"
            "会后,就贯彻落实会议精神,王建国强调,要压实属地责任。\n")
    assert len(_meetings(doc_from, text)) == 1
