"""SQLAlchemy models: the one source of the database schema.

Alembic migrations are generated from these models and a test fails if the two drift;
the table reference in `schema.md` is generated from the table and column comments.
Every row derived from a document carries `document_id` (ON DELETE CASCADE, so deleting
or replacing a document removes everything read from it) and `load_run_id` (which run
wrote it; ON DELETE RESTRICT, so history cannot be deleted from under the data). Spans
are [start, end) character offsets into `documents.normalised_text`. Dates are declared
DATE and hold `YYYY-MM-DD` text, times DATETIME holding `YYYY-MM-DD HH:MM:SS` (UTC), and
booleans INTEGER 0/1 with a CHECK, so BI tools that read declared types see dates as
dates; Python reads and writes all three as plain str / int. Enumerations are TEXT with a
CHECK constraint, so the files stay readable in any SQLite client. The lookup tables
`categories` and `divisions` hold the package's reference data (etl.db.lookups); the
views are in etl.db.views.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The allowed values of each enumerated column (mirroring the Literal types of the records).
RUN_STATUSES = ("running", "completed", "failed", "interrupted")
SEGMENT_KINDS = ("headline", "body", "caption", "credit", "footer")
MEETING_FORMATS = ("video", "teleconference", "onsite")
MEETING_LEVELS = ("province", "city", "county")
ATTENDEE_ROLES = ("chair", "speaker", "attendee", "branch_venue")
SPEAKER_KINDS = ("person", "meeting")
PLACE_LEVELS = ("province", "city", "county", "zone")
LOCATION_ROLES = ("venue", "branch_venue", "mentioned")
CREDIT_ROLES = ("reporter", "editor", "photographer", "reviewer")
STAGES = ("read", "normalise", "repair", "parse", "load")
SEVERITIES = ("error", "warning", "info")


class DateText(UserDefinedType[str]):
    """Declared DATE, holding `YYYY-MM-DD` text; passed through as str (SQLAlchemy's Date
    would want datetime.date objects, and the store writes text through the DBAPI)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "DATE"


