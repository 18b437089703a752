"""The jieba tokenizer keeps titles, organisations and places whole."""

from __future__ import annotations

from collections.abc import Callable

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.native import native_enabled
from etl.reference import tokenizer, tokens
from etl.reference.segmenter import Boundaries, _native_tokens, boundaries, user_words


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


# Text in which word boundaries are worth testing: division and title words, ordinary
# characters, letters and digits jieba joins, and the separators it cuts on (\r\n whole).
_PIECES = st.sampled_from(
    ["长春", "松原市", "梅河新区", "副省长", "高新区", "会议", "召开", "在", "的", "一成", "下机",
     "安全", "推进", "新", "区", "a", "Z", "9", "_", ".", "-", "%", " ", "\r", "\n", "\r\n", "\t",
     ",", "。", "、", "·", "\u3400", "\u9fd6", "\ue000", "😀", "é"]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _reference_boundaries(text: str) -> frozenset[int]:
    return frozenset(b for _, s, e in tokenizer().tokenize(text, HMM=False) for b in (s, e))


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_boundaries_are_the_tokens_edges(text: str) -> None:
    expected = _reference_boundaries(text)
    bounds = Boundaries(text)
    assert {i for i in range(-1, len(text) + 2) if i in bounds} == expected


def test_boundaries_shared_per_text() -> None:
    text = "会议在某某县召开,副省长出席。"
    assert boundaries(text) is boundaries(text)


def test_tokenizer_sees_jiebas_own_dictionary() -> None:
    """The view over the shared dictionary answers as a tokenizer of its own would, also
    after the repair lexicon has added its domain words to the shared one."""
    from etl.repair.lexicon import _dictionary, domain_words

    _dictionary()
    own = jieba.Tokenizer()
    own.initialize()
    for word, freq in user_words():
        own.add_word(word, freq=max(freq, own.FREQ.get(word, 0) or 0))
    view = tokenizer().FREQ
    assert tokenizer().total == own.total
    probe = {w[:i] for w in list(domain_words()) + [w for w, _ in user_words()] for i in range(1, len(w) + 1)}
    probe |= {w + "某" for w in domain_words()} | set(list(own.FREQ)[::50])
    for word in probe:
        assert (word in view, view.get(word), view.get(word, -1)) == (
            word in own.FREQ, own.FREQ.get(word), own.FREQ.get(word, -1)
        ), word


def test_lexicon_shares_the_dictionary() -> None:
    from etl.reference.jieba_words import frequencies
    from etl.repair.lexicon import _dictionary

    assert _dictionary()[0] is frequencies()[0]


@pytest.mark.skipif(not native_enabled("rjieba"), reason="rjieba (the [fast] extra) not installed, or ETL_NATIVE=0")
class TestNativeTokens:
    """jieba-rs given the same words and total cuts as jieba does."""

    @pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
    def test_seeds(self, stem: str, seed_text: Callable[[str], str]) -> None:
        text = seed_text(stem)
        assert _native_tokens(text) == list(tokenizer().tokenize(text, HMM=False))

    @given(_TEXTS)
    @settings(max_examples=300, deadline=None)
    def test_strings(self, text: str) -> None:
        assert _native_tokens(text) == list(tokenizer().tokenize(text, HMM=False))

    @given(st.lists(st.sampled_from([w for w, _ in user_words()[::7]]) | _PIECES, max_size=12).map("".join))
    @settings(max_examples=300, deadline=None)
    def test_reference_words(self, text: str) -> None:
        assert _native_tokens(text) == list(tokenizer().tokenize(text, HMM=False))
