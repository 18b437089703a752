"""Gold-shape validator: the gold files pass, broken records give one error each."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.evaluate import validate_export_record

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = next((d for d in (REPO / "tests" / "gold", REPO.parent / "shared" / "gold") if d.is_dir()), None)
GOLD_FILES = sorted(GOLD_DIR.glob("*.json")) if GOLD_DIR else []


def export_record() -> dict:
    return {
        "source": "002_da66712a28116a4b.txt",
        "title": "李酌主持召开市委应对新冠肺炎疫情工作领导小组第十二次会议时强调",
        "source_outlet": None,
        "credits": [{"name": "张毅", "role": "photographer"}, {"name": "彭华", "role": "reporter"}],
        "mentioned_people": [],
        "artifacts": ["traditional", "pinyin_annotations"],
        "document_id": 7,  # extra fields are allowed
        "meetings": [{
            "meeting_name": "市委应对新冠肺炎疫情工作领导小组第十二次会议",
            "date": {"year": 2021, "month": 8, "day": 6},
            "year_inferred": True,
            "format": None, "level": "city", "province": None, "city": None, "session_no": 12,
            "chair": "李酌",
            "attendees": [
                {"name": "李酌", "titles": [], "roles": ["chair", "speaker"]},
                {"name": "彭映梅", "titles": ["市委副书记", "市长"], "roles": ["speaker"]},
            ],
            "locations": [{"name": "长沙市", "as_written": "长沙", "role": "mentioned", "code": "430100"}],
            "directive_speakers": ["李酌", "会议"],
            "directives": [
                {"seq": 1, "text": "要强化重点人员摸排管控", "speaker": "李酌", "categories": ["screening"],
                 "span": [10, 21]},
                {"seq": 2, "text": "要切实抓好疫苗接种工作", "speaker": "会议"},
            ],
        }],
    }


@pytest.mark.skipif(not GOLD_FILES, reason="gold annotations not available")
@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_files_pass_without_export_fields(path: Path) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    assert validate_export_record(record, require_export_fields=False) == []
    # as an export, a gold file lacks exactly year_inferred and directives in each meeting
    errors = validate_export_record(record)
    n = len(record["meetings"])
    assert sorted(errors) == sorted(
        [f"meetings[{i}].year_inferred: missing" for i in range(n)]
        + [f"meetings[{i}].directives: missing" for i in range(n)]
    )


def test_good_export_record_passes() -> None:
    assert validate_export_record(export_record()) == []


def _set(path: str, value: object) -> Callable[[dict], None]:
    def apply(rec: dict) -> None:
        *parents, last = path.split(".")
        obj: object = rec
        for key in parents:
            obj = obj[int(key)] if key.isdigit() else obj[key]  # type: ignore[index]
        obj[int(last) if last.isdigit() else last] = value  # type: ignore[index]
    return apply


def _delete(path: str) -> Callable[[dict], None]:
    def apply(rec: dict) -> None:
        *parents, last = path.split(".")
        obj: object = rec
        for key in parents:
            obj = obj[int(key)] if key.isdigit() else obj[key]  # type: ignore[index]
        del obj[last]  # type: ignore[arg-type]
    return apply


BROKEN = [
    pytest.param(_delete("source"), "source: missing", id="no-source"),
    pytest.param(_set("source", ""), "source: is empty", id="empty-source"),
    pytest.param(_set("title", 3), "title: expected a string or null, got int", id="title-int"),
    pytest.param(_delete("source_outlet"), "source_outlet: missing", id="no-outlet"),
    pytest.param(_set("credits.0.role", "writer"), "credits[0].role: 'writer' is not one of", id="credit-role"),
    pytest.param(_set("credits.1", "彭华"), "credits[1]: expected an object, got str", id="credit-string"),
    pytest.param(_set("mentioned_people", "习近平"), "mentioned_people: expected a list of strings, got str",
                 id="mentioned-not-list"),
    pytest.param(_set("artifacts", ["traditional", None]), "artifacts[1]: expected a string, got null",
                 id="artifact-null"),
    pytest.param(_set("meetings", {}), "meetings: expected a list, got dict", id="meetings-dict"),
    pytest.param(_set("meetings.0.meeting_name", None), "meetings[0].meeting_name: expected a string, got null",
                 id="name-null"),
    pytest.param(_set("meetings.0.date", "2021-08-06"), "meetings[0].date: expected an object", id="date-string"),
    pytest.param(_set("meetings.0.date.month", 13), "meetings[0].date.month: 13 is outside 1..12", id="month-13"),
    pytest.param(_set("meetings.0.date.day", "6"), "meetings[0].date.day: expected an integer or null, got str",
                 id="day-string"),
    pytest.param(_set("meetings.0.date.year", True), "meetings[0].date.year: expected an integer or null, got bool",
                 id="year-bool"),
    pytest.param(_delete("meetings.0.date.year"), "meetings[0].date.year: missing", id="year-missing"),
    pytest.param(_set("meetings.0.year_inferred", "yes"), "meetings[0].year_inferred: expected true or false",
                 id="inferred-string"),
    pytest.param(_delete("meetings.0.year_inferred"), "meetings[0].year_inferred: missing", id="inferred-missing"),
    pytest.param(lambda r: r["meetings"][0]["date"].update(year=None), "meetings[0].year_inferred: is true but date.year is null",
                 id="inferred-without-year"),
    pytest.param(_set("meetings.0.year_plausible", "2021"), "meetings[0].year_plausible: expected an integer",
                 id="plausible-string"),
    pytest.param(_set("meetings.0.format", "hybrid"), "meetings[0].format: 'hybrid' is not one of", id="format"),
    pytest.param(_set("meetings.0.level", "national"), "meetings[0].level: 'national' is not one of", id="level"),
    pytest.param(_set("meetings.0.province", ["湖南省"]), "meetings[0].province: expected a string or null",
                 id="province-list"),
    pytest.param(_set("meetings.0.session_no", 0), "meetings[0].session_no: 0 is outside 1..", id="session-zero"),
    pytest.param(_set("meetings.0.chair", "白云"), "meetings[0].chair: '白云' is not an attendee with role chair",
                 id="chair-not-attendee"),
    pytest.param(_set("meetings.0.attendees.1.name", ""), "meetings[0].attendees[1].name: is empty", id="empty-name"),
    pytest.param(_set("meetings.0.attendees.1.titles", "市长"),
                 "meetings[0].attendees[1].titles: expected a list of strings", id="titles-string"),
    pytest.param(_set("meetings.0.attendees.1.roles", ["host"]), "meetings[0].attendees[1].roles[0]: 'host' is not one of",
                 id="bad-role"),
    pytest.param(_set("meetings.0.locations.0.role", "capital"), "meetings[0].locations[0].role: 'capital' is not one of",
                 id="location-role"),
    pytest.param(_delete("meetings.0.locations.0.as_written"), "meetings[0].locations[0].as_written: missing",
                 id="location-as-written"),
    pytest.param(_set("meetings.0.directive_speakers", None), "meetings[0].directive_speakers: expected a list",
                 id="speakers-null"),
    pytest.param(_delete("meetings.0.directives"), "meetings[0].directives: missing", id="no-directives"),
    pytest.param(_set("meetings.0.directives.0.text", ""), "meetings[0].directives[0].text: is empty",
                 id="empty-directive"),
    pytest.param(_set("meetings.0.directives.1.seq", 0), "meetings[0].directives[1].seq: 0 is outside 1..",
                 id="directive-seq"),
    pytest.param(_set("meetings.0.directives.0.categories", "screening"),
                 "meetings[0].directives[0].categories: expected a list of strings", id="categories-string"),
    pytest.param(_set("meetings.0.directive_samples", [1]), "meetings[0].directive_samples[0]: expected a string",
                 id="samples-int"),
]


@pytest.mark.parametrize(("breakage", "message"), BROKEN)
def test_broken_record_gives_that_error_only(breakage: Callable[[dict], None], message: str) -> None:
    record = copy.deepcopy(export_record())
    breakage(record)
    errors = validate_export_record(record)
    assert len(errors) == 1 and errors[0].startswith(message), errors


@pytest.mark.parametrize("value", [None, [], "x", 3], ids=["null", "list", "str", "int"])
def test_non_object_record(value: object) -> None:
    assert validate_export_record(value) == [f"record: expected an object, got {type(value).__name__ if value is not None else 'null'}"]


def test_gold_mode_needs_samples_or_directives() -> None:
    record = export_record()
    meeting = record["meetings"][0]
    del meeting["year_inferred"]
    assert validate_export_record(record, require_export_fields=False) == []
    del meeting["directives"]
    assert validate_export_record(record, require_export_fields=False) == ["meetings[0].directives: missing"]
    meeting["directive_samples"] = ["要强化重点人员摸排管控"]
    assert validate_export_record(record, require_export_fields=False) == []
