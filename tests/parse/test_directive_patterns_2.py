"""More shapes of reported speech in real reports, on invented text: bullets printed as
a glyph before each item, a meeting summing up a list of tasks (会议还对…进行了安排), a
sentence opening on a bare cue (并指出,…) after a person acted, 甲针对…提出要求."""

from __future__ import annotations

import pytest

_LEAD = "5月6日,市委书记王建国主持召开全市疫情防控工作会议。市长李明华出席会议。\n"



@pytest.mark.parametrize(
    ("text", "speaker", "samples"),
    [
        pytest.param(
            _LEAD + "王建国强调——\n●要加强社区网格排查。\n●要做好隔离点物资保障。\n",
            "王建国", ["要加强社区网格排查", "要做好隔离点物资保障"], id="bullet-glyph-items-after-dash-cue",
        ),
        pytest.param(
            _LEAD + "李明华强调——\n?要加强社区网格排查;\n?各街道要适当安排轮休,确保干部身体健康。\n",
            "李明华", ["要加强社区网格排查", "适当安排轮休"], id="lost-glyph-items-after-dash-cue",
        ),
        pytest.param(
            _LEAD + "会议还对全市各小区实行出入登记制度,做好返乡人员排查,强化一线人员防护等重点工作进行了安排。\n",
            "会议", ["做好返乡人员排查", "强化一线人员防护"], id="meeting-sums-up-task-list",
        ),
        pytest.param(
            _LEAD + "王建国对全市重点场所等工作进行部署。并指出,要激活应急机制,关口前移。\n",
            "王建国", ["要激活应急机制"], id="bare-cue-sentence-speaks-for-previous-actor",
        ),
        pytest.param(
            _LEAD + "李明华针对重点人群、重点场所等工作提出具体要求,并强调,要吸取外地教训,细化各项工作。\n",
            "李明华", ["针对重点人群", "要吸取外地教训"], id="person-then-zhendui-summary",
        ),
        pytest.param(
            _LEAD + "市长李明华就做好下一步工作提出要求:\n一、要加强物资保障。\n二、要做好核酸检测。\n",
            "李明华", ["要加强物资保障", "要做好核酸检测"], id="summary-cue-then-colon-then-items",
        ),
        pytest.param(
            _LEAD + "李明华对下一步工作作出部署:要加强物资保障,做好核酸检测。\n",
            "李明华", ["要加强物资保障"], id="summary-cue-then-colon-then-words",
        ),
        pytest.param(
            _LEAD + "会议对下一步工作作出安排——\n●要加强物资保障。\n●要做好核酸检测。\n",
            "会议", ["要加强物资保障", "要做好核酸检测"], id="summary-cue-then-dash-then-bullets",
        ),
        pytest.param(
            _LEAD + "会议对下一步工作进行了部署,要求各区县严格落实社区管控措施,做好物资保障。\n",
            "会议", ["各区县严格落实社区管控措施"], id="meeting-report-cue-then-requires",
        ),
        pytest.param(
            _LEAD + "会议强调,要加强社区管控。\n当前正值春运,人员流动频繁,各级各部门要严格落实返乡人员报备。\n",
            "会议", ["各级各部门要严格落实返乡人员报备"], id="paragraph-opening-on-situation-then-instruction",
        ),
        pytest.param(
            _LEAD + "李明华在讲话中,对做好下一步疫情防控工作提出要求。\n",
            "李明华", ["对做好下一步疫情防控工作提出要求"], id="speech-cue-as-adverbial-then-comma",
        ),
        pytest.param(
            _LEAD + "会上,李明华传达了全省疫情防控工作会议精神。并就做好下一步工作提出要求。\n",
            "李明华", ["就做好下一步工作提出要求"], id="bare-summary-sentence-speaks-for-previous-actor",
        ),
    ],
)
def test_directive_shapes(text: str, speaker: str, samples: list[str], said_of) -> None:
    said = said_of(text)
    for sample in samples:
        assert any(who == speaker and sample in what for who, what in said), (sample, said)


def test_dash_before_item_is_no_part_of_it(said_of) -> None:
    said = said_of(_LEAD + "王建国强调:\n——要加强社区网格排查。\n")
    assert ("王建国", "要加强社区网格排查") in said, said


def test_bare_cue_needs_an_actor_before(said_of) -> None:
    said = said_of(_LEAD + "全市各区县在分会场收听收看。并指出,要激活应急机制。\n")
    assert all(who == "会议" or "激活" not in what for who, what in said), said


def test_yao_inside_a_word_opens_no_clause(said_of) -> None:
    said = said_of(_LEAD + "王建国指出,当前形势严峻,正处于要劲时期,对干部是一次考验。要坚决守住防线。\n")
    assert all("要劲" not in what for _, what in said) and _has_any(said, "要坚决守住防线"), said


def _has_any(said: list[tuple[str, str]], sample: str) -> bool:
    return any(sample in what for _, what in said)


def test_yaoqiu_inside_speech_is_no_clause_cut(said_of) -> None:
    said = said_of(_LEAD + "会议强调,各区县要加强社区管控,按照时间节点要求,严密组织核酸检测。\n")
    assert ("会议", "各区县要加强社区管控,按照时间节点要求,严密组织核酸检测") in said, said


def test_paragraph_of_narrative_after_speech_is_not_carried(said_of) -> None:
    said = said_of(_LEAD + "会议强调,要加强社区管控。\n当前全市共有采样点120个,日均检测能力达到10万管。\n")
    assert all("采样点" not in what for _, what in said), said


def test_words_after_adverbial_cue_drop_the_lead_end(said_of) -> None:
    said = said_of(_LEAD + "李明华在讲话中,对做好下一步疫情防控工作提出要求。\n")
    assert all(not what.startswith("中") for _, what in said), said


def test_summary_cue_needs_its_object(said_of) -> None:
    said = said_of(_LEAD + "会议还进行了安排。\n")
    assert all("进行了安排" not in what for _, what in said), said
