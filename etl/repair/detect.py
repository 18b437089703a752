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

from dataclasses import dataclass

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
    for i, ch in enumerate(text):
        if i in inside:
            continue
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i + 1 < n else "\n"
        if ch == REPLACEMENT:
            anchors.append(Anchor(i, i + 1, "lost", True))
        elif ch == "?":
            near_text = not prev.isascii() or not nxt.isascii() or i - 1 in orphan_ends
            if near_text or i + 1 in orphan_starts:
                anchors.append(Anchor(i, i + 1, "lost", not _question(text, i)))
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


def _question(text: str, i: int) -> bool:
    """A `?` at text[i] that ends a real question: its clause asks, and a sentence or line
    may end there (a `?` for a lost byte sits inside words)."""
    cfg = rules()
    nxt = text[i + 1 : i + 2]
    if nxt and not (nxt.isspace() or nxt in "”’\"'" or is_han(nxt)):
        return False
    start = max(text.rfind(p, 0, i) for p in "。！？!?\n")
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
    folded = {
        i
        for i, ch in enumerate(text)
        if ch in cfg.folded_punctuation and ch != "?" and ({i - 1, i + 1} & lost_at)
    }
    orphan_set = {(a.start, a.end) for a in anchors if a.kind == "orphan"}

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
        orphans = tuple(sorted(s for s in orphan_set if cstart <= s[0] < cend))
        region_folded = frozenset(i for i in folded if start <= i < cend)
        regions.append(Region(start, cstart, cend, tuple(group), region_folded, orphans))
        prev_end = cend
    return regions
