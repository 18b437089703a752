"""Slots: characters of a candidate decoding that lost a byte (or both), chosen by the
jieba dictionary together with the words on both sides.

A slot whose lead byte survived has up to 190 candidates, one whose trail survived 126;
a character that lost both bytes takes its candidates from common characters that make a
dictionary word with a neighbour. Slots at most one character apart are chosen together.
A candidate in the other script than the surrounding text (a Traditional character in
Simplified text or the reverse) pays a penalty, since t2s folding would make them tie.
"""

from __future__ import annotations

import functools
import heapq
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from etl.repair.evidence import DocumentNgrams, open_pairs
from etl.repair.gbk import LEADS, REPLACEMENT, TRAILS, is_trail, pair_char
from etl.repair.lexicon import (
    SLOT,
    Discounted,
    OneCharFluency,
    _s2t_table,
    _t2s_table,
    completions,
    fluency,
    is_han,
    is_simplified_only,
    is_traditional,
    script_counts,
    to_simplified,
    to_traditional_char,
    words_after,
)
from etl.repair.rules import rules

LOST_LEAD = -1  # an unknown byte that was read as a lead byte (0x81..0xFE)
LOST_ANY = -2  # an unknown byte of any lead or trail value
WINDOW = 4
Script = Literal["simplified", "traditional"] | None


@dataclass(slots=True)
class Cell:
    """One character of a candidate decoding."""

    pair: tuple[int, ...]
    units: tuple[int, ...]  # indexes of the units its bytes came from
    char: str  # SLOT while undecided
    margin: float = math.inf  # for a filled slot: how much better it read than the next
    paired: bool = False  # chosen together with an adjacent slot (two bytes unknown)


def script_of(text: str) -> Script:
    """Which script `text` is written in, when it says so clearly."""
    trad, simp = script_counts(text)
    if trad >= 2 and trad > simp:
        return "traditional"
    if simp >= 2 and simp > trad:
        return "simplified"
    return None


def _script_penalty(cand: str, script: Script) -> float:
    wrong = (script == "simplified" and is_traditional(cand)) or (
        script == "traditional" and is_simplified_only(cand)
    )
    return -rules().scores["wrong_script"] if wrong else 0.0


def _slot_candidates(pair: tuple[int, ...], script: Script, left: str, right: str) -> list[str]:
    lead, trail = pair
    if lead >= 0:
        trails = [t for t in TRAILS if t >= 0x81] if trail == LOST_LEAD else TRAILS
        return [pair_char(lead, t) for t in trails]
    if trail >= 0:
        return [pair_char(ld, trail) for ld in LEADS] if is_trail(trail) else []
    # Both bytes lost: any common character; keep those that make a word with a neighbour.
    scored = sorted(((lp, ch) for ch, lp in completions(left, right).items()), reverse=True)
    picked = [ch for _, ch in scored[:40]]
    if script == "traditional":
        picked = [to_traditional_char(ch) for ch in picked]
    return picked + list(rules().punctuation_scores)


def _window(cells: list[Cell], lo: int, hi: int, left: str, right: str, pick: dict[int, str]) -> str:
    """Simplified text of cells[lo-WINDOW : hi+WINDOW] with `pick` filled in, plus context."""
    a, b = lo - WINDOW, hi + WINDOW + 1
    chars = [pick.get(k, cells[k].char) for k in range(max(a, 0), min(b, len(cells)))]
    before = left[len(left) + a :] if a < 0 else ""
    after = right[: b - len(cells)] if b > len(cells) else ""
    return to_simplified(before + "".join(chars) + after)


def _usable(ch: str) -> bool:
    """A character a lost one may be: Han or punctuation, never a symbol."""
    return is_han(ch) or unicodedata.category(ch).startswith("P")


@dataclass(frozen=True, slots=True)
class SlotContext:
    """What the slots of one region are chosen from, besides the dictionary."""

    left: str  # a few Simplified characters before the region
    right: str  # and after it (empty at a line end)
    script: Script
    # Paired punctuation still open on the line before the region (`open_pairs` of it).
    open_before: Mapping[str, int]
    # Which of some paired punctuation comes first on the line after the region, if any.
    first_after: Callable[[tuple[str, ...]], str | None]
    doc_ngrams: Mapping[str, int]  # runs of 2-3 characters of the undamaged document, counted
    # Units that begin a cut pinyin annotation, when the document annotates only characters
    # that Traditional→Simplified folding changes (empty otherwise).
    annotation_units: frozenset[int] = frozenset()


