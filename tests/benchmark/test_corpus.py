"""The corpus generator: repeatable, varied like real pages, and readable by the pipeline."""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.benchmark.corpus import drop_byte_at, generate, generate_document, write_corpus
from etl.benchmark.templates import Slot, load_templates, make_template
from etl.pipeline import process
from etl.read import read_file
from etl.repair.gbk import browser_decode, encode

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_same_seed_gives_the_same_bytes() -> None:
    first = [(d.name, d.data) for d in generate(25, seed=4)]
    assert first == [(d.name, d.data) for d in generate(25, seed=4)]
    assert first != [(d.name, d.data) for d in generate(25, seed=5)]


def test_a_document_does_not_depend_on_the_others() -> None:
    templates = load_templates()
    assert generate_document(17, 4, templates) == list(generate(18, seed=4))[17]


def test_written_files_sort_in_generation_order(tmp_path: Path) -> None:
    write_corpus(tmp_path, 12, seed=1)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"g{i:06d}.txt" for i in range(12)]


@pytest.fixture(scope="module")
def two_hundred() -> list:
    return list(generate(200, seed=0))


@pytest.mark.parametrize(
    ("feature", "low", "high"),
    [
        pytest.param("traditional", 0.2, 0.4, id="traditional-about-30pc"),
        pytest.param("mojibake", 0.3, 0.5, id="mojibake-about-40pc"),
        pytest.param("pinyin", 0.03, 0.3, id="pinyin"),
        pytest.param("doubled_punctuation", 0.05, 0.3, id="doubled-punctuation"),
        pytest.param("caption", 0.05, 0.4, id="captions"),
        pytest.param("footer", 0.1, 0.5, id="footers"),
    ],
)
def test_damage_and_script_shares(two_hundred: list, feature: str, low: float, high: float) -> None:
    share = sum(getattr(d, feature) for d in two_hundred) / len(two_hundred)
    assert low <= share <= high


@pytest.mark.parametrize(
    ("encoding", "low", "high"),
    [
        pytest.param("utf-8", 0.5, 0.9, id="mostly-utf8"),
        pytest.param("gb18030", 0.05, 0.3, id="gb18030"),
        pytest.param("big5", 0.02, 0.2, id="big5"),
        pytest.param("utf-16", 0.005, 0.1, id="utf16"),
    ],
)
def test_encodings(two_hundred: list, encoding: str, low: float, high: float) -> None:
    share = Counter(d.encoding for d in two_hundred)[encoding] / len(two_hundred)
    assert low <= share <= high


def test_utf16_files_open_with_a_byte_order_mark(two_hundred: list) -> None:
    utf16 = [d for d in two_hundred if d.encoding == "utf-16"]
    assert utf16 and all(d.data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) for d in utf16)


def test_average_size_is_that_of_a_news_article(two_hundred: list) -> None:
    assert 3000 <= sum(len(d.data) for d in two_hundred) / len(two_hundred) <= 7000


def test_every_file_is_read_and_parsed_to_a_meeting_with_invented_people(tmp_path: Path) -> None:
    seed_people = {
        a.name for p in sorted(SEEDS.iterdir()) for m in process(read_file(p)).parsed.meetings for a in m.attendees
    }
    for doc in generate(30, seed=2):
        path = tmp_path / doc.name
        path.write_bytes(doc.data)
        raw = read_file(path)
        parsed = process(raw).parsed
        assert parsed.meetings, doc.name
        assert raw.encoding.replace("-sig", "").startswith(doc.encoding.replace("-16", "-16")), doc.name
        people = {a.name for m in parsed.meetings for a in m.attendees}
        assert not people & seed_people, doc.name


def test_template_slots_cover_every_occurrence() -> None:
    text = "5月3日,市委书记钱明远主持召开会议。钱明远强调,鹤壁要抓紧。\n记者 孙小红\n"
    template = make_template("t", text, ["钱明远", "孙小红"], ["鹤壁"], [(0, 4)])
    slots = [p for p in template.pieces if isinstance(p, Slot)]
    assert [s.kind for s in slots] == ["date", "name", "name", "place", "name"]
    assert slots[1].key == slots[2].key != slots[4].key
    assert slots[3].level == "city" and slots[3].short
    assert not any("钱明远" in p or "鹤壁" in p for p in template.pieces if isinstance(p, str))


_TEXT = st.text(st.sampled_from("会议强调要求,。\n12ab领導"), min_size=1, max_size=40)


@given(_TEXT, st.integers(0, 39), st.integers(0, 1))
def test_damaging_one_line_equals_damaging_the_whole_document(text: str, at: int, which: int) -> None:
    at = at % len(text)
    if ord(text[at]) < 0x80:
        return
    own = encode(text[at])
    cut = len(encode(text[:at])) + (which if own[which] >= 0x80 else 0)
    whole = encode(text)
    assert drop_byte_at(text, at, which) == browser_decode(whole[:cut] + whole[cut + 1 :])
