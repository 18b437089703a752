"""Repair stage: find byte-level mojibake in raw text and propose repairs.

`repair_edits` is called by the normalise stage on the raw text, before pinyin
stripping, Traditional→Simplified and punctuation folding. It returns one `Edit` per
repaired span (reason = the damage kind) and one `Finding` per damaged span, repaired or
not; a span that cannot be repaired is only flagged (no edit), and its `raw_span` tells
later stages to keep its characters out of extracted fields.

Kinds: gbk_phase_shift (a GBK stream that lost a byte), utf8_as_gbk, latin1_mojibake,
replacement_char (U+FFFD, `?` or 锟斤拷 standing for lost text), unresolved_char (a
character of a repaired run that the dictionary could not determine, left as U+FFFD),
orphan_pinyin (a pinyin annotation cut by the damage, removed), stray_bopomofo,
private_use.
"""

from __future__ import annotations

from etl.findings import Finding
from etl.repair.detect import Region, find_regions
from etl.repair.evidence import DocumentEvidence
from etl.repair.gbk import REPLACEMENT
from etl.repair.phase import PhaseRepair, repair_region
from etl.repair.roundtrip import RoundTrip, latin1_mojibake, utf8_as_gbk
from etl.spans import Edit, Span

__all__ = ["repair_edits"]

PHASE_METHOD = "gbk-resync+jieba"
ROUNDTRIP_LABELS = {
    "utf8_as_gbk": "UTF-8 read as GBK",
    "latin1_mojibake": "UTF-8 read as Latin-1/cp1252",
    "replacement_char": "UTF-8 U+FFFD read as GBK (锟斤拷)",
}
FLAG_LABELS = {
    "gbk_phase_shift": "GBK phase shift not repaired",
    "replacement_char": "lost character (U+FFFD or ?)",
    "stray_bopomofo": "stray bopomofo",
    "private_use": "private-use character",
}


def _finding(kind: str, start: int, end: int, text: str, repaired: str | None,
             confidence: float | None, method: str, message: str) -> Finding:
    return Finding(
        stage="repair",
        kind=kind,
        message=message,
        severity="info" if repaired is not None else "warning",
        raw_span=Span(start, end),
        original=text[start:end],
        repaired=repaired,
        confidence=confidence,
        method=method,
    )


def _roundtrip_results(text: str, found: list[RoundTrip]) -> tuple[list[Edit], list[Finding]]:
    edits: list[Edit] = []
    findings: list[Finding] = []
    for rt in found:
        if rt.repaired is not None:
            edits.append(Edit(rt.start, rt.end, rt.repaired, rt.kind))
            message = f"{ROUNDTRIP_LABELS[rt.kind]}: repaired by an exact byte round trip"
        else:
            message = f"{ROUNDTRIP_LABELS[rt.kind]}: the bytes do not round-trip; left as it is"
        findings.append(
            _finding(rt.kind, rt.start, rt.end, text, rt.repaired, rt.confidence, rt.method, message)
        )
    return edits, findings


def _flag_kind(text: str, region: Region) -> str:
    kinds = {a.kind for a in region.anchors}
    if kinds == {"lost"}:
        return "replacement_char"
    if kinds == {"junk"}:
        chars = {text[a.start] for a in region.anchors}
        if all(0x3100 <= ord(c) <= 0x31BF for c in chars):
            return "stray_bopomofo"
        if all(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in chars):
            return "private_use"
    return "gbk_phase_shift"


def _phase_findings(text: str, damaged: tuple[int, int], repair: PhaseRepair) -> list[Finding]:
    """The run's finding (over the whole damaged span) and one per character left unknown."""
    start, end = min(damaged[0], repair.start), max(damaged[1], repair.end)
    repaired = text[start : repair.start] + repair.replacement + text[repair.end : end]
    message = "GBK phase shift: lost byte restored by re-reading the run in step"
    if repair.unresolved:
        message += f"; {repair.unresolved} character(s) not determined, left as U+FFFD"
    found = [
        _finding("gbk_phase_shift", start, end, text, repaired, repair.confidence, PHASE_METHOD, message)
    ]
    aligned = len(repair.replacement) == repair.end - repair.start
    for k, ch in enumerate(repair.replacement):
        if ch == REPLACEMENT:
            s, e = (repair.start + k, repair.start + k + 1) if aligned else (repair.start, repair.end)
            found.append(
                _finding("unresolved_char", s, e, text, None, None, PHASE_METHOD,
                         "a character lost to byte damage; the dictionary does not settle it")
            )
    return found


def _region_results(
    text: str, regions: list[Region], evidence: DocumentEvidence
) -> tuple[list[Edit], list[Finding]]:
    edits: list[Edit] = []
    findings: list[Finding] = []
    for region in regions:
        result = repair_region(text, region, evidence.ngrams, evidence)
        if result.repair is not None:
            rep = result.repair
            edits.append(Edit(rep.start, rep.end, rep.replacement, "gbk_phase_shift"))
            findings.extend(_phase_findings(text, result.damaged, rep))
            continue
        if not region.strong:
            continue
        start, end = result.damaged
        orphan_cover = [(s, e) for s, e in region.orphans]
        kind = _flag_kind(text, region)
        findings.append(
            _finding(kind, start, end, text, None, None, PHASE_METHOD,
                     f"{FLAG_LABELS[kind]}: damaged text left as it is ({result.reason})")
        )
        for s, e in orphan_cover:
            edits.append(Edit(s, e, "", "orphan_pinyin"))
            findings.append(
                _finding("orphan_pinyin", s, e, text, "", 0.95, "pinyin-fragment",
                         "pinyin annotation cut by byte damage; removed")
            )
    return edits, findings


def repair_edits(text: str) -> tuple[list[Edit], list[Finding]]:
    """Edits that repair damaged runs of `text`, and one Finding per damaged span.

    Findings carry `raw_span` in the coordinates of `text`. Text that is not damaged is
    never edited. The detectors are single scans; the repair and the document evidence it
    draws on (n-grams, line punctuation) run only where they find a damaged run.
    """
    found = utf8_as_gbk(text) + latin1_mojibake(text)
    found.sort(key=lambda rt: rt.start)
    kept: list[RoundTrip] = []
    for rt in found:
        if not kept or rt.start >= kept[-1].end:
            kept.append(rt)
    edits, findings = _roundtrip_results(text, kept)
    taken = {i for rt in kept for i in range(rt.start, rt.end)}
    regions = find_regions(text, taken)
    exclude = [(r.cluster_start, r.end) for r in regions] + [(rt.start, rt.end) for rt in kept]
    more_edits, more_findings = _region_results(text, regions, DocumentEvidence(text, exclude))
    edits.extend(more_edits)
    findings.extend(more_findings)
    edits.sort(key=lambda e: (e.start, e.end))
    findings.sort(key=lambda f: (f.raw_span.start if f.raw_span else 0, f.kind))
    return edits, findings
