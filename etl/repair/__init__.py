"""Repair stage (contract): find byte-level mojibake in raw text and propose repairs.

(contract only; implementation to follow)
"""

from __future__ import annotations

from etl.findings import Finding
from etl.spans import Edit


def repair_edits(text: str) -> tuple[list[Edit], list[Finding]]:
    """Edits that repair damaged runs of `text`, and one Finding per damaged span.

    Findings carry `raw_span` in the coordinates of `text`. Text that is not damaged is
    never edited.
    """
    return [], []
