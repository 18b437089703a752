"""One `etl load` run: discover files, skip the unchanged, process, store.

Each file ends as loaded, unchanged or failed. A failed file gets a `problems` row and
leaves the database as it was for that file; the run always goes on. Nothing here
prints: the caller gets a `FileOutcome` per file (through `on_file`, in input order) and
a `LoadReport`.

How a run goes:
- one query reads what is stored (path, size, mtime, sha256, parser version); a file
  whose path, size and mtime match a document of the current parser is unchanged
  without being read; a file over `max_bytes` is refused from its size;
- the other files are read, hashed and, unless their content is already stored,
  normalised, parsed and turned into rows by `jobs` worker processes (etl.workers;
  `jobs` 1: in this process);
- this process, the only writer, takes the results in input order and stores them
  through a `store.BatchWriter` (many documents per transaction, one SAVEPOINT each),
  deciding new / changed / outdated / unchanged against what is stored at that moment,
  so that ids and rows are the same whatever `jobs` is.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from etl import PARSER_VERSION
from etl.db import store
from etl.pipeline import Failure, FileJob, InputFile, Prepared, discover, failure, key_of, prepare, warm
from etl.read import too_large
from etl.workers import Crashed, map_ordered

Status = Literal["loaded", "unchanged", "failed"]

DEFAULT_MAX_BYTES = 2_000_000  # files above this are refused (etl load --max-bytes; 0 = no limit)
DEFAULT_TIMEOUT = 60.0  # seconds one file may take in a worker (etl load --timeout; 0 = no limit)


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
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadReport:
    """Load `paths` (files, folders) into the database; `jobs` worker processes parse
    (1: no pool), `max_bytes` refuses larger files (0: no limit), `timeout` gives up a
    file that takes longer (seconds; 0: no limit)."""
    run_id = store.start_run(engine, command=command)
    report = LoadReport(run_id)
    status: store.RunStatus = "failed"
    try:
        catalog = _Catalog(store.known_documents(engine))
        with store.BatchWriter(engine, run_id) as writer:
            loader = _Loader(writer, catalog, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
            for outcome in loader.run(discover(paths), base, jobs):
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


class _Catalog:
    """The stored documents as the writer has them so far: by path, and ids by content."""

    def __init__(self, known: Iterable[store.KnownDocument]) -> None:
        self.by_path: dict[str, store.KnownDocument] = {}
        self.ids_by_sha: dict[str, set[int]] = {}
        for doc in known:
            self.add(doc)

    def add(self, doc: store.KnownDocument) -> None:
        old = self.by_path.get(doc.path)
        if old is not None:
            ids = self.ids_by_sha[old.sha256]
            ids.discard(old.id)
            if not ids:
                del self.ids_by_sha[old.sha256]
        self.by_path[doc.path] = doc
        self.ids_by_sha.setdefault(doc.sha256, set()).add(doc.id)

    def first_with(self, sha256: str) -> int | None:
        ids = self.ids_by_sha.get(sha256)
        return min(ids) if ids else None


@dataclass(frozen=True, slots=True)
class _Item:
    """A discovered file with what the writer decided before any worker saw it."""

    job: FileJob
    decided: FileOutcome | None = None  # not-found, too large or unchanged by its stat: no worker needed
    problem: tuple[str, str] | None = None  # (kind, reason) of a failure decided from the stat


@dataclass(frozen=True, slots=True)
class _Settings:
    """What `_work` needs besides the file: set in this process before the pool forks
    (the workers inherit it), or by `_init_worker` where workers are spawned."""

    encoding: str | None
    max_bytes: int
    known: Container[str]  # sha256 of the stored documents


_settings: list[_Settings] = []  # at most one


def _use(settings: _Settings | None) -> None:
    _settings[:] = [settings] if settings is not None else []


def _init_worker(settings: _Settings) -> None:
    _use(settings)
    warm()


def _work(item: _Item) -> Prepared:
    (s,) = _settings
    return prepare(item.job, encoding=s.encoding, max_bytes=s.max_bytes, parser_version=PARSER_VERSION,
                   known=s.known)


class _Loader:
    def __init__(self, writer: store.BatchWriter, catalog: _Catalog, *, encoding: str | None,
                 max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.writer, self.catalog = writer, catalog
        self.encoding, self.max_bytes, self.timeout = encoding, max_bytes, timeout

    def run(self, files: Iterable[InputFile], base: Path | None, jobs: int) -> Iterator[FileOutcome]:
        real_base = os.path.realpath(base or Path.cwd())
        items = (self._look(f, real_base) for f in files)
        # In this process the workers see the live catalog; forked ones a snapshot of it
        # (a file whose content was stored meanwhile is processed, and then found a duplicate).
        known: Container[str] = self.catalog.ids_by_sha if jobs <= 1 else frozenset(self.catalog.ids_by_sha)
        settings = _Settings(self.encoding, self.max_bytes, known)
        _use(settings)
        try:
            # warm before the fork, so that the workers share the loaded data
            for item, result in map_ordered(_work, items, jobs=jobs, send=lambda it: it.decided is None,
                                            initializer=_init_worker, initargs=(settings,), before_fork=warm,
                                            timeout=self.timeout):
                yield self._finish(item, result)
        finally:
            _use(None)

    def _look(self, file: InputFile, real_base: str) -> _Item:
        """What can be decided from the file's stat and the catalog alone."""
        if not file.exists:
            key = file.path.as_posix()
            return self._decided_failure(FileJob(file.path, key), "not_found", "no such file or folder; check the path")
        key = key_of(file.resolved or os.path.realpath(file.path), real_base)
        try:
            info = os.stat(file.path)
        except OSError:
            return _Item(FileJob(file.path, key))  # read_file says why
        if not stat.S_ISREG(info.st_mode):
            return _Item(FileJob(file.path, key))
        if self.max_bytes and info.st_size > self.max_bytes:
            exc = too_large(file.path, info.st_size, self.max_bytes)
            return self._decided_failure(FileJob(file.path, key), exc.kind, f"{exc.reason}; {exc.fix}")
        mtime = info.st_mtime_ns
        stored = self.catalog.by_path.get(key)
        current = stored is not None and stored.parser_version >= PARSER_VERSION
        if current and stored is not None and stored.size_bytes == info.st_size and stored.mtime == mtime:
            return _Item(FileJob(file.path, key, mtime), FileOutcome(key, "unchanged", "already loaded"))
        stored_sha = stored.sha256 if current and stored is not None else None
        return _Item(FileJob(file.path, key, mtime, stored_sha, stored is not None))

    @staticmethod
    def _decided_failure(job: FileJob, kind: str, reason: str) -> _Item:
        return _Item(job, FileOutcome(job.key, "failed", reason), (kind, reason))

    def _finish(self, item: _Item, result: Prepared | Crashed | None) -> FileOutcome:
        """Store one file's result, in input order; return its outcome."""
        job = item.job
        if item.decided is not None:
            if item.problem is not None:
                self._fail(job, failure(*item.problem))
            return item.decided
        if isinstance(result, Crashed) or result is None:
            if result is not None and result.timed_out:
                return self._fail(job, failure("timeout", timed_out(result.reason, self.timeout), stage="parse"))
            if result is not None and result.died:
                return self._fail(job, failure("worker_died", f"{result.reason}; please report this file",
                                               stage="parse"))
            reason = result.reason if result is not None else "no result"
            return self._fail(job, failure("internal_error", f"could not be processed ({reason}); please report this file",
                                           stage="parse"))
        sha = result.sha256
        if sha is None:  # could not be read
            assert result.failure is not None
            return self._fail(job, result.failure)
        stored = self.catalog.by_path.get(job.key)
        if stored is not None and stored.sha256 == sha and stored.parser_version >= PARSER_VERSION:
            if job.mtime is not None and stored.mtime != job.mtime:
                self.writer.touch(stored.id, job.mtime)
                self.catalog.add(_with_mtime(stored, job.mtime))
            return FileOutcome(job.key, "unchanged", "already loaded")
        if stored is None:
            other = self.catalog.first_with(sha)
            if other is not None:
                return FileOutcome(job.key, "unchanged", f"same content as document {other}")
        state = "new" if stored is None else ("changed" if stored.sha256 != sha else "outdated")
        if result.failure is None and result.rows is None:
            # a worker skipped content that was stored when it started, and is no longer
            result = prepare(FileJob(job.path, job.key, job.mtime), encoding=self.encoding,
                             max_bytes=self.max_bytes, parser_version=PARSER_VERSION)
        if result.failure is not None:
            return self._fail(job, result.failure, result.sha256)
        assert result.rows is not None
        try:
            doc_id, rows = self.writer.store(result.rows, replace=stored is not None)
        except Exception as exc:  # the savepoint rolled back; the old rows are intact
            return self._fail(job, failure("store_failed", f"could not be stored ({type(exc).__name__}: {exc})",
                                           stage="load"), sha)
        d = result.rows.document
        self.catalog.add(store.KnownDocument(doc_id, job.key, d["size_bytes"], d["mtime"], d["sha256"],
                                             d["parser_version"]))
        return FileOutcome(job.key, "loaded", state, rows)

    def _fail(self, job: FileJob, failed: Failure, sha256: str | None = None) -> FileOutcome:
        for finding in failed.findings:
            self.writer.problem(path=job.key, finding=finding, sha256=sha256)
        return FileOutcome(job.key, "failed", failed.reason)


def timed_out(reason: str, timeout: float) -> str:
    """The one-line reason of a `timeout` problem: what happened and the two fixes."""
    return (f"{reason}, over the limit of --timeout {timeout:g}; "
            f"pass a larger --timeout (or --timeout 0, no limit), or split the file")


def _with_mtime(doc: store.KnownDocument, mtime: int) -> store.KnownDocument:
    return store.KnownDocument(doc.id, doc.path, doc.size_bytes, mtime, doc.sha256, doc.parser_version)
