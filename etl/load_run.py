"""One `etl load` run: discover files, skip the unchanged, process, store.

Each file ends as loaded, unchanged or failed. A failed file gets a `problems` row and
leaves the database as it was for that file; the run always goes on. Nothing here
prints: the caller gets a `FileOutcome` per file (through `on_file`, in input order) and
a `LoadReport`.

How a run goes:
- one query reads what is stored (each file name's source key, the file's absolute real
  path, with its mtime, and its document's size, sha256 and parser version); a file
  whose source key, size and mtime match a name of a document of the current parser is
  unchanged without being read; a file over `max_bytes` is refused from its size;
- the other files are read, hashed and, unless their content is already stored,
  normalised, parsed and turned into rows by `jobs` worker processes (etl.workers;
  `jobs` 1: in this process);
- this process, the only writer, takes the results in input order and stores them
  through a `store.BatchWriter` (many documents per transaction, one SAVEPOINT each),
  deciding new / changed / outdated / unchanged / renamed / another name / replaced
  against what the database holds inside the write transaction (which holds the write
  lock, so a second `etl load` running at the same time is seen and nothing is stored
  twice), so that ids and rows are the same whatever `jobs` is.

Identity: a document is its content (sha256); its files are its names, keyed by source
key, so the working directory does not matter. A file whose content is stored under a
name whose file is gone is that file renamed (the name moves); a new file whose content
is new replaces the version of a gone name when `etl.versions` finds them the same
document edited (`_Versions`).

A file's outcome is given once the transaction holding it has committed. When another
connection keeps the database locked past the busy timeout, the open transaction is
rolled back and its files end as failed, "left for the next run" (no problems row: the
database could not be written); the run goes on with the next files. The run records
its process (`store.open_run`), which first marks earlier runs whose process is gone as
interrupted; a run stopped by KeyboardInterrupt or SystemExit ends as interrupted.
"""

from __future__ import annotations

import bisect
import dataclasses
import multiprocessing
import os
import signal
import stat
import sys
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from etl import PARSER_VERSION, versions
from etl.db import store
from etl.db.engine import locks_reported
from etl.db.rows import DocumentRows
from etl.discover import InputFile, discover, key_of, unchanged_by_stat
from etl.load_report import FileOutcome, LoadReport
from etl.pipeline import Failure, FileJob, Prepared, failure, prepare, warm
from etl.read import too_large
from etl.workers import Crashed, map_ordered

