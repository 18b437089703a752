"""People patterns, second round (issue 9, unseen articles): names padded with spaces,
names closing a list before the verb, those present named before 等与会同志, the chair in
a list of those present, attendance at a branch venue set up in the sentence before,
a report verb joined by 并, names that are also common words, notes in brackets after a name, a visitor to a meeting another chairs, and state-council
titles. Invented sentences and names."""

from __future__ import annotations

import pytest

from etl.reference.titles import is_title

OPEN = "3月2日,县委书记王建国主持召开全县疫情防控工作会议。"


@pytest.mark.parametrize(
    ("body", "name", "titles", "roles"),
    [
        pytest.param(OPEN + "县领导李明华、孙 立、赵志强参加会议。", "孙立", [], ["attendee"],
                     id="two-character-name-padded-with-a-space"),
        pytest.param(OPEN + "副县长李明华,赵志强,朝鲁,孙立参加会议。", "朝鲁", [], ["attendee"],
                     id="bare-name-of-unlisted-surname-among-comma-parts"),
        pytest.param(OPEN + "副县长李明华,赵志强,朝鲁,孙立参加会议。", "李明华", ["副县长"], ["attendee"],
                     id="names-before-a-bare-name-of-unlisted-surname-are-kept"),
        pytest.param(OPEN + "副县长孙\u3000立、赵志强参加会议。", "孙立", ["副县长"], ["attendee"],
                     id="padded-name-after-its-title"),
        pytest.param(OPEN + "县领导李明华、赵志强、 钱德胜、周光和参加会议。", "周光和", [], ["attendee"],
                     id="last-name-of-a-list-ends-in-a-conjunction-character"),
        pytest.param(OPEN + "会后,李明华、赵志强、钱德胜等与会同志为灾区捐款。", "钱德胜", [], ["attendee"],
                     id="names-before-deng-yuhui-tongzhi"),
        pytest.param(OPEN + "王建国、李明华、赵志强等与会同志为灾区捐款。", "王建国", ["县委书记"], ["chair"],
                     id="chair-in-a-list-of-those-present-stays-chair"),
        pytest.param("县委书记王建国主持会议。王建国、李明华、赵志强出席会议。", "王建国", ["县委书记"], ["chair"],
                     id="chair-in-an-attendance-list-stays-chair"),
        pytest.param("3月2日,全市疫情防控工作会议召开,我县设分会场组织收听收看。县委书记王建国,县长李明华参加会议。",
                     "李明华", ["县长"], ["branch_venue"], id="branch-venue-set-up-in-the-sentence-before"),
        pytest.param("3月2日,全省疫情防控工作会议召开,各县设分会场组织收听收看。省委书记王建国出席会议并讲话。",
                     "王建国", ["省委书记"], ["attendee", "speaker"], id="branch-venues-everywhere-leave-the-main-venue"),
        pytest.param("3月2日,全市疫情防控工作会议召开,我县设分会场组织收听收看,县委书记王建国、县长李明华参加会议。",
                     "李明华", ["县长"], ["branch_venue"], id="branch-venue-set-up-earlier-in-the-sentence"),
        pytest.param("3月2日,全省疫情防控工作视频会议召开。省委常委王建国在城关镇分会场出席会议,副省长李明华出席会议并讲话。",
                     "李明华", ["副省长"], ["attendee", "speaker"], id="another-person-at-a-branch-venue-before"),
        pytest.param(OPEN + "县长李明华在城关镇分会场收听收看会议并汇报防控进展。", "李明华", ["县长"],
                     ["branch_venue", "speaker"], id="report-verb-joined-by-bing"),
        pytest.param("1月5日,全国疫情防控工作电视电话会议召开。中央政治局委员、国务院副总理赵志强在主会场出席会议并讲话。",
                     "赵志强", ["中央政治局委员", "国务院副总理"], ["attendee", "speaker"], id="state-council-vice-premier"),
        pytest.param("3月2日上午,市委常委、副市长李明华赴我县督导疫情防控工作,县委书记王建国主持会议。", "李明华",
                     ["副市长", "市委常委"], ["attendee"], id="visitor-to-a-meeting-another-chairs"),
        pytest.param("3月2日,市委常委、副市长李明华到我县督导疫情防控工作,并主持召开会议。", "李明华",
                     ["副市长", "市委常委"], ["chair"], id="visitor-who-chairs-is-chair-only"),
        pytest.param(OPEN + "县领导李明华、孙立、赵志强、马力参加会议。", "马力", [], ["attendee"],
                     id="name-that-is-also-a-common-word-in-a-list-of-names"),
        pytest.param(OPEN + "县领导李明华、于洋、赵志强参加会议。", "赵志强", [], ["attendee"],
                     id="name-opening-with-a-subject-marker-surname-in-a-list"),
        pytest.param(OPEN + "县领导李明华、赵志强(挂职)、孙立参加会议。", "赵志强", [], ["attendee"],
                     id="note-in-brackets-after-a-name"),
        pytest.param(OPEN + "李明华(县委副书记)、赵志强(副县长)参加会议。", "赵志强", ["副县长"], ["attendee"],
                     id="title-in-brackets-after-a-name"),
        pytest.param(OPEN + "县领导李明华、赵志强应邀出席会议。", "赵志强", [], ["attendee"], id="attending-by-invitation"),
        pytest.param(OPEN + "县领导李明华、赵志强均参加会议。", "赵志强", [], ["attendee"], id="all-of-them-attend"),
        pytest.param("县委书记王建国主持会议,县长李明华出席会议并就贯彻落实作具体部署。", "李明华", ["县长"],
                     ["attendee", "speaker"], id="report-verb-after-bing-and-its-object"),
    ],
)
def test_person(body: str, name: str, titles: list[str], roles: list[str], people_of) -> None:
    _, people = people_of(body)
    assert people[name] == (titles, roles)


