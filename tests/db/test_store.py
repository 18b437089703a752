"""The store: one transaction per document, replacement, and runs that changed nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import PARSER_VERSION
from etl.db import migrate, store
from etl.db.engine import create_engine_for
from etl.pipeline import process
from etl.read import read_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def engine(tmp_path: Path):
    e = create_engine_for(tmp_path / "s.db")
    migrate.upgrade(e)
    return e


def _store(engine, run_id: int, name: str, path: str = "doc.txt") -> dict[str, int]:
    doc = process(read_file(SEEDS / name))
    return store.store_document(engine, run_id, path=path, raw=doc.raw, norm=doc.norm, parsed=doc.parsed,
                                parser_version=PARSER_VERSION)


def test_document_states(engine) -> None:
    run = store.start_run(engine, command="test")
    raw = read_file(SEEDS / "003_f05cf6e99f61e168.txt")
    assert store.document_state(engine, "doc.txt", raw.sha256, PARSER_VERSION) == ("new", None)
    _store(engine, run, "003_f05cf6e99f61e168.txt")
    assert store.document_state(engine, "doc.txt", raw.sha256, PARSER_VERSION)[0] == "unchanged"
    assert store.document_state(engine, "doc.txt", "0" * 64, PARSER_VERSION)[0] == "changed"
    assert store.document_state(engine, "doc.txt", raw.sha256, PARSER_VERSION + 1)[0] == "outdated"
    assert store.document_state(engine, "copy.txt", raw.sha256, PARSER_VERSION)[0] == "duplicate"


def test_replacing_a_document_replaces_all_its_rows(engine) -> None:
    run = store.start_run(engine, command="test")
    _store(engine, run, "003_f05cf6e99f61e168.txt")
    _store(engine, run, "000_e333c9592c598cfa.txt", path="other.txt")
    before = store.table_counts(engine)
    _store(engine, run, "004_8d8a58afc73fe51d.txt")  # same path, new content
    after = store.table_counts(engine)
    assert after["documents"] == before["documents"]
    fresh = create_engine_for(engine.url.database)
    with fresh.connect() as conn:
        from sqlalchemy import text

        names = {r[0] for r in conn.execute(text("select file_name from documents"))}
        assert names == {"004_8d8a58afc73fe51d.txt", "000_e333c9592c598cfa.txt"}
        orphans = conn.execute(text(
            "select count(*) from directives where document_id not in (select id from documents)"
        )).scalar_one()
        assert orphans == 0


def test_failure_mid_write_leaves_old_rows_intact(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    run = store.start_run(engine, command="test")
    _store(engine, run, "003_f05cf6e99f61e168.txt")
    before = store.table_counts(engine)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store._DocumentWriter, "_meeting", boom)
    with pytest.raises(RuntimeError):
        _store(engine, run, "000_e333c9592c598cfa.txt")
    assert store.table_counts(engine) == before


def test_run_that_changed_nothing_is_discarded(engine) -> None:
    run = store.start_run(engine, command="test")
    store.finish_run(engine, run, seen=1, loaded=0, unchanged=1, failed=0, status="completed")
    assert store.discard_run_if_empty(engine, run)
    assert store.table_counts(engine)["load_runs"] == 0
    run = store.start_run(engine, command="test")
    _store(engine, run, "003_f05cf6e99f61e168.txt")
    store.finish_run(engine, run, seen=1, loaded=1, unchanged=0, failed=0, status="completed")
    assert not store.discard_run_if_empty(engine, run)
