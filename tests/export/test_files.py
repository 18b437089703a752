"""JSON Lines and CSV writers, on a small database made with plain SQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from etl.export.files import export_csv, write_jsonl


@pytest.mark.parametrize("records", [
    pytest.param([], id="none"),
    pytest.param([{"source": "a.txt", "title": "景俊海以视频形式主持召开会议", "meetings": []}], id="chinese"),
    pytest.param([{"source": "a.txt", "x": "line\nbreak"}, {"source": "b.txt", "x": None}], id="two-with-newline"),
])
def test_write_jsonl_one_line_per_record_chinese_kept(records: list[dict]) -> None:
    fp = io.StringIO()
    assert write_jsonl(records, fp) == len(records)
    lines = fp.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == records
    if records and "title" in records[0]:
        assert "景俊海" in lines[0]  # not \\u escapes


def test_export_csv_one_file_per_table_with_bom_and_header(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)"))
        conn.execute(text("CREATE TABLE blobs (k TEXT PRIMARY KEY, data BLOB)"))
        conn.execute(text("CREATE TABLE alembic_version (version_num TEXT)"))
        conn.execute(text("INSERT INTO people VALUES (2, '韩俊', NULL), (1, '景俊海', '主持,讲话\n\"引号\"')"))
        conn.execute(text("INSERT INTO blobs VALUES ('a', x'e6b189')"))
    paths = export_csv(engine, tmp_path / "out")
    assert [p.name for p in paths] == ["blobs.csv", "people.csv"]
    raw = paths[1].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with paths[1].open(encoding="utf-8-sig", newline="") as fp:
        rows = list(csv.reader(fp))
    assert rows == [["id", "name", "note"], ["1", "景俊海", '主持,讲话\n"引号"'], ["2", "韩俊", ""]]
    with paths[0].open(encoding="utf-8-sig", newline="") as fp:
        assert list(csv.reader(fp))[1] == ["a", "e6b189"]


def test_export_csv_empty_database_writes_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert export_csv(engine, tmp_path / "out") == []
    assert (tmp_path / "out").is_dir()
