"""The browser-style GBK decoder and the byte helpers."""

from __future__ import annotations

import pytest

from etl.repair.gbk import LEADS, TRAILS, browser_decode, char_bytes, encode, pair_char


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("保“零".encode("gbk"), "保“零", id="clean"),
        pytest.param(b"\xb1\x2c", "\ufffd,", id="lead-then-ascii-keeps-ascii"),
        pytest.param(b"\xa3\xa1\xb0\xc1", "！傲", id="phase-shifted-pairs-decode"),
        pytest.param(b"\x80", "\u20ac", id="lone-0x80-is-euro"),
        pytest.param(b"\xb1", "\ufffd", id="lead-at-end"),
        pytest.param(b"\xb1\x31\x32", "\ufffd12", id="lead-then-digits"),
    ],
)
def test_browser_decode(data: bytes, expected: str) -> None:
    assert browser_decode(data) == expected


def test_every_pair_round_trips() -> None:
    for lead in LEADS:
        for trail in TRAILS:
            ch = pair_char(lead, trail)
            # The euro sign is also what a browser shows for a lone 0x80.
            expected = b"\x80" if ch == "\u20ac" else bytes((lead, trail))
            assert char_bytes(ch) == expected


def test_losing_the_lead_of_a_quote_reads_the_rest_out_of_phase() -> None:
    data = encode("確保“零遺漏”")
    assert browser_decode(data[:2] + data[3:]) == "確！傲氵z漏”"
