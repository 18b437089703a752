"""The charset a web page declares: BOM > <meta> > detection, --encoding over all; only
pages are looked at."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from etl.html import declared_charset
from etl.read import read_file

BODY = "<p>本报讯 3月1日上午，江东省召开疫情防控领导小组会议。省委书记王明远主持会议。</p>"
BODY_TRADITIONAL = "<p>本報訊 3月1日上午，江東省召開疫情防控領導小組會議。省委書記王明遠主持會議。</p>"


@pytest.mark.parametrize("head, codec", [
    pytest.param('<meta charset="gbk">', "gb18030", id="meta-charset-gbk"),
    pytest.param("<meta charset=GB2312 />", "gb18030", id="meta-charset-gb2312-unquoted"),
    pytest.param('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030", id="http-equiv"),
    pytest.param("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=big5'>", "big5", id="http-equiv-big5"),
    pytest.param('<meta charset="utf-8">', "utf-8", id="utf-8"),
    pytest.param('<meta charset="x-no-such">', None, id="unknown-label"),
    pytest.param('<meta charset="iso-8859-1">', None, id="western-single-byte-not-trusted"),
    pytest.param("<title>x</title>", None, id="none"),
])
def test_declared_charset(head: str, codec: str | None) -> None:
    assert declared_charset(f"<html><head>{head}</head><body>{BODY}</body></html>".encode("ascii", "xmlcharrefreplace")) == codec


def _page(meta: str, codec: str, bom: bytes = b"") -> bytes:
    body = BODY_TRADITIONAL if codec == "big5" else BODY
    return bom + f"<html><head>{meta}</head><body>{body}</body></html>".encode(codec)


@pytest.mark.parametrize("name, data, encoding, expected", [
    pytest.param("p.html", _page('<meta charset="gbk">', "gbk"), None, "gb18030", id="meta-gbk"),
    pytest.param("p.htm", _page('<meta charset="big5">', "big5"), None, "big5", id="meta-big5"),
    pytest.param("p.html", _page('<meta charset="gbk">', "utf-8", codecs.BOM_UTF8), None, "utf-8-sig", id="bom-wins"),
    pytest.param("p.html", _page('<meta charset="utf-8">', "gbk"), None, "gb18030", id="wrong-meta-detected"),
    pytest.param("p.html", _page('<meta charset="big5">', "gbk"), "gb18030", "gb18030", id="encoding-option-wins"),
    pytest.param("p.html", _page('<meta charset="iso-8859-1">', "gbk"), None, "gb18030", id="latin-1-meta-detected"),
])
def test_page_decoding(tmp_path: Path, name: str, data: bytes, encoding: str | None, expected: str) -> None:
    (tmp_path / name).write_bytes(data)
    raw = read_file(tmp_path / name, encoding=encoding)
    assert raw.encoding == expected
    assert "王明" in raw.text


def test_text_files_ignore_meta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only pages (.html/.htm, or starting as a page does) are looked at for a declaration."""
    import etl.read

    def not_here(data: bytes) -> str:
        raise AssertionError("a text file's charset declaration was looked at")

    monkeypatch.setattr(etl.read, "declared_charset", not_here)
    (tmp_path / "p.txt").write_bytes("本报讯 一段说明\n".encode("gbk") + _page('<meta charset="big5">', "gbk"))
    assert read_file(tmp_path / "p.txt").encoding == "gb18030"
