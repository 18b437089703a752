"""The extractor must work on articles it has never seen: no person named in the seed
articles may appear in code or rule files under etl/ (the administrative-divisions table
is the one exception: it lists real districts such as 白云区)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXEMPT = {REPO / "etl" / "data" / "reference" / "divisions.csv"}


def _seed_people() -> set[str]:
    names: set[str] = set()
    for gold in (REPO / "tests" / "gold").glob("*.json"):
        doc = json.loads(gold.read_text(encoding="utf-8"))
        names.update(c["name"] for c in doc["credits"])
        names.update(doc["mentioned_people"])
        for meeting in doc["meetings"]:
            names.update(a["name"] for a in meeting["attendees"])
    return names


def _files() -> list[Path]:
    return sorted(
        p for p in (REPO / "etl").rglob("*")
        if p.is_file() and p not in EXEMPT and "__pycache__" not in p.parts
    )


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(REPO))) for p in _files()])
def test_no_seed_person_in_code_or_rules(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="ignore")
    found = sorted(n for n in _seed_people() if n in text)
    assert not found, f"{path.relative_to(REPO)} names {found}"
