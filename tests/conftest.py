"""Shared fixtures: the seed articles and a CLI runner working in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "gold"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ inside tmp_path (tests may add bad files to it)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
