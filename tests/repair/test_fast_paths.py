"""The repair's fast paths give what a straightforward scan gives.

Each property compares a fast path with a small reference kept here: the character-by-
character UTF-8-as-GBK and Latin-1 scans, the `fluency` of a window rescored per
candidate, document n-grams counted one by one, the line's paired punctuation read
from `plain` of the whole line, and a slot's shortlist made by scoring every candidate.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.repair.detect import Anchor, _cjk, _question, annotation_spans, find_anchors, orphan_spans
from etl.repair.evidence import DocumentEvidence, open_pairs
from etl.repair.gbk import REPLACEMENT, browser_decode, char_bytes
from etl.repair.lexicon import (
    OneCharFluency,
    _han_run_score,
    document_ngrams,
    fluency,
    is_han,
    is_simplified_only,
    is_traditional,
    plain,
    script_counts,
    to_simplified,
    word_logp,
)
from etl.repair.roundtrip import (
    RoundTrip,
    _cp1252_byte,
    _in_gbk_run,
    _lost_tail,
    _plausible,
    _utf8_prefix,
    latin1_mojibake,
    utf8_as_gbk,
)
from etl.repair.rules import rules
from etl.repair.slots import _best_scores, _pair_row, _ranked

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Invented text, and characters whose GBK bytes often read as UTF-8 (and the reverse).
WORDS = ["要加强", "疫情防控", "工作", "会议", "强调", "落实", "措施", "全面", "部署", "，", "。", "“", "”"]
MOJIBAKE = [browser_decode(w.encode("utf-8")) for w in ["防控工作", "要求", "落实措施", "会议"]]
GBK_SOUP = list("鍐烽摼椋熷搧锟斤拷浣犲ソ€瑕佸姞寮") + MOJIBAKE


def _reference_scan_gbk_run(text: str, start: int, end: int, min_gain: float) -> list[RoundTrip]:
    """The scan before the fast path: the plausible prefix decoded at every position."""

    def plausible_prefix(data: bytes) -> int:
        valid = data[: _utf8_prefix(data)].decode("utf-8")
        length = 0
        for ch in valid:
            if ch != REPLACEMENT and not _plausible(ch):
                break
            length += len(ch.encode("utf-8"))
        return length

    found: list[RoundTrip] = []
    pieces = [char_bytes(ch) or b"" for ch in text[start:end]]
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    run_data = b"".join(pieces)
    a = start
    while a < end:
        base = offsets[a - start]
        data = run_data[base:]
        limit = base + plausible_prefix(data)
        b = a
        last = min(end, start + bisect.bisect_right(offsets, limit) - 1)
        for k in range(last, a, -1):
            if _utf8_prefix(run_data[base : offsets[k - start]]) == offsets[k - start] - base:
                b = k
                break
        if b - a < 2:
            a += 1
            continue
        decoded = run_data[base : offsets[b - start]].decode("utf-8")
        if set(decoded) == {REPLACEMENT}:
            found.append(RoundTrip(a, b, "replacement_char", None, None, "utf8-as-gbk"))
            a = b
            continue
        if not (_plausible(decoded) and fluency(decoded) - fluency(text[a:b]) >= min_gain):
            a += 1
            continue
        stop, conf = b, 0.99
        if end - b == 1 and end < len(text) and text[end] in "?" + REPLACEMENT:
            guess = _lost_tail(data)
            if guess is not None and guess[1] >= rules().thresholds["slot_margin"]:
                decoded, stop, conf = guess[0], end + 1, 0.9
        found.append(RoundTrip(a, stop, "utf8_as_gbk", decoded, conf, "utf8-as-gbk"))
        a = stop
    return found


def _reference_utf8_as_gbk(text: str) -> list[RoundTrip]:
    found: list[RoundTrip] = []
    i, n = 0, len(text)
    while i < n:
        if not _in_gbk_run(text[i]):
            i += 1
            continue
        j = i
        while j < n and _in_gbk_run(text[j]):
            j += 1
        found.extend(_reference_scan_gbk_run(text, i, j, rules().thresholds["utf8_min_gain"]))
        i = j
    return found


@FAST
@given(st.lists(st.sampled_from(WORDS + GBK_SOUP + ["?", "\ufffd", " ", "A", "\n"]), max_size=30))
def test_utf8_as_gbk_equals_the_scan_at_every_position(parts: list[str]) -> None:
    text = "".join(parts)
    assert utf8_as_gbk(text) == _reference_utf8_as_gbk(text)


@FAST
@given(st.binary(max_size=40), st.text(alphabet="要加强防控工作，", max_size=6))
def test_utf8_as_gbk_equals_the_scan_on_any_bytes(data: bytes, tail: str) -> None:
    text = browser_decode(data) + tail
    assert utf8_as_gbk(text) == _reference_utf8_as_gbk(text)


def _reference_latin1_mojibake(text: str) -> list[RoundTrip]:
    from etl.repair.roundtrip import _scan_latin_run

    table = _cp1252_byte()
    found: list[RoundTrip] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] not in table:
            i += 1
            continue
        j = i
        while j < n and text[j] in table:
            j += 1
        found.extend(_scan_latin_run(text, i, j, table))
        i = j
    return found


@FAST
@given(st.lists(st.sampled_from(["è¿\u009bå\u008f£", "é", "Ã", "©", "“", "·", "会议", " ", "\x80"]), max_size=20))
def test_latin1_runs_are_found_as_the_character_scan_finds_them(parts: list[str]) -> None:
    text = "".join(parts)
    assert latin1_mojibake(text) == _reference_latin1_mojibake(text)


@FAST
@given(
    st.lists(st.sampled_from(WORDS + ["A", "1", "\x00", "\ufffd", "（", "国"]), min_size=1, max_size=12),
    st.data(),
)
def test_one_character_fluency_equals_rescoring_the_window(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text) - 1))
    scorer = OneCharFluency(text, pos)
    for ch in data.draw(st.lists(st.sampled_from("要强工作会议措施防控，。“A\x00国"), min_size=1, max_size=5)):
        assert scorer(ch) == fluency(text[:pos] + ch + text[pos + 1 :], simplified=True)


def _reference_ngrams(text: str, exclude: list[tuple[int, int]]) -> dict[str, int]:
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


@FAST
@given(st.lists(st.sampled_from(WORDS + ["(", ")", "\n", "A"]), max_size=20), st.data())
def test_document_ngrams_equal_counting_one_by_one(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 5)), max_size=3))
    exclude = [(s, min(len(text), s + w)) for s, w in spans]
    fast, slow = document_ngrams(text, exclude), _reference_ngrams(text, exclude)
    assert fast == slow and list(fast) == list(slow)


LINE_PARTS = ["要加强", "“", "”", "《", "》", "（", "）", "(", ")", "(lǐng)", "(dǎo", "ng)", "\n", "工作"]


@FAST
@given(st.lists(st.sampled_from(LINE_PARTS), max_size=25), st.data())
def test_line_punctuation_equals_reading_the_whole_line(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    evidence = DocumentEvidence(text)
    positions = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    for pos in positions:  # in increasing order, as regions ask
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        after = plain(text[pos : line_end if line_end >= 0 else len(text)])
        assert evidence.open_before(pos) == open_pairs(plain(text[line_start:pos]))
        for opener, closer in rules().paired_punctuation.items():
            expected = next((ch for ch in after if ch in (opener, closer)), None)
            assert evidence.first_after(pos, (opener, closer)) == expected


def _reference_find_anchors(text: str) -> list[Anchor]:
    """`find_anchors` as one loop over every character, a `?` judged by `rfind`."""
    cfg = rules()
    inside: set[int] = set()
    for s, e in annotation_spans(text):
        inside.update(range(s, e))
    anchors: list[Anchor] = []
    orphans = orphan_spans(text)
    for s, e in orphans:
        anchors.append(Anchor(s, e, "orphan", True))
        inside.update(range(s, e))
    alnum = lambda c: c.isascii() and c.isalnum()  # noqa: E731
    for i, ch in enumerate(text):
        if i in inside:
            continue
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i + 1 < len(text) else "\n"
        if ch == REPLACEMENT:
            anchors.append(Anchor(i, i + 1, "lost", True))
        elif ch == "?":
            near = not prev.isascii() or not nxt.isascii() or i - 1 in {e - 1 for _, e in orphans}
            if near or i + 1 in {s for s, _ in orphans}:
                start = max(text.rfind(p, 0, i) for p in "。！？!?\n")
                ends = [j for j in range(len(text)) if text[j] in "。！？!?\n"]
                assert start == max([j for j in ends if j < i], default=-1)
                anchors.append(Anchor(i, i + 1, "lost", not _question(text, i, ends)))
        elif "\x40" <= ch <= "\x7e" or ch == "\u20ac":
            if alnum(prev) or alnum(nxt):
                continue
            before_annotation = nxt == "(" and (i + 1) in inside
            if not (_cjk(prev) or _cjk(nxt) or before_annotation):
                continue
            term = word_logp(ch + nxt) or word_logp(prev + ch) or prev in cfg.unit_marks
            anchors.append(Anchor(i, i + 1, "glued", not term or before_annotation))
        elif not ch.isascii() and (cfg.is_junk(ch) or ch in cfg.tone_letters):
            anchors.append(Anchor(i, i + 1, "junk", cfg.flag_kind(ch) is not None))
    anchors.sort(key=lambda a: a.start)
    return anchors


ANCHOR_PARTS = WORDS + ["A", "AB", "股", "?", "吗?", "\ufffd", "ㄊ", "ā", "€", "(gòu)", "gòu)", "(gòu", " ", "\n"]


@FAST
@given(st.lists(st.sampled_from(ANCHOR_PARTS), max_size=20))
def test_anchors_equal_the_scan_of_every_character(parts: list[str]) -> None:
    text = "".join(parts)
    assert find_anchors(text) == _reference_find_anchors(text)


ROW = "".join(ch for ch in (bytes([0xB9, t]).decode("gbk") for t in range(0xA1, 0xFF)))  # one GBK row


@FAST
@given(
    st.lists(st.sampled_from(WORDS + ["A", "\x00", "国"]), min_size=1, max_size=10),
    st.data(),
)
def test_characters_no_word_spans_score_in_the_order_of_their_rank(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text) - 1))
    scorer = OneCharFluency(text, pos)
    chars = ROW + "，要"
    assert scorer.ranks(chars) == [scorer.alone(ch) for ch in chars]
    ranked = [(r, scorer(ch)) for ch in chars if (r := scorer.alone(ch)) is not None]
    for (ra, sa), (rb, sb) in zip(sorted(ranked), sorted(ranked)[1:]):
        assert sa <= sb or ra == rb
        if ra == rb:
            assert sa == sb


def _score_every_candidate(
    candidates: tuple[tuple[str, str], ...], window: Callable[[str], float], extra: Callable[[str, str], float]
) -> tuple[dict[str, float], dict[str, str]]:
    """The loop before the shortlist was pruned: every candidate scored in full."""
    scores: dict[str, float] = {}
    reps: dict[str, str] = {}
    for cand, simp in candidates:
        score = window(simp)
        score += extra(simp, cand)
        if simp not in scores or score > scores[simp]:
            scores[simp], reps[simp] = score, cand
    return scores, reps


@FAST
@given(
    st.lists(st.sampled_from(WORDS + ["A", "国"]), min_size=1, max_size=8),
    st.data(),
    st.sampled_from([1, 2, 12]),
)
def test_a_pruned_shortlist_equals_scoring_every_candidate(parts: list[str], data: st.DataObject, keep: int) -> None:
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text) - 1))
    pool = list(ROW + "，。要强工作会議")
    chars = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=40))
    candidates = tuple((ch, to_simplified(ch)) for ch in chars)
    bonus = data.draw(st.dictionaries(st.sampled_from(pool), st.sampled_from([-4.0, 0.0, 0.5, 3.0, 9.0])))
    scorer = OneCharFluency(text, pos)

    def extra(simp: str, cand: str) -> float:
        return bonus.get(cand, 0.0)

    fast = _best_scores(candidates, scorer, scorer.ranks, extra, keep)
    slow = _score_every_candidate(candidates, scorer, extra)
    assert _ranked(fast[0])[:keep] == _ranked(slow[0])[:keep]
    assert all(fast[1][simp] == slow[1][simp] for _, simp in _ranked(slow[0])[:keep])


@FAST
@given(
    st.lists(st.sampled_from(WORDS + ["A", "国"]), min_size=1, max_size=8),
    st.data(),
    st.sampled_from([-3.0, 0.0, 2.5]),
)
def test_a_pruned_pair_row_keeps_its_two_best_pairs(parts: list[str], data: st.DataObject, first: float) -> None:
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text) - 1))
    seconds = data.draw(st.lists(st.sampled_from(list(ROW + "，。要强工作")), min_size=1, max_size=30, unique=True))
    bonus = data.draw(st.dictionaries(st.sampled_from(seconds), st.sampled_from([-4.0, 0.0, 0.5, 3.0, 9.0])))
    scorer = OneCharFluency(text, pos)

    def extra(two: str) -> float:
        return bonus.get(two, 0.0)

    every = {}
    for two in seconds:  # the row before pruning: every pair scored
        score = scorer(two)
        score += first
        score += extra(two)
        every[two] = score
    row = _pair_row(seconds, scorer, scorer.ranks, first, extra)
    assert all(every[two] == score for two, score in row.items())
    assert list(row) == [two for two in seconds if two in row]

    def best_two(scores: dict[str, float]) -> list[str]:
        return sorted(scores, key=lambda two: (-scores[two], seconds.index(two)))[:2]

    assert best_two(row) == best_two(every)


@FAST
@given(st.text(alphabet="會議強調要加强防控工作落實实措施發发国國，A\n\ufffd", max_size=40))
def test_script_counts_equal_testing_each_character(text: str) -> None:
    assert script_counts(text) == (sum(map(is_traditional, text)), sum(map(is_simplified_only, text)))


@FAST
@given(st.text(alphabet="要加强疫情防控工作会议落实措施全面部署国", max_size=12))
def test_a_remembered_run_score_equals_segmenting_again(run: str) -> None:
    assert _han_run_score(run) == _han_run_score.__wrapped__(run)
