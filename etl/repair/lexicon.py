"""How Chinese a string reads: the log-probability of its best jieba segmentation.

The jieba dictionary (word → frequency) is Simplified, so text is first folded to
Simplified character by character with OpenCC's t2s table. Han runs are segmented the
way jieba's `calc` does (every dictionary word or single character, log(freq / total));
other characters are scored by class: punctuation costs about a common character,
letters and symbols more, characters that never belong in prose (kana, bopomofo,
private use, U+FFFD, pinyin letters outside annotations) most.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache

from etl.repair.gbk import LEADS, TRAILS, pair_char
from etl.repair.rules import DATA_DIR, annotation_pattern, rules

SLOT = "\x00"  # a character not chosen yet (scored as an unknown character)


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


@cache
def _dictionary() -> tuple[dict[str, int], float]:
    """jieba's word frequencies with the domain words of `domain_words.txt` added. The dict
    is the process's one copy of jieba's dictionary (etl.reference.jieba_words): the parse
    stage's tokenizer reads it through a view that does not see the domain words."""
    from etl.reference.jieba_words import add_frequencies, frequencies, jieba_frequency

    freq, total = frequencies()
    changes: dict[str, int] = {}

    def current(word: str) -> int | None:
        return changes[word] if word in changes else jieba_frequency(word)

    for word, count in domain_words().items():
        for end in range(1, len(word)):  # jieba keeps every prefix of a word, at 0 if unseen
            if current(word[:end]) is None:
                changes[word[:end]] = 0
        was = current(word) or 0
        total += count - was
        changes[word] = max(count, was)
    add_frequencies(changes)
    return freq, math.log(total)


