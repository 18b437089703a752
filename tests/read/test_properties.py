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
