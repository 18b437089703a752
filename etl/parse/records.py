"""Typed records produced by the parse stage; the db stage stores them as rows.

Every fact carries the `Span` of the normalised text it was read from. Names and titles
are in Simplified characters with pinyin and stray punctuation removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from etl.findings import Finding
from etl.spans import Span

Role = Literal["chair", "speaker", "attendee", "branch_venue"]
LocationRole = Literal["venue", "branch_venue", "mentioned"]
CreditRole = Literal["reporter", "editor", "photographer", "reviewer"]
MeetingFormat = Literal["video", "teleconference", "onsite"]
MeetingLevel = Literal["province", "city", "county"]
SpeakerKind = Literal["person", "meeting"]


@dataclass(frozen=True, slots=True)
class TitleMention:
    title: str  # one title: 省委副书记
    span: Span


@dataclass(frozen=True, slots=True)
class RoleEvidence:
    role: Role
    span: Span  # the cue: 主持, 出席, 强调, 分会场 ...


@dataclass(slots=True)
class Attendee:
    name: str
    span: Span  # first mention of the name within the meeting
    title_text: str | None = None  # the title run as written: 省委副书记、省长
    titles: list[TitleMention] = field(default_factory=list)
    roles: list[RoleEvidence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Directive:
    seq: int  # order within the meeting, from 1
    text: str  # one instruction clause: 要坚持防控资源省域统筹
    span: Span
    speaker_kind: SpeakerKind
    speaker_name: str | None  # the person's name when speaker_kind == "person"
    speaker_text: str  # as written: 他 / 会议 / the name
    speaker_span: Span | None = None
    categories: tuple[str, ...] = ()  # codes from etl/data/reference/directive_categories.csv


@dataclass(frozen=True, slots=True)
class LocationMention:
    name: str  # standard name where resolved (株洲市), else as written
    as_written: str  # 株洲
    role: LocationRole
    span: Span
    code: str | None = None  # GB/T 2260 code where resolved
    level: str | None = None  # province / city / county / zone
    province: str | None = None  # full name of the province it lies in


@dataclass(frozen=True, slots=True)
class MeetingDate:
    text: str | None  # as written: 11月26日 / 7日上午
    span: Span | None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_inferred: bool = False
    year_evidence: str | None = None  # the markers a year was inferred from
    time_of_day: str | None = None  # 上午 / 下午 / 晚上 ...

    @property
    def iso(self) -> str | None:
        """ISO-8601 when the date is complete, else None."""
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None


@dataclass(slots=True)
class Meeting:
    seq: int  # order within the document, from 1
    name: str  # as written, normalised: 省疫情防控领导小组(扩大)会议
    name_span: Span | None
    span: Span  # the stretch of text that reports this meeting
    date: MeetingDate
    format: MeetingFormat | None = None
    level: MeetingLevel | None = None
    session_no: int | None = None  # 第十二次会议 → 12
    organiser: str | None = None  # the body that holds it: 省疫情防控领导小组
    chair: str | None = None  # name of who 主持; also an attendee with role chair
    province: str | None = None
    city: str | None = None
    place_evidence: str | None = None  # why province/city were chosen: the places that settled them
    attendees: list[Attendee] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    locations: list[LocationMention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Credit:
    name: str
    role: CreditRole
    span: Span


@dataclass(frozen=True, slots=True)
class PersonMention:
    """Someone referred to but not taking part (a national leader whose speech is studied)."""

    name: str
    span: Span
    title_text: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    title: str | None
    title_span: Span | None
    source_outlet: str | None
    source_outlet_span: Span | None
    meetings: list[Meeting] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    mentions: list[PersonMention] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
