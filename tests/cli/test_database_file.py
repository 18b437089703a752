"""`--db` pointing at something etl must not write: exit 2, one line naming the file and
the fix, and the file left byte-identical (no journal or WAL file appears beside it).

Read-only files and folders need a user that permission bits apply to: as root they run
as `nobody` (tests/cli/conftest.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app

runner = CliRunner()
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_e333c9592c598cfa.txt"


def etl(*args: str):
    return runner.invoke(app, list(args), env={"ETL_DB": None})


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file below `folder` with its bytes (None for a folder), except a WAL
    database's -shm file: its shared-memory index, which every reader updates."""
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if not p.name.endswith("-shm")}


def _text_file(db: Path) -> None:
    db.write_text("這不是資料庫 this is a note, not a database\n" * 20, encoding="utf-8")


def _short_file(db: Path) -> None:
    db.write_bytes(b"hello")


def _folder(db: Path) -> None:
    db.mkdir()
    (db / "keep.txt").write_text("x", encoding="utf-8")


def _other_app(db: Path) -> None:
    with sqlite3.connect(db) as con:
        con.executescript("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); "
                          "INSERT INTO invoices VALUES (1, 9.5);")
    con.close()


def _other_alembic_app(db: Path) -> None:
    with sqlite3.connect(db) as con:
        con.executescript("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "
                          "INSERT INTO alembic_version VALUES ('3f2a9c1b7d10'); "
                          "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);")
    con.close()


def _newer_etl(db: Path) -> None:
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as con:
        con.executescript("UPDATE alembic_version SET version_num = '9999'; CREATE TABLE future_table (x);")
    con.close()


def _drifted_etl(db: Path) -> None:
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("ALTER TABLE meetings ADD COLUMN extra TEXT")
    con.close()


Make = Callable[[Path], None]

# (make the --db target, what the one line says: the reason and the fix)
REFUSED = [
    pytest.param(_text_file, ("is not a usable database", "pass another --db"), id="text-file"),
    pytest.param(_short_file, ("is not a usable database", "pass another --db"), id="five-byte-file"),
    pytest.param(_folder, ("is a folder, not a database file", "pass a file, e.g. --db"), id="folder"),
    pytest.param(_other_app, ("is not an etl database", "pass another --db"), id="another-applications-sqlite"),
    pytest.param(_other_alembic_app, ("is not an etl database", "its schema revision 3f2a9c1b7d10"),
                 id="another-applications-alembic-database"),
    pytest.param(_newer_etl, ("has schema revision 9999, newer than this etl", "upgrade etl"), id="newer-schema"),
    pytest.param(_drifted_etl, ("changed by hand", "restore it from a backup"), id="changed-by-hand"),
]
COMMANDS = [
    pytest.param(["load", str(SEED), "--jobs", "1"], id="load"),
    pytest.param(["db", "upgrade"], id="db-upgrade"),
    pytest.param(["export", "--format", "jsonl"], id="export"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("make", "says"), REFUSED)
def test_unusable_database_exits_2_naming_the_fix_and_is_left_untouched(
    tmp_path: Path, make: Make, says: tuple[str, ...], command: list[str]
) -> None:
    folder = tmp_path / "dbs"
    folder.mkdir()
    db = folder / "target.db"
    make(db)
    before = snapshot(folder)
    result = etl(*command, "--db", str(db))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: "), result.output
    for words in says:
        assert words in lines[0]
    assert snapshot(folder) == before


def test_db_current_on_a_newer_database_advises_a_newer_etl(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    _newer_etl(db)
    before = db.read_bytes()
    result = etl("db", "current", "--db", str(db))
    assert result.exit_code == 2, result.output
    assert "newer than this etl" in result.output and "upgrade etl" in result.output
    assert "etl db upgrade" not in result.output
    assert db.read_bytes() == before


@pytest.mark.parametrize(("make", "says"), [p for p in REFUSED if p.id != "newer-schema"])
def test_db_current_refuses_what_is_not_an_etl_database(tmp_path: Path, make: Make, says: tuple[str, ...]) -> None:
    db = tmp_path / "x.db"
    make(db)
    result = etl("db", "current", "--db", str(db))
    if says[0] == "changed by hand":  # `db current` reads the revision only: a drifted one has one
        assert result.exit_code == 0 and "(head)" in result.output
        return
    assert result.exit_code == 2, result.output
    assert says[0] in result.output and "etl db upgrade" not in result.output


def test_missing_folder_names_the_fix(tmp_path: Path) -> None:
    result = etl("load", str(SEED), "--db", str(tmp_path / "nope" / "x.db"))
    assert result.exit_code == 2
    assert "does not exist; create it or pass another --db" in result.output
    assert not (tmp_path / "nope").exists()


# --- Read-only places: as a user the permission bits apply to ----------------------------

def _read_only_file(folder: Path) -> Path:
    """An up-to-date etl database the user may not write (its folder is writable)."""
    db = folder / "ro.db"
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    folder.chmod(0o777)
    db.chmod(0o444)
    return db


def _read_only_folder(folder: Path) -> Path:
    """A writable etl database in a folder the user may not write (journal files go there)."""
    db = folder / "rw.db"
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    db.chmod(0o666)
    folder.chmod(0o555)
    return db


def _new_in_read_only_folder(folder: Path) -> Path:
    folder.chmod(0o555)
    return folder / "new.db"


READ_ONLY = [
    pytest.param(_read_only_file, "is read-only (permission denied); check its permissions", id="read-only-file"),
    pytest.param(_read_only_folder, "is not writable, and SQLite writes its journal beside the database",
                 id="database-in-a-read-only-folder"),
    pytest.param(_new_in_read_only_folder, "cannot be created: folder", id="new-database-in-a-read-only-folder"),
]


@pytest.mark.parametrize(("make", "says"), READ_ONLY)
def test_read_only_database_exits_2_and_is_left_untouched(shared_dir: Path, run_unprivileged, request,
                                                        make: Callable[[Path], Path], says: str) -> None:
    folder = shared_dir / request.node.callspec.id
    folder.mkdir()
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "in").chmod(0o755)
    db = make(folder)
    before = snapshot(folder)
    result = run_unprivileged("load", "--jobs", "1", "--db", str(db), str(folder / "in"), cwd=shared_dir)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: "), result.stderr
    assert says in lines[0] and ("pass another --db" in lines[0] or "permissions" in lines[0])
    assert snapshot(folder) == before


def test_read_only_database_can_still_be_exported(shared_dir: Path, run_unprivileged) -> None:
    folder = shared_dir / "export-read-only"
    folder.mkdir()
    db = folder / "ro.db"
    assert etl("load", str(SEED), "--jobs", "1", "--db", str(db)).exit_code == 0
    db.chmod(0o444)
    folder.chmod(0o555)
    before = snapshot(folder)
    result = run_unprivileged("export", "--format", "jsonl", "--db", str(db), cwd=shared_dir)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert snapshot(folder) == before
