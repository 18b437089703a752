"""Score exported records against gold annotations, by the table in the gold README.

Documents are matched by `source` (exact, else by file name without folders). Within a
document each gold meeting, first gold meeting first, takes the unused exported meeting
whose name is most similar (difflib ratio over names with punctuation and spaces
removed; ties go to the earlier exported meeting); so while exported meetings remain,
every gold meeting gets one.

Where the table is silent this module decides as follows, and says so in the metrics:
- a gold document missing from the export, or a gold meeting left without an exported
  one, scores as all misses (every accuracy case wrong, every gold item not found; for
  a missing document every gold attendee's titles and roles count as wrong);
- exported meetings left without a gold meeting add their locations and directive
  speakers as false positives, and count as extra in the `meetings` metric;
- exported documents that no gold file names are not scored;
- directive samples are looked for in the matched meeting's `directives[*].text` (and in
  its `directive_samples`, so a gold-shaped record can be scored too);
- names, titles and places are compared after NFKC folding and removing whitespace.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from etl.evaluate.report import AccuracyMetric, EvalReport, F1Metric, Miss

ACCURACY_ATTRIBUTES = ("format", "level", "province", "city", "session_no")
METRIC_ORDER: tuple[tuple[str, type[F1Metric] | type[AccuracyMetric]], ...] = (
    ("documents", AccuracyMetric),
    ("meetings", F1Metric),
    ("attendee_names", F1Metric),
    ("titles", AccuracyMetric),
    ("roles", AccuracyMetric),
    ("chair", AccuracyMetric),
    ("date", AccuracyMetric),
    ("year", AccuracyMetric),
    ("meeting_name", AccuracyMetric),
    *((attr, AccuracyMetric) for attr in ACCURACY_ATTRIBUTES),
    ("locations", F1Metric),
    ("credits", F1Metric),
    ("directive_speakers", F1Metric),
    ("directive_samples", AccuracyMetric),
    ("mentioned_people", AccuracyMetric),  # correct = not exported as an attendee
)

_NOT_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


def load_gold(folder: Path) -> list[dict]:
    """Every `*.json` file in `folder` (sorted by name), parsed."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def score(gold: list[dict], exported: list[dict]) -> EvalReport:
    """Compare `exported` records with `gold` ones (both in the gold JSON shape)."""
    report = EvalReport(metrics={name: cls() for name, cls in METRIC_ORDER})
    by_source, by_name = _index(exported)
    for gold_doc in gold:
        source = str(gold_doc.get("source") or "")
        got_doc = by_source.get(source) or by_name.get(_file_name(source))
        report.documents += 1
        scorer = _DocumentScorer(report, source)
        scorer.accuracy("documents", got_doc is not None, source, None)
        if got_doc is None:
            report.documents_missing.append(source)
        scorer.score(gold_doc, got_doc)
    return report


def text_key(text: object) -> str:
    """`text` with punctuation, symbols and spaces removed (after NFKC, case-folded)."""
    if not isinstance(text, str):
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def name_key(text: object) -> str | None:
    """A name, title or place as compared: NFKC, no whitespace; None when not a string."""
    if not isinstance(text, str):
        return None
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)) or None


def names_match(gold_name: object, got_name: object) -> bool:
    """Meeting names agree: equal after removing punctuation and spaces, or one contains
    the other (an empty name contains nothing)."""
    a, b = text_key(gold_name), text_key(got_name)
    if not a or not b:
        return a == b
    return a == b or a in b or b in a


def name_similarity(a: object, b: object) -> float:
    return difflib.SequenceMatcher(None, text_key(a), text_key(b), autojunk=False).ratio()


def match_meetings(gold_meetings: list[Mapping], got_meetings: list[Mapping]) -> list[int | None]:
    """For each gold meeting, the index of its exported meeting (greedy, in gold order,
    each exported meeting used once), or None when none is left."""
    unused = list(range(len(got_meetings)))
    matches: list[int | None] = []
    for gm in gold_meetings:
        if not unused:
            matches.append(None)
            continue
        best = max(unused, key=lambda i: (name_similarity(gm.get("meeting_name"), got_meetings[i].get("meeting_name")), -i))
        unused.remove(best)
        matches.append(best)
    return matches


