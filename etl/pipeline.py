"""The pure part of the pipeline: find input files, and turn one file into records.

`discover` expands the paths a user gives into the files to load; `process` runs
normalise and parse over a `RawDocument`. Neither touches the database nor prints, so
`process` can later run in worker processes while a single writer stores the results.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.normalise import NormalisedDocument, normalise
from etl.parse import parse
from etl.parse.records import ParsedDocument
from etl.read import RawDocument


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    raw: RawDocument
    norm: NormalisedDocument
    parsed: ParsedDocument


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to load; `exists` is False for a path the user named that is not there."""

    path: Path
    exists: bool = True


def discover(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Files named directly, and every file below named folders (recursive, sorted).

    Hidden files and folders (name starting with '.') inside a folder are skipped; a file
    named directly is always taken. Each file is yielded once even if named twice.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(_walk(path))
        elif path.exists():
            found = [path]
        else:
            yield InputFile(path, exists=False)
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield InputFile(f)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def path_key(path: Path, base: Path | None = None) -> str:
    """How a document's path is stored: relative to `base` (the working directory) when
    the file lies below it, else absolute; always with forward slashes."""
    resolved = path.resolve()
    base = (base or Path.cwd()).resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


def process(raw: RawDocument) -> ProcessedDocument:
    """Normalise and parse one document (pure; raises only on programming errors)."""
    norm = normalise(raw.text)
    return ProcessedDocument(raw, norm, parse(norm))
