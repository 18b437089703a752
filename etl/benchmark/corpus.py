"""Seeded corpus generator for the load benchmark: N articles varied from the seeds.

Every document is made from a seed template (etl.benchmark.templates) with its own
`random.Random(f"{seed}/{i}")`, so the same seed and N give byte-identical files in any
order. What varies, roughly as on real pages:

- people: invented names (a surname of reference/surnames.txt + one or two characters of
  benchmark/given_name_chars.txt), one consistent name per person within a document;
- places: other divisions of the same level from reference/divisions.csv;
- meeting dates: another month and day, the year 2020-2022 or left out;
- script: ~30% Traditional (OpenCC s2t), half of those with pinyin glued after
  characters as some pages have it, 領(lǐng) (benchmark/pinyin_readings.txt);
- damage: ~40% with GBK byte-loss mojibake made as etl/repair/benchmark.py makes it
  (encode GBK, drop one byte, decode as a browser does), some doubled punctuation
  (`,,` `,、`), photo captions and footers (benchmark/page_chrome.json), CRLF lines;
- encoding: mostly UTF-8, some GB18030, some Big5 (Traditional text that Big5 can
  encode), a few UTF-16 with a byte-order mark.

Files are named g000000.txt, g000001.txt ... so that sorting is stable.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from etl.benchmark.templates import Division, Template, divisions, load_templates
from etl.reference._data import lines as reference_lines
from etl.repair.gbk import browser_decode, encode

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "benchmark"

TRADITIONAL_SHARE = 0.30
PINYIN_SHARE = 0.5  # of the Traditional documents
MOJIBAKE_SHARE = 0.40
DOUBLED_PUNCTUATION_SHARE = 0.15
CAPTION_SHARE = 0.2
FOOTER_SHARE = 0.3
CRLF_SHARE = 0.2
YEAR_SHARE = 0.5  # dates written with a year
YEARS = (2020, 2021, 2022)
# (codec, weight); a page falls back to UTF-8 when its text holds a character the codec lacks
ENCODINGS = (("utf-8", 0.73), ("gb18030", 0.15), ("big5", 0.08), ("utf-16", 0.04))
_BIG5_WEIGHT = dict(ENCODINGS)["big5"]


@dataclass(frozen=True, slots=True)
class GeneratedDocument:
    name: str  # g000123.txt
    data: bytes
    template: str  # the seed it was made from
    encoding: str
    traditional: bool
    pinyin: bool
    mojibake: bool
    doubled_punctuation: bool
    caption: bool
    footer: bool


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    files: int
    bytes: int
    counts: dict[str, int] = field(default_factory=dict)  # feature → documents with it


def _list(name: str) -> tuple[str, ...]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@cache
def given_name_chars() -> tuple[str, ...]:
    return _list("given_name_chars.txt")


@cache
def single_surnames() -> tuple[str, ...]:
    return tuple(s for s in reference_lines("surnames.txt") if len(s) == 1)


@cache
def pinyin_readings() -> dict[str, str]:
    return dict(ln.split("\t", 1) for ln in _list("pinyin_readings.txt"))


@cache
def page_chrome() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = json.loads((DATA_DIR / "page_chrome.json").read_text(encoding="utf-8"))
    return tuple(data["captions"]), tuple(data["footers"])


@cache
def _divisions_by_level() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for d in divisions():
        out.setdefault(d.level, []).append(d)
    return {level: tuple(ds) for level, ds in out.items()}


@cache
def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


@cache
def to_traditional(text: str, config: str = "s2t") -> str:
    """OpenCC s2t (s2tw for Big5 pages: Taiwan forms such as 為 that Big5 has), cached:
    template pieces recur in every document made from them."""
    return str(_converter(config).convert(text))


def invent_name(rng: random.Random) -> str:
    given = given_name_chars()
    size = 2 if rng.random() < 0.7 else 1
    return rng.choice(single_surnames()) + "".join(rng.choice(given) for _ in range(size))


def _date(rng: random.Random, suffix: str) -> str:
    year = f"{rng.choice(YEARS)}年" if rng.random() < YEAR_SHARE else ""
    return f"{year}{rng.randint(1, 12)}月{rng.randint(1, 28)}日{suffix}"


def _fill(template: Template, rng: random.Random) -> list[str]:
    """The template's pieces with every slot filled (one filler per key)."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    places: dict[int, Division] = {}
    out: list[str] = []
    for piece in template.pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "name":
            if piece.key not in names:
                name = invent_name(rng)
                while name in taken:
                    name = invent_name(rng)
                names[piece.key] = name
                taken.add(name)
            out.append(names[piece.key])
        elif piece.kind == "place":
            if piece.key not in places:
                places[piece.key] = rng.choice(_divisions_by_level()[piece.level])
            d = places[piece.key]
            out.append(d.short if piece.short else d.name)
        else:
            out.append(_date(rng, piece.suffix))
    return out


def _chrome(pattern: str, rng: random.Random) -> str:
    place = rng.choice(_divisions_by_level()["city"]).short
    return pattern.format(name=invent_name(rng), name2=invent_name(rng), place=place)


