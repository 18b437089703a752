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
"""

from __future__ import annotations

import gc
import multiprocessing
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


@dataclass(frozen=True, slots=True)
class Crashed:
    """What an item got instead of a result: the function raised, or its worker died."""

    reason: str
    died: bool = False


@dataclass(slots=True)
class _Slot(Generic[T]):
    item: T
    future: Future[Any] | None  # None: not sent


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    send: Callable[[T], bool] = lambda _item: True,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    before_fork: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R | Crashed | None]]:
    """(item, fn(item)) for every item, in input order; None for items `send` declines.
    The pool starts at the first item sent, after `before_fork()` (e.g. warming data)."""
    if jobs <= 1:
        for item in items:
            yield item, (_call(fn, item) if send(item) else None)
        return
    yield from _Pool(fn, jobs, initializer, initargs, before_fork).run(items, send)


def _call(fn: Callable[[T], R], item: T) -> R | Crashed:
    try:
        return fn(item)
    except Exception as exc:  # a bug in fn costs only its item
        return Crashed(f"{type(exc).__name__}: {exc}")


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], jobs: int, initializer: Callable[..., object] | None,
                 initargs: tuple[Any, ...], before_fork: Callable[[], object] | None) -> None:
        self.fn, self.jobs, self.initializer, self.initargs = fn, jobs, initializer, initargs
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
            return self.executor.submit(self.fn, item)
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
                try:
                    result = head.future.result()
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

    def _recover(self, pending: deque[_Slot[T]]) -> None:
        """A worker died: retry, one at a time in a fresh pool, every item in flight that
        has no result; an item that breaks the pool again is given up."""
        self._fresh()
        for slot in pending:
            if slot.future is None or not _broken(slot.future):
                continue
            slot.future = self._submit(slot.item)
            try:
                slot.future = _done(result=slot.future.result())
            except BrokenProcessPool:
                slot.future = _done(result=Crashed(DIED, died=True))
                self._fresh()
            except Exception as exc:
                slot.future = _done(result=Crashed(f"{type(exc).__name__}: {exc}"))


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
