"""Worker processes for `etl load`: a function run over items in parallel, results in
input order.

`map_ordered` keeps a window of items in flight in a process pool and yields each item
with its result in the order the items came, so that the one writer (the main process)
stores them as one process would. With `jobs` 1 it runs in this process, lazily, with
no pool. Items `send` declines are not sent anywhere; they come back in their place with
the result None.

A function that raises costs only its item (the result is a `Crashed`). A worker that
dies (os._exit, SIGKILL, a segfault, the out-of-memory killer) breaks the whole pool:
every item then in flight is retried one by one in a fresh pool, and only the one that
breaks it again is given up (a `Crashed` with `died` set).

Workers are forked where the platform allows it, after the caller has warmed the
reference data (and `gc.freeze()`), so every worker shares those pages instead of
loading its own copy; `initializer` runs in each worker as it starts (warming there too
where workers are spawned).

`timeout` (seconds, 0: none) bounds the time one item may take: a timer (SIGALRM) raises
inside `fn` when it runs over, in a worker or in this process, and the item gets a
`Crashed` with `timed_out` set. Code that does not give control back to Python (a long
call in native code) cannot be interrupted that way: in a pool, the main process also
waits at most `hard_limit(timeout)` for the item at the head, then kills the workers;
that item is given up as timed out and the others in flight are retried.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW_PER_JOB = 8  # items in flight per worker: keeps workers busy while a slow item holds the head
DIED = "a worker process died while processing it (a crash in native code, or out of memory)"
KILL_GRACE_SECONDS = 5.0  # beyond twice the timeout, before the main process kills a stuck worker


def hard_limit(timeout: float) -> float:
    """How long the main process waits for the item at the head before it kills the pool."""
    return 2 * timeout + KILL_GRACE_SECONDS


class TimedOut(BaseException):
    """Raised by the timer inside an item that ran over (a BaseException, so that the
    function's own `except Exception` does not take it for an error of its own)."""


@dataclass(frozen=True, slots=True)
class Crashed:
    """What an item got instead of a result: the function raised, or its worker died."""

    reason: str
    died: bool = False
    timed_out: bool = False


@dataclass(slots=True)
class _Slot(Generic[T]):
    item: T
    future: Future[Any] | None  # None: not sent
    since: float | None = None  # when the main process began to wait for it at the head


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    send: Callable[[T], bool] = lambda _item: True,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    before_fork: Callable[[], object] | None = None,
    timeout: float = 0,
) -> Iterator[tuple[T, R | Crashed | None]]:
    """(item, fn(item)) for every item, in input order; None for items `send` declines.
    The pool starts at the first item sent, after `before_fork()` (e.g. warming data);
    with `jobs` 1 and a timeout, `before_fork()` runs before the first item sent.
    `timeout` > 0: seconds one item may take (see the module docstring)."""
    if jobs <= 1:
        warm = before_fork if timeout else None  # so that the timer neither counts nor cuts one-time loading
        for item in items:
            if not send(item):
                yield item, None
                continue
            if warm is not None:
                warm()
                warm = None
            yield item, _call(fn, timeout, item)
        return
    yield from _Pool(fn, jobs, initializer, initargs, before_fork, timeout).run(items, send)


def _call(fn: Callable[[T], R], timeout: float, item: T) -> R | Crashed:
    try:
        with _timer(timeout):
            return fn(item)
    except TimedOut:
        return Crashed(f"took more than {timeout:g} s", timed_out=True)
    except Exception as exc:  # a bug in fn costs only its item
        return Crashed(f"{type(exc).__name__}: {exc}")


