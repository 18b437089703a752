"""Check that one record has the gold JSON shape (field by field, with types and values).

Gold files and exports share the shape, with two differences: an export states, per
meeting, `year_inferred` (bool) and its `directives` (list of {seq, text, speaker, ...}),
which gold files lack; a gold file lists `directive_samples` instead. With
`require_export_fields=False` those two may be missing (gold files pass); when present
they are checked either way. Extra fields (codes, offsets, evidence) are allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from etl.parse.records import CreditRole, LocationRole, MeetingFormat, MeetingLevel, Role

ROLES = frozenset(get_args(Role))
LOCATION_ROLES = frozenset(get_args(LocationRole))
CREDIT_ROLES = frozenset(get_args(CreditRole))
FORMATS = frozenset(get_args(MeetingFormat))
LEVELS = frozenset(get_args(MeetingLevel))


def validate_export_record(obj: object, *, require_export_fields: bool = True) -> list[str]:
    """Errors in `obj` as `path: problem` lines; empty when it has the gold shape."""
    check = _Checker()
    if not isinstance(obj, Mapping):
        return [f"record: expected an object, got {_type(obj)}"]
    check.string(obj, "source", "", nullable=False, nonempty=True)
    check.string(obj, "title", "")
    check.string(obj, "source_outlet", "")
    for i, credit in check.objects(obj, "credits", ""):
        check.string(credit, "name", f"credits[{i}].", nullable=False, nonempty=True)
        check.choice(credit, "role", f"credits[{i}].", CREDIT_ROLES, nullable=False)
    check.strings(obj, "mentioned_people", "")
    check.strings(obj, "artifacts", "")
    for i, meeting in check.objects(obj, "meetings", ""):
        _meeting(check, meeting, f"meetings[{i}].", require_export_fields)
    return check.errors


def _meeting(check: _Checker, meeting: Mapping, at: str, require_export: bool) -> None:
    check.string(meeting, "meeting_name", at, nullable=False)
    _date(check, meeting, at)
    if check.present(meeting, "year_inferred", at, required=require_export):
        if not isinstance(meeting["year_inferred"], bool):
            check.error(f"{at}year_inferred", f"expected true or false, got {_type(meeting['year_inferred'])}")
        elif meeting["year_inferred"] and isinstance(meeting.get("date"), Mapping) \
                and "year" in meeting["date"] and meeting["date"]["year"] is None:
            check.error(f"{at}year_inferred", "is true but date.year is null")
    if "year_plausible" in meeting:
        check.integer(meeting, "year_plausible", at)
    check.choice(meeting, "format", at, FORMATS)
    check.choice(meeting, "level", at, LEVELS)
    check.string(meeting, "province", at)
    check.string(meeting, "city", at)
    check.integer(meeting, "session_no", at, minimum=1)
    check.string(meeting, "chair", at)
    chairs: set[str] = set()
    for j, person in check.objects(meeting, "attendees", at):
        where = f"{at}attendees[{j}]."
        check.string(person, "name", where, nullable=False, nonempty=True)
        check.strings(person, "titles", where)
        for k, role in enumerate(check.strings(person, "roles", where)):
            if role not in ROLES:
                check.error(f"{where}roles[{k}]", f"{role!r} is not one of {_listing(ROLES)}")
            elif role == "chair" and isinstance(person.get("name"), str):
                chairs.add(person["name"])
    chair = meeting.get("chair")
    if isinstance(chair, str) and isinstance(meeting.get("attendees"), list) and chair not in chairs:
        check.error(f"{at}chair", f"{chair!r} is not an attendee with role chair")
    for j, place in check.objects(meeting, "locations", at):
        where = f"{at}locations[{j}]."
        check.string(place, "name", where, nullable=False, nonempty=True)
        check.string(place, "as_written", where, nullable=False, nonempty=True)
        check.choice(place, "role", where, LOCATION_ROLES, nullable=False)
    check.strings(meeting, "directive_speakers", at)
    has_samples = "directive_samples" in meeting
    if has_samples:
        check.strings(meeting, "directive_samples", at)
    if require_export or not has_samples or "directives" in meeting:
        for j, directive in check.objects(meeting, "directives", at):
            where = f"{at}directives[{j}]."
            check.string(directive, "text", where, nullable=False, nonempty=True)
            check.string(directive, "speaker", where)
            if "seq" in directive:
                check.integer(directive, "seq", where, nullable=False, minimum=1)
            if "categories" in directive:
                check.strings(directive, "categories", where)


def _date(check: _Checker, meeting: Mapping, at: str) -> None:
    if not check.present(meeting, "date", at):
        return
    date = meeting["date"]
    if not isinstance(date, Mapping):
        check.error(f"{at}date", f"expected an object {{year, month, day}}, got {_type(date)}")
        return
    check.integer(date, "year", f"{at}date.", minimum=1, maximum=9999)
    check.integer(date, "month", f"{at}date.", minimum=1, maximum=12)
    check.integer(date, "day", f"{at}date.", minimum=1, maximum=31)


class _Checker:
    """Collects `path: problem` lines; each method checks one field of one object."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def present(self, obj: Mapping, key: str, at: str, required: bool = True) -> bool:
        if key in obj:
            return True
        if required:
            self.error(f"{at}{key}", "missing")
        return False

    def string(self, obj: Mapping, key: str, at: str, nullable: bool = True, nonempty: bool = False) -> None:
        if not self.present(obj, key, at):
            return
        value = obj[key]
        if value is None and nullable:
            return
        if not isinstance(value, str):
            self.error(f"{at}{key}", f"expected a string{' or null' if nullable else ''}, got {_type(value)}")
        elif nonempty and not value.strip():
            self.error(f"{at}{key}", "is empty")

    def integer(self, obj: Mapping, key: str, at: str, nullable: bool = True,
                minimum: int | None = None, maximum: int | None = None) -> None:
        if not self.present(obj, key, at):
            return
        value = obj[key]
        if value is None and nullable:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(f"{at}{key}", f"expected an integer{' or null' if nullable else ''}, got {_type(value)}")
        elif (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(f"{at}{key}", f"{value} is outside {minimum}..{maximum if maximum is not None else ''}")

    def choice(self, obj: Mapping, key: str, at: str, allowed: frozenset[str], nullable: bool = True) -> None:
        if not self.present(obj, key, at):
            return
        value = obj[key]
        if value is None and nullable:
            return
        if value not in allowed:
            self.error(f"{at}{key}", f"{value!r} is not one of {_listing(allowed)}{' or null' if nullable else ''}")

    def strings(self, obj: Mapping, key: str, at: str) -> list[str]:
        """Checks a list of strings; returns its string items (for further checks)."""
        if not self.present(obj, key, at):
            return []
        value = obj[key]
        if not isinstance(value, list):
            self.error(f"{at}{key}", f"expected a list of strings, got {_type(value)}")
            return []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.error(f"{at}{key}[{i}]", f"expected a string, got {_type(item)}")
        return [item for item in value if isinstance(item, str)]

    def objects(self, obj: Mapping, key: str, at: str) -> list[tuple[int, Mapping]]:
        """Checks a list of objects; returns (index, object) for the objects in it."""
        if not self.present(obj, key, at):
            return []
        value = obj[key]
        if not isinstance(value, list):
            self.error(f"{at}{key}", f"expected a list, got {_type(value)}")
            return []
        found = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                found.append((i, item))
            else:
                self.error(f"{at}{key}[{i}]", f"expected an object, got {_type(item)}")
        return found


def _type(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _listing(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))
