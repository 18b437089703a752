"""Corruption benchmark for the GBK phase-shift repair (seeded, repeatable).

Clean documents (punctuation next to Han characters in full width, as on a GBK page), in
Simplified and in Traditional (OpenCC s2t), are encoded to GBK; one
byte of a multi-byte character is dropped at a random position and the rest decoded the
way browsers do (etl.repair.gbk.browser_decode). `repair_edits` runs on the result. A
damaged span is *fully restored* when the repaired document equals the clean one,
*partly restored* when it was edited but differs, *flagged only* when a finding covers it
without an edit, *missed* otherwise. Edits outside the damaged span, and any edit or
finding on the clean documents themselves, count as changes to undamaged text.

Run `python -m etl.repair.benchmark [--seed N] [--samples N]` to print the figures.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.repair import repair_edits
from etl.repair.gbk import REPLACEMENT, browser_decode, encode
from etl.repair.lexicon import is_han
from etl.repair.rules import DATA_DIR, rules
from etl.spans import apply_edits

REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CLEAN_SEED_GLOB = "003_*.txt"  # the seed article in plain Simplified with no damage


@dataclass
class ScriptCounts:
    damaged: int = 0
    full: int = 0
    partly: int = 0
    wrong: int = 0  # partly restored spans where the repair wrote a wrong character
    left: int = 0  # partly restored spans where a damaged character was left as it was
    flagged: int = 0
    missed: int = 0
    outside: int = 0


@dataclass
class BenchmarkResult:
    seed: int
    samples: int
    damaged_spans: int
    fully_restored: int
    partly_restored: int
    wrong_characters: int  # of the partly restored: spans where a wrong character was written
    left_damaged: int  # of the partly restored: spans where a damaged character was left
    flagged_only: int
    missed: int
    undamaged_changes: int  # edits outside a damaged span + edits/findings on clean text
    clean_documents: int
    seconds: float
    by_script: dict[str, ScriptCounts] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # clean, damaged, repaired

    def share(self, count: int) -> float:
        return count / self.damaged_spans if self.damaged_spans else 0.0

    @property
    def flagged_share(self) -> float:
        return self.share(self.damaged_spans - self.missed)


def load_corpus(paths: Sequence[Path] | None = None) -> list[str]:
    """Clean Simplified documents: seed 003 (when present) and the shipped corpus.

    Each file is one document (comment lines starting with # dropped): the repair sees a
    whole document, as the normalise stage gives it, so its other sentences are context.
    """
    if paths is None:
        paths = sorted(REPO_SEEDS.glob(CLEAN_SEED_GLOB)) + [DATA_DIR / "benchmark_corpus.txt"]
    documents: list[str] = []
    for path in paths:
        lines = Path(path).read_text("utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.startswith("#")).strip()
        if text:
            documents.append(unfold_punctuation(text) + "\n")
    return documents


def unfold_punctuation(text: str) -> str:
    """ASCII punctuation next to Han characters back to full width, as a GBK page has it
    (the seed text had its punctuation folded to ASCII after it was scraped)."""
    fold = rules().folded_punctuation
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in fold:
            near = text[i - 1 : i] + text[i + 1 : i + 2]
            if any(is_han(c) for c in near):
                chars[i] = fold[ch]
    return "".join(chars)


def _traditional(documents: list[str]) -> list[str]:
    import opencc

    converter = opencc.OpenCC("s2t")
    return [converter.convert(p) for p in documents]


def _encodable(document: str) -> bool:
    try:
        encode(document)
    except ValueError:
        return False
    return True


def _damaged_span(clean: str, damaged: str) -> tuple[int, int]:
    """[start, end) in `damaged` of the characters that differ from `clean`."""
    pre = 0
    while pre < min(len(clean), len(damaged)) and clean[pre] == damaged[pre]:
        pre += 1
    suf = 0
    while (
        suf < min(len(clean), len(damaged)) - pre
        and clean[len(clean) - 1 - suf] == damaged[len(damaged) - 1 - suf]
    ):
        suf += 1
    return pre, max(pre + 1, len(damaged) - suf) if pre < len(damaged) else len(damaged)


def _wrong_and_left(clean: str, damaged: str, repaired: str) -> tuple[bool, bool]:
    """Whether the repair wrote a wrong character, and whether it left a damaged one."""
    if not (len(clean) == len(damaged) == len(repaired)):
        return True, False
    diffs = [(c, d, r) for c, d, r in zip(clean, damaged, repaired) if c != r]
    wrong = any(r != d and r != REPLACEMENT for c, d, r in diffs)
    left = any(r == d and r != REPLACEMENT for c, d, r in diffs)
    return wrong, left


def _drop_byte(document: str, rng: random.Random) -> str:
    data = encode(document)
    positions = [i for i, b in enumerate(data) if b >= 0x80]
    cut = rng.choice(positions)
    return browser_decode(data[:cut] + data[cut + 1 :])


def run_benchmark(
    seed: int = 0, samples: int = 300, corpus: Sequence[Path] | None = None
) -> BenchmarkResult:
    started = time.perf_counter()
    rng = random.Random(seed)
    simplified = [p for p in load_corpus(corpus) if _encodable(p)]
    scripts = {"simplified": simplified, "traditional": [p for p in _traditional(simplified) if _encodable(p)]}
    result = BenchmarkResult(seed, samples, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0)
    for name, documents in scripts.items():
        counts = result.by_script.setdefault(name, ScriptCounts())
        for document in documents:
            edits, findings = repair_edits(document)
            result.clean_documents += 1
            result.undamaged_changes += len(edits) + len(findings)
        for _ in range(samples // len(scripts)):
            clean = rng.choice(documents)
            damaged = _drop_byte(clean, rng)
            if damaged == clean:
                continue
            start, end = _damaged_span(clean, damaged)
            edits, findings = repair_edits(damaged)
            repaired, _ = apply_edits(damaged, edits)
            counts.damaged += 1
            counts.outside += sum(1 for e in edits if e.start < start or e.end > end)
            touching = [e for e in edits if e.start < end and e.end > start]
            flagged = any(
                f.raw_span is not None and f.raw_span.start < end and f.raw_span.end > start
                for f in findings
            )
            if repaired == clean:
                counts.full += 1
            elif touching:
                counts.partly += 1
                wrong, left = _wrong_and_left(clean, damaged, repaired)
                counts.wrong += wrong
                counts.left += left
                result.failures.append((clean, damaged, repaired))
            elif flagged:
                counts.flagged += 1
                result.failures.append((clean, damaged, repaired))
            else:
                counts.missed += 1
                result.failures.append((clean, damaged, repaired))
    for counts in result.by_script.values():
        result.damaged_spans += counts.damaged
        result.fully_restored += counts.full
        result.partly_restored += counts.partly
        result.wrong_characters += counts.wrong
        result.left_damaged += counts.left
        result.flagged_only += counts.flagged
        result.missed += counts.missed
        result.undamaged_changes += counts.outside
    result.seconds = round(time.perf_counter() - started, 2)
    return result


def format_result(result: BenchmarkResult) -> str:
    pct = lambda n: f"{100 * result.share(n):.1f}%"  # noqa: E731
    lines = [
        f"corruption benchmark: seed {result.seed}, {result.damaged_spans} damaged spans, "
        f"{result.clean_documents} clean documents, {result.seconds} s",
        f"  fully restored   {result.fully_restored:5d}  {pct(result.fully_restored)}",
        f"  partly restored  {result.partly_restored:5d}  {pct(result.partly_restored)}",
        f"    of which with a wrong character written      {result.wrong_characters:5d}",
        f"    of which with a damaged character left as is {result.left_damaged:5d}",
        "    (the others only hold U+FFFD for characters the dictionary does not settle)",
        f"  flagged only     {result.flagged_only:5d}  {pct(result.flagged_only)}",
        f"  missed           {result.missed:5d}  {pct(result.missed)}",
        f"  flagged (any)    {100 * result.flagged_share:.1f}%",
        f"  changes to undamaged text: {result.undamaged_changes}",
    ]
    for name, c in result.by_script.items():
        lines.append(
            f"  {name}: {c.damaged} spans, {c.full} full, {c.partly} partly, "
            f"({c.wrong} wrong, {c.left} left), {c.flagged} flagged only, {c.missed} missed, {c.outside} outside edits"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--show-failures", type=int, default=0)
    args = parser.parse_args(argv)
    result = run_benchmark(args.seed, args.samples)
    print(format_result(result))
    for clean, damaged, repaired in result.failures[: args.show_failures]:
        start, end = _damaged_span(clean, damaged)
        lo, hi = max(0, start - 8), end + 8
        print(f"- clean   {clean[lo:hi]!r}\n  damaged {damaged[lo:hi]!r}\n  output  {repaired[lo:hi]!r}")


if __name__ == "__main__":
    main()
