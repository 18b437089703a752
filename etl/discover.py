"""Find the files to load: expand the paths a user names into files, with their resolved
paths, and tell from a file's stat whether a stored copy of it is current.

Standard library only: an unchanged reload (etl.unchanged) uses this without importing
the parser or SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to load; `exists` is False for a path the user named that is not there.
    `resolved` is its absolute path with symbolic links resolved (os.path.realpath); for
    a path that cannot be followed (a broken or looping link, an unreadable folder) the
    path of the link or folder itself, its own name kept. `error` is (problem kind,
    reason and fix) when discovering already showed that it cannot be loaded. `info` is
    its stat when discovering took it (the loader then does not take it again)."""

    path: Path
    exists: bool = True
    resolved: str | None = None
    error: tuple[str, str] | None = None
    info: os.stat_result | None = None


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file discovery leaves out on purpose (a database, not an article)."""

    path: Path
    reason: str


SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


def discover(paths: Iterable[Path], *, database: str | os.PathLike[str] | None = None,
             skipped: list[SkippedFile] | None = None) -> Iterator[InputFile]:
    """Files named directly, and every file below named folders (recursive, sorted).

    Hidden files and folders (name starting with '.') inside a folder are skipped; a file
    named directly is always taken. Each file is yielded once even if named twice. A
    folder that cannot be listed, or a link that cannot be followed, is yielded with its
    `error`: it is reported, and the run goes on.

    Databases are not articles: `database` (etl's own, --db) and its -wal, -shm and
    -journal files, any SQLite file (by its header) and the -wal/-shm/-journal file
    beside one are left out, named or found, and appended to `skipped` when given.
    """
    own = _own_files(database)
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
                if f.error is not None:
                    yield f
                    continue
                real = f.resolved or os.path.realpath(f.path)
                info = _stat(real)
                reason = _skip_reason(real, info, own)
                if reason is None:
                    yield dataclasses.replace(f, info=info)
                elif skipped is not None:
                    skipped.append(SkippedFile(f.path, reason))


def _own_files(database: str | os.PathLike[str] | None) -> dict[str, str]:
    if database is None or "://" in os.fspath(database):
        return {}
    real = os.path.realpath(database)
    own = {real: "the database being loaded (--db)"}
    own.update((real + suffix, "a journal file of the database being loaded (--db)") for suffix in JOURNAL_SUFFIXES)
    return own


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _skip_reason(real: str, info: os.stat_result | None, own: dict[str, str]) -> str | None:
    """Why the file at `real` (whose stat is `info`) is not an article to load, if it is
    a database file."""
    if real in own:
        return own[real]
    for suffix in JOURNAL_SUFFIXES:
        if real.endswith(suffix) and is_sqlite(real[: -len(suffix)]):
            return "a journal file of a SQLite database"
    return "a SQLite database" if is_sqlite(real, info) else None


def is_sqlite(path: str, info: os.stat_result | None = None) -> bool:
    """Whether `path` (whose stat is `info`, when taken) is a SQLite database file (by its
    16-byte header). A database is a whole number of pages of at least 512 bytes, so most
    text files are told apart by their size, without being opened."""
    try:
        size = (info or os.stat(path)).st_size
        if size < 512 or size % 512:
            return False
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


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


def unchanged_by_stat(info: os.stat_result, size: int, mtime: int | None, parser_version: int,
                      current_parser: int) -> bool:
    """Whether a regular file with this stat is the stored name with this size and mtime,
    stored by the current parser: a reload then skips it without reading it."""
    return (stat.S_ISREG(info.st_mode) and parser_version >= current_parser and size == info.st_size
            and mtime == info.st_mtime_ns)
