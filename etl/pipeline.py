"""The pure part of the pipeline: turn one file into records.

`process` runs normalise and parse over a `RawDocument`; `prepare` does all a worker process does for
`etl load` with one file: read, hash, process and build the table rows (or say why not).
None of them touches the database or prints, so they run in worker processes while a
single writer stores the results.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.db.rows import DocumentRows, build_rows, finding_row, utc_now
from etl.findings import Finding, Stage
from etl.html import is_page
from etl.normalise import NormalisedDocument, normalise
from etl.parse import parse
from etl.parse.records import ParsedDocument
from etl.read import RawDocument, ReadError, read_file


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    raw: RawDocument
    norm: NormalisedDocument
    parsed: ParsedDocument


def process(raw: RawDocument) -> ProcessedDocument:
    """Normalise and parse one document (pure; raises only on programming errors)."""
    norm = normalise(raw.text, html=is_page(raw.path, raw.data))
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
                      loaded_at=utc_now(), mtime=job.mtime)
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
