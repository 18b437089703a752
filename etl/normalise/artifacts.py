"""Step g: the document-level artifact flags, and a Finding per truncated paragraph.

Flags: traditional, pinyin_annotations, doubled_punctuation, mojibake, truncated,
boilerplate_footer. They are read off what the earlier steps did (the reasons of the
applied edits, the repair findings) and off the sections.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from etl.findings import Finding
from etl.normalise._data import rules
from etl.normalise.charsets import HAN_CLASS
from etl.normalise.punctuation import DOUBLED
from etl.normalise.repair_step import WRAPPER_KINDS
from etl.normalise.sections import Section
from etl.normalise.simplify import changed_characters
from etl.spans import Edit, OffsetMap, Span


@cache
def _han_runs() -> re.Pattern[str]:
    return re.compile(f"[{HAN_CLASS}]+")  # the characters etl.normalise.charsets.is_han accepts


def truncated_spans(text: str, sections: Iterable[Section]) -> list[Span]:
    """For each body paragraph that stops mid-sentence, the span of its cut sentence."""
    cfg = rules("sections.json")["truncation"]
    ends, closers = cfg["sentence_ends"], cfg["closers"]
    found: list[Span] = []
    for sec in sections:
        if sec.kind != "body":
            continue
        line = sec.span.of(text)
        core = line.rstrip(closers + " \u3000")
        if not core or line[-1] in ends or core[-1] in ends:
            continue
        if len(line) <= cfg["subheading_max_chars"] and "," not in line:
            continue  # a sub-heading, not a cut sentence
        cut = max(line.rfind(c) for c in ends) + 1
        while cut < len(line) and line[cut] in closers + " \u3000":
            cut += 1
        found.append(Span(sec.span.start + cut, sec.span.end))
    return found


def truncation_findings(text: str, spans: Iterable[Span], offsets: OffsetMap) -> list[Finding]:
    out: list[Finding] = []
    for span in spans:
        tail = span.of(text)
        shown = tail if len(tail) <= 12 else "…" + tail[-12:]
        out.append(
            Finding(
                stage="normalise",
                kind="truncated_sentence",
                message=f"paragraph ends mid-sentence ({shown!r}); the source text is cut here, "
                "so facts from this sentence may be incomplete",
                severity="info",
                span=span,
                raw_span=offsets.to_source(span),
                original=tail,
                method="no sentence end at paragraph end",
            )
        )
    return out


def artifact_flags(
    text: str,
    applied: Iterable[Edit],
    repair_findings: Iterable[Finding],
    sections: Iterable[Section],
    truncated: Iterable[Span],
) -> frozenset[str]:
    edits = list(applied)
    reasons = Counter(e.reason for e in edits)
    flags: set[str] = set()
    changed = sum(changed_characters(e) for e in edits if e.reason == "t2s") if reasons["t2s"] else 0
    cfg = rules("artifacts.json")["traditional"]
    han = sum(map(len, _han_runs().findall(text))) or 1
    if changed >= cfg["min_changed"] or (changed and changed / han >= cfg["min_share"]):
        flags.add("traditional")
    if reasons["pinyin"] or reasons["orphan_pinyin"]:
        flags.add("pinyin_annotations")
    if reasons[DOUBLED]:
        flags.add("doubled_punctuation")
    if any(f.kind not in WRAPPER_KINDS for f in repair_findings):
        flags.add("mojibake")
    if any(True for _ in truncated):
        flags.add("truncated")
    if any(s.kind == "footer" or (s.kind == "credit" and s.boilerplate) for s in sections):
        flags.add("boilerplate_footer")
    return frozenset(flags)
