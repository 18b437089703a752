"""Golden checks of normalise on the five seed articles.

Expected values are written out here (copied from the hand annotations in
shared/gold where those say them), so the tests run on a clean clone; one test compares
them with the gold files when those are present.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from etl.normalise import NormalisedDocument, normalise
from etl.normalise.simplify import converter

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"

EXPECTED: dict[str, dict[str, object]] = {
    "000_e333c9592c598cfa": {
        "artifacts": {"traditional", "pinyin_annotations", "boilerplate_footer"},
        "headline": ["景俊海以视频形式主持召开省疫情防控领导小组(扩大)会议"],
        "credit": ["(黄鹭 于小博)", "责任编辑: 赵石乐"],
        "footer": ["扫描二维码推送至手机访问。", "版权声明:本文由财神资讯-领先的体育资讯互动媒体转载发布,如需删除请联系。"],
        "caption": [],
        "kept": ["各市(州)、长白山", "领导小组(扩大)会议", "以县(市、区)为作战主体", "参会。"],
    },
    "001_4afe45b2ca26a880": {
        "artifacts": {"traditional", "pinyin_annotations", "mojibake"},
        "headline": [
            "张庆伟在市(地)、县(市、区)疫情防控视频会议上强调",
            "压紧“四方”责任落实常态化疫情防控要求",
            "持续巩固疫情防控和经济社会发展成果",
            "黄建盛陈海波出席",
        ],
        "credit": [],
        "footer": [],
        "caption": [],
        "kept": ["主持召开市(地)、县(市、区)疫情防控视频会议", "管控社区(村屯)"],
    },
    "002_da66712a28116a4b": {
        "artifacts": {"traditional", "pinyin_annotations", "doubled_punctuation", "mojibake", "truncated"},
        "headline": [
            "李酌主持召开市委应对新冠肺炎疫情工作领导小组第十二次会议时强调 在“防”字上下功夫“快”字上做文章 "
            "全民行动全力以赴打赢疫情防控阻击战"
        ],
        "credit": ["记者 彭华"],
        "footer": [],
        "caption": ["会议现场 记者 张毅 摄影"],
        "kept": ["来(返)雅人员", "市委副书记、市长、领导小组组长", "副组长白云出席。"],
    },
    "003_f05cf6e99f61e168": {
        "artifacts": {"boilerplate_footer"},
        "headline": [],
        "credit": ["(文/黄伟 胡建伟 图/马镇丹)", "编辑:缪小兵", "审核:滕建锋"],
        "footer": [],
        "caption": [],
        "kept": ["今日镇江讯 11月18日,省委书记"],
    },
    "004_8d8a58afc73fe51d": {
        "artifacts": {"traditional", "pinyin_annotations", "boilerplate_footer"},
        "headline": ["毛伟明在全省新冠肺炎疫情防控工作电视电话会上强调", "守土有责 守土负责 守土尽责", "全面落实好十条疫情防控措施"],
        "credit": ["责编:印奕帆"],
        "footer": ["来源:湖南日报·华声在线"],
        "caption": [
            "(3月19日,全省新冠肺炎疫情防控工作电视电话会议在长沙召开,省委副书记、省长毛伟明出席并讲话。)",
            "(会议现场。)",
            "(各市州分会场。以上照片均由湖南日报全媒体记者 刘尚文 摄)",
        ],
        "kept": ["3月19日讯(全媒体记者 孙敏坚)19日上午", "18人(均为境外输入)。"],
    },
}
STEMS = sorted(EXPECTED)
SEGMENT_KINDS = ("headline", "credit", "footer", "caption")

_TONE_LETTER = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_PINYIN_GROUP = re.compile(r"[(（][a-zA-Zü]+[)）]")
_DOUBLED = re.compile(r",,|,、|、,|,。|。,")


def raw_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


@cache
def doc(stem: str) -> NormalisedDocument:
    return normalise(raw_text(stem))


def segment_texts(d: NormalisedDocument, kind: str) -> list[str]:
    return [s.span.of(d.text) for s in d.segments if s.kind == kind]


def repair_ran(d: NormalisedDocument) -> bool:
    return not any(f.kind == "repair_failed" for f in d.findings)


def skip_unless_repaired(d: NormalisedDocument) -> None:
    """Pinyin inside mojibake (冷鏈?zhǔn)) is the repair helper's to remove."""
    if not repair_ran(d):
        pytest.skip("the repair helper failed on this seed (see its repair_failed finding)")


