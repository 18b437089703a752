"""The pure part of the pipeline: find input files, and turn one file into records.

`discover` expands the paths a user gives into the files to load; `process` runs
normalise and parse over a `RawDocument`; `prepare` does all a worker process does for
`etl load` with one file: read, hash, process and build the table rows (or say why not).
None of them touches the database or prints, so they run in worker processes while a
single writer stores the results.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from etl.db.rows import DocumentRows, build_rows, finding_row
from etl.findings import Finding, Stage
from etl.normalise import NormalisedDocument, normalise
from etl.parse import parse
from etl.parse.records import ParsedDocument
from etl.read import RawDocument, ReadError, read_file


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    raw: RawDocument
    norm: NormalisedDocument
    parsed: ParsedDocument


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to load; `exists` is False for a path the user named that is not there.
    `resolved` is its absolute path with symbolic links resolved (os.path.realpath); for
    a path that cannot be followed (a broken or looping link, an unreadable folder) the
    path of the link or folder itself, its own name kept. `error` is (problem kind,
    reason and fix) when discovering already showed that it cannot be loaded."""

    path: Path
    exists: bool = True
    resolved: str | None = None
    error: tuple[str, str] | None = None


def discover(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Files named directly, and every file below named folders (recursive, sorted).

    Hidden files and folders (name starting with '.') inside a folder are skipped; a file
    named directly is always taken. Each file is yielded once even if named twice. A
    folder that cannot be listed, or a link that cannot be followed, is yielded with its
    `error`: it is reported, and the run goes on.
    """
    seen: set[str] = set()
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.islink(path):
                yield InputFile(path, exists=False)
                continue
            found: list[InputFile] = [_unfollowable(path, _own_location(path), exc)]
        else:
            found = _walk(path) if is_dir else [InputFile(path, resolved=os.path.realpath(path))]
        for f in found:
            key = f.resolved or os.fspath(f.path)
            if key not in seen:
                seen.add(key)
                yield f


def _own_location(path: str | os.PathLike[str]) -> str:
    """The absolute path of `path` with its folder resolved but not its last part (a link
    stays itself)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(folder), name)


def _unfollowable(path: str | os.PathLike[str], location: str, exc: OSError) -> InputFile:
    """A path whose stat failed: the error to report, naming the path itself."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        error = ("not_found", f"symbolic link to a missing file ({target}); fix or remove the link")
    elif exc.errno == errno.ELOOP:
        error = ("symlink_loop", "symbolic link loop (too many levels of symbolic links); fix or remove the link")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        error = ("unreadable", "permission denied (cannot be looked up); check the permissions of its folders")
    else:
        error = ("unreadable", f"cannot be examined ({exc.strerror}); check the path")
    return InputFile(Path(path), resolved=location, error=error)


def _walk(folder: Path) -> list[InputFile]:
    """The files below `folder`, in Path order, with their resolved paths. Only the
    folder and symbolic links are resolved through the file system: like os.walk, this
    does not enter linked folders, so below the folder a file's real path is its folder's
    plus its name. os.scandir tells folders, files and links apart without a stat per
    file. A folder that cannot be listed and a link that cannot be followed are yielded
    with their error (os.walk would skip them silently)."""
    found: list[tuple[tuple[str, ...], InputFile]] = []
    stack = [(os.fspath(folder), os.path.realpath(folder), Path(folder).parts)]
    while stack:
        root, real_root, parts = stack.pop()
        try:
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError as exc:
            found.append((parts, InputFile(Path(root), resolved=real_root, error=_unlistable(exc))))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            where = (*parts, name)
            try:
                link = entry.is_symlink()
                if link:
                    try:
                        target_is_dir = stat.S_ISDIR(os.stat(entry.path).st_mode)
                    except OSError as exc:
                        found.append((where, _unfollowable(entry.path, os.path.join(real_root, name), exc)))
                        continue
                    if target_is_dir:
                        continue  # linked folders are not entered
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, os.path.join(real_root, name), where))
                    continue
            except OSError as exc:
                found.append((where, _unfollowable(entry.path, os.path.join(real_root, name), exc)))
                continue
            real = os.path.realpath(entry.path) if link else os.path.join(real_root, name)
            found.append((where, InputFile(Path(entry.path), resolved=real)))
    found.sort(key=lambda f: f[0])  # the order of sorting the Paths
    return [f for _, f in found]


def _unlistable(exc: OSError) -> tuple[str, str]:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "unreadable", "folder cannot be listed: permission denied; check its permissions"
    return "unreadable", f"folder cannot be listed ({exc.strerror}); check its permissions"


def path_key(path: Path, base: Path | None = None) -> str:
    """How a file's path is shown and stored for display (document_names.path,
    problems.path): relative to `base` (the working directory) when the file lies below
    it, else absolute; always with forward slashes. A file's identity is its resolved
    absolute path (document_names.source_key), not this."""
    return key_of(os.path.realpath(path), os.path.realpath(base or Path.cwd()))


def key_of(resolved: str, resolved_base: str) -> str:
    """`path_key` from paths already resolved (os.path.realpath)."""
    prefix = resolved_base if resolved_base.endswith(os.sep) else resolved_base + os.sep
    if resolved.startswith(prefix):
        resolved = resolved[len(prefix):]
    return resolved if os.sep == "/" else Path(resolved).as_posix()


def process(raw: RawDocument) -> ProcessedDocument:
    """Normalise and parse one document (pure; raises only on programming errors)."""
    norm = normalise(raw.text)
    return ProcessedDocument(raw, norm, parse(norm))


@dataclass(frozen=True, slots=True)
class FileJob:
    """One file for `prepare`: where it is, how it is stored, and what is known of it."""

    path: Path
    key: str  # the path shown (document_names.path); the identity is the resolved path
    mtime: int | None = None  # st_mtime_ns when the loader looked at it
    stored_sha: str | None = None  # sha256 stored under `key` by the current parser: same bytes need no parsing
    path_stored: bool = False  # when False, content already stored under another path needs no parsing


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a file was not loaded: the reason shown, and the problem rows to store."""

    reason: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """The outcome of `prepare`: rows to store, a failure, or neither (content known)."""

    sha256: str | None
    rows: DocumentRows | None = None
    failure: Failure | None = None


