"""Which clauses are taken as directives, and who speaks them: invented reports in the
shapes real articles use (cue alone on its line, a meeting held by a body, relayed
words, decisions, speech going on over paragraphs and numbered items)."""

from __future__ import annotations

import pytest

from etl.parse import directives

_LEAD = "5月6日,市委书记王建国主持召开全市疫情防控工作会议。市长李明华出席会议。\n"



def _has(said: list[tuple[str, str]], speaker: str, sample: str) -> bool:
    return any(who == speaker and sample in what for who, what in said)


def test_words_after_le_start_past_it(said_of):
    said = said_of(_LEAD + "李明华对下一步工作提出了核酸采样要提速、转运车辆要充足等具体要求。\n")
    assert any(what.startswith("核酸采样要提速") for _, what in said), said


def test_quoted_speech_over_sentences(said_of):
    said = said_of(_LEAD + "王建国强调:“我们要坚决守住社区防线。同时要加快补齐检测短板。”\n")
    assert _has(said, "王建国", "我们要坚决守住社区防线") and _has(said, "王建国", "同时要加快补齐检测短板"), said


def test_speech_opening_on_a_noun_cue_is_not_relayed(said_of):
    said = said_of(_LEAD + "王建国指出,总书记的重要讲话,为我们指明了方向,要坚决抓好贯彻落实。\n")
    assert _has(said, "王建国", "要坚决抓好贯彻落实"), said


def test_second_cue_is_not_a_directive(said_of):
    said = said_of(_LEAD + "会议明确要求,各区要压实属地责任。\n")
    assert ("会议", "各区要压实属地责任") in said and all(what != "要求" for _, what in said), said


def test_lead_paragraph_printed_twice_counts_once(said_of):
    lead = "5月6日,市委书记王建国主持召开全市疫情防控工作会议。会议强调,要坚决打好社区防控攻坚战。\n"
    said = said_of("摘要:" + lead + lead)
    assert [what for _, what in said].count("要坚决打好社区防控攻坚战") == 1, said


