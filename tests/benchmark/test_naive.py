"""The naive baseline's decoding (its load is run end to end by test_load_command)."""

from __future__ import annotations

import codecs

import pytest

from etl.benchmark.naive import decode

SENTENCE = "会议强调,要做好防控工作。"
TRADITIONAL = "會議強調,要做好防控工作。"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        pytest.param(SENTENCE.encode("utf-8"), SENTENCE, id="utf8"),
        pytest.param(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), SENTENCE, id="utf8-bom"),
        pytest.param(SENTENCE.encode("utf-16"), SENTENCE, id="utf16-bom"),
        pytest.param(SENTENCE.encode("gb18030"), SENTENCE, id="gb18030"),
        pytest.param(b"\xff\xfe\xfd" + "测".encode("utf-8"), None, id="garbage-does-not-raise"),
    ],
)
def test_decode(data: bytes, text: str | None) -> None:
    decoded = decode(data)
    if text is not None:
        assert decoded == text
