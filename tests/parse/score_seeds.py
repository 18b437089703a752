"""Quick scorer: parse the seed articles and compare with ../shared/gold (README rules).

Run as a script for a table of figures (`python tests/parse/score_seeds.py [-v]`); the
tests load `score_all` from here. Not the official `etl eval`.
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def _key(s: str) -> str:
    return re.sub(r"[\W_]", "", s)


def _name_match(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return ka == kb or ka in kb or kb in ka


def _sim(a: str, b: str) -> float:
    ka, kb = set(_key(a)), set(_key(b))
    return len(ka & kb) / max(1, len(ka | kb))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: set, want: set) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)

    @property
    def f1(self) -> float:
        if self.tp == 0:
            return 1.0 if self.fp == self.fn == 0 else 0.0
        p, r = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * p * r / (p + r)


@dataclass
class Ratio:
    ok: int = 0
    n: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, good: bool, what: str = "") -> None:
        self.n += 1
        self.ok += bool(good)
        if not good and what:
            self.misses.append(what)

    @property
    def value(self) -> float:
        return self.ok / self.n if self.n else 1.0


@dataclass
class Scores:
    attendees: Tally = field(default_factory=Tally)
    locations: Tally = field(default_factory=Tally)
    credits: Tally = field(default_factory=Tally)
    speakers: Tally = field(default_factory=Tally)
    titles: Ratio = field(default_factory=Ratio)
    roles: Ratio = field(default_factory=Ratio)
    chair: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    year: Ratio = field(default_factory=Ratio)
    name: Ratio = field(default_factory=Ratio)
    samples: Ratio = field(default_factory=Ratio)
    attrs: dict[str, Ratio] = field(default_factory=dict)
    mention_errors: int = 0
    meetings: int = 0
    directive_counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def score_doc(stem: str, parsed, gold: dict, s: Scores) -> None:  # noqa: C901 - a flat checklist
    got_people: dict[str, tuple[set, set]] = {}
    for m in parsed.meetings:
        for a in m.attendees:
            titles, roles = got_people.setdefault(a.name, (set(), set()))
            titles.update(t.title for t in a.titles)
            roles.update(r.role for r in a.roles)
    want_people: dict[str, tuple[set, set]] = {}
    for gm in gold["meetings"]:
        for a in gm["attendees"]:
            titles, roles = want_people.setdefault(a["name"], (set(), set()))
            titles.update(a["titles"])
            roles.update(a["roles"])
    s.attendees.add(set(got_people), set(want_people))
    for name in set(got_people) - set(want_people):
        s.notes.append(f"{stem}: extra attendee {name}")
    for name in set(want_people) - set(got_people):
        s.notes.append(f"{stem}: missing attendee {name}")
    for name in set(got_people) & set(want_people):
        s.titles.add(got_people[name][0] == want_people[name][0], f"{stem} {name} titles {got_people[name][0]} != {want_people[name][0]}")
        s.roles.add(got_people[name][1] == want_people[name][1], f"{stem} {name} roles {got_people[name][1]} != {want_people[name][1]}")
    s.credits.add({(c.name, c.role) for c in parsed.credits}, {(c["name"], c["role"]) for c in gold["credits"]})
    s.mention_errors += len(set(gold["mentioned_people"]) & set(got_people))
    s.meetings += len(parsed.meetings)
    s.directive_counts[stem] = sum(len(m.directives) for m in parsed.meetings)
    used: set[int] = set()
    for gm in gold["meetings"]:
        cands = [(i, m) for i, m in enumerate(parsed.meetings) if i not in used]
        if not cands:
            s.notes.append(f"{stem}: no meeting for {gm['meeting_name']}")
            continue
        i, m = max(cands, key=lambda im: _sim(im[1].name, gm["meeting_name"]))
        used.add(i)
        s.name.add(_name_match(m.name, gm["meeting_name"]), f"{stem} name {m.name} != {gm['meeting_name']}")
        s.chair.add(m.chair == gm["chair"], f"{stem} chair {m.chair} != {gm['chair']}")
        gd = gm["date"]
        s.date.add((m.date.month, m.date.day) == (gd["month"], gd["day"]), f"{stem} date {m.date.month}/{m.date.day}")
        if gm.get("year_plausible"):
            s.year.add(m.date.year == gm["year_plausible"], f"{stem} year {m.date.year} != {gm['year_plausible']}")
        for attr, gkey in (("format", "format"), ("level", "level"), ("province", "province"), ("city", "city"),
                           ("session_no", "session_no")):
            if gm[gkey] is not None:
                s.attrs.setdefault(attr, Ratio()).add(getattr(m, attr) == gm[gkey], f"{stem} {attr} {getattr(m, attr)} != {gm[gkey]}")
        got_locs, want_locs = {loc.name for loc in m.locations}, {loc["name"] for loc in gm["locations"]}
        s.locations.add(got_locs, want_locs)
        if got_locs != want_locs:
            s.notes.append(f"{stem} #{m.seq} locations +{got_locs - want_locs} -{want_locs - got_locs}")
        speakers = {d.speaker_name if d.speaker_kind == "person" else "会议" for d in m.directives}
        s.speakers.add(speakers, set(gm["directive_speakers"]))
        texts = [_key(d.text) for d in m.directives]
        for sample in gm["directive_samples"]:
            s.samples.add(any(_key(sample) in t for t in texts), f"{stem} sample {sample}")


def score_all(load, parse) -> Scores:
    """`load(path)` gives the normalised document of a seed file."""
    s = Scores()
    for path in sorted(SEEDS.glob("*.txt")):
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        parsed = parse(load(path))
        score_doc(path.stem, parsed, gold, s)
    return s


def report(s: Scores) -> str:
    rows = [
        ("attendee F1", s.attendees.f1), ("titles", s.titles.value), ("roles", s.roles.value),
        ("chair", s.chair.value), ("date", s.date.value), ("year", s.year.value), ("meeting name", s.name.value),
        ("locations F1", s.locations.f1), ("credits F1", s.credits.f1), ("speakers F1", s.speakers.f1),
        ("directive samples", s.samples.value),
    ] + [(k, r.value) for k, r in sorted(s.attrs.items())]
    lines = [f"{k:18} {v:.3f}" for k, v in rows]
    lines.append(f"meetings           {s.meetings}")
    lines.append(f"mention errors     {s.mention_errors}")
    lines.append(f"directives         {s.directive_counts}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import normaliser  # type: ignore[import-not-found]

    from etl.parse import parse

    t0 = time.perf_counter()
    scores = score_all(lambda path: normaliser()(path.read_text(encoding="utf-8")), parse)
    print(report(scores))
    print(f"(took {time.perf_counter() - t0:.2f}s incl. warm-up)")
    if "-v" in sys.argv:
        for r in [s for s in vars(scores).values() if isinstance(s, Ratio)] + list(scores.attrs.values()):
            for miss in r.misses:
                print("  miss:", miss)
        for note in scores.notes:
            print("  note:", note)
