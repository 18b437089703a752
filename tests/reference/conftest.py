"""Fixtures for the reference tests: seed texts made readable without the normaliser."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import opencc
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="session")
def seed_text() -> Callable[[str], str]:
    """stem ('000') → the seed's text with pinyin dropped and Traditional turned
    Simplified (roughly what the normaliser produces; enough for reference lookups)."""
    converter = opencc.OpenCC("t2s")

    def load(stem: str) -> str:
        path = next(SEEDS.glob(f"{stem}_*.txt"))
        raw = path.read_text(encoding="utf-8", errors="replace")
        return converter.convert(_PINYIN.sub("", raw))

    return load


@pytest.fixture(scope="session")
def gold() -> Callable[[str], dict]:
    def load(stem: str) -> dict:
        path = next(GOLD.glob(f"{stem}_*.json"), None)
        if path is None:
            pytest.skip("gold annotations not available")
        return json.loads(path.read_text(encoding="utf-8"))

    return load
