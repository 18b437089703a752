"""A small, seeded run of the corruption benchmark meets the issue's figures."""

from __future__ import annotations

from etl.repair.benchmark import format_result, run_benchmark


def test_small_benchmark_meets_the_thresholds() -> None:
    result = run_benchmark(seed=0, samples=100)
    report = format_result(result)
    assert result.damaged_spans >= 95, report
    assert result.missed == 0, report  # 100% flagged
    assert result.undamaged_changes == 0, report
    assert result.share(result.fully_restored) >= 0.80, report


def test_benchmark_is_repeatable() -> None:
    first = run_benchmark(seed=3, samples=10)
    second = run_benchmark(seed=3, samples=10)
    assert (first.fully_restored, first.partly_restored, first.flagged_only) == (
        second.fully_restored,
        second.partly_restored,
        second.flagged_only,
    )
