"""The divisions build: short-name derivation, and the shipped file matching its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.reference.build_divisions import build, derive_short_names, level_of

CPCA_SOURCE = Path("/tmp/cpca/cpca/resources/adcodes.csv")


@pytest.mark.parametrize(
    ("name", "short"),
    [
        pytest.param("长春市", ["长春"], id="city"),
        pytest.param("吉林省", ["吉林"], id="province"),
        pytest.param("内蒙古自治区", ["内蒙古"], id="autonomous-region"),
        pytest.param("广西壮族自治区", ["广西"], id="zhuang"),
        pytest.param("新疆维吾尔自治区", ["新疆"], id="uyghur"),
        pytest.param("香港特别行政区", ["香港"], id="sar"),
        pytest.param("延边朝鲜族自治州", ["延边", "延边州"], id="prefecture"),
        pytest.param("恩施土家族苗族自治州", ["恩施", "恩施州"], id="two-ethnic-groups"),
        pytest.param("鄂温克族自治旗", ["鄂温克", "鄂温克旗"], id="stem-is-a-group"),
        pytest.param("伊通满族自治县", ["伊通", "伊通县"], id="autonomous-county"),
        pytest.param("大兴安岭地区", ["大兴安岭"], id="diqu"),
        pytest.param("锡林郭勒盟", ["锡林郭勒"], id="league"),
        pytest.param("阿鲁科尔沁旗", ["阿鲁科尔沁"], id="banner"),
        pytest.param("巴林左旗", [], id="banner-left-kept"),
        pytest.param("神农架林区", ["神农架"], id="forest-district"),
        pytest.param("万柏林区", ["万柏林"], id="lin-is-part-of-name"),
        pytest.param("清新区", ["清新"], id="xin-is-part-of-name"),
        pytest.param("伊犁哈萨克自治州", ["伊犁", "伊犁州"], id="group-without-zu"),
        pytest.param("城区", [], id="too-short"),
        pytest.param("忠县", [], id="one-char-stem"),
        pytest.param("西沙群岛", [], id="no-suffix"),
    ],
)
def test_derive_short_names(name: str, short: list[str]) -> None:
    assert derive_short_names(name, "county") == short


@pytest.mark.parametrize(
    ("code", "level"),
    [("220000", "province"), ("220100", "city"), ("220102", "county"), ("429004", "county")],
)
def test_level_of(code: str, level: str) -> None:
    assert level_of(code) == level


@pytest.mark.skipif(not CPCA_SOURCE.exists(), reason="cpca source not unpacked")
def test_shipped_file_is_the_build_output() -> None:
    from etl.reference import divisions

    rows = build(CPCA_SOURCE)
    shipped = divisions()
    assert [r["code"] for r in rows] == [d.code for d in shipped]
    assert [r["short_names"] for r in rows] == ["|".join(d.short_names) for d in shipped]
