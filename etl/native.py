"""Optional native backends (the `[fast]` extra): which ones this process uses.

A backend is used when its module can be imported and the environment variable
ETL_NATIVE is not "0"; each gives byte-identical results to the pure-Python path it
replaces (tests compare them), so the choice changes speed, never output.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache

ENV_VAR = "ETL_NATIVE"


@cache
def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def native_enabled(module: str | None = None) -> bool:
    """Native backends are on (ETL_NATIVE is not "0") and, given `module` (e.g. "rjieba"),
    that backend is installed."""
    if os.environ.get(ENV_VAR, "1").strip() == "0":
        return False
    return module is None or _importable(module)