class _timer:
    """Raise TimedOut in this thread after `seconds` (0: never). Only the main thread of
    a process receives signals: elsewhere, and where SIGALRM is missing, it does nothing."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = (seconds > 0 and hasattr(signal, "setitimer")
                      and threading.current_thread() is threading.main_thread())
        self.previous: Any = None

    def __enter__(self) -> None:
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, _ring)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _ring(signum: int, frame: object) -> None:
    raise TimedOut


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], jobs: int, initializer: Callable[..., object] | None,
                 initargs: tuple[Any, ...], before_fork: Callable[[], object] | None, timeout: float) -> None:
        self.fn, self.jobs, self.initializer, self.initargs = fn, jobs, initializer, initargs
        self.timeout = timeout
        self.task = functools.partial(_call, fn, timeout)
        self.before_fork = before_fork
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.executor: ProcessPoolExecutor | None = None

    def _fresh(self) -> ProcessPoolExecutor:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        elif self.before_fork is not None:
            self.before_fork()
        gc.freeze()  # objects made so far stay out of the children's collections: their pages stay shared
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=self.context,
                                            initializer=self.initializer, initargs=self.initargs)
        return self.executor

    def _submit(self, item: T) -> Future[Any]:
        if self.executor is None:
            self._fresh()
        assert self.executor is not None
        try:
            return self.executor.submit(self.task, item)
        except BrokenProcessPool as exc:  # it broke since the last result: handled like the others
            return _done(exc=exc)

    def run(self, items: Iterable[T], send: Callable[[T], bool]) -> Iterator[tuple[T, R | Crashed | None]]:
        source = iter(items)
        window = self.jobs * WINDOW_PER_JOB
        pending: deque[_Slot[T]] = deque()
        more = True
        try:
            while True:
                while more and len(pending) < window:
                    try:
                        item = next(source)
                    except StopIteration:
                        more = False
                        break
                    pending.append(_Slot(item, self._submit(item) if send(item) else None))
                if not pending:
                    return
                head = pending[0]
                if head.future is None:
                    pending.popleft()
                    yield head.item, None
                    continue
                if head.since is None:
                    head.since = time.monotonic()
                try:
                    result = self._result(head.future, head.since)
                except _Stuck:
                    head.future = _done(result=self._stuck())
                    self._recover(pending)
                    continue
                except BrokenProcessPool:
                    self._recover(pending)
                    continue
                except Exception as exc:
                    result = Crashed(f"{type(exc).__name__}: {exc}")
                pending.popleft()
                yield head.item, result
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()

    def _result(self, future: Future[Any], since: float) -> Any:
        """The future's result; _Stuck when the timer did not stop it within the hard
        limit after `since` (items are taken in order: the head has been running since
        the main process began to wait for it, or earlier)."""
        if not self.timeout:
            return future.result()
        left = since + hard_limit(self.timeout) - time.monotonic()
        try:
            return future.result(timeout=max(left, 0.0))
        except TimeoutError:
            if future.done():
                return future.result()
            raise _Stuck from None

    def _stuck(self) -> Crashed:
        """Kill the workers (one is stuck where the timer cannot reach it)."""
        assert self.executor is not None
        for process in list(getattr(self.executor, "_processes", {}).values()):
            process.kill()
        return Crashed(f"took more than {hard_limit(self.timeout):g} s (its worker process was killed)",
                       timed_out=True)

    def _recover(self, pending: deque[_Slot[T]]) -> None:
        """A worker died or was killed: retry, one at a time in a fresh pool, every item
        in flight that has no result; an item that breaks the pool again is given up."""
        self._fresh()
        for slot in pending:
            if slot.future is None or not _broken(slot.future):
                continue
            slot.future = self._submit(slot.item)
            try:
                slot.future = _done(result=self._result(slot.future, time.monotonic()))
            except _Stuck:
                slot.future = _done(result=self._stuck())
                self._fresh()
            except BrokenProcessPool:
                slot.future = _done(result=Crashed(DIED, died=True))
                self._fresh()
            except Exception as exc:
                slot.future = _done(result=Crashed(f"{type(exc).__name__}: {exc}"))


class _Stuck(Exception):
    """The item at the head ran past the hard limit."""


def _broken(future: Future[Any]) -> bool:
    """True unless the future has a result or an error of its own (it was in flight)."""
    if future.cancelled() or not future.done():
        return True  # queued in a pool that broke, and cancelled or not yet failed
    return isinstance(future.exception(), BrokenProcessPool)


def _done(*, result: Any = None, exc: BaseException | None = None) -> Future[Any]:
    future: Future[Any] = Future()
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)
    return future