@pytest.mark.parametrize(
    ("text", "speaker", "samples"),
    [
        pytest.param(
            _LEAD + "会议强调:\n要严格落实入境人员闭环管理。\n要加快推进疫苗接种,筑牢免疫屏障。\n",
            "会议", ["要严格落实入境人员闭环管理", "要加快推进疫苗接种"], id="cue-alone-on-its-line",
        ),
        pytest.param(
            _LEAD + "王建国指出——\n当前,疫情形势严峻复杂,全市各级各部门要抓紧补位,健全社区网格管理。\n",
            "王建国", ["健全社区网格管理"], id="cue-then-dash-then-paragraph",
        ),
        pytest.param(
            "4月2日,省疫情防控指挥部召开第十五次会议,学习贯彻上级会议精神,安排部署近期工作,"
            "强调要全面排查重点场所,加快补齐防控短板。\n",
            "会议", ["要全面排查重点场所"], id="meeting-held-by-a-body-speaks",
        ),
        pytest.param(
            _LEAD + "会议决定,全市各类学校推迟春季开学时间。\n",
            "会议", ["全市各类学校推迟春季开学时间"], id="decision-is-a-directive",
        ),
        pytest.param(
            _LEAD + "经研究,会议决定暂停全市大型聚集性活动。\n",
            "会议", ["暂停全市大型聚集性活动"], id="decision-without-comma",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。\n严格落实公共场所扫码测温,加强冷链食品检测。\n",
            "王建国", ["严格落实公共场所扫码测温"], id="paragraph-opening-with-directive-verb-carries-on",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。\n各县(市、区)党委和政府要落实属地责任,加快补齐短板。\n",
            "王建国", ["加快补齐短板"], id="paragraph-with-a-long-subject-and-modal-carries-on",
        ),
        pytest.param(
            _LEAD + "会议要求:\n一、严格落实“四早”要求。\n二、全面排查风险人员。\n(三)做好物资储备。\n",
            "会议", ["严格落实“四早”要求", "全面排查风险人员", "做好物资储备"], id="numbered-items",
        ),
        pytest.param(
            _LEAD + "会议强调:\n(会议现场 记者 赵志强 摄)\n要全面排查重点场所。\n",
            "会议", ["要全面排查重点场所"], id="caption-between-cue-and-words",
        ),
        pytest.param(
            _LEAD + "王建国强调,一要压实责任;二要强化排查;三要做好保障。\n",
            "王建国", ["压实责任", "强化排查", "做好保障"], id="yi-yao-er-yao",
        ),
        pytest.param(
            _LEAD + "会议强调,,要严格落实各项措施,、做好隔离管控,。要加快疫苗接种。\n",
            "会议", ["要严格落实各项措施", "做好隔离管控", "要加快疫苗接种"], id="doubled-punctuation",
        ),
        pytest.param(
            _LEAD + "会议在听取汇报后强调,要坚决守住校园防线。\n",
            "会议", ["要坚决守住校园防线"], id="meeting-with-adverbial",
        ),
        pytest.param(
            _LEAD + "会议听取了各区疫情防控工作汇报后强调,要全面排查重点人员。\n",
            "会议", ["要全面排查重点人员"], id="meeting-listens-then-speaks",
        ),
        pytest.param(
            _LEAD + "会议特别强调,各级干部要下沉一线。\n",
            "会议", ["各级干部要下沉一线"], id="meeting-adverb-then-cue",
        ),
        pytest.param(
            _LEAD + "王建国强调,要深入贯彻上级部署,坚决落实各项要求,深刻认识当前疫情形势的复杂性,立即启动社区应急机制。\n",
            "王建国", ["立即启动社区应急机制"], id="instruction-naming-the-situation",
        ),
    ],
)
def test_directives_found(text, speaker, samples, said_of):
    said = said_of(text)
    for sample in samples:
        assert _has(said, speaker, sample), (sample, said)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param(
            _LEAD + "会议指出,总书记多次强调,人民至上、生命至上,要求织牢基层防控网络。\n",
            "织牢基层防控网络", id="relayed-words-of-a-higher-leader",
        ),
        pytest.param(
            _LEAD + "会议学习了省卫生健康委关于做好秋冬季防控的工作方案要求,听取了各区工作汇报。\n",
            "听取了各区工作汇报", id="requirement-as-a-noun-is-no-decision",
        ),
        pytest.param(
            _LEAD + "会议要求,当前形势复杂严峻,各区要压实属地责任。\n",
            "当前形势复杂严峻", id="situation-after-a-decision-cue-is-no-directive",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。\n会议还听取了各区工作汇报,加强了联系。\n",
            "听取了各区工作汇报", id="narrative-paragraph-ends-speech",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。\n省联防联控工作机制近日强调,各地要严格冷链食品管理。\n",
            "严格冷链食品管理", id="paragraph-of-someone-else-speaking-does-not-carry",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。\n此前,省指挥部召开视频调度会,强调要全面排查冷链食品。\n",
            "全面排查冷链食品", id="another-body-holding-a-meeting-later",
        ),
        pytest.param(
            _LEAD + "王建国强调,要加强重点人群健康监测。会后,各区迅速行动,加强了重点场所管控。\n",
            "加强了重点场所管控", id="narrative-sentence-ends-speech",
        ),
    ],
)
def test_not_directives(text, absent, said_of):
    said = said_of(text)
    assert not any(absent in what for _, what in said), said


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        pytest.param("坚决落实各项部署,深刻认识当前疫情形势的复杂性", True, id="opens-like-an-instruction"),
        pytest.param("疫情发生以来,各地迅速行动,防控工作取得明显成效", False, id="narrative-with-directive-verb"),
        pytest.param("精准施策", True, id="precise-measures"),
        pytest.param("5月3日18时许,某区发现一例阳性人员,指挥部连夜开展了及时管控", False, id="dated-event"),
        pytest.param("继续通过媒体发布防控知识", True, id="continue"),
    ],
)
def test_is_instruction(clause, expected):
    assert directives.is_instruction(clause) is expected