def test_whole_padded_list_is_kept(people_of) -> None:
    _, people = people_of(OPEN + "县领导李明华、孙 立、赵志强、周光和参加会议。")
    assert {"李明华", "孙立", "赵志强", "周光和"} <= set(people)


def test_visit_in_another_sentence_is_no_attendance(people_of) -> None:
    _, people = people_of("3月2日,市委常委、副市长李明华到我县调研疫情防控工作。县委书记王建国主持召开会议。")
    assert "李明华" not in people


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("李明华、赵志强、钱德胜、公安、水利等部门负责人参加会议。", id="departments-closing-a-list"),
        pytest.param("李明华、赵志强、钱德胜、安全、方面参加会议。", id="more-than-one-common-word"),
        pytest.param("县领导李明华、马力参加会议。", id="too-few-ordinary-names"),
    ],
)
def test_common_words_in_a_list_are_no_names(sentence: str, people_of) -> None:
    _, people = people_of(OPEN + sentence)
    assert not {"公安", "水利", "安全", "方面", "马力"} & set(people)


def test_report_verb_alone_makes_no_speaker(people_of) -> None:
    _, people = people_of("3月2日,县委书记王建国主持召开会议研究部署防控工作。")
    assert people["王建国"] == (["县委书记"], ["chair"])


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("宣传部长", id="short-form-of-publicity-department-head"),
        pytest.param("县委督查室主任", id="office-ending-in-shi"),
        pytest.param("县疾控站站长", id="station-head"),
        pytest.param("县卫生监督所所长", id="institute-head"),
        pytest.param("县消防救援大队队长", id="brigade-head"),
    ],
)
def test_more_titles(title: str) -> None:
    assert is_title(title)


def test_one_unknown_title_loses_no_earlier_name(people_of) -> None:
    _, people = people_of(OPEN + "县委常委、宣传部长李明华,县委督查室主任赵志强,县疾控站站长孙立参加会议。")
    assert {"李明华", "赵志强", "孙立"} <= set(people)


def test_a_name_after_an_unreadable_title_loses_no_earlier_name(people_of) -> None:
    _, people = people_of(OPEN + "县委常委、宣传部长李明华,县委驻村督导专员赵志强,副县长孙立出席会议。")
    assert {"李明华", "孙立"} <= set(people)


def test_an_unreadable_title_in_a_list_loses_no_other_name(people_of) -> None:
    _, people = people_of(OPEN + "副县长李明华、县委驻村督导专员赵志强、孙立参加会议。")
    assert {"李明华", "孙立"} <= set(people)


def test_narrative_part_still_ends_the_subject(people_of) -> None:
    _, people = people_of(OPEN + "县长李明华,副县长赵志强带队检查后,副县长孙立出席会议。")
    assert "李明华" not in people and "孙立" in people


def test_premier_alone_is_no_title() -> None:
    assert not is_title("总理") and not is_title("副总理")
    assert is_title("国务院副总理") and is_title("国务委员")
