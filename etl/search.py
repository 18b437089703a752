"""Full-text search over the database (`etl search`): directives, meeting names or
document bodies holding every word of a query, with the meeting each belongs to (name,
date, place) and a snippet of the text around the first word found.

The FTS5 tables (etl.db.search_rows) find the rows; a Chinese word matches wherever it
occurs in the text (the rows `LIKE '%word%'` finds), a Latin word or number matches a
whole word. Hits come best first (FTS5's bm25 rank), then by id. The snippet is made
here from the stored text, with each occurrence of a query word marked.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy import Engine, text

from etl.db.search_rows import FTS_BY_CONTENT, han_words, match_expression

Where = Literal["directives", "meetings", "documents"]
WHERE: tuple[Where, ...] = ("directives", "meetings", "documents")
SNIPPET_CONTEXT = 30  # characters either side of the first word found
MARK = ("[", "]")


class EmptyQuery(ValueError):
    """The query holds no word to search for."""


@dataclass(frozen=True, slots=True)
class Hit:
    table: str  # directives, meetings or documents
    id: int  # the row's id in that table
    document_id: int
    path: str
    meeting_id: int | None
    meeting: str | None
    date: str | None  # ISO date when known, else the date as written
    place: str | None  # province and city of the meeting
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    table: str
    total: int  # rows matching (hits holds at most the limit)
    hits: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "in": self.table, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


_MEETING = "m.id, m.name, m.date, m.date_text, m.province, m.city"
_SQL: dict[str, str] = {
    "directives": f"""
        SELECT d.id, d.document_id, doc.path, {_MEETING}, d.text
        FROM directives_fts f JOIN directives d ON d.id = f.rowid
        JOIN meetings m ON m.id = d.meeting_id JOIN documents doc ON doc.id = d.document_id
        WHERE directives_fts MATCH :q ORDER BY f.rank, d.id LIMIT :limit""",
    "meetings": f"""
        SELECT m.id, m.document_id, doc.path, {_MEETING}, m.name
        FROM meetings_fts f JOIN meetings m ON m.id = f.rowid JOIN documents doc ON doc.id = m.document_id
        WHERE meetings_fts MATCH :q ORDER BY f.rank, m.id LIMIT :limit""",
    "documents": f"""
        SELECT doc.id, doc.id, doc.path, {_MEETING}, doc.normalised_text
        FROM documents_fts f JOIN documents doc ON doc.id = f.rowid
        LEFT JOIN meetings m ON m.document_id = doc.id AND m.seq = 1
        WHERE documents_fts MATCH :q ORDER BY f.rank, doc.id LIMIT :limit""",
}
# Rows of the FTS table whose row is still stored (a row deleted by hand is left in the index).
_COUNT = "SELECT count(*) FROM {fts} f JOIN {table} t ON t.id = f.rowid WHERE {fts} MATCH :q"


def search(engine: Engine, query: str, where: Where = "directives", limit: int = 20) -> SearchResult:
    """The rows of `where` holding every word of `query`, best first, at most `limit`."""
    expression = match_expression(query)
    if expression is None:
        raise EmptyQuery(query)
    fts = FTS_BY_CONTENT[where].name
    words = _words(query)
    with engine.connect() as conn:
        total = conn.execute(text(_COUNT.format(fts=fts, table=where)), {"q": expression}).scalar_one()
        rows = conn.execute(text(_SQL[where]), {"q": expression, "limit": limit}).all()
    hits = [
        Hit(table=where, id=r[0], document_id=r[1], path=r[2], meeting_id=r[3], meeting=r[4],
            date=r[5] or r[6], place=_place(r[7], r[8]), snippet=snippet(r[9] or "", words))
        for r in rows
    ]
    return SearchResult(query=query, table=where, total=total, hits=hits)


def _place(province: str | None, city: str | None) -> str | None:
    parts = [p for p in (province, city) if p]
    return " ".join(dict.fromkeys(parts)) or None


def _words(query: str) -> list[str]:
    """What to mark in a snippet: the Chinese words and the other words of the query."""
    words = han_words(query)
    words += re.findall(r"[^\W_]+", re.sub("|".join(map(re.escape, words)) or "^$", " ", query))
    return sorted(set(words), key=len, reverse=True)


def snippet(body: str, words: list[str], context: int = SNIPPET_CONTEXT) -> str:
    """The text around the first word of `words` found in `body` (case-insensitive), with
    every occurrence in it marked [like this]; line breaks become spaces."""
    if not words:
        return _flat(body[: 2 * context])
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    first = pattern.search(body)
    if first is None:
        return _flat(body[: 2 * context]) + ("…" if len(body) > 2 * context else "")
    start, end = max(0, first.start() - context), min(len(body), first.end() + context)
    piece = pattern.sub(lambda m: f"{MARK[0]}{m.group()}{MARK[1]}", body[start:end])
    return ("…" if start > 0 else "") + _flat(piece) + ("…" if end < len(body) else "")


def _flat(piece: str) -> str:
    return re.sub(r"\s+", " ", piece).strip()
