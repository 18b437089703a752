"""Export from the database: hand-built records through the store API, and the seeds
through the real pipeline (read → normalise → parse → store → export)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etl import PARSER_VERSION
from etl.db import migrate, store
from etl.db.engine import create_engine_for
from etl.db.models import LOOKUP_TABLES
from etl.db.views import VIEWS
from etl.evaluate import below, load_gold, score, validate_export_record
from etl.export import export_csv, export_documents, record_from_parsed, write_jsonl
from etl.load_run import run_load
from etl.normalise import NormalisedDocument, Segment
from etl.parse.records import (
    Attendee,
    Credit,
    Directive,
    LocationMention,
    Meeting,
    MeetingDate,
    ParsedDocument,
    PersonMention,
    RoleEvidence,
    TitleMention,
)
from etl.pipeline import process
from etl.read import RawDocument, read_file
from etl.spans import OffsetMap, Span

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
GOLD_DIR = next((d for d in (REPO / "tests" / "gold", REPO.parent / "shared" / "gold") if d.is_dir()), None)

TEXT = ("3月5日,市委书记王一主持召开市疫情防控指挥部第三次会议。市长李二出席会议并讲话。"
        "他强调,要加强核酸检测。会议指出,要严格管控。某人要求,做好保障。"
        "续会上,李二要求,要守住底线。(记者 赵三)")


def S(fragment: str, nth: int = 0) -> Span:
    """Span of the nth occurrence of `fragment` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(fragment, start + 1)
    return Span(start, start + len(fragment))


def hand_parsed() -> ParsedDocument:
    chair = Attendee("王一", S("王一"), "市委书记", [TitleMention("市委书记", S("市委书记"))],
                     [RoleEvidence("chair", S("主持")), RoleEvidence("speaker", S("强调"))])
    mayor = Attendee("李二", S("李二"), "市长", [TitleMention("市长", S("市长"))],
                     [RoleEvidence("attendee", S("出席")), RoleEvidence("speaker", S("讲话"))])
    first = Meeting(
        seq=1, name="市疫情防控指挥部第三次会议", name_span=S("市疫情防控指挥部第三次会议"), span=Span(0, S("续会").start),
        date=MeetingDate("3月5日", S("3月5日"), year=2022, month=3, day=5, year_inferred=True, year_evidence="test"),
        format="onsite", level="city", session_no=3, chair="王一", city="某市",
        attendees=[chair, mayor],
        directives=[
            Directive(1, "要加强核酸检测", S("要加强核酸检测"), "person", "王一", "他", S("他")),
            Directive(2, "要严格管控", S("要严格管控"), "meeting", None, "会议", S("会议", 2)),
            Directive(3, "做好保障", S("做好保障"), "person", None, "某人", S("某人")),
        ],
        locations=[LocationMention("长沙市", "长沙", "venue", S("市委"), code="430100", level="city"),
                   LocationMention("长沙市", "长沙市", "venue", S("市长"), code="430100", level="city")],
    )
    second = Meeting(
        seq=2, name="续会", name_span=S("续会"), span=Span(S("续会").start, len(TEXT)),
        date=MeetingDate(None, None), level="city",
        attendees=[Attendee("李二", S("李二", 1), None, [], [RoleEvidence("speaker", S("要求", 1))])],
        directives=[Directive(1, "要守住底线", S("要守住底线"), "person", "李二", "李二", S("李二", 1))],
    )
    return ParsedDocument(
        title=None, title_span=None, source_outlet="某某日报", source_outlet_span=None,
        meetings=[second, first],  # stored and exported in seq order whatever the list order
        credits=[Credit("赵三", "reporter", S("赵三"))],
        mentions=[PersonMention("钱四", Span(0, 1)), PersonMention("钱四", Span(1, 2))],
    )


def store_hand_built(engine: Engine, path: str = "in/hand.txt", salt: bytes = b"") -> ParsedDocument:
    data = TEXT.encode("utf-8") + salt  # other bytes: another document (one document per content)
    raw = RawDocument(Path(path), data, hashlib.sha256(data).hexdigest(), "utf-8", TEXT)
    norm = NormalisedDocument(TEXT, OffsetMap.identity(len(TEXT)), (Segment("body", Span(0, len(TEXT))),),
                              frozenset({"doubled_punctuation", "traditional"}))
    parsed = hand_parsed()
    run_id = store.start_run(engine, command="test")
    store.store_document(engine, run_id, path=path, raw=raw, norm=norm, parsed=parsed, parser_version=PARSER_VERSION)
    store.finish_run(engine, run_id, seen=1, loaded=1, unchanged=0, failed=0, status="completed")
    return parsed


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = create_engine_for(tmp_path / "t.db")
    migrate.upgrade(e)
    return e


def test_empty_database_exports_nothing(engine: Engine) -> None:
    assert list(export_documents(engine)) == []


