"""The FTS5 tables: a Chinese word is found in exactly the rows whose text holds it (as
`instr`/LIKE finds them), in the plain sqlite3 shell too, and the index stays in step with
the rows through loads, replacements, deletions and the migration's backfill."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from etl.benchmark.corpus import write_corpus
from etl.cli import app
from etl.db import migrate
from etl.db.engine import create_engine_for
from etl.db.search_rows import FTS_TABLES, create_sql, index_text, match_expression

runner = CliRunner()
SQLITE3 = shutil.which("sqlite3")
# Common words of the genre, two to six characters (not facts of any article).
WORDS = ("核酸", "隔离", "封控", "疫苗", "防控", "管控", "核酸检测", "常态化", "领导小组", "疫情防控工作", "检测", "全员")
HAN = re.compile(r"[\u4e00-\u9fff]+")


def load(folder: Path, db: Path) -> None:
    result = runner.invoke(app, ["load", str(folder), "--db", str(db), "--jobs", "1", "--quiet"])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fts") / "seeds.db"
    load(Path(__file__).resolve().parents[2] / "seeds", db)
    return db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "texts", 12, seed=5)
    db = folder / "corpus.db"
    load(folder / "texts", db)
    return db


def matched(con: sqlite3.Connection, table: str, query: str) -> set[int]:
    fts = f"{table}_fts"
    return {r for r, in con.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (match_expression(query),))}


def holding(con: sqlite3.Connection, table: str, column: str, word: str) -> set[int]:
    return {r for r, in con.execute(f"SELECT id FROM {table} WHERE instr({column}, ?) > 0", (word,))}


def sample_words(con: sqlite3.Connection) -> list[str]:
    """The fixed words plus 1- to 6-character pieces of the stored directives (every 7th
    distinct one) and pieces that occur nowhere."""
    pieces: set[str] = set()
    for (text,) in con.execute("SELECT text FROM directives"):
        for run in HAN.findall(text):
            for n in (1, 2, 3, 4, 5, 6):
                pieces.update(run[i : i + n] for i in range(0, len(run) - n + 1, 5))
    return [*WORDS, *sorted(pieces)[::7], "核酸阳", "酸核", "离隔"]


@pytest.mark.parametrize("database", [pytest.param("seeds_db", id="seeds"), pytest.param("corpus_db", id="generated")])
def test_a_search_finds_exactly_the_rows_holding_the_word(database: str, request: pytest.FixtureRequest) -> None:
    db: Path = request.getfixturevalue(database)
    with sqlite3.connect(db) as con:
        words = sample_words(con)
        assert len(words) > 50
        for table in FTS_TABLES:
            for word in words:
                assert matched(con, table.content, word) == holding(con, table.content, table.column, word), \
                    (table.name, word)
        assert holding(con, "directives", "text", "核酸")  # the words are really there


def test_a_plain_match_of_a_two_character_word_or_a_quoted_phrase_is_exact(seeds_db: Path) -> None:
    """What Datasette's ?_search= sends (each word quoted; a quoted phrase kept as it is)
    and what a MATCH written by hand holds."""
    with sqlite3.connect(seeds_db) as con:
        for word in (w for w in sample_words(con) if len(w) >= 2):
            typed = word if len(word) == 2 else " ".join(a + b for a, b in zip(word, word[1:], strict=False))
            found = {r for r, in con.execute("SELECT rowid FROM directives_fts WHERE directives_fts MATCH ?",
                                             (f'"{typed}"',))}
            assert found == holding(con, "directives", "text", word), word


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed")
def test_the_sqlite3_shell_finds_every_directive_holding_the_word_and_no_other(seeds_db: Path) -> None:
    assert SQLITE3 is not None
    for word in ("核酸", "隔离", "封控"):
        sql = f"select rowid from directives_fts where directives_fts match '{word}' order by rowid;"
        out = subprocess.run([SQLITE3, "-readonly", str(seeds_db), sql], capture_output=True, text=True,
                             check=True, timeout=60).stdout
        like = subprocess.run([SQLITE3, "-readonly", str(seeds_db),
                               f"select id from directives where text like '%{word}%' order by id;"],
                              capture_output=True, text=True, check=True, timeout=60).stdout
        assert out == like and (word != "核酸" or out.strip())


def test_datasette_finds_the_tables_by_its_convention(seeds_db: Path) -> None:
    """Datasette's detect_fts: a virtual table whose SQL names content="<table>"."""
    with sqlite3.connect(seeds_db) as con:
        for table in FTS_TABLES:
            found = con.execute(
                "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE ?",
                (f'%VIRTUAL TABLE%USING FTS%content="{table.content}"%',)).fetchall()
            assert found == [(table.name,)]
            # rowid is the row's id: what ?_search= puts in `rowid in (select rowid ...)`
            rows = con.execute(f"SELECT count(*) FROM {table.content} WHERE rowid IN "  # noqa: S608
                               f"(SELECT rowid FROM {table.name} WHERE {table.name} MATCH '\"防控\"')").fetchone()
            assert rows[0] == len(holding(con, table.content, table.column, "防控"))


# --- the index in step with the rows ----------------------------------------------------------

