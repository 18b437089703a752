"""Segments: headline / body / caption / credit / footer on made-up reports, and the
artifact flags and truncation findings derived from them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.normalise import normalise


def kinds(text: str) -> list[tuple[str, str]]:
    doc = normalise(text)
    return [(s.kind, s.span.of(doc.text)) for s in doc.segments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "王某主持召开市疫情防控指挥部会议\n3月2日,市委书记王某主持召开会议。\n",
            [("headline", "王某主持召开市疫情防控指挥部会议"), ("body", "3月2日,市委书记王某主持召开会议。")],
            id="headline-then-dated-lead",
        ),
        pytest.param(
            "主标题\n\n副标题一\n\n副标题二\n\n5日上午,会议召开。",
            [("headline", "主标题"), ("headline", "副标题一"), ("headline", "副标题二"), ("body", "5日上午,会议召开。")],
            id="multi-line-headline-with-blank-lines",
        ),
        pytest.param(
            "本报讯 12月1日,县委召开专题会议。\n会议强调,要压实责任。",
            [("body", "本报讯 12月1日,县委召开专题会议。"), ("body", "会议强调,要压实责任。")],
            id="no-headline-dateline-first",
        ),
        pytest.param(
            "某省召开调度会\n新华社北京3月5日电 会议指出,要抓好防控。",
            [("headline", "某省召开调度会"), ("body", "新华社北京3月5日电 会议指出,要抓好防控。")],
            id="news-agency-dateline",
        ),
        pytest.param(
            "标题\n(3月5日,调度会在某市召开。)\n会议指出,要抓好防控。",
            [("headline", "标题"), ("caption", "(3月5日,调度会在某市召开。)"), ("body", "会议指出,要抓好防控。")],
            id="bracketed-caption-ends-headline",
        ),
        pytest.param(
            "近日,省里召开视频会议。\n会议现场 记者 某某 摄\n图为会议现场\n",
            [("body", "近日,省里召开视频会议。"), ("caption", "会议现场 记者 某某 摄"), ("caption", "图为会议现场")],
            id="photo-captions",
        ),
        pytest.param(
            "近日,省里召开视频会议。(记者 某甲 某乙)\n编辑:某丙\n审核:某丁\n",
            [("body", "近日,省里召开视频会议。"), ("credit", "(记者 某甲 某乙)"), ("credit", "编辑:某丙"), ("credit", "审核:某丁")],
            id="credits",
        ),
        pytest.param(
            "近日,省里召开视频会议。(某甲 某乙)\n(文/某丙 图/某丁)\n本报记者 某戊\n",
            [("body", "近日,省里召开视频会议。"), ("credit", "(某甲 某乙)"), ("credit", "(文/某丙 图/某丁)"), ("credit", "本报记者 某戊")],
            id="name-only-bracket-and-byline",
        ),
        pytest.param(
            "近日,省里召开会议。\n来源:某日报\n版权声明:本文转载自网络,如需删除请联系。\n扫一扫在手机打开当前页\n",
            [("body", "近日,省里召开会议。"), ("footer", "来源:某日报"), ("footer", "版权声明:本文转载自网络,如需删除请联系。"), ("footer", "扫一扫在手机打开当前页")],
            id="footers",
        ),
        pytest.param(
            "近日,省里召开会议。\n【责任编辑:某某】\n(完)\n",
            [("body", "近日,省里召开会议。"), ("credit", "【责任编辑:某某】"), ("footer", "(完)")],
            id="square-bracket-credit-and-end-mark",
        ),
        pytest.param(
            "近日,省里召开会议,要求(一)加强监测。\n",
            [("body", "近日,省里召开会议,要求(一)加强监测。")],
            id="bracket-inside-body-kept",
        ),
    ],
)
def test_segments(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        pytest.param("省委召開領(lǐng)導(dǎo)小組會議。", {"traditional", "pinyin_annotations"}, id="traditional-pinyin"),
        pytest.param("会议召开,,要求落实。", {"doubled_punctuation"}, id="doubled"),
        pytest.param("会议召开。\n会议强调,要严格落实", {"truncated"}, id="truncated"),
        pytest.param("会议召开。\n责任编辑:某某", {"boilerplate_footer"}, id="editor-is-boilerplate"),
        pytest.param("会议召开。\n记者 某某", set(), id="reporter-is-not-boilerplate"),
        pytest.param("会议召开。\n来源:某日报", {"boilerplate_footer"}, id="source-footer"),
        pytest.param("会议强调,要“四早”。\n一、压实责任\n要落实“四方责任”。", set(), id="subheading-not-truncated"),
        pytest.param("他说:“要坚持。”", set(), id="quote-ends-sentence"),
        pytest.param("省委书记主持召开会议。" * 10 + "會", {"truncated"}, id="one-stray-variant-is-not-traditional"),
        pytest.param("省委書記。", {"traditional"}, id="short-traditional"),
    ],
)
def test_artifacts(text: str, flags: set[str]) -> None:
    assert normalise(text).artifacts == flags


def test_truncation_finding_points_at_cut_sentence() -> None:
    raw = "会议召開。\r\n会议强调,要壓實責任。要嚴格落(luò)"
    doc = normalise(raw)
    [finding] = [f for f in doc.findings if f.kind == "truncated_sentence"]
    assert finding.severity == "info" and finding.stage == "normalise"
    assert finding.span is not None and finding.span.of(doc.text) == "要严格落"
    assert finding.raw_span is not None and finding.raw_span.of(raw) == "要嚴格落"


def test_repair_failure_is_a_finding_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr("etl.repair.repair_edits", broken)
    doc = normalise("会议召開。")
    assert doc.text == "会议召开。"
    assert [f.kind for f in doc.findings] == ["repair_failed"]
    assert "mojibake" not in doc.artifacts


def test_repair_findings_get_spans_in_normalised_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from etl.findings import Finding
    from etl.spans import Edit, Span

    raw = "領(lǐng)導確?!傲氵z漏”。"
    damaged = Span(9, 14)  # "?!傲氵z", after the 9 characters of 領(lǐng)導確

    def fake(text: str) -> tuple[list[Edit], list[Finding]]:
        finding = Finding("repair", "gbk_phase_shift", "test", raw_span=damaged, repaired="保“零遗")
        return [Edit(damaged.start, damaged.end, "保“零遗", "gbk_phase_shift")], [finding]

    monkeypatch.setattr("etl.repair.repair_edits", fake)
    doc = normalise(raw)
    assert doc.text == "领导确保“零遗漏”。"
    [finding] = doc.findings
    assert finding.span is not None and finding.span.of(doc.text) == "保“零遗"
    assert "mojibake" in doc.artifacts


@given(st.text(alphabet="来源:版权声明所有完()【】侵删 \u3000abcALL rights reserved二维码推送扫描", max_size=20))
def test_footer_patterns_joined_match_as_they_do_apart(line: str) -> None:
    from etl.normalise._data import rules
    from etl.normalise.sections import _rules

    footer, r = rules("sections.json")["footer"], _rules()
    for joined, apart in ((r.footer_anchored, footer["anchored"]), (r.footer_anywhere, footer["anywhere"])):
        assert any(p.search(line) for p in joined) == any(re.search(p, line) for p in apart)
