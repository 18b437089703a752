"""How Chinese a string reads: the log-probability of its best jieba segmentation.

The jieba dictionary (word → frequency) is Simplified, so text is first folded to
Simplified character by character with OpenCC's t2s table. Han runs are segmented the
way jieba's `calc` does (every dictionary word or single character, log(freq / total));
other characters are scored by class: punctuation costs about a common character,
letters and symbols more, characters that never belong in prose (kana, bopomofo,
private use, U+FFFD, pinyin letters outside annotations) most.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
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


def _han_run_score(run: str) -> float:
    """Best segmentation of a Han run; each word pays a fixed cost on top of its log P, so
    a dictionary word beats the same characters read as frequent single characters."""
    freq, log_total = _dictionary()
    base = log_total + rules().scores["per_word"]
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
    return best[0]


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
    for size in (1, 2, 3):
        for i in range(len(clean) - size + 1):
            gram = clean[i : i + size]
            if "\n" not in gram and any(is_han(ch) for ch in gram):
                counts[gram] = counts.get(gram, 0) + 1
    return counts
