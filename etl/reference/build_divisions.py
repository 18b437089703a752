"""Build etl/data/reference/divisions.csv from cpca's adcodes.csv.

Usage: python -m etl.reference.build_divisions SRC [OUT]

SRC is `cpca/resources/adcodes.csv` from the MIT-licensed cpca package 0.5.5 (columns
adcode (12 digits), name, longitude, latitude). The output keeps provinces, cities
(prefectures) and counties with 6-digit GB/T 2260 codes, drops the placeholder rows
(市辖区, 县, 省直辖县级行政区划) and re-parents their children, and adds derived short
names (see derive_short_names) and, for provinces, their one-character
abbreviations from province_abbreviations.csv (湖北省 → 湖北|鄂). Run only by hand; nothing calls this at run time.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from etl.reference._data import DATA_DIR, csv_rows, lines, split_bar

PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
OUT_COLUMNS = ["code", "name", "short_names", "level", "parent_code", "province", "longitude", "latitude"]


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def strip_ethnic(stem: str, groups: tuple[str, ...]) -> str:
    """Remove trailing ethnic-group names: 延边朝鲜族 → 延边, 恩施土家族苗族 → 恩施;
    a stem that is only a group name loses its 族 (an XX族自治旗 named after one group → XX)."""
    if stem in groups:
        return stem[:-1] if stem.endswith("族") else stem
    changed = True
    while changed:
        changed = False
        for group in groups:
            if stem.endswith(group) and len(stem) - len(group) >= 2:
                stem, changed = stem[: -len(group)], True
                break
    return stem


def derive_short_names(name: str, level: str) -> list[str]:
    """Short forms of a division name, most usual first; [] when none is safe.

    `level` is unused for now but kept so level-specific rules can be added as data.
    """
    names = lines("ethnic_groups.txt")
    # Names are also written without 族 (伊犁哈萨克自治州); only 2+ characters are safe.
    bare = tuple(g[:-1] for g in names if g.endswith("族") and len(g) >= 3)
    groups = tuple(sorted(set(names + bare), key=len, reverse=True))
    for row in csv_rows("division_suffixes.csv"):
        suffix = row["suffix"]
        if not name.endswith(suffix) or len(name) == len(suffix):
            continue
        stem = name[: -len(suffix)]
        if "自治" in suffix:
            stem = strip_ethnic(stem, groups)
        if len(stem) < int(row["min_stem"]) or stem.endswith(split_bar(row["not_after"])):
            continue  # e.g. 万柏林区 is not 万柏+林区: try the shorter suffix 区
        return [stem, stem + row["also"]] if row["also"] else [stem]
    return []


def build(src: Path) -> list[dict[str, str]]:
    with src.open(encoding="utf-8") as fh:
        raw = [r for r in csv.DictReader(fh) if r["name"] not in PLACEHOLDER_NAMES]
    by_code = {r["adcode"][:6]: r for r in raw}
    abbreviations = {
        r["code"]: [r["abbreviation"], *split_bar(r["alternates"])]
        for r in csv_rows("province_abbreviations.csv")
    }
    out: list[dict[str, str]] = []
    for code in sorted(by_code):
        row = by_code[code]
        level = level_of(code)
        province_code = code[:2] + "0000"
        parent = ""
        if level == "city":
            parent = province_code
        elif level == "county":
            city_code = code[:4] + "00"
            parent = city_code if city_code in by_code else province_code
        out.append(
            {
                "code": code,
                "name": row["name"],
                "short_names": "|".join(
                    derive_short_names(row["name"], level) + abbreviations.get(code, [])
                ),
                "level": level,
                "parent_code": parent,
                "province": by_code[province_code]["name"],
                "longitude": row["longitude"],
                "latitude": row["latitude"],
            }
        )
    return out


def write(rows: list[dict[str, str]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Chinese administrative divisions (GB/T 2260 codes); see README.md for source,\n")
        fh.write("# licence (MIT, cpca 0.5.5, LICENSE-cpca.txt) and how this file was made.\n")
        writer = csv.DictWriter(fh, fieldnames=OUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        sys.stderr.write(__doc__ or "")
        return 2
    out = Path(argv[1]) if len(argv) == 2 else DATA_DIR / "divisions.csv"
    write(build(Path(argv[0])), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
