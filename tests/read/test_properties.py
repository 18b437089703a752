"""Properties of decode_bytes: encoded Chinese text comes back unchanged, and any bytes
either decode or raise ReadError (never another exception)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etl.read import ReadError, decode_bytes

# Characters a news report is made of: common Simplified and Traditional Han characters,
# ASCII and CJK punctuation, digits, newlines.
_ALPHABET = "省委书记書記主持召开召開会议會議疫情防控领导領導小组小組强调強調要坚持堅持和的了在是对對" "一二三十月日年市县縣区區" "0123456789 ,.()\n\r、。“”《》：；！？（）"
chinese_text = st.text(alphabet=_ALPHABET, min_size=1, max_size=200).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(chinese_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_roundtrip(text: str, codec: str) -> None:
    data = text.encode(codec)
    if codec == "gb18030":
        # Strict UTF-8 is tried first, so a short GBK run that happens to be valid UTF-8
        # (十 = CA AE = ʮ) reads as UTF-8; that ambiguity is inherent, not tested here.
        assume(not _valid_utf8(data))
    decoded, _ = decode_bytes(data)
    assert decoded == text


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_read_error(data: bytes) -> None:
    try:
        text, codec = decode_bytes(data)
    except ReadError as err:
        assert err.kind in {"binary_file", "undecodable"}
        assert "\n" not in str(err)
    else:
        assert data.decode(codec) == text


def _plausibility_reference(text: str) -> float:
    """plausibility as first written, character by character."""
    import unicodedata

    from etl.normalise.charsets import common_hanzi, is_private_use

    common = common_hanzi()
    seen = good = bad = 0
    for ch in text[:20000]:
        if ch.isascii():
            if (ch < " " and ch not in "\t\n\r\x0b\x0c") or ch == "\x7f":
                seen += 1
                bad += 1
            continue
        if ch.isspace():
            continue
        seen += 1
        if ch in common:
            good += 1
            continue
        category = unicodedata.category(ch)
        if is_private_use(ch) or ch == "\ufffd" or category in ("Co", "Cn", "Cc", "Cs"):
            bad += 1
        elif category.startswith("P") and (0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF or 0x2000 <= ord(ch) <= 0x206F):
            good += 1
    return 1.0 if seen == 0 else (good - 3 * bad) / seen


@given(st.one_of(st.text(max_size=40), st.text(alphabet="会议市长甲乙，。\u3000 \t\n\x00\x07\x1b\x7f\ufffd\ue000a锟斤拷", max_size=40)))
def test_plausibility_is_the_character_by_character_score(text: str) -> None:
    from etl.read import plausibility

    assert plausibility(text) == _plausibility_reference(text)


@given(st.binary(max_size=60))
def test_control_share_counts_as_before(data: bytes) -> None:
    from etl.read import _cfg, _control_share

    sample = data[: _cfg()["sample_bytes"]]
    controls = sum(1 for b in sample if (b < 0x20 and b not in b"\t\n\r\x0b\x0c\x1b") or b == 0x7F)
    assert _control_share(data) == (controls / len(sample) if sample else 0.0)
