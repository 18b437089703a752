"""UTF-8 read as GBK and as Latin-1/cp1252: exact round trips are repaired."""

from __future__ import annotations

import pytest

from etl.repair import repair_edits
from etl.repair.gbk import browser_decode
from etl.spans import apply_edits


def _cp1252_view(text: str) -> str:
    """UTF-8 bytes shown as a browser shows windows-1252 (undefined bytes as C1 controls)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize(
    "clean",
    [
        pytest.param("进口冷链食品追溯系统", id="even-bytes"),
        pytest.param("冷链食品", id="short"),
        pytest.param("省疫情防控领导小组会议", id="meeting-name"),
    ],
)
def test_utf8_read_as_gbk_is_repaired(clean: str) -> None:
    garbled = browser_decode(clean.encode("utf-8"))
    text = f"会议指出,{garbled},要严格落实。"
    edits, findings = repair_edits(text)
    out, _ = apply_edits(text, edits)
    assert out == f"会议指出,{clean},要严格落实。"
    assert [f.kind for f in findings] == ["utf8_as_gbk"]
    assert findings[0].original == garbled and findings[0].repaired == clean


def test_known_utf8_as_gbk_sample() -> None:
    edits, findings = repair_edits("推动鍐烽摼椋熷搧追溯")
    assert apply_edits("推动鍐烽摼椋熷搧追溯", edits)[0] == "推动冷链食品追溯"


def test_kun_jin_kao_is_flagged_not_repaired() -> None:
    text = "会议强调锟斤拷锟斤拷要落实"
    edits, findings = repair_edits(text)
    assert edits == []
    assert findings and findings[0].kind == "replacement_char" and findings[0].repaired is None


@pytest.mark.parametrize(
    "clean",
    [
        pytest.param("进口", id="two-chars"),
        pytest.param("疫情防控工作", id="phrase"),
    ],
)
def test_utf8_read_as_cp1252_is_repaired(clean: str) -> None:
    text = f"会议:{_cp1252_view(clean)}。"
    edits, findings = repair_edits(text)
    assert apply_edits(text, edits)[0] == f"会议:{clean}。"
    assert findings[0].kind == "latin1_mojibake" and findings[0].confidence


def test_lossy_latin1_mojibake_is_flagged_only() -> None:
    text = "推动è¿å£冷链食品"
    edits, findings = repair_edits(text)
    assert edits == []
    assert [f.kind for f in findings] == ["latin1_mojibake"]
    assert findings[0].repaired is None and findings[0].original == "è¿å£"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("當(dāng)地(dì)、堅(jiān)守崗(gǎng)位", id="pinyin-with-latin1-letters"),
        pytest.param("气温37.5°C以上、PM2.5浓度", id="degree-sign"),
        pytest.param("湖南日报·华声在线", id="middle-dot"),
        pytest.param("Café résumé", id="french"),
    ],
)
def test_no_false_round_trip(text: str) -> None:
    assert repair_edits(text) == ([], [])
