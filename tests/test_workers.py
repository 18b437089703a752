"""map_ordered: results in input order, in this process or in a pool; an item that
raises or kills its worker costs only that item."""

from __future__ import annotations

import os

import pytest

from etl.workers import Crashed, map_ordered


def square(n: int) -> int:
    if n == 13:
        raise ValueError("unlucky")
    if n == 17:
        os._exit(1)  # the worker dies, as on a segfault
    return n * n


@pytest.mark.parametrize("jobs", [pytest.param(1, id="in-process"), pytest.param(2, id="pool")])
def test_results_come_in_input_order(jobs: int) -> None:
    items = list(range(40))
    got = list(map_ordered(square, (n for n in items if n != 17), jobs=jobs, send=lambda n: n % 5 != 0))
    assert [n for n, _ in got] == [n for n in items if n != 17]
    for n, result in got:
        if n % 5 == 0:
            assert result is None
        elif n == 13:
            assert isinstance(result, Crashed) and "ValueError: unlucky" in result.reason and not result.died
        else:
            assert result == n * n


@pytest.mark.parametrize(
    "items",
    [
        pytest.param(list(range(10, 30)), id="death-mid-stream"),
        pytest.param([17], id="death-only-item"),
        pytest.param([17, 1, 2], id="death-first"),
    ],
)
def test_a_dying_worker_costs_only_its_item(items: list[int]) -> None:
    got = dict(map_ordered(square, items, jobs=2))
    assert list(got) == items
    assert isinstance(got[17], Crashed) and got[17].died
    assert {n: r for n, r in got.items() if n not in (13, 17)} == {n: n * n for n in items if n not in (13, 17)}


def nap(n: int) -> int:
    """Sleeps far past the test's timeout on 3; on 5 with SIGALRM blocked first (as a
    call in native code that the timer cannot interrupt)."""
    import signal
    import time

    if n == 5:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    if n in (3, 5):
        time.sleep(120)
    return n * n


@pytest.mark.parametrize(
    ("jobs", "items"),
    [
        pytest.param(1, [1, 2, 3, 4], id="in-process"),
        pytest.param(2, [1, 2, 3, 4], id="pool"),
        pytest.param(2, [1, 5, 2, 3, 4], id="pool-timer-blocked-worker-killed"),
    ],
)
def test_an_item_over_the_timeout_costs_only_that_item(jobs: int, items: list[int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.workers

    monkeypatch.setattr(etl.workers, "KILL_GRACE_SECONDS", 0.5)
    got = dict(map_ordered(nap, items, jobs=jobs, timeout=1.5))
    assert list(got) == items
    for n, result in got.items():
        if n in (3, 5):
            assert isinstance(result, Crashed) and result.timed_out and not result.died
            assert ("killed" in result.reason) == (n == 5)
        else:
            assert result == n * n