def slot_bonus(cells: list[Cell], k: int, simp: str, cand: str, ctx: SlotContext) -> float:
    """Evidence beyond word frequencies: script, line end, open quotes (not the document)."""
    cfg = rules()
    score = _script_penalty(cand, ctx.script)
    units = cells[k].units
    if ctx.annotation_units and {min(units) + 1, max(units) + 1} & ctx.annotation_units:
        # The cut annotation belonged to this character: it is one the document annotates.
        if to_simplified(cand) == cand:
            score -= cfg.scores["unannotated"]
    if k == len(cells) - 1 and not ctx.right and simp in cfg.line_end_punctuation:
        score += cfg.line_end_bonus
    pairs = cfg.paired_punctuation
    closers = {close: open_ for open_, close in pairs.items()}
    if simp in pairs or simp in closers:
        still_open = open_pairs(to_simplified("".join(c.char for c in cells[:k])), ctx.open_before)
        is_open = still_open[simp if simp in pairs else closers[simp]] > 0
        if simp in closers:  # a closer needs an opener; an opener should not nest
            score += cfg.scores["pairing"] * (1 if is_open else -1)
        elif is_open:
            score -= cfg.scores["pairing"]
        else:  # an opener needs a closer further on (a slot sharing its lead byte may be it)
            closer = pairs[simp]
            lead = to_simplified(cand).encode("gbk", errors="ignore")[:1]
            after = "".join(
                closer if c.char == SLOT and c.pair[0] >= 0 and bytes(c.pair[:1]) == lead else c.char
                for c in cells[k + 1 :]
            )
            nxt = next((ch for ch in after if ch in (simp, closer)), None) or ctx.first_after((simp, closer))
            score += cfg.scores["pairing"] * (1 if nxt == closer else -1)
    return score


class SlotEvidence:
    """`(simp, cand) -> slot_bonus(cells, k, simp, cand, ctx) + doc_support(cells, k, simp, ctx)`
    while the cells stay as they are: what depends only on the slot is worked out once.

    The common candidate (no paired punctuation, a character the document does not use:
    `plain`) costs a few lookups and scores at most `ceiling`; the others take the full
    path. The terms are added in the same order as there, so the scores are the same floats.
    """

    def __init__(self, cells: list[Cell], k: int, ctx: SlotContext) -> None:
        cfg = rules()
        pairs = cfg.paired_punctuation
        self._cells, self._k, self._ctx = cells, k, ctx
        self.special = frozenset(pairs) | frozenset(pairs.values())
        self._wrong_script = -cfg.scores["wrong_script"]
        self._t2s, self._s2t = _t2s_table(), _s2t_table()
        units = cells[k].units
        self._annotated = bool(ctx.annotation_units and {min(units) + 1, max(units) + 1} & ctx.annotation_units)
        self._unannotated = cfg.scores["unannotated"]
        self._line_end = k == len(cells) - 1 and not ctx.right
        self._line_end_punctuation, self._line_end_bonus = cfg.line_end_punctuation, cfg.line_end_bonus
        self._before, self._after = _doc_context(cells, k, ctx)
        counts = ctx.doc_ngrams
        # The document's counts (None: no runs at all); a Han character they lack is in none.
        self.used = _plain_counts(counts) if counts else None
        # Every plain candidate's score is a sum of some of these terms and 0.0; the slack
        # covers rounding, which cannot reach it at these magnitudes.
        self.ceiling = max(self._wrong_script, 0.0) + 1e-9
        if self._annotated:
            self.ceiling += max(-self._unannotated, 0.0)
        if self._line_end:
            self.ceiling += max(self._line_end_bonus, 0.0)

    def plain(self, simp: str) -> bool:
        """`simp` (Han) scores only the script, annotation and line-end terms."""
        return simp not in self.special and (self.used is None or self.used.get(simp, 0) <= 0)

    def __call__(self, simp: str, cand: str) -> float:
        if simp in self.special:
            bonus = slot_bonus(self._cells, self._k, simp, cand, self._ctx)
        else:
            script = self._ctx.script
            wrong = (script == "simplified" and ord(cand) in self._t2s) or (
                script == "traditional" and cand in self._s2t and self._s2t[cand] != cand
            )
            bonus = self._wrong_script if wrong else 0.0
            if self._annotated and to_simplified(cand) == cand:
                bonus -= self._unannotated
            if self._line_end and simp in self._line_end_punctuation:
                bonus += self._line_end_bonus
        used = self.used
        if used is None or (is_han(simp) and used.get(simp, 0) <= 0):
            return bonus + 0.0
        return bonus + _doc_score(self._before, self._after, simp, self._ctx)


