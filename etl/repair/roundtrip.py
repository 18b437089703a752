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
import re
import unicodedata
from collections.abc import Sequence
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


def _utf8_prefix(data: bytes | memoryview) -> int:
    """Length of the longest prefix of `data` that is valid, complete UTF-8."""
    try:
        str(data, "utf-8")
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
    """UTF-8 runs read as GBK, found by one pass over the text.

    A run is a stretch of two-byte GBK characters. Its bytes can hide UTF-8 only where they
    hold a three-byte sequence (every Han character in UTF-8 is one, and so is U+FFFD), so a
    run without one is skipped at once; in the others only the byte positions that start a
    stretch of dictionary Han characters (or U+FFFD) are tried.
    """
    found: list[RoundTrip] = []
    min_gain = rules().thresholds["utf8_min_gain"]
    for m in _gbk_run_pattern().finditer(text):
        start, end = m.span()
        run = m.group()
        data = run.encode("gb18030") if "\u20ac" not in run else b"".join(char_bytes(ch) or b"" for ch in run)
        if _THREE_BYTE.search(data):
            found.extend(_scan_gbk_run(text, start, end, data, min_gain))
    return found


# A UTF-8 lead byte of a Han character or U+FFFD, and two continuation bytes.
_THREE_BYTE = re.compile(rb"[\xe3-\xe9\xef][\x80-\xbf]{2}")
_HAN_OR_LOST = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufffd]+")


@cache
def _gbk_run_pattern() -> re.Pattern[str]:
    """Characters a UTF-8 byte stream read as GBK shows (see `_in_gbk_run`)."""
    points = [cp for cp in range(0x80, 0x10000) if _two_byte_or_euro(chr(cp))]
    ranges: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        ranges.append(_class_char(points[i]) + ("-" + _class_char(points[j]) if j > i else ""))
        i = j + 1
    return re.compile("[" + "".join(ranges) + "]+")


def _class_char(cp: int) -> str:
    return re.escape(chr(cp))


def _two_byte_or_euro(ch: str) -> bool:
    """`_in_gbk_run` without filling the `char_bytes` cache with every character."""
    if ch == "\u20ac":
        return True
    try:
        return len(ch.encode("gb18030")) == 2
    except UnicodeEncodeError:
        return False


def _good(ch: str) -> bool:
    """A character a plausible UTF-8 reading may hold: common Han, or U+FFFD for lost text."""
    return ch == REPLACEMENT or _plausible(ch)


def _scan_gbk_run(text: str, start: int, end: int, run_data: bytes, min_gain: float) -> list[RoundTrip]:
    # Byte offset of each character boundary of the run (two bytes each, the euro sign one).
    if len(run_data) == 2 * (end - start):
        offsets: list[int] | range = range(0, len(run_data) + 1, 2)
    else:
        offsets = [0]
        for ch in text[start:end]:
            offsets.append(offsets[-1] + (1 if ch == "\u20ac" else 2))
    # Decoded with every invalid byte kept as one surrogate, every non-continuation byte
    # starts a sequence, so the UTF-8 reading from any character boundary follows these
    # sequences. Only three-byte ones can be plausible (Han in the dictionary, U+FFFD).
    decoded = run_data.decode("utf-8", "surrogateescape")
    found: list[RoundTrip] = []
    a = start  # the next character the scan looks at
    pos, byte = 0, 0  # a decoded index and its byte offset
    for m in _HAN_OR_LOST.finditer(decoded):
        byte += len(decoded[pos : m.start()].encode("utf-8", "surrogateescape"))
        pos = m.start()
        stretch = m.group()
        k = 0
        while k < len(stretch):  # split into stretches of good characters
            if not _good(stretch[k]):
                k += 1
                continue
            j = k
            while j < len(stretch) and _good(stretch[j]):
                j += 1
            first, limit = byte + 3 * k, byte + 3 * j
            a = _scan_stretch(text, start, end, run_data, offsets, first, limit, a, min_gain, found)
            k = j
        byte += 3 * len(stretch)
        pos = m.end()
    return found


def _scan_stretch(
    text: str, start: int, end: int, run_data: bytes, offsets: Sequence[int],
    first: int, limit: int, a: int, min_gain: float, found: list[RoundTrip],
) -> int:
    """Try each character boundary in [first, limit) that starts a sequence: bytes
    [first, limit) are good three-byte sequences, and `limit` ends the plausible prefix of
    every reading that starts among them. Returns where the scan goes on."""
    k = max(a - start, bisect.bisect_left(offsets, first))
    while k < len(offsets) - 1 and offsets[k] < limit:
        base = offsets[k]
        if (base - first) % 3:
            k += 1
            continue
        a = start + k
        # The last character boundary in the prefix that ends a sequence.
        last = min(end, start + bisect.bisect_right(offsets, limit) - 1)
        b = a
        for kk in range(last, a, -1):
            if (offsets[kk - start] - base) % 3 == 0:
                b = kk
                break
        if b - a < 2:
            k += 1
            continue
        decoded = run_data[base : offsets[b - start]].decode("utf-8")
        if set(decoded) == {REPLACEMENT}:  # 锟斤拷: the text is gone
            found.append(RoundTrip(a, b, "replacement_char", None, None, "utf8-as-gbk"))
            k = b - start
            continue
        if not (_plausible(decoded) and fluency(decoded) - fluency(text[a:b]) >= min_gain):
            k += 1
            continue
        stop, conf = b, 0.99
        if end - b == 1 and end < len(text) and text[end] in "?" + REPLACEMENT:
            guess = _lost_tail(run_data[base:])
            if guess is not None and guess[1] >= rules().thresholds["slot_margin"]:
                decoded, stop, conf = guess[0], end + 1, 0.9
        found.append(RoundTrip(a, stop, "utf8_as_gbk", decoded, conf, "utf8-as-gbk"))
        k = stop - start
    return start + k


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
    for m in _latin_run_pattern().finditer(text):
        found.extend(_scan_latin_run(text, m.start(), m.end(), table))
    return found


@cache
def _latin_run_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(_cp1252_byte())) + "]+")


def _scan_latin_run(text: str, start: int, end: int, table: dict[str, int]) -> list[RoundTrip]:
    data = bytes(table[ch] for ch in text[start:end])
    view = memoryview(data)  # a slice of a view is not a copy: each step stays local
    found: list[RoundTrip] = []
    a = 0
    while a < len(data):
        if not 0xC2 <= data[a] <= 0xF4:  # not a UTF-8 lead byte
            a += 1
            continue
        ok = _utf8_prefix(view[a:])
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
