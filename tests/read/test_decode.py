"""decode_bytes: encodings detected from the bytes, explicit overrides, binary and
undecodable input refused with a one-line reason and a fix."""

from __future__ import annotations

import codecs

import pytest

from etl.read import ReadError, decode_bytes, plausibility

SIMPLIFIED = "11月26日,省委书记主持召开省疫情防控领导小组(扩大)会议,对全省疫情防控工作再调度、再研判、再部署。\n"
TRADITIONAL = "11月26日,省委書記主持召開省疫情防控領導小組(擴大)會議,對全省疫情防控工作再調度、再研判、再部署。\n"
WITH_PINYIN = "省疫情防控領(lǐng)導(dǎo)小組(擴(kuò)大)會(huì)議\r\n"


@pytest.mark.parametrize(
    ("data", "text", "codec"),
    [
        pytest.param(SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8", id="utf8"),
        pytest.param(WITH_PINYIN.encode("utf-8"), WITH_PINYIN, "utf-8", id="utf8-pinyin-crlf-kept"),
        pytest.param(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig", id="utf8-bom"),
        pytest.param(SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16", id="utf16-bom-native"),
        pytest.param(codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"), TRADITIONAL, "utf-16", id="utf16-bom-be"),
        pytest.param(SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le", id="utf16-le-no-bom"),
        pytest.param(TRADITIONAL.encode("utf-16-be"), TRADITIONAL, "utf-16-be", id="utf16-be-no-bom"),
        pytest.param("一二三".encode("utf-16-le"), "一二三", "utf-16-le", id="utf16-le-cjk-with-nul-low-bytes"),
        pytest.param(SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "utf-32", id="utf32-bom"),
        pytest.param(SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030", id="gbk-simplified-is-gb18030"),
        pytest.param(TRADITIONAL.encode("gbk"), TRADITIONAL, "gb18030", id="gbk-traditional"),
        pytest.param(SIMPLIFIED.encode("gb2312"), SIMPLIFIED, "gb18030", id="gb2312"),
        pytest.param("㐀 in gb18030: 省委".encode("gb18030"), "㐀 in gb18030: 省委", "gb18030", id="gb18030-four-byte"),
        pytest.param(TRADITIONAL.encode("big5"), TRADITIONAL, "big5", id="big5"),
        pytest.param(WITH_PINYIN.replace("ǐ", "i").replace("ǎ", "a").replace("ò", "o").replace("ì", "i").encode("big5"),
                     WITH_PINYIN.replace("ǐ", "i").replace("ǎ", "a").replace("ò", "o").replace("ì", "i"), "big5",
                     id="big5-crlf"),
        pytest.param("會議".encode("big5"), "會議", "big5", id="big5-two-characters"),
        pytest.param("领导小组".encode("gbk"), "领导小组", "gb18030", id="gbk-four-characters"),
        pytest.param(b"plain ascii\n", "plain ascii\n", "utf-8", id="ascii"),
    ],
)
def test_detects_encoding(data: bytes, text: str, codec: str) -> None:
    assert decode_bytes(data) == (text, codec)


@pytest.mark.parametrize(
    ("data", "encoding", "text", "codec"),
    [
        pytest.param(TRADITIONAL.encode("big5"), "big5", TRADITIONAL, "big5", id="big5"),
        pytest.param(SIMPLIFIED.encode("gbk"), "GBK", SIMPLIFIED, "gbk", id="gbk-name-normalised"),
        pytest.param(codecs.BOM_UTF8 + b"abc", "utf-8", "abc", "utf-8-sig", id="utf8-with-bom-drops-bom"),
        pytest.param("會議".encode("gbk"), "gb18030", "會議", "gb18030", id="overrides-detection"),
        pytest.param(b"caf\xe9", "latin-1", "café", "iso8859-1", id="latin1"),
    ],
)
def test_explicit_encoding_overrides_detection(data: bytes, encoding: str, text: str, codec: str) -> None:
    assert decode_bytes(data, encoding) == (text, codec)


@pytest.mark.parametrize(
    ("data", "encoding", "kind", "in_message"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary_file", "PNG", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", None, "binary_file", "JPEG", id="jpeg"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3", None, "binary_file", "PDF", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", None, "binary_file", "ZIP", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00\x00\x00", None, "binary_file", "gzip", id="gzip"),
        pytest.param(b"\x89PNG\r\n\x1a\n", "utf-8", "binary_file", "PNG", id="png-even-with-encoding"),
        pytest.param(b"\x00\x01\x02\x03\xfe\xfd\x00\x00\x07", None, "binary_file", "NUL", id="nul-bytes"),
        pytest.param(b"\x01\x02\x03\x04ab\x05\x06\x07\x08", None, "binary_file", "control", id="control-bytes"),
        pytest.param("省委书记主持召开会议".encode("gbk") + b"\xff", None, "undecodable", "gb18030", id="gbk-bad-byte"),
        pytest.param("省委书记".encode("gbk") + b"\xff", "utf-8", "undecodable", "utf-8", id="wrong-explicit"),
        pytest.param(b"abc", "klingon", "undecodable", "unknown encoding", id="unknown-encoding"),
        pytest.param(b"abc", "base64", "undecodable", "base64", id="not-a-text-codec"),
        pytest.param(codecs.BOM_UTF16_LE + b"a", None, "undecodable", "utf-16", id="utf16-bom-odd-length"),
    ],
)
def test_refuses_with_kind_reason_and_fix(data: bytes, encoding: str | None, kind: str, in_message: str) -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes(data, encoding)
    err = info.value
    assert err.kind == kind
    assert in_message in str(err)
    assert err.fix, "every refusal names a fix"
    assert "\n" not in str(err)


def test_undecodable_names_codecs_tried_and_fix() -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes("省委书记主持召开会议".encode("gbk") + b"\xff")
    err = info.value
    for codec in ("utf-8", "gb18030", "big5"):
        assert codec in err.reason
    assert "--encoding" in err.fix and "UTF-8" in err.fix


def test_wrong_explicit_encoding_suggests_detected_one() -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes(TRADITIONAL.encode("big5"), "utf-8")
    assert "--encoding big5" in (info.value.fix or "")


@pytest.mark.parametrize(
    ("text", "better_than"),
    [
        pytest.param(TRADITIONAL, TRADITIONAL.encode("big5").decode("gb18030"), id="big5-vs-its-gb-misreading"),
        pytest.param(SIMPLIFIED, "\ue000\ue001省委", id="private-use-loses"),
    ],
)
def test_plausibility_prefers_real_chinese(text: str, better_than: str) -> None:
    assert plausibility(text) > plausibility(better_than)


@pytest.mark.parametrize(
    ("data", "text", "codec"),
    [
        pytest.param(SIMPLIFIED.encode("utf-8").replace("，".encode(), b",\x00", 1), SIMPLIFIED, "utf-8",
                     id="one-stray-nul"),
        pytest.param((SIMPLIFIED * 3).encode("utf-8")[:60] + b"\x00\x00" + (SIMPLIFIED * 3).encode("utf-8")[60:],
                     SIMPLIFIED * 3, "utf-8", id="two-stray-nuls-between-characters"),
        pytest.param("省委".encode("gbk") + b"\x00" + (TRADITIONAL * 2).encode("gbk"), "省委" + TRADITIONAL * 2,
                     "gb18030", id="stray-nul-in-gbk"),
        pytest.param(SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le", id="utf16-without-bom-still-utf16"),
    ],
)
def test_stray_nul_bytes_are_dropped(data: bytes, text: str, codec: str) -> None:
    assert decode_bytes(data) == (text.replace("\x00", ""), codec)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00".join(bytes([c]) for c in SIMPLIFIED.encode("utf-8")), id="nul-after-every-byte"),
        pytest.param(SIMPLIFIED.encode("utf-8") + b"\x00" * 10, id="nul-run-over-the-share"),
        pytest.param(bytes(range(256)) * 8, id="binary-with-few-nuls"),
    ],
)
def test_many_nul_bytes_are_binary(data: bytes) -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes(data)
    assert info.value.kind == "binary_file"