def doc_support(cells: list[Cell], k: int, simp: str, ctx: SlotContext) -> float:
    """How well cells[k] read as `simp` fits runs of characters the document uses elsewhere."""
    return _doc_score(*_doc_context(cells, k, ctx), simp, ctx)


def _doc_context(cells: list[Cell], k: int, ctx: SlotContext) -> tuple[str, str]:
    """The two Simplified characters before and after cells[k] (context included)."""
    near_before = "".join(c.char for c in cells[max(0, k - 2) : k])
    near_after = "".join(c.char for c in cells[k + 1 : k + 3])
    return to_simplified((ctx.left + near_before)[-2:]), to_simplified((near_after + ctx.right)[:2])


def _doc_score(before: str, after: str, simp: str, ctx: SlotContext) -> float:
    counts = ctx.doc_ngrams
    memo: dict[tuple[str, str, str], float] | None = getattr(counts, "memo", None)
    if memo is None:
        return _doc_score_of(before, after, simp, counts)
    key = (before, after, simp)  # the score depends on nothing else: readings share it
    if key not in memo:
        memo[key] = _doc_score_of(before, after, simp, counts)
    return memo[key]


def _plain_counts(counts: Mapping[str, int]) -> Mapping[str, int]:
    """The counts under `counts` (a Discounted's base), as a plain dict where there is one."""
    if isinstance(counts, Discounted):
        counts = counts.base
    return counts.counts if isinstance(counts, DocumentNgrams) else counts


def _doc_score_of(before: str, after: str, simp: str, counts: Mapping[str, int]) -> float:
    if not counts or not (is_han(simp) or unicodedata.category(simp).startswith("P")):
        return 0.0
    grams = {
        before[-1:] + simp, simp + after[:1], before + simp,
        before[-1:] + simp + after[:1], simp + after,
    }
    han = is_han(simp)
    if han and _plain_counts(counts).get(simp, 0) <= 0:
        return 0.0  # a character the document does not use is in none of its runs: all zero
    if not han:  # punctuation: only runs of three say anything
        grams = {g for g in grams if len(g) == 3}
    log2 = math.log2
    if isinstance(counts, Discounted) and isinstance(counts.base, DocumentNgrams):
        # Discounted.get over the plain dicts, without a method call per run.
        base, minus = counts.base.counts.get, counts.minus.get
        seen = sum(log2(1 + max(base(g, 0) - minus(g, 0), 0)) for g in grams if len(g) > 1)
        alone = log2(1 + max(base(simp, 0) - minus(simp, 0), 0)) if han else 0.0
    else:
        if isinstance(counts, DocumentNgrams):
            counts = counts.counts
        get = counts.get
        seen = sum(log2(1 + get(g, 0)) for g in grams if len(g) > 1)
        alone = log2(1 + get(simp, 0)) if han else 0.0
    scores = rules().scores
    return scores["document_ngram"] * seen + scores["document_char"] * alone


def _ranked(options: dict[str, float]) -> list[tuple[float, str]]:
    return sorted(((score, key) for key, score in options.items()), reverse=True)


@functools.lru_cache(maxsize=4096)
def _usable_candidates(pair: tuple[int, ...], script: Script, left: str, right: str) -> tuple[tuple[str, str], ...]:
    """(candidate, its Simplified form) of a slot, for the usable ones, in candidate order."""
    out: list[tuple[str, str]] = []
    for cand in _slot_candidates(pair, script, left, right):
        simp = to_simplified(cand)
        if _usable(simp):
            out.append((cand, simp))
    return tuple(out)


def _window_scorer(
    cells: list[Cell], lo: int, hi: int, left: str, right: str, k: int, fixed: dict[int, str] | None = None
) -> Callable[[str], float]:
    """`ch -> fluency(_window(cells, lo, hi, left, right, {**fixed, k: ch}), simplified=True)`."""
    return _window_scorers(cells, lo, hi, left, right, k, fixed)[0]


def _no_rank(chars: Sequence[str]) -> list[int | None]:
    return [None] * len(chars)


def _window_scorers(
    cells: list[Cell], lo: int, hi: int, left: str, right: str, k: int, fixed: dict[int, str] | None = None
) -> tuple[Callable[[str], float], Callable[[Sequence[str]], list[int | None]]]:
    """`_window_scorer`, and `rank`: for each character no word spans in the window, a value
    its window score never decreases with (`OneCharFluency.alone`); None for the others."""
    fixed = fixed or {}
    a = lo - WINDOW
    if any(len(c.char) != 1 for c in cells[max(a, 0) : hi + WINDOW + 1]) or any(len(ch) != 1 for ch in fixed.values()):
        return lambda ch: fluency(_window(cells, lo, hi, left, right, {**fixed, k: ch}), simplified=True), _no_rank
    before = left[len(left) + a :] if a < 0 else ""
    window = _window(cells, lo, hi, left, right, {**fixed, k: SLOT})
    scorer = OneCharFluency(window, len(before) + k - max(a, 0))
    table = _t2s_table()  # `to_simplified`, without a call per candidate
    return lambda ch: scorer(ch.translate(table)), lambda chars: scorer.ranks("".join(chars).translate(table))


