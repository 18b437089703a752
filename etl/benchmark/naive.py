"""The naive baseline of the load benchmark: what a straightforward single-process script
does with the same files. Decode (byte-order mark, else UTF-8, else GB18030, else Big5,
else UTF-8 with replacement), convert with `opencc.OpenCC('t2s')`, tag with
`jieba.posseg`, and insert the document and its tokens into SQLite, one transaction per
document as `etl load` does. No repair, no parsing: a lower bound on the work.

    python -m etl.benchmark.naive FOLDER DB [--limit K]
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import sqlite3
from pathlib import Path

DOES = "decode, OpenCC t2s, jieba.posseg, one INSERT per document and per token batch"  # shown with its figures

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for codec in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def files_of(folder: Path, limit: int | None = None) -> list[Path]:
    """The files the baseline reads: the first `limit` of the folder in name order."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return files if limit is None else files[:limit]


def load(files: list[Path], db: Path) -> int:
    """Load `files` into a new SQLite database at `db`; return the number of tokens."""
    import jieba
    import jieba.posseg
    import opencc

    jieba.setLogLevel(60)
    converter = opencc.OpenCC("t2s")
    con = sqlite3.connect(db)
    con.execute("create table documents (id integer primary key, path text unique, sha256 text, text text)")
    con.execute("create table tokens (document_id integer, seq integer, word text, flag text)")
    tokens = 0
    for path in files:
        data = path.read_bytes()
        text = converter.convert(decode(data))
        with con:
            cur = con.execute(
                "insert into documents (path, sha256, text) values (?, ?, ?)",
                (str(path), hashlib.sha256(data).hexdigest(), text),
            )
            rows = [(cur.lastrowid, i, p.word, p.flag) for i, p in enumerate(jieba.posseg.cut(text))]
            con.executemany("insert into tokens values (?, ?, ?, ?)", rows)
        tokens += len(rows)
    con.close()
    return tokens


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m etl.benchmark.naive", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    load(files_of(args.folder, args.limit), args.db)


if __name__ == "__main__":
    main()
