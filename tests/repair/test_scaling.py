"""The repair's work grows with the damage and the length, never faster (no timings).

Work is counted in calls: on clean text the detectors alone run (no region repaired, no
document n-grams); on damaged text, twice the text with the same density of damage
makes about twice the calls of every part that scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import etl.repair.evidence as evidence
import etl.repair.lexicon as lexicon
import etl.repair.phase as phase
import etl.repair.roundtrip as roundtrip
import etl.repair.slots as slots
from etl.repair import repair_edits
from etl.repair.gbk import browser_decode, encode

SENTENCES = [
    "会议强调，各级各部门要切实提高站位，坚决克服麻痹思想。",
    "要加强重点场所的日常监测，严格落实测温和佩戴口罩等措施。",
    "全县上下要统一思想，压实属地责任，确保各项工作落到实处。",
    "会上，与会人员听取了近期工作情况的汇报，并对下一步作了部署。",
]

COUNTED = [
    (evidence, "document_ngrams"),
    (phase, "repair_region"),
    (slots, "_fill_group"),
    (lexicon, "_han_run_score"),
    (roundtrip, "_scan_stretch"),
]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    for module, name in COUNTED:
        original = getattr(module, name)

        def counted(*args: Any, _f: Callable[..., Any] = original, _n: str = name) -> Any:
            counts[_n] += 1
            return _f(*args)

        monkeypatch.setattr(module, name, counted)
    import etl.repair as package

    monkeypatch.setattr(package, "repair_region", phase.repair_region)
    return counts


def _clean(sentences: int, line: bool) -> str:
    parts = [SENTENCES[i % len(SENTENCES)] + ("" if line or i % 5 else "\n") for i in range(sentences)]
    return "".join(parts)


@pytest.mark.parametrize("line", [pytest.param(False, id="paragraphs"), pytest.param(True, id="one-line")])
def test_clean_megabyte_runs_the_detectors_only(calls: Counter[str], line: bool) -> None:
    text = _clean(12_000, line)  # about 1 MB of UTF-8
    assert len(text.encode("utf-8")) > 1_000_000
    assert repair_edits(text) == ([], [])
    assert calls["document_ngrams"] == calls["repair_region"] == calls["_fill_group"] == 0


def test_a_megabyte_of_one_repeated_phrase_is_left_alone() -> None:
    text = "要加强疫情防控工作，严格落实各项措施。" * 19_000
    assert repair_edits(text) == ([], [])


def _damaged(sentences: int, every: int) -> str:
    """Clean paragraphs with one byte of every `every` bytes of GBK lost (evenly spread)."""
    data = bytearray(encode(_clean(sentences, line=False)))
    for cut in range(len(data) - every // 2, 0, -every):
        while data[cut] < 0x80:
            cut += 1
        del data[cut]
    return browser_decode(bytes(data))


def test_work_on_damaged_text_grows_with_its_length(calls: Counter[str]) -> None:
    counts = []
    for sentences in (60, 120):
        calls.clear()
        edits, findings = repair_edits(_damaged(sentences, every=700))
        assert findings
        counts.append(dict(calls))
    small, large = counts
    assert small["document_ngrams"] == large["document_ngrams"] == 1  # once per document
    for name in ("repair_region", "_fill_group", "_han_run_score"):
        assert 1.5 * small[name] <= large[name] <= 2.6 * small[name], (name, small, large)
