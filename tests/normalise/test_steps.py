"""Each normalising step on its own: input → output, and the reasons of its edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.normalise.pinyin import is_syllable, pinyin_edits
from etl.normalise.punctuation import punctuation_edits
from etl.normalise.simplify import simplify_edits
from etl.normalise.whitespace import whitespace_edits
from etl.spans import Edit, Span, apply_edits


def run(step: Callable[[str], list[Edit]], text: str) -> str:
    return apply_edits(text, step(text))[0]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("会议\r\n强调\r\n", "会议\n强调\n", id="crlf"),
        pytest.param("会议\r强调\r", "会议\n强调\n", id="cr"),
        pytest.param("会议  \n强调\u3000\t\n", "会议\n强调\n", id="trailing-spaces"),
        pytest.param("\ufeff省委书记", "省委书记", id="bom"),
        pytest.param("领\u200b导\u200d小组\u2060", "领导小组", id="zero-width"),
        pytest.param("会议 \u200b \r\n", "会议\n", id="zero-width-among-trailing-spaces"),
        pytest.param("会\x00议\x07", "会议", id="control-chars"),
        pytest.param("  两个空格开头\n", "  两个空格开头\n", id="leading-spaces-kept"),
        pytest.param("第一段\u2029第二段", "第一段\n第二段", id="paragraph-separator"),
        pytest.param("\n\n\n", "\n\n\n", id="blank-lines-kept"),
    ],
)
def test_whitespace(raw: str, clean: str) -> None:
    assert run(whitespace_edits, raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("省疫情防控領(lǐng)導(dǎo)小組", "省疫情防控領導小組", id="tone-marked"),
        pytest.param("領(lǐng)導(dǎo)小組(擴(kuò)大)會(huì)議", "領導小組(擴大)會議", id="inside-real-parenthetical"),
        pytest.param("以縣(市、區(qū))為作戰主體", "以縣(市、區)為作戰主體", id="nested-closing"),
        pytest.param("各市(州)、長(zhǎng)白山", "各市(州)、長白山", id="real-parenthetical-kept"),
        pytest.param("參會。(黃鷺 于小博)", "參會。(黃鷺 于小博)", id="credit-bracket-kept"),
        pytest.param("(3月19日,全省會議在長沙召開。)", "(3月19日,全省會議在長沙召開。)", id="caption-kept"),
        pytest.param("代價（jià）", "代價", id="full-width-parens"),
        pytest.param("代價(jià )", "代價", id="space-inside"),
        pytest.param("我們(men)的", "我們的", id="toneless-neutral-syllable"),
        pytest.param("長度(m)", "長度(m)", id="toneless-unit-kept"),
        pytest.param("新冠(CT)檢測", "新冠(CT)檢測", id="abbreviation-kept"),
        pytest.param("使用(app)", "使用(app)", id="english-word-kept"),
        pytest.param("ABC(lǐng)", "ABC(lǐng)", id="not-after-han"),
        pytest.param("再調gòu)度", "再調度", id="orphan-tail"),
        pytest.param("(市gòu)", "(市gòu)", id="tail-with-opening-kept"),
        pytest.param("領導小組領(lǐ", "領導小組領", id="orphan-head-at-line-end"),
        pytest.param("字(lǐng)(dǎo)", "字", id="consecutive"),
        pytest.param("領導(lǐng dǎo)", "領導", id="two-syllables"),
        pytest.param("一點(diǎnr)", "一點", id="erhua"),
        pytest.param("女(nǚ)性", "女性", id="u-umlaut"),
    ],
)
def test_pinyin(raw: str, clean: str) -> None:
    assert run(pinyin_edits, raw) == clean


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("lǐng", True, id="tone"),
        pytest.param("LǏNG", True, id="upper-tone"),
        pytest.param("men", True, id="toneless"),
        pytest.param("Men", False, id="toneless-capitalised"),
        pytest.param("a", False, id="toneless-single-letter"),
        pytest.param("lǐngdǎo", False, id="two-tones"),
        pytest.param("xyz", False, id="not-pinyin"),
    ],
)
def test_is_syllable(token: str, expected: bool) -> None:
    assert is_syllable(token) is expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("領導小組擴大會議", "领导小组扩大会议", id="traditional"),
        pytest.param("省委书记主持召开会议", "省委书记主持召开会议", id="simplified-unchanged"),
        pytest.param("乾隆年間很乾燥", "乾隆年间很干燥", id="phrase-context"),
        pytest.param("Hello, world", "Hello, world", id="ascii"),
        pytest.param("張慶偉 強調", "张庆伟 强调", id="names"),
    ],
)
def test_simplify(raw: str, clean: str) -> None:
    assert run(simplify_edits, raw) == clean


def test_simplify_edits_one_per_run_of_changed_characters() -> None:
    edits = simplify_edits("領導小組")
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 2, "领导"), (3, 4, "组")]


def test_simplify_falls_back_when_length_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that changes length on a phrase: only that clause gets a wide edit;
    the other clause keeps its one-for-one edits."""

    class Widening:
        def convert(self, text: str) -> str:
            return text.replace("會議", "会议X").replace("會", "会")

    monkeypatch.setattr("etl.normalise.simplify.converter", lambda: Widening())
    text = "會議,會"
    new, mapping = apply_edits(text, simplify_edits(text))
    assert new == "会议X,会"
    assert [mapping.to_source(Span(i, i + 1)) for i in range(len(new))] == [
        Span(0, 2), Span(0, 2), Span(0, 2), Span(2, 3), Span(3, 4)
    ]


