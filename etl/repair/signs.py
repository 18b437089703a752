"""Signs that a run is damaged rather than clean text, for the GBK phase-shift repair.

An ASCII `?` after Han characters is also how clean text asks a question, and the
normalised text writes every ？ as `?`; a U+FFFD before a Han character is no GBK lead
byte that lost its trail (a browser writes one only before an ASCII byte or the end), and
it is what the repair leaves for a character it could not determine. A run marked by
nothing else is rewritten only when the repair shows the phase shift in the characters
around it. The text beside a run is looked at as normalising leaves it, so that a second
normalise reads it as the first did.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from etl.repair.detect import Anchor, Region
from etl.repair.gbk import REPLACEMENT
from etl.repair.lexicon import is_han, to_simplified, word_logp
from etl.repair.rules import rules


def damage_shown(text: str, anchor: Anchor) -> bool:
    """The anchor is a sign of damage on its own: not an ASCII `?` (clean text asks with
    it) nor a U+FFFD before a non-ASCII character (see `no_lead_lost`)."""
    ch = text[anchor.start]
    if ch == "?":
        return False
    return ch != REPLACEMENT or anchor.end >= len(text) or text[anchor.end].isascii()


def no_lead_lost(text: str, region: Region) -> bool:
    """The run is marked only by U+FFFD, each followed by a non-ASCII character.

    A browser decoding GBK writes U+FFFD where a lead byte meets a byte that cannot follow
    it: an ASCII byte (then read as itself) or the end of the text. A lone U+FFFD before a
    Han character is no lead byte whose trail was lost, so there is nothing to fill (it is
    also what the repair leaves for a character it could not determine).
    """
    if not all(text[a.start] == REPLACEMENT for a in region.anchors):
        return False
    return all(a.end < len(text) and not text[a.end].isascii() for a in region.anchors)


def shift_shown(text: str, start: int, end: int, chars: list[str]) -> bool:
    """For a run marked by nothing but ASCII `?` (and U+FFFD that is no lost lead byte):
    the repair (text[start:end] becomes `chars`) rewrites a character of the text that
    clean prose is not made of (a rare character, a symbol), or enough characters besides
    the `?` and ASCII punctuation (a lost byte garbles every character up to the next
    ASCII one); filling a `?` or U+FFFD does not count.

    A `?` after Han characters is also how clean text asks a question (and the normalised
    text writes every ？ as `?`): a repair that only fills the `?` (张三? → 张三丰, 底线? →
    底线。) proves no lost byte.
    """
    old = text[start:end]
    if len(chars) == len(old):
        rewritten = [a for a, b in zip(old, chars) if a != b and _counts(a)]
    else:  # characters of the text that the repair's characters do not give back
        rewritten = list((Counter(a for a in old if _counts(a)) - Counter(chars)).elements())
    if any(not plausible(ch) and not unicodedata.category(ch).startswith("P") for ch in rewritten):
        return True  # a rare character or a symbol, which clean prose is not made of
    return len(rewritten) >= rules().thresholds["question_run_min_chars"]


def _counts(ch: str) -> bool:
    """A character whose rewriting shows a phase shift (not ASCII, not U+FFFD)."""
    return not ch.isascii() and ch != REPLACEMENT


def plausible(ch: str) -> bool:
    """Common punctuation, or a Han character not rarer than clean prose has them (a lost
    byte turns text into rare characters and full-width letters far more often)."""
    cfg = rules()
    if ch in cfg.punctuation_scores or ch in cfg.paired_punctuation.values():
        return True
    if not is_han(ch):
        return False
    logp = word_logp(to_simplified(ch))
    return logp is not None and logp >= cfg.thresholds["kept_min_logp"]


def visible(text: str) -> str:
    """`text` without the control and invisible characters normalising removes (the CR of
    a CRLF line end is kept: the scores of CRLF documents stay as they were)."""
    return "".join(ch for ch in text if ch in "\t\r" or unicodedata.category(ch) not in ("Cc", "Cf"))


def line_rest_blank(text: str, pos: int) -> bool:
    """Only spaces (no CR: see `visible`) and invisible characters follow `pos` on its line."""
    end = text.find("\n", pos)
    return not visible(text[pos : len(text) if end < 0 else end]).strip("\t\x20\u3000")
