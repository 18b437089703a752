"""People patterns on invented sentences: lists of names in their many shapes, shared
titles, chairs, speaking verbs and venues (issue 9)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from etl.parse.assemble import _held_together
from etl.parse.meetings import MeetingMention
from etl.spans import Span

OPEN = "3月2日,县委书记王建国主持召开全县疫情防控工作会议。"


@pytest.mark.parametrize(
    ("body", "name", "titles", "roles"),
    [
        pytest.param(OPEN + "县领导李明华、赵志强及县卫健局局长孙立和专家组成员出席会议。", "孙立", ["县卫健局局长"], ["attendee"],
                     id="joined-name-and-group-after-list"),
        pytest.param(OPEN + "李明华、赵志强、钱德胜等县四大班子领导,各乡镇主要负责同志参加会议。", "钱德胜", [], ["attendee"],
                     id="names-closed-by-deng-group"),
        pytest.param(OPEN + "副县长李明华、赵志强及各专班负责人参加会议。", "赵志强", ["副县长"], ["attendee"],
                     id="title-before-list-applies-to-each"),
        pytest.param(OPEN + "县领导李明华、阿不都 · 热合曼、赵志强出席会议。", "阿不都·热合曼", [], ["attendee"],
                     id="dotted-minority-name-with-spaces"),
        pytest.param(OPEN + "副指挥李明华、朝鲁门、赵志强、孙丽萍参加会议。", "朝鲁门", ["副指挥"], ["attendee"],
                     id="name-without-listed-surname-in-list"),
        pytest.param(OPEN + "县领导李明华、巴图孟和、赵志强、孙丽萍列席会议。", "巴图孟和", [], ["attendee"],
                     id="name-ending-in-a-conjunction-character-inside-a-list"),
        pytest.param(OPEN + "国务院联防联控机制综合组赴湖南郴州指导组组长赵志强在郴州分会场出席会议并讲话。", "赵志强",
                     ["国务院联防联控机制综合组赴湖南郴州指导组组长"], ["branch_venue", "speaker"],
                     id="envoy-task-force-title-with-a-place-inside"),
        pytest.param(OPEN + "县委副书记李明华、常务副总指挥朝鲁门参加会议。", "朝鲁门", ["常务副总指挥"], ["attendee"],
                     id="name-without-listed-surname-after-own-title"),
        pytest.param(OPEN + "县委副书记、县疫情防控工作总指挥楼志强出席会议并讲话。", "楼志强",
                     ["县委副书记", "县疫情防控工作总指挥"], ["attendee", "speaker"], id="modern-surname-and-task-force-title"),
        pytest.param(OPEN + "县领导李明华 赵志强 孙立出席会议。", "孙立", [], ["attendee"], id="names-separated-by-spaces"),
        pytest.param(OPEN + "县领导李明华、赵志强、孙立、钱德胜、周红梅、吴国庆、郑海波、冯建军、陈晓东、褚建华、卫东升、蒋文涛"
                     "在主会场参加会议。", "蒋文涛", [], ["attendee"], id="list-of-twelve-names"),
        pytest.param(OPEN + "县委副书记李明华列席会议。", "李明华", ["县委副书记"], ["attendee"], id="sitting-in-counts-as-attending"),
        pytest.param(OPEN + "县政府二级巡视员李明华、县人民医院院长赵志强作交流发言。", "李明华", ["县政府二级巡视员"], ["speaker"],
                     id="composed-title-and-speaking-in-turn"),
        pytest.param(OPEN + "县四大班子领导李明华、赵志强出席会议。", "李明华", [], ["attendee"], id="leadership-group-label"),
        pytest.param(OPEN + "??h领导李明华、赵志强出席会议。", "赵志强", [], ["attendee"], id="label-with-unreadable-level"),
        pytest.param(OPEN + "县领导李明华、赵志强在城关镇分会场收听收看会议。", "赵志强", [], ["branch_venue"],
                     id="two-attendance-verbs-share-the-venue"),
        pytest.param(OPEN + "李明华、赵志强同志出席会议。", "赵志强", [], ["attendee"], id="comrade-after-a-name"),
        pytest.param(OPEN + "赵志强县长强调,要压实责任。", "赵志强", ["县长"], ["speaker"], id="title-written-after-the-name"),
        pytest.param(OPEN + "会上,李明华、赵志强、孙立分别作了发言。", "孙立", [], ["speaker"], id="several-speak-in-turn"),
        pytest.param(OPEN + "县委书记王建国、县长李明华、赵志强出席会议。", "赵志强", [], ["attendee"],
                     id="single-holder-title-not-passed-along"),
        pytest.param(OPEN + "县委常委李明华、赵志强出席会议。", "赵志强", ["县委常委"], ["attendee"],
                     id="shared-title-passed-along"),
        pytest.param(OPEN + "县卫健局局长赵志强宣读了表彰决定。", "赵志强", ["县卫健局局长"], ["speaker"],
                     id="reading-out-counts-as-speaking"),
        pytest.param(OPEN + "会上,副县长李明华安排部署了下一步工作。", "李明华", ["副县长"], ["speaker"],
                     id="deploying-counts-as-speaking"),
        pytest.param(OPEN + "县委副书记赵志强传达了全市疫情防控会议精神。", "赵志强", ["县委副书记"], ["speaker"],
                     id="relaying-counts-as-speaking"),
        pytest.param(OPEN + "副县长赵志强就做好物资保障讲了意见。", "赵志强", ["副县长"], ["speaker"],
                     id="giving-views-counts-as-speaking"),
        pytest.param(OPEN + "县长赵志强说,要压实责任。", "赵志强", ["县长"], ["speaker"], id="said-counts-as-speaking"),
        pytest.param(OPEN + "县领导李明华,副县长赵志强分别在县主会场和城关镇分会场参加会议。", "赵志强", ["副县长"],
                     ["branch_venue"], id="respectively-paired-venues-branch"),
        pytest.param(OPEN + "县领导李明华,副县长赵志强分别在县主会场和城关镇分会场参加会议。", "李明华", [],
                     ["attendee"], id="respectively-paired-venues-main"),
    ],
)
def test_person_in_list(body: str, name: str, titles: list[str], roles: list[str], people_of) -> None:
    _, people = people_of(body)
    assert people[name] == (sorted(titles), sorted(roles))


@pytest.mark.parametrize(
    ("body", "chair", "name", "titles", "roles"),
    [
        pytest.param("3月2日,县委副书记、代县长李明华受县委委托,深入城关镇检查隔离点运行情况,并主持召开全县疫情防控调度会议。",
                     "李明华", "李明华", ["县委副书记", "代县长"], ["chair"], id="chair-carried-over-clauses-after-bing"),
        pytest.param("3月2日晚,县长李明华主持召开全县疫情防控工作会议,并于当晚参加城关镇疫情防控工作会议。", "李明华", "李明华",
                     ["县长"], ["attendee", "chair"], id="connective-and-adverbial-before-cue"),
        pytest.param("省级会议结束后,县委副书记、县长李明华立即主持召开会议,研究疫情防控工作。", "李明华", "李明华",
                     ["县委副书记", "县长"], ["chair"], id="adverb-between-name-and-chair-cue"),
        pytest.param("3月2日,县委书记李明华主持召开全县疫情防控工作会议,对城关镇疫情防控工作再部署,要求严格落实管控措施。",
                     "李明华", "李明华", ["县委书记"], ["chair", "speaker"], id="clause-opening-cue-takes-sentence-subject"),
        pytest.param("李明华主持召开县委常委会会议研究部署疫情防控工作\n3月2日,县委书记李明华主持召开县委常委会会议。"
                     "会议要求,要严格落实管控措施。", "李明华", "李明华", ["县委书记"], ["chair"],
                     id="meeting-deploying-is-not-the-chair-speaking"),
        pytest.param("3月2日,市委副书记、市长、市应对新冠肺炎疫情工作领导小组组长李明华主持召开市政府常务会议。", "李明华",
                     "李明华", ["市委副书记", "市长", "市应对新冠肺炎疫情工作领导小组组长"], ["chair"],
                     id="task-force-title-with-yingdui"),
        pytest.param(OPEN + "县政协主席李明华,县人大常委会主任赵志强,县政协副主席,县法院院长,防汛督导员,"
                     "县委办、县政协办主任,各乡(镇)党委书记等参加了会议。", "王建国", "赵志强", ["县人大常委会主任"],
                     ["attendee"], id="names-before-a-run-of-unnamed-posts"),
        pytest.param("3月2日晚,全省疫情防控视频会议召开。省委书记李明华通过视频察看各市防控现场,了解疫情防控工作情况。省长赵志强主持会议。李明华指出,要压实责任。",
                     "赵志强", "李明华", ["省委书记"], ["speaker"], id="titles-from-a-mention-without-cue"),
        pytest.param(OPEN + "副县长李明华、县委副书记赵志强等分别在城关镇分会场、县主会场出席会议。", "王建国", "李明华",
                     ["副县长"], ["branch_venue"], id="deng-then-respectively-paired-venues"),
        pytest.param("3月2日,全县疫情防控工作会议召开。县委书记王建国出席会议并讲话。出席会议的领导还有县委副书记李明华,"
                     "副县长赵志强、孙立。", None, "孙立", ["副县长"], ["attendee"], id="listing-after-cue-with-leaders-word"),
        pytest.param("王建国主持召开县委常委会会议\n3月2日,县委常委会召开会议,研究疫情防控工作。会议强调,要压实责任。",
                     "王建国", "王建国", [], ["chair"], id="chair-named-only-in-headline"),
        pytest.param("3月2日,全县疫情防控工作会议召开。会议由县委副书记、县长李明华主持。县委书记王建国出席会议并讲话。",
                     "李明华", "王建国", ["县委书记"], ["attendee", "speaker"], id="passive-chair-not-the-main-speaker"),
        pytest.param("3月2日,全县疫情防控工作会议召开。县领导李明华、赵志强出席,副县长孙立主持。", "孙立", "赵志强", [],
                     ["attendee"], id="chair-after-a-list-of-attendees"),
        pytest.param("4月2日,省长李明华在某市检查疫情防控工作后,于当晚主持召开省疫情防控指挥部会议。", "李明华", "李明华",
                     ["省长"], ["chair"], id="chair-after-a-clause-and-a-time-adverbial"),
        pytest.param(OPEN + "县领导李明华、孙传记、赵志强出席会议。", "王建国", "孙传记", [], ["attendee"],
                     id="list-item-ending-like-a-word-after-a-name"),
    ],
)
def test_chair_and_roles(body: str, chair: str, name: str, titles: list[str], roles: list[str], people_of) -> None:
    found_chair, people = people_of(body)
    assert found_chair == chair
    assert people[name] == (sorted(titles), sorted(roles))


def test_leader_on_whose_behalf_one_attends_is_not_an_attendee(people_of) -> None:
    _, people = people_of("3月2日,全县疫情防控工作会议召开。县长李明华受县委书记王建国委托出席会议并讲话。")
    assert "王建国" not in people
    assert people["李明华"] == (["县长"], ["attendee", "speaker"])


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("会议传达了省委书记李明华在全省疫情防控工作会议上的讲话精神。", id="relayed-speech-of-absent-leader"),
        pytest.param("县委书记王建国主持会议,传达省委书记李明华在全省会议上的讲话精神。", id="verb-before-title-is-not-an-organ"),
        pytest.param("按照市委书记李明华部署,会议对下一步工作进行了安排。", id="leader-whose-plan-is-followed"),
        pytest.param("会议要求,认真落实李明华书记讲话要求。", id="leader-named-before-title-in-a-directive"),
        pytest.param("据副县长李明华介绍,全县已完成核酸检测。", id="according-to-a-source"),
    ],
)
def test_leader_only_referred_to_is_not_a_participant(sentence: str, people_of) -> None:
    _, people = people_of(OPEN + sentence)
    assert "李明华" not in people


def test_list_with_units_takes_no_word_for_a_name(people_of) -> None:
    _, people = people_of(OPEN + "李明华、赵志强、孙立、钱德胜、防控专班、城关、新华社区参加会议。")
    assert set(people) <= {"王建国", "李明华", "赵志强", "孙立", "钱德胜"}


def test_long_task_force_title(people_of) -> None:
    _, people = people_of("3月2日,县长、县新型冠状病毒肺炎疫情防控应急指挥部指挥长李明华主持召开全县疫情防控工作会议。")
    assert people["李明华"][0] == sorted(["县长", "县新型冠状病毒肺炎疫情防控应急指挥部指挥长"])


def test_space_separated_headline_names_do_not_inherit_the_chair(people_of) -> None:
    body = "县委书记王建国主持会议并讲话 李明华赵志强出席\n" + OPEN + "县领导李明华、赵志强出席会议。"
    _, people = people_of(body)
    assert people["王建国"][1] == ["chair", "speaker"]


@pytest.mark.parametrize(
    ("text", "first", "second", "together"),
    [
        pytest.param("县委书记王建国主持召开县委常委会会议,会议同时套开了县应急指挥部第3次会议。",
                     "县委常委会会议", "县应急指挥部第3次会议", True, id="held-along-with"),
        pytest.param("县委书记王建国主持召开县防控专班会商会、各乡镇调度会,部署防控措施。",
                     "县防控专班会商会", "各乡镇调度会", True, id="two-names-joined-in-one-clause"),
        pytest.param("省长赵志强主持召开全省疫情防控工作会议。会后,全县疫情防控工作会议随即召开。",
                     "全省疫情防控工作会议", "全县疫情防控工作会议", False, id="meeting-held-after-another"),
    ],
)
def test_meeting_held_together_shares_chair(text: str, first: str, second: str, together: bool) -> None:
    def span(name: str) -> Span:
        at = text.find(name)
        return Span(at, at + len(name))

    end = text.find("。", text.find(second))
    start = text.rfind("。", 0, text.find(second)) + 1
    lead = MeetingMention("held", second, span(second), span(second), Span(start, end), "body")
    previous = SimpleNamespace(name_span=span(first))
    assert _held_together(text, lead, previous) is together  # type: ignore[arg-type]
