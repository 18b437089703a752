"""Mojibake that an exact byte round trip repairs.

- UTF-8 read as GBK (鍐烽摼椋熷搧 → 冷链食品): encode the run back to GBK, decode UTF-8.
  A run whose last byte was lost before an ASCII character ends in U+FFFD or `?`; that
  byte is a UTF-8 continuation byte, chosen by the dictionary. `锟斤拷` is UTF-8 U+FFFD
  read as GBK: the text it stood for is gone, so it is only flagged.
- UTF-8 read as Latin-1 or cp1252 (è¿\u009bå\u008f£ → 进口): map each character back to its byte
  (cp1252 where it has a mapping, else Latin-1) and decode UTF-8. Only exact round trips
  are repaired; a run that lost bytes on the way (è¿å£) is flagged.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass
from functools import cache

from etl.repair.gbk import REPLACEMENT, char_bytes
from etl.repair.lexicon import char_logp, fluency, is_han
from etl.repair.rules import rules


@dataclass(frozen=True, slots=True)
class RoundTrip:
    start: int
    end: int
    kind: str  # utf8_as_gbk | latin1_mojibake | replacement_char
    repaired: str | None  # None: flagged only
    confidence: float | None
    method: str


def _in_gbk_run(ch: str) -> bool:
    """A character a UTF-8 byte stream read as GBK shows: a two-byte GBK character, or the
    euro sign a browser shows for a lone 0x80 (a UTF-8 continuation byte read as a lead)."""
    data = char_bytes(ch)
    return data is not None and (len(data) == 2 or data == b"\x80")


def _utf8_prefix(data: bytes) -> int:
    """Length of the longest prefix of `data` that is valid, complete UTF-8."""
    try:
        data.decode("utf-8")
        return len(data)
    except UnicodeDecodeError as err:
        return err.start


def _plausible(decoded: str) -> bool:
    """Chinese text: common Han characters (in the dictionary) and punctuation, with at
    least one Han character."""
    return any(is_han(ch) for ch in decoded) and all(
        (is_han(ch) and ord(ch) < 0x10000 and char_logp(ch) > char_logp("\uffff"))
        or unicodedata.category(ch)[0] in "PZ"
        for ch in decoded
    )


def _plausible_prefix(data: bytes) -> int:
    """Bytes of the longest prefix of `data` that is valid UTF-8 of Chinese text."""
    valid = data[: _utf8_prefix(data)].decode("utf-8")
    length = 0
    for ch in valid:
        if ch != REPLACEMENT and not _plausible(ch):
            break
        length += len(ch.encode("utf-8"))
    return length


def _lost_tail(data: bytes) -> tuple[str, float] | None:
    """`data` completed by the byte that a U+FFFD after it stands for, by the dictionary."""
    scored: list[tuple[float, str]] = []
    for byte in range(0x80, 0xC0):
        try:
            decoded = (data + bytes([byte])).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _plausible(decoded):
            scored.append((fluency(decoded), decoded))
    if not scored:
        return None
    scored.sort(reverse=True)
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else math.inf
    return scored[0][1], margin


def utf8_as_gbk(text: str) -> list[RoundTrip]:
    found: list[RoundTrip] = []
    cfg = rules().thresholds
    i, n = 0, len(text)
    while i < n:
        if not _in_gbk_run(text[i]):
            i += 1
            continue
        j = i
        while j < n and _in_gbk_run(text[j]):
            j += 1
        found.extend(_scan_gbk_run(text, i, j, cfg["utf8_min_gain"]))
        i = j
    return found


def _scan_gbk_run(text: str, start: int, end: int, min_gain: float) -> list[RoundTrip]:
    found: list[RoundTrip] = []
    pieces = [char_bytes(ch) or b"" for ch in text[start:end]]
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    run_data = b"".join(pieces)
    a = start
    while a < end:
        base = offsets[a - start]
        data = run_data[base:]
        limit = base + _plausible_prefix(data)
        b = a  # the last character boundary inside the plausible prefix that UTF-8 accepts
        last = min(end, start + bisect.bisect_right(offsets, limit) - 1)  # offsets ascend
        for k in range(last, a, -1):
            if _utf8_prefix(run_data[base : offsets[k - start]]) == offsets[k - start] - base:
                b = k
                break
        if b - a < 2:
            a += 1
            continue
        decoded = run_data[base : offsets[b - start]].decode("utf-8")
        if set(decoded) == {REPLACEMENT}:  # 锟斤拷: the text is gone
            found.append(RoundTrip(a, b, "replacement_char", None, None, "utf8-as-gbk"))
            a = b
            continue
        if not (_plausible(decoded) and fluency(decoded) - fluency(text[a:b]) >= min_gain):
            a += 1
            continue
        stop, conf = b, 0.99
        if end - b == 1 and end < len(text) and text[end] in "?" + REPLACEMENT:
            guess = _lost_tail(data)
            if guess is not None and guess[1] >= rules().thresholds["slot_margin"]:
                decoded, stop, conf = guess[0], end + 1, 0.9
        found.append(RoundTrip(a, stop, "utf8_as_gbk", decoded, conf, "utf8-as-gbk"))
        a = stop
    return found


@cache
def _cp1252_byte() -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte  # undefined in cp1252: browsers show the C1 control
    for byte in range(0x80, 0xA0):
        table.setdefault(chr(byte), byte)
    return table


def latin1_mojibake(text: str) -> list[RoundTrip]:
    table = _cp1252_byte()
    found: list[RoundTrip] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] not in table:
            i += 1
            continue
        j = i
        while j < n and text[j] in table:
            j += 1
        found.extend(_scan_latin_run(text, i, j, table))
        i = j
    return found


def _scan_latin_run(text: str, start: int, end: int, table: dict[str, int]) -> list[RoundTrip]:
    data = bytes(table[ch] for ch in text[start:end])
    found: list[RoundTrip] = []
    a = 0
    while a < len(data):
        if not 0xC2 <= data[a] <= 0xF4:  # not a UTF-8 lead byte
            a += 1
            continue
        ok = _utf8_prefix(data[a:])
        if ok >= 2 and _plausible(decoded := data[a : a + ok].decode("utf-8")):
            found.append(
                RoundTrip(start + a, start + a + ok, "latin1_mojibake", decoded, 0.99, "cp1252-utf8")
            )
            a += ok
            continue
        b = a + 1
        while b < len(data) and 0x80 <= data[b] <= 0xBF:
            b += 1
        if b - a >= 2:  # a lead byte and continuation bytes that no longer decode
            while b < len(data) and (0x80 <= data[b] <= 0xBF or 0xC2 <= data[b] <= 0xF4):
                b += 1
            found.append(RoundTrip(start + a, start + b, "latin1_mojibake", None, None, "cp1252-utf8"))
        a = b
    return found