@pytest.mark.parametrize(
    ("raw", "clean", "reasons"),
    [
        pytest.param("组长，副组长：出席！", "组长,副组长:出席!", {"fold"}, id="fold"),
        pytest.param("（扩大）会议；是吗？", "(扩大)会议;是吗?", {"fold"}, id="fold-parens"),
        pytest.param("召开第十二次会议,,传达", "召开第十二次会议,传达", {"doubled_punctuation"}, id="double-comma"),
        pytest.param("召开会议，，传达", "召开会议,传达", {"doubled_punctuation", "fold"}, id="double-full-width-comma"),
        pytest.param("市委副书记,、市长", "市委副书记、市长", {"doubled_punctuation"}, id="comma-enum"),
        pytest.param("出席,。", "出席。", {"doubled_punctuation"}, id="comma-stop"),
        pytest.param("市长、,组长", "市长、组长", {"doubled_punctuation"}, id="enum-comma"),
        pytest.param("a,,,、b", "a、b", {"doubled_punctuation"}, id="long-run"),
        pytest.param("第一行\n,,第二行", "第一行\n第二行", {"doubled_punctuation"}, id="comma-at-line-start"),
        pytest.param("出席并讲话 。)", "出席并讲话。)", {"punctuation_spacing"}, id="space-before-stop"),
        pytest.param("(黄鹭 于小博 )", "(黄鹭 于小博)", {"punctuation_spacing"}, id="space-before-paren"),
        pytest.param("“四方责任”《通知》。", "“四方责任”《通知》。", set(), id="kept-as-is"),
        pytest.param("1,000人", "1,000人", set(), id="thousands"),
    ],
)
def test_punctuation(raw: str, clean: str, reasons: set[str]) -> None:
    edits = punctuation_edits(raw)
    assert apply_edits(raw, edits)[0] == clean
    assert {e.reason for e in edits} == reasons


@given(st.text(alphabet=" \t\u3000\u00a0\r\n\u2028\u2029\u0085\ufeff\u200b\u00ad\x00\x07\x0b\x1f\x7fab甲乙", max_size=30))
def test_whitespace_matches_are_those_of_the_regex_alone(text: str) -> None:
    from etl.normalise import whitespace

    def spans(matches) -> list[tuple[int, int, str | None]]:
        return [(m.start(), m.end(), m.lastgroup) for m in matches]

    assert spans(whitespace._matches(text)) == spans(whitespace._pattern().finditer(text))


@given(st.text(alphabet="，：；！？（）,:甲乙 \n", max_size=30))
def test_folding_is_translating_with_the_fold_table(text: str) -> None:
    from etl.normalise import punctuation

    foldable = [m.start() for m in punctuation._foldable().finditer(text)]
    assert punctuation._folded(text, foldable) == text.translate(punctuation._fold_table())
