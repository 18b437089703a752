"""The fast Traditional → Simplified converter gives exactly OpenCC('t2s')'s output.

Checked on random strings built from the dictionaries' own keys (whole phrases, their
prefixes and suffixes, so that phrases overlap), characters, ASCII and punctuation, and
on the seed articles both as they are and converted to Traditional (s2t) first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise.t2s import Converter, _table, converter

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DICTIONARY = Path(opencc.__file__).parent / "dictionary"


@cache
def reference() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def fast() -> Converter:
    conv = converter()
    assert conv is not None, "the installed opencc's t2s setup is not the one etl.normalise.t2s expects"
    return conv


@cache
def _pieces() -> list[str]:
    phrases = sorted(_table(DICTIONARY / "TSPhrases.txt"))
    chars = _table(DICTIONARY / "TSCharacters.txt")
    cut = [p[:k] for p in phrases for k in range(1, len(p))] + [p[k:] for p in phrases for k in range(1, len(p))]
    return [
        *phrases,
        *cut,
        *sorted(chars)[::5],
        *sorted(chars.values())[::5],
        *"会议强调要做好工作的了",
        *" \n\t\u3000,，。、:：;；!！?？()（）“”《》-—…·abcXYZ019",
    ]


mixed = st.lists(st.sampled_from(_pieces()), max_size=40).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mixed, st.text(max_size=60)))
def test_same_as_opencc_on_random_text(text: str) -> None:
    assert fast().convert(text) == reference().convert(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Of two overlapping phrases (藉藉, 藉箸代籌) OpenCC keeps the longer, though it starts later.
        pytest.param("藉藉箸代籌", "藉借箸代筹", id="longer-phrase-wins"),
        pytest.param("會議,開會", "会议,开会", id="characters"),
        pytest.param("", "", id="empty"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert fast().convert(text) == expected == reference().convert(text)


def _seed_texts() -> list[pytest.ParameterSet]:
    s2t = opencc.OpenCC("s2t")
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        out.append(pytest.param(text, id=f"{path.stem}-plain"))
        out.append(pytest.param(s2t.convert(text), id=f"{path.stem}-s2t"))
    return out


@pytest.mark.parametrize("text", _seed_texts())
def test_same_as_opencc_on_seeds(text: str) -> None:
    assert fast().convert(text) == reference().convert(text)