def _best_scores(
    candidates: tuple[tuple[str, str], ...],
    window: Callable[[str], float],
    rank: Callable[[Sequence[str]], list[int | None]],
    extra: SlotEvidence | Callable[[str, str], float],
    keep: int,
) -> tuple[dict[str, float], dict[str, str]]:
    """Each Simplified form's best score `window(simp) + extra(simp, cand)` and the first
    candidate that has it, for at least the forms that rank among the `keep` best.

    A candidate is left out only when it provably scores below the `keep`-th best form
    found so far: candidates with a rank are taken from the highest rank down, and the
    window score of the last one scored bounds those of lower rank (a float sum never
    decreases when a term grows). So the `keep` best forms, their order, scores and
    candidates are those of scoring every candidate.
    """
    score_of: dict[int, float] = {}
    best: dict[str, float] = {}
    top: list[float] = []  # the `keep` best scores of `best`, a min-heap

    def add(i: int, score: float) -> None:
        score_of[i] = score
        simp = candidates[i][1]
        if simp not in best:
            best[simp] = score
            if len(top) < keep:
                heapq.heappush(top, score)
            elif score > top[0]:
                heapq.heapreplace(top, score)
        elif score > best[simp]:
            best[simp] = score
            top[:] = heapq.nlargest(keep, best.values())
            heapq.heapify(top)

    ranks = rank([simp for _, simp in candidates])
    for i, r in enumerate(ranks):
        if r is None:
            cand, simp = candidates[i]
            add(i, window(simp) + extra(simp, cand))
    ranked = [(-r, i) for i, r in enumerate(ranks) if r is not None]
    ranked.sort()
    bound: float | None = None  # window score of the lowest rank scored so far
    plain_out = False  # no plain candidate of a lower rank can reach the shortlist
    evidence = extra if isinstance(extra, SlotEvidence) else None
    ceiling = evidence.ceiling if evidence is not None else math.inf
    # `evidence.plain`, inline: it is asked of most candidates once `plain_out` holds.
    special = evidence.special if evidence is not None else frozenset()
    used = evidence.used if evidence is not None else None
    for _, i in ranked:
        cand, simp = candidates[i]
        if plain_out and evidence is not None and simp not in special and (used is None or used.get(simp, 0) <= 0):
            continue
        more = extra(simp, cand)
        if bound is not None and len(top) >= keep:
            if bound + ceiling < top[0]:
                plain_out = True  # the bound only falls and the shortlist only rises
            if bound + more < top[0]:
                continue
        bound = window(simp)
        add(i, bound + more)
    scores: dict[str, float] = {}
    reps: dict[str, str] = {}
    for i in sorted(score_of):
        cand, simp = candidates[i]
        score = score_of[i]
        if simp not in scores or score > scores[simp]:
            scores[simp], reps[simp] = score, cand
    return scores, reps


def _near(cells: list[Cell], k: int, left: str, right: str) -> tuple[str, str]:
    """The neighbours a slot's candidates are drawn from (other slots left out)."""
    lctx = (left + "".join(c.char for c in cells[max(0, k - 2) : k]))[-2:].replace(SLOT, "")
    rctx = ("".join(c.char for c in cells[k + 1 : k + 3]) + right)[:2].split(SLOT)[0]
    return to_simplified(lctx), to_simplified(rctx)


