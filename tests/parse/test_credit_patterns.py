"""Credit and outlet forms of real reports, each on an invented report of the same shape
(invented people and outlets): where credits stand, how labels and names are written,
which role each label gives, and where the outlet is named."""

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
        pytest.param(HEAD + "东湖新闻网记者 王建国\n" + LEAD, {("王建国", "reporter")},
                     id="outlet-prefixed-byline-under-headline"),
        pytest.param(HEAD + "东湖新闻网记者 王建国 摄影 李明华?\n" + LEAD,
                     {("王建国", "reporter"), ("李明华", "photographer")}, id="byline-reporter-then-photographer"),
        pytest.param(HEAD + "发布时间: 2023-04-02 |来源: 东湖日报 |作者: 王建国 |责任编辑: 李明华\n" + LEAD,
                     {("王建国", "reporter"), ("李明华", "editor")}, id="metadata-line-labelled-fields"),
        pytest.param(HEAD + "2023-04-02 10:11:12来源: 东湖日报编辑: 赵志强责编: 孙丽娟\n" + LEAD,
                     {("赵志强", "editor"), ("孙丽娟", "editor")}, id="fields-run-together-with-labels"),
        pytest.param(HEAD + "日期: 2023-04-02 浏览量:99 来源:东湖宣传 责任编辑:赵志强 文字大小:\n" + LEAD,
                     {("赵志强", "editor")}, id="field-name-before-colon-is-no-name"),
        pytest.param(HEAD + "东湖新闻网讯(记者王建国 李明华报道)" + LEAD,
                     {("王建国", "reporter"), ("李明华", "reporter")}, id="bracket-names-run-into-label-closed-by-baodao"),
        pytest.param(HEAD + LEAD + "(东湖县融媒体中心 王建国 李明华/文)\n",
                     {("王建国", "reporter"), ("李明华", "reporter")}, id="names-then-slash-wen-after-organisation"),
        pytest.param(HEAD + LEAD + "图为会议现场。记者 赵志强 摄\n", {("赵志强", "photographer")},
                     id="caption-credit-closing-a-body-line"),
        pytest.param(HEAD + LEAD + "图为会议现场。记者 扎西顿珠 摄\n", {("扎西顿珠", "photographer")},
                     id="labelled-transliterated-name-without-surname"),
        pytest.param(HEAD + LEAD + "责任编辑:王建国\n校对:李明华\n", {("王建国", "editor"), ("李明华", "reviewer")},
                     id="proofreader-is-reviewer"),
        pytest.param(HEAD + LEAD + "审核:王建国  签发:李明华\n", {("王建国", "reviewer"), ("李明华", "reviewer")},
                     id="sign-off-is-reviewer"),
        pytest.param(HEAD + LEAD + "编辑:王建国 责编:李明华 监制:赵志强 总监制:孙丽娟\n",
                     {("王建国", "editor"), ("李明华", "editor"), ("赵志强", "reviewer"), ("孙丽娟", "reviewer")},
                     id="producer-and-chief-producer-are-reviewers"),
        pytest.param(HEAD + LEAD + "来源:东湖日报 责任编辑:王建国\n", {("王建国", "editor")},
                     id="labelled-field-in-a-source-footer"),
        pytest.param("东湖日报讯 记者王建国 通讯员李明华 " + LEAD, {("王建国", "reporter"), ("李明华", "reporter")},
                     id="unbracketed-run-after-dateline"),
        pytest.param("记者 王建国 李明华\n" + HEAD + LEAD, {("王建国", "reporter"), ("李明华", "reporter")},
                     id="credit-line-above-headline"),
        pytest.param(HEAD + LEAD + "记者:王建国/李明华\n", {("王建国", "reporter"), ("李明华", "reporter")},
                     id="names-separated-by-slash"),
        pytest.param(HEAD + LEAD + "图为会议现场。王建国 供图\n编辑:赵志强 值班主任:孙丽娟\n",
                     {("王建国", "photographer"), ("赵志强", "editor"), ("孙丽娟", "reviewer")},
                     id="photo-supplied-and-duty-chief"),
        pytest.param(HEAD + "作者:王建国\n" + LEAD, {("王建国", "reporter")}, id="author-label-is-reporter"),
        pytest.param(HEAD + LEAD + "(记者 王建国 实习生 李明华)\n", {("王建国", "reporter"), ("李明华", "reporter")},
                     id="intern-is-reporter"),
        pytest.param(HEAD + LEAD + "记者 赵志强 摄影报道\n", {("赵志强", "photographer")}, id="photo-report-closing-label"),
        pytest.param(HEAD + LEAD + "编辑丨王建国 审核丨李明华\n", {("王建国", "editor"), ("李明华", "reviewer")},
                     id="bar-between-label-and-name"),
        pytest.param(HEAD + LEAD + "(文图/王建国)\n", {("王建国", "reporter"), ("王建国", "photographer")},
                     id="text-and-photo-label-gives-both-roles"),
    ],
)
def test_credit_forms(text, expected, credits_of):
    assert credits_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("记者走访抗疫一线\n" + LEAD, id="headline-opening-with-label-word"),
        pytest.param("本报讯 记者从市卫生健康委获悉," + LEAD, id="label-word-after-dateline-opening-the-lead"),
        pytest.param(HEAD + LEAD + "(作者:东湖县融媒体中心)\n", id="author-that-is-an-organisation"),
        pytest.param(HEAD + LEAD + "图为会议现场。东湖县委宣传部供图\n", id="photos-supplied-by-an-organisation"),
        pytest.param(HEAD + LEAD + "他对记者说,要加快进度。记者了解到\n", id="label-word-in-a-sentence"),
    ],
)
def test_no_credit(text, credits_of):
    assert credits_of(text) == set()


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        pytest.param("2023年04月02日 来源:东湖日报\n本报讯(记者 王建国)" + LEAD, "东湖日报",
                     id="own-paper-dateline-falls-back-to-source-field"),
        pytest.param("本网天津3月5日讯(记者 王建国)" + LEAD, None, id="own-site-dateline-with-place-names-none"),
        pytest.param("东湖日报天津3月5日讯(记者 王建国)" + LEAD, "东湖日报", id="place-run-into-dateline-dropped"),
        pytest.param("【东湖新闻网讯】(记者 王建国)" + LEAD, "东湖新闻网", id="dateline-in-lenticular-brackets"),
        pytest.param("东湖新闻网天津3月5日电(记者 王建国)" + LEAD, "东湖新闻网", id="dian-dateline-of-any-outlet"),
        pytest.param(HEAD + "来源:东湖门户网作者:发布时间:2023年04月02日\n" + LEAD, "东湖门户网",
                     id="source-field-run-into-next-field"),
        pytest.param(HEAD + "时间:2023-04-02 来源:东湖广播电视台市委召开常委会(扩大)会议\n" + LEAD, "东湖广播电视台",
                     id="source-field-run-into-headline"),
        pytest.param(HEAD + "东湖新闻网记者 王建国\n" + LEAD, "东湖新闻网", id="outlet-from-byline"),
        pytest.param(HEAD + "东湖日报    2023年04月02日\n本网讯(记者 王建国)" + LEAD, "东湖日报",
                     id="outlet-from-publication-line"),
        pytest.param(HEAD + "东湖新闻网记者 王建国 摄影 李明华?\n" + LEAD, "东湖新闻网",
                     id="outlet-from-byline-body-line"),
        pytest.param(HEAD + LEAD + "(作者:东湖县融媒体中心)\n", "东湖县融媒体中心", id="outlet-from-author-organisation"),
        pytest.param(HEAD + LEAD + "(东湖县融媒体中心 王建国 李明华/文)\n", "东湖县融媒体中心",
                     id="outlet-opening-a-byline-bracket"),
    ],
)
def test_outlet(text, outlet, doc_from):
    assert parse(doc_from(text)).source_outlet == outlet
