"""`etl eval`: load the articles a gold folder names into a scratch database, export
them, and score the export against the gold annotations (rules: tests/gold/README.md)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl.db.engine import create_engine_for
from etl.db.migrate import ensure_schema
from etl.evaluate import EvalReport, load_gold, score
from etl.export import export_documents
from etl.load_run import LoadReport, run_load


@dataclass(frozen=True, slots=True)
class Evaluation:
    report: EvalReport
    load: LoadReport
    missing_sources: list[str]  # gold files whose article is not in the sources folder


def default_sources(gold_dir: Path) -> Path:
    """Articles sit in a `seeds` folder beside the gold folder (../shared/seeds), or one
    level up (the project's tests/gold and seeds/); the first that exists."""
    beside = gold_dir.resolve().parent / "seeds"
    up = gold_dir.resolve().parent.parent / "seeds"
    return beside if beside.is_dir() or not up.is_dir() else up


def evaluate(gold_dir: Path, sources: Path | None = None) -> Evaluation:
    gold = load_gold(gold_dir)
    sources = sources or default_sources(gold_dir)
    files: list[Path] = []
    missing: list[str] = []
    for record in gold:
        path = sources / record["source"]
        if path.is_file():
            files.append(path)
        else:
            missing.append(record["source"])
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine_for(Path(tmp) / "eval.db")
        ensure_schema(engine)
        load = run_load(engine, files, command="etl eval", base=sources)
        exported = list(export_documents(engine))
        engine.dispose()
    return Evaluation(score(gold, exported), load, missing)
