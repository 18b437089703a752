"""`etl load` as a user runs it: seeds, re-loads, changed files, and bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app

runner = CliRunner()

TABLES = (
    "documents", "meetings", "people", "attendees", "attendee_titles", "attendee_roles",
    "directives", "locations", "meeting_locations", "credits", "load_runs", "problems",
)


def etl(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def loaded(seeds_copy: Path, tmp_path: Path) -> Path:
    db = tmp_path / "etl.db"
    result = etl("load", str(seeds_copy), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def test_seeds_load_into_six_meetings(loaded: Path) -> None:
    c = counts(loaded)
    assert c["documents"] == 5
    assert c["meetings"] == 6
    per_doc = query(loaded, "select document_id, count(*) from meetings group by document_id")
    assert sorted(n for _, n in per_doc) == [1, 1, 1, 1, 2]


def test_every_article_has_ten_directives_with_speakers(loaded: Path) -> None:
    rows = query(loaded, """
        select d.file_name, count(*), sum(x.speaker_text is null or x.speaker_text = '')
        from directives x join documents d on d.id = x.document_id group by d.id""")
    assert len(rows) == 5
    for name, n, unspoken in rows:
        assert n >= 10, name
        assert unspoken == 0, name


def test_extracted_fields_are_clean_simplified(loaded: Path) -> None:
    import opencc

    t2s = opencc.OpenCC("t2s")
    fields = query(loaded, """
        select name from people union all select title from attendee_titles
        union all select text from directives union all select name from locations
        union all select name from credits union all select name from meetings""")
    assert fields
    for (value,) in fields:
        assert ",," not in value and "(lǐng)" not in value
        assert t2s.convert(value) == value, value
        assert not any(ch in value for ch in "āáǎàēéěèīíǐìōóǒòūúǔù"), value


def test_attendees_have_titles(loaded: Path) -> None:
    rows = query(loaded, """
        select p.name, group_concat(t.title, '、')
        from attendees a join people p on p.id = a.person_id
        join attendee_titles t on t.attendee_id = a.id group by a.id""")
    assert len(rows) >= 8
    assert all(name and titles for name, titles in rows)


def test_places_and_credits_are_loaded(loaded: Path) -> None:
    assert query(loaded, "select count(*) from meeting_locations")[0][0] >= 8
    roles = {r for (r,) in query(loaded, "select distinct role from credits")}
    assert {"reporter", "editor", "photographer"} <= roles


def test_second_load_changes_nothing(seeds_copy: Path, loaded: Path) -> None:
    before = counts(loaded)
    result = etl("load", str(seeds_copy), "--db", str(loaded))
    assert result.exit_code == 0, result.output
    assert "5 unchanged" in result.output
    assert counts(loaded) == before


def test_changed_file_replaces_its_own_rows(seeds_copy: Path, loaded: Path) -> None:
    target = seeds_copy / "003_f05cf6e99f61e168.txt"
    text = target.read_text(encoding="utf-8")
    # drop the follow-up meeting: the city-level paragraphs after the provincial one
    cut = text.index("就贯彻落实省会议精神")
    target.write_text(text[:cut], encoding="utf-8")
    before = counts(loaded)
    result = etl("load", str(seeds_copy), "--db", str(loaded))
    assert result.exit_code == 0, result.output
    assert "1 loaded" in result.output and "4 unchanged" in result.output
    after = counts(loaded)
    assert after["documents"] == before["documents"]
    assert after["meetings"] == before["meetings"] - 1
    sha = query(loaded, "select sha256 from documents where file_name = '003_f05cf6e99f61e168.txt'")
    assert len(sha) == 1


def test_moved_copy_is_not_loaded_twice(seeds_copy: Path, loaded: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "copy.txt").write_bytes((seeds_copy / "000_e333c9592c598cfa.txt").read_bytes())
    before = counts(loaded)
    result = etl("load", str(other), "--db", str(loaded))
    assert result.exit_code == 0, result.output
    # no document or row parsed twice: the copy is recorded as a second name of the document
    assert counts(loaded) | {"load_runs": 1} == before
    assert len(query(loaded, "select 1 from document_names")) == len(query(loaded, "select 1 from documents")) + 1


BAD_INPUTS = [
    pytest.param("empty.txt", b"", "empty_file", id="empty-file"),
    pytest.param("blank.txt", b"  \n\n \r\n", "empty_file", id="whitespace-only"),
    pytest.param("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary_file", id="png"),
    pytest.param("noise.txt", b"\xff\xfa\xfb" * 200, "undecodable", id="undecodable-bytes"),
    pytest.param(
        "weather.txt", "今天天气晴朗，气温二十度，适合外出散步。\n".encode("utf-8"), "no_meeting", id="no-meeting"
    ),
]


@pytest.mark.parametrize(("name", "data", "kind"), BAD_INPUTS)
def test_bad_file_is_reported_and_the_run_goes_on(
    seeds_copy: Path, tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    (seeds_copy / name).write_bytes(data)
    db = tmp_path / "etl.db"
    result = etl("load", str(seeds_copy), "--db", str(db))
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and name in errors[0], result.output
    assert "5 loaded" in result.output and "1 failed" in result.output
    problems = query(db, "select path, kind, severity from problems where severity = 'error'")
    assert len(problems) == 1
    assert problems[0][0].endswith(name) and problems[0][1] == kind
    assert counts(db)["meetings"] == 6


def test_missing_path_is_a_usage_error_before_the_database(seeds_copy: Path, tmp_path: Path) -> None:
    """A mistyped path: exit 2, one line naming it, nothing loaded, no database created
    (issue 12; it used to be a failed file with exit 1)."""
    db = tmp_path / "etl.db"
    result = etl("load", str(tmp_path / "nope"), str(seeds_copy), "--db", str(db))
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [f"error: {tmp_path / 'nope'}: no such file or folder; "
                                                  "check the path (nothing was loaded)"]
    assert not db.exists()


def test_bad_file_does_not_touch_previous_rows(seeds_copy: Path, loaded: Path) -> None:
    before = counts(loaded)
    (seeds_copy / "000_e333c9592c598cfa.txt").write_bytes(b"")
    result = etl("load", str(seeds_copy), "--db", str(loaded))
    assert result.exit_code == 1
    after = counts(loaded)
    assert {k: v for k, v in after.items() if k not in ("problems", "load_runs")} == {
        k: v for k, v in before.items() if k not in ("problems", "load_runs")
    }


def test_wrong_explicit_encoding_names_the_file(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("省委书记主持召开会议".encode("gbk") + b"\xff")
    result = etl("load", str(f), "--encoding", "utf-8", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "gbk.txt" in result.output


def test_gbk_and_utf16_files_load(seeds_copy: Path, tmp_path: Path) -> None:
    src = (seeds_copy / "003_f05cf6e99f61e168.txt").read_text(encoding="utf-8")
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "gbk.txt").write_bytes(src.encode("gb18030"))
    (folder / "utf16.txt").write_bytes(src.encode("utf-16"))
    db = tmp_path / "enc.db"
    result = etl("load", str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    # same text in two encodings: two files, two documents, same meetings
    rows = query(db, "select encoding from documents order by path")
    assert [r[0] for r in rows][0].startswith("gb")
    assert counts(db)["meetings"] == 4


def test_db_from_environment_variable(seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = etl("load", str(seeds_copy / "003_f05cf6e99f61e168.txt"), env={"ETL_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert counts(db)["documents"] == 1


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-command"),
        pytest.param(["load"], id="load-without-paths"),
        pytest.param(["load", "x", "--bogus"], id="unknown-option"),
        pytest.param(["load", "x", "--encoding", "klingon"], id="unknown-encoding"),
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = etl(*args, "--db", str(tmp_path / "u.db")) if args[:1] == ["load"] and len(args) > 1 else etl(*args)
    assert result.exit_code == 2, result.output


def test_database_that_is_not_ours_is_refused(tmp_path: Path, seeds_copy: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as con:
        con.execute("create table stuff (x)")
    result = etl("load", str(seeds_copy), "--db", str(db))
    assert result.exit_code == 2
    assert "other.db" in result.output


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([], id="etl"),
        pytest.param(["load"], id="load"),
        pytest.param(["db"], id="db"),
        pytest.param(["db", "upgrade"], id="db-upgrade"),
        pytest.param(["db", "current"], id="db-current"),
        pytest.param(["export"], id="export"),
        pytest.param(["eval"], id="eval"),
        pytest.param(["doctor"], id="doctor"),
        pytest.param(["benchmark"], id="benchmark"),
        pytest.param(["benchmark", "load"], id="benchmark-load"),
        pytest.param(["benchmark", "repair"], id="benchmark-repair"),
    ],
)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = etl(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert etl("db", "current", "--db", str(db)).exit_code == 2
    up = etl("db", "upgrade", "--db", str(db))
    assert up.exit_code == 0, up.output
    cur = etl("db", "current", "--db", str(db))
    assert cur.exit_code == 0 and "(head)" in cur.output