def _fill_group(cells: list[Cell], group: list[int], ctx: SlotContext) -> None:
    """Choose the characters of one or two nearby slots together.

    Each slot's candidates are scored against a window computed once for the slot; the
    evidence of a candidate (bonus, document runs) is computed once and reused for the
    pairs of a two-slot group. A one-slot group's choices are those first scores, of which
    only the two best forms matter; candidates that provably cannot reach the forms that
    matter are not scored in full (`_best_scores`).
    """
    lo, hi = group[0], group[-1]
    left, right, script = ctx.left, ctx.right, ctx.script

    shortlist: dict[int, dict[str, str]] = {}  # slot → simplified form → candidate
    evidence: dict[tuple[int, str, str], float] = {}
    scorers = {k: SlotEvidence(cells, k, ctx) for k in group}

    def extra(k: int, simp: str, cand: str) -> float:
        key = (k, simp, cand)
        if key not in evidence:
            evidence[key] = scorers[k](simp, cand)
        return evidence[key]

    first_scores: dict[str, float] = {}
    for k in group:
        lctx, rctx = _near(cells, k, left, right)
        window, rank = _window_scorers(cells, lo, hi, left, right, k)
        pair = cells[k].pair
        key = (pair, script, lctx, rctx) if pair[0] < 0 and pair[1] < 0 else (pair, None, "", "")
        # A one-slot group's choice and margin need only its two best forms.
        keep = 12 if len(group) > 1 else 2
        scores, reps = _best_scores(_usable_candidates(*key), window, rank, scorers[k], keep)
        shortlist[k] = {simp: reps[simp] for _, simp in _ranked(scores)[: keep if len(group) > 1 else None]}
        first_scores = scores
    if len(group) > 1 and hi - lo == 1:  # adjacent slots: also every pair forming a word
        second = {
            to_simplified(c): c
            for c in _slot_candidates(cells[hi].pair, script, "", "")
            if not _script_penalty(c, script)
        }
        for a in _slot_candidates(cells[lo].pair, script, "", ""):
            if _script_penalty(a, script):
                continue
            sa = to_simplified(a)
            words = words_after(sa)
            if not words:
                continue
            for sb, b in second.items():
                if sb in words:
                    shortlist[lo].setdefault(sa, a)
                    shortlist[hi].setdefault(sb, b)
    combos: dict[tuple[str, ...], float] = {}
    if len(group) == 1:  # the window and evidence of each choice were scored above
        combos = {(simp,): first_scores[simp] for simp in shortlist[lo]}
    else:
        for one in shortlist[lo]:  # the window scored once per first character
            window, rank = _window_scorers(cells, lo, hi, left, right, hi, {lo: one})
            first = extra(lo, one, shortlist[lo][one])
            row = _pair_row(list(shortlist[hi]), window, rank, first, lambda two: extra(hi, two, shortlist[hi][two]))
            combos.update(((one, two), score) for two, score in row.items())
    if not combos:
        for k in group:
            cells[k].char, cells[k].margin = REPLACEMENT, 0.0
        return
    best_choice = max(combos, key=combos.__getitem__)
    best_score = combos[best_choice]
    for pos, k in enumerate(group):
        rivals = [sc for ch, sc in combos.items() if ch[pos] != best_choice[pos]]
        cells[k].char = shortlist[k][best_choice[pos]]
        cells[k].margin = best_score - max(rivals) if rivals else math.inf
    for k in group:
        cells[k].paired = hi - lo == 1


def _pair_row(
    seconds: list[str],
    window: Callable[[str], float],
    rank: Callable[[Sequence[str]], list[int | None]],
    first: float,
    extra: Callable[[str], float],
) -> dict[str, float]:
    """The scores `window(two) + first + extra(two)` of a two-slot group's pairs that share
    their first character, for at least the two best (in `seconds` order).

    A group's choice and margins need of each such row only its two best pairs: the
    best pair overall is a row's best, the best rival with another first character is
    one too, and the best with another second character is a row's best or runner-up.
    The rest are left out as in `_best_scores`, when their rank bounds them below both.
    """
    scores: dict[int, float] = {}
    top: list[float] = []  # the two best scores, a min-heap
    ranked: list[tuple[int, int]] = []

    def add(i: int, score: float) -> None:
        scores[i] = score
        if len(top) < 2:
            heapq.heappush(top, score)
        elif score > top[0]:
            heapq.heapreplace(top, score)

    for i, r in enumerate(rank(seconds)):
        if r is None:
            score = window(seconds[i])
            score += first
            score += extra(seconds[i])
            add(i, score)
        else:
            ranked.append((-r, i))
    ranked.sort()
    bound: float | None = None  # window score of the lowest rank scored so far
    for _, i in ranked:
        more = extra(seconds[i])
        if bound is not None and len(top) >= 2 and bound + first + more < top[0]:
            continue
        bound = window(seconds[i])
        score = bound
        score += first
        score += more
        add(i, score)
    return {seconds[i]: scores[i] for i in sorted(scores)}


def fill_slots(cells: list[Cell], ctx: SlotContext) -> None:
    """Choose every slot's character; slots at most one character apart are chosen together."""
    slots = [k for k, c in enumerate(cells) if c.char == SLOT]
    groups: list[list[int]] = []
    for k in slots:
        if groups and len(groups[-1]) < 2 and k - groups[-1][-1] <= 2:
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        _fill_group(cells, group, ctx)
