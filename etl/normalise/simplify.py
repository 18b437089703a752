"""Step d: Traditional → Simplified with OpenCC t2s, one edit per run of changed characters.

The conversion is etl.normalise.t2s, which gives OpenCC('t2s')'s output much faster
(OpenCC itself only if the installed package's t2s setup is not the expected one).

OpenCC converts phrase by phrase, so the whole text is converted at once (context picks
乾隆 vs 干燥). Its t2s tables map characters one to one, so the output normally has the
input's length and each run of changed characters becomes one one-for-one edit (its map is
the one per-character edits give; `changed_characters` counts its characters). Should a
conversion ever change length, each clause is converted on its own and aligned with its
output (difflib), so that equal-length stretches still get one-for-one edits and only the
stretch that really changed length becomes a wider edit.
"""

from __future__ import annotations

import difflib
import operator
import re
from functools import cache
from typing import Any

from etl.normalise import t2s
from etl.spans import Edit

_DIFFERING = re.compile(rb"[^\x00]+")
_CLAUSE = re.compile(r"[^\s,.:;!?，。、；：？！“”‘’()（）《》]+")


@cache
def converter() -> Any:
    """The t2s converter, built once: an object with `convert(text) -> text`."""
    fast = t2s.converter()
    if fast is not None:
        return fast
    import opencc

    conv = opencc.OpenCC("t2s")
    conv.convert("漢")  # load the dictionaries now, not inside the first document
    return conv


def simplify_edits(text: str) -> list[Edit]:
    if text.isascii():
        return []
    convert = converter().convert
    edits: list[Edit] = []
    _diff(text, 0, convert, edits, whole=True)
    return edits


def _diff(piece: str, offset: int, convert: Any, edits: list[Edit], whole: bool = False) -> None:
    out = convert(piece)
    if len(out) == len(piece):
        _diff_same_length(piece, out, offset, edits)
        return
    if whole:
        for m in _CLAUSE.finditer(piece):
            _diff(m.group(), offset + m.start(), convert, edits)
        return
    matcher = difflib.SequenceMatcher(None, piece, out, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 == j2 - j1:
            _diff_same_length(piece[i1:i2], out[j1:j2], offset + i1, edits)
        else:
            edits.append(Edit(offset + i1, offset + i2, out[j1:j2], "t2s"))


def changed_characters(edit: Edit) -> int:
    """How many characters a t2s edit changed: every one of a one-for-one run, else 1
    (the count one edit per changed character would give)."""
    width = edit.end - edit.start
    return width if len(edit.replacement) == width else 1


def _diff_same_length(old: str, new: str, offset: int, edits: list[Edit]) -> None:
    """One edit per run of differing characters (found in C: a byte per character, not 0
    where the two differ, and a regex for the runs of those)."""
    if old == new:
        return
    for m in _DIFFERING.finditer(_difference_mask(old, new)):
        a, b = m.span()
        edits.append(Edit(offset + a, offset + b, new[a:b], "t2s"))


def _difference_mask(old: str, new: str) -> bytes:
    """A byte per character of two strings of one length, 0 where they agree: the code
    points as UTF-32 numbers XORed, and a character's three low bytes (code points have 21
    bits) ORed — big-integer work in C instead of a comparison per character."""
    size = len(old)
    xor = _number(old) ^ _number(new)
    raw = xor.to_bytes(4 * size, "little")
    low = (int.from_bytes(raw[0::4], "little") | int.from_bytes(raw[1::4], "little")
           | int.from_bytes(raw[2::4], "little"))
    return low.to_bytes(size, "little")


def _number(text: str) -> int:
    return int.from_bytes(text.encode("utf-32-le", "surrogatepass"), "little")


def _difference_mask_plain(old: str, new: str) -> bytes:
    """`_difference_mask` a character at a time (1 where they differ): the reference."""
    return bytes(map(operator.ne, old, new))
