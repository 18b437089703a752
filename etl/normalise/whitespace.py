"""Step b: line endings to LF, trailing spaces removed, BOM / zero-width / control
characters removed."""

from __future__ import annotations

import re
from functools import cache

from etl.normalise._data import rules
from etl.normalise.edits import matches_from
from etl.spans import Edit


@cache
def _pattern() -> re.Pattern[str]:
    cfg = rules("whitespace.json")
    breaks = sorted(cfg["line_breaks"], key=len, reverse=True)  # \r\n before \r
    spaces = re.escape(cfg["trailing_spaces"])
    invisible = re.escape(cfg["invisible"])
    controls = "".join(f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in cfg["control_ranges"])
    line_end = "|".join(re.escape(b) for b in breaks) + r"|\n|\Z"
    # Invisible characters mixed into trailing spaces go with them, so one pass suffices.
    return re.compile(
        rf"(?P<trail>[{spaces}{invisible}{controls}]*[{spaces}][{spaces}{invisible}{controls}]*)(?={line_end})"
        rf"|(?P<eol>{'|'.join(re.escape(b) for b in breaks)})"
        rf"|(?P<invisible>[{invisible}{controls}]+)"
    )


@cache
def _first_char() -> re.Pattern[str]:
    """A character every match of `_pattern` starts with (a space, an invisible or control
    character, or the first character of a line break)."""
    cfg = rules("whitespace.json")
    starts = {b[0] for b in cfg["line_breaks"]}
    controls = "".join(f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in cfg["control_ranges"])
    chars = re.escape(cfg["trailing_spaces"] + cfg["invisible"] + "".join(sorted(starts)))
    return re.compile(rf"[{chars}{controls}]")


def _matches(text: str) -> list[re.Match[str]]:
    """`_pattern().finditer(text)`, tried only where a match can start (the regex alone
    would try its three branches at every character)."""
    return matches_from(_pattern(), _first_char(), text)


def whitespace_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _matches(text):
        if m.group("trail") is not None:
            edits.append(Edit(m.start(), m.end(), "", "trailing_space"))
        elif m.group("eol") is not None:
            edits.append(Edit(m.start(), m.end(), "\n", "line_ending"))
        else:
            edits.append(Edit(m.start(), m.end(), "", "invisible_char"))
    return edits
