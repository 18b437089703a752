"""Scorer: hand-made gold/export pairs, one change each, and the real gold files."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.evaluate import below, load_gold, match_meetings, names_match, score, text_key

REPO = Path(__file__).resolve().parents[2]
GOLD_DIRS = [REPO / "tests" / "gold", REPO.parent / "shared" / "gold"]
GOLD_DIR = next((d for d in GOLD_DIRS if d.is_dir()), None)


def gold_doc() -> dict:
    """Two meetings, like seed 003: a provincial meeting and a city follow-up."""
    return {
        "source": "003_f05cf6e99f61e168.txt",
        "title": None,
        "source_outlet": "今日镇江",
        "credits": [{"name": "黄伟", "role": "reporter"}, {"name": "缪小兵", "role": "editor"}],
        "mentioned_people": ["习近平"],
        "artifacts": ["boilerplate_footer"],
        "meetings": [
            {
                "meeting_name": "省疫情防控工作领导小组会议",
                "date": {"year": None, "month": 11, "day": 18},
                "year_plausible": 2022,
                "format": None, "level": "province", "province": "江苏省", "city": None, "session_no": None,
                "chair": "吴政隆",
                "attendees": [
                    {"name": "吴政隆", "titles": ["省委书记"], "roles": ["chair", "speaker"]},
                    {"name": "许昆林", "titles": ["省长"], "roles": ["attendee"]},
                    {"name": "马明龙", "titles": ["市委书记"], "roles": ["branch_venue"]},
                ],
                "locations": [{"name": "镇江市", "as_written": "镇江", "role": "branch_venue"}],
                "directive_speakers": ["吴政隆", "会议"],
                "directive_samples": ["要集中力量打好重点地区疫情歼灭战", "要树立底线思维"],
            },
            {
                "meeting_name": "续会",
                "date": {"year": None, "month": 11, "day": 18},
                "year_plausible": 2022,
                "format": None, "level": "city", "province": "江苏省", "city": "镇江市", "session_no": None,
                "chair": None,
                "attendees": [{"name": "马明龙", "titles": ["市委书记"], "roles": ["speaker"]}],
                "locations": [{"name": "镇江市", "as_written": "镇江", "role": "venue"}],
                "directive_speakers": ["马明龙"],
                "directive_samples": ["坚持抓早抓小,打好外防输入阻击战"],
            },
        ],
    }


def as_export(gold: dict) -> dict:
    """What a perfect exporter writes for `gold`: year filled in, directives not samples."""
    out = copy.deepcopy(gold)
    for m in out["meetings"]:
        m["date"]["year"] = m.pop("year_plausible")
        m["year_inferred"] = True
        speaker = m["directive_speakers"][0]
        m["directives"] = [{"seq": i, "text": s + "。", "speaker": speaker}
                           for i, s in enumerate(m.pop("directive_samples"), start=1)]
    return out


def edit(fn: Callable[[dict], object]) -> Callable[[dict], dict]:
    def apply(doc: dict) -> dict:
        fn(doc)
        return doc
    return apply


M0, M1 = 0, 1

CASES = [
    pytest.param(edit(lambda d: None), {}, id="perfect"),
    pytest.param(edit(lambda d: d["meetings"][M0]["attendees"].pop(1)),
                 {"attendee_names": ("recall", 2 / 3), "roles": ("correct", 2)}, id="missing-attendee-lowers-recall"),
    pytest.param(edit(lambda d: d["credits"].append({"name": "胡建伟", "role": "reporter"})),
                 {"credits": ("precision", 2 / 3)}, id="extra-credit-lowers-precision"),
    pytest.param(edit(lambda d: d["credits"][0].update(role="editor")),
                 {"credits": ("f1", 0.5)}, id="credit-role-matters"),
    pytest.param(edit(lambda d: d["meetings"].reverse()), {}, id="meetings-matched-by-name-not-order"),
    pytest.param(edit(lambda d: d["meetings"][M0].update(meeting_name="江苏省疫情防控工作领导小组会议")),
                 {}, id="name-containing-gold-name-is-right"),
    pytest.param(edit(lambda d: d["meetings"][M0].update(meeting_name="省疫情防控工作领导小组 会议。")),
                 {}, id="name-punctuation-and-spaces-ignored"),
    pytest.param(edit(lambda d: d["meetings"][M0].update(meeting_name="省委常委会会议")),
                 {"meeting_name": ("value", 0.5)}, id="wrong-name-still-matched"),
    pytest.param(edit(lambda d: d["meetings"][M1]["directives"][0].update(text="坚持抓早抓小、打好“外防输入”阻击战!")),
                 {}, id="sample-punctuation-insensitive"),
    pytest.param(edit(lambda d: d["meetings"][M1]["directives"][0].update(text="坚持抓早抓小")),
                 {"directive_samples": ("value", 2 / 3)}, id="partial-directive-misses-sample"),
    pytest.param(edit(lambda d: d["meetings"][M0]["directives"].__setitem__(
                 slice(None), [{"seq": 1, "text": "要集中力量打好重点地区疫情歼灭战,要树立底线思维。", "speaker": "吴政隆"}])),
                 {}, id="two-samples-in-one-directive"),
    pytest.param(edit(lambda d: d["meetings"][M0]["attendees"].append(
                 {"name": "习近平", "titles": [], "roles": ["speaker"]})),
                 {"mentioned_people": ("errors", 1), "attendee_names": ("precision", 3 / 4)},
                 id="mentioned-person-as-attendee-is-error"),
    pytest.param(edit(lambda d: d["meetings"][M1].update(chair="马明龙")),
                 {"chair": ("value", 0.5)}, id="chair-null-expected"),
    pytest.param(edit(lambda d: d["meetings"][M0]["date"].update(year=2021)),
                 {"year": ("value", 0.5)}, id="wrong-year"),
    pytest.param(edit(lambda d: d["meetings"][M0]["date"].update(year=None, day=19)),
                 {"year": ("value", 0.5), "date": ("value", 0.5)}, id="wrong-day-and-no-year"),
    pytest.param(edit(lambda d: d["meetings"][M0].update(format="video")), {}, id="format-unscored-when-gold-null"),
    pytest.param(edit(lambda d: d["meetings"][M1].update(city="扬州市")), {"city": ("value", 0.0)}, id="wrong-city"),
    pytest.param(edit(lambda d: d["meetings"][M0]["attendees"][1].update(titles=["省委副书记", "省长"])),
                 {"titles": ("correct", 2)}, id="extra-title"),
    pytest.param(edit(lambda d: d["meetings"][M1]["attendees"][0].update(roles=["attendee"])),
                 {"roles": ("correct", 2)}, id="roles-united-over-meetings"),
    pytest.param(edit(lambda d: d["meetings"][M0]["locations"].append({"name": "南京市", "as_written": "南京", "role": "venue"})),
                 {"locations": ("precision", 2 / 3)}, id="extra-location"),
    pytest.param(edit(lambda d: d["meetings"][M0].update(directive_speakers=["吴政隆"])),
                 {"directive_speakers": ("recall", 2 / 3)}, id="speaker-missing"),
    pytest.param(edit(lambda d: d["meetings"][M1].update(meeting_name="市疫情防控工作会议")), {"meeting_name": ("value", 0.5)},
                 id="second-meeting-renamed"),
    pytest.param(edit(lambda d: d["meetings"].pop(1)),
                 {"meetings": ("recall", 0.5), "city": ("value", 0.0), "locations": ("recall", 0.5),
                  "directive_speakers": ("recall", 2 / 3), "directive_samples": ("value", 2 / 3),
                  "roles": ("value", 2 / 3),
                  **{f: ("value", 0.5) for f in ("chair", "date", "year", "meeting_name", "level", "province")}},
                 id="missing-meeting-all-misses"),
    pytest.param(edit(lambda d: d["meetings"].append({"meeting_name": "常务会议", "locations": [
                 {"name": "南京市", "as_written": "南京", "role": "venue"}], "directive_speakers": ["会议"]})),
                 {"meetings": ("precision", 2 / 3), "locations": ("precision", 2 / 3),
                  "directive_speakers": ("precision", 3 / 4)}, id="extra-meeting-counts-false-positives"),
    pytest.param(edit(lambda d: d.update(source="data/in/003_f05cf6e99f61e168.txt")), {}, id="source-matched-by-file-name"),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_one_change_moves_only_its_metrics(change: Callable[[dict], dict], expected: dict) -> None:
    gold = gold_doc()
    exported = change(as_export(gold))
    report = score([gold], [exported])
    for name, metric in report.metrics.items():
        if name in expected:
            attr, want = expected[name]
            assert getattr(metric, attr) == pytest.approx(want), (name, metric)
        elif metric.value is not None:
            assert metric.value == 1.0, (name, metric, report.misses)
    json.dumps(report.to_dict(), ensure_ascii=False)  # JSON-ready


def test_speakers_from_directives_uses_their_speaker() -> None:
    gold = gold_doc()
    exported = as_export(gold)
    meeting = exported["meetings"][M0]
    del meeting["directive_speakers"]
    meeting["directives"] = [{"text": "要集中力量打好重点地区疫情歼灭战", "speaker": "吴政隆"},
                             {"text": "要树立底线思维", "speaker": "会议"}]
    assert score([gold], [exported]).metrics["directive_speakers"].value == 1.0


def test_missing_document_is_all_misses_not_a_crash() -> None:
    gold = gold_doc()
    report = score([gold], [{"source": "other.txt", "meetings": []}])
    assert report.documents_missing == [gold["source"]]
    assert report.metrics["documents"].value == 0.0
    for name in ("attendee_names", "credits", "locations", "directive_speakers", "meetings"):
        assert report.metrics[name].recall == 0.0, name
    for name in ("titles", "roles", "chair", "date", "year", "meeting_name", "city", "directive_samples"):
        assert report.metrics[name].value == 0.0, name
    assert report.metrics["mentioned_people"].errors == 0
    assert {m.field for m in report.misses} >= {"documents", "attendee_names", "chair"}


@pytest.mark.parametrize("broken", [
    pytest.param({"source": "003_f05cf6e99f61e168.txt"}, id="no-fields"),
    pytest.param({"source": "003_f05cf6e99f61e168.txt", "meetings": None, "credits": "x"}, id="wrong-types"),
    pytest.param({"source": "003_f05cf6e99f61e168.txt", "meetings": [{"attendees": [{"titles": None}, "x"],
                  "date": "11-18", "directives": [None, {"text": 3}]}]}, id="junk-meeting"),
    pytest.param("not a record", id="not-a-dict"),
])
def test_malformed_export_scores_without_crashing(broken: object) -> None:
    report = score([gold_doc()], [broken])  # type: ignore[list-item]
    assert report.metrics["attendee_names"].recall == 0.0
    json.dumps(report.to_dict(), ensure_ascii=False)


def test_misses_name_source_field_expected_got() -> None:
    gold = gold_doc()
    exported = as_export(gold)
    exported["meetings"][M0]["chair"] = "许昆林"
    report = score([gold], [exported])
    [miss] = report.misses
    assert (miss.source, miss.field, miss.expected, miss.got, miss.meeting) == (gold["source"], "chair", "吴政隆", "许昆林", 1)
    assert report.to_dict()["misses"][0]["expected"] == "吴政隆"


def test_below_lists_fields_under_threshold_and_skips_empty_metrics() -> None:
    gold = gold_doc()
    exported = as_export(gold)
    exported["meetings"][M0]["attendees"].pop(1)
    report = score([gold], [exported])
    assert below(report, 0.9) == ["attendee_names"]
    assert below(report, 0.0) == []
    assert report.metrics["format"].value is None and "format" not in below(report, 1.1)


def test_summary_mean_lowest_and_misses_by_field() -> None:
    gold = gold_doc()
    exported = as_export(gold)
    exported["meetings"][M0]["chair"] = "许昆林"
    exported["meetings"][M0]["attendees"].pop(1)
    report = score([gold], [exported])
    values = [m.value for m in report.metrics.values() if m.value is not None]
    assert report.mean() == pytest.approx(sum(values) / len(values))
    assert report.lowest() == ("chair", 0.5)
    assert report.summary().startswith(f"mean {report.mean():.3f} over {len(values)} fields; lowest chair 0.500")
    grouped = report.misses_by_field()
    order = list(report.metrics)
    assert {"attendee_names", "chair"} <= set(grouped)
    assert list(grouped) == sorted(grouped, key=order.index)
    assert [m.field for m in grouped["chair"]] == ["chair"]
    assert sum(len(v) for v in grouped.values()) == len(report.misses)
    assert report.to_dict()["mean"] == report.mean()


@pytest.mark.parametrize(("gold_name", "got_name", "same"), [
    pytest.param("省疫情防控领导小组(扩大)会议", "省疫情防控领导小组（扩大）会议", True, id="full-width-brackets"),
    pytest.param("省疫情防控领导小组(扩大)会议", "省疫情防控领导小组扩大会议", True, id="no-brackets"),
    pytest.param("全省新冠肺炎疫情防控工作电视电话会议", "疫情防控工作电视电话会议", True, id="contained"),
    pytest.param("续会", "市疫情防控续会", True, id="contains"),
    pytest.param("续会", "", False, id="empty-export-name"),
    pytest.param("省委常委会会议", "常务会议", False, id="different"),
])
def test_names_match(gold_name: str, got_name: str, same: bool) -> None:
    assert names_match(gold_name, got_name) is same


def test_match_meetings_is_greedy_in_gold_order() -> None:
    gold = [{"meeting_name": "省疫情防控领导小组会议"}, {"meeting_name": "续会"}]
    got = [{"meeting_name": "市疫情防控工作续会"}, {"meeting_name": "省疫情防控领导小组会议"}, {"meeting_name": "x"}]
    assert match_meetings(gold, got) == [1, 0]
    assert match_meetings(gold, got[:1]) == [0, None]


def test_text_key_removes_punctuation_spaces_and_folds_width() -> None:
    assert text_key("落实“14+7”隔离政策 ,,") == text_key("落实１４＋７隔离政策") == "落实147隔离政策"


@pytest.mark.skipif(GOLD_DIR is None, reason="gold annotations not available")
def test_real_gold_against_its_perfect_export_scores_one_everywhere() -> None:
    gold = load_gold(GOLD_DIR)
    assert len(gold) >= 5 and all("source" in g for g in gold)
    report = score(gold, [as_export(g) for g in gold])
    assert below(report, 1.0) == [] and report.misses == []
    assert report.metrics["attendee_names"].tp == sum(
        len({a["name"] for m in g["meetings"] for a in m["attendees"]}) for g in gold)


@pytest.mark.skipif(GOLD_DIR is None, reason="gold annotations not available")
def test_real_gold_against_empty_export() -> None:
    gold = load_gold(GOLD_DIR)
    report = score(gold, [])
    assert len(report.documents_missing) == len(gold)
    assert "attendee_names" in below(report, 0.5)


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(4)), dropped=st.sets(st.integers(0, 3)))
def test_property_meeting_order_never_matters_and_dropped_meetings_count(order: list[int], dropped: set[int]) -> None:
    names = ["省疫情防控领导小组会议", "市委常委会会议", "全省疫情防控电视电话会议", "指挥部调度会"]
    gold = {"source": "a.txt", "credits": [], "mentioned_people": [], "meetings": [
        {"meeting_name": n, "date": {"year": None, "month": 1, "day": i + 1}, "year_plausible": None,
         "chair": None, "attendees": [{"name": f"人{i}", "titles": [], "roles": ["speaker"]}],
         "locations": [], "directive_speakers": [], "directive_samples": []} for i, n in enumerate(names)]}
    exported = copy.deepcopy(gold)
    exported["meetings"] = [exported["meetings"][i] for i in order if i not in dropped]
    report = score([gold], [exported])
    kept = 4 - len(dropped)
    assert report.metrics["attendee_names"].tp == kept
    assert report.metrics["meetings"].tp == kept
    assert report.metrics["meetings"].fn == len(dropped)
    if not dropped:  # with gaps, greedy matching may pair a gold meeting with another's
        assert below(report, 1.0) == []
