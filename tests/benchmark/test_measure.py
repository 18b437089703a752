"""Measuring a subprocess tree: CPU of the children and the peak memory of each process."""

from __future__ import annotations

import sys

import pytest

from etl.benchmark.measure import run_measured

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

CHILD = "import time; block = bytearray(60_000_000); time.sleep(0.6)"
PARENT = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {CHILD!r}])"


def test_peak_memory_of_parent_and_child() -> None:
    m = run_measured([sys.executable, "-c", PARENT])
    assert m.exit_code == 0
    roles = [p.role for p in m.peaks]
    assert roles[0] == "main" and "child" in roles
    assert max(p.peak_rss_mb for p in m.peaks if p.role == "child") >= 55
    assert m.cpu_seconds > 0


def test_exit_code_and_stderr_are_kept() -> None:
    m = run_measured([sys.executable, "-c", "import sys; sys.exit('went wrong')"])
    assert m.exit_code == 1
    assert "went wrong" in m.stderr
