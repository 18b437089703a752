"""HTML input: a web page → its article's main text, with a map back into the page.

`.html`/`.htm` files, and files of another name that start as a page does
(`<!DOCTYPE html`, `<html`), are web pages: the article is wrapped in a navigation bar, scripts,
style sheets, share buttons, related links and a footer. `extract(page)` keeps only the
article, so that none of that reaches normalising and parsing, and returns an
`OffsetMap` from every extracted character to its place in the page's HTML (the raw text
that `documents.raw_text` keeps).

Which text is the article is decided by trafilatura (a maintained main-content
extractor: boilerplate detection over the DOM with jusText/readability fallbacks, and
page metadata). Its output is plain text that cannot be traced to the HTML, so it is
only used to choose the blocks: the page is split here into its visible text (tags,
comments, scripts and styles skipped, entities decoded, each character remembering its
position in the HTML), and each line trafilatura kept is located in that text, in
order, ignoring white space. The extracted text is built from the page's own
characters, so each maps exactly to the HTML it came from (an entity to the whole
`&...;`; white space inside a block becomes one space, mapped to the whole run).

The headline comes first: the page's `<h1>`, else its `<title>` (up to a " - site name"
or " | site name" suffix); trafilatura's first line is dropped when it is the same. Then one
line with the page's publication date when trafilatura finds one in the page (meta tags,
a visible date line) and that date is not already in the article text: its characters
are located in the HTML like the others (it is skipped when they cannot be).
"""

from __future__ import annotations

import html as _html
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from etl.spans import OffsetMap

HTML_SUFFIXES = (".html", ".htm")

# What is not visible text: comments, the contents of script-like elements, tags.
_SKIP = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|template|svg|head)\b[^>]*>.*?(?:</\1\s*>|$)|<[!?/]?[a-zA-Z][^>]*>",
    re.I | re.S,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[a-zA-Z][a-zA-Z0-9]{1,31};?)")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_TITLE_SUFFIX = re.compile(r"\s*(?:[-_|–—]|\s[-_|–—]\s).{0,40}$")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_html(path: Path | str) -> bool:
    """Whether the file is named as a web page (.html, .htm)."""
    return str(path).lower().endswith(HTML_SUFFIXES)


def is_page(path: Path | str, data: bytes) -> bool:
    """Whether the file is read as a web page: named so, or a saved page under another
    name (it starts with `<!DOCTYPE html` or `<html`, after a UTF-8 BOM and white space)."""
    if is_html(path):
        return True
    head = data[:64].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str  # the article: headline, date line, then its blocks, one per line
    offsets: OffsetMap  # text → the page's HTML


class _Visible:
    """The visible characters of a page, each with the range of the HTML it came from."""

    def __init__(self, page: str, start: int = 0, end: int | None = None) -> None:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        stop = len(page) if end is None else end
        pos = start
        for m in _SKIP.finditer(page, start, stop):
            self._text(page, pos, m.start(), chars, starts, ends)
            pos = m.end()
        self._text(page, pos, stop, chars, starts, ends)
        self.chars, self.starts, self.ends = chars, starts, ends
        # without white space, for searching: dense[k] is chars[index[k]]
        self.index = [i for i, c in enumerate(chars) if not c.isspace()]
        self.dense = "".join(chars[i] for i in self.index)

    @staticmethod
    def _text(page: str, a: int, b: int, chars: list[str], starts: list[int], ends: list[int]) -> None:
        pos = a
        for m in _ENTITY.finditer(page, a, b):
            for i in range(pos, m.start()):
                chars.append(page[i])
                starts.append(i)
                ends.append(i + 1)
            decoded = _html.unescape(m.group())
            for ch in decoded:
                chars.append(ch)
                starts.append(m.start())
                ends.append(m.end())
            pos = m.end()
        for i in range(pos, b):
            chars.append(page[i])
            starts.append(i)
            ends.append(i + 1)

    def find(self, line: str, cursor: int) -> tuple[int, int] | None:
        """(first, last + 1) in `chars` of `line`, white space ignored, at or after
        dense position `cursor`; None when it is not there."""
        needle = _SPACE.sub("", line)
        if not needle:
            return None
        k = self.dense.find(needle, cursor)
        if k < 0:
            return None
        return self.index[k], self.index[k + len(needle) - 1] + 1

    def dense_after(self, char_end: int) -> int:
        """The dense position of the first non-space character at or after `char_end`."""
        import bisect

        return bisect.bisect_left(self.index, char_end)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add_block(self, vis: _Visible, first: int, stop: int) -> None:
        """Characters first..stop-1 of the visible text as one line; white space runs
        become one space mapped to the whole run."""
        if self.parts:
            at = vis.starts[first]
            self.parts.append("\n")  # the line break between blocks: inserted, maps to nothing
            self.starts.append(at)
            self.ends.append(at)
        i = first
        while i < stop:
            ch = vis.chars[i]
            if ch.isspace():
                j = i
                while j < stop and vis.chars[j].isspace():
                    j += 1
                self.parts.append(" ")
                self.starts.append(vis.starts[i])
                self.ends.append(vis.ends[j - 1])
                i = j
                continue
            self.parts.append(ch)
            self.starts.append(vis.starts[i])
            self.ends.append(vis.ends[i])
            i += 1

    def result(self, source_len: int) -> Extracted:
        return Extracted("".join(self.parts), OffsetMap(self.starts, self.ends, source_len))


