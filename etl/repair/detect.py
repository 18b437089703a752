"""Where byte damage shows: anchors (lost bytes, glued single-byte characters, cut pinyin,
characters that do not belong in prose), grouped into clusters and widened into the
regions that the GBK phase-shift repair searches.

An anchor is *strong* when clean text practically never shows it (U+FFFD, `?` inside a
sentence, a lone letter glued to Han characters that makes no dictionary word with them,
bopomofo, private use): a strong cluster is reported even when it cannot be repaired. A
*weak* anchor (A股, kana, Greek, box drawing …) only leads to a finding when the repair
succeeds, so ordinary text is never flagged.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from etl.repair.gbk import REPLACEMENT, char_bytes
from etl.repair.lexicon import is_han, word_logp
from etl.repair.rules import annotation_pattern, orphan_pattern, rules

AnchorKind = str  # lost | glued | orphan | junk


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    kind: AnchorKind
    strong: bool


@dataclass(frozen=True, slots=True)
class Region:
    """Text[start:end] may hold one phase-shifted run; anchors lie in [cluster_start, end)."""

    start: int
    cluster_start: int
    end: int
    anchors: tuple[Anchor, ...]
    folded: frozenset[int]  # positions of ASCII punctuation that may stand for full-width
    orphans: tuple[tuple[int, int], ...]  # cut pinyin fragments inside the region

    @property
    def strong(self) -> bool:
        return any(a.strong for a in self.anchors)


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def annotation_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in annotation_pattern().finditer(text)]


def orphan_spans(text: str) -> list[tuple[int, int]]:
    """Pinyin fragments cut by byte damage: `gòu)` after `?` or a character, `(gòu` open."""
    spans: list[tuple[int, int]] = []
    for m in orphan_pattern().finditer(text):
        start, end = m.span()
        before = text[start - 1] if start else ""
        # A fragment counts only next to damage or glued to a character without its bracket.
        if m.group(0).endswith(")") and (before == "" or before.isascii() and before != "?"):
            continue
        spans.append((start, end))
    return spans


def find_anchors(text: str) -> list[Anchor]:
    cfg = rules()
    inside: set[int] = set()
    for s, e in annotation_spans(text):
        inside.update(range(s, e))
    anchors: list[Anchor] = []
    orphans = orphan_spans(text)
    orphan_starts = {s for s, _ in orphans}
    orphan_ends = {e - 1 for _, e in orphans}
    for s, e in orphans:
        anchors.append(Anchor(s, e, "orphan", True))
        inside.update(range(s, e))
    n = len(text)
    ends: list[int] | None = None  # where sentences end, found on the first `?`
    for m in _candidate_pattern().finditer(text):
        i = m.start()
        ch = text[i]
        if i in inside:
            continue
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i + 1 < n else "\n"
        if ch == REPLACEMENT:
            anchors.append(Anchor(i, i + 1, "lost", True))
        elif ch == "?":
            near_text = not prev.isascii() or not nxt.isascii() or i - 1 in orphan_ends
            if near_text or i + 1 in orphan_starts:
                if ends is None:
                    ends = [e.start() for e in _SENTENCE_END.finditer(text)]
                anchors.append(Anchor(i, i + 1, "lost", not _question(text, i, ends)))
        elif "\x40" <= ch <= "\x7e" or ch == "\u20ac":
            if _ascii_alnum(prev) or _ascii_alnum(nxt):
                continue
            before_annotation = nxt == "(" and (i + 1) in inside
            if not (_cjk(prev) or _cjk(nxt) or before_annotation):
                continue
            # A letter is a term of its own only where the dictionary says so (A股, X光).
            term = word_logp(ch + nxt) or word_logp(prev + ch) or prev in cfg.unit_marks
            strong = not term or before_annotation
            anchors.append(Anchor(i, i + 1, "glued", strong))
        elif not ch.isascii() and (cfg.is_junk(ch) or ch in cfg.tone_letters):
            # Bopomofo and private use are flagged on their own; kana, Greek, box drawing,
            # pinyin letters outside annotations only lead to a finding through a repair.
            anchors.append(Anchor(i, i + 1, "junk", cfg.flag_kind(ch) is not None))
    anchors.sort(key=lambda a: a.start)
    return anchors


_SENTENCE_END = re.compile("[。！？!?\n]")


@cache
def _candidate_pattern() -> re.Pattern[str]:
    """The characters `find_anchors` looks at: U+FFFD, `?`, a printable ASCII character
    from @ on (or €) that is not inside an ASCII word, junk and pinyin tone letters. All
    other characters are passed over in one scan."""
    cfg = rules()
    junk = "".join(
        f"{_escape(lo)}-{_escape(hi)}" for lo, hi, _ in cfg.junk_ranges
    )
    tones = "".join(re.escape(ch) for ch in cfg.tone_letters)
    return re.compile(
        f"[\ufffd?]|(?<![A-Za-z0-9])[\x40-\x7e\u20ac](?![A-Za-z0-9])|[{junk}{tones}]"
    )


def _escape(cp: int) -> str:
    return re.escape(chr(cp))


def _question(text: str, i: int, ends: list[int]) -> bool:
    """A `?` at text[i] that ends a real question: its clause asks, and a sentence or line
    may end there (a `?` for a lost byte sits inside words). `ends`: the sorted positions
    of 。！？!? and line breaks in `text`."""
    cfg = rules()
    nxt = text[i + 1 : i + 2]
    if nxt and not (nxt.isspace() or nxt in "”’\"'" or is_han(nxt)):
        return False
    k = bisect.bisect_left(ends, i)
    start = ends[k - 1] if k else -1
    clause = text[start + 1 : i]
    return any(word in clause for word in cfg.interrogatives)


def _cjk(ch: str) -> bool:
    """A character of Chinese text or its damage: Han, CJK punctuation, U+FFFD."""
    cp = ord(ch)
    return is_han(ch) or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or ch == REPLACEMENT


def _soft(ch: str) -> bool:
    """A character a damaged run can consist of (non-ASCII and in GBK)."""
    return not ch.isascii() and ch != "\n" and char_bytes(ch) is not None


def find_regions(text: str, taken: set[int] | None = None) -> list[Region]:
    """Clusters of anchors, each widened left to where a lost byte may have been."""
    cfg = rules()
    taken = taken or set()
    max_ext = int(cfg.thresholds["max_extension_chars"])
    anchors = [a for a in find_anchors(text) if a.start not in taken]
    lost_at = {a.start for a in anchors if a.kind == "lost"}
    n = len(text)
    folded = {
        j
        for i in lost_at
        for j in (i - 1, i + 1)
        if 0 <= j < n and text[j] in cfg.folded_punctuation and text[j] != "?"
    }
    folded_sorted = sorted(folded)
    orphan_list = sorted({(a.start, a.end) for a in anchors if a.kind == "orphan"})
    orphan_starts = [s for s, _ in orphan_list]

    def joinable(i: int) -> bool:
        return i not in taken and (_soft(text[i]) or i in folded or text[i] in "?\ufffd")

    # One cluster per stretch of text a run can cover: a lost byte puts the rest of the
    # stretch out of step, so every anchor of the stretch belongs to the same run.
    clusters: list[list[Anchor]] = []
    for a in anchors:
        if clusters:
            last = clusters[-1][-1]
            between = range(last.end, a.start)
            if len(between) <= max_ext and all(joinable(i) for i in between):
                clusters[-1].append(a)
                continue
        clusters.append([a])

    regions: list[Region] = []
    prev_end = 0
    for group in clusters:
        cstart, cend = group[0].start, max(a.end for a in group)
        start = cstart
        while start > prev_end and cstart - start < max_ext:
            j = start - 1
            if j in taken or not (_soft(text[j]) or j in folded):
                break
            start = j
        orphans = tuple(
            orphan_list[bisect.bisect_left(orphan_starts, cstart) : bisect.bisect_left(orphan_starts, cend)]
        )
        region_folded = frozenset(
            folded_sorted[bisect.bisect_left(folded_sorted, start) : bisect.bisect_left(folded_sorted, cend)]
        )
        regions.append(Region(start, cstart, cend, tuple(group), region_folded, orphans))
        prev_end = cend
    return regions
