"""Who wrote, photographed, edited and checked the report, and which outlet ran it.

Credits come from labelled runs (编辑:甲 / 记者 乙 丙 / 文/丁 图/戊 / 己 摄 / 庚 辛/文) found in
credit lines, captions, brackets of body lines ((全媒体记者 甲), (某县融媒体中心 乙 丙/文)), a
labelled run closing a body line (图为会议现场。记者 丁 摄), labelled fields of metadata lines
(发布时间:… 作者:甲 责任编辑:乙), a bracket of bare names closing a paragraph ((甲 乙)
→ reporters), and writers after a source field (来源:某县融媒体中心 甲 乙). A two-character
name may be padded with a space (张 三); an outlet may run on after a name (编辑:甲乙某地网).
The outlet comes from a dateline naming one (湖南日报3月19日讯), else from a 来源: field,
else from a publication line of the page head (某日报 2020年4月29日), else from a byline
(澎湃新闻记者 甲 / (作者:某县融媒体中心)), else from one run on after a credited name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.layout import Line
from etl.parse.people import NameRules, valid_name
from etl.parse.records import Credit
from etl.spans import Span

_NAME = lexicon.CREDIT_NAME
_NAME_ITEM = rf"{_NAME}|[\u3400-\u9fff][ \u3000][\u3400-\u9fff]"  # 张 三: a two-character name padded to three
_BRACKET = re.compile(r"\(([^()]{2,40})\)")
_SENTENCE_END = "。!?;"
_DATELINE_HEAD = re.compile(r"【?[^\s,。(【】]{0,24}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电)】?[ \t\u3000]*")
_TRAILING_JUNK = " \t\u3000?。)"  # a stray '?', a full stop or a bracket after a closing credit


@dataclass(frozen=True, slots=True)
class CreditScan:
    credits: list[Credit]
    spans: list[Span]  # stretches of text that are credits (kept out of people and places)


@cache
def _roles() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(label, where): tuple(r.strip() for r in roles.split(",")) for label, roles, where in
            lexicon.table("credit_labels")}


def find_credits(text: str, lines: list[Line], rules: NameRules) -> CreditScan:
    credits: list[Credit] = []
    spans: list[Span] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str, span: Span, labelled: bool = False) -> None:
        name = re.sub(r"[ \u3000]", "", name)
        if (name, role) in seen or name in rules.excluded:
            return
        if not (valid_name(name, rules) or (labelled and _labelled_name(name))):
            return
        seen.add((name, role))
        credits.append(Credit(name, role, span))  # type: ignore[arg-type]

    for line in lines:
        for m in _credit_matches(text, line):
            group = "names" if m.group("names") else "bare"
            roles = _roles_of(m)
            if not roles:
                continue
            spans.append(Span(m.start(), m.end()))
            for nm in re.finditer(_NAME_ITEM, m.group(group)):
                start = m.start(group) + nm.start()
                name = _run_on_name(text, start, start + len(nm.group(0)))
                if name is None:
                    continue
                for role in roles:
                    add(name, role, Span(start, start + len(name)), labelled=True)
        for span, names in _source_names(text, line):
            spans.append(span)
            for name, nspan in names:
                add(name, "reporter", nspan)
        if line.kind in ("body", "credit"):
            for span, names in _name_brackets(text, line, rules):
                spans.append(span)
                for name, nspan in names:
                    add(name, "reporter", nspan, labelled=True)
    return CreditScan(credits, spans)


def _labelled_name(name: str) -> bool:
    """After a credit label the name is bounded by the label and a space or 摄, so a last
    character that usually ends no name (持, 记) is the name's own (记者 赵持 摄); four
    characters with no Han surname are a transliterated name."""
    if refs.is_plausible_unsurnamed_name(name):
        return True
    return 2 <= len(name) <= 3 and refs.has_surname(name) and refs.is_plausible_unlisted_name(name, "", final_ok=name[-1])


@cache
def _all_labels() -> tuple[str, ...]:
    return tuple(label for label, _roles, _where in lexicon.table("credit_labels"))


def _run_on_name(text: str, start: int, end: int) -> str | None:
    """The name at text[start:end]; when an outlet runs on after it (编辑:甲乙某地网), the
    split that leaves a place-led outlet after a valid name, else None."""
    name = text[start:end]
    labels = _all_labels()
    if end >= len(text) or not re.match(r"[\u3400-\u9fff]", text[end]) or text.startswith(labels, end):
        return name
    run = name + re.match(r"[\u3400-\u9fff]*", text[end:]).group(0)  # type: ignore[union-attr]
    for cut in (3, 2, 4):
        rest = run[cut:]
        if rest.endswith(lexicon.words("outlet_suffixes"))  and refs.opens_with_place_name(rest) and refs.is_plausible_person_name(
            run[:cut]
        ):
            return run[:cut]
    return None


def _run_on_outlet(text: str, lines: list[Line]) -> tuple[Span] | None:
    """An outlet run on after a credited name (责任编辑:甲乙某地网 → 某地网)."""
    for line in lines:
        if line.kind not in ("credit", "footer"):
            continue
        for m in lexicon.credit_regex().finditer(text, line.span.start, line.span.end):
            group = "names" if m.group("names") else "bare"
            last = list(re.finditer(_NAME_ITEM, m.group(group)))[-1]
            start = m.start(group) + last.start()
            name = _run_on_name(text, start, start + len(last.group(0)))
            if name is None:
                continue
            end = start + len(name)
            run = re.match(r"[\u3400-\u9fff]+", text[end : line.span.end])
            if run and run.group(0).endswith(lexicon.words("outlet_suffixes")):
                return (Span(end, end + run.end()),)
    return None


def _roles_of(m: re.Match[str]) -> tuple[str, ...]:
    after = m.group("after") or m.group("after2")
    if after and (after, "after") in _roles():
        return _roles()[(after, "after")]
    label = m.group("label")
    return _roles().get((label, "before"), ()) if label else ()


def _credit_matches(text: str, line: Line) -> list[re.Match[str]]:
    """Labelled credits of a line: all of a credit or caption line; of other lines, the
    labelled fields (作者:甲) of a line with no full stop; of headline and body lines, the
    runs in brackets and (body) a run closing the line after a sentence (…。记者 甲 摄)."""
    regex = lexicon.credit_regex()
    if line.kind in ("credit", "caption"):
        return list(regex.finditer(text, line.span.start, line.span.end))
    out: dict[int, re.Match[str]] = {}
    whole = line.span.of(text)
    if "。" not in whole:
        for m in regex.finditer(text, line.span.start, line.span.end):
            if m.group("colon"):
                out[m.start()] = m
    if line.kind == "footer":
        return [out[k] for k in sorted(out)]
    for b in _BRACKET.finditer(text, line.span.start, line.span.end):
        for m in regex.finditer(text, b.start(1), b.end(1)):
            out.setdefault(m.start(), m)
    if line.kind == "body":
        for m in _closing_run(text, line) + _dateline_run(text, line):
            out.setdefault(m.start(), m)
    return [out[k] for k in sorted(out)]


def _dateline_run(text: str, line: Line) -> list[re.Match[str]]:
    """Labelled runs right after a dateline, before the lead: 某报讯 记者甲 通讯员乙 3月5日,…"""
    head = _DATELINE_HEAD.match(text, line.span.start, line.span.end)
    if head is None:
        return []
    run: list[re.Match[str]] = []
    pos = head.end()
    for m in lexicon.credit_regex().finditer(text, pos, line.span.end):
        if text[pos : m.start()].strip(" \t\u3000"):
            break
        run.append(m)
        pos = m.end()
    return run


@cache
def _any_label_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(
        lexicon.credit_labels("before") + lexicon.credit_labels("after") + lexicon.credit_labels("close")))


def _closing_run(text: str, line: Line) -> list[re.Match[str]]:
    """Labelled runs closing a body line after its last sentence, with at most an outlet
    name before them: 图为会议现场。记者 甲 摄 / 某网记者 乙 摄影 丙。"""
    whole = line.span.of(text)
    end = line.span.start + len(whole.rstrip(_TRAILING_JUNK))
    if _any_label_regex().search(text, line.span.start, end) is None:
        return []  # every credit match holds a label
    run: list[re.Match[str]] = []
    for m in lexicon.credit_regex().finditer(text, line.span.start, end):
        if run and text[run[-1].end() : m.start()].strip(" \t\u3000"):
            run = []
        run.append(m)
    if not run or run[-1].end() != end:
        return []
    before = text[line.span.start : run[0].start()].rstrip(" \t\u3000")
    lead = re.split(f"[{_SENTENCE_END}]", before)[-1]
    return run if not lead or (len(lead) <= 14 and lead.endswith(lexicon.words("outlet_suffixes"))) else []


@cache
def _source_names_regex() -> re.Pattern[str]:
    org = rf"[\u3400-\u9fff]{{1,14}}?(?:{lexicon.alternation(lexicon.words('outlet_suffixes'))})"
    fields = lexicon.alternation(lexicon.words("outlet_fields"))
    return re.compile(rf"(?<![\u3400-\u9fff])(?:{fields})\s*:\s*{org}(?P<names>(?:[ \t\u3000]+{_NAME})+)[ \t\u3000]*$")


def _source_names(text: str, line: Line) -> list[tuple[Span, list[tuple[str, Span]]]]:
    """A source field closing a line with the writers after the outlet
    (来源:某县融媒体中心 甲 乙) → the reporters."""
    m = _source_names_regex().search(line.span.of(text))
    if m is None:
        return []
    base = line.span.start + m.start("names")
    names = [(n.group(0), Span(base + n.start(), base + n.end())) for n in re.finditer(_NAME, m.group("names"))]
    return [(Span(base, line.span.start + m.end("names")), names)]


def _name_brackets(text: str, line: Line, rules: NameRules) -> list[tuple[Span, list[tuple[str, Span]]]]:
    """Brackets holding only names separated by spaces ((甲 乙)) → the reporters."""
    out = []
    for m in _BRACKET.finditer(text, line.span.start, line.span.end):
        inner = m.group(1)
        pieces = [(p.group(0), Span(m.start(1) + p.start(), m.start(1) + p.end())) for p in re.finditer(r"\S+", inner)]
        if len(pieces) < 1 or not re.fullmatch(r"[\u3400-\u9fff ·\u3000]+", inner):
            continue
        if len(pieces) == 1 and m.end() < line.span.end:  # a lone word mid-line is a gloss, not a byline
            continue
        # a four-character name with no listed surname (沙马某某) passes beside a surnamed one
        if all(valid_name(p, rules) or refs.is_plausible_unsurnamed_name(p) for p, _ in pieces) and any(
            valid_name(p, rules) for p, _ in pieces
        ):
            out.append((Span(m.start(), m.end()), pieces))
    return out


def find_outlet(text: str, lines: list[Line]) -> tuple[str | None, Span | None]:
    """The outlet named by the dateline of the first body lines, else by a 来源: field,
    else by a byline. A dateline of 本报/本网 names none and passes on to the others."""
    for found in (_dateline_outlet(text, lines), _field_outlet(text, lines), _dated_outlet(text, lines),
                  _byline_outlet(text, lines), _run_on_outlet(text, lines)):
        if found is not None:
            return found[0].of(text), found[0]
    return None, None


def _dateline_outlet(text: str, lines: list[Line]) -> tuple[Span] | None:
    for line in [ln for ln in lines if ln.kind in ("body", "caption", "credit")][:3]:
        head = line.span.of(text)[:40]
        for pattern in lexicon.outlet_patterns():
            m = pattern.search(head)
            if not m:
                continue
            outlet = m.group("outlet")
            if outlet.startswith(lexicon.words("no_outlet_words")):
                return None
            start = line.span.start + m.start("outlet")
            return (Span(start, start + len(_without_place(outlet))),)
    return None


def _without_place(outlet: str) -> str:
    """河南日报洛阳 → 河南日报: a place run into the dateline after a name ending as outlets do."""
    for cut in range(len(outlet) - 2, 1, -1):
        rest = outlet[cut:]
        if outlet[:cut].endswith(lexicon.words("outlet_suffixes")) and any(
            p.span.start == 0 and p.span.end == len(rest) for p in refs.find_places(rest)
        ):
            return outlet[:cut]
    return outlet


@cache
def _field_regex() -> re.Pattern[str]:
    stop = lexicon.alternation(
        [row[0] for row in lexicon.table("credit_labels")] + list(lexicon.words("meta_fields"))
    )
    return re.compile(
        rf"(?<![\u3400-\u9fff])(?:{lexicon.alternation(lexicon.words('outlet_fields'))})\s*:\s*"
        rf"(?P<outlet>(?:(?!(?:{stop})\s*:)[^\s·|｜/(:,。\-—]){{2,24}})"
    )


def _field_outlet(text: str, lines: list[Line]) -> tuple[Span] | None:
    """The first 来源: field of the page (信息来源:某网 发布时间:… → 某网)."""
    for line in lines:
        for m in _field_regex().finditer(text, line.span.start, line.span.end):
            value = m.group("outlet")
            cut = _last_suffix_end(value)
            if cut >= 2:
                value = value[:cut]
            if value.startswith(lexicon.words("no_outlet_words")):
                continue
            return (Span(m.start("outlet"), m.start("outlet") + len(value)),)
    return None


def _last_suffix_end(value: str) -> int:
    """Length of the longest start of `value` ending as outlet names do; 0 if none."""
    for end in range(len(value), 1, -1):
        if value[:end].endswith(lexicon.words("outlet_suffixes")):
            return end
    return 0


@cache
def _dated_regex() -> re.Pattern[str]:
    org = rf"(?P<outlet>[\u3400-\u9fff]{{1,14}}?(?:{lexicon.alternation(lexicon.words('outlet_suffixes'))}))"
    return re.compile(rf"{org}\s+\d{{4}}(?:年\d{{1,2}}月\d{{1,2}}日|-\d{{1,2}}-\d{{1,2}})")


def _dated_outlet(text: str, lines: list[Line]) -> tuple[Span] | None:
    """A publication line of the page head giving only the outlet and date (某日报 2023年4月2日)."""
    for line in lines:
        if line.kind == "body":
            break
        m = _dated_regex().match(text, line.span.start, line.span.end)
        if m and not m.group("outlet").startswith(lexicon.words("no_outlet_words")):
            return (Span(m.start("outlet"), m.end("outlet")),)
    return None


@cache
def _byline_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    org = rf"(?P<outlet>[\u3400-\u9fff]{{1,14}}?(?:{lexicon.alternation(lexicon.words('outlet_suffixes'))}))"
    label = lexicon.alternation(lexicon.credit_labels("before"))
    return (
        re.compile(rf"[^\u3400-\u9fff]{{0,3}}{org}(?=\s*(?:{label})|\s+{_NAME})"),  # 某网记者 甲 / 某中心 甲 乙/文
        re.compile(rf"[^\u3400-\u9fff]{{0,3}}作者\s*:\s*{org}[\s)]*$"),  # 作者:某县融媒体中心
    )


def _byline_outlet(text: str, lines: list[Line]) -> tuple[Span] | None:
    """An outlet opening a byline: 某网记者 甲 / (某县融媒体中心 甲 乙/文) / (作者:某中心)."""
    for line in lines:
        if line.kind in ("credit", "caption"):
            areas = [line.span]
        elif line.kind == "body":
            areas = [Span(b.start(1), b.end(1)) for b in _BRACKET.finditer(text, line.span.start, line.span.end)]
            run = _closing_run(text, line)
            if run:
                head = text[line.span.start : run[0].start()]
                cut = max(head.rfind(ch) for ch in _SENTENCE_END) + 1
                areas.append(Span(line.span.start + cut, line.span.end))
        else:
            continue
        for area in areas:
            for regex in _byline_regexes():
                m = regex.match(text, area.start, area.end)
                if m and not m.group("outlet").startswith(lexicon.words("no_outlet_words")):
                    return (Span(m.start("outlet"), m.end("outlet")),)
    return None
