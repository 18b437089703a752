"""Surnames and the plausibility test for personal names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.reference import is_plausible_person_name, looks_like_place, surname_of, surnames


def test_surname_lists() -> None:
    single, compound = surnames()
    assert len(single) > 400 and len(compound) > 50
    assert {"王", "李", "张", "刘", "陈", "肖", "闫"} <= single
    assert {"欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟", "公孙", "慕容", "令狐", "东方",
            "夏侯", "端木", "长孙", "宇文", "司徒"} <= compound


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        pytest.param("欧阳某某", "欧阳", id="compound"),
        pytest.param("诸葛亮", "诸葛", id="compound-one-given"),
        pytest.param("张巍", "张", id="single"),
        pytest.param("某某", None, id="no-surname"),
    ],
)
def test_surname_of(name: str, surname: str | None) -> None:
    assert surname_of(name) == surname


@pytest.mark.parametrize(
    ("name", "next_text"),
    [
        pytest.param("欧阳某某", "", id="compound-two-given"),
        pytest.param("司马某", "出席", id="compound-one-given"),
        pytest.param("韩俊", "出席会议并讲话", id="two-chars"),
        pytest.param("景俊海", "以视频形式", id="three-chars"),
        pytest.param("于小博", ")", id="preposition-surname"),
        pytest.param("白云", "出席", id="name-that-is-a-district-stem"),
        pytest.param("韩俊", "省长", id="title-after"),
        pytest.param("马明龙", ",市委副书记", id="followed-by-comma"),
        pytest.param("张安顺", "、李海涛", id="given-name-is-a-city"),
        pytest.param("王某某", "", id="placeholder"),
    ],
)
def test_plausible(name: str, next_text: str) -> None:
    assert is_plausible_person_name(name, next_text)


@pytest.mark.parametrize(
    ("name", "next_text"),
    [
        pytest.param("景俊海以", "视频形式", id="four-chars-function-char"),
        pytest.param("韩俊出", "席", id="ends-in-verb"),
        pytest.param("长春", "", id="city-short-name"),
        pytest.param("松原", "、长春", id="city-short-name-2"),
        pytest.param("梅河", "新区", id="zone-stem"),
        pytest.param("梅河", "口市", id="stem-of-a-city"),
        pytest.param("会议", "", id="common-word"),
        pytest.param("安全", "", id="common-word-with-surname-char"),
        pytest.param("韩省长", "", id="contains-title"),
        pytest.param("全省", "", id="whole-province"),
        pytest.param("他强", "调", id="pronoun"),
        pytest.param("张三丰年", "", id="too-long"),
        pytest.param("张", "", id="too-short"),
        pytest.param("张3", "", id="digit"),
        pytest.param("张,伟", "", id="punctuation"),
        pytest.param("", "", id="empty"),
        pytest.param("吉林省", "", id="province"),
    ],
)
def test_implausible(name: str, next_text: str) -> None:
    assert not is_plausible_person_name(name, next_text)


@pytest.mark.parametrize(
    ("candidate", "next_text", "expected"),
    [
        pytest.param("梅河", "新区和省直", True, id="zone"),
        pytest.param("长春", "", True, id="city"),
        pytest.param("韩俊", "省长", False, id="title-follows"),
        pytest.param("韩俊", "出席", False, id="verb-follows"),
        pytest.param("白云", "出席", False, id="county-stem-alone-is-not-a-place"),
        pytest.param("白云", "区", True, id="county-stem-with-suffix"),
    ],
)
def test_looks_like_place(candidate: str, next_text: str, expected: bool) -> None:
    assert looks_like_place(candidate, next_text) is expected


@given(st.text(min_size=1, max_size=6))
def test_non_han_is_never_a_name(text: str) -> None:
    if any(not ("\u3400" <= ch <= "\u9fff") for ch in text):
        assert not is_plausible_person_name(text)


def test_common_word_allowed_after_a_title() -> None:
    assert not is_plausible_person_name("金融", "出席")
    assert is_plausible_person_name("金融", "出席", after_title=True)
    assert not is_plausible_person_name("长春", "", after_title=True)
