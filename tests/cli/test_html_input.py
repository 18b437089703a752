"""Web pages through `etl load`: an invented report wrapped in a realistic page (navigation
bar, scripts, share and related-links blocks, footer, a GBK charset declaration) gives the
same meetings, attendees and directives as the same report as plain text; the page's HTML
is kept as the raw text and every span maps back into it."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.spans import OffsetMap, Span

runner = CliRunner()

# An invented report of the shape of a city paper's account of a provincial meeting: no
# headline line, a dateline without the year, directives, a second meeting, credits.
ARTICLE = [
    "今日江东讯 5月12日,省委书记王明远主持召开省疫情防控工作领导小组会议,通报近期各地疫情处置进展,"
    "研究下一阶段重点任务。他强调,要把群众安危放在首位,把各项防控举措抓实抓细。",
    "会议认为,眼下外地输入风险仍然较高。各市县要绷紧思想之弦,把属地责任扛在肩上。",
    "会议强调,要有序组织区域核酸筛查,严格执行密接人员集中隔离,切实做好物资调配和民生保供。",
    "省领导李建华、赵文斌、陈思源参加会议。",
    "会后,我市随即召开续会。市委书记周立新主持续会并讲话,要求全市各级按照全省会议部署,"
    "一项一项抓好防控任务落地。",
    "各区县主要负责人和市直有关部门负责人在分会场参加会议。(文/孙悦 图/吴敏)",
    "编辑:郑凯",
]
HEADLINE = "江东省召开疫情防控工作领导小组会议"

CHARSETS = {
    "meta-charset-gbk": ('<meta charset="gbk">', "gbk"),
    "http-equiv-gb2312": ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk"),
    "meta-charset-utf8": ("<meta charset=utf-8>", "utf-8"),
}


def page(meta: str, *, date: str = "2021-05-12 20:30", h1: bool = True, entities: bool = False) -> str:
    paragraphs = "\n".join(
        f"    <p>{html.escape(line, quote=False).replace(',', '&#44;') if entities else html.escape(line, quote=False)}</p>"
        for line in ARTICLE
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<title>{HEADLINE} - 江东新闻网</title>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "https://t.example.com/a.js"; }})();</script>
<style>body {{ font-family: sans-serif; }} .nav li {{ float: left; }}</style>
</head>
<body>
<div class="top-nav"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/news/">新闻中心</a></li>
<li><a href="/gov/">政务公开</a></li><li><a href="/video/">视频专区</a></li><li><a href="/about/">关于我们</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; 正文</div>
<div class="main">
  <article class="content">
    {f"<h1>{HEADLINE}</h1>" if h1 else ""}
    <div class="info"><span class="date">{date}</span> <span class="source">来源：江东日报</span></div>
{paragraphs}
  </article>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <div class="related"><h3>相关新闻</h3><ul><li><a href="/n/1.html">全市开展第三轮核酸检测</a></li>
  <li><a href="/n/2.html">关于调整部分公交线路的通告</a></li></ul></div>
</div>
<script type="text/javascript">document.write('<div class="ad">广告位招租</div>');</script>
<footer class="footer"><p>版权所有 &copy; 江东新闻网</p><p>东ICP备00000000号 | 联系我们 | 网站地图</p></footer>
</body>
</html>
"""


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def load(path: Path, db: Path) -> None:
    result = runner.invoke(app, ["load", "-q", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output


# What must not differ between the page and the plain text (no spans: the page has a
# headline and a date line before the article; year_evidence: the page gives the year)
RECORDS = {
    "meetings": "select seq, name, month, day, format, level, session_no, organiser, province, city from meetings order by id",
    "attendees": """select m.seq, p.name, a.title_text from attendees a join people p on p.id = a.person_id
                    join meetings m on m.id = a.meeting_id order by a.id""",
    "directives": "select m.seq, x.seq, x.text, x.speaker_text from directives x join meetings m on m.id = x.meeting_id order by x.id",
    "credits": "select name, role from credits order by id",
}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plain")
    (folder / "article.txt").write_text("\n".join(ARTICLE) + "\n", encoding="utf-8")
    load(folder / "article.txt", folder / "etl.db")
    return folder / "etl.db"


@pytest.fixture(scope="module", params=list(CHARSETS), ids=list(CHARSETS))
def wrapped(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    meta, codec = CHARSETS[request.param]
    folder = tmp_path_factory.mktemp("page")
    text = page(meta)
    (folder / "article.html").write_bytes(text.encode(codec))
    load(folder / "article.html", folder / "etl.db")
    return folder / "etl.db", text, codec


@pytest.mark.parametrize("table", [pytest.param(t, id=t) for t in RECORDS])
def test_page_gives_the_records_of_the_plain_text(wrapped: tuple[Path, str, str], plain: Path, table: str) -> None:
    db, _, _ = wrapped
    got = query(db, RECORDS[table])
    assert got == query(plain, RECORDS[table])
    assert got, table


def test_page_keeps_its_html_and_honours_its_charset(wrapped: tuple[Path, str, str]) -> None:
    db, text, codec = wrapped
    [(raw, norm, encoding, title)] = query(db, "select raw_text, normalised_text, encoding, title from documents")
    assert raw == text  # decoded as the page declares: GBK bytes read as UTF-8 or Big5 would not be equal
    assert encoding == ("gb18030" if codec == "gbk" else "utf-8")
    assert title == HEADLINE
    for boilerplate in ("DOCTYPE", "<", "var _hmt", "font-family", "首页", "新闻中心", "分享到", "相关新闻",
                        "第三轮", "广告", "版权所有", "ICP"):
        assert boilerplate not in norm, boilerplate


def test_the_year_comes_from_the_page_date(wrapped: tuple[Path, str, str], plain: Path) -> None:
    db, _, _ = wrapped
    assert {y for (y,) in query(db, "select year from meetings")} == {2021}
    assert all("2021-05-12" in e for (e,) in query(db, "select year_evidence from meetings"))


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _visible(raw_slice: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", raw_slice))


@pytest.fixture(scope="module")
def with_entities(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entities")
    (folder / "p.htm").write_bytes(page('<meta charset="gbk">', entities=True).encode("gbk"))
    load(folder / "p.htm", folder / "etl.db")
    return folder / "etl.db"


@pytest.mark.parametrize("sql", [
    pytest.param("select name_start, name_end from meetings", id="meeting-names"),
    pytest.param("select span_start, span_end from meetings", id="meetings"),
    pytest.param("select span_start, span_end from directives", id="directives"),
    pytest.param("select span_start, span_end from attendees", id="attendees"),
    pytest.param("select span_start, span_end from segments", id="segments"),
    pytest.param("select title_start, title_end from documents", id="title"),
])
def test_every_span_maps_back_into_the_html(with_entities: Path, sql: str) -> None:
    """The raw slice of each span (tags dropped, entities decoded) holds the same Han
    characters as the span's normalised text: here with every comma written `&#44;`."""
    [(raw, norm, offsets)] = query(with_entities, "select raw_text, normalised_text, offset_map from documents")
    mapping = OffsetMap.from_json(offsets)
    spans = [Span(a, b) for a, b in query(with_entities, sql) if a is not None]
    assert spans
    for span in spans:
        raw_span = mapping.to_source(span)
        assert _HAN.findall(_visible(span.of(norm))) == _HAN.findall(_visible(raw_span.of(raw))), span
    assert "&#44;" in raw and "&#44;" not in norm


def test_title_tag_is_the_headline_without_h1(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(page("<meta charset=utf-8>", h1=False), encoding="utf-8")
    load(tmp_path / "p.html", tmp_path / "etl.db")
    assert query(tmp_path / "etl.db", "select title from documents") == [(HEADLINE,)]


@pytest.mark.parametrize("name, start, expected", [
    pytest.param("a/b.HTML", b"plain text", True, id="html-name"),
    pytest.param("c.htm", b"", True, id="htm-name"),
    pytest.param("d.txt", b"  \n<!DOCTYPE html>\n<html>", True, id="saved-page-as-txt"),
    pytest.param("e.txt", b"\xef\xbb\xbf<HTML lang=zh>", True, id="html-tag-after-bom"),
    pytest.param("f.html.txt", "本报讯 <b>3月1日</b>".encode(), False, id="text-with-markup"),
    pytest.param("g.txt", b"<p>first", False, id="fragment"),
])
def test_which_files_are_pages(name: str, start: bytes, expected: bool) -> None:
    """.html/.htm files and saved pages of another name; other files are read as they
    always were."""
    from etl.html import is_page

    assert is_page(name, start) is expected


def test_a_page_saved_as_txt_is_extracted(tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_bytes(page('<meta charset="gbk">').encode("gbk"))
    load(tmp_path / "saved.txt", tmp_path / "etl.db")
    [(title, norm, encoding)] = query(tmp_path / "etl.db", "select title, normalised_text, encoding from documents")
    assert title == HEADLINE and "DOCTYPE" not in norm and "首页" not in norm and encoding == "gb18030"
