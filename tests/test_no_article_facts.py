"""The extractor must work on articles it has never seen, so no fact of the annotated
articles may be built into it:

- no person named in the gold annotations (seeds in `tests/gold` and `../shared/gold`,
  the dev set in `../shared/devset/gold`) appears in code or data under `etl/`, save in
  the administrative-divisions table (places such as 白云 are also given names);
- no place of those annotations appears under `etl/` either, except in the
  administrative-divisions table (it lists every real district) and except provincial-level
  divisions and their short names, a closed set of 34 that reference data and rules must
  name (湖北省 → 湖北 → 鄂);
- no dev-set participant or credited person appears under `tests/` (tests use invented
  names; the seed articles ship with the project, so their tests may name seed people;
  national leaders who are only mentioned, such as the general secretary, may be named in
  test sentences about mentions).

The dev-set gold lives outside the repository; where it is absent (a clone without
`../shared`) only the seed annotations are checked.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DIVISIONS = REPO / "etl" / "data" / "reference" / "divisions.csv"
SEED_GOLD = [REPO / "tests" / "gold", REPO.parent / "shared" / "gold"]
DEV_GOLD = REPO.parent / "shared" / "devset" / "gold"


def _facts(folders: list[Path], mentioned: bool = True) -> tuple[set[str], set[str]]:
    people: set[str] = set()
    places: set[str] = set()
    for folder in folders:
        for gold in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            doc = json.loads(gold.read_text(encoding="utf-8"))
            people.update(c["name"] for c in doc.get("credits", []))
            people.update(doc.get("mentioned_people", []) if mentioned else [])
            for meeting in doc.get("meetings", []):
                people.update(a["name"] for a in meeting.get("attendees", []))
                people.update(filter(None, [meeting.get("chair")]))
                places.update(filter(None, [meeting.get("province"), meeting.get("city")]))
                for loc in meeting.get("locations", []):
                    places.update(filter(None, [loc.get("name"), loc.get("as_written")]))
    return {p for p in people if len(p) >= 2}, {p for p in places if len(p) >= 2}


def _provincial_names() -> set[str]:
    lines = [ln for ln in DIVISIONS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    out: set[str] = set()
    for row in csv.DictReader(lines):
        if row["level"] == "province":
            out.add(row["name"])
            out.update(s for s in row["short_names"].split("|") if len(s) >= 2)
    return out


SEED_PEOPLE, SEED_PLACES = _facts(SEED_GOLD)
DEV_PEOPLE, DEV_PLACES = _facts([DEV_GOLD])
DEV_PARTICIPANTS, _ = _facts([DEV_GOLD], mentioned=False)
PLACES = (SEED_PLACES | DEV_PLACES) - _provincial_names()


def _files(top: Path, skip: set[Path]) -> list[Path]:
    return sorted(p for p in top.rglob("*") if p.is_file() and p not in skip and "__pycache__" not in p.parts)


def _found(path: Path, names: set[str]) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="ignore")
    return sorted(n for n in names if n in text)


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(REPO))) for p in _files(REPO / "etl", {DIVISIONS})])
def test_no_annotated_person_in_code_or_data(path: Path) -> None:
    found = _found(path, SEED_PEOPLE | DEV_PEOPLE)
    assert not found, f"{path.relative_to(REPO)} names people of the annotated articles: {found}"


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(REPO))) for p in _files(REPO / "etl", {DIVISIONS})])
def test_no_annotated_place_in_code_or_data(path: Path) -> None:
    found = _found(path, PLACES)
    assert not found, f"{path.relative_to(REPO)} names places of the annotated articles: {found}"


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(REPO))) for p in _files(REPO / "tests", set())
                                  if p.suffix in {".py", ".txt", ".json", ".md", ".csv", ".tsv"}])
def test_no_dev_set_person_in_tests(path: Path) -> None:
    found = _found(path, DEV_PARTICIPANTS)
    assert not found, f"{path.relative_to(REPO)} names people of the dev-set articles: {found}"


def test_the_annotations_were_read() -> None:
    assert len(SEED_PEOPLE) > 20 and len(SEED_PLACES) > 5
    if DEV_GOLD.is_dir():
        assert len(DEV_PEOPLE) > 100 and len(DEV_PLACES) > 30
