"""`etl benchmark load` end to end on a tiny corpus, and its printing of given figures.
No assertion on times: machines are noisy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.benchmark import load as bench
from etl.benchmark.figures import LoadBenchmark, RunFigures
from etl.benchmark.measure import ProcessPeak
from etl.benchmark.progress import PerDocument, Span
from etl.cli import app

runner = CliRunner()


def test_end_to_end_on_five_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # without the [fast] run: one subprocess less; tests/test_fast_extra.py compares its output
    monkeypatch.setattr(bench, "NATIVE_MODULES", ("no_such_module_here",))
    keep = tmp_path / "kept"
    result = runner.invoke(
        app, ["benchmark", "load", "--docs", "5", "--baseline-docs", "5", "--jobs", "1", "--keep", str(keep)]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in [
        "corpus: 5 articles",
        "fresh load, default packages: 5 files",
        "unchanged reload: 5 files",
        "naive baseline: 5 files",
        "5 documents in db",
        "MB/s",
        "files/s",
        "ms/document",
        "cores",
        "peak RSS",
        "main pid",
        "ratio fresh load, default packages ÷ naive baseline",
        "MB per CPU second",
        "baseline does: decode, OpenCC t2s, jieba.posseg",
        "[fast] extra not installed",
    ]:
        assert expected in out, expected
    assert len(list((keep / "corpus").iterdir())) == 5
    assert (keep / "etl.db").is_file() and (keep / "naive.db").is_file()


def test_keep_must_be_a_new_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("x")
    result = runner.invoke(app, ["benchmark", "load", "--docs", "2", "--keep", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.output


def _run(label: str, seconds: float, per_document: PerDocument | None = None) -> RunFigures:
    peaks = (ProcessPeak(10, "main", "python -m etl load", 200.0), ProcessPeak(11, "child", "python", 150.0))
    return RunFigures(label, 100, 0.5, seconds, seconds * 1.5, 2, peaks, 0, 100, 0, per_document)


FLAT = PerDocument(Span(200, 1200, 12.1, 24.0), Span(9000, 10000, 12.342, 23.76), 250)

FIGURES = LoadBenchmark(
    docs=100, seed=0, megabytes=0.5, generate_seconds=0.1, corpus_counts={"utf-8": 100},
    fresh=(_run("fresh load, default packages", 2.0, FLAT), _run("fresh load, [fast] extra", 1.0)),
    reload=_run("unchanged reload", 0.5), baseline=_run("naive baseline", 5.0),
    baseline_note="decode, OpenCC t2s, jieba.posseg; a sample",
)


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "run_load_benchmark", lambda *a, **k: FIGURES)


@pytest.mark.usefixtures("fake_run")
@pytest.mark.parametrize(
    "line",
    [
        pytest.param("fresh load, [fast] extra: 100 files", id="fast-extra-run"),
        pytest.param("wall 2.00 s, 0.250 MB/s, 50.0 files/s, 20.0 ms/document", id="throughput"),
        pytest.param("CPU 3.00 s (30.0 ms/document), 75% of wall × 2 cores", id="cpu"),
        pytest.param("peak RSS 150 MB  child pid 11", id="child-peak"),
        pytest.param("ratio fresh load, default packages ÷ naive baseline: 2.50× MB/s", id="ratio-default"),
        pytest.param("ratio fresh load, [fast] extra ÷ naive baseline: 5.00× MB/s", id="ratio-fast"),
        pytest.param("ratio fresh load, default packages ÷ naive baseline by CPU: 2.50× MB per CPU second", id="cpu-ratio"),
        pytest.param("time per document (wall, commit to commit): first 1,000 12.1 ms, last 1,000 12.3 ms (+2%); "
                     "documents 201–1,200 and 9,001–10,000", id="per-document"),
        pytest.param("CPU per document (all processes, same spans): first 24.0 ms, last 23.8 ms (-1%)", id="cpu-per-document"),
        pytest.param("time per document: too few commits seen", id="per-document-not-measured"),
        pytest.param("baseline does: decode, OpenCC t2s, jieba.posseg; a sample", id="baseline-note"),
    ],
)
def test_printed_figures(line: str) -> None:
    result = runner.invoke(app, ["benchmark", "load"])
    assert result.exit_code == 0, result.output
    assert line in result.output


@pytest.mark.usefixtures("fake_run")
def test_json() -> None:
    result = runner.invoke(app, ["benchmark", "load", "--json"])
    data = json.loads(result.output)
    assert [r["ratio_to_baseline"] for r in data["fresh"]] == [2.5, 5.0]
    assert [r["cpu_ratio_to_baseline"] for r in data["fresh"]] == [2.5, 5.0]
    assert data["baseline"]["peaks"][1]["peak_rss_mb"] == 150.0
    assert data["reload"]["cpu_share"] == 0.75
    per_document = data["fresh"][0]["per_document"]
    assert per_document["first"]["ms_per_document"] == pytest.approx(12.1)
    assert per_document["last"]["documents"] == 1000
    assert per_document["change"] == pytest.approx(0.02)
    assert per_document["last"]["cpu_ms_per_document"] == pytest.approx(23.76)
    assert per_document["cpu_change"] == pytest.approx(-0.01)
    assert data["fresh"][1]["per_document"] is None
    assert data["baseline_note"].startswith("decode")


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        pytest.param(("json",), True, id="importable"),
        pytest.param(("no_such_module_here",), False, id="missing"),
    ],
)
def test_native_extra_detected(monkeypatch: pytest.MonkeyPatch, modules: tuple[str, ...], expected: bool) -> None:
    monkeypatch.setattr(bench, "NATIVE_MODULES", modules)
    assert bench.native_available() is expected
