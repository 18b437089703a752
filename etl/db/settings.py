"""Settings read from the environment, with the standard library only (the CLI checks
them before anything heavy is imported).

`ETL_BUSY_TIMEOUT`: seconds a connection waits for another connection's lock (default 30).
"""

from __future__ import annotations

import os

BUSY_TIMEOUT_ENV = "ETL_BUSY_TIMEOUT"  # seconds a connection waits for another one's lock
DEFAULT_BUSY_TIMEOUT = 30.0


class BadSetting(ValueError):
    """An environment setting that cannot be used; the message names the fix."""


def busy_timeout() -> float:
    """The busy timeout in seconds: $ETL_BUSY_TIMEOUT, or 30."""
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise BadSetting(f"{BUSY_TIMEOUT_ENV}={text!r} is not a number of seconds (0 to 86400); "
                         f"set it to e.g. 30, or unset it")
    return seconds
