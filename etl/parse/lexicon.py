"""Cue words and patterns of the parse stage, read once from etl/data/parse/.

Every list the parser matches against lives in a data file (see its README); this module
only reads them and builds the few regexes that are used everywhere.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "parse"


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def words(name: str) -> tuple[str, ...]:
    """Entries of a one-column list file (`chair_cues` → chair_cues.txt), in file order."""
    return tuple(_lines(f"{name}.txt"))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file (`format_cues` → format_cues.tsv), in file order."""
    return tuple(tuple(col.strip() for col in ln.split("\t")) for ln in _lines(f"{name}.tsv"))


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation that tries longer items first."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=len, reverse=True))


@cache
def word_regex(name: str) -> re.Pattern[str]:
    return re.compile(alternation(words(name)))


@cache
def speech_cues() -> dict[str, str]:
    """cue → 'speech' | 'summary' | 'report'."""
    return {row[0]: row[1] for row in table("speech_cues")}


@cache
def cue_regex() -> re.Pattern[str]:
    """Every role cue: chair, attendance and speech verbs, longest first."""
    cues = list(words("chair_cues")) + list(words("attendance_cues")) + list(words("visit_cues")) + list(speech_cues())
    return re.compile(alternation(cues))


@cache
def cue_kind(cue: str) -> str:
    """'chair' | 'attend' | 'speech' | 'summary' | 'report' for a cue matched by `cue_regex`."""
    if cue in words("chair_cues"):
        return "chair"
    if cue in words("attendance_cues") or cue in words("visit_cues"):
        return "attend"
    return speech_cues()[cue]


@cache
def modal_regex() -> re.Pattern[str]:
    """要 used as the modal 'must' (not inside 重要, 要求 …)."""
    return re.compile(f"(?:{alternation(words('modal_false_friends'))})|要")


def has_modal(text: str) -> bool:
    return any(m.group(0) == "要" for m in modal_regex().finditer(text))


@cache
def _regex(name: str) -> re.Pattern[str]:
    return re.compile(alternation([w for w in words(name) if w != "要"]))


def has_directive_cue(text: str) -> bool:
    """An instruction: a modal, or a directive cue in a clause with no narrative marker."""
    if has_modal(text) or _regex("modal_cues").search(text):
        return True
    return _regex("directive_cues").search(text) is not None and not _regex("narrative_markers").search(text)


@cache
def clause_opener_regex() -> re.Pattern[str]:
    """A comma-part opening a new instruction: a cue within its first few characters."""
    return re.compile(f"^.{{0,8}}?(?:{alternation(words('clause_openers'))})")


@cache
def outlet_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in words("outlet_patterns"))


@cache
def listing_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in words("listing_after_cue"))


@cache
def generic_meeting_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in words("generic_meeting_names"))


@cache
def level_prefixes() -> tuple[tuple[str, str], ...]:
    return tuple((row[0], row[1]) for row in table("level_cues"))


def level_of(text: str) -> str | None:
    """Level named by the start of a body, title or meeting name (省委… → province)."""
    for prefix, level in level_prefixes():
        if text.startswith(prefix):
            return level
    return None


CREDIT_NAME = r"[\u3400-\u9fff]{2,4}(?:·[\u3400-\u9fff]{2,6})?"
_CREDIT_SEP = r"[ \t\u3000、,/]+"
_HAN = r"[\u3400-\u9fff]"


def credit_labels(where: str) -> list[str]:
    """Credit labels standing `before` names, `after` them, or only `close` a labelled list."""
    return [label for label, _role, w in table("credit_labels") if w == where]


@cache
def credit_regex() -> re.Pattern[str]:
    """Credit labels with their names: 记者 甲 乙 / 编辑:丙 / 丁 摄 / 戊 己/文 (groups label,
    colon, names, after; or bare, after2). A name stops at a label run into it (编辑:甲责编:乙),
    ends where the Han run ends, and is never a field name before a colon (字号:)."""
    label = alternation(credit_labels("before"))
    after = alternation(credit_labels("after"))
    close = alternation(credit_labels("after") + credit_labels("close"))
    any_label = alternation(credit_labels("before") + credit_labels("after") + credit_labels("close"))
    outlet = rf"{_HAN}{{2,12}}(?:{alternation(words('outlet_suffixes'))})(?![\u3400-\u9fff])"
    name = (
        rf"(?:(?:(?!{any_label}){_HAN}){{2,4}}(?:·(?:(?!{any_label}){_HAN}){{2,6}})?"
        rf"(?=[^\u3400-\u9fff·]|$|{any_label}|{outlet})"  # an outlet may run on: 编辑:甲某某网
        rf"|(?!{any_label}){_HAN}[ \u3000](?!{any_label}){_HAN}(?![\u3400-\u9fff·]))"  # 张 三: a padded name
        rf"(?!\s*:)"
    )
    # a label after a name ends the list: 记者 甲 摄影 乙 → 甲 reporter, 乙 photographer;
    # a slash label always closes its own name: 记者 甲/文 乙/图
    more = rf"(?:{_CREDIT_SEP}(?!(?:{any_label}))(?:{name}))*"
    # ... and a label before a colon opens the next field: 文字:甲 摄影:乙
    after_end = r"(?!\s*[:|丨])(?:(?<=/[\u3400-\u9fff])|(?<=/[\u3400-\u9fff]{2})|(?!\s*[\u3400-\u9fff]))"
    return re.compile(
        rf"(?P<label>{label})\s*(?P<colon>[:|丨/])?\s*(?P<names>{name}{more})"
        rf"(?:\s*(?P<after>{close}){after_end})?"
        # a bare name is never one run into a label before names (某日报·某网记者 甲 摄)
        rf"|(?<![\u3400-\u9fff·])(?P<bare>{name}(?!{label}){more})\s*(?P<after2>{after}){after_end}"
    )