class DateTimeText(UserDefinedType[str]):
    """Declared DATETIME, holding `YYYY-MM-DD HH:MM:SS` text in UTC; passed through as str."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "DATETIME"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """CHECK that `column` is NULL or one of `values` (named after the column)."""
    return CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=column)


def span_check(prefix: str = "span") -> CheckConstraint:
    """CHECK that a span is absent, or present with 0 <= start <= end."""
    s, e = f"{prefix}_start", f"{prefix}_end"
    return CheckConstraint(f"({s} IS NULL) = ({e} IS NULL) AND {s} >= 0 AND {e} >= {s}", name=prefix)


def comment(text: str) -> dict[str, Any]:
    return {"comment": text}


def run_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("load_runs.id", ondelete="RESTRICT"), index=True, comment="load run that wrote this row"
    )


def document_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, comment="document this row was read from"
    )


def parent_fk(target: str, what: str, *, nullable: bool = False) -> Mapped[Any]:
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), index=True, nullable=nullable, comment=what)


def start_of(what: str) -> Mapped[int | None]:
    return mapped_column(comment=f"start offset of {what} in documents.normalised_text")


def end_of(what: str) -> Mapped[int | None]:
    return mapped_column(comment=f"end offset (exclusive) of {what} in documents.normalised_text")


class LoadRun(Base):
    __tablename__ = "load_runs"
    __table_args__ = (one_of("status", RUN_STATUSES), comment("one row per `etl load` that changed something"))

    id: Mapped[int] = mapped_column(primary_key=True, comment="run id")
    started_at: Mapped[str] = mapped_column(DateTimeText(), comment="UTC start time, YYYY-MM-DD HH:MM:SS")
    finished_at: Mapped[str | None] = mapped_column(DateTimeText(), comment="UTC end time, YYYY-MM-DD HH:MM:SS; null while running")
    status: Mapped[str] = mapped_column(String(16), comment="running, completed, failed (stopped by an error) or interrupted (killed or stopped; marked by the next run)")
    command: Mapped[str] = mapped_column(Text, comment="command line that started the run")
    tool_version: Mapped[str] = mapped_column(String(32), comment="etl version")
    parser_version: Mapped[int] = mapped_column(comment="parser version in use (etl.PARSER_VERSION)")
    pid: Mapped[int | None] = mapped_column(comment="process id of the run; a running run whose process is gone is marked interrupted by the next run on the same host")
    host: Mapped[str | None] = mapped_column(String(255), comment="host name of the process that ran it")
    files_seen: Mapped[int] = mapped_column(default=0, comment="files considered")
    files_loaded: Mapped[int] = mapped_column(default=0, comment="files stored (new, changed or re-parsed)")
    files_unchanged: Mapped[int] = mapped_column(default=0, comment="files skipped: already stored as they are")
    files_failed: Mapped[int] = mapped_column(default=0, comment="files that could not be loaded (see problems)")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        span_check("title"),
        span_check("source_outlet"),
        comment("one row per stored content (a file's bytes); its files are in document_names; every other fact points into its normalised_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="document id")
    load_run_id: Mapped[int] = run_fk()
    path: Mapped[str] = mapped_column(Text, index=True, comment="path of the document's first name (document_names.path, lowest id): for display; the identity is document_names.source_key")
    file_name: Mapped[str] = mapped_column(Text, index=True, comment="file name without folders (of that first name)")
    sha256: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the file's bytes (hex): one document per content")
    size_bytes: Mapped[int] = mapped_column(comment="file size in bytes")
    encoding: Mapped[str] = mapped_column(String(32), comment="detected (or given) text encoding: utf-8, gb18030, big5 ...")
    raw_text: Mapped[str] = mapped_column(Text, comment="the decoded text exactly as in the file")
    normalised_text: Mapped[str] = mapped_column(Text, comment="repaired, de-pinyined, Simplified text that all spans point into")
    offset_map: Mapped[str] = mapped_column(Text, comment="JSON run-length map from normalised_text offsets to raw_text offsets (etl.spans.OffsetMap)")
    title: Mapped[str | None] = mapped_column(Text, comment="headline (lines joined by a space)")
    title_start: Mapped[int | None] = start_of("the headline")
    title_end: Mapped[int | None] = end_of("the headline")
    source_outlet: Mapped[str | None] = mapped_column(Text, comment="newspaper or site named in the text")
    source_outlet_start: Mapped[int | None] = start_of("the outlet name")
    source_outlet_end: Mapped[int | None] = end_of("the outlet name")
    artifacts: Mapped[str] = mapped_column(Text, comment="JSON array of the damage seen: traditional, pinyin_annotations, doubled_punctuation, mojibake, truncated, boilerplate_footer")
    parser_version: Mapped[int] = mapped_column(comment="parser version that produced this document's rows")
    loaded_at: Mapped[str] = mapped_column(DateTimeText(), comment="UTC time the rows were written, YYYY-MM-DD HH:MM:SS")


class DocumentName(Base):
    __tablename__ = "document_names"
    __table_args__ = (
        comment("the files a document was loaded from: one row per file (source key); the same content under two names has two rows"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="name id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    source_key: Mapped[str] = mapped_column(Text, unique=True, comment="absolute path of the file with symbolic links resolved: the file's identity, the same from any working folder")
    path: Mapped[str] = mapped_column(Text, comment="file path as loaded, for display (relative to the working folder of that load when below it, else absolute)")
    file_name: Mapped[str] = mapped_column(Text, comment="file name without folders")
    mtime: Mapped[int | None] = mapped_column(comment="the file's modification time when read (st_mtime_ns: nanoseconds since 1970); a reload skips a file whose source key, size and mtime match without reading it; null for names carried over from before 0004 that had none")


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (
        one_of("kind", SEGMENT_KINDS),
        span_check(),
        UniqueConstraint("document_id", "seq"),
        comment("the parts of normalised_text: headline, body paragraphs, captions, credits, footers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="segment id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    seq: Mapped[int] = mapped_column(comment="order in the document, from 1")
    kind: Mapped[str] = mapped_column(String(16), comment="headline, body, caption, credit or footer")
    span_start: Mapped[int | None] = start_of("the segment")
    span_end: Mapped[int | None] = end_of("the segment")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        one_of("format", MEETING_FORMATS),
        one_of("level", MEETING_LEVELS),
        CheckConstraint("year_inferred IN (0, 1)", name="year_inferred"),
        span_check("name"),
        span_check(),
        span_check("date"),
        UniqueConstraint("document_id", "seq"),
        comment("one row per meeting reported (an article may report a meeting and its follow-up)"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="meeting id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    seq: Mapped[int] = mapped_column(comment="order within the document, from 1")
    name: Mapped[str] = mapped_column(Text, comment="meeting name as written (Simplified): 市疫情防控指挥部第三次会议")
    name_start: Mapped[int | None] = start_of("the meeting name")
    name_end: Mapped[int | None] = end_of("the meeting name")
    span_start: Mapped[int | None] = start_of("the stretch reporting this meeting")
    span_end: Mapped[int | None] = end_of("the stretch reporting this meeting")
    date: Mapped[str | None] = mapped_column(DateText(), index=True, comment="ISO-8601 date (YYYY-MM-DD) when year, month and day are all known")
    date_text: Mapped[str | None] = mapped_column(Text, comment="date as written: 3月5日, 9日下午")
    date_start: Mapped[int | None] = start_of("the date as written")
    date_end: Mapped[int | None] = end_of("the date as written")
    year: Mapped[int | None] = mapped_column(comment="year, written or inferred (see year_inferred)")
    month: Mapped[int | None] = mapped_column(comment="month as written")
    day: Mapped[int | None] = mapped_column(comment="day of the month as written")
    year_inferred: Mapped[int] = mapped_column(default=0, comment="1 when the year is not written but inferred, else 0")
    year_evidence: Mapped[str | None] = mapped_column(Text, comment="the markers the year was inferred from")
    time_of_day: Mapped[str | None] = mapped_column(String(16), comment="上午, 下午, 晚上 ... as written")
    format: Mapped[str | None] = mapped_column(String(16), comment="video, teleconference or onsite")
    level: Mapped[str | None] = mapped_column(String(16), comment="province, city or county")
    session_no: Mapped[int | None] = mapped_column(comment="session number: 第三次会议 → 3")
    organiser: Mapped[str | None] = mapped_column(Text, comment="body holding the meeting: 市疫情防控指挥部")
    province: Mapped[str | None] = mapped_column(Text, index=True, comment="province the meeting belongs to (full name)")
    city: Mapped[str | None] = mapped_column(Text, comment="city the meeting belongs to (full name)")
    place_evidence: Mapped[str | None] = mapped_column(Text, comment="why province and city were chosen: the places that settled them")


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        span_check(),
        UniqueConstraint("document_id", "name"),
        comment("people taking part, one row per distinct name per document (no resolution across documents)"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="person id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="name in Simplified characters")
    span_start: Mapped[int | None] = start_of("the first mention")
    span_end: Mapped[int | None] = end_of("the first mention")


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (
        span_check(),
        UniqueConstraint("meeting_id", "person_id"),
        comment("who took part in which meeting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="attendee id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    meeting_id: Mapped[int] = parent_fk("meetings.id", "the meeting")
    person_id: Mapped[int] = parent_fk("people.id", "the person")
    title_text: Mapped[str | None] = mapped_column(Text, comment="title run as written: 县委副书记、县长")
    span_start: Mapped[int | None] = start_of("the name's first mention in the meeting")
    span_end: Mapped[int | None] = end_of("the name's first mention in the meeting")


class AttendeeTitle(Base):
    __tablename__ = "attendee_titles"
    __table_args__ = (
        span_check(),
        UniqueConstraint("attendee_id", "seq"),
        comment("an attendee's titles, one row per title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    attendee_id: Mapped[int] = parent_fk("attendees.id", "the attendee")
    seq: Mapped[int] = mapped_column(comment="order in the title run, from 1")
    title: Mapped[str] = mapped_column(Text, index=True, comment="one title: 县委副书记")
    span_start: Mapped[int | None] = start_of("the title")
    span_end: Mapped[int | None] = end_of("the title")


class AttendeeRole(Base):
    __tablename__ = "attendee_roles"
    __table_args__ = (
        one_of("role", ATTENDEE_ROLES),
        span_check(),
        UniqueConstraint("attendee_id", "role"),
        comment("an attendee's roles, one row per role, with the cue word it was read from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    attendee_id: Mapped[int] = parent_fk("attendees.id", "the attendee")
    role: Mapped[str] = mapped_column(String(16), comment="chair (主持), speaker (讲话/强调/指出), attendee (出席/参加) or branch_venue (分会场)")
    span_start: Mapped[int | None] = start_of("the cue word")
    span_end: Mapped[int | None] = end_of("the cue word")


class Directive(Base):
    __tablename__ = "directives"
    __table_args__ = (
        one_of("speaker_kind", SPEAKER_KINDS),
        CheckConstraint("speaker_kind = 'person' OR speaker_person_id IS NULL", name="speaker_person"),
        span_check(),
        span_check("speaker"),
        UniqueConstraint("meeting_id", "seq"),
        comment("instructions issued at a meeting, one clause per row, with who issued it"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="directive id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    meeting_id: Mapped[int] = parent_fk("meetings.id", "the meeting")
    seq: Mapped[int] = mapped_column(comment="order within the meeting, from 1")
    text: Mapped[str] = mapped_column(Text, comment="one instruction clause: 要加快推进疫苗接种")
    span_start: Mapped[int | None] = start_of("the clause")
    span_end: Mapped[int | None] = end_of("the clause")
    speaker_kind: Mapped[str] = mapped_column(String(16), comment="person, or meeting for 会议强调 / 会议指出")
    speaker_person_id: Mapped[int | None] = parent_fk(
        "people.id", "the speaking person, when speaker_kind = person and the name is known", nullable=True
    )
    speaker_text: Mapped[str] = mapped_column(Text, comment="speaker as written: a name, 他, 会议")
    speaker_start: Mapped[int | None] = start_of("the speaker as written")
    speaker_end: Mapped[int | None] = end_of("the speaker as written")


class DirectiveCategory(Base):
    __tablename__ = "directive_categories"
    __table_args__ = (
        UniqueConstraint("directive_id", "category"),
        comment("topics of a directive, one row per category (codes of etl/data/reference/directive_categories.csv)"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    directive_id: Mapped[int] = parent_fk("directives.id", "the directive")
    category: Mapped[str] = mapped_column(String(32), index=True, comment="category code, e.g. testing, vaccination (see the CSV for labels and OxCGRT indicators)")


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (
        one_of("level", PLACE_LEVELS),
        span_check(),
        UniqueConstraint("document_id", "name", "code"),
        comment("places named in a document, one row per distinct place per document"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="location id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="standard name where resolved (株洲市), else as written")
    as_written: Mapped[str] = mapped_column(Text, comment="the form of the first mention (株洲)")
    code: Mapped[str | None] = mapped_column(String(12), index=True, comment="GB/T 2260 division code where resolved")
    level: Mapped[str | None] = mapped_column(String(16), comment="province, city, county or zone (development zone, new area)")
    province: Mapped[str | None] = mapped_column(Text, comment="province it lies in (full name)")
    span_start: Mapped[int | None] = start_of("the first mention")
    span_end: Mapped[int | None] = end_of("the first mention")


class MeetingLocation(Base):
    __tablename__ = "meeting_locations"
    __table_args__ = (
        one_of("role", LOCATION_ROLES),
        span_check(),
        UniqueConstraint("meeting_id", "location_id", "role"),
        comment("which places a meeting names, and in what role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    meeting_id: Mapped[int] = parent_fk("meetings.id", "the meeting")
    location_id: Mapped[int] = parent_fk("locations.id", "the place")
    role: Mapped[str] = mapped_column(String(16), comment="venue (main venue), branch_venue (分会场) or mentioned")
    as_written: Mapped[str] = mapped_column(Text, comment="the place as written at this mention")
    span_start: Mapped[int | None] = start_of("this mention")
    span_end: Mapped[int | None] = end_of("this mention")


class Credit(Base):
    __tablename__ = "credits"
    __table_args__ = (
        one_of("role", CREDIT_ROLES),
        span_check(),
        comment("bylines: reporters, editors, photographers and reviewers of the article"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="credited person")
    role: Mapped[str] = mapped_column(String(16), comment="reporter, editor, photographer or reviewer")
    span_start: Mapped[int | None] = start_of("the name")
    span_end: Mapped[int | None] = end_of("the name")


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        span_check(),
        comment("people referred to but not taking part (a leader whose speech is studied)"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = document_fk()
    load_run_id: Mapped[int] = run_fk()
    name: Mapped[str] = mapped_column(Text, index=True, comment="person referred to")
    title_text: Mapped[str | None] = mapped_column(Text, comment="title as written with the mention")
    span_start: Mapped[int | None] = start_of("the mention")
    span_end: Mapped[int | None] = end_of("the mention")


class Problem(Base):
    __tablename__ = "problems"
    __table_args__ = (
        one_of("stage", STAGES),
        one_of("severity", SEVERITIES),
        span_check(),
        span_check("raw"),
        Index(None, "kind"),
        comment("load errors (files not loaded) and data-quality findings on loaded documents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    load_run_id: Mapped[int] = run_fk()
    document_id: Mapped[int | None] = parent_fk(
        "documents.id", "the document concerned; null when the file could not be loaded", nullable=True
    )
    path: Mapped[str] = mapped_column(Text, comment="file path concerned (as documents.path)")
    sha256: Mapped[str | None] = mapped_column(String(64), comment="SHA-256 of the file, when it could be read")
    stage: Mapped[str] = mapped_column(String(16), comment="read, normalise, repair, parse or load")
    kind: Mapped[str] = mapped_column(String(48), comment="problem code: empty_file, binary_file, undecodable, no_meeting, not_found, truncated ...")
    severity: Mapped[str] = mapped_column(String(8), comment="error (the file was not loaded), warning or info; a loaded document's findings are at most warning")
    message: Mapped[str] = mapped_column(Text, comment="one-line explanation, naming the fix where there is one")
    span_start: Mapped[int | None] = start_of("the problem")
    span_end: Mapped[int | None] = end_of("the problem")
    raw_start: Mapped[int | None] = mapped_column(comment="start offset of the problem in documents.raw_text")
    raw_end: Mapped[int | None] = mapped_column(comment="end offset (exclusive) of the problem in documents.raw_text")
    original: Mapped[str | None] = mapped_column(Text, comment="the text as found")
    repaired: Mapped[str | None] = mapped_column(Text, comment="the text as repaired; null when only flagged")
    confidence: Mapped[float | None] = mapped_column(comment="0..1 confidence of a repair or guess")
    method: Mapped[str | None] = mapped_column(Text, comment="rule or algorithm that found it")


class Category(Base):
    __tablename__ = "categories"
    __table_args__ = (
        comment("lookup: the directive categories (codes of directive_categories.category) with labels and their "
                "nearest OxCGRT indicator; loaded from etl/data/reference/directive_categories.csv"),
    )

    code: Mapped[str] = mapped_column(String(32), primary_key=True, comment="category code: testing, vaccination ...")
    label_zh: Mapped[str] = mapped_column(Text, comment="label in Chinese: 检测")
    label_en: Mapped[str] = mapped_column(Text, comment="label in English: Testing")
    oxcgrt: Mapped[str | None] = mapped_column(String(8), comment="nearest OxCGRT indicator code (H2, C6 ...); null when none lines up")
    oxcgrt_note: Mapped[str] = mapped_column(Text, comment="which OxCGRT indicator, and how near it is")


class Division(Base):
    __tablename__ = "divisions"
    __table_args__ = (
        one_of("level", ("province", "city", "county")),
        comment("lookup: every province, city and county of the package's GB/T 2260 table (codes of locations.code) "
                "with coordinates; loaded from etl/data/reference/divisions.csv"),
    )

    code: Mapped[str] = mapped_column(String(12), primary_key=True, comment="GB/T 2260 code, 6 digits (xx0000 a province, xxxx00 a city)")
    name: Mapped[str] = mapped_column(Text, index=True, comment="full name, with its suffix (市, 县, 区 ...)")
    level: Mapped[str] = mapped_column(String(16), comment="province, city or county")
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True, comment="code of the division it belongs to (a county of a municipality: the province); null for a province")
    province: Mapped[str] = mapped_column(Text, comment="full name of its province (itself for a province)")
    longitude: Mapped[float | None] = mapped_column(Float, comment="longitude of its seat, degrees east (from cpca, as in divisions.csv)")
    latitude: Mapped[float | None] = mapped_column(Float, comment="latitude of its seat, degrees north")


# Lookup tables: reference data loaded by the migrations (etl.db.lookups), not by a load.
LOOKUP_TABLES = ("categories", "divisions")

# Document-derived tables in an order that satisfies their foreign keys.
DERIVED_TABLES = (
    "segments", "meetings", "people", "attendees", "attendee_titles", "attendee_roles",
    "directives", "directive_categories", "locations", "meeting_locations", "credits", "mentions",
)
