"""Evaluation: score exported records against the hand-made gold annotations, and check
that a record has the gold shape. Pure functions; `etl eval` in the CLI prints."""

from __future__ import annotations

from etl.evaluate.report import AccuracyMetric, EvalReport, F1Metric, Metric, Miss, below
from etl.evaluate.score import load_gold, match_meetings, names_match, score, text_key
from etl.evaluate.validate import validate_export_record

__all__ = [
    "AccuracyMetric",
    "EvalReport",
    "F1Metric",
    "Metric",
    "Miss",
    "below",
    "load_gold",
    "match_meetings",
    "names_match",
    "score",
    "text_key",
    "validate_export_record",
]