def test_hand_built_document_exports_every_field(engine: Engine) -> None:
    store_hand_built(engine)
    [record] = list(export_documents(engine))
    assert validate_export_record(record) == []
    assert (record["source"], record["path"], record["title"], record["source_outlet"]) == (
        "hand.txt", "in/hand.txt", None, "某某日报")
    assert record["credits"] == [{"name": "赵三", "role": "reporter"}]
    assert record["mentioned_people"] == ["钱四"]
    assert record["artifacts"] == ["doubled_punctuation", "traditional"]
    first, second = record["meetings"]
    assert (first["seq"], first["meeting_name"], second["meeting_name"]) == (1, "市疫情防控指挥部第三次会议", "续会")
    assert first["date"] == {"year": 2022, "month": 3, "day": 5} and first["year_inferred"] is True
    assert second["date"] == {"year": None, "month": None, "day": None} and second["year_inferred"] is False
    assert (first["format"], first["level"], first["session_no"], first["city"]) == ("onsite", "city", 3, "某市")
    assert first["chair"] == "王一" and second["chair"] is None
    assert first["attendees"] == [
        {"name": "王一", "titles": ["市委书记"], "roles": ["chair", "speaker"]},
        {"name": "李二", "titles": ["市长"], "roles": ["attendee", "speaker"]},
    ]
    assert first["locations"] == [
        {"name": "长沙市", "as_written": "长沙", "role": "venue", "code": "430100", "level": "city"}]
    assert [(d["seq"], d["text"], d["speaker"]) for d in first["directives"]] == [
        (1, "要加强核酸检测", "王一"), (2, "要严格管控", "会议"), (3, "做好保障", None)]
    assert first["directives"][0]["span"] == [S("要加强核酸检测").start, S("要加强核酸检测").end]
    assert first["directive_speakers"] == ["王一", "会议"]
    assert second["directive_speakers"] == ["李二"]


def test_export_equals_record_built_without_database(engine: Engine) -> None:
    parsed = store_hand_built(engine)
    [record] = list(export_documents(engine))
    del record["path"]
    assert record == record_from_parsed("hand.txt", parsed, {"doubled_punctuation", "traditional"})


def test_jsonl_round_trip(engine: Engine) -> None:
    store_hand_built(engine)
    store_hand_built(engine, "in/other.txt", salt=b"\n")
    fp = io.StringIO()
    assert write_jsonl(export_documents(engine), fp) == 2
    lines = fp.getvalue().splitlines()
    assert [json.loads(x)["path"] for x in lines] == ["in/hand.txt", "in/other.txt"]
    assert "王一" in lines[0]


# --- the seeds through the real pipeline ------------------------------------------------

@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("seeds_db")
    shutil.copytree(SEEDS, folder / "seeds")
    e = create_engine_for(folder / "seeds.db")
    migrate.upgrade(e)
    report = run_load(e, [folder / "seeds"], base=folder)
    assert report.failed == 0 and report.loaded == len(list(SEEDS.glob("*.txt")))
    return e


@pytest.fixture(scope="module")
def seed_records(seeds_db: Engine) -> list[dict]:
    return list(export_documents(seeds_db))


def test_seed_records_have_the_gold_shape(seed_records: list[dict]) -> None:
    assert [r["source"] for r in seed_records] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for record in seed_records:
        assert validate_export_record(record) == [], record["source"]


def test_seed_records_equal_the_parsed_documents(seed_records: list[dict]) -> None:
    """Storing and reading back loses nothing the export shows."""
    for record in seed_records:
        doc = process(read_file(SEEDS / record["source"]))
        expected = record_from_parsed(record["source"], doc.parsed, doc.norm.artifacts)
        assert {k: v for k, v in record.items() if k != "path"} == expected


@pytest.mark.skipif(GOLD_DIR is None, reason="gold annotations not available")
def test_seed_export_scores_against_gold(seed_records: list[dict]) -> None:
    gold = load_gold(GOLD_DIR)
    report = score(gold, seed_records)
    assert report.documents_missing == []
    assert below(report, 0.5) == [], [m for m in report.misses]
    json.dumps(report.to_dict(), ensure_ascii=False)


def test_seed_csv_one_file_per_table_with_all_rows(seeds_db: Engine, tmp_path: Path) -> None:
    paths = export_csv(seeds_db, tmp_path / "csv")
    counts = store.table_counts(seeds_db)
    with seeds_db.connect() as conn:
        for name in (*LOOKUP_TABLES, *(v.name for v in VIEWS)):
            counts[name] = conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar_one()
    assert sorted(p.stem for p in paths) == sorted(counts)
    assert [p.stem for p in paths][-len(VIEWS):] == [v.name for v in VIEWS]
    assert counts["meeting_facts"] == counts["meetings"] and counts["attendance"] == counts["attendees"]
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as fp:
            header, *rows = list(csv.reader(fp))
        key = "code" if path.stem in LOOKUP_TABLES else "id"
        assert any(h == key or h.endswith("_id") for h in header) and len(rows) == counts[path.stem], path.name
