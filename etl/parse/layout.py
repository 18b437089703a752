"""The lines of a document and what each is: headline, body, caption, credit or footer.

The normaliser marks segments; this module splits them into lines and settles the kinds
it left as plain body (a crude normaliser may mark everything as body): leading lines
that read as a headline, lines wholly in parentheses (photo captions), credit lines
(编辑: …) and boilerplate footers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.normalise import NormalisedDocument, SegmentKind
from etl.parse import lexicon
from etl.parse.text import sentences, trim
from etl.spans import Span


@dataclass(frozen=True, slots=True)
class Line:
    span: Span
    kind: SegmentKind


def line_sentences(text: str, line: Line) -> tuple[Span, ...]:
    """`text.sentences` of a line, worked out once per line of a document: the meeting
    finders and every meeting's directives walk the same lines."""
    return _sentences(text, line.span.start, line.span.end)


@lru_cache(maxsize=2048)
def _sentences(text: str, start: int, end: int) -> tuple[Span, ...]:
    return tuple(sentences(text, Span(start, end)))


_DATE_LEAD = re.compile(r"^\s*(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日")
_DATELINE = re.compile(r"^[^\s,。]{1,12}?(?:\d{1,2}月\d{1,2}日)?讯|\d{1,2}日电")
_CAPTION = re.compile(r"^\(.*\)$")
_HEADLINE_MAX = 120


def lines(doc: NormalisedDocument) -> list[Line]:
    """Non-blank lines of the document in order, each with its kind."""
    raw: list[Line] = []
    text = doc.text
    for seg in doc.segments:
        pos = seg.span.start
        for piece in seg.span.of(text).split("\n"):
            span = trim(text, Span(pos, pos + len(piece)), " \t\r\u3000")
            if len(span):
                raw.append(Line(span, seg.kind))
            pos += len(piece) + 1
    has_headline = any(ln.kind == "headline" for ln in raw)
    out: list[Line] = []
    in_head = not has_headline
    for ln in raw:
        kind = ln.kind
        body = ln.span.of(text)
        if kind == "body":
            kind = _refine(body)
            if kind == "body" and in_head and _looks_like_headline(body):
                kind = "headline"
        if kind == "headline" and _is_byline(body):
            kind = "credit"
        if kind not in ("headline",):
            in_head = False
        out.append(Line(ln.span, kind))
    return out


def _refine(line: str) -> SegmentKind:
    if any(line.startswith(cue) for cue in lexicon.words("footer_cues")):
        return "footer"
    if _CAPTION.match(line):
        return "caption"
    if _is_credit_line(line):
        return "credit"
    return "body"


def _is_credit_line(line: str) -> bool:
    """Short lines holding a credit (编辑:张三 / 记者 李四 / 会议现场 记者 王五 摄)."""
    if len(line) > 40 or "。" in line:
        return False
    if line.startswith("来源"):
        return True
    if any(cue in line for cue in lexicon.words("hold_verbs")):
        return False
    return lexicon.credit_regex().search(line) is not None


def _is_byline(line: str) -> bool:
    """A short line closed by a labelled credit, after at most an outlet name: 某网记者 甲 乙
    (taken into the headline block by the normaliser, as it opens with no label)."""
    if len(line) > 40 or "。" in line or re.search(r"\d", line):
        return False
    core = line.rstrip(" \t\u3000?")
    found = list(lexicon.credit_regex().finditer(core))
    return bool(found) and found[-1].end() == len(core) and found[0].start() <= 12


def _looks_like_headline(line: str) -> bool:
    if len(line) > _HEADLINE_MAX or "。" in line or line.startswith("("):
        return False
    if _DATE_LEAD.match(line) or _DATELINE.search(line[:24]):
        return False
    return True