def failure(kind: str, reason: str, stage: Stage = "read", findings: Iterable[Finding] = ()) -> Failure:
    found = tuple(findings) or (Finding(stage=stage, kind=kind, message=reason, severity="error"),)
    return Failure(reason, found)


def prepare(job: FileJob, *, encoding: str | None, max_bytes: int, parser_version: int,
            known: Container[str] = ()) -> Prepared:
    """Read `job`'s file and, unless its content is already stored (the same bytes under
    its own path, or under another path when its own is not stored; sha256 in `known`),
    normalise, parse and build its rows. Never raises for a bad file."""
    try:
        raw = read_file(job.path, encoding=encoding, max_bytes=max_bytes)
    except ReadError as exc:
        return Prepared(None, failure=failure(exc.kind, exc.reason + (f"; {exc.fix}" if exc.fix else "")))
    if raw.sha256 == job.stored_sha or (not job.path_stored and raw.sha256 in known):
        return Prepared(raw.sha256)
    try:
        doc = process(raw)
    except Exception as exc:  # a parser bug must not kill the batch
        reason = f"could not be parsed ({type(exc).__name__}: {exc}); please report this file"
        return Prepared(raw.sha256, failure=failure("internal_error", reason, stage="parse"))
    if not doc.parsed.meetings:
        errors = [f for f in doc.parsed.findings if f.severity == "error"]
        reason = errors[0].message if errors else "no meeting report found in the text; nothing stored"
        return Prepared(raw.sha256, failure=failure("no_meeting", reason, stage="parse", findings=errors))
    rows = build_rows(path=job.key, raw=raw, norm=doc.norm, parsed=doc.parsed, parser_version=parser_version,
                      loaded_at=datetime.now(UTC).isoformat(timespec="seconds"), mtime=job.mtime)
    if raw.findings:  # what reading did to the bytes (stray NULs dropped) comes first
        rows.problems[:0] = [finding_row(f, job.key, raw.sha256, stored=True) for f in raw.findings]
    return Prepared(raw.sha256, rows=rows)


# An invented two-line report: processing it once loads every dictionary and table.
_WARM_TEXT = "某市召开疫情防控工作会议\n本报讯 3月1日上午，某市召开疫情防控工作会议。市长甲某主持会议并讲话。会议强调，要做好核酸检测。"


def warm() -> None:
    """Load the dictionaries and reference data now (a one-time cost per process): the
    jieba tokenizer and the repair lexicon are built on first use, and a clean text does
    not reach them, so they are asked for by name."""
    import hashlib

    from etl.reference.segmenter import tokens
    from etl.repair import lexicon

    data = _WARM_TEXT.encode("utf-8")
    process(RawDocument(Path("warm.txt"), data, hashlib.sha256(data).hexdigest(), "utf-8", _WARM_TEXT))
    tokens(_WARM_TEXT)
    lexicon.word_logp("会议")
    lexicon.domain_words()
    lexicon.completions("会", "议")  # the neighbour index: first needed by a damaged document
    lexicon._pair_keys()  # the two-character key index of `OneCharFluency.ranks`, likewise
    lexicon.to_simplified(lexicon.to_traditional_char("会"))
