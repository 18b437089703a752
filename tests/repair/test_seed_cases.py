"""The five damaged spans of the seed articles (issue: encoding doctor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.repair import repair_edits
from etl.spans import apply_edits

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


@pytest.fixture(scope="module")
def repaired() -> dict[str, tuple[str, list, list]]:
    out = {}
    for prefix in ("001", "002"):
        text = _seed(prefix)
        edits, findings = repair_edits(text)
        out[prefix] = (text, edits, findings)
    return out


def _covering(findings, start: int, end: int) -> list:
    return [f for f in findings if f.raw_span.start < end and f.raw_span.end > start]


# seed, damaged text as it stands, what the repaired text must read (None: only flagged)
CASES = [
    pytest.param("002", "確?!傲氵z漏”", "確保“零遺漏”", id="gbk-lost-lead-before-quote"),
    pytest.param("001", "冷鏈?zhǔn)称纷匪菹到y(tǒng)", "冷鏈食品追溯系統(tǒng)", id="gbk-lost-byte-cut-pinyin"),
    pytest.param("001", "其他?。ㄊ?、區(qū))", "其他省（市、區(qū))", id="gbk-resync-not-clean"),
    pytest.param("002", "排查要再?gòu)氐?,", "排查要再徹底,", id="gbk-lost-byte-before-cut-pinyin"),
    pytest.param("001", "留在當(dāng)?shù)?、?jiān)守崗位", None, id="gbk-damage-after-annotation"),
]


@pytest.mark.parametrize(("seed", "damaged", "expected"), CASES)
def test_seed_damage_is_found_and_repaired_when_determined(
    repaired: dict, seed: str, damaged: str, expected: str | None
) -> None:
    text, edits, findings = repaired[seed]
    start = text.index(damaged)
    end = start + len(damaged)
    lost = [start + i for i, ch in enumerate(damaged) if ch == "?"]
    found = _covering(findings, start, end)
    assert any(f.kind == "gbk_phase_shift" for f in found)
    # Every `?` of the damaged run is inside a damaged span the parser can see.
    for pos in lost:
        assert _covering(findings, pos, pos + 1)
    out, _ = apply_edits(text, edits)
    new = out[_mapped(text, out, edits, start) : _mapped(text, out, edits, end)]
    if expected is not None:
        assert new == expected
    # Cut pinyin never survives; any character still unknown is flagged.
    assert "gòu)" not in new and "shù)" not in new and "zhǔn)" not in new
    for f in found:
        if f.repaired is None and f.kind == "gbk_phase_shift":
            assert "?" in f.original


def _mapped(text: str, out: str, edits: list, pos: int) -> int:
    """Position in the repaired text of raw position `pos` (which no edit straddles)."""
    shift = 0
    for e in edits:
        if e.end <= pos:
            shift += len(e.replacement) - (e.end - e.start)
    return pos + shift


def test_partly_determined_run_keeps_its_settled_characters(repaired: dict) -> None:
    text, edits, findings = repaired["001"]
    start = text.index("其他?。ㄊ?、")
    out, _ = apply_edits(text, edits)
    new = out[_mapped(text, out, edits, start) :][:12]
    assert new.startswith("其他")
    assert "ㄊ" not in new and "?" not in new[:6]
    unknown = [f for f in _covering(findings, start, start + 8) if f.kind == "unresolved_char"]
    assert all(f.repaired is None for f in unknown)


def test_cut_pinyin_is_removed_whether_or_not_the_run_is_repaired(repaired: dict) -> None:
    for text, edits, findings in repaired.values():
        out, _ = apply_edits(text, edits)
        for fragment in ("gòu)", "shù)", "zhǔn)"):
            if fragment in text:
                assert f"?{fragment}" not in out and f"\ufffd{fragment}" not in out


def test_run_that_lost_more_bytes_leaves_the_split_character_undetermined(repaired: dict) -> None:
    # This run lost one byte near its start and a whole character's two bytes near its
    # end; the one-byte reading makes one stray character there out of two halves.
    text, edits, findings = repaired["002"]
    start = text.index("揽厝瘫O")
    out, _ = apply_edits(text, edits)
    assert "防控\ufffd監" in out and "防控忍" not in out
    unknown = [f for f in _covering(findings, start, start + 4) if f.kind == "unresolved_char"]
    assert unknown and all(f.repaired is None for f in unknown)