class _DocumentScorer:
    """Scores one gold document against its exported record (empty dict if missing)."""

    def __init__(self, report: EvalReport, source: str) -> None:
        self.report, self.source, self.m = report, source, report.metrics

    def miss(self, field: str, expected: Any, got: Any, meeting: int | None = None) -> None:
        self.report.misses.append(Miss(self.source, field, expected, got, meeting))

    def f1(self, field: str, got: Iterable, want: Iterable, meeting: int | None = None) -> None:
        metric = self.m[field]
        assert isinstance(metric, F1Metric), field
        extra, missing = metric.add(got, want)
        for item in sorted(missing, key=str):
            self.miss(field, _plain(item), None, meeting)
        for item in sorted(extra, key=str):
            self.miss(field, None, _plain(item), meeting)

    def accuracy(self, field: str, right: bool, expected: Any, got: Any, meeting: int | None = None) -> None:
        metric = self.m[field]
        assert isinstance(metric, AccuracyMetric), field
        if not metric.add(right):
            self.miss(field, expected, got, meeting)

    def score(self, gold: Mapping, exported: Mapping | None) -> None:
        """`exported` None: the document is missing, so every gold attendee's titles and
        roles count as wrong too (not only the attendees found in both)."""
        got: Mapping = exported if exported is not None else {}
        gold_meetings, got_meetings = _dicts(gold.get("meetings")), _dicts(got.get("meetings"))
        want_people, got_people = _people(gold_meetings), _people(got_meetings)
        self.f1("attendee_names", got_people, want_people)
        judged = set(want_people) if exported is None else set(want_people) & set(got_people)
        for name in sorted(judged):
            (want_titles, want_roles), (got_titles, got_roles) = want_people[name], got_people.get(name, (set(), set()))
            if exported is None:
                got_titles = got_roles = None  # type: ignore[assignment]
            self.accuracy("titles", want_titles == got_titles, {"name": name, "titles": sorted(want_titles)},
                          {"name": name, "titles": sorted(got_titles)} if got_titles is not None else None)
            self.accuracy("roles", want_roles == got_roles, {"name": name, "roles": sorted(want_roles)},
                          {"name": name, "roles": sorted(got_roles)} if got_roles is not None else None)
        self.f1("credits", _credits(got.get("credits")), _credits(gold.get("credits")))
        for person in _strings(gold.get("mentioned_people")):
            self.accuracy("mentioned_people", person not in got_people, None, person)

        matches = match_meetings(gold_meetings, got_meetings)
        self.m["meetings"].count(  # type: ignore[union-attr]
            tp=sum(i is not None for i in matches),
            fp=len(got_meetings) - sum(i is not None for i in matches),
            fn=sum(i is None for i in matches),
        )
        for number, (gm, index) in enumerate(zip(gold_meetings, matches), start=1):
            if index is None:
                self.miss("meetings", gm.get("meeting_name"), None, number)
            self.meeting(number, gm, got_meetings[index] if index is not None else None)
        for i in sorted(set(range(len(got_meetings))) - {i for i in matches if i is not None}):
            extra = got_meetings[i]
            self.miss("meetings", None, extra.get("meeting_name"))
            self.f1("locations", _location_names(extra), ())
            self.f1("directive_speakers", _speakers(extra), ())

    def meeting(self, n: int, gm: Mapping, em: Mapping | None) -> None:
        """One gold meeting against its exported meeting (None = no meeting: all wrong)."""
        found = em is not None
        got: Mapping = em or {}
        self.accuracy("meeting_name", found and names_match(gm.get("meeting_name"), got.get("meeting_name")),
                      gm.get("meeting_name"), got.get("meeting_name"), n)
        self.accuracy("chair", found and name_key(gm.get("chair")) == name_key(got.get("chair")),
                      gm.get("chair"), got.get("chair"), n)
        gold_date, got_date = _date(gm), _date(got)
        self.accuracy("date", found and gold_date[1:] == got_date[1:],
                      _date_dict(gold_date), _date_dict(got_date) if found else None, n)
        plausible = gm.get("year_plausible")
        if plausible is not None:
            self.accuracy("year", found and got_date[0] == plausible, plausible, got_date[0], n)
        for attr in ACCURACY_ATTRIBUTES:
            want = gm.get(attr)
            if want is not None:
                self.accuracy(attr, found and _same_value(want, got.get(attr)), want, got.get(attr), n)
        self.f1("locations", _location_names(got), _location_names(gm), n)
        self.f1("directive_speakers", _speakers(got), _speakers(gm), n)
        texts = [text_key(t) for t in _directive_texts(got)]
        for sample in _strings(gm.get("directive_samples")):
            key = text_key(sample)
            self.accuracy("directive_samples", bool(key) and any(key in t for t in texts), sample, None, n)