@pytest.mark.parametrize("stem", STEMS)
def test_no_pinyin_left(stem: str) -> None:
    d = doc(stem)
    skip_unless_repaired(d)
    damaged = [f.span for f in d.findings if f.stage == "repair" and f.span is not None]
    for m in [*_TONE_LETTER.finditer(d.text), *_PINYIN_GROUP.finditer(d.text)]:
        assert any(s.start <= m.start() and m.end() <= s.end for s in damaged), m.group()


@pytest.mark.parametrize("stem", STEMS)
def test_no_doubled_punctuation_or_full_width_left(stem: str) -> None:
    text = doc(stem).text
    assert not _DOUBLED.search(text)
    assert not re.search("[，：；！？（）]", text)
    assert "\r" not in text and "\ufeff" not in text


@pytest.mark.parametrize("stem", STEMS)
def test_simplified(stem: str) -> None:
    text = doc(stem).text
    assert converter().convert(text) == text


@pytest.mark.parametrize("stem", STEMS)
def test_real_parentheticals_kept(stem: str) -> None:
    text = doc(stem).text
    for piece in EXPECTED[stem]["kept"]:  # type: ignore[union-attr]
        assert piece in text


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
@pytest.mark.parametrize("stem", STEMS)
def test_segments_where_a_reader_sees_them(stem: str, kind: str) -> None:
    assert segment_texts(doc(stem), kind) == EXPECTED[stem][kind]


@pytest.mark.parametrize("stem", STEMS)
def test_artifacts_match_gold_except_mojibake(stem: str) -> None:
    expected = set(EXPECTED[stem]["artifacts"]) - {"mojibake"}  # type: ignore[arg-type]
    assert set(doc(stem).artifacts) - {"mojibake"} == expected


@pytest.mark.parametrize("stem", STEMS)
def test_mojibake_flag_when_repair_runs(stem: str) -> None:
    d = doc(stem)
    skip_unless_repaired(d)
    assert ("mojibake" in d.artifacts) == ("mojibake" in EXPECTED[stem]["artifacts"])  # type: ignore[operator]


@pytest.mark.parametrize("stem", STEMS)
def test_segments_cover_every_line_in_order(stem: str) -> None:
    d = doc(stem)
    spans = [s.span for s in d.segments]
    assert spans == sorted(spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    covered = {i for s in spans for i in range(s.start, s.end)}
    for i, ch in enumerate(d.text):
        if not ch.isspace():
            assert i in covered, f"{ch!r} at {i} is in no segment"


@pytest.mark.parametrize("stem", STEMS)
def test_segments_trace_back_to_raw(stem: str) -> None:
    """Each segment's raw span, normalised on its own, gives the segment back (where no
    mojibake repair touched it: repair needs the whole document's context)."""
    d, raw = doc(stem), raw_text(stem)
    skip_unless_repaired(d)
    repaired = [f.raw_span for f in d.findings if f.stage == "repair" and f.raw_span is not None]
    assert len(d.offsets) == len(d.text) and d.offsets.source_len == len(raw)
    checked = 0
    for seg in d.segments:
        src = d.offsets.to_source(seg.span)
        assert 0 <= src.start < src.end <= len(raw)
        if any(src.start < r.end and r.start < src.end for r in repaired):
            continue
        assert normalise(src.of(raw)).text == seg.span.of(d.text)
        checked += 1
    assert checked >= len(d.segments) - 3


@pytest.mark.parametrize("stem", STEMS)
def test_findings_carry_spans_in_normalised_text(stem: str) -> None:
    d = doc(stem)
    for f in d.findings:
        if f.raw_span is not None:
            assert f.span is not None and f.span.end <= len(d.text)


def test_truncated_sentences_of_002() -> None:
    d = doc("002_da66712a28116a4b")
    cut = [f.span.of(d.text) for f in d.findings if f.kind == "truncated_sentence" and f.span]
    assert cut[0].endswith("传达学习")
    assert [c for c in cut if len(c) <= 4] == ["要对照典", "对标"]


@pytest.mark.parametrize("stem", STEMS)
def test_idempotent(stem: str) -> None:
    once = doc(stem).text
    assert normalise(once).text == once


def test_expected_values_agree_with_gold_files() -> None:
    if not GOLD.is_dir():
        pytest.skip("shared/gold is not present")
    for stem in STEMS:
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        assert set(gold["artifacts"]) == EXPECTED[stem]["artifacts"], stem
        headlines = EXPECTED[stem]["headline"]
        assert (headlines[0] if headlines else None) == gold["title"], stem  # type: ignore[index]
