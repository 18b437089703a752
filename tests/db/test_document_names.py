"""Names (document_names): one document per content, its files as names keyed by source
key; what storing, adding, renaming and dropping names do; and migration 0004 turning
path-keyed documents into names."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from etl.db import migrate, store
from etl.db.engine import create_engine_for
from etl.db.rows import build_rows


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def version(docs, salt: bytes = b"", parser_version: int = 1):
    raw, norm, parsed = docs
    data = raw.data + salt
    raw = dataclasses.replace(raw, data=data, sha256=hashlib.sha256(data).hexdigest())
    return build_rows(path=str(raw.path), raw=raw, norm=norm, parsed=parsed, parser_version=parser_version,
                      loaded_at="x")


def name(key: str) -> store.Name:
    return store.Name(f"/in/{key}", key, key, 1)


def state(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    return (rows(engine, "SELECT id, path, parser_version FROM documents ORDER BY id"),
            rows(engine, "SELECT document_id, source_key, path FROM document_names ORDER BY id"))


def store_a(w: store.BatchWriter, docs) -> None:
    w.store(version(docs["full"]("a.txt")), name("a.txt"))


CASES = [
    pytest.param(lambda w, d: w.add_name(1, name("b.txt")),
                 ([(1, "a.txt", 1)], [(1, "/in/a.txt", "a.txt"), (1, "/in/b.txt", "b.txt")]),
                 id="same-content-second-name"),
    pytest.param(lambda w, d: w.rename("/in/a.txt", name("b.txt")),
                 ([(1, "b.txt", 1)], [(1, "/in/b.txt", "b.txt")]), id="renamed"),
    pytest.param(lambda w, d: w.store(version(d["small"]("a.txt")), name("a.txt")),
                 ([(1, "a.txt", 1)], [(1, "/in/a.txt", "a.txt")]), id="changed-only-name-old-version-deleted"),
    pytest.param(lambda w, d: (w.add_name(1, name("b.txt")), w.store(version(d["small"]("a.txt")), name("a.txt"))),
                 ([(1, "b.txt", 1), (2, "a.txt", 1)], [(1, "/in/b.txt", "b.txt"), (2, "/in/a.txt", "a.txt")]),
                 id="changed-the-other-name-keeps-the-old-version"),
    pytest.param(lambda w, d: w.store(version(d["small"]("c.txt")), name("c.txt"), drop="/in/a.txt"),
                 ([(1, "c.txt", 1)], [(1, "/in/c.txt", "c.txt")]), id="renamed-and-edited-replaces"),
    pytest.param(lambda w, d: (w.add_name(1, name("b.txt")), w.store(version(d["full"]("b.txt"), parser_version=2),
                                                                    name("b.txt"))),
                 ([(1, "a.txt", 2)], [(1, "/in/a.txt", "a.txt"), (1, "/in/b.txt", "b.txt")]),
                 id="reparsed-carries-every-name"),
    pytest.param(lambda w, d: w.store(version(d["full"]("b.txt"), parser_version=2), name("b.txt"), drop="/in/a.txt"),
                 ([(1, "b.txt", 2)], [(1, "/in/b.txt", "b.txt")]), id="reparsed-under-a-new-name-drops-the-gone-one"),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_names(engine: Engine, documents, change, expected) -> None:
    run = store.start_run(engine, command="test")
    with store.BatchWriter(engine, run) as w:
        store_a(w, documents)
    with store.BatchWriter(engine, run) as w:
        change(w, documents)
    assert state(engine) == expected
    assert rows(engine, "SELECT count(*) FROM meetings WHERE document_id NOT IN (SELECT id FROM documents)") == [(0,)]


def test_lookup_reads_the_name_and_the_content(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    a = version(documents["full"]("a.txt"))
    with store.BatchWriter(engine, run) as w:
        w.store(a, name("a.txt"))
        found = w.lookup("/in/a.txt", a.document["sha256"])
        assert found.name is not None and (found.name.id, found.name.sha256) == (1, a.document["sha256"])
        assert found.document == (1, 1)
        assert w.lookup("/in/other.txt", "f" * 64) == store.Lookup(None, None)


def _insert_0003_document(conn, doc_id: int, path: str, sha: str, parser_version: int = 1) -> None:
    conn.execute(text(
        "INSERT INTO documents (id, load_run_id, path, file_name, sha256, size_bytes, mtime, encoding, raw_text,"
        " normalised_text, offset_map, artifacts, parser_version, loaded_at) VALUES"
        " (:id, 1, :path, :file, :sha, 3, 5, 'utf-8', 'abc', 'abc', '[]', '[]', :pv, 't')"),
        {"id": doc_id, "path": path, "file": Path(path).name, "sha": sha, "pv": parser_version})
    conn.execute(text("INSERT INTO meetings (document_id, load_run_id, seq, name, year_inferred) VALUES"
                      " (:id, 1, 1, 'm', 0)"), {"id": doc_id})


def test_migration_0004_turns_paths_into_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine_for(tmp_path / "old.db")
    migrate.upgrade(engine, "0003")
    monkeypatch.chdir(tmp_path)
    here = os.path.realpath(tmp_path)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO load_runs (id, started_at, status, command, tool_version, parser_version,"
                          " files_seen, files_loaded, files_unchanged, files_failed)"
                          " VALUES (1, 't', 'completed', 'c', 'v', 1, 0, 0, 0, 0)"))
        _insert_0003_document(conn, 1, "in/a.txt", "a" * 64)
        _insert_0003_document(conn, 2, f"{here}/in/a.txt", "b" * 64)  # the same file, another working directory
        _insert_0003_document(conn, 3, "in/c.txt", "c" * 64, parser_version=1)
        _insert_0003_document(conn, 4, "in/copy_of_c.txt", "c" * 64, parser_version=2)  # the same content
    migrate.upgrade(engine)
    assert state(engine) == (
        [(2, f"{here}/in/a.txt", 1), (4, "in/c.txt", 2)],
        [(2, f"{here}/in/a.txt", f"{here}/in/a.txt"), (4, f"{here}/in/c.txt", "in/c.txt"),
         (4, f"{here}/in/copy_of_c.txt", "in/copy_of_c.txt")],
    )
    assert rows(engine, "SELECT document_id FROM meetings ORDER BY document_id") == [(2,), (4,)]
    assert rows(engine, "SELECT mtime FROM document_names") == [(5,), (5,), (5,)]
    assert migrate.drift(engine) == []
