"""One `etl load` run: discover files, read, process, store — file by file.

Each file ends as loaded, unchanged or failed. A failed file gets a `problems` row and
leaves the database as it was for that file; the run always goes on. Nothing here
prints: the caller gets a `FileOutcome` per file (through `on_file`) and a `LoadReport`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from etl import PARSER_VERSION
from etl.db import store
from etl.findings import Finding
from etl.pipeline import discover, path_key, process
from etl.read import ReadError, read_file

Status = Literal["loaded", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    status: Status
    reason: str | None = None  # why it failed, or what made it unchanged
    rows_added: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class LoadReport:
    run_id: int | None  # None when the run changed nothing and was not kept
    outcomes: list[FileOutcome] = field(default_factory=list)
    rows_added: Counter[str] = field(default_factory=Counter)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def seen(self) -> int:
        return len(self.outcomes)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")


def run_load(
    engine: Engine,
    paths: Iterable[Path],
    *,
    encoding: str | None = None,
    command: str = "etl load",
    on_file: Callable[[FileOutcome], object] | None = None,
    base: Path | None = None,
) -> LoadReport:
    run_id = store.start_run(engine, command=command)
    report = LoadReport(run_id)
    status: store.RunStatus = "failed"
    try:
        for item in discover(paths):
            key = path_key(item.path, base) if item.exists else item.path.as_posix()
            outcome = _load_one(engine, run_id, item.path, key, item.exists, encoding)
            report.outcomes.append(outcome)
            report.rows_added.update(outcome.rows_added)
            if on_file is not None:
                on_file(outcome)
        status = "completed"
    finally:
        store.finish_run(
            engine,
            run_id,
            seen=report.seen,
            loaded=report.loaded,
            unchanged=report.unchanged,
            failed=report.failed,
            status=status,
        )
    if store.discard_run_if_empty(engine, run_id):
        report.run_id = None
    return report


def _load_one(
    engine: Engine, run_id: int, path: Path, key: str, exists: bool, encoding: str | None
) -> FileOutcome:
    def fail(kind: str, reason: str, stage: str = "read", sha256: str | None = None,
             findings: Iterable[Finding] = ()) -> FileOutcome:
        found = list(findings) or [Finding(stage=stage, kind=kind, message=reason, severity="error")]  # type: ignore[arg-type]
        for finding in found:
            store.record_problem(engine, run_id, path=key, finding=finding, sha256=sha256)
        return FileOutcome(key, "failed", reason)

    if not exists:
        return fail("not_found", "no such file or folder; check the path")
    try:
        raw = read_file(path, encoding=encoding)
    except ReadError as exc:
        reason = exc.reason + (f"; {exc.fix}" if exc.fix else "")
        return fail(exc.kind, reason)

    state, other_id = store.document_state(engine, key, raw.sha256, PARSER_VERSION)
    if state == "unchanged":
        return FileOutcome(key, "unchanged", "already loaded")
    if state == "duplicate":
        return FileOutcome(key, "unchanged", f"same content as document {other_id}")

    try:
        doc = process(raw)
    except Exception as exc:  # a parser bug must not kill the batch
        return fail("internal_error", f"could not be parsed ({type(exc).__name__}: {exc}); please report this file",
                    stage="parse", sha256=raw.sha256)
    if not doc.parsed.meetings:
        errors = [f for f in doc.parsed.findings if f.severity == "error"]
        reason = errors[0].message if errors else "no meeting report found in the text; nothing stored"
        return fail("no_meeting", reason, stage="parse", sha256=raw.sha256, findings=errors)
    try:
        rows = store.store_document(
            engine, run_id, path=key, raw=raw, norm=doc.norm, parsed=doc.parsed, parser_version=PARSER_VERSION
        )
    except Exception as exc:  # the store rolled back; the old rows are intact
        return fail("store_failed", f"could not be stored ({type(exc).__name__}: {exc})",
                    stage="load", sha256=raw.sha256)
    return FileOutcome(key, "loaded", state, rows)
