"""Fixtures for the db tests: migrated databases and hand-built stage records.

The records are built here, not by the pipeline, so these tests depend only on the
contracts (RawDocument, NormalisedDocument, ParsedDocument). The raw text is Traditional
with a pinyin annotation, GB18030-encoded, so the offset map is not the identity.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etl.db import migrate
from etl.db.engine import create_engine_for
from etl.findings import Finding
from etl.normalise import NormalisedDocument, Segment
from etl.parse.records import (
    Attendee,
    Credit,
    Directive,
    LocationMention,
    Meeting,
    MeetingDate,
    ParsedDocument,
    PersonMention,
    RoleEvidence,
    TitleMention,
)
from etl.read import RawDocument
from etl.spans import Edit, Span, apply_edits

HEADLINE = "省疫情防控领导小组召开第十二次会议"
BODY = (
    "东方日报讯 11月26日上午，省疫情防控领导小组召开第十二次会议。省委书记、省长张三主持会议并讲话。"
    "省委副书记李四，副省长王五出席会议。各市设分会场，南京市、苏州市在分会场参加。"
    "会议强调，要坚持科学精准防控。张三指出，要加强核酸检测能力建设。他要求，要压实属地责任。"
    "会议传达学习了孙八同志重要讲话精神。李四主持分会场会议。"
)
CREDITS = "(记者 赵六 编辑 钱七)"
TEXT = f"{HEADLINE}\n{BODY}\n{CREDITS}"
TRADITIONAL = {"领": "領", "导": "導", "议": "議", "会": "會", "书": "書", "记": "記", "长": "長"}

Documents = tuple[RawDocument, NormalisedDocument, ParsedDocument]


def at(needle: str, nth: int = 0, text: str = TEXT) -> Span:
    """Span of the nth occurrence of `needle` in the normalised text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def within(context: str, needle: str) -> Span:
    """Span of `needle` inside the first occurrence of `context`."""
    outer = at(context)
    start = outer.start + context.index(needle)
    return Span(start, start + len(needle))


def raw_and_norm(text: str, name: str) -> tuple[RawDocument, NormalisedDocument]:
    """A Traditional, pinyin-annotated raw document whose normalisation is `text`."""
    raw_text = "".join(TRADITIONAL.get(ch, ch) for ch in text)
    first_ling = raw_text.index("領")
    raw_text = raw_text[: first_ling + 1] + "(lǐng)" + raw_text[first_ling + 1 :]
    edits = [Edit(i, i + 1, ch, "t2s") for i, ch in enumerate(raw_text) if ch in TRADITIONAL.values()]
    edits = [Edit(e.start, e.end, next(s for s, t in TRADITIONAL.items() if t == e.replacement), e.reason)
             for e in edits]
    edits.append(Edit(first_ling + 1, first_ling + 7, "", "pinyin"))
    norm_text, offsets = apply_edits(raw_text, edits)
    assert norm_text == text
    data = raw_text.encode("gb18030")
    raw = RawDocument(Path("input") / name, data, hashlib.sha256(data).hexdigest(), "gb18030", raw_text)
    lines = [Span(0, len(HEADLINE))]
    body_start = text.find("\n") + 1
    lines += [Span(body_start, body_start + len(text[body_start:].split("\n")[0]))]
    segments = tuple(Segment("headline" if i == 0 else "body", s) for i, s in enumerate(lines))
    findings = (
        Finding("normalise", "pinyin_annotation", "pinyin annotation removed", "info",
                span=at("领"), original="領(lǐng)", repaired="领", confidence=1.0, method="pinyin"),
    )
    norm = NormalisedDocument(text, offsets, segments, frozenset({"traditional", "pinyin_annotations"}), findings)
    return raw, norm


