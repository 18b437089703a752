"""Document identity through `etl load`: a document is its content plus its files' source
keys (absolute real paths), so loading from another working directory, moving, renaming
and renaming-with-an-edit end as a clean load of the folder as it now is would."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.db import migrate
from etl.db.engine import create_engine_for

runner = CliRunner()
DERIVED = ("documents", "segments", "meetings", "people", "attendees", "attendee_titles", "attendee_roles",
           "directives", "directive_categories", "locations", "meeting_locations", "credits", "mentions",
           "problems", "document_names")
ADDED = "\n会议还要求，各地要做好值班值守和信息报送工作，确保平稳有序。\n"  # an invented sentence


def etl(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def state(db: Path) -> dict[str, object]:
    """What a load must agree on, whatever the working directory: rows per table, the
    contents and the source keys."""
    counts = {t: rows(db, f"select count(*) from {t}")[0][0] for t in DERIVED}  # noqa: S608
    return counts | {"sha256": sorted(rows(db, "select sha256 from documents")),
                     "source_keys": sorted(rows(db, "select source_key from document_names"))}


def clean_load(folder: Path, tmp_path: Path) -> dict[str, object]:
    db = tmp_path / "clean.db"
    etl("load", str(folder), "--db", str(db), "--jobs", "1")
    return state(db)


def first(folder: Path) -> Path:
    return sorted(folder.iterdir())[0]


def edit(path: Path) -> None:
    path.write_bytes(path.read_bytes() + ADDED.encode("utf-8"))


def nothing(folder: Path) -> Path:
    return folder


def edited(folder: Path) -> Path:
    edit(first(folder))
    return folder


def renamed(folder: Path) -> Path:
    first(folder).rename(folder / "renamed.txt")
    return folder


def renamed_and_edited(folder: Path) -> Path:
    target = folder / "renamed.txt"
    first(folder).rename(target)
    edit(target)
    return folder


def moved(folder: Path) -> Path:
    target = folder.parent / "moved" / "inner"
    target.parent.mkdir()
    shutil.move(folder, target)
    return target


def copied(folder: Path) -> Path:
    shutil.copyfile(first(folder), folder / "zz_copy.txt")
    return folder


SCENARIOS = [
    # (change to the folder, documents written by the second load, how the file is reported)
    pytest.param(nothing, 0, None, id="same-folder-from-another-directory"),
    pytest.param(edited, 1, "changed", id="edited-loaded-from-another-directory"),
    pytest.param(renamed, 0, "renamed from", id="renamed"),
    pytest.param(renamed_and_edited, 1, "replaced: an edited version of", id="renamed-and-edited"),
    pytest.param(moved, 0, "renamed from", id="folder-moved"),
    pytest.param(copied, 0, "same content as document", id="copied-under-a-second-name"),
]


@pytest.mark.parametrize(("change", "written", "reason"), SCENARIOS)
def test_second_load_ends_as_a_clean_load(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          change: Callable[[Path], Path], written: int, reason: str | None) -> None:
    db = tmp_path / "etl.db"
    monkeypatch.chdir(tmp_path)
    etl("load", "seeds", "--db", str(db), "--jobs", "1")  # relative to the working directory
    folder = change(seeds_copy)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    from etl.load_run import run_load

    outcomes = []
    report = run_load(create_engine_for(db), [folder], on_file=outcomes.append)
    assert report.failed == 0
    assert report.loaded == written
    if reason is not None:
        assert [o.reason for o in outcomes if o.reason and o.reason.startswith(reason)], outcomes
    assert state(db) == clean_load(folder, tmp_path)
    # every name is its file's real path, shown as the load that recorded it was given it
    # (relative to that load's working directory); documents.path is the first name's
    for key, path in rows(db, "select source_key, path from document_names"):
        assert os.path.isfile(key) and key == str(Path(key).resolve()) and key.endswith(path)
    assert rows(db, """select count(*) from documents d where path != (select path from document_names
                       where document_id = d.id order by id limit 1)""") == [(0,)]
    # documents not written by the second load still carry the first run's id
    assert rows(db, "select count(*) from documents where load_run_id != 1") == [(written,)]


def test_renamed_and_rewritten_file_is_a_new_document(seeds_copy: Path, tmp_path: Path) -> None:
    """A file renamed and replaced by another report is not taken for the old one's edit."""
    db = tmp_path / "etl.db"
    files = sorted(seeds_copy.iterdir())
    keep, gone = files[1], files[0]
    etl("load", str(keep), str(gone), "--db", str(db), "--jobs", "1")
    gone.unlink()
    other = seeds_copy / "other.txt"
    other.write_bytes(files[2].read_bytes())
    etl("load", str(keep), str(other), "--db", str(db), "--jobs", "1")
    assert rows(db, "select count(*) from documents") == [(3,)]  # the gone file's document stays


def test_database_from_before_0004_gets_its_keys_fixed_by_the_next_load(seeds_copy: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths of an old database are resolved against the directory of the
    upgrade; when that is the wrong one, the next load moves the names to the real files
    (their content is stored under names whose files are gone) without re-parsing."""
    db = tmp_path / "etl.db"
    monkeypatch.chdir(tmp_path)
    etl("load", "seeds", "--db", str(db), "--jobs", "1")
    engine = create_engine_for(db)
    migrate.downgrade(engine, "0003")
    assert all(not os.path.isabs(p) for p, in rows(db, "select path from documents"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    etl("db", "upgrade", "--db", str(db))
    keys = [k for k, in rows(db, "select source_key from document_names")]
    assert keys and all(k.startswith(str(elsewhere.resolve())) for k in keys)
    before = state(db)
    result = etl("load", str(seeds_copy), "--db", str(db), "--jobs", "1")
    assert "0 loaded" in result.output
    after = state(db)
    assert after["sha256"] == before["sha256"] and after["documents"] == before["documents"]
    assert after["source_keys"] == sorted((str(p.resolve()),) for p in seeds_copy.iterdir())


def test_renamed_file_of_an_older_parser_is_reparsed_under_its_new_name(seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "etl.db"
    etl("load", str(seeds_copy), "--db", str(db), "--jobs", "1")
    with sqlite3.connect(db) as con:
        con.execute("update documents set parser_version = 0")  # as an older parser left them
    renamed(seeds_copy)
    etl("load", str(seeds_copy), "--db", str(db), "--jobs", "1")
    assert state(db) == clean_load(seeds_copy, tmp_path)
