"""More credit forms of real reports, each on an invented report of the same shape
(invented people and outlets): padded names, slash labels, outlets run on after a name,
writers after a source field, and closing brackets with a name of no listed surname."""

from __future__ import annotations

import pytest

from etl.parse import parse

HEAD = "全市疫情防控工作会议召开\n"
LEAD = (
    "3月5日下午,市委书记周国平主持召开全市疫情防控工作会议。市委副书记、市长陈志刚出席会议并讲话。"
    "他强调,要严格落实各项防控措施,加快疫苗接种进度。\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("本报讯 (记者赵 强)" + LEAD, {("赵强", "reporter")}, id="two-character-name-padded-with-a-space"),
        pytest.param(HEAD + "东湖新闻网讯(记者 王建国/文 李明华/图)" + LEAD,
                     {("王建国", "reporter"), ("李明华", "photographer")}, id="slash-labels-after-each-name"),
        pytest.param(HEAD + LEAD + "(编辑/李明华)\n", {("李明华", "editor")}, id="label-slash-name"),
        pytest.param(HEAD + "东湖新闻网讯(记者 漆建华)" + LEAD, {("漆建华", "reporter")}, id="surname-qi"),
        pytest.param(HEAD + LEAD + "责任编辑:王建国东湖网\n", {("王建国", "editor")},
                     id="outlet-run-on-after-a-three-character-name"),
        pytest.param(HEAD + LEAD + "责任编辑:李明东湖网\n", {("李明", "editor")},
                     id="outlet-run-on-after-a-two-character-name"),
        pytest.param(HEAD + LEAD + "编辑:王建国责编:李明华\n", {("王建国", "editor"), ("李明华", "editor")},
                     id="label-run-on-is-no-outlet"),
        pytest.param(HEAD + LEAD + "来源:东湖县融媒体中心 王建国 李明华\n",
                     {("王建国", "reporter"), ("李明华", "reporter")}, id="writers-after-a-source-field"),
        pytest.param(HEAD + LEAD + "记者 赵志强\n作者:    来源:    编辑:王建国\n",
                     {("赵志强", "reporter"), ("王建国", "editor")}, id="empty-fields-before-a-filled-one"),
        pytest.param(HEAD + LEAD + "文字:王建国 摄影:李明华 编辑:赵志强\n",
                     {("王建国", "reporter"), ("李明华", "photographer"), ("赵志强", "editor")},
                     id="after-label-before-a-colon-opens-the-next-field"),
        pytest.param(HEAD + LEAD.rstrip("\n") + "(王建国 扎西顿珠)\n",
                     {("王建国", "reporter"), ("扎西顿珠", "reporter")}, id="closing-bracket-with-unsurnamed-name"),
        pytest.param(HEAD + LEAD.rstrip("\n") + "东湖日报·东湖在线记者 李明持 摄\n", {("李明持", "photographer")},
                     id="dotted-outlet-byline-then-a-name-ending-like-a-verb"),
    ],
)
def test_credits(text, expected, credits_of):
    assert credits_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HEAD + LEAD + "责任编辑:东湖新闻网\n", id="outlet-alone-is-no-name"),
        pytest.param(HEAD + LEAD.rstrip("\n") + "(扎西顿珠 次仁多吉)\n", id="bracket-needs-one-surnamed-name"),
    ],
)
def test_no_credit(text, credits_of):
    assert credits_of(text) == set()


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        pytest.param(HEAD + LEAD + "责任编辑:王建国东湖网\n", "东湖网", id="outlet-run-on-after-a-credited-name"),
        pytest.param(HEAD + LEAD + "编辑:王建国责编:李明华\n", None, id="label-run-on-names-no-outlet"),
    ],
)
def test_outlet(text, outlet, doc_from):
    assert parse(doc_from(text)).source_outlet == outlet
