"""People patterns on invented sentences: lists of names in their many shapes, shared
titles, chairs, speaking verbs and venues (issue 9)."""

from __future__ import annotations

import pytest

from etl.normalise import normalise
from etl.parse import parse

OPEN = "3月2日,县委书记王建国主持召开全县疫情防控工作会议。"


def _people(body: str) -> tuple[str | None, dict[str, tuple[list[str], list[str]]]]:
    meeting = parse(normalise(body)).meetings[0]
    people = {a.name: (sorted(t.title for t in a.titles), sorted(r.role for r in a.roles)) for a in meeting.attendees}
    return meeting.chair, people


@pytest.mark.parametrize(
    ("body", "name", "titles", "roles"),
    [
        pytest.param(OPEN + "县领导李明华、赵志强及县卫健局局长孙立和专家组成员出席会议。", "孙立", ["县卫健局局长"], ["attendee"],
                     id="joined-name-and-group-after-list"),
        pytest.param(OPEN + "李明华、赵志强、钱德胜等县四大班子领导,各乡镇主要负责同志参加会议。", "钱德胜", [], ["attendee"],
                     id="names-closed-by-deng-group"),
        pytest.param(OPEN + "副县长李明华、赵志强及各专班负责人参加会议。", "赵志强", ["副县长"], ["attendee"],
                     id="title-before-list-applies-to-each"),
        pytest.param(OPEN + "县领导李明华、阿不都 · 热合曼、赵志强出席会议。", "阿不都·热合曼", [], ["attendee"],
                     id="dotted-minority-name-with-spaces"),
        pytest.param(OPEN + "副指挥李明华、巴特尔、赵志强、孙丽萍参加会议。", "巴特尔", ["副指挥"], ["attendee"],
                     id="name-without-listed-surname-in-list"),
        pytest.param(OPEN + "县委副书记李明华、常务副总指挥巴特尔参加会议。", "巴特尔", ["常务副总指挥"], ["attendee"],
                     id="name-without-listed-surname-after-own-title"),
        pytest.param(OPEN + "县委副书记、县疫情防控工作总指挥楼志强出席会议并讲话。", "楼志强",
                     ["县委副书记", "县疫情防控工作总指挥"], ["attendee", "speaker"], id="modern-surname-and-task-force-title"),
        pytest.param(OPEN + "会上,副县长李明华安排部署了下一步工作。", "李明华", ["副县长"], ["speaker"],
                     id="deploying-counts-as-speaking"),
        pytest.param(OPEN + "县委副书记赵志强传达了全市疫情防控会议精神。", "赵志强", ["县委副书记"], ["speaker"],
                     id="relaying-counts-as-speaking"),
        pytest.param(OPEN + "副县长赵志强也就疫情防控工作讲了意见。", "赵志强", ["副县长"], ["speaker"],
                     id="giving-views-counts-as-speaking"),
        pytest.param(OPEN + "县长赵志强说,要压实责任。", "赵志强", ["县长"], ["speaker"], id="said-counts-as-speaking"),
        pytest.param(OPEN + "县领导李明华,副县长赵志强分别在县主会场和城关镇分会场参加会议。", "赵志强", ["副县长"],
                     ["branch_venue"], id="respectively-paired-venues-branch"),
        pytest.param(OPEN + "县领导李明华,副县长赵志强分别在县主会场和城关镇分会场参加会议。", "李明华", [],
                     ["attendee"], id="respectively-paired-venues-main"),
    ],
)
def test_person_in_list(body: str, name: str, titles: list[str], roles: list[str]) -> None:
    _, people = _people(body)
    assert people[name] == (sorted(titles), sorted(roles))


def test_space_separated_headline_names_do_not_inherit_the_chair() -> None:
    body = "县委书记王建国主持会议并讲话 李明华赵志强出席\n" + OPEN + "县领导李明华、赵志强出席会议。"
    _, people = _people(body)
    assert people["王建国"][1] == ["chair", "speaker"]