def index_state(db: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Every (token, rowid, position) of each FTS table, read from the index itself."""
    with sqlite3.connect(db) as con:
        out = {}
        for t in FTS_TABLES:
            con.execute(f"CREATE VIRTUAL TABLE temp.v_{t.name} USING fts5vocab(main, {t.name}, instance)")
            out[t.name] = sorted(con.execute(f"SELECT term, doc, offset FROM temp.v_{t.name}"))  # noqa: S608
        return out


def fresh_index(db: Path) -> dict[str, list[tuple[str, int, int]]]:
    """The index a fresh build from the rows now stored would have."""
    with sqlite3.connect(db) as con:
        out = {}
        for t in FTS_TABLES:
            con.execute(f"CREATE VIRTUAL TABLE temp.x_{t.name} USING fts5({t.column}, tokenize='unicode61')")
            con.executemany(f"INSERT INTO temp.x_{t.name} (rowid, {t.column}) VALUES (?, ?)",  # noqa: S608
                            [(i, index_text(x)) for i, x in con.execute(f"SELECT id, {t.column} FROM {t.content}")])
            con.execute(f"CREATE VIRTUAL TABLE temp.w_{t.name} USING fts5vocab(temp, x_{t.name}, instance)")
            out[t.name] = sorted(con.execute(f"SELECT term, doc, offset FROM temp.w_{t.name}"))  # noqa: S608
        return out


ADDED = "\n会议还要求，各地要严格落实核酸筛查和隔离转运措施，做好封控区域的物资保障。\n"  # invented


def edit(folder: Path) -> None:
    first = sorted(folder.iterdir())[0]
    first.write_bytes(first.read_bytes() + ADDED.encode("utf-8"))


def rename_and_edit(folder: Path) -> None:
    second = sorted(folder.iterdir())[1]
    data = second.read_bytes()
    second.unlink()
    (folder / "moved.txt").write_bytes(data + ADDED.encode("utf-8"))


def older_parser(folder: Path, db: Path) -> None:
    with sqlite3.connect(db) as con:
        con.execute("UPDATE documents SET parser_version = 0 WHERE id IN (2, 3)")


@pytest.mark.parametrize("change", [
    pytest.param(lambda folder, db: edit(folder), id="edited-file-replaced"),
    pytest.param(lambda folder, db: rename_and_edit(folder), id="renamed-and-edited-replaced"),
    pytest.param(older_parser, id="reparsed-by-a-newer-parser"),
])
def test_the_index_follows_replaced_documents(change, seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "etl.db"
    load(seeds_copy, db)
    assert index_state(db) == fresh_index(db)
    change(seeds_copy, db)
    load(seeds_copy, db)
    assert index_state(db) == fresh_index(db)
    with sqlite3.connect(db) as con:
        for word in ("核酸", "隔离", "封控", "核酸筛查"):
            assert matched(con, "directives", word) == holding(con, "directives", "text", word)


def test_the_upgrade_indexes_an_existing_database(seeds_db: Path, tmp_path: Path) -> None:
    """A database from before 0007 (no FTS tables) gets its rows indexed as a load would."""
    db = tmp_path / "old.db"
    shutil.copy(seeds_db, db)
    loaded = index_state(db)
    engine = create_engine_for(db)
    migrate.downgrade(engine, "0006")
    with sqlite3.connect(db) as con:
        assert not con.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_fts%'").fetchall()
    migrate.ensure_schema(engine)
    engine.dispose()
    assert index_state(db) == loaded


# --- the equivalence itself, on invented texts -------------------------------------------------

ALPHABET = "核酸检测隔离，。a1 "


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(ALPHABET, max_size=24), min_size=1, max_size=6),
       word=st.text("核酸检测隔离", min_size=1, max_size=7))
def test_match_is_substring_for_any_han_word(texts: list[str], word: str) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("CREATE VIRTUAL TABLE t_fts USING fts5(text, content='t', content_rowid='id', tokenize='unicode61')")
    con.executemany("INSERT INTO t (id, text) VALUES (?, ?)", enumerate(texts, 1))
    con.executemany("INSERT INTO t_fts (rowid, text) VALUES (?, ?)", [(i, index_text(x)) for i, x in enumerate(texts, 1)])
    found = {r for r, in con.execute("SELECT rowid FROM t_fts WHERE t_fts MATCH ?", (match_expression(word),))}
    assert found == {i for i, x in enumerate(texts, 1) if word in x}


@pytest.mark.parametrize(("text", "indexed"), [
    pytest.param("核酸", "核酸 酸", id="two-characters"),
    pytest.param("做核酸检测", "做核 核酸 酸检 检测 测", id="run"),
    pytest.param("防控。隔离", "防控 控 。 隔离 离", id="two-runs"),
    pytest.param("疫", "疫", id="one-character"),
    pytest.param("COVID-19疫情", "COVID-19 疫情 情", id="latin-and-digits"),
    pytest.param("", "", id="empty"),
])
def test_index_text(text: str, indexed: str) -> None:
    assert index_text(text).split() == indexed.split()


@pytest.mark.parametrize(("query", "expression"), [
    pytest.param("核酸", '"核酸"', id="two-characters"),
    pytest.param("核酸检测", '"核酸 酸检 检测"', id="four-characters-a-phrase"),
    pytest.param("疫", '"疫" *', id="one-character-a-prefix"),
    pytest.param("常态化防控", '"常态 态化 化防 防控"', id="longer-a-phrase"),
    pytest.param("核酸  隔离", '"核酸" AND "隔离"', id="two-words"),
    pytest.param("COVID-19", '"COVID" AND "19"', id="latin"),
    pytest.param('核酸"', '"核酸"', id="quote-dropped"),
    pytest.param("，。", None, id="nothing-to-search"),
])
def test_match_expression(query: str, expression: str | None) -> None:
    assert match_expression(query) == expression


def test_create_sql_names_the_content_table() -> None:
    assert 'content="directives"' in create_sql(FTS_TABLES[0])
