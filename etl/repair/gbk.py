"""GBK byte helpers: the decoder browsers use, and characters as GBK byte candidates.

Browsers decode pages labelled GBK with the GB18030 decoder of the WHATWG Encoding
Standard: a lead byte 0x81..0xFE takes the next byte as its trail when that byte is a
valid trail (0x40..0x7E, 0x80..0xFE); otherwise it yields U+FFFD, and an ASCII byte after
it is read again on its own. A lone 0x80 is the euro sign. Every two-byte pair maps to a
character (some to the private-use area), so a phase-shifted reading is reversible.
"""

from __future__ import annotations

from functools import cache

REPLACEMENT = "\ufffd"
LEADS: tuple[int, ...] = tuple(range(0x81, 0xFF))
TRAILS: tuple[int, ...] = tuple(range(0x40, 0x7F)) + tuple(range(0x80, 0xFF))


def is_lead(byte: int) -> bool:
    return 0x81 <= byte <= 0xFE


def is_trail(byte: int) -> bool:
    return 0x40 <= byte <= 0x7E or 0x80 <= byte <= 0xFE


@cache
def pair_char(lead: int, trail: int) -> str:
    """The character of a valid two-byte GBK/GB18030 pair."""
    return bytes((lead, trail)).decode("gb18030")


def browser_decode(data: bytes) -> str:
    """Decode GBK bytes as a browser does (WHATWG gb18030 decoder, errors → U+FFFD)."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == 0x80:
            out.append("\u20ac")
            i += 1
        elif b == 0xFF or i + 1 >= n:
            out.append(REPLACEMENT)
            i += 1
        else:
            b2 = data[i + 1]
            if 0x30 <= b2 <= 0x39:
                if i + 3 < n and is_lead(data[i + 2]) and 0x30 <= data[i + 3] <= 0x39:
                    out.append(data[i : i + 4].decode("gb18030", errors="replace"))
                    i += 4
                else:  # the digit and what follows are read again
                    out.append(REPLACEMENT)
                    i += 1
            elif is_trail(b2):
                out.append(pair_char(b, b2))
                i += 2
            else:
                out.append(REPLACEMENT)
                i += 1 if b2 < 0x80 else 2
    return "".join(out)


@cache
def char_bytes(ch: str) -> bytes | None:
    """The GBK bytes of one character (one byte for ASCII), None when not in GBK."""
    if ord(ch) < 0x80:
        return ch.encode("ascii")
    if ch == "\u20ac":
        return b"\x80"
    try:
        data = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def encode(text: str) -> bytes:
    """GBK bytes of text that is known to be encodable character by character."""
    parts: list[bytes] = []
    for ch in text:
        data = char_bytes(ch)
        if data is None:
            raise ValueError(f"{ch!r} is not a GBK character")
        parts.append(data)
    return b"".join(parts)
