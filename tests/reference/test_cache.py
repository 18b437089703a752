"""short_text_cache: the same answers as the function, and long strings are never stored."""

from __future__ import annotations

import pytest

from etl.reference._cache import short_text_cache


@pytest.mark.parametrize(
    ("args", "stored"),
    [
        pytest.param(("甲乙", 1), True, id="short-text-stored"),
        pytest.param(("甲" * 9, 1), False, id="long-text-computed"),
        pytest.param((3, 4), True, id="no-text"),
    ],
)
def test_short_text_cache(args: tuple[object, object], stored: bool) -> None:
    seen: list[tuple[object, object]] = []

    @short_text_cache(maxsize=4, limit=8)
    def f(a: object, b: object) -> str:
        seen.append((a, b))
        return f"{a}{b}"

    assert f(*args) == f(*args) == f"{args[0]}{args[1]}"
    assert len(seen) == (1 if stored else 2)
