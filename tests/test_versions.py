"""etl.versions: when two texts are versions of one document (invented sentences)."""

from __future__ import annotations

import pytest

from etl import versions

REPORT = ("某市召开疫情防控工作会议。市长甲某主持会议并讲话。会议强调，要坚持科学精准防控，"
          "加强核酸检测能力建设，压实属地责任，做好重点人群排查和隔离管控工作。") * 3
OTHER = ("某县召开安全生产工作会议。县长乙某出席会议。会议要求，要扎实开展隐患排查整治，"
         "落实企业主体责任，确保全县安全形势持续稳定向好。") * 3


@pytest.mark.parametrize(
    ("a", "b", "same_headline", "expected"),
    [
        pytest.param(REPORT, REPORT, False, True, id="identical"),
        pytest.param(REPORT, REPORT + "会议还要求，各地要做好值班值守工作。", False, True, id="a-sentence-added"),
        pytest.param(REPORT, REPORT.replace("甲某", "丙某", 1), False, True, id="a-typo-fixed"),
        pytest.param(REPORT, OTHER, False, False, id="another-report"),
        pytest.param(REPORT, OTHER, True, False, id="another-report-same-headline"),
        pytest.param(REPORT, REPORT[: len(REPORT) // 2] + OTHER[: len(OTHER) // 3], False, False,
                     id="half-rewritten"),
        pytest.param(REPORT, REPORT[: len(REPORT) // 2] + OTHER[: len(OTHER) // 3], True, True,
                     id="half-rewritten-same-headline-and-date"),
    ],
)
def test_same_document(a: str, b: str, same_headline: bool, expected: bool) -> None:
    assert versions.same_document(versions.shingles(a), versions.shingles(b), same_headline) is expected


@pytest.mark.parametrize(
    ("title", "date", "expected"),
    [
        pytest.param("某市召开会议", (2021, 3, 1), ("某市召开会议", (2021, 3, 1)), id="known"),
        pytest.param("某市召开会议", (None, 3, 1), None, id="year-unknown"),
        pytest.param(None, (2021, 3, 1), None, id="no-headline"),
        pytest.param("某市召开会议", None, None, id="no-meeting"),
    ],
)
def test_headline_key(title, date, expected) -> None:
    assert versions.headline_key(title, date) == expected


def test_shingles_ignore_whitespace() -> None:
    assert versions.shingles("会议 强调\n要坚持") == versions.shingles("会议强调要坚持")
    assert versions.jaccard(frozenset(), frozenset()) == 1.0
