"""Properties of normalise on any string, with the mojibake repair on: it never raises, it
is idempotent, and its offset map, segments and findings are consistent with the text.

The number of examples comes from the Hypothesis profile (tests/conftest.py: `ci` by
default, `HYPOTHESIS_PROFILE=dev` for more).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.normalise import normalise
from etl.spans import Span

# Common Simplified characters, Traditional ones with pinyin glued after them (領(lǐng)),
# ASCII and full-width punctuation (doubled too), brackets, ASCII ? and ! after Han
# characters, white space, line breaks, control and invisible characters.
_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研底线张李王"
_TRADITIONAL = ["領(lǐng)", "導(dǎo)", "會(huì)", "議(yì)", "發(fā)", "經(jīng)", "濟(jì)", "時(shí)", "區(qū)", "強(qiáng)", "調(diào)", "進(jìn)", "實", "關", "應", "對", "準", "備", "體", "統"]
_PUNCTUATION = list("，。、：；！？（）“”《》【】") + list(",.:;!?()\"'") + [",,", ",、", "。。", "？？", "!!", "?!", "！？", "(", ")", "（", "）"]
_NOISE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\ufeff", " ", "\u3000", "\t", "\n", "\r\n", "\r", "?", "!", "?", "!", "11月26日", "1"]

han = st.text(alphabet=_COMMON, min_size=1, max_size=6)
_clean_pieces = st.one_of(han, st.sampled_from(_TRADITIONAL), st.sampled_from(_PUNCTUATION), st.sampled_from(_NOISE))
clean_like = st.lists(_clean_pieces, max_size=30).map("".join)
"""Text as scraped reports are made of, without U+FFFD."""
damaged_like = st.lists(st.one_of(_clean_pieces, st.sampled_from(["\ufffd", "a", "Z", "[", "]", "_"])), max_size=30).map("".join)
"""The same with U+FFFD (a lost character) and lone ASCII characters from @ on (letters,
square brackets …: a GBK trail byte read on its own) among the pieces."""
anything = st.text(max_size=80)


@given(st.one_of(damaged_like, anything))
def test_never_raises_and_offsets_are_consistent(raw: str) -> None:
    doc = normalise(raw)
    offsets = doc.offsets
    assert len(offsets) == len(doc.text)
    assert offsets.source_len == len(raw)
    assert offsets.starts == sorted(offsets.starts)
    for i in range(len(doc.text)):
        src = offsets.to_source(Span(i, i + 1))
        assert 0 <= src.start <= src.end <= len(raw)


@given(clean_like)
def test_idempotent(raw: str) -> None:
    once = normalise(raw).text
    assert normalise(once).text == once


# Found by the properties on damage signs (U+FFFD, a lone Latin letter or square bracket)
# mixed into random characters: the repair reads the normalised text (Simplified, pinyin
# gone, so a letter is now glued to a Han character, ？ folded to ?) differently from the
# raw text, and a character it left as U+FFFD is a lost byte to it the second time. Each
# is a known gap, kept here to be closed (strict: a fix makes the test fail, then move the
# example into the property's strategy).
KNOWN_GAPS = [
    pytest.param("？\ufffd", id="folded-question-mark-beside-lost-char"),
    pytest.param("\ufffd关就\ufffd", id="lost-char-left-by-the-repair-at-the-end"),
    pytest.param("？？一一\ufffd", id="question-marks-before-lost-char"),
    pytest.param("\ufffd\r\n一", id="lost-char-before-crlf"),  # CRLF kept as it scored before
    pytest.param("?領(lǐng)a", id="letter-glued-once-pinyin-is-gone"),
    pytest.param("一[領(lǐng)??一", id="bracket-glued-once-pinyin-is-gone"),
]


@pytest.mark.xfail(strict=True, reason="known gap: the repair reads some damage signs differently once normalised")
@pytest.mark.parametrize("raw", KNOWN_GAPS)
def test_idempotent_known_gaps(raw: str) -> None:
    once = normalise(raw).text
    assert normalise(once).text == once


@given(damaged_like)
def test_segments_and_findings_are_in_the_text(raw: str) -> None:
    doc = normalise(raw)
    spans = [s.span for s in doc.segments]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for span in spans:
        piece = span.of(doc.text)
        assert piece.strip() and "\n" not in piece and span.end <= len(doc.text)
    for f in doc.findings:
        if f.span is not None:
            assert 0 <= f.span.start <= f.span.end <= len(doc.text)
        if f.raw_span is not None:
            assert f.raw_span.end <= len(raw)
