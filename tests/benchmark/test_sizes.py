"""`etl benchmark sizes`: documents of each shape made to size (seeded, repeatable),
and the command's report through the CLI. Figures are printed, never asserted."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from etl.benchmark.sizes import SHAPES, make_document
from etl.cli import app

runner = CliRunner()


@pytest.mark.parametrize("shape", [pytest.param(s, id=s) for s in SHAPES])
@pytest.mark.parametrize("size", [pytest.param(3_000, id="3KB"), pytest.param(40_000, id="40KB")])
def test_documents_are_made_to_size_and_repeatable(shape: str, size: int) -> None:
    data = make_document(shape, size, seed=1)
    assert size - 8 <= len(data) <= size
    assert data == make_document(shape, size, seed=1)
    text = data.decode("utf-8")
    if shape in ("one-line", "directives", "names"):
        assert "\n" not in text
    if shape == "one-line":
        assert not any(c in text for c in ",，。、;；:：")
    if shape == "names":
        assert text.count("、") > size // 20


def test_json_report_through_the_cli() -> None:
    result = runner.invoke(app, ["benchmark", "sizes", "--sizes", "2K,4K", "--repeat-to", "6K", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["shape"] == "article" and report["repeat_to"] == 6_000
    assert [r["size_bytes"] for r in report["sizes"]] == [2_000, 4_000]
    assert [r["documents"] for r in report["sizes"]] == [3, 2]
    for r in report["sizes"]:
        assert r["outcome"] == "loaded" and r["peak_rss_mb"] > 0
        assert {"cpu_seconds_per_mb", "wall_seconds_per_mb", "megabytes"} <= set(r)


def test_plain_report_through_the_cli() -> None:
    result = runner.invoke(app, ["benchmark", "sizes", "--shape", "names", "--sizes", "3K", "--repeat-to", "0"])
    assert result.exit_code == 0, result.output
    assert "shape names" in result.stdout and "CPU s/MB" in result.stdout and "peak RSS" in result.stdout
    assert "3,000" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--shape", "poem"], "unknown shape", id="unknown-shape"),
        pytest.param(["--sizes", "ten"], "not a list of sizes", id="bad-sizes"),
        pytest.param(["--sizes", "0"], "not a list of sizes", id="zero-size"),
        pytest.param(["--repeat-to", "x"], "not a size", id="bad-repeat-to"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["benchmark", "sizes", *args])
    assert result.exit_code == 2
    assert message in result.output
