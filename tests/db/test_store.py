"""The store: one transaction per document, replacement by path, failures that leave the
old rows intact, document states, problems, and runs that changed nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from etl.db import store
from etl.db.models import DERIVED_TABLES, LOOKUP_TABLES, Base
from etl.findings import Finding
from etl.parse.records import Attendee, Meeting, MeetingDate, ParsedDocument, RoleEvidence, TitleMention
from etl.spans import OffsetMap, Span


def dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY id"))]
                for name in Base.metadata.tables if name not in LOOKUP_TABLES}


def rows(engine: Engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def variant(docs, salt: bytes = b"\n"):
    """The same records from other bytes: another document (one document per content)."""
    raw, norm, parsed = docs
    data = raw.data + salt
    return dataclasses.replace(raw, data=data, sha256=hashlib.sha256(data).hexdigest()), norm, parsed


def named(name: str) -> store.Name:
    return store.Name(name, name, name, 7)


def put(engine: Engine, run: int, docs, path: str = "a.txt", parser_version: int = 1) -> dict[str, int]:
    raw, norm, parsed = docs
    return store.store_document(engine, run, path=path, raw=raw, norm=norm, parsed=parsed,
                                parser_version=parser_version)


def test_store_new_document(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="etl load a.txt")
    raw, norm, parsed = documents["full"]()
    added = put(engine, run, (raw, norm, parsed))
    counts = store.table_counts(engine)
    assert added == {name: n for name, n in counts.items() if name not in ("load_runs", "document_names") and n}
    assert added == {
        "documents": 1, "segments": 2, "people": 3, "meetings": 1, "locations": 2, "attendees": 3,
        "attendee_titles": 4, "attendee_roles": 5, "directives": 3, "directive_categories": 4,
        "meeting_locations": 3, "credits": 2,
        "mentions": 1, "problems": 2,
    }
    (doc_id, path, sha, size, encoding, raw_text, offset_map, artifacts), = rows(
        engine, "SELECT id, path, sha256, size_bytes, encoding, raw_text, offset_map, artifacts FROM documents")
    assert (path, sha, size, encoding, raw_text) == ("a.txt", raw.sha256, len(raw.data), "gb18030", raw.text)
    assert OffsetMap.from_json(offset_map) == norm.offsets
    assert json.loads(artifacts) == ["pinyin_annotations", "traditional"]
    for table in DERIVED_TABLES + ("problems",):
        assert rows(engine, f"SELECT DISTINCT document_id, load_run_id FROM {table}") == [(doc_id, run)], table


def test_stored_spans_point_at_their_text(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["full"]())
    def spans(table: str, column: str) -> list[tuple[str, str]]:
        return rows(engine, f"""SELECT x.{column}, substr(d.normalised_text, x.span_start + 1, x.span_end - x.span_start)
                                FROM {table} x JOIN documents d ON d.id = x.document_id""")
    for table, column in [("people", "name"), ("attendee_titles", "title"), ("directives", "text"),
                          ("credits", "name"), ("mentions", "name"), ("meeting_locations", "as_written")]:
        for value, in_text in spans(table, column):
            assert value == in_text, (table, value, in_text)


def test_records_are_folded_into_the_schema(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["full"]())
    # the deputy listed twice is one attendee with its titles and roles de-duplicated
    assert rows(engine, """
        SELECT p.name, group_concat(r.role, ',') FROM attendees a JOIN people p ON p.id = a.person_id
        JOIN attendee_roles r ON r.attendee_id = a.id GROUP BY a.id ORDER BY a.span_start""") == [
        ("张三", "chair,speaker"), ("李四", "attendee,branch_venue"), ("王五", "attendee")]
    assert rows(engine, "SELECT seq, title FROM attendee_titles ORDER BY attendee_id, seq")[:2] == [
        (1, "省委书记"), (2, "省长")]
    # the pronoun's directive is credited to the person it was resolved to
    assert rows(engine, """
        SELECT x.seq, x.speaker_kind, x.speaker_text, p.name FROM directives x
        LEFT JOIN people p ON p.id = x.speaker_person_id ORDER BY x.seq""") == [
        (1, "meeting", "会议", None), (2, "person", "张三", "张三"), (3, "person", "他", "张三")]
    # categories de-duplicated, in the order given
    assert rows(engine, """SELECT x.seq, c.category FROM directives x
                           JOIN directive_categories c ON c.directive_id = x.id ORDER BY x.seq, c.id""") == [
        (1, "medical_treatment"), (2, "testing"), (2, "medical_treatment"), (3, "accountability_inspection")]
    # one place per (name, code); links per role
    assert rows(engine, "SELECT name, as_written, code FROM locations ORDER BY span_start") == [
        ("南京市", "南京", "320100"), ("苏州市", "苏州", "320500")]
    assert rows(engine, "SELECT count(*) FROM meeting_locations WHERE role = 'branch_venue'") == [(2,)]
    assert rows(engine, "SELECT date, date_text, year_inferred, time_of_day, session_no, place_evidence FROM meetings") == [
        ("2021-11-26", "11月26日上午", 1, "上午", 12, "南京市, 苏州市 (branch venues)")]


def test_findings_become_problems_with_both_spans(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    put(engine, run, (raw, norm, parsed))
    found = rows(engine, """SELECT kind, severity, span_start, span_end, raw_start, raw_end, original
                            FROM problems ORDER BY id""")
    assert [f[:2] for f in found] == [("pinyin_annotation", "info"), ("unresolved_pronoun", "warning")]
    for kind, _, start, end, raw_start, raw_end, _ in found:
        assert Span(raw_start, raw_end) == norm.offsets.to_source(Span(start, end)), kind
    he = found[1]
    assert raw.text[he[4]:he[5]] == "他" and norm.text[he[2]:he[3]] == "他"


@pytest.mark.parametrize(
    ("path", "sha", "version", "expected"),
    [
        pytest.param("new.txt", "f" * 64, 1, ("new", None), id="new"),
        pytest.param("a.txt", None, 1, ("unchanged", 1), id="unchanged"),
        pytest.param("a.txt", None, 0, ("unchanged", 1), id="parsed-by-newer-parser"),
        pytest.param("a.txt", "f" * 64, 1, ("changed", 1), id="changed"),
        pytest.param("a.txt", None, 2, ("outdated", 1), id="outdated"),
        pytest.param("copy/a.txt", None, 1, ("duplicate", 1), id="duplicate"),
        pytest.param("copy/a.txt", None, 2, ("duplicate", 1), id="duplicate-of-outdated"),
    ],
)
def test_document_state(engine: Engine, documents, path: str, sha: str | None, version: int, expected) -> None:
    run = store.start_run(engine, command="test")
    docs = documents["full"]()
    put(engine, run, docs)
    assert store.document_state(engine, path, sha or docs[0].sha256, version) == expected


def test_storing_the_same_document_again_changes_nothing(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["full"]())
    before = store.table_counts(engine)
    assert put(engine, run, documents["full"]()) == {k: v for k, v in before.items()
                                                     if k not in ("load_runs", "document_names") and v}
    assert store.table_counts(engine) == before


def test_changed_document_replaces_its_rows_only(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["full"]())
    put(engine, run, variant(documents["full"]("b.txt")), path="b.txt")
    b_rows = rows(engine, "SELECT p.name FROM people p JOIN documents d ON d.id = p.document_id WHERE d.path = 'b.txt'")
    run2 = store.start_run(engine, command="test again")
    added = put(engine, run2, documents["small"]())
    assert added == {"documents": 1, "segments": 2, "people": 1, "meetings": 1, "attendees": 1,
                     "attendee_titles": 1, "attendee_roles": 1, "problems": 1}
    a_rows = rows(engine, """SELECT p.name, p.load_run_id FROM people p JOIN documents d ON d.id = p.document_id
                             WHERE d.path = 'a.txt'""")
    assert a_rows == [("王五", run2)]
    assert rows(engine, "SELECT p.name FROM people p JOIN documents d ON d.id = p.document_id WHERE d.path = 'b.txt'") == b_rows
    assert rows(engine, "SELECT count(*) FROM documents") == [(2,)]
    for table in DERIVED_TABLES + ("problems",):
        orphans = rows(engine, f"SELECT count(*) FROM {table} WHERE document_id NOT IN (SELECT id FROM documents)")
        assert orphans == [(0,)], table


@pytest.mark.parametrize("failing_table", ["people", "attendees", "attendee_roles", "directives", "problems"])
def test_failure_mid_write_leaves_the_old_rows_intact(engine: Engine, documents, failing_table: str) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["small"]())
    put(engine, run, documents["full"]("b.txt"), path="b.txt")
    before = dump(engine)

    with engine.begin() as conn:  # a write that fails part-way, whatever way the store inserts
        conn.exec_driver_sql(f"CREATE TRIGGER fail BEFORE INSERT ON {failing_table} "
                             "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    try:
        with pytest.raises(Exception, match="disk full"):
            put(engine, run, documents["full"]())  # would replace a.txt
        with pytest.raises(Exception, match="disk full"):
            put(engine, run, documents["full"]("c.txt"), path="c.txt")  # would add c.txt
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER fail")
    assert dump(engine) == before


def test_a_constraint_violation_rolls_the_whole_document_back(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["small"]())
    before = dump(engine)
    raw, norm, parsed = documents["full"]()
    parsed.meetings[0].level = "village"  # type: ignore[assignment]  # violates ck_meetings_level
    with pytest.raises(Exception, match="ck_meetings_level"):
        put(engine, run, (raw, norm, parsed))
    assert dump(engine) == before


def test_deleting_a_document_deletes_everything_read_from_it(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    put(engine, run, documents["full"]())
    store.record_problem(engine, run, path="gone.txt", finding=Finding("read", "empty_file", "file is empty", "error"))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM documents"))
    counts = store.table_counts(engine)
    assert all(counts[t] == 0 for t in DERIVED_TABLES)
    assert counts["problems"] == 1 and counts["load_runs"] == 1


def test_record_problem_for_a_file_that_failed(engine: Engine) -> None:
    run = store.start_run(engine, command="test")
    finding = Finding("read", "undecodable", "not UTF-8, GB18030 or Big5; pass --encoding", "error",
                      raw_span=Span(0, 3), original="\ufffd\ufffd", method="decode")
    store.record_problem(engine, run, path="bad.txt", finding=finding, sha256="0" * 64)
    assert rows(engine, """SELECT load_run_id, document_id, path, sha256, stage, kind, severity, span_start,
                           raw_start, raw_end, original, method FROM problems""") == [
        (run, None, "bad.txt", "0" * 64, "read", "undecodable", "error", None, 0, 3, "\ufffd\ufffd", "decode")]


def test_an_error_finding_on_a_stored_document_is_a_warning(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["small"]()
    parsed.findings.append(Finding("repair", "mojibake", "could not repair 2 characters", "error",
                                   span=Span(0, 2), confidence=0.2))
    parsed.findings.append(Finding("parse", "far_span", "span beyond the text", "info", span=Span(0, 10_000)))
    put(engine, run, (raw, norm, parsed))
    assert rows(engine, "SELECT kind, severity, raw_start FROM problems WHERE stage != 'normalise' ORDER BY id") == [
        ("mojibake", "warning", 0), ("far_span", "info", None)]


def test_finish_run_records_counts(engine: Engine) -> None:
    run = store.start_run(engine, command="etl load seeds/")
    assert rows(engine, "SELECT status, finished_at FROM load_runs") == [("running", None)]
    store.finish_run(engine, run, seen=7, loaded=4, unchanged=2, failed=1, status="completed")
    (status, finished, seen, loaded, unchanged, failed, command), = rows(
        engine, """SELECT status, finished_at, files_seen, files_loaded, files_unchanged, files_failed, command
                   FROM load_runs""")
    assert (status, seen, loaded, unchanged, failed, command) == ("completed", 7, 4, 2, 1, "etl load seeds/")
    assert finished is not None and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", finished)  # UTC


@pytest.mark.parametrize(
    ("wrote", "discarded"),
    [
        pytest.param("nothing", True, id="nothing"),
        pytest.param("problem", False, id="a-problem"),
        pytest.param("document", False, id="a-document"),
    ],
)
def test_discard_run_if_empty(engine: Engine, documents, wrote: str, discarded: bool) -> None:
    run = store.start_run(engine, command="test")
    if wrote == "problem":
        store.record_problem(engine, run, path="x.txt", finding=Finding("read", "not_found", "no such file", "error"))
    elif wrote == "document":
        put(engine, run, documents["small"]())
    store.finish_run(engine, run, seen=1, loaded=int(wrote == "document"), unchanged=0, failed=0, status="completed")
    assert store.discard_run_if_empty(engine, run) is discarded
    assert store.table_counts(engine)["load_runs"] == (0 if discarded else 1)


def test_reloading_unchanged_input_leaves_every_table_as_it_was(engine: Engine, documents) -> None:
    docs = documents["full"]()
    run = store.start_run(engine, command="etl load")
    put(engine, run, docs)
    store.finish_run(engine, run, seen=1, loaded=1, unchanged=0, failed=0, status="completed")
    assert not store.discard_run_if_empty(engine, run)
    before = dump(engine)

    again = store.start_run(engine, command="etl load")
    state, _ = store.document_state(engine, "a.txt", docs[0].sha256, 1)
    assert state == "unchanged"  # so the loader skips it
    store.finish_run(engine, again, seen=1, loaded=0, unchanged=1, failed=0, status="completed")
    assert store.discard_run_if_empty(engine, again)
    assert dump(engine) == before


NAMES = st.sampled_from(["张三", "李四", "王五", "欧阳娜娜", "阿卜杜拉·买买提"])


@st.composite
def parsed_documents(draw, text_length: int = 60) -> ParsedDocument:
    def span(width: int = 2) -> Span:
        start = draw(st.integers(0, text_length - width))
        return Span(start, start + width)

    meetings = []
    for seq in range(1, draw(st.integers(1, 3)) + 1):
        attendees = [
            Attendee(name, span(), draw(st.sampled_from([None, "副省长"])),
                     [TitleMention(t, span(len(t))) for t in draw(st.lists(st.sampled_from(["副省长", "省长", "市长"]), max_size=3))],
                     [RoleEvidence(r, span()) for r in draw(st.lists(st.sampled_from(["chair", "speaker", "attendee"]), max_size=3))])
            for name in draw(st.lists(NAMES, max_size=6))
        ]
        meetings.append(Meeting(seq, f"会议{seq}", None, span(10), MeetingDate(None, None), attendees=attendees))
    return ParsedDocument(None, None, None, None, meetings=meetings)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parsed=parsed_documents())
def test_property_storing_at_one_path_keeps_only_the_last_version(engine: Engine, documents, parsed) -> None:
    raw, norm, _ = documents["small"]()
    run = store.start_run(engine, command="property")
    added = put(engine, run, (raw, norm, parsed))
    counts = store.table_counts(engine)
    assert counts["documents"] == 1
    for table in DERIVED_TABLES:
        assert counts[table] == added.get(table, 0), table
    names = {a.name for m in parsed.meetings for a in m.attendees}
    assert counts["people"] == len(names)
    assert counts["attendees"] == sum(len({a.name for a in m.attendees}) for m in parsed.meetings)
    per_attendee = rows(engine, "SELECT count(*) - count(DISTINCT role) FROM attendee_roles GROUP BY attendee_id")
    assert all(duplicates == 0 for duplicates, in per_attendee)


# --- BatchWriter: many documents per transaction, a SAVEPOINT each -----------------------

def rows_of(docs, path: str, mtime: int | None = 7):
    from etl.db.rows import build_rows

    raw, norm, parsed = docs
    return build_rows(path=path, raw=raw, norm=norm, parsed=parsed, parser_version=1, loaded_at="x", mtime=mtime)


def without_times(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    out = dict(tables)
    out.pop("load_runs")
    out["documents"] = [r[:-1] for r in out["documents"]]  # loaded_at is last
    return out


def test_batch_writer_gives_the_rows_of_one_transaction_per_document(tmp_path, migrated_template, documents) -> None:
    import shutil

    from etl.db.engine import create_engine_for

    dumps = []
    for batched in (False, True):
        path = tmp_path / f"{batched}.db"
        shutil.copyfile(migrated_template, path)
        eng = create_engine_for(path)
        run = store.start_run(eng, command="test")
        names = [("a.txt", "full"), ("b.txt", "small"), ("a.txt", "small"), ("c.txt", "full")]
        finding = Finding("read", "empty_file", "file is empty", "error")
        if batched:
            with store.BatchWriter(eng, run, max_documents=2) as writer:
                for i, (name, kind) in enumerate(names):
                    writer.store(rows_of(documents[kind](name), name), named(name))
                    writer.problem(path="e.txt", finding=finding)
            assert writer.transactions == 4
        else:
            for name, kind in names:
                raw, norm, parsed = documents[kind](name)
                store.store_document(eng, run, path=name, raw=raw, norm=norm, parsed=parsed, parser_version=1, mtime=7)
                store.record_problem(eng, run, path="e.txt", finding=finding)
        dumps.append(without_times(dump(eng)))
        eng.dispose()
    assert dumps[0] == dumps[1]


def test_a_failing_document_rolls_back_alone(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    bad = documents["full"]("b.txt")
    bad[2].meetings[0].level = "village"  # type: ignore[assignment]  # violates ck_meetings_level
    with store.BatchWriter(engine, run) as writer:
        writer.store(rows_of(documents["small"]("a.txt"), "a.txt"))
        with pytest.raises(Exception, match="ck_meetings_level"):
            writer.store(rows_of(bad, "b.txt"))
        writer.store(rows_of(documents["full"]("c.txt"), "c.txt"))
    assert rows(engine, "SELECT id, path FROM documents ORDER BY id") == [(1, "a.txt"), (2, "c.txt")]
    assert rows(engine, "SELECT count(*) FROM meetings") == [(2,)]


@pytest.mark.parametrize("replace_last", [pytest.param(False, id="then-new"), pytest.param(True, id="then-replace")])
def test_ids_after_a_rolled_back_document_are_those_sqlite_gives(tmp_path, migrated_template, documents,
                                                                  replace_last: bool) -> None:
    """The writer numbers ids itself: after a document rolls back (its people already
    inserted), and after a replace frees the highest ids, the next rows get the ids
    SQLite would give them, as when the failed document was never tried."""
    import shutil

    from etl.db.engine import create_engine_for

    last = "a.txt" if replace_last else "d.txt"
    dumps = []
    for batched in (False, True):
        path = tmp_path / f"{batched}.db"
        shutil.copyfile(migrated_template, path)
        eng = create_engine_for(path)
        run = store.start_run(eng, command="test")
        if batched:
            bad = documents["full"]("b.txt")
            bad[2].meetings[0].level = "village"  # type: ignore[assignment]  # violates ck_meetings_level
            with store.BatchWriter(eng, run) as writer:
                writer.store(rows_of(documents["full"]("a.txt"), "a.txt"), named("a.txt"))
                with pytest.raises(Exception, match="ck_meetings_level"):
                    writer.store(rows_of(bad, "b.txt"), named("b.txt"))
                writer.store(rows_of(documents["small"]("c.txt"), "c.txt"), named("c.txt"))
                writer.store(rows_of(documents["full"](last), last), named(last))
        else:
            for name, kind in [("a.txt", "full"), ("c.txt", "small"), (last, "full")]:
                raw, norm, parsed = documents[kind](name)
                store.store_document(eng, run, path=name, raw=raw, norm=norm, parsed=parsed, parser_version=1, mtime=7)
        dumps.append(without_times(dump(eng)))
        eng.dispose()
    assert dumps[0] == dumps[1]


def test_touch_and_known_documents(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    with store.BatchWriter(engine, run) as writer:
        doc_id, _ = writer.store(rows_of(documents["small"]("a.txt"), "a.txt"), store.Name("/in/a.txt", "a.txt", "a.txt", 5))
    (known,) = store.known_documents(engine)
    with store.BatchWriter(engine, run) as writer:
        writer.touch(known.name_id, 9)
    (known,) = store.known_documents(engine)
    raw = documents["small"]("a.txt")[0]
    assert known == store.KnownName(known.name_id, doc_id, "/in/a.txt", "a.txt", len(raw.data), 9, raw.sha256, 1)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL again outside the loader
