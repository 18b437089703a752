"""Step a: byte-level mojibake repair on the raw text (etl.repair does the work).

This wrapper only guards the pipeline: edits that overlap or fall outside the text are
dropped, and a failure inside the repair helper becomes a Finding instead of an
exception, so that normalise never raises.
"""

from __future__ import annotations

from etl.findings import Finding
from etl.spans import Edit

# Kinds this wrapper adds; they say the repair did not run cleanly, not that text is damaged.
WRAPPER_KINDS = frozenset({"repair_failed", "repair_edits_rejected"})


def repair(text: str) -> tuple[list[Edit], list[Finding]]:
    from etl.repair import repair_edits  # heavy (jieba); imported on first use

    try:
        edits, findings = repair_edits(text)
    except Exception as exc:  # noqa: BLE001 - a repair bug must not lose the document
        return [], [
            Finding(
                stage="repair",
                kind="repair_failed",
                message=f"mojibake repair failed ({type(exc).__name__}: {exc}); text left unrepaired, please report this file",
                severity="warning",
            )
        ]
    kept: list[Edit] = []
    dropped = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        valid = 0 <= edit.start <= edit.end <= len(text)
        if valid and (not kept or edit.start >= kept[-1].end):
            kept.append(edit)
        else:
            dropped += 1
    found = list(findings)
    if dropped:
        found.append(
            Finding(
                stage="repair",
                kind="repair_edits_rejected",
                message=f"{dropped} repair edit(s) overlapped or fell outside the text and were not applied; please report this file",
                severity="warning",
            )
        )
    return kept, found
