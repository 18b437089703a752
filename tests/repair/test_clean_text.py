"""Clean text is never changed and never flagged: seeds, Traditional with pinyin, s2t."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.repair import repair_edits
from etl.repair.benchmark import _damaged_span, unfold_punctuation
from etl.repair.gbk import browser_decode, encode

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DAMAGE = re.compile(r"[?\ufffdㄊ]")


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def _clean_sentences() -> list[str]:
    """Sentences of every seed, cut at 。, without the ones holding a damaged run."""
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            for sentence in re.split(r"(?<=。)", line):
                if len(sentence) >= 4 and not DAMAGE.search(sentence):
                    out.append(sentence)
    return out


CLEAN = _clean_sentences()


def test_seed_003_is_left_alone() -> None:
    assert repair_edits(_seed("003")) == ([], [])


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_undamaged_seeds_are_left_alone(prefix: str) -> None:
    assert repair_edits(_seed(prefix)) == ([], [])


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_findings_stay_on_the_damaged_lines(prefix: str) -> None:
    text = _seed(prefix)
    edits, findings = repair_edits(text)
    for item in [*edits, *(f.raw_span for f in findings)]:
        line_start = text.rfind("\n", 0, item.start) + 1
        window = text[max(line_start, item.start - 40) : item.end + 40]
        assert DAMAGE.search(window), window


def test_seed_003_in_traditional_is_left_alone() -> None:
    text = opencc.OpenCC("s2t").convert(_seed("003"))
    assert repair_edits(text) == ([], [])


def test_seed_003_with_full_width_punctuation_is_left_alone() -> None:
    assert repair_edits(unfold_punctuation(_seed("003"))) == ([], [])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=4))
def test_clean_sentences_in_any_order_are_left_alone(sentences: list[str]) -> None:
    assert repair_edits("".join(sentences)) == ([], [])


DOCUMENT = unfold_punctuation(_seed("003"))
NON_ASCII = [i for i, b in enumerate(encode(DOCUMENT)) if b >= 0x80]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NON_ASCII))
def test_a_lost_byte_is_flagged_and_nothing_else_changes(cut: int) -> None:
    data = encode(DOCUMENT)
    damaged = browser_decode(data[:cut] + data[cut + 1 :])
    start, end = _damaged_span(DOCUMENT, damaged)
    edits, findings = repair_edits(damaged)
    assert all(start <= e.start and e.end <= end for e in edits)
    assert any(f.raw_span.start < end and f.raw_span.end > start for f in findings)


# An ASCII ? or ! after Han characters with no other sign of damage is punctuation: the
# repair must not take it for a lost byte (张三? once became 张三丰, …底线? became …底线。).
QUESTION_MARKS = [
    pytest.param("张三?", id="han-name-then-question-mark"),
    pytest.param("会议要求各地守住安全底线?", id="sentence-ending-dixian-question-mark"),
    pytest.param("要守住底线?\n坚持到底!", id="question-mark-before-line-break"),
    pytest.param("他问:李四来了吗?王五说没有。", id="question-inside-a-line"),
    pytest.param("王五?赵六!", id="two-names-question-and-exclamation"),
    pytest.param("真的要这样做吗?!", id="question-and-exclamation-doubled"),
    pytest.param("这是我们的底线!", id="exclamation-after-han"),
    pytest.param("?一一?", id="question-marks-around-common-characters"),
]


@pytest.mark.parametrize("text", QUESTION_MARKS)
def test_clean_question_and_exclamation_marks_are_not_rewritten(text: str) -> None:
    from etl.normalise import normalise

    assert repair_edits(text)[0] == []
    assert normalise(text).text == text


@pytest.mark.parametrize("text", ["张三？", "要守住底线？", "王五？赵六！"])
def test_full_width_question_mark_folds_and_stays(text: str) -> None:
    from etl.normalise import normalise

    once = normalise(text).text
    assert "?" in once and normalise(once).text == once


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("会议在\ufffd湖畔召开。", id="lost-char-before-han"),
        pytest.param("要认真学习\ufffd精神。", id="lost-char-inside-a-word"),
    ],
)
def test_a_lone_replacement_char_before_han_is_flagged_not_filled(text: str) -> None:
    """A browser writes U+FFFD for a GBK lead byte only before an ASCII byte or the end;
    before a Han character it is a lost character the dictionary would only guess."""
    edits, findings = repair_edits(text)
    assert edits == []
    assert [f.kind for f in findings] == ["replacement_char"]
