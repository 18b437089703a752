"""`etl search` through the CLI: hits with meeting, date, place and a marked snippet, the
--in / --limit / --json options, and the usage errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.search import snippet

runner = CliRunner()
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "etl.db"
    result = runner.invoke(app, ["load", str(SEEDS), "--db", str(path), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def like(db: Path, table: str, column: str, word: str) -> list[int]:
    with sqlite3.connect(db) as con:
        return [r for r, in con.execute(f"SELECT id FROM {table} WHERE {column} LIKE ?", (f"%{word}%",))]  # noqa: S608


@pytest.mark.parametrize(("where", "column", "word"), [
    pytest.param("directives", "text", "核酸", id="directives-two-characters"),
    pytest.param("directives", "text", "核酸检测", id="directives-four-characters"),
    pytest.param("directives", "text", "常态化防控", id="directives-five-characters"),
    pytest.param("meetings", "name", "防控", id="meeting-names"),
    pytest.param("documents", "normalised_text", "隔离", id="document-bodies"),
])
def test_json_hits_are_the_rows_holding_the_word(db: Path, where: str, column: str, word: str) -> None:
    result = runner.invoke(app, ["search", word, "--in", where, "--json", "--limit", "500", "--db", str(db)])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    expected = like(db, where, column, word)
    assert expected and found["total"] == len(expected) and found["in"] == where
    assert sorted(h["id"] for h in found["hits"]) == expected
    for hit in found["hits"]:
        assert f"[{word}]" in hit["snippet"] and hit["table"] == where and hit["path"]
        assert set(hit) >= {"meeting", "date", "place", "meeting_id", "document_id"}


def test_text_output_names_meeting_date_place_and_marks_the_word(db: Path) -> None:
    result = runner.invoke(app, ["search", "核酸", "--limit", "2", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    total = len(like(db, "directives", "text", "核酸"))
    assert lines[-1] == f"{total} directives match 核酸, showing 2"
    assert lines[0].startswith("directive ") and "seeds" in lines[0]
    assert "[核酸]" in lines[1] and lines[1].startswith("    ")
    with sqlite3.connect(db) as con:
        hit = int(lines[0].split()[1])
        date, province, name = con.execute("SELECT coalesce(m.date, m.date_text), m.province, m.name FROM directives d "
                                           "JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?", (hit,)).fetchone()
    assert date in lines[0] and name in lines[0] and (province is None or province in lines[0])


def test_all_words_must_occur(db: Path) -> None:
    result = runner.invoke(app, ["search", "核酸 隔离", "--json", "--limit", "500", "--db", str(db)])
    both = set(like(db, "directives", "text", "核酸")) & set(like(db, "directives", "text", "隔离"))
    assert sorted(h["id"] for h in json.loads(result.output)["hits"]) == sorted(both)


def test_no_hit(db: Path) -> None:
    result = runner.invoke(app, ["search", "酸核", "--db", str(db)])
    assert result.exit_code == 0 and result.output == "0 directives match 酸核\n"


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["，。"], "has no word to search for", id="no-word"),
    pytest.param(["核酸", "--in", "people"], "unknown --in 'people'", id="unknown-table"),
    pytest.param(["核酸", "--limit", "0"], "", id="bad-limit"),
])
def test_usage_errors(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["search", *args, "--db", str(db)])
    assert result.exit_code == 2 and message in result.output


def test_a_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "核酸", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("body", "words", "expected"), [
    pytest.param("前文。要做好核酸检测工作。后文", ["核酸"], "前文。要做好[核酸]检测工作。后文", id="short"),
    pytest.param("甲" * 40 + "核酸" + "乙" * 40, ["核酸"], "…" + "甲" * 30 + "[核酸]" + "乙" * 30 + "…", id="cut"),
    pytest.param("核酸和核酸", ["核酸"], "[核酸]和[核酸]", id="every-occurrence"),
    pytest.param("一行\n两行 covid", ["COVID"], "一行 两行 [covid]", id="case-and-lines"),
])
def test_snippet(body: str, words: list[str], expected: str) -> None:
    assert snippet(body, words) == expected
