"""A bounded cache for pure functions of short strings (names, the few characters after
them, list items, title runs): the parser asks the same questions again and again while
it reads a list several ways. Calls with a long string argument are computed, never
stored, so no document text is kept alive and memory stays flat however long the text."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")


def short_text_cache(maxsize: int = 1 << 12, limit: int = 64) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache calls whose string arguments are all at most `limit` characters long."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        store = lru_cache(maxsize=maxsize)(fn)
        cached = cast(Callable[P, R], store)

        @wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            for a in args:
                if a.__class__ is str and len(a) > limit:  # type: ignore[arg-type]
                    return fn(*args, **kwargs)
            if kwargs:
                for a in kwargs.values():
                    if a.__class__ is str and len(a) > limit:  # type: ignore[arg-type]
                        return fn(*args, **kwargs)
            return cached(*args, **kwargs)

        call.cache_clear = store.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