def extract(page: str) -> Extracted:
    """The article in `page` (an HTML document as decoded), with its map into `page`."""
    lines, date = _main_lines(page)
    vis = _Visible(page)
    out = _Builder()
    cursor = 0

    head = _headline(page)
    if head is not None:
        h_vis = _Visible(page, *head)
        if h_vis.index:
            first, last = h_vis.index[0], h_vis.index[-1] + 1
            title = h_vis.dense
            out.add_block(h_vis, first, last)
            if lines and _SPACE.sub("", lines[0]) == title:  # trafilatura kept it: once is enough
                lines = lines[1:]
            located = vis.find(title, 0)
            if located is not None and head[0] > _head_end(page):  # an <h1>: the article follows it
                cursor = vis.dense_after(located[1])

    if date is not None and not _has_date(_SPACE.sub("", "".join(lines)), date):
        found = _locate_date(vis, date)
        if found is not None:
            out.add_block(vis, *found)

    for line in lines:
        found = vis.find(line, cursor)
        if found is None:
            found = vis.find(line, 0)  # out of order in the page (rare): take it where it is
            if found is None:
                continue
        else:
            cursor = vis.dense_after(found[1])
        out.add_block(vis, *found)
    return out.result(len(page))


def _main_lines(page: str) -> tuple[list[str], str | None]:
    """trafilatura's main-text lines and the page's publication date (YYYY-MM-DD)."""
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=True,
                                      deduplicate=False)
    if doc is None:
        return [], None
    text = getattr(doc, "text", None) or ""
    date = getattr(doc, "date", None)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines, date if isinstance(date, str) and _DATE.fullmatch(date) else None


def _head_end(page: str) -> int:
    m = re.search(r"</head\s*>|<body\b", page, re.I)
    return m.start() if m else 0


def _headline(page: str) -> tuple[int, int] | None:
    """The HTML range of the headline's text: the first non-empty <h1>, else <title>
    without a trailing site name."""
    for h1 in _H1.finditer(page):
        if _Visible(page, h1.start(1), h1.end(1)).dense:
            return h1.start(1), h1.end(1)
    m = _TITLE.search(page)
    if m is None:
        return None
    inner = m.group(1)
    cut = _TITLE_SUFFIX.search(inner)
    end = m.start(1) + (cut.start() if cut and cut.start() > 0 else len(inner))
    return (m.start(1), end) if _Visible(page, m.start(1), end).dense else None


def _has_date(text: str, date: str) -> bool:
    y, mo, d = (int(x) for x in date.split("-"))
    return f"{y}年" in text or date in text or f"{y}-{mo}-{d}" in text or f"{y}/{mo:02d}/{d:02d}" in text


def _locate_date(vis: _Visible, date: str) -> tuple[int, int] | None:
    """The visible date line (e.g. `2021-11-18 10:05`) naming `date`, as written."""
    y, mo, d = (int(x) for x in date.split("-"))
    pattern = re.compile(rf"{y}\s*[-/.年]\s*0?{mo}\s*[-/.月]\s*0?{d}\b日?")
    text = "".join(vis.chars)
    m = pattern.search(text)
    if m is None:
        return None
    return m.start(), m.end()


_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I | re.S
)
# A page that declares GB2312 or GBK is decoded as GB18030, their superset (as browsers do:
# pages labelled gb2312 hold GBK characters).
_GB_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "chinese", "iso-ir-58", "cp936"})


def declared_charset(data: bytes) -> str | None:
    """The Python codec the page declares in its first 4 KB (`<meta charset=...>` or
    `<meta http-equiv="Content-Type" content="text/html; charset=...">`), if it is a
    Unicode or Chinese one."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    import codecs

    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return codec if codec in _CHINESE_OR_UNICODE else None


# Declarations honoured; a page declaring a Western single-byte charset (iso-8859-1,
# windows-1252: often a template's default on a GBK page) would decode into mojibake
# without an error, so it is detected like any file.
_CHINESE_OR_UNICODE = frozenset({"utf-8", "gb18030", "big5", "cp950", "big5hkscs", "utf-16", "utf-16-le", "utf-16-be"})
