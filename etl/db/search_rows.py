"""Full-text search rows: the text SQLite's FTS5 indexes for directives, meeting names and
document bodies, and the MATCH expressions that find a Chinese word in them.

SQLite's own tokenisers cannot find a two-character Chinese word: `unicode61` takes a run
of Han characters for one token, `trigram` needs three characters. So the text given to
FTS5 (tokenised with plain `unicode61`, no extension needed) is the original text with
every run of Han characters replaced by its 2-grams in order, space-separated, followed
by its last character (核酸检测 → 核酸 酸检 检测 测; a run of one character stays as it
is). Other text (Latin letters, digits) is passed on as it is.

What a search finds is therefore exactly the rows whose text holds the Chinese word (the
same rows as `LIKE '%word%'`), whatever a word segmenter would have made of it:

- a two-character word is one token: `directives_fts MATCH '核酸'` in the `sqlite3`
  shell or `?_search=核酸` in Datasette finds every row holding 核酸, and only those;
- a longer word is the phrase of its 2-grams (`"核酸 酸检 检测"`), which matches only
  consecutive 2-grams of one run: the chain of a run ends with a one-character token, so
  no phrase crosses from one run to the next;
- one character is a prefix query (`"核" *`): every character of a run starts a 2-gram
  or is the run's last character.

Why not a word segmenter (jieba, as the parser uses) with the words' parts: a word's
boundaries depend on its context and on the dictionary, so 核酸 inside a longer word or
across two words would be missed, and a dictionary change would make the index disagree
with what a later deletion computes. Why not 3- and 4-grams too (so that a plain MATCH of
a three- or four-character word is one token): they make the index about three times
larger and the load slower; `etl search` writes the phrase for you.

The FTS5 tables are external-content tables (`content="directives"`, rowid = the row's id)
so that Datasette finds them for their tables; their content columns hold the original
text, the index holds the n-grams. The n-grams are a pure function of the stored text
(`index_text`), which lets the store remove a row from the index (FTS5's 'delete' needs
the text that was indexed) by computing them again. Change `index_text` only with a
migration that rebuilds the index (`rebuild_sql`).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.db.rows import DocumentRows


@dataclass(frozen=True, slots=True)
class FtsTable:
    name: str  # the FTS5 table
    content: str  # the table it indexes (rowid = content.id)
    column: str  # the indexed column of `content`
    what: str  # for schema.md and `etl search --in`


FTS_TABLES = (
    FtsTable("directives_fts", "directives", "text", "directives (directives.text)"),
    FtsTable("meetings_fts", "meetings", "name", "meeting names (meetings.name)"),
    FtsTable("documents_fts", "documents", "normalised_text", "document bodies (documents.normalised_text)"),
)
FTS_BY_CONTENT = {t.content: t for t in FTS_TABLES}
# FTS5 keeps each table's index in shadow tables named after it.
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def fts_table_names() -> frozenset[str]:
    """Every table name the FTS tables occupy (virtual and shadow tables)."""
    return frozenset(t.name + s for t in FTS_TABLES for s in ("", *SHADOW_SUFFIXES))


def create_sql(table: FtsTable) -> str:
    return (f'CREATE VIRTUAL TABLE {table.name} USING fts5({table.column}, content="{table.content}", '
            f"content_rowid=\"id\", tokenize='unicode61')")


# Han characters (CJK unified ideographs, extensions, compatibility ideographs and 〇);
# unicode61 counts all of them as token characters.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_HAN_ONLY = re.compile(f"[{_HAN}]+")


def _bigrams(run: str) -> str:
    return " ".join(map(operator.add, run, run[1:]))


def _han(m: re.Match[str]) -> str:
    run = m.group()
    if len(run) == 1:
        return f" {run} "
    return f" {_bigrams(run)} {run[-1]} "


def index_text(text: str | None) -> str:
    """The text FTS5 indexes for `text`: each Han run as its 2-grams and last character
    (see the module's docstring), other text as it is."""
    return _HAN_RUN.sub(_han, text) if text else ""


def search_rows(rows: DocumentRows) -> dict[str, list[str]]:
    """The indexed text of a document's rows, per FTS table, in the rows' order (the
    store gives them the rows' ids)."""
    return {
        "documents_fts": [index_text(rows.document["normalised_text"])],
        "meetings_fts": [index_text(r["name"]) for r in rows.meetings],
        "directives_fts": [index_text(r["text"]) for r in rows.directives],
    }


# --- queries ------------------------------------------------------------------------------

def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _han_term(run: str) -> str:
    if len(run) == 1:
        return _quote(run) + " *"  # a 2-gram starting with it, or a run's last character
    return _quote(_bigrams(run))  # one token, or the phrase of the 2-grams in order


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression finding the rows that hold every word of `query`
    (words separated by spaces). A Chinese word matches where it occurs in the text; a
    Latin word or number matches a whole word, case-insensitively. None when the query
    has nothing to search for."""
    terms: list[str] = []
    for word in query.split():
        pos = 0
        for m in _HAN_RUN.finditer(word):
            terms += _plain_terms(word[pos : m.start()])
            terms.append(_han_term(m.group()))
            pos = m.end()
        terms += _plain_terms(word[pos:])
    return " AND ".join(dict.fromkeys(terms)) or None


_PLAIN_TOKEN = re.compile(r"[^\W_]+")


def _plain_terms(text: str) -> list[str]:
    return [_quote(t) for t in _PLAIN_TOKEN.findall(text)]


def han_words(query: str) -> list[str]:
    """The Chinese words of `query` (its runs of Han characters), for highlighting."""
    return _HAN_ONLY.findall(query)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's include_name: the FTS tables are not models, so autogenerate and the
    drift check leave them out."""
    return not (type_ == "table" and name in fts_table_names())