@cache
def domain_words() -> dict[str, int]:
    """Epidemic-control words the jieba dictionary lacks, with frequencies (data file)."""
    out: dict[str, int] = {}
    for line in (DATA_DIR / "domain_words.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, count = line.split()
            out[word] = int(count)
    return out


@cache
def _t2s_table() -> dict[int, str]:
    """Traditional → Simplified for every GBK character (one character each)."""
    import opencc

    chars = sorted({pair_char(lead, trail) for lead in LEADS for trail in TRAILS})
    chars = [c for c in chars if is_han(c)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    for src, dst in zip(chars, converted):
        if len(dst) == 1 and dst != src:
            table[ord(src)] = dst
    return table


@cache
def _s2t_table() -> dict[str, str]:
    import opencc

    table: dict[str, str] = {}
    for src, dst in _t2s_table().items():
        table.setdefault(dst, chr(src))
    converter = opencc.OpenCC("s2t")
    for simp in list(table):
        preferred = converter.convert(simp)
        if len(preferred) == 1:
            table[simp] = preferred
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


@cache
def _script_deletions() -> tuple[dict[int, None], dict[int, None]]:
    """`str.translate` tables that delete the characters `is_traditional` / `is_simplified_only`
    hold: the length a text loses is how many it has."""
    simp_only = {ord(ch): None for ch, trad in _s2t_table().items() if trad != ch}
    return dict.fromkeys(_t2s_table()), simp_only


def script_counts(text: str) -> tuple[int, int]:
    """`(sum(map(is_traditional, text)), sum(map(is_simplified_only, text)))`, in C."""
    trad, simp = _script_deletions()
    n = len(text)
    return n - len(text.translate(trad)), n - len(text.translate(simp))


def to_traditional_char(ch: str) -> str:
    return _s2t_table().get(ch, ch)


def is_traditional(ch: str) -> bool:
    """A Traditional character that t2s changes."""
    return ord(ch) in _t2s_table()


def is_simplified_only(ch: str) -> bool:
    """A Simplified character whose Traditional form differs."""
    return ch in _s2t_table() and _s2t_table()[ch] != ch


def strip_annotations(text: str) -> str:
    """Text without glued pinyin annotations, for scoring context."""
    return annotation_pattern().sub("", text)


def annotates_converted_only(text: str) -> bool:
    """Whether the document glues pinyin only after characters that Traditional→Simplified
    folding changes (as sites that annotate Traditional text for mainland readers do).

    When it does, a character cut off from its annotation by byte damage was one of them.
    """
    annotated = [
        text[m.start() - 1]
        for m in annotation_pattern().finditer(text)
        if m.start() and is_han(text[m.start() - 1])
    ]
    changed = sum(to_simplified(ch) != ch for ch in annotated)
    cfg = rules().thresholds
    return len(annotated) >= cfg["annotation_min_count"] and changed >= cfg["annotation_share"] * len(annotated)


def word_logp(word: str) -> float | None:
    """log P of a dictionary word (Simplified), None when not a word."""
    freq, log_total = _dictionary()
    f = freq.get(word)
    return math.log(f) - log_total if f else None


def char_logp(ch: str) -> float:
    freq, log_total = _dictionary()
    return math.log(freq.get(ch) or 1) - log_total


def _class_score(ch: str) -> float:
    score = rules().scores
    if ch == SLOT:
        return score["slot_placeholder"]
    if ch.isspace():
        return 0.0
    if rules().is_junk(ch):
        return score["junk"]
    if ch.isascii():
        return score["ascii_alnum"] if ch.isalnum() else score["punctuation"]
    if unicodedata.category(ch).startswith("P"):
        return rules().punctuation_scores.get(ch, score["punctuation"])
    return score["symbol"]


@functools.lru_cache(maxsize=16384)  # windows around nearby slots score the same runs again
def _han_run_score(run: str) -> float:
    """Best segmentation of a Han run; each word pays a fixed cost on top of its log P, so
    a dictionary word beats the same characters read as frequent single characters."""
    freq, log_total = _dictionary()
    return _suffix_scores(run, freq, log_total + rules().scores["per_word"])[0]


def _suffix_scores(run: str, freq: Mapping[str, int], base: float) -> list[float]:
    """Best segmentation score of every suffix of `run` (index i: `run[i:]`; the last, 0.0)."""
    n = len(run)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        top = math.log(freq.get(run[i]) or 1) - base + best[i + 1]
        j = i + 2
        while j <= n:
            f = freq.get(run[i:j])
            if f is None:
                break
            if f:
                cand = math.log(f) - base + best[j]
                if cand > top:
                    top = cand
            j += 1
        best[i] = top
    return best


def fluency(text: str, simplified: bool = False) -> float:
    """Log-probability of `text` read as Chinese (higher is better; 0 for empty)."""
    if not simplified:
        text = to_simplified(text)
    total = 0.0
    start = None
    for i, ch in enumerate(text):
        if is_han(ch):
            if start is None:
                start = i
            continue
        if start is not None:
            total += _han_run_score(text[start:i])
            start = None
        total += _class_score(ch)
    if start is not None:
        total += _han_run_score(text[start:])
    return total


def _terms(text: str) -> list[float]:
    """What `fluency` adds up for `text` (Simplified), in its order."""
    terms: list[float] = []
    start = None
    for i, ch in enumerate(text):
        if is_han(ch):
            if start is None:
                start = i
            continue
        if start is not None:
            terms.append(_han_run_score(text[start:i]))
            start = None
        terms.append(_class_score(ch))
    if start is not None:
        terms.append(_han_run_score(text[start:]))
    return terms


class OneCharFluency:
    """`fluency(text[:pos] + ch + text[pos + 1:], simplified=True)` for many `ch`.

    Everything that does not depend on `ch` is computed once: the total before the Han
    run around `pos`, the terms after it, and the segmentation scores of the run's part
    after `pos`. Each `ch` then costs only the words that can include it; the sums are
    made in the same order as `fluency` makes them, so the scores are the same floats.
    """

    def __init__(self, text: str, pos: int) -> None:
        freq, log_total = _dictionary()
        self._freq = freq
        self._base = log_total + rules().scores["per_word"]
        lstart = pos
        while lstart > 0 and is_han(text[lstart - 1]):
            lstart -= 1
        rend = pos + 1
        while rend < len(text) and is_han(text[rend]):
            rend += 1
        self._left, self._right = text[lstart:pos], text[pos + 1 : rend]
        total = 0.0
        for term in _terms(text[:lstart]):
            total += term
        self._before = total
        self._after = _terms(text[rend:])
        self._left_score = _han_run_score(self._left) if self._left else None
        base = self._base
        right = self._right
        best_r = _suffix_scores(right, freq, base)  # `_han_run_score`'s table over the part after pos
        self._best_r = best_r
        self._right_score = best_r[0] if right else None  # `_han_run_score(right)`: the same table
        # For each start in the part before pos: its single-character score, the words
        # that end before pos, and whether the run of words from it reaches pos.
        left = self._left
        p = len(left)
        self._singles = [math.log(freq.get(ch) or 1) - base for ch in left]
        self._words: list[list[tuple[int, float | None]]] = []
        self._reaches: list[bool] = []
        for i in range(p):
            words: list[tuple[int, float | None]] = []
            reaches = True
            for j in range(i + 2, p + 1):
                f = freq.get(left[i:j])
                if f is None:
                    reaches = False
                    break
                words.append((j, math.log(f) - base if f else None))
            self._words.append(words)
            self._reaches.append(reaches)
        # The parts before pos that the words spanning `ch` from the left start with.
        self._heads = [left[i:] for i in range(p) if self._reaches[i]]
        self._next = right[:1]  # the character the words spanning `ch` from it continue with
        self._by_frequency: dict[int, float] = {}  # scores of characters no word spans

    def _run_score(self, ch: str) -> float:
        """`_han_run_score(left + ch + right)`."""
        freq, base = self._freq, self._base
        left, right, best_r = self._left, self._right, self._best_r
        p, m = len(left), len(right)
        n = p + 1 + m
        best = [0.0] * (n + 1)
        best[p + 1 :] = best_r
        top = math.log(freq.get(ch) or 1) - base + best_r[0]
        j = p + 2
        while j <= n:
            f = freq.get(ch + right[: j - p - 1])
            if f is None:
                break
            if f:
                cand = math.log(f) - base + best[j]
                if cand > top:
                    top = cand
            j += 1
        best[p] = top
        for i in range(p - 1, -1, -1):
            top = self._singles[i] + best[i + 1]
            for j, score in self._words[i]:
                if score is not None:
                    cand = score + best[j]
                    if cand > top:
                        top = cand
            if self._reaches[i]:
                head = left[i:] + ch
                j = p + 1
                while j <= n:
                    f = freq.get(head + right[: j - p - 1])
                    if f is None:
                        break
                    if f:
                        cand = math.log(f) - base + best[j]
                        if cand > top:
                            top = cand
                    j += 1
            best[i] = top
        return best[0]

    def alone(self, ch: str) -> int | None:
        """`freq.get(ch) or 1` when no dictionary word (not even one of frequency 0) spans
        `ch` and a neighbour: then that is all `_run_score` reads of `ch`, characters with
        the same value share one score, and a higher value never scores lower (every step
        is a sum or a maximum). None when a word may span it, or `ch` is not Han."""
        if not is_han(ch):
            return None
        freq = self._freq
        if self._next and freq.get(ch + self._next) is not None:
            return None
        for head in self._heads:
            if freq.get(head + ch) is not None:
                return None
        return freq.get(ch) or 1

    def ranks(self, chars: Sequence[str]) -> list[int | None]:
        """`[self.alone(ch) for ch in chars]`: the two-character keys that would span a
        character (with the next one, or with a one-character head) are one set of the
        characters they hold, longer heads are looked up, and each candidate list's
        `freq.get(ch) or 1` (None when not Han) is remembered."""
        if not isinstance(chars, str):
            return [self.alone(ch) for ch in chars]
        last = ""
        longer: list[str] = []
        for head in self._heads:
            if len(head) == 1:
                last = head
            else:
                longer.append(head)
        spanned = _spanning(self._next, last)
        values = _alone_values(chars)
        if not longer:
            return [None if value is None or ch in spanned else value for ch, value in values]
        get = self._freq.get
        out: list[int | None] = []
        for ch, value in values:
            if value is None or ch in spanned:
                out.append(None)
                continue
            for head in longer:
                if get(head + ch) is not None:
                    out.append(None)
                    break
            else:
                out.append(value)
        return out

    def __call__(self, ch: str) -> float:
        if is_han(ch):
            alone = self.alone(ch)
            if alone is None:
                return self._total(ch)
            score = self._by_frequency.get(alone)
            if score is None:
                score = self._by_frequency[alone] = self._total(ch)
            return score
        return self._total(ch)

    def _total(self, ch: str) -> float:
        total = self._before
        if is_han(ch):
            total += self._run_score(ch)
        else:
            if self._left_score is not None:
                total += self._left_score
            total += _class_score(ch)
            if self._right_score is not None:
                total += self._right_score
        for term in self._after:
            total += term
        return total


@cache
def _pair_keys() -> tuple[dict[str, str], dict[str, str]]:
    """The dictionary's keys of two characters (words, and word prefixes at frequency 0)
    by first / second character → the other characters: `a + b in freq` is
    `b in after.get(a, "")` and `a in before.get(b, "")`. Strings keep the index small."""
    freq, _ = _dictionary()
    after: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    for key in freq:
        if len(key) == 2:
            after.setdefault(key[0], []).append(key[1])
            before.setdefault(key[1], []).append(key[0])
    return {k: "".join(v) for k, v in after.items()}, {k: "".join(v) for k, v in before.items()}


@functools.lru_cache(maxsize=512)  # a set can hold thousands of characters: keep few (memory stays flat)
def _spanning(following: str, last: str) -> frozenset[str]:
    """The characters `ch` for which `ch + following` or `last + ch` is a dictionary key
    (an empty `following` / `last` spans none)."""
    after, before = _pair_keys()
    return frozenset((before.get(following, "") if following else "") + (after.get(last, "") if last else ""))


@functools.lru_cache(maxsize=256)  # slots that share a lead or trail byte share their list
def _alone_values(chars: str) -> tuple[tuple[str, int | None], ...]:
    """Each character of `chars` with `freq.get(ch) or 1`, or None when it is not Han."""
    freq, _ = _dictionary()
    return tuple((ch, (freq.get(ch) or 1) if is_han(ch) else None) for ch in chars)


MAX_WORD = 8


def token_options(seq: Sequence[str], i: int) -> list[tuple[int, float]]:
    """The tokens that may start at seq[i] (Simplified characters): (length, log-score).

    The same scores as `fluency`: a dictionary word or single Han character, or one
    non-Han character scored by its class.
    """
    ch = seq[i]
    if not is_han(ch):
        return [(1, _class_score(ch))]
    freq, log_total = _dictionary()
    base = log_total + rules().scores["per_word"]
    out = [(1, math.log(freq.get(ch) or 1) - base)]
    word = ch
    for j in range(i + 1, min(len(seq), i + MAX_WORD)):
        if not is_han(seq[j]):
            break
        word += seq[j]
        f = freq.get(word)
        if f is None:
            break
        if f:
            out.append((j + 1 - i, math.log(f) - base))
    return out


def prefix_scores(seq: Sequence[str]) -> list[float]:
    """best[i]: the score of the best segmentation of seq[:i] into whole tokens."""
    best = [-math.inf] * (len(seq) + 1)
    best[0] = 0.0
    for i in range(len(seq)):
        if best[i] == -math.inf:
            continue
        for length, score in token_options(seq, i):
            if best[i] + score > best[i + length]:
                best[i + length] = best[i] + score
    return best


@cache
def common_chars(limit: int = 6000) -> tuple[str, ...]:
    """The most frequent Simplified Han characters of the dictionary, best first."""
    freq, _ = _dictionary()
    singles = [(f, w) for w, f in freq.items() if len(w) == 1 and f and is_han(w)]
    singles.sort(reverse=True)
    return tuple(w for _, w in singles[:limit])


@cache
def _neighbour_index() -> tuple[dict[str, str], dict[str, str]]:
    """Words of 2-3 characters by all but their last / first character: fixed part → the
    characters that complete a word with it (a string keeps the index small)."""
    freq, _ = _dictionary()
    words = [w for w, f in freq.items() if f and 2 <= len(w) <= 3]

    def grouped(fixed: Callable[[str], str], free: Callable[[str], str]) -> dict[str, str]:
        words.sort(key=fixed)  # grouping sorted words keeps the peak memory low
        return {k: "".join(map(free, g)) for k, g in itertools.groupby(words, key=fixed)}

    ending = grouped(lambda w: w[:-1], lambda w: w[-1])
    starting = grouped(lambda w: w[1:], lambda w: w[0])
    return ending, starting


def words_after(first: str) -> str:
    """The characters that make a two-character dictionary word after `first`."""
    return _neighbour_index()[0].get(first, "")


def completions(left: str, right: str) -> dict[str, float]:
    """Common characters that make a dictionary word after the last one or two characters
    of `left` or before the first one or two of `right`, each with its best word's log P."""
    ending, starting = _neighbour_index()
    common = _common_set()
    best: dict[str, float] = {}
    heads = [left[-n:] for n in (1, 2) if len(left) >= n]
    tails = [right[:n] for n in (1, 2) if len(right) >= n]
    words = [(ch, head + ch) for head in heads for ch in ending.get(head, "")]
    words += [(ch, ch + tail) for tail in tails for ch in starting.get(tail, "")]
    for ch, word in words:
        if ch in common:
            lp = word_logp(word)
            if lp is not None and lp > best.get(ch, -math.inf):
                best[ch] = lp
    return best


@cache
def _common_set() -> frozenset[str]:
    return frozenset(common_chars())


def plain(text: str) -> str:
    """Text as the slot chooser compares it: no annotations, Simplified, full-width punctuation."""
    fold = rules().folded_punctuation
    return to_simplified(strip_annotations(text)).translate(str.maketrans(dict[str, str | int | None](fold)))


class Discounted(Mapping[str, int]):
    """Counts of `base` less those of `minus`: the document's vocabulary without the
    stretch a reading claims is damaged, so text never supports its own reading."""

    def __init__(self, base: Mapping[str, int], minus: Mapping[str, int]) -> None:
        self.base, self.minus = base, minus
        self.memo: dict[tuple[str, str, str], float] = {}  # slot scores against these counts

    def __getitem__(self, gram: str) -> int:
        count = self.base[gram] - self.minus.get(gram, 0)
        if count <= 0:
            raise KeyError(gram)
        return count

    def get(self, gram: str, default: int | None = None) -> int | None:  # type: ignore[override]
        count = self.base.get(gram, 0) - self.minus.get(gram, 0)  # no KeyError on the hot path
        return count if count > 0 else default

    def __iter__(self) -> Iterator[str]:
        return (g for g in self.base if self.base[g] > self.minus.get(g, 0))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:  # cheap: tested on the hot path; lookups say the rest
        return bool(self.base)


def document_ngrams(text: str, exclude: list[tuple[int, int]]) -> dict[str, int]:
    """How often each run of 1 to 3 characters (one at least Han) occurs in `text` outside
    the `exclude` spans: the document's own vocabulary, for names and new terms."""
    chars = list(text)
    for start, end in exclude:
        chars[start:end] = ["\n"] * (end - start)
    clean = plain("".join(chars))
    counts: dict[str, int] = {}
    # Counted per size in order of first occurrence, then the runs that do not qualify are
    # taken out (the rest keep their order): the same dict as adding qualifying runs one by
    # one. A run fails for what it is, so finding one occurrence of each is enough; they
    # all start near a character that is not Han.
    sizes = (clean, map(operator.add, clean, clean[1:]), map("".join, zip(clean, clean[1:], clean[2:])))
    for grams in sizes:
        counts.update(Counter(grams))
    n = len(clean)
    other = [m.start() for m in _NOT_HAN.finditer(clean)]
    others = set(other)
    failing: set[str] = set()
    for i in other:
        failing.add(clean[i])
        if clean[i] == "\n":  # every run through a line break
            failing.update(clean[a : a + size] for size in (2, 3) for a in range(i - size + 1, i + 1) if 0 <= a <= n - size)
        elif i + 1 in others:  # runs of characters none of which is Han
            failing.add(clean[i : i + 2])
            if i + 2 in others:
                failing.add(clean[i : i + 3])
    for gram in failing:
        counts.pop(gram, None)
    return counts


# What `is_han` is not (its ranges as a character class).
_NOT_HAN = re.compile("[^\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]")
