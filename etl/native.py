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


def native_allowed() -> bool:
    """False when ETL_NATIVE=0 turns every native backend off."""
    return os.environ.get(ENV_VAR, "1").strip() != "0"


@cache
def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def native_enabled(module: str) -> bool:
    """Use the native backend `module` (e.g. "rjieba"): installed and not turned off."""
    return native_allowed() and _importable(module)
