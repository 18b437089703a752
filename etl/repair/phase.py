"""Repair of a GBK phase shift: a GBK byte stream that lost a byte.

After the lost byte every character is read one byte out of phase, until a single-byte
character puts the stream back in step. The region found by `detect` is encoded back to
GBK (U+FFFD / `?` stand for one unknown byte, folded ASCII punctuation may stand for its
full-width form, cut pinyin is dropped); then one unknown byte is inserted at each
position where the lost byte may have been, and each candidate is decoded. Characters
with an unknown byte are slots, filled with the candidate best supported by the jieba
dictionary together with the words on both sides, and with runs of characters the rest
of the document uses. The reading that reads best wins when it reads clearly better than
the damaged text. Each changed character is written only when no rival reading comes
within a margin; otherwise it is left as U+FFFD (reported as unresolved), or as it
stands when a close rival reads it as undamaged, so text that may be clean is never
rewritten on a guess. A run marked by nothing but ASCII `?` (or by U+FFFD that is no
lost lead byte) is rewritten only when the characters around it show the shift
(`etl.repair.signs`): a clean question mark stays as it is.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from etl.repair.detect import Region
from etl.repair.evidence import DocumentEvidence
from etl.repair.gbk import REPLACEMENT, char_bytes
from etl.repair.lexicon import (
    Discounted,
    document_ngrams,
    fluency,
    is_han,
    strip_annotations,
    to_simplified,
    word_logp,
)
from etl.repair.readings import Reading, readings, templates
from etl.repair.rules import rules
from etl.repair.signs import damage_shown, line_rest_blank, no_lead_lost, plausible, shift_shown, visible
from etl.repair.slots import (
    LOST_ANY,
    LOST_LEAD,
    SLOT,
    Cell,
    SlotContext,
    doc_support,
    fill_slots,
    script_of,
    slot_bonus,
)

CONTEXT = 6


@dataclass(frozen=True, slots=True)
class Unit:
    pos: int
    char: str
    options: tuple[tuple[int, ...], ...]  # the byte strings this character may stand for
    orphan: bool = False


@dataclass(frozen=True, slots=True)
class PhaseRepair:
    start: int  # text span replaced
    end: int
    replacement: str  # unresolved characters are U+FFFD
    confidence: float
    gain: float
    unresolved: int  # how many characters are still unknown


@dataclass(frozen=True, slots=True)
class CharChoice:
    """How one changed character of the best reading was settled (for audits, calibration)."""

    char: str  # the best reading's character
    margin: float  # how much better the best reading is than any that reads it otherwise
    kind: str  # known (both bytes kept), slot (one byte lost), lost (two bytes to choose)
    kept: str | None = None  # the character as it stands, when a close rival reads it so
    keep_gap: float = math.inf  # how far behind the best reading that rival is
    reads_clean: bool = False  # before the first sign of damage, a word with what precedes it
    plausible: bool = False  # the kept character is one clean prose is made of


@dataclass(frozen=True, slots=True)
class PhaseResult:
    repair: PhaseRepair | None  # None when no candidate passes the thresholds
    damaged: tuple[int, int]  # best estimate of the damaged span in the text
    reason: str  # why it was rejected, or "ok"
    choices: tuple[CharChoice | None, ...] = ()  # per character of the repair; None = unchanged


def _units(text: str, region: Region) -> list[Unit] | None:
    fold = rules().folded_punctuation
    orphan_pos = {i for s, e in region.orphans for i in range(s, e)}
    units: list[Unit] = []
    for pos in range(region.start, region.end):
        ch = text[pos]
        if pos in orphan_pos:
            units.append(Unit(pos, ch, ((),), orphan=True))
        elif ch == REPLACEMENT or (ch == "?" and pos >= region.cluster_start):
            units.append(Unit(pos, ch, ((LOST_LEAD,),)))
        elif ch == "\u20ac":  # a lone 0x80 to a browser, or the GBK pair A2E3
            units.append(Unit(pos, ch, ((0x80,), (0xA2, 0xE3))))
        elif pos in region.folded:
            units.append(Unit(pos, ch, (tuple(ch.encode()), tuple(fold[ch].encode("gbk")))))
        else:
            data = char_bytes(ch)
            if data is None:
                return None
            units.append(Unit(pos, ch, (tuple(data),)))
    return units


def _context(text: str, region: Region) -> tuple[str, str]:
    """The text on both sides of the region on its line, as normalising leaves it: without
    control or invisible characters, and none on the right when only spaces follow (the
    `?` or U+FFFD before them then ends the line the second time too)."""
    left = visible(text[max(0, region.start - 3 * CONTEXT) : region.start].split("\n")[-1])
    right = visible(text[region.end : region.end + 3 * CONTEXT].split("\n")[0])
    if right and not right.strip("\t\x20\u3000") and line_rest_blank(text, region.end):
        right = ""
    left = strip_annotations(left)[-CONTEXT:]
    right = strip_annotations(right)[:CONTEXT]
    return to_simplified(left), to_simplified(right)


def _text_of(cells: list[Cell]) -> str:
    return "".join(c.char for c in cells)


def _unchanged(cell: Cell, units: list[Unit]) -> bool:
    """The cell is exactly one source character, read as before (folding aside)."""
    if any(b < 0 for b in cell.pair) or len(set(cell.units)) != 1:
        return False
    unit = units[cell.units[0]]
    return not unit.orphan and (
        cell.char == unit.char or rules().folded_punctuation.get(unit.char) == cell.char
    )


def _changed_units(cells: list[Cell], units: list[Unit]) -> tuple[int, int] | None:
    """Indexes [first, last] of the units the repair changes (orphans always change)."""
    changed: set[int] = {i for i, u in enumerate(units) if u.orphan}
    for cell in cells:
        if not _unchanged(cell, units):
            changed.update(cell.units)
    if not changed:
        return None
    return min(changed), max(changed)


def _confidence(margin: float) -> float:
    return round(1.0 - 0.5 * math.exp(-max(margin, 0.0) / 4.0), 3)


def _decide(
    best: list[Cell], ranked: list[tuple[float, list[Cell]]], units: list[Unit], anchor: int
) -> list[CharChoice | None] | None:
    """How each character of the best reading is supported; None for unchanged characters.

    A changed character's margin is the smaller of its own slot's lead over the runner-up
    and the lead of the best reading over any rival reading that reads it differently.
    None when a rival of another length comes within the phase margin.
    """
    cfg = rules().thresholds
    best_score = ranked[0][0]
    rivals = [(best_score - sc, c) for sc, c in ranked[1:]]
    if any(gap < cfg["phase_margin"] and len(c) != len(best) for gap, c in rivals):
        return None
    choices: list[CharChoice | None] = []
    for k, cell in enumerate(best):
        if _unchanged(cell, units):
            choices.append(None)
            continue
        same_length = [(gap, c) for gap, c in rivals if len(c) == len(best)]
        margin = min([cell.margin, *(gap for gap, c in same_length if c[k].char != cell.char)])
        kept, keep_gap = next(
            (
                (units[c[k].units[0]].char, gap)
                for gap, c in same_length
                if gap < cfg["keep_margin"]
                and _unchanged(c[k], units)
                and c[k].units[0] in cell.units
            ),
            (None, math.inf),
        )
        lost = [b < 0 for b in cell.pair]
        # Two adjacent slots leave two bytes to the dictionary, like one lost character.
        kind = "lost" if all(lost) or cell.paired else "slot" if any(lost) else "known"
        clean = kept is not None and _reads_clean(units, min(cell.units), anchor)
        common = kept is not None and plausible(kept)
        choices.append(CharChoice(cell.char, margin, kind, kept, keep_gap, clean, common))
    return choices


def _settled(choice: CharChoice) -> bool:
    cfg = rules().thresholds
    need = {"lost": "full_slot_margin", "slot": "slot_margin", "known": "phase_margin"}
    if _doubtful(choice):
        return choice.margin >= max(cfg[need[choice.kind]], cfg["rewrite_margin"])
    return choice.margin >= cfg[need[choice.kind]]


def _doubtful(choice: CharChoice) -> bool:
    """A rival reads the character as undamaged, and it may well be clean text: it is a
    character prose is made of, and that rival is close behind the best reading or the
    character reads as clean text does."""
    if choice.kept is None or not choice.plausible:
        return False
    return choice.reads_clean or choice.keep_gap < rules().thresholds["damaged_margin"]


def _reads_clean(units: list[Unit], index: int, anchor: int) -> bool:
    """Unit `index` stands before the first anchor and makes a dictionary word with the
    characters before it, as the text stands (a character the lost byte turned into
    another one makes such a word only by chance)."""
    unit = units[index]
    if unit.pos >= anchor or not is_han(unit.char):
        return False
    before = "".join(u.char for u in units[max(0, index - 3) : index] if not u.orphan)
    word = to_simplified(before + unit.char)
    return any(word_logp(word[-n:]) is not None for n in (2, 3, 4) if len(word) >= n)


def _top_readings(units: list[Unit], left: str, right: str) -> list[list[Cell]]:
    """The best few readings by their prefix and suffix scores, as cells to fill."""
    found: list[Reading] = []
    for template in templates([u.options for u in units]):
        found.extend(readings(template, left, right))
    found.sort(key=lambda r: r.rough, reverse=True)
    top: list[list[Cell]] = []
    seen: set[tuple] = set()
    for reading in found:
        cells = reading.cells()
        key = tuple((c.pair, c.units) for c in cells)
        if key not in seen:
            seen.add(key)
            top.append(cells)
        if len(top) >= int(rules().thresholds["top_hypotheses"]):
            break
    return top


def _slot_context(
    text: str, region: Region, left: str, right: str, doc: Mapping[str, int], evidence: DocumentEvidence
) -> SlotContext:
    outside = text[max(0, region.start - 400) : region.start] + text[region.end : region.end + 400]
    script = script_of(strip_annotations(outside)) or script_of(text[region.start : region.end])
    annotation_units = (
        frozenset(s - region.start for s, _ in region.orphans)
        if region.orphans and evidence.annotates_converted_only
        else frozenset()
    )
    return SlotContext(
        left, right, script, evidence.open_before(region.start),
        functools.partial(evidence.first_after, region.end), doc, annotation_units,
    )


def _reading_context(
    text: str, region: Region, cells: list[Cell], units: list[Unit], ctx: SlotContext
) -> SlotContext:
    """`ctx` for one reading: the text it reads as damaged no longer counts as evidence.

    The document's vocabulary excludes the anchored cluster, but not the stretch before
    it, which a reading that puts the lost byte earlier rewrites; its characters must not
    vouch for a reading that keeps them.
    """
    first = next((c for c in cells if not _unchanged(c, units)), None)
    if first is None:
        return ctx
    pos = units[min((u for b, u in zip(first.pair, first.units) if b >= 0), default=min(first.units))].pos
    if pos >= region.cluster_start:
        return ctx
    # Runs that overlap the stretch (up to two characters before it), counted once each.
    lead = max(0, pos - 2)
    minus = document_ngrams(text[lead : region.cluster_start], [])
    for gram, count in document_ngrams(text[lead:pos], []).items():
        minus[gram] -= count
    return replace(ctx, doc_ngrams=Discounted(ctx.doc_ngrams, minus))


def _score(cells: list[Cell], units: list[Unit], ctx: SlotContext) -> float:
    """How well a filled reading reads: dictionary, evidence beyond it, fewest changes."""
    changed = [k for k, c in enumerate(cells) if not _unchanged(c, units)]
    score = fluency(ctx.left + _text_of(cells) + ctx.right)
    score -= rules().thresholds["change_cost"] * len(changed)
    for k in changed:
        if any(b < 0 for b in cells[k].pair):
            # Scored again on the whole reading: a slot filled later may no longer be the
            # closing quote an opener was counting on when it was chosen.
            score += slot_bonus(cells, k, to_simplified(cells[k].char), cells[k].char, ctx)
        score += doc_support(cells, k, to_simplified(cells[k].char), ctx)
    return score


def repair_region(
    text: str,
    region: Region,
    doc_ngrams: Mapping[str, int] | None = None,
    evidence: DocumentEvidence | None = None,
) -> PhaseResult:
    """The best repair of one region, or why there is none.

    `doc_ngrams` count character runs of the rest of the document (see
    `lexicon.document_ngrams`): a candidate that makes a run the document uses elsewhere
    reads better, which settles names and terms the dictionary does not know. `evidence`
    holds what the regions of one document share (made for this region when not given).
    """
    cfg = rules().thresholds
    damaged = (region.cluster_start, region.end)
    if no_lead_lost(text, region):
        return PhaseResult(None, damaged, "no lead byte lost before a non-ASCII character")
    units = _units(text, region)
    if units is None:
        return PhaseResult(None, damaged, "not GBK")
    left, right = _context(text, region)
    top = _top_readings(units, left, right)
    if not top:
        return PhaseResult(None, damaged, "no decoding")
    if evidence is None:
        evidence = DocumentEvidence(text)
    ctx = _slot_context(text, region, left, right, doc_ngrams if doc_ngrams is not None else {}, evidence)
    finals: dict[str, tuple[float, list[Cell], SlotContext]] = {}
    for cells in top:
        own = _reading_context(text, region, cells, units, ctx)
        fill_slots(cells, own)
        score = _score(cells, units, own)
        out = _text_of(cells)
        if out not in finals or score > finals[out][0]:
            finals[out] = (score, cells, own)
    ordered = sorted(finals.values(), key=lambda sco: sco[0], reverse=True)
    ranked = [(score, cells) for score, cells, _ in ordered]
    best_score, best, best_ctx = ordered[0]
    span = _changed_units(best, units)
    if span is None:
        return PhaseResult(None, damaged, "no change")
    first, last = span
    start, end = units[first].pos, units[last].pos + 1
    damaged = (min(start, region.cluster_start), max(end, region.end))
    baseline = fluency(left + _damaged_text(units) + right)
    gain = best_score - baseline
    inside = [k for k, c in enumerate(best) if first <= min(c.units) and max(c.units) <= last]
    need = max(cfg["phase_min_gain"], cfg["phase_gain_per_char"] * len(inside))
    if gain < need:
        return PhaseResult(None, damaged, f"gain {gain:.1f} < {need:.1f}")
    choices = _decide(best, ranked, units, region.cluster_start)
    if choices is None:
        return PhaseResult(None, damaged, "rival readings disagree")
    for k in _second_losses(best, units, best_ctx, best_score):
        choice = choices[k]
        if choice is not None:  # two more bytes may have gone here: do not guess
            choices[k] = replace(choice, margin=0.0, kept=None)
    inner = tuple(choices[k] for k in inside)
    settled = [c.margin for c in inner if c is not None and _settled(c)]
    chars = [_written(best[k], c, units) for k, c in zip(inside, inner)]
    if len(chars) == end - start:  # aligned: edit only the characters that change
        while chars and chars[0] == text[start]:
            chars, start = chars[1:], start + 1
        while chars and chars[-1] == text[end - 1]:
            chars, end = chars[:-1], end - 1
    if not settled or start >= end:
        return PhaseResult(None, damaged, "no character settled", inner)
    if not any(damage_shown(text, a) for a in region.anchors):
        # Only `?` marks the run (and U+FFFD that is no lost lead byte): it may be clean
        # text asking a question.
        clean_gain = best_score - fluency(left + _damaged_text(units, asks=True) + right)
        if not shift_shown(text, start, end, chars) or clean_gain < need:
            return PhaseResult(None, damaged, "no phase shift shown", inner)
    if any(ch != REPLACEMENT and rules().is_junk(ch) for ch in chars):
        return PhaseResult(None, damaged, "reads as characters prose is not made of", inner)
    conf = _confidence(min(min(settled), gain - need))
    repair = PhaseRepair(start, end, "".join(chars), conf, round(gain, 2), chars.count(REPLACEMENT))
    return PhaseResult(repair, damaged, "ok", inner)


def _isolated(cells: list[Cell], k: int, ctx: SlotContext) -> bool:
    """cells[k] is a Han character that makes no dictionary word with either neighbour."""
    ch = to_simplified(cells[k].char)
    if not is_han(ch):
        return False
    before = to_simplified(ctx.left + "".join(c.char for c in cells[:k]))[-1:]
    after = to_simplified("".join(c.char for c in cells[k + 1 :]) + ctx.right)[:1]
    return word_logp(before + ch) is None and word_logp(ch + after) is None


def _second_losses(
    best: list[Cell], units: list[Unit], ctx: SlotContext, best_score: float
) -> list[int]:
    """Characters near the end of the run that two more lost bytes explain better.

    A run can lose a whole character's bytes as well as the one that put it out of step;
    the rest still reads in step, but the character whose bytes were split reads as a
    stray one (both its bytes known, so nothing else marks it). Each such character among
    the last few is read again as two characters with the bytes between them lost; when
    that reads better than the best reading, the character is left undetermined rather
    than guessed (the two characters are not written either: they are a guess too).
    """
    cfg = rules().thresholds
    changed = [k for k, c in enumerate(best) if not _unchanged(c, units)]
    out: list[int] = []
    for k in changed[-int(cfg["second_loss_window"]) :]:
        cell = best[k]
        if len(cell.pair) != 2 or any(b < 0 for b in cell.pair) or not _isolated(best, k, ctx):
            continue
        lead, trail = cell.pair
        split = [Cell((lead, LOST_ANY), cell.units[:1], SLOT), Cell((LOST_ANY, trail), cell.units[1:], SLOT)]
        cells = [replace(c) for c in best[:k]] + split + [replace(c) for c in best[k + 1 :]]
        fill_slots(cells, ctx)
        if _score(cells, units, ctx) - best_score > cfg["second_loss_margin"]:
            out.append(k)
    return out


def _damaged_text(units: list[Unit], asks: bool = False) -> str:
    """The region as it stands, a `?` standing for a lost byte scored as U+FFFD; with
    `asks` (no damage shows but the `?`), each `?` is scored as the sentence end a
    question mark is (rules: `question_mark_reading`)."""
    lost = rules().question_mark_reading if asks else REPLACEMENT
    return "".join(
        (lost if u.char == "?" else REPLACEMENT) if u.options == ((LOST_LEAD,),) else u.char
        for u in units
        if not u.orphan
    )


def _written(cell: Cell, choice: CharChoice | None, units: list[Unit]) -> str:
    """What the repair writes for one character of the best reading."""
    if choice is None:
        return units[cell.units[0]].char
    if _settled(choice):
        return choice.char
    if _doubtful(choice):  # never blank a character a close rival reads as clean
        return choice.kept or REPLACEMENT
    return REPLACEMENT
