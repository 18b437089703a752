"""`etl eval`, `etl export` and `etl doctor` as a user runs them."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.evaluate import validate_export_record

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold"
SEEDS = REPO / "seeds"

# the acceptance thresholds of the extraction issue
THRESHOLDS = {
    "attendee_names": 0.97, "titles": 0.95, "roles": 0.9, "chair": 1.0, "date": 1.0, "year": 1.0,
    "meeting_name": 0.9, "locations": 0.9, "credits": 0.9, "directive_samples": 1.0, "mentioned_people": 1.0,
}


@pytest.fixture(scope="module")
def evaluation() -> dict:
    result = runner.invoke(app, ["eval", str(GOLD), "--sources", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(("field", "minimum"), [pytest.param(f, v, id=f) for f, v in THRESHOLDS.items()])
def test_eval_meets_thresholds(evaluation: dict, field: str, minimum: float) -> None:
    metric = evaluation["metrics"][field]
    value = metric.get("f1", metric.get("accuracy", metric.get("value")))
    assert value is not None and value >= minimum, metric


def test_eval_prints_a_table_and_exits_1_below_min() -> None:
    ok = runner.invoke(app, ["eval", str(GOLD), "--sources", str(SEEDS)])
    assert ok.exit_code == 0 and "attendee_names" in ok.output
    strict = runner.invoke(app, ["eval", str(GOLD), "--sources", str(SEEDS), "--min", "1.01"])
    assert strict.exit_code == 1


def test_eval_finds_the_articles_one_level_up(tmp_path: Path) -> None:
    """`etl eval tests/gold` from the repository: the articles are in seeds/, not tests/seeds."""
    shutil.copytree(GOLD, tmp_path / "tests" / "gold")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    result = runner.invoke(app, ["eval", str(tmp_path / "tests" / "gold")])
    assert result.exit_code == 0, result.output
    assert "5 documents scored" in result.output and "missing article" not in result.output


def test_eval_prints_a_summary_line_and_groups_misses_by_field(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    first = sorted(gold.glob("*.json"))[0]
    doc = json.loads(first.read_text(encoding="utf-8"))
    doc["meetings"][0]["chair"] = "某某某"  # a chair the article does not name: one sure miss
    first.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--sources", str(SEEDS), "--by-field"])
    assert result.exit_code == 0, result.output
    assert "\nmean " in result.output and "; lowest chair" in result.output
    assert "\nchair: 1 misses (source, meeting, expected, got)\n" in result.output
    assert f"  {doc['source']}\t1\t'某某某'\t" in result.output


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "etl.db"
    assert runner.invoke(app, ["load", str(SEEDS), "--db", str(db), "-q"]).exit_code == 0
    return db


def test_jsonl_export_has_the_gold_shape(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(seeds_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    for record in records:
        assert validate_export_record(record) == [], record["source"]


def test_csv_export_writes_one_file_per_table(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--db", str(seeds_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meetings = out / "meetings.csv"
    with meetings.open(encoding="utf-8-sig", newline="") as fp:
        rows = list(csv.DictReader(fp))
    assert len(rows) == 6 and "name" in rows[0]


def test_export_needs_an_existing_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2


def test_doctor_reports_without_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEEDS / "003_f05cf6e99f61e168.txt", tmp_path / "clean.txt")
    result = runner.invoke(app, ["doctor", "clean.txt", str(SEEDS / "002_da66712a28116a4b.txt")])
    assert result.exit_code == 0, result.output
    assert "clean.txt: 0 repaired, 0 flagged" in result.output
    assert "gbk_phase_shift" in result.output
    assert not list(tmp_path.glob("*.db"))
    as_json = runner.invoke(app, ["doctor", "--json", str(SEEDS / "002_da66712a28116a4b.txt")])
    assert json.loads(as_json.output.splitlines()[0])["path"].endswith("002_da66712a28116a4b.txt")
