"""Reference data for the parser: divisions, places, titles, names, policy markers,
directive categories and a jieba tokenizer that knows them.

Every list lives in a file under etl/data/reference/ (see its README.md for sources and
licences); the functions here read them once and cache them.
"""

from __future__ import annotations

from etl.reference.categories import (
    DirectiveCategory,
    categorise,
    categorise_with_evidence,
    directive_categories,
)
from etl.reference.divisions import (
    Division,
    division_by_code,
    divisions,
    divisions_named,
    is_within,
    parent_of,
    province_of,
    resolve,
)
from etl.reference.markers import PolicyMarker, infer_year, markers_in, policy_markers
from etl.reference.names import is_plausible_person_name, looks_like_place, surname_of, surnames
from etl.reference.places import PlaceForm, PlaceKind, PlaceMatch, find_places
from etl.reference.segmenter import tokenizer, tokens, user_dictionary_text
from etl.reference.titles import (
    TitleRun,
    is_title,
    match_title_suffix,
    split_title_run,
    title_run_after,
    title_run_before,
    title_run_ends_from_start,
)

__all__ = [
    "DirectiveCategory",
    "Division",
    "PlaceForm",
    "PlaceKind",
    "PlaceMatch",
    "PolicyMarker",
    "TitleRun",
    "categorise",
    "categorise_with_evidence",
    "directive_categories",
    "division_by_code",
    "divisions",
    "divisions_named",
    "find_places",
    "infer_year",
    "is_plausible_person_name",
    "is_title",
    "is_within",
    "looks_like_place",
    "markers_in",
    "match_title_suffix",
    "parent_of",
    "policy_markers",
    "province_of",
    "resolve",
    "split_title_run",
    "surname_of",
    "surnames",
    "title_run_after",
    "title_run_before",
    "title_run_ends_from_start",
    "tokenizer",
    "tokens",
    "user_dictionary_text",
]
