"""The analyst views: one flat, readable row per meeting, attendance, directive and place.

This module is the one place their SQL lives: the migration that creates them
(migrations/versions/0006_views_lookups_types.py) runs `create_sql`, schema.md's
reference is generated from `VIEWS` (etl.db.schema_doc), and tests/db/test_views.py checks
that a migrated database holds exactly this SQL. Each column is a column of a table (its
declared type carries into the view) or a computed expression wrapped in CAST(... AS T),
so that a tool reading the view's declared types finds one (SQLite 3.41 and later report
a CAST column's type; older versions show it empty). Dates stay plain column references:
CAST(... AS DATE) would turn '2021-03-05' into the number 2021.

A later migration that changes a view keeps this revision's text for migration 0006
(`VIEWS_0006`) and adds its own; `VIEWS` is always the newest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str  # a table column (alias.column) or CAST(expression AS type)
    type: str  # the declared type: the table column's, or the CAST's
    description: str


@dataclass(frozen=True, slots=True)
class View:
    name: str
    description: str
    columns: tuple[Column, ...]
    source: str  # FROM ... (joins)

    def select_sql(self) -> str:
        lines = ",\n".join(f"    {c.sql} AS {c.name}" for c in self.columns)
        return f"SELECT\n{lines}\n{self.source}"

    def create_sql(self) -> str:
        """The CREATE VIEW statement, exactly as sqlite_master keeps it."""
        return f"CREATE VIEW {self.name} AS\n{self.select_sql()}"


C = Column
_CHAIRS = ("(SELECT group_concat(name, '、') FROM (SELECT p.name FROM attendees a "
           "JOIN attendee_roles r ON r.attendee_id = a.id AND r.role = 'chair' "
           "JOIN people p ON p.id = a.person_id WHERE a.meeting_id = m.id "
           "ORDER BY a.span_start IS NULL, a.span_start, a.id))")
_CITY_CODE = ("(SELECT v.code FROM divisions v WHERE v.name = m.city AND v.level <> 'province' "
              "AND (v.province = m.province OR m.province IS NULL) ORDER BY v.level <> 'city', v.code LIMIT 1)")

MEETING_FACTS = View(
    "meeting_facts",
    "one row per meeting: its document, name, date, level, format, province and city with codes and "
    "coordinates, chair, and counts of attendees and directives",
    (
        C("meeting_id", "m.id", "INTEGER", "meeting id (meetings.id)"),
        C("document_id", "m.document_id", "INTEGER", "document id (documents.id)"),
        C("file_name", "d.file_name", "TEXT", "file the document was loaded from (its first name)"),
        C("headline", "d.title", "TEXT", "headline of the article"),
        C("meeting_seq", "m.seq", "INTEGER", "order of the meeting in the document, from 1"),
        C("meeting_name", "m.name", "TEXT", "meeting name as written"),
        C("date", "m.date", "DATE", "YYYY-MM-DD when year, month and day are all known, else null"),
        C("year", "m.year", "INTEGER", "year, written or inferred"),
        C("month", "m.month", "INTEGER", "month"),
        C("day", "m.day", "INTEGER", "day of the month"),
        C("year_inferred", "m.year_inferred", "INTEGER", "1 when the year is inferred, not written"),
        C("year_source", "CAST(CASE WHEN m.year IS NULL THEN NULL WHEN m.year_inferred = 1 THEN 'inferred' "
          "ELSE 'written' END AS TEXT)", "TEXT", "written, inferred, or null when the year is unknown"),
        C("date_text", "m.date_text", "TEXT", "date as written"),
        C("time_of_day", "m.time_of_day", "VARCHAR(16)", "上午, 下午 ... as written"),
        C("level", "m.level", "VARCHAR(16)", "province, city or county"),
        C("format", "m.format", "VARCHAR(16)", "video, teleconference or onsite"),
        C("session_no", "m.session_no", "INTEGER", "session number"),
        C("organiser", "m.organiser", "TEXT", "body holding the meeting"),
        C("province", "m.province", "TEXT", "province (full name)"),
        C("province_code", "pv.code", "VARCHAR(12)", "its GB/T 2260 code"),
        C("city", "m.city", "TEXT", "city (full name), when the meeting belongs to one"),
        C("city_code", "ct.code", "VARCHAR(12)", "its GB/T 2260 code"),
        C("longitude", "geo.longitude", "FLOAT", "longitude of the city's seat, else of the province's"),
        C("latitude", "geo.latitude", "FLOAT", "latitude of the same"),
        C("coordinates_of", "geo.level", "VARCHAR(16)", "city (or county), or province: whose seat the coordinates are"),
        C("chair", f"CAST({_CHAIRS} AS TEXT)", "TEXT", "who chaired (names joined with 、 in order of mention)"),
        C("attendee_count", "CAST((SELECT count(*) FROM attendees a WHERE a.meeting_id = m.id) AS INTEGER)",
          "INTEGER", "people taking part"),
        C("directive_count", "CAST((SELECT count(*) FROM directives x WHERE x.meeting_id = m.id) AS INTEGER)",
          "INTEGER", "directives issued"),
        C("source_outlet", "d.source_outlet", "TEXT", "newspaper or site named in the text"),
    ),
    "FROM meetings m\n"
    "JOIN documents d ON d.id = m.document_id\n"
    "LEFT JOIN divisions pv ON pv.level = 'province' AND pv.name = m.province\n"
    f"LEFT JOIN divisions ct ON ct.code = {_CITY_CODE}\n"
    "LEFT JOIN divisions geo ON geo.code = coalesce(ct.code, pv.code)",
)

ATTENDANCE = View(
    "attendance",
    "one row per person taking part in a meeting, with titles and roles in the order written",
    (
        C("attendee_id", "a.id", "INTEGER", "attendees.id"),
        C("meeting_id", "a.meeting_id", "INTEGER", "the meeting (meeting_facts.meeting_id)"),
        C("document_id", "a.document_id", "INTEGER", "the document"),
        C("meeting_name", "m.name", "TEXT", "meeting name as written"),
        C("date", "m.date", "DATE", "meeting date, YYYY-MM-DD when fully known"),
        C("province", "m.province", "TEXT", "the meeting's province"),
        C("city", "m.city", "TEXT", "the meeting's city"),
        C("person_id", "a.person_id", "INTEGER", "people.id (one per name per document)"),
        C("person", "p.name", "TEXT", "name"),
        C("titles", "CAST((SELECT group_concat(title, '、') FROM (SELECT t.title FROM attendee_titles t "
          "WHERE t.attendee_id = a.id ORDER BY t.seq)) AS TEXT)", "TEXT", "titles joined with 、 in the order written"),
        C("title_text", "a.title_text", "TEXT", "the title run as written"),
        C("roles", "CAST((SELECT group_concat(role, ',') FROM (SELECT r.role FROM attendee_roles r "
          "WHERE r.attendee_id = a.id ORDER BY r.span_start IS NULL, r.span_start, r.id)) AS TEXT)", "TEXT",
          "roles (chair, speaker, attendee, branch_venue) joined with , in the order their cue words appear"),
        C("is_chair", "CAST(EXISTS (SELECT 1 FROM attendee_roles r WHERE r.attendee_id = a.id "
          "AND r.role = 'chair') AS INTEGER)", "INTEGER", "1 when the person chaired the meeting"),
        C("directive_count", "CAST((SELECT count(*) FROM directives x WHERE x.meeting_id = a.meeting_id "
          "AND x.speaker_person_id = a.person_id) AS INTEGER)", "INTEGER", "directives the person issued there"),
        C("mention_start", "a.span_start", "INTEGER", "offset of the name's first mention in the meeting: "
          "order by it for the order written"),
    ),
    "FROM attendees a\n"
    "JOIN meetings m ON m.id = a.meeting_id\n"
    "JOIN people p ON p.id = a.person_id",
)

_LABELS = ("(SELECT group_concat({col}, '{sep}') FROM (SELECT k.{col} FROM directive_categories c "
           "JOIN categories k ON k.code = c.category WHERE c.directive_id = x.id ORDER BY c.id))")

DIRECTIVE_FACTS = View(
    "directive_facts",
    "one row per directive: its text, speaker, categories with labels and OxCGRT codes, meeting, date and place",
    (
        C("directive_id", "x.id", "INTEGER", "directives.id"),
        C("meeting_id", "x.meeting_id", "INTEGER", "the meeting (meeting_facts.meeting_id)"),
        C("document_id", "x.document_id", "INTEGER", "the document"),
        C("seq", "x.seq", "INTEGER", "order within the meeting, from 1"),
        C("text", "x.text", "TEXT", "the instruction clause"),
        C("speaker", "CAST(coalesce(p.name, x.speaker_text) AS TEXT)", "TEXT",
          "who issued it: the person's name (a pronoun resolved), or the speaker as written (会议)"),
        C("speaker_kind", "x.speaker_kind", "VARCHAR(16)", "person, or meeting (会议强调)"),
        C("speaker_person_id", "x.speaker_person_id", "INTEGER", "people.id of the speaker, when a person"),
        C("categories", "CAST((SELECT group_concat(category, ',') FROM (SELECT c.category FROM directive_categories c "
          "WHERE c.directive_id = x.id ORDER BY c.id)) AS TEXT)", "TEXT", "category codes joined with ,"),
        C("category_labels_zh", f"CAST({_LABELS.format(col='label_zh', sep='、')} AS TEXT)", "TEXT",
          "their Chinese labels joined with 、"),
        C("category_labels_en", f"CAST({_LABELS.format(col='label_en', sep='; ')} AS TEXT)", "TEXT",
          "their English labels joined with ;"),
        C("oxcgrt", "CAST((SELECT group_concat(oxcgrt, ',') FROM (SELECT k.oxcgrt FROM directive_categories c "
          "JOIN categories k ON k.code = c.category WHERE c.directive_id = x.id AND k.oxcgrt IS NOT NULL "
          "GROUP BY k.oxcgrt ORDER BY min(c.id))) AS TEXT)", "TEXT", "their OxCGRT indicator codes joined with ,"),
        C("meeting_name", "m.name", "TEXT", "meeting name as written"),
        C("date", "m.date", "DATE", "meeting date, YYYY-MM-DD when fully known"),
        C("year", "m.year", "INTEGER", "meeting year, written or inferred"),
        C("province", "m.province", "TEXT", "the meeting's province"),
        C("city", "m.city", "TEXT", "the meeting's city"),
    ),
    "FROM directives x\n"
    "JOIN meetings m ON m.id = x.meeting_id\n"
    "LEFT JOIN people p ON p.id = x.speaker_person_id",
)

PLACE_FACTS = View(
    "place_facts",
    "one row per place a meeting names, in its role, with its division code, level, province and coordinates",
    (
        C("meeting_location_id", "ml.id", "INTEGER", "meeting_locations.id"),
        C("meeting_id", "ml.meeting_id", "INTEGER", "the meeting (meeting_facts.meeting_id)"),
        C("document_id", "ml.document_id", "INTEGER", "the document"),
        C("meeting_name", "m.name", "TEXT", "meeting name as written"),
        C("date", "m.date", "DATE", "meeting date, YYYY-MM-DD when fully known"),
        C("role", "ml.role", "VARCHAR(16)", "venue, branch_venue or mentioned"),
        C("location_id", "l.id", "INTEGER", "locations.id"),
        C("name", "l.name", "TEXT", "standard name where resolved, else as written"),
        C("as_written", "ml.as_written", "TEXT", "the place as written at this mention"),
        C("code", "l.code", "VARCHAR(12)", "GB/T 2260 code where resolved"),
        C("level", "l.level", "VARCHAR(16)", "province, city, county or zone"),
        C("province", "l.province", "TEXT", "province it lies in"),
        C("province_code", "pv.code", "VARCHAR(12)", "the province's GB/T 2260 code"),
        C("longitude", "g.longitude", "FLOAT", "longitude of the division's seat (null for zones and unresolved places)"),
        C("latitude", "g.latitude", "FLOAT", "latitude of the same"),
    ),
    "FROM meeting_locations ml\n"
    "JOIN locations l ON l.id = ml.location_id\n"
    "JOIN meetings m ON m.id = ml.meeting_id\n"
    "LEFT JOIN divisions g ON g.code = l.code\n"
    "LEFT JOIN divisions pv ON pv.level = 'province' AND pv.name = l.province",
)

VIEWS_0006: tuple[View, ...] = (MEETING_FACTS, ATTENDANCE, DIRECTIVE_FACTS, PLACE_FACTS)
VIEWS = VIEWS_0006

_COLUMN_REF = re.compile(r"^[a-z]+\.[a-z_]+$")
_CAST = re.compile(r"^CAST\(.*\bAS (\w+)\)$", re.S)


def create_views(execute: Callable[[str], Any], views: tuple[View, ...] = VIEWS) -> None:
    """Create `views` through `execute` (a migration's `op.execute`)."""
    for view in views:
        execute(view.create_sql())


def drop_views(execute: Callable[[str], Any], views: tuple[View, ...] = VIEWS) -> None:
    for view in reversed(views):
        execute(f"DROP VIEW IF EXISTS {view.name}")


def cast_type(column: Column) -> str | None:
    """The type a computed column is cast to (None for a plain column reference)."""
    match = _CAST.match(column.sql)
    return match.group(1) if match else None


def is_column_ref(column: Column) -> bool:
    return bool(_COLUMN_REF.match(column.sql))
