"""The jieba tokenizer keeps titles, organisations and places whole."""

from __future__ import annotations

import pytest

from etl.reference import tokenizer, tokens


def test_tokenizer_is_built_once() -> None:
    assert tokenizer() is tokenizer()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("省委副书记、省长韩俊出席", "副书记", id="title"),
        pytest.param("省疫情防控领导小组会议", "疫情防控领导小组", id="task-force"),
        pytest.param("特别是松原、长春等地", "松原", id="small-city"),
        pytest.param("长白山保护开发区", "保护开发区", id="zone-suffix"),
        pytest.param("在梅河口市召开", "梅河口市", id="county-city"),
    ],
)
def test_words_kept_whole(text: str, word: str) -> None:
    assert word in [w for w, _, _ in tokens(text)]


def test_token_offsets() -> None:
    text = "会议在长春召开"
    for word, start, end in tokens(text):
        assert text[start:end] == word
