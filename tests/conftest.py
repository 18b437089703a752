"""Shared fixtures: the seed articles and a CLI runner working in a temp folder; the
Hypothesis profiles.

Hypothesis profiles (`HYPOTHESIS_PROFILE=dev pytest ...` to choose one): `ci`, the
default, runs 300 examples per property that does not set its own count (enough to
matter, the suite stays fast); `dev` runs 2,000 for a deeper search before a commit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("ci", max_examples=300, **_PROFILE)
settings.register_profile("dev", max_examples=2000, **_PROFILE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "gold"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ inside tmp_path (tests may add bad files to it)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