def full_document(name: str = "a.txt") -> Documents:
    """One meeting with chair, attendees, a branch venue, directives, places, credits."""
    raw, norm = raw_and_norm(TEXT, name)
    chair = Attendee(
        "张三", at("张三"), "省委书记、省长",
        [TitleMention("省委书记", at("省委书记")), TitleMention("省长", at("省长"))],
        [RoleEvidence("chair", at("主持")), RoleEvidence("speaker", at("讲话"))],
    )
    deputy = Attendee("李四", at("李四"), "省委副书记", [TitleMention("省委副书记", at("省委副书记"))],
                      [RoleEvidence("attendee", at("出席"))])
    vice = Attendee("王五", at("王五"), "副省长", [TitleMention("副省长", at("副省长"))],
                    [RoleEvidence("attendee", at("出席"))])
    # the same person listed again later in the meeting: merged into one attendee
    deputy_again = Attendee("李四", at("李四", 1), None, [TitleMention("省委副书记", at("李四", 1))],
                            [RoleEvidence("branch_venue", within("李四主持分会场", "分会场")), RoleEvidence("attendee", at("出席"))])
    meeting = Meeting(
        seq=1, name="省疫情防控领导小组第十二次会议", name_span=at("省疫情防控领导小组召开第十二次会议"),
        span=at(BODY), date=MeetingDate("11月26日上午", at("11月26日上午"), 2021, 11, 26, True, "核酸检测", "上午"),
        format="video", level="province", session_no=12, organiser="省疫情防控领导小组", chair="张三",
        province="江苏省", place_evidence="南京市, 苏州市 (branch venues)", attendees=[chair, deputy, vice, deputy_again],
        directives=[
            Directive(1, "要坚持科学精准防控", at("要坚持科学精准防控"), "meeting", None, "会议", within("会议强调", "会议"),
                      ("medical_treatment",)),
            Directive(2, "要加强核酸检测能力建设", at("要加强核酸检测能力建设"), "person", "张三", "张三", at("张三", 1),
                      ("testing", "testing", "medical_treatment")),
            Directive(3, "要压实属地责任", at("要压实属地责任"), "person", "张三", "他", at("他"),
                      ("accountability_inspection",)),
        ],
        locations=[
            LocationMention("南京市", "南京市", "branch_venue", at("南京市"), "320100", "city", "江苏省"),
            LocationMention("苏州市", "苏州", "branch_venue", at("苏州"), "320500", "city", "江苏省"),
            LocationMention("南京市", "南京", "mentioned", at("南京"), "320100", "city", "江苏省"),
        ],
    )
    parsed = ParsedDocument(
        title=HEADLINE, title_span=at(HEADLINE), source_outlet="东方日报", source_outlet_span=at("东方日报"),
        meetings=[meeting],
        credits=[Credit("赵六", "reporter", at("赵六")), Credit("钱七", "editor", at("钱七"))],
        mentions=[PersonMention("孙八", at("孙八"), "同志")],
        findings=[Finding("parse", "unresolved_pronoun", "他 taken as the last named speaker", "warning",
                          raw_span=raw_span_of(norm, at("他")), method="nearest_speaker")],
    )
    return raw, norm, parsed


def raw_span_of(norm: NormalisedDocument, span: Span) -> Span:
    return norm.offsets.to_source(span)


def small_document(name: str = "a.txt") -> Documents:
    """Another version of a file: the same headline, one meeting with one attendee."""
    text = f"{HEADLINE}\n东方日报讯 省疫情防控领导小组召开会议。副省长王五主持会议。"
    raw, norm = raw_and_norm(text, name)

    def span(needle: str) -> Span:
        return at(needle, 0, text)

    meeting = Meeting(
        seq=1, name="省疫情防控领导小组会议", name_span=None, span=span("省疫情防控领导小组召开会议"),
        date=MeetingDate(None, None), level="province",
        attendees=[Attendee("王五", span("王五"), "副省长", [TitleMention("副省长", span("副省长"))],
                            [RoleEvidence("chair", span("主持"))])],
    )
    parsed = ParsedDocument(HEADLINE, span(HEADLINE), "东方日报", span("东方日报"), meetings=[meeting])
    return raw, norm, parsed


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file at head, made once and copied by the `engine` fixture."""
    path = tmp_path_factory.mktemp("template") / "head.db"
    engine = create_engine_for(path)
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(tmp_path: Path, migrated_template: Path) -> Engine:
    path = tmp_path / "etl.db"
    shutil.copyfile(migrated_template, path)
    engine = create_engine_for(path)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def documents() -> dict[str, Callable[..., Documents]]:
    """Builders of fresh record sets: documents["full"](file_name), documents["small"](...)."""
    return {"full": full_document, "small": small_document}
