"""Time per MB by document size: `etl benchmark sizes`.

A document of each size (10 KB, 100 KB, 1 MB, 10 MB by default) is made in one of a few
shapes (seeded, repeatable), written to a file, and run through what a worker does for
`etl load` (`etl.pipeline.prepare`: read, normalise, parse, build rows) with no size
limit and no time guard. Each size runs in its own forked process, after the dictionaries
are loaded in this one, so that start-up is not counted and the peak RSS is the one of a
worker that handled that document. Sizes below 1 MB are repeated on different documents
of the same shape until about 1 MB is done, so that their time per MB is not noise.

Every stage is meant to be linear in the length of a document: time per MB should be
flat from 10 KB to 10 MB. The shapes are the ones that once were not:
- article: generated articles (etl/benchmark/corpus.py) joined one after another;
- one-line: one line of Han words with no punctuation at all;
- directives: one directive sentence repeated on one line;
- names: one sentence listing names separated by 、 (about 10,000 per 100 KB);
- mojibake: generated Simplified articles with GBK byte-loss damage on every line.
"""

from __future__ import annotations

import os
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

SHAPES = ("article", "one-line", "directives", "names", "mojibake")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
MIN_BYTES_PER_SIZE = 1_000_000  # smaller documents are repeated until about this much is done

# Invented prose (no article's words): common words of the genre, for the one-line shape.
_WORDS = ("要", "加强", "统筹", "疫情", "防控", "工作", "落实", "责任", "做好", "核酸", "检测", "隔离",
          "管控", "社区", "重点", "人员", "排查", "服务", "保障", "群众", "生活", "物资", "供应", "严格",
          "执行", "措施", "坚持", "预防", "为主", "提高", "能力", "部门", "协调", "推进", "发展",
          "召开", "会议", "主持", "强调", "指出", "领导", "小组")
_DIRECTIVE = "会议强调，要加强核酸检测和隔离管控，做好重点人员排查，保障群众生活物资供应。"


@dataclass(frozen=True, slots=True)
class SizeResult:
    size_bytes: int  # the size asked for
    documents: int  # documents of that size processed
    megabytes: float  # bytes processed (all documents)
    cpu_seconds: float  # user + system of the process that did it
    wall_seconds: float
    peak_rss_mb: float  # of that process (VmHWM; it started as a fork of the warmed parent)
    outcome: str  # loaded / failed: reason (of the last document)

    @property
    def cpu_seconds_per_mb(self) -> float:
        return self.cpu_seconds / self.megabytes if self.megabytes else 0.0

    @property
    def wall_seconds_per_mb(self) -> float:
        return self.wall_seconds / self.megabytes if self.megabytes else 0.0

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "cpu_seconds_per_mb": round(self.cpu_seconds_per_mb, 3),
                "wall_seconds_per_mb": round(self.wall_seconds_per_mb, 3)}


def _fit(text: str, size: int) -> bytes:
    """`text` (long enough) cut to at most `size` bytes of UTF-8, on a character boundary."""
    data = text.encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore").encode("utf-8")


def _articles(rng: random.Random, seed: int, simplified: bool = False) -> Iterator[str]:
    from etl.benchmark.corpus import generate_document, load_templates

    templates = load_templates(None)
    i = rng.randrange(1_000_000)
    while True:
        doc = generate_document(i, seed, templates)
        i += 1
        if simplified and (doc.traditional or doc.mojibake):
            continue
        yield doc.data.decode(doc.encoding).replace("\r\n", "\n")


def _long(size: int, pieces: Iterator[str], sep: str = "") -> str:
    out: list[str] = []
    total = 0
    for piece in pieces:
        out.append(piece)
        total += len(piece.encode("utf-8")) + len(sep)
        if total > size:
            break
    return sep.join(out)


def make_document(shape: str, size: int, seed: int = 0) -> bytes:
    """A UTF-8 document of `shape` and at most `size` bytes (same arguments, same bytes)."""
    rng = random.Random(f"sizes/{shape}/{size}/{seed}")
    if shape == "article":
        return _fit(_long(size, _articles(rng, seed), "\n"), size)
    if shape == "one-line":
        return _fit(_long(size, (rng.choice(_WORDS) for _ in iter(int, 1))), size)
    if shape == "directives":
        return _fit(_long(size, (_DIRECTIVE for _ in iter(int, 1))), size)
    if shape == "names":
        from etl.benchmark.corpus import invent_name

        names = _long(size, (invent_name(rng) for _ in iter(int, 1)), "、")
        return _fit("出席会议的有" + names + "。", size - 3) + "。".encode()
    if shape == "mojibake":
        from etl.benchmark.corpus import drop_byte_at

        def damaged() -> Iterator[str]:
            for text in _articles(rng, seed, simplified=True):
                lines = []
                for line in text.split("\n"):
                    hans = [i for i, c in enumerate(line) if "\u4e00" <= c <= "\u9fff"]
                    bad = drop_byte_at(line, rng.choice(hans), rng.randrange(2)) if hans else None
                    lines.append(bad if bad is not None else line)
                yield "\n".join(lines)

        return _fit(_long(size, damaged(), "\n"), size)
    raise ValueError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")


def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_files(files: Sequence[Path]) -> tuple[float, float, float, str]:
    """(cpu seconds, wall seconds, peak RSS MB, outcome of the last) of preparing `files`."""
    from etl import PARSER_VERSION
    from etl.pipeline import FileJob, prepare

    outcome = ""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for path in files:
        result = prepare(FileJob(path, path.name), encoding=None, max_bytes=0, parser_version=PARSER_VERSION)
        outcome = "loaded" if result.rows is not None else (
            f"failed: {result.failure.reason}" if result.failure is not None else "unchanged")
    return time.process_time() - cpu0, time.perf_counter() - wall0, _peak_rss_mb(), outcome


def _in_child(fn: Callable[[], tuple[float, float, float, str]]) -> tuple[float, float, float, str]:
    """fn() in a forked process (its own peak RSS), or here where fork is missing."""
    if not hasattr(os, "fork"):
        return fn()
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(fn(), out)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        raise RuntimeError(f"the measuring process failed (wait status {status})")
    result: tuple[float, float, float, str] = pickle.loads(data)
    return result


def run_sizes(shape: str = "article", sizes: Sequence[int] = DEFAULT_SIZES, seed: int = 0,
              min_bytes: int = MIN_BYTES_PER_SIZE,
              progress: Callable[[str], object] | None = None) -> list[SizeResult]:
    """Time and peak RSS per size (see the module docstring)."""
    from etl.pipeline import warm

    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    warm()
    results = []
    with tempfile.TemporaryDirectory(prefix="etl-sizes-") as tmp:
        for size in sizes:
            count = max(1, -(-min_bytes // size))
            files = []
            for k in range(count):
                path = Path(tmp) / f"{shape}-{size}-{k}.txt"
                path.write_bytes(make_document(shape, size, seed + k))
                files.append(path)
            total = sum(p.stat().st_size for p in files)
            if progress is not None:
                progress(f"{shape}: {count} × {size:,} bytes")
            cpu, wall, rss, outcome = _in_child(lambda: _measure_files(files))
            results.append(SizeResult(size, count, total / 1e6, cpu, wall, rss, outcome))
            for path in files:
                path.unlink()
    return results