def _insert_caption(pieces: list[str], caption: str) -> list[str]:
    """The caption as a line of its own after the second line (headline, lead)."""
    seen = 0
    for i, piece in enumerate(pieces):
        at = -1
        while (at := piece.find("\n", at + 1)) >= 0:
            seen += 1
            if seen == 2:
                return pieces[:i] + [piece[: at + 1], caption + "\n", piece[at + 1 :]] + pieces[i + 1 :]
    return pieces + ["\n" + caption]


def _double_punctuation(text: str, rng: random.Random) -> str:
    commas = [i for i, ch in enumerate(text) if ch == ","]
    if not commas:
        return text
    chosen = sorted(rng.sample(commas, min(len(commas), rng.randint(1, 3))), reverse=True)
    for i in chosen:
        text = text[: i + 1] + rng.choice((",", "、")) + text[i + 1 :]
    return text


@cache
def _pinyin_table() -> dict[int, str]:
    return {ord(ch): f"{ch}({reading})" for ch, reading in pinyin_readings().items()}


def _glue_pinyin(text: str) -> str:
    return text.translate(_pinyin_table())


def _drop_byte(text: str, rng: random.Random) -> str | None:
    """GBK byte-loss mojibake as etl/repair/benchmark.py makes it: one byte of a
    multi-byte character dropped, the rest decoded as a browser does; None when the
    damaged line is not all GBK."""
    if text.isascii():
        return None
    at = rng.randrange(len(text))
    while ord(text[at]) < 0x80:  # most characters are Han: a few draws find one
        at = rng.randrange(len(text))
    return drop_byte_at(text, at, rng.randrange(2))


def drop_byte_at(text: str, at: int, which: int) -> str | None:
    """`text` with byte `which` (0 or 1) of the GBK form of character `at` dropped and the
    bytes decoded as a browser does (the second byte only when it is not ASCII); None when
    the line is not all GBK.

    Only the damaged line is encoded and decoded: a newline byte is never read as part of
    a two- or four-byte sequence, so the browser decoder is back in step after it."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    try:
        data, own = encode(text[at:end]), encode(text[at])
    except ValueError:
        return None
    cut = which if which < len(own) and own[which] >= 0x80 else 0
    return text[:at] + browser_decode(data[:cut] + data[cut + 1 :]) + text[end:]


def _encode(text: str, codec: str) -> tuple[bytes, str]:
    try:
        return text.encode(codec), codec
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"


def generate_document(i: int, seed: int, templates: Sequence[Template]) -> GeneratedDocument:
    """Document number `i` of the corpus made with `seed` (pure).

    A Big5 page holds Traditional text without pinyin or GBK damage; the shares of the
    other pages are raised so that the shares of the whole corpus are the ones above."""
    rng = random.Random(f"{seed}/{i}")
    template = templates[rng.randrange(len(templates))]
    codec = rng.choices([c for c, _ in ENCODINGS], [w for _, w in ENCODINGS])[0]
    big5 = codec == "big5"
    pieces = _fill(template, rng)
    captions, footers = page_chrome()
    caption = rng.random() < CAPTION_SHARE
    footer = rng.random() < FOOTER_SHARE
    if caption:
        pieces = _insert_caption(pieces, _chrome(rng.choice(captions), rng))
    if footer:
        pieces.append(("" if pieces[-1].endswith("\n") else "\n") + _chrome(rng.choice(footers), rng) + "\n")
    other = 1 - _BIG5_WEIGHT
    traditional = big5 or rng.random() < (TRADITIONAL_SHARE - _BIG5_WEIGHT) / other
    pinyin = traditional and not big5 and rng.random() < PINYIN_SHARE
    config = "s2tw" if big5 else "s2t"
    text = "".join(to_traditional(p, config) for p in pieces) if traditional else "".join(pieces)
    doubled = rng.random() < DOUBLED_PUNCTUATION_SHARE
    if doubled:
        text = _double_punctuation(text, rng)
    if pinyin:
        text = _glue_pinyin(text)
    mojibake = False
    if not big5 and rng.random() < MOJIBAKE_SHARE / other:
        damaged = _drop_byte(text, rng)
        if damaged is not None:
            text, mojibake = damaged, True
    if rng.random() < CRLF_SHARE:
        text = text.replace("\n", "\r\n")
    data, codec = _encode(text, codec)
    return GeneratedDocument(
        f"g{i:06d}.txt", data, template.source, codec, traditional, pinyin, mojibake, doubled, caption, footer
    )


def generate(n: int, seed: int = 0, source: Path | None = None) -> Iterator[GeneratedDocument]:
    templates = load_templates(source)
    if not templates:
        raise ValueError(f"no article in {source} parses to a meeting; pass a folder of articles")
    for i in range(n):
        yield generate_document(i, seed, templates)


def write_corpus(folder: Path, n: int, seed: int = 0, source: Path | None = None) -> CorpusSummary:
    """Write N generated documents into `folder` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    counts: Counter[str] = Counter()
    for doc in generate(n, seed, source):
        (folder / doc.name).write_bytes(doc.data)
        size += len(doc.data)
        counts[doc.encoding] += 1
        for feature in ("traditional", "pinyin", "mojibake", "doubled_punctuation", "caption", "footer"):
            counts[feature] += getattr(doc, feature)
    return CorpusSummary(n, size, dict(sorted(counts.items())))
