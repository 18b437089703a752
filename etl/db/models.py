"""SQLAlchemy models: the one source of the database schema.

Alembic migrations are generated from these models and a test fails if the two drift;
`schema.md` is generated from the column comments. Every row derived from a document
carries `document_id` (ON DELETE CASCADE, so replacing a document replaces its rows) and
`load_run_id` (which run wrote it). Spans are [start, end) character offsets into
`documents.normalised_text`; dates and times are ISO-8601 TEXT.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _run_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("load_runs.id", ondelete="CASCADE"), index=True, comment="load run that wrote this row"
    )


def _doc_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, comment="document this row was read from"
    )


def _span(prefix: str = "", what: str = "the text") -> tuple[Mapped[int | None], Mapped[int | None]]:
    return (
        mapped_column(Integer, comment=f"start offset of {what} in documents.normalised_text"),
        mapped_column(Integer, comment=f"end offset (exclusive) of {what} in documents.normalised_text"),
    )


class LoadRun(Base):
    __tablename__ = "load_runs"
    __table_args__ = (CheckConstraint(_in("status", ("running", "completed", "failed")), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="run id")
    started_at: Mapped[str] = mapped_column(String(32), comment="UTC start time, ISO-8601")
    finished_at: Mapped[str | None] = mapped_column(String(32), comment="UTC end time, ISO-8601; null while running")
    status: Mapped[str] = mapped_column(String(16), comment="running, completed or failed")
    command: Mapped[str] = mapped_column(Text, comment="command line that started the run")
    tool_version: Mapped[str] = mapped_column(String(32), comment="etl version")
    parser_version: Mapped[int] = mapped_column(comment="parser version used")
    files_seen: Mapped[int] = mapped_column(default=0, comment="files considered")
    files_loaded: Mapped[int] = mapped_column(default=0, comment="files stored (new, changed or re-parsed)")
    files_unchanged: Mapped[int] = mapped_column(default=0, comment="files skipped: already stored as they are")
    files_failed: Mapped[int] = mapped_column(default=0, comment="files that could not be loaded (see problems)")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True, comment="document id")
    load_run_id: Mapped[int] = _run_fk()
    path: Mapped[str] = mapped_column(Text, unique=True, comment="file path as loaded (relative to the working folder when below it)")
    file_name: Mapped[str] = mapped_column(Text, index=True, comment="file name without folders")
    sha256: Mapped[str] = mapped_column(String(64), index=True, comment="SHA-256 of the file's bytes")
    size_bytes: Mapped[int] = mapped_column(comment="file size in bytes")
    encoding: Mapped[str] = mapped_column(String(32), comment="detected (or given) text encoding")
    raw_text: Mapped[str] = mapped_column(Text, comment="the decoded text exactly as in the file")
    normalised_text: Mapped[str] = mapped_column(Text, comment="repaired, de-pinyined, Simplified text that all spans point into")
    offset_map: Mapped[str] = mapped_column(Text, comment="JSON run-length map from normalised_text offsets to raw_text offsets")
    title: Mapped[str | None] = mapped_column(Text, comment="headline as printed (lines joined by a space)")
    title_start, title_end = _span(what="the headline")
    source_outlet: Mapped[str | None] = mapped_column(Text, comment="newspaper or site named in the text")
    source_outlet_start, source_outlet_end = _span(what="the outlet name")
    artifacts: Mapped[str] = mapped_column(Text, comment="JSON array of damage kinds seen: traditional, pinyin_annotations, doubled_punctuation, mojibake, truncated, boilerplate_footer")
    parser_version: Mapped[int] = mapped_column(comment="parser version that produced this document's rows")
    loaded_at: Mapped[str] = mapped_column(String(32), comment="UTC time the rows were written, ISO-8601")


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (
        CheckConstraint(_in("kind", ("headline", "body", "caption", "credit", "footer")), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="segment id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    seq: Mapped[int] = mapped_column(comment="order in the document, from 1")
    kind: Mapped[str] = mapped_column(String(16), comment="headline, body, caption, credit or footer")
    span_start, span_end = _span(what="the segment")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(_in("format", ("video", "teleconference", "onsite")), name="format"),
        CheckConstraint(_in("level", ("province", "city", "county")), name="level"),
        UniqueConstraint("document_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="meeting id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    seq: Mapped[int] = mapped_column(comment="order within the document, from 1")
    name: Mapped[str] = mapped_column(Text, comment="meeting name as written (Simplified)")
    name_start, name_end = _span(what="the meeting name")
    span_start, span_end = _span(what="the stretch reporting this meeting")
    date: Mapped[str | None] = mapped_column(String(10), index=True, comment="ISO-8601 date when year, month and day are known")
    date_text: Mapped[str | None] = mapped_column(Text, comment="date as written: 11月26日, 7日上午")
    date_start, date_end = _span(what="the date as written")
    year: Mapped[int | None] = mapped_column(comment="year, stated or inferred")
    month: Mapped[int | None] = mapped_column(comment="month as stated")
    day: Mapped[int | None] = mapped_column(comment="day of month as stated")
    year_inferred: Mapped[bool] = mapped_column(default=False, comment="1 when the year is not written but inferred")
    year_evidence: Mapped[str | None] = mapped_column(Text, comment="markers the year was inferred from")
    time_of_day: Mapped[str | None] = mapped_column(String(16), comment="上午, 下午, 晚上 ... as written")
    format: Mapped[str | None] = mapped_column(String(16), comment="video, teleconference or onsite")
    level: Mapped[str | None] = mapped_column(String(16), comment="province, city or county")
    session_no: Mapped[int | None] = mapped_column(comment="session number: 第十二次会议 → 12")
    organiser: Mapped[str | None] = mapped_column(Text, comment="body holding the meeting")
    province: Mapped[str | None] = mapped_column(Text, comment="province the meeting belongs to (full name)")
    city: Mapped[str | None] = mapped_column(Text, comment="city the meeting belongs to (full name)")


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="person id (one per distinct name per document)")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="name in Simplified characters")
    span_start, span_end = _span(what="the first mention")


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="attendee id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True, comment="meeting")
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True, comment="person")
    title_text: Mapped[str | None] = mapped_column(Text, comment="title run as written: 省委副书记、省长")
    span_start, span_end = _span(what="the name's first mention in the meeting")


class AttendeeTitle(Base):
    __tablename__ = "attendee_titles"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True, comment="attendee")
    seq: Mapped[int] = mapped_column(comment="order in the title run, from 1")
    title: Mapped[str] = mapped_column(Text, index=True, comment="one title: 省委副书记")
    span_start, span_end = _span(what="the title")


class AttendeeRole(Base):
    __tablename__ = "attendee_roles"
    __table_args__ = (
        CheckConstraint(_in("role", ("chair", "speaker", "attendee", "branch_venue")), name="role"),
        UniqueConstraint("attendee_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True, comment="attendee")
    role: Mapped[str] = mapped_column(String(16), comment="chair (主持), speaker (讲话/强调/指出/要求), attendee (出席/参加), branch_venue (分会场)")
    span_start, span_end = _span(what="the cue word")


class Directive(Base):
    __tablename__ = "directives"
    __table_args__ = (
        CheckConstraint(_in("speaker_kind", ("person", "meeting")), name="speaker_kind"),
        UniqueConstraint("meeting_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="directive id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True, comment="meeting")
    seq: Mapped[int] = mapped_column(comment="order within the meeting, from 1")
    text: Mapped[str] = mapped_column(Text, comment="one instruction clause")
    span_start, span_end = _span(what="the clause")
    speaker_kind: Mapped[str] = mapped_column(String(16), comment="person, or meeting for 会议强调/会议指出")
    speaker_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True, comment="speaking person, when speaker_kind = person"
    )
    speaker_text: Mapped[str] = mapped_column(Text, comment="speaker as written: a name, 他, 会议")
    speaker_start, speaker_end = _span(what="the speaker as written")


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="location id (one per distinct place per document)")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="standard name where resolved (合肥市), else as written")
    as_written: Mapped[str] = mapped_column(Text, comment="first form seen in the text (合肥)")
    code: Mapped[str | None] = mapped_column(String(12), index=True, comment="GB/T 2260 division code where resolved")
    level: Mapped[str | None] = mapped_column(String(16), comment="province, city, county or zone")
    province: Mapped[str | None] = mapped_column(Text, comment="province it lies in (full name)")
    span_start, span_end = _span(what="the first mention")


class MeetingLocation(Base):
    __tablename__ = "meeting_locations"
    __table_args__ = (
        CheckConstraint(_in("role", ("venue", "branch_venue", "mentioned")), name="role"),
        UniqueConstraint("meeting_id", "location_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True, comment="meeting")
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True, comment="location")
    role: Mapped[str] = mapped_column(String(16), comment="venue, branch_venue (分会场) or mentioned")
    as_written: Mapped[str] = mapped_column(Text, comment="the place as written here")
    span_start, span_end = _span(what="this mention")


class Credit(Base):
    __tablename__ = "credits"
    __table_args__ = (CheckConstraint(_in("role", ("reporter", "editor", "photographer", "reviewer")), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="credited person")
    role: Mapped[str] = mapped_column(String(16), comment="reporter, editor, photographer or reviewer")
    span_start, span_end = _span(what="the name")


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = _doc_fk()
    load_run_id: Mapped[int] = _run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="person referred to but not taking part")
    title_text: Mapped[str | None] = mapped_column(Text, comment="title as written with the mention")
    span_start, span_end = _span(what="the mention")


class Problem(Base):
    __tablename__ = "problems"
    __table_args__ = (
        CheckConstraint(_in("severity", ("error", "warning", "info")), name="severity"),
        CheckConstraint(_in("stage", ("read", "normalise", "repair", "parse", "load")), name="stage"),
        Index(None, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    load_run_id: Mapped[int] = _run_fk()
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True,
        comment="document concerned; null when the file could not be loaded",
    )
    path: Mapped[str] = mapped_column(Text, comment="file path concerned")
    sha256: Mapped[str | None] = mapped_column(String(64), comment="SHA-256 of the file, when it could be read")
    stage: Mapped[str] = mapped_column(String(16), comment="read, normalise, repair, parse or load")
    kind: Mapped[str] = mapped_column(String(48), comment="problem code: empty_file, binary_file, undecodable, no_meeting, not_found, gbk_phase_shift, truncated_sentence ...")
    severity: Mapped[str] = mapped_column(String(8), comment="error (file not loaded), warning or info")
    message: Mapped[str] = mapped_column(Text, comment="one-line explanation, naming the fix where there is one")
    span_start, span_end = _span(what="the problem")
    raw_start: Mapped[int | None] = mapped_column(comment="start offset in documents.raw_text")
    raw_end: Mapped[int | None] = mapped_column(comment="end offset (exclusive) in documents.raw_text")
    original: Mapped[str | None] = mapped_column(Text, comment="the text as found")
    repaired: Mapped[str | None] = mapped_column(Text, comment="the text as repaired; null when only flagged")
    confidence: Mapped[float | None] = mapped_column(comment="0..1 confidence of a repair or guess")
    method: Mapped[str | None] = mapped_column(Text, comment="rule or algorithm that found it")


TABLES = tuple(Base.metadata.tables)
