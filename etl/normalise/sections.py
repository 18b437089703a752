"""Step f: split the normalised text into headline / body / caption / credit / footer.

Nothing is deleted: boilerplate is only marked, so every span stays traceable. One
section per non-blank line (leading and trailing spaces left out), except that a credit
bracket closing the last sentence of a paragraph (…参会。(张三 李四)) becomes a credit
section of its own. Rules (cue words, patterns, limits) come from sections.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from etl.normalise import SegmentKind
from etl.normalise._data import rules
from etl.spans import Span

Kind = SegmentKind
_EDGE_SPACES = " \t\u3000"


@dataclass(frozen=True, slots=True)
class Section:
    kind: Kind
    span: Span
    boilerplate: bool = False  # editorial footer matter (编辑, 审核, 来源 …), not the story


@dataclass(frozen=True, slots=True)
class _Rules:
    cfg: dict[str, Any]
    lead: tuple[re.Pattern[str], ...]
    footer_anchored: tuple[re.Pattern[str], ...]
    footer_anywhere: tuple[re.Pattern[str], ...]
    credit_line: re.Pattern[str]
    boilerplate_labels: frozenset[str]
    name_list: re.Pattern[str]
    inline_credit: re.Pattern[str]


@cache
def _rules() -> _Rules:
    cfg = rules("sections.json")
    credit = cfg["credit"]
    labels = sorted((lab["label"] for lab in credit["labels"]), key=len, reverse=True)
    prefixes = "|".join(re.escape(p) for p in credit["prefixes"])
    label_alt = "|".join(re.escape(lab) for lab in labels)
    after = re.escape(credit["inline_after"])
    return _Rules(
        cfg=cfg,
        lead=tuple(re.compile(p) for p in cfg["headline"]["lead_patterns"]),
        footer_anchored=_any_of(cfg["footer"]["anchored"]),
        footer_anywhere=_any_of(cfg["footer"]["anywhere"]),
        # label, then a separator or straight into a name: 记者 张三 / 编辑:李四 / 文/王五
        credit_line=re.compile(rf"^(?:{prefixes})*(?P<label>{label_alt})[\s:]*[^\s:。,]"),
        boilerplate_labels=frozenset(lab["label"] for lab in credit["labels"] if lab["boilerplate"]),
        name_list=re.compile(credit["name_list_pattern"]),
        inline_credit=re.compile(rf"(?<=[{after}])[ \u3000]*(?P<bracket>\((?P<inner>[^()\n]{{1,40}})\))$"),
    )


def _any_of(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns of which a line matching any one is wanted: those without groups or flags
    of their own joined into one alternation (one search per line instead of one each),
    the others kept apart."""
    compiled = [re.compile(p) for p in patterns]
    plain = [p.pattern for p in compiled if p.groups == 0 and p.flags == re.UNICODE]
    rest = tuple(p for p in compiled if not (p.groups == 0 and p.flags == re.UNICODE))
    return ((re.compile("|".join(f"(?:{p})" for p in plain)),) if plain else ()) + rest


def split_sections(text: str) -> list[Section]:
    lines = _lines(text)
    kinds = [_fixed_kind(text[s.start : s.end]) for s in lines]
    head = _headline_lines(text, lines, kinds)
    sections: list[Section] = []
    for k, span in enumerate(lines):
        fixed = kinds[k]
        if k in head:
            sections.append(Section("headline", span))
        elif fixed is not None:
            sections.append(Section(fixed[0], span, fixed[1]))
        else:
            sections.extend(_body(text, span))
    return sections


def _lines(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for piece in text.split("\n"):
        stripped = piece.strip(_EDGE_SPACES)
        if stripped:
            start = pos + piece.index(stripped)
            spans.append(Span(start, start + len(stripped)))
        pos += len(piece) + 1
    return spans


def _fixed_kind(line: str) -> tuple[Kind, bool] | None:
    """Kinds decided by the line alone: footer, caption, credit; None for the rest."""
    r = _rules()
    footer = r.cfg["footer"]
    if any(p.search(line) for p in r.footer_anchored) or (
        len(line) <= footer["anywhere_max_chars"] and any(p.search(line) for p in r.footer_anywhere)
    ):
        return "footer", True
    if _wholly_bracketed(line):
        credit = _credit_inner(line[1:-1].strip(_EDGE_SPACES))
        return ("credit", credit) if credit is not None else ("caption", False)
    label = _credit_label(line)
    if label is not None:
        return "credit", label in r.boilerplate_labels
    caption = r.cfg["caption"]
    if len(line) <= caption["max_chars"] and "。" not in line and (
        line.startswith(tuple(caption["prefixes"])) or line.endswith(tuple(caption["suffixes"]))
    ):
        return "caption", False
    return None


_BRACKETS = {"(": ")", "【": "】", "[": "]"}


def _wholly_bracketed(line: str) -> bool:
    """True when the line is one bracketed group: its first bracket closes at the end."""
    close = _BRACKETS.get(line[:1])
    if close is None or len(line) < 2 or line[-1] != close:
        return False
    depth = 0
    for i, ch in enumerate(line):
        depth += ch == line[0]
        depth -= ch == close
        if depth == 0:
            return i == len(line) - 1
    return False


def _credit_label(line: str) -> str | None:
    r = _rules()
    if len(line) > r.cfg["credit"]["max_chars"] or "。" in line:
        return None
    m = r.credit_line.match(line)
    return m.group("label") if m else None


def _credit_inner(inner: str) -> bool | None:
    """For the inside of a bracket: None if it is no credit, else whether it is boilerplate."""
    label = _credit_label(inner)
    if label is not None:
        return label in _rules().boilerplate_labels
    if _rules().name_list.match(inner):
        return False
    return None


def _headline_lines(text: str, lines: list[Span], kinds: list[tuple[Kind, bool] | None]) -> set[int]:
    """Indexes of the leading lines that form the headline (see sections.json)."""
    cfg = _rules().cfg["headline"]
    block: list[int] = []
    for k, span in enumerate(lines[: cfg["max_lines"] + 1]):
        if kinds[k] is not None or _is_lead(span.of(text)):
            return set(block)
        block.append(k)
    # No lead paragraph closed the block: trust only a short first line followed by more.
    if len(lines) > 1 and kinds[0] is None and not _is_lead(lines[0].of(text)):
        return {0}
    return set()


def _is_lead(line: str) -> bool:
    cfg = _rules().cfg["headline"]
    if len(line) > cfg["max_chars"] or any(m in line for m in cfg["sentence_marks"]):
        return True
    if "," in line and len(line) > cfg["comma_line_min_chars"]:
        return True
    return any(p.search(line) for p in _rules().lead)


def _body(text: str, span: Span) -> list[Section]:
    """A body line, with a closing credit bracket split off."""
    m = _rules().inline_credit.search(span.of(text))
    if m is None or m.start() == 0:
        return [Section("body", span)]
    credit = _credit_inner(m.group("inner").strip(_EDGE_SPACES))
    if credit is None:
        return [Section("body", span)]
    body_end = span.start + m.start()
    bracket = Span(span.start + m.start("bracket"), span.start + m.end("bracket"))
    return [Section("body", Span(span.start, body_end)), Section("credit", bracket, credit)]