def _index(exported: list[dict]) -> tuple[dict[str, Mapping], dict[str, Mapping]]:
    """Exported records by source and by bare file name; the first record wins."""
    by_source: dict[str, Mapping] = {}
    by_name: dict[str, Mapping] = {}
    for rec in exported:
        if not isinstance(rec, Mapping) or not isinstance(rec.get("source"), str):
            continue
        by_source.setdefault(rec["source"], rec)
        by_name.setdefault(_file_name(rec["source"]), rec)
    return by_source, by_name


def _file_name(source: str) -> str:
    return PureWindowsPath(PurePosixPath(source).name).name


def _dicts(value: object) -> list[Mapping]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _keys(values: object) -> set[str]:
    return {k for k in (name_key(v) for v in _strings(values)) if k}


def _people(meetings: list[Mapping]) -> dict[str, tuple[set[str], set[str]]]:
    """Attendee name → (titles, roles), each united over the document's meetings."""
    people: dict[str, tuple[set[str], set[str]]] = {}
    for meeting in meetings:
        for person in _dicts(meeting.get("attendees")):
            name = name_key(person.get("name"))
            if name:
                titles, roles = people.setdefault(name, (set(), set()))
                titles.update(_keys(person.get("titles")))
                roles.update(_strings(person.get("roles")))
    return people


def _credits(value: object) -> set[tuple[str, str]]:
    return {(n, role) for c in _dicts(value)
            if (n := name_key(c.get("name"))) and isinstance(role := c.get("role"), str)}


def _location_names(meeting: Mapping) -> set[str]:
    return {k for loc in _dicts(meeting.get("locations")) if (k := name_key(loc.get("name")))}


def _speakers(meeting: Mapping) -> set[str]:
    """The meeting's `directive_speakers`, else the speakers of its `directives`."""
    if isinstance(meeting.get("directive_speakers"), list):
        return _keys(meeting["directive_speakers"])
    return {k for d in _dicts(meeting.get("directives")) if (k := name_key(d.get("speaker")))}


def _directive_texts(meeting: Mapping) -> list[str]:
    texts = [d["text"] for d in _dicts(meeting.get("directives")) if isinstance(d.get("text"), str)]
    return texts + _strings(meeting.get("directive_samples"))


def _date(meeting: Mapping) -> tuple[Any, Any, Any]:
    date = meeting.get("date")
    if not isinstance(date, Mapping):
        return (None, None, None)
    return (date.get("year"), date.get("month"), date.get("day"))


def _date_dict(date: tuple[Any, Any, Any]) -> dict[str, Any]:
    return {"year": date[0], "month": date[1], "day": date[2]}


def _same_value(want: object, got: object) -> bool:
    if isinstance(want, str):
        return name_key(want) == name_key(got)
    return want == got and type(want) is type(got)


def _plain(item: object) -> object:
    """A set item as shown in a miss: credits as {name, role}."""
    if isinstance(item, tuple) and len(item) == 2:
        return {"name": item[0], "role": item[1]}
    return item