DEFAULT_MAX_BYTES = 2_000_000  # files above this are refused (etl load --max-bytes; 0 = no limit)
DEFAULT_TIMEOUT = 60.0  # seconds one file may take in a worker (etl load --timeout; 0 = no limit)


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
    files: Iterable[InputFile] | None = None,
) -> LoadReport:
    """Load `paths` (files, folders) into the database; `jobs` worker processes parse
    (1: no pool), `max_bytes` refuses larger files (0: no limit), `timeout` gives up a
    file that takes longer (seconds; 0: no limit). `files`: `paths` already discovered
    (etl.discover), so that the caller knows their number first."""
    opened = store.open_run(engine, command=command)  # DatabaseLocked: nothing done, nothing to record
    run_id = opened.id
    report = LoadReport(run_id, interrupted_runs=opened.interrupted)
    status: store.RunStatus = "failed"
    try:
        with locks_reported(doing="reading the stored documents"):
            catalog = _Catalog(store.known_documents(engine))
        with store.BatchWriter(engine, run_id) as writer:
            loader = _Loader(writer, catalog, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
            for outcome in loader.run(discover(paths) if files is None else files, base, jobs):
                report.outcomes.append(outcome)
                report.rows_added.update(outcome.rows_added)
                if on_file is not None:
                    on_file(outcome)
        status = "completed"
    except (KeyboardInterrupt, SystemExit):
        status = "interrupted"
        raise
    finally:
        try:
            store.finish_run(engine, run_id, seen=report.seen, loaded=report.loaded, unchanged=report.unchanged,
                             failed=report.failed, status=status)
        except store.DatabaseLocked as exc:  # the run stays `running`; the next run marks it interrupted
            report.unrecorded = str(exc)
    if report.unrecorded is None:
        try:
            if store.discard_run_if_empty(engine, run_id):
                report.run_id = None
        except store.DatabaseLocked as exc:
            report.unrecorded = str(exc)
    return report


class _Catalog:
    """The stored names as this run has them so far: by source key, and document ids by
    content. Read once at the start, to skip unchanged files by their stat; every decision
    to write is checked again against the database inside the write transaction
    (`_Loader._finish`), so another `etl load` running at the same time is seen."""

    def __init__(self, known: Iterable[store.KnownName]) -> None:
        self.by_key: dict[str, store.KnownName] = {}
        self.ids_by_sha: dict[str, set[int]] = {}
        for doc in known:
            self.add(doc)
        self.at_start = list(self.by_key.values())

    def add(self, doc: store.KnownName) -> None:
        old = self.by_key.get(doc.source_key)
        if old is not None:
            ids = self.ids_by_sha.get(old.sha256, set())
            ids.discard(old.id)
            if not ids:
                self.ids_by_sha.pop(old.sha256, None)
        self.by_key[doc.source_key] = doc
        self.ids_by_sha.setdefault(doc.sha256, set()).add(doc.id)


@dataclass(frozen=True, slots=True)
class _Item:
    """A discovered file with what the writer decided before any worker saw it."""

    job: FileJob
    source: str = ""  # the file's source key (document_names.source_key): its absolute real path
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
    _die_with_parent()
    _use(settings)
    warm()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the loading process dies (SIGKILL included):
    an orphaned worker would otherwise wait for work forever. Elsewhere a no-op."""
    parent = multiprocessing.parent_process()
    if not sys.platform.startswith("linux") or parent is None:
        return
    import ctypes

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent.pid:  # the parent died before the request was in place
        os._exit(1)


def _work(item: _Item) -> Prepared:
    (s,) = _settings
    return prepare(item.job, encoding=s.encoding, max_bytes=s.max_bytes, parser_version=PARSER_VERSION,
                   known=s.known)


class _Versions:
    """Old versions a new document may replace (etl.versions): names stored when the run
    started whose file is gone, as a renamed file's old name is. Looked for once, when the
    first document new by source key and by content comes (one stat per stored name, and
    two queries per 500 documents of the names found gone). A new document is compared
    with at most `max_compared` of them on each side of its length (within the lengths
    the looser threshold allows), reading their texts one by one (a few kept)."""

    def __init__(self, writer: store.BatchWriter, catalog: _Catalog) -> None:
        self.writer, self.catalog = writer, catalog
        self._gone: dict[str, store.KnownName] | None = None
        self._about: dict[int, store.Summary] = {}
        self._by_length: list[tuple[int, str]] = []  # (text length, source key), sorted
        self._shingles: OrderedDict[int, frozenset[str]] = OrderedDict()  # the last few compared

    def _look(self) -> dict[str, store.KnownName]:
        if self._gone is None:
            self._gone = {k.source_key: k for k in self.catalog.at_start if not os.path.lexists(k.source_key)}
            ids = sorted({k.id for k in self._gone.values()})
            self._about = {s.id: s for s in store.summaries(self.writer.engine, ids)}
            self._by_length = sorted((self._about[k.id].length, key) for key, k in self._gone.items()
                                     if k.id in self._about)
        return self._gone

    def _shingles_of(self, document_id: int) -> frozenset[str] | None:
        found = self._shingles.get(document_id)
        if found is None:
            text = store.normalised_text(self.writer.engine, document_id)
            if text is None:
                return None
            found = self._shingles[document_id] = versions.shingles(text)
            if len(self._shingles) > _SHINGLES_KEPT:
                self._shingles.popitem(last=False)
        return found

    def replaced_by(self, rows: DocumentRows) -> store.KnownName | None:
        """The gone name whose document `rows` is an edited version of, if any; checked
        against the database in the write transaction."""
        gone = self._look()
        if not gone:
            return None
        d = rows.document
        first = rows.meetings[0] if rows.meetings else None
        headline = versions.headline_key(d["title"], (first["year"], first["month"], first["day"]) if first else None)
        r = versions.rules()
        n, loose = len(d["normalised_text"]), min(r.min_jaccard, r.min_jaccard_same_headline)
        lo = bisect.bisect_left(self._by_length, (int(n * loose), ""))
        at = bisect.bisect_left(self._by_length, (n, ""))
        hi = bisect.bisect_right(self._by_length, (int(n / loose) + 1, ""))
        near = self._by_length[max(lo, at - r.max_compared):min(hi, at + r.max_compared)]
        mine: frozenset[str] | None = None
        scored: list[tuple[float, str]] = []
        for _, key in near:
            old = gone.get(key)
            if old is None:
                continue
            about = self._about[old.id]
            same = headline is not None and versions.headline_key(about.title, about.date) == headline
            theirs = self._shingles_of(old.id)
            if theirs is None:
                continue
            mine = mine if mine is not None else versions.shingles(d["normalised_text"])
            if versions.same_document(mine, theirs, same):
                scored.append((versions.jaccard(mine, theirs), key))
        for _, key in sorted(scored, key=lambda s: (-s[0], s[1])):  # the most similar first
            old = gone.pop(key)
            now = self.writer.lookup(old.source_key, "").name  # still that document's name?
            if now is not None and now.id == old.id:
                return old
        return None


_SHINGLES_KEPT = 64  # shingle sets of old versions kept between new documents


class _Loader:
    def __init__(self, writer: store.BatchWriter, catalog: _Catalog, *, encoding: str | None,
                 max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.writer, self.catalog = writer, catalog
        self.encoding, self.max_bytes, self.timeout = encoding, max_bytes, timeout
        self.versions = _Versions(writer, catalog)

    def run(self, files: Iterable[InputFile], base: Path | None, jobs: int) -> Iterator[FileOutcome]:
        real_base = os.path.realpath(base or Path.cwd())
        items = (self._look(f, real_base) for f in files)
        # In this process the workers see the live catalog; forked ones a snapshot of it
        # (a file whose content was stored meanwhile is processed, and then found a duplicate).
        known: Container[str] = self.catalog.ids_by_sha if jobs <= 1 else frozenset(self.catalog.ids_by_sha)
        settings = _Settings(self.encoding, self.max_bytes, known)
        _use(settings)
        pending: list[FileOutcome] = []  # outcomes of files whose entries are not committed yet
        try:
            # warm before the fork, so that the workers share the loaded data
            for item, result in map_ordered(_work, items, jobs=jobs, send=lambda it: it.decided is None,
                                            initializer=_init_worker, initargs=(settings,), before_fork=warm,
                                            timeout=self.timeout):
                try:
                    pending.append(self._finish(item, result))
                except store.DatabaseLocked as exc:  # the open transaction was rolled back
                    pending.append(FileOutcome(item.job.key, "failed"))
                    yield from self._lost(pending, exc)
                    pending = []
                    continue
                if not self.writer.in_transaction:
                    yield from pending
                    pending = []
            try:
                self.writer.commit()
            except store.DatabaseLocked as exc:
                yield from self._lost(pending, exc)
            else:
                yield from pending
        finally:
            _use(None)

    def _lost(self, outcomes: list[FileOutcome], exc: store.DatabaseLocked) -> Iterator[FileOutcome]:
        """The outcomes of a transaction lost to a lock: what it stored is gone (the files
        are left for the next run), and the catalog is read again to forget it."""
        self.catalog = _Catalog(store.known_documents(self.writer.engine))
        for outcome in outcomes:
            if outcome.status == "unchanged":
                yield outcome
            elif outcome.status == "failed" and outcome.reason is not None:
                yield outcome  # it failed anyway; its problems row is what was lost
            else:
                yield FileOutcome(outcome.path, "failed", f"not stored, left for the next run: {exc.cause}", kind="locked")

    def _look(self, file: InputFile, real_base: str) -> _Item:
        """What can be decided from the file's stat and the catalog alone."""
        if not file.exists:
            key = _storable(file.path.as_posix())
            return self._decided_failure(FileJob(file.path, key), "not_found", "no such file or folder; check the path")
        source = file.resolved or os.path.realpath(file.path)
        key = key_of(source, real_base)
        if file.error is not None:  # a folder that cannot be listed, a link that cannot be followed
            return self._decided_failure(FileJob(file.path, _storable(key)), *file.error)
        if _storable(key) != key:
            return self._decided_failure(FileJob(file.path, _storable(key)), "bad_file_name",
                                         "its name is not valid UTF-8 (the undecodable bytes are shown as \\xNN); "
                                         "rename the file")
        try:
            info = file.info or os.stat(file.path)
        except OSError:
            return _Item(FileJob(file.path, key), source)  # read_file says why
        if not stat.S_ISREG(info.st_mode):
            return _Item(FileJob(file.path, key), source)
        if self.max_bytes and info.st_size > self.max_bytes:
            exc = too_large(file.path, info.st_size, self.max_bytes)
            return self._decided_failure(FileJob(file.path, key), exc.kind, f"{exc.reason}; {exc.fix}")
        mtime = info.st_mtime_ns
        stored = self.catalog.by_key.get(source)
        current = stored is not None and stored.parser_version >= PARSER_VERSION
        if stored is not None and unchanged_by_stat(info, stored.size_bytes, stored.mtime, stored.parser_version,
                                                    PARSER_VERSION):
            return _Item(FileJob(file.path, key, mtime), source, FileOutcome(key, "unchanged", "already loaded"))
        stored_sha = stored.sha256 if current and stored is not None else None
        return _Item(FileJob(file.path, key, mtime, stored_sha, stored is not None), source)

    @staticmethod
    def _decided_failure(job: FileJob, kind: str, reason: str) -> _Item:
        return _Item(job, decided=FileOutcome(job.key, "failed", reason, kind=kind), problem=(kind, reason))

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
        name = store.Name(item.source, job.key, job.path.name, job.mtime)
        known = self.catalog.by_key.get(item.source)
        if known is not None and known.sha256 == sha and known.parser_version >= PARSER_VERSION:
            return self._unchanged(known, name)  # the same bytes: nothing to check in the database
        # From here on, what is stored is read inside the write transaction, which holds
        # the write lock: another `etl load` may have stored this file or content meanwhile.
        found = self.writer.lookup(item.source, sha)
        if found.name is not None and found.name.sha256 == sha and found.name.parser_version >= PARSER_VERSION:
            return self._unchanged(found.name, name)
        if found.document is not None and found.document[1] >= PARSER_VERSION:
            return self._another_name(found.document[0], found.name, name)
        if found.name is not None:
            state = "changed" if found.name.sha256 != sha else "outdated"
        else:
            state = "outdated" if found.document is not None else "new"
        if result.failure is None and result.rows is None:
            # a worker skipped content that was stored when it started, and is no longer
            result = prepare(FileJob(job.path, job.key, job.mtime), encoding=self.encoding,
                             max_bytes=self.max_bytes, parser_version=PARSER_VERSION)
        if result.failure is not None:
            return self._fail(job, result.failure, result.sha256)
        assert result.rows is not None
        old = self.versions.replaced_by(result.rows) if state == "new" else None
        drop = old.source_key if old else None
        if found.name is None and found.document is not None:  # re-parsed content under a new name
            drop = next((n.source_key for n in self.writer.names_of(found.document[0])
                         if not os.path.lexists(n.source_key)), None)  # renamed: the old name goes
        try:
            doc_id, rows = self.writer.store(result.rows, name, drop=drop)
        except store.DatabaseLocked:
            raise  # the whole transaction rolled back: `run` settles its files
        except Exception as exc:  # the savepoint rolled back; the old rows are intact
            return self._fail(job, failure("store_failed", f"could not be stored ({type(exc).__name__}: {exc})",
                                           stage="load"), sha)
        d = result.rows.document
        self.catalog.add(store.KnownName(0, doc_id, item.source, job.key, d["size_bytes"], job.mtime, sha,
                                         d["parser_version"]))
        if old is not None:
            self.catalog.by_key.pop(old.source_key, None)
            return FileOutcome(job.key, "loaded", f"replaced: an edited version of {old.path} (renamed), "
                                                  f"was document {old.id}", rows)
        return FileOutcome(job.key, "loaded", state, rows)

    def _unchanged(self, known: store.KnownName, name: store.Name) -> FileOutcome:
        if name.mtime is not None and known.mtime != name.mtime and known.name_id:
            self.writer.touch(known.name_id, name.mtime)
            self.catalog.add(dataclasses.replace(known, mtime=name.mtime))
        return FileOutcome(name.path, "unchanged", "already loaded")

    def _another_name(self, doc_id: int, was: store.KnownName | None, name: store.Name) -> FileOutcome:
        """A file whose content is stored (as document `doc_id`): a renamed file when a
        name of that document has lost its file, else one more name of it."""
        if was is None:
            for other in self.writer.names_of(doc_id):
                if not os.path.lexists(other.source_key):
                    self.writer.rename(other.source_key, name)
                    self.catalog.by_key.pop(other.source_key, None)
                    return FileOutcome(name.path, "unchanged", f"renamed from {other.path} (document {doc_id})")
        self.writer.add_name(doc_id, name)
        return FileOutcome(name.path, "unchanged", f"same content as document {doc_id}")

    def _fail(self, job: FileJob, failed: Failure, sha256: str | None = None) -> FileOutcome:
        for finding in failed.findings:
            self.writer.problem(path=job.key, finding=finding, sha256=sha256)
        return FileOutcome(job.key, "failed", failed.reason, kind=failed.findings[0].kind if failed.findings else None)


def _storable(path: str) -> str:
    """`path` as text SQLite can store: a file name's undecodable bytes (which Python
    keeps as lone surrogates) written as \\xNN."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def timed_out(reason: str, timeout: float) -> str:
    """The one-line reason of a `timeout` problem: what happened and the two fixes."""
    return (f"{reason}, over the limit of --timeout {timeout:g}; "
            f"pass a larger --timeout (or --timeout 0, no limit), or split the file")

