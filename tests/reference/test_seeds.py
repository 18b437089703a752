"""Golden checks on the five seed articles: the reference lookups find what the gold
annotations hold (titles before names, names, places, inferred years)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from etl.reference import find_places, infer_year, is_plausible_person_name, title_run_before

STEMS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in STEMS])
def test_gold_names_are_plausible(stem: str, seed_text: Callable, gold: Callable) -> None:
    text, doc = seed_text(stem), gold(stem)
    names = {a["name"] for m in doc["meetings"] for a in m["attendees"]} | {c["name"] for c in doc["credits"]}
    for name in names:
        at = text.find(name)
        assert at >= 0, name
        assert is_plausible_person_name(name, text[at + len(name) : at + len(name) + 8]), name


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in STEMS])
def test_gold_titles_found_before_names(stem: str, seed_text: Callable, gold: Callable) -> None:
    text, doc = seed_text(stem), gold(stem)
    for meeting in doc["meetings"]:
        for person in meeting["attendees"]:
            if not person["titles"]:
                continue
            runs = []
            start = text.find(person["name"])
            while start >= 0:
                run = title_run_before(text, start)
                if run:
                    runs.append(list(run.titles))
                start = text.find(person["name"], start + 1)
            assert person["titles"] in runs, (person["name"], runs)


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in STEMS])
def test_gold_locations_found(stem: str, seed_text: Callable, gold: Callable) -> None:
    text, doc = seed_text(stem), gold(stem)
    found = {m.name for m in find_places(text)}
    wanted = {loc["name"] for m in doc["meetings"] for loc in m["locations"]}
    assert wanted <= found, wanted - found
    # nothing found that is a person of the gold
    people = {a["name"] for m in doc["meetings"] for a in m["attendees"]}
    assert not any(p.as_written in name for p in find_places(text) for name in people if len(p.as_written) > 1)


@pytest.mark.parametrize(
    ("stem", "month", "year"),
    [
        pytest.param("000", 11, 2022, id="000"),
        pytest.param("002", 8, 2021, id="002"),
        pytest.param("003", 11, 2022, id="003"),
        pytest.param("004", 3, 2022, id="004"),
        pytest.param("001", None, 2021, id="001-no-month-markers-agree"),
    ],
)
def test_seed_years(stem: str, month: int | None, year: int | None, seed_text: Callable, gold: Callable) -> None:
    text = seed_text(stem)
    inferred, markers = infer_year(text, month)
    assert inferred == year, markers
    plausible = gold(stem)["meetings"][0]["year_plausible"]
    assert inferred is None or inferred == plausible
