"""Every shipped reference file carries its source and licence."""

from __future__ import annotations

import pytest

from etl.reference._data import DATA_DIR

FILES = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("name", FILES)
def test_listed_in_readme(name: str) -> None:
    assert f"`{name}`" in (DATA_DIR / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith((".txt", ".csv")) and not n.startswith("LICENSE")])
def test_header_names_source(name: str) -> None:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines()[:12] if line.startswith("#"))
    assert header, f"{name} has no header comment"
    assert any(word in header for word in ("Source", "source", "README")), name


def test_licence_copied_next_to_the_data() -> None:
    assert "MIT License" in (DATA_DIR / "LICENSE-cpca.txt").read_text(encoding="utf-8")
