"""Reading the rule files under etl/data/normalise/ (cached, UTF-8).

List files hold one entry per line, '#' starts a comment line; JSON files are objects
whose keys starting with '_' are documentation.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "normalise"


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a list file, stripped, in file order."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@cache
def rules(name: str) -> dict[str, Any]:
    """A JSON rule file as a dict (do not mutate: it is shared)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
