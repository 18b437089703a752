"""Hostile and unusual input through `etl load`: every bad file gets one `error:` line naming
it (escaped, so a newline in a name cannot break the line) and the reason, a `problems`
row, and exit 1, while the good files beside it still load; unusual but good files
(UTF-16, GB18030, Big5, odd names, deep folders) simply load, exit 0.

Unreadable files and folders need a user that permission bits apply to: as root (this
machine, CI) the `etl` subprocess runs as `nobody` on a world-accessible folder."""

from __future__ import annotations

import codecs
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app, shown

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
GOOD_SEEDS = ("000_e333c9592c598cfa.txt", "004_8d8a58afc73fe51d.txt")  # the good files beside

# An invented report in Traditional characters (Big5 can encode it); `{n}` varies the
# bytes so that no two test files have the same content.
ARTICLE = (
    "江東省召開第{n}次疫情防控工作會議\n"
    "本報訊 3月1日上午，江東省召開疫情防控領導小組會議。省委書記王明遠主持會議並講話，"
    "省長李建華出席會議。會議強調，要做好核酸檢測，嚴格落實隔離措施。\n"
)


def article(n: int = 1, codec: str = "utf-8") -> bytes:
    return ARTICLE.format(n=n).encode(codec)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql, params).fetchall()


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


Make = Callable[[Path], list[str]]  # builds the case inside the folder; returns extra args


def _file(name: str, data: bytes) -> Make:
    def make(folder: Path) -> list[str]:
        (folder / name).write_bytes(data)
        return []
    return make


def _sparse(name: str, size: int) -> Make:
    def make(folder: Path) -> list[str]:
        with (folder / name).open("wb") as fp:
            fp.truncate(size)  # a hole: nothing is written, nothing may be read
        return []
    return make


def _one_line(name: str, size: int, *args: str) -> Make:
    def make(folder: Path) -> list[str]:
        unit = "疫情防控工作要求各地做好核酸检测和隔离管理"  # no punctuation at all
        (folder / name).write_bytes((unit * (size // len(unit.encode()) + 1)).encode()[: size - size % 3])
        return list(args)
    return make


def _names_sentence(count: int, seed: int | None) -> str:
    """One sentence listing `count` invented names: regular ones, or (a seed given)
    given names drawn at random from common characters."""
    surnames, given = "王李张刘陈杨黄赵吴周", "明华建国平安文志红军德永"
    if seed is None:
        names = [surnames[i % 10] + given[i % 12] + given[(i // 12) % 12] for i in range(count)]
    else:
        pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
        rnd = random.Random(seed)
        names = [rnd.choice(surnames) + rnd.choice(pool) + rnd.choice(pool) for _ in range(count)]
    return f"江东省召开疫情防控工作会议\n3月1日，江东省召开疫情防控领导小组会议。{'、'.join(names)}出席会议。会议强调，要做好核酸检测。\n"


def _fifo(name: str) -> Make:
    def make(folder: Path) -> list[str]:
        os.mkfifo(folder / name)  # opening it would wait for a writer forever
        return []
    return make


def _link(name: str, target: str) -> Make:
    def make(folder: Path) -> list[str]:
        os.symlink(target, folder / name)
        return []
    return make


def _loop(folder: Path) -> list[str]:
    (folder / ".hidden").mkdir()  # not searched: only loop-a is found, and reported
    os.symlink(".hidden/loop-b", folder / "loop-a")
    os.symlink("../loop-a", folder / ".hidden" / "loop-b")
    return []


def _nested(depth: int) -> Make:
    def make(folder: Path) -> list[str]:
        deep = folder.joinpath(*(f"d{i}" for i in range(depth)))
        deep.mkdir(parents=True)
        (deep / "deep.txt").write_bytes(article(7))
        return []
    return make


def _named_on_command_line(name: str, data: bytes) -> Make:
    def make(folder: Path) -> list[str]:
        outside = folder.parent / "named"
        outside.mkdir()
        (outside / name).write_bytes(data)
        return ["--", str(outside / name)]
    return make


def _with_nuls(every: int) -> bytes:
    data = article(5) * 4
    return b"".join(data[i : i + every] + b"\x00" for i in range(0, len(data), every))


def _stray_nuls() -> bytes:
    data = article(6)
    cut = data.index("。".encode()) + 3  # between two characters
    return data[:cut] + b"\x00\x00" + data[cut:]


def _bad_utf8_middle() -> bytes:
    data = article(8) * 3
    cut = len(data) // 2
    while data[cut] & 0xC0 == 0x80:  # at a character boundary
        cut += 1
    return data[:cut] + b"\xff\xfe\xfd" + data[cut:]


# (id, make, name shown in the error line (None: loads), problem kind, exit code)
BAD = [
    pytest.param(_file("empty.txt", b""), "empty.txt", "empty_file", "file is empty", id="empty-file"),
    pytest.param(_file("blank.txt", " \r\n\t\u3000\n".encode()), "blank.txt", "empty_file", "only whitespace",
                 id="whitespace-only"),
    pytest.param(_file("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "photo.txt", "binary_file",
                 "PNG image", id="binary-png-named-txt"),
    pytest.param(_file("blob.txt", bytes(range(256)) * 64), "blob.txt", "binary_file", "NUL bytes",
                 id="binary-no-magic"),
    pytest.param(_file("many-nuls.txt", _with_nuls(5)), "many-nuls.txt", "binary_file", "NUL bytes",
                 id="nul-bytes-throughout-text"),
    pytest.param(_file("bad-utf8.txt", _bad_utf8_middle()), "bad-utf8.txt", "undecodable", "the rest is UTF-8",
                 id="invalid-utf8-in-the-middle"),
    pytest.param(_file("cut-utf16.txt", codecs.BOM_UTF16_LE + article(9, "utf-16-le") + b"\x00"), "cut-utf16.txt",
                 "undecodable", "utf-16", id="utf16-bom-odd-length"),
    pytest.param(_sparse("huge.txt", 200 * 1024 * 1024), "huge.txt", "too_large", "209,715,200 bytes",
                 id="200-mb-sparse-file-refused-from-its-size"),
    pytest.param(_one_line("line.txt", 1_200_000, "--max-bytes", "1000000"), "line.txt", "too_large",
                 "over the limit", id="megabyte-line-over-the-limit"),
    pytest.param(_one_line("line.txt", 200_000), "line.txt", "no_meeting", "", id="long-line-no-punctuation-ends"),
    pytest.param(_fifo("pipe.txt"), "pipe.txt", "not_a_file", "not a regular file", id="named-pipe-does-not-hang"),
    pytest.param(_link("dangling.txt", "gone.txt"), "dangling.txt", "not_found", "missing file (gone.txt)",
                 id="dangling-symlink-names-the-link"),
    pytest.param(_loop, "loop-a", "symlink_loop", "symbolic link loop", id="symlink-loop"),
    pytest.param(_link("self", "self"), "self", "symlink_loop", "symbolic link loop", id="symlink-to-itself"),
    pytest.param(_file("bad\nname.txt", b""), "bad\\nname.txt", "empty_file", "file is empty",
                 id="newline-in-a-bad-file-name-stays-one-line"),
    pytest.param(_file("\x1b[31mred.txt", b""), "\\x1b[31mred.txt", "empty_file", "file is empty",
                 id="escape-sequence-in-a-file-name"),
    pytest.param(_file(os.fsdecode(b"bad\xffname.txt"), article(25)), "bad\\xffname.txt", "bad_file_name",
                 "rename the file", id="undecodable-bytes-in-a-file-name"),
    pytest.param(_named_on_command_line("-gone-bad.txt", b"\x00" * 10), "-gone-bad.txt", "binary_file", "NUL",
                 id="leading-dash-bad-file-named-after-double-dash"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the good files, where each case adds its own."""
    target = tmp_path / "in"
    target.mkdir()
    for name in GOOD_SEEDS:
        shutil.copy(REPO / "seeds" / name, target / name)
    return target


def load(folder: Path, db: Path, *extra: str):
    args = ["load", "--jobs", "1", "--db", str(db)]
    if "--" in extra:  # paths after `--`; options before it
        cut = extra.index("--")
        args += [*extra[:cut], str(folder), *extra[cut:]]
    else:
        args += [*extra, str(folder)]
    return runner.invoke(app, args)


def assert_good_files_loaded(db: Path, extra: int = 0) -> None:
    names = {n for (n,) in query(db, "select file_name from documents")}
    assert set(GOOD_SEEDS) <= names
    assert len(names) == len(GOOD_SEEDS) + extra


@pytest.mark.parametrize(("make", "shown_name", "kind", "reason"), BAD)
def test_bad_input_is_one_line_a_problem_and_exit_1(folder: Path, tmp_path: Path, make: Make, shown_name: str,
                                                    kind: str, reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = make(folder)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # too large: refused from the size, never read
        assert kind != "too_large" or not self.name.endswith(shown_name), f"read {self}"
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    db = tmp_path / "etl.db"
    result = load(folder, db, *extra)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = error_lines(result.output)
    assert len(errors) == 1, result.output
    assert errors[0].split(": ", 2)[1].endswith(shown_name), errors[0]
    assert reason in errors[0]
    problems = query(db, "select path, kind, message from problems where severity = 'error'")
    assert len(problems) == 1, problems
    path, found_kind, message = problems[0]
    assert found_kind == kind
    assert path.endswith(shown_name.replace("\\n", "\n").replace("\\x1b", "\x1b"))
    assert "\n" not in message
    assert_good_files_loaded(db)


@pytest.mark.parametrize("seed", [
    pytest.param(None, id="regular-names"),
    # parse is still quadratic in one sentence of thousands of varied names (several
    # seconds here): the time guard ends it, loaded or as a `timeout` problem
    pytest.param(1, id="varied-names"),
])
def test_ten_thousand_names_in_one_sentence_ends(folder: Path, tmp_path: Path, seed: int | None) -> None:
    (folder / "names.txt").write_text(_names_sentence(10_000, seed), encoding="utf-8")
    db = tmp_path / "etl.db"
    result = load(folder, db, "--timeout", "3")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert len(error_lines(result.output)) == result.exit_code
    assert_good_files_loaded(db, extra=1 - result.exit_code)


def _bom_less_utf16(codec: str) -> Make:
    return _file(f"{codec}.txt", article(10 + len(codec), codec))


GOOD = [
    pytest.param(_file("utf16-bom.txt", article(2, "utf-16")), "utf16-bom.txt", "utf-16", id="utf16-with-bom"),
    pytest.param(_bom_less_utf16("utf-16-le"), "utf-16-le.txt", "utf-16-le", id="utf16-le-without-bom"),
    pytest.param(_bom_less_utf16("utf-16-be"), "utf-16-be.txt", "utf-16-be", id="utf16-be-without-bom"),
    pytest.param(_file("gb.txt", article(3, "gb18030")), "gb.txt", "gb18030", id="gb18030"),
    pytest.param(_file("big5.txt", article(4, "big5")), "big5.txt", "big5", id="big5"),
    pytest.param(_file("utf8-bom.txt", codecs.BOM_UTF8 + article(12)), "utf8-bom.txt", "utf-8-sig", id="utf8-bom"),
    pytest.param(_file("with spaces in it.txt", article(13)), "with spaces in it.txt", "utf-8", id="name-with-spaces"),
    pytest.param(_file("a\nb.txt", article(14)), "a\nb.txt", "utf-8", id="name-with-a-newline"),
    pytest.param(_file("-leading-dash.txt", article(15)), "-leading-dash.txt", "utf-8", id="name-with-leading-dash"),
    pytest.param(_file("疫情防控会议报道.txt", article(16)), "疫情防控会议报道.txt", "utf-8", id="chinese-name"),
    pytest.param(_named_on_command_line("-named.txt", article(17)), "-named.txt", "utf-8",
                 id="leading-dash-file-named-after-double-dash"),
    pytest.param(_nested(50), "deep.txt", "utf-8", id="fifty-nested-folders"),
]


@pytest.mark.parametrize(("make", "name", "encoding"), GOOD)
def test_unusual_but_good_input_loads(folder: Path, tmp_path: Path, make: Make, name: str, encoding: str) -> None:
    extra = make(folder)
    db = tmp_path / "etl.db"
    result = load(folder, db, *extra)
    assert result.exit_code == 0, result.output
    assert not error_lines(result.output)
    assert query(db, "select encoding from documents where file_name = ?", name) == [(encoding,)]
    assert query(db, "select count(*) from meetings m join documents d on d.id = m.document_id "
                     "where d.file_name = ?", name) == [(1,)]
    assert_good_files_loaded(db, extra=1)


def test_stray_nul_bytes_are_removed_with_a_finding(folder: Path, tmp_path: Path) -> None:
    (folder / "nuls.txt").write_bytes(_stray_nuls())
    db = tmp_path / "etl.db"
    result = load(folder, db)
    assert result.exit_code == 0, result.output
    assert not error_lines(result.output)
    (raw, norm), = query(db, "select raw_text, normalised_text from documents where file_name = 'nuls.txt'")
    assert "\x00" not in raw and "\x00" not in norm
    (kind, severity, message), = query(db, "select kind, severity, message from problems where path like '%nuls.txt'"
                                           " and stage = 'read'")
    assert (kind, severity) == ("nul_bytes_removed", "warning")
    assert message.startswith("2 stray NUL byte(s) removed")
    assert_good_files_loaded(db, extra=1)


def test_shown_escapes_what_would_break_a_line() -> None:
    assert shown(Path("a b/疫情.txt")) == "a b/疫情.txt"
    assert shown("a\nb\tc\x1b\u200b") == "a\\nb\\tc\\x1b\\u200b"
    assert shown(os.fsdecode(b"bad\xffname")) == "bad\\xffname"


# --- Unreadable files and folders: as a user the permission bits apply to (conftest) --

# (path as named in the error line and stored in problems.path, reason)
UNREADABLE = [
    pytest.param("in/locked.txt", "permission denied; check its permissions", id="unreadable-file"),
    pytest.param("in/locked-folder", "folder cannot be listed: permission denied; check its permissions",
                 id="unreadable-subfolder"),
    pytest.param("named-locked.txt", "permission denied; check its permissions",
                 id="unreadable-file-named-on-the-command-line"),
    pytest.param("named-locked-folder", "folder cannot be listed: permission denied; check its permissions",
                 id="unreadable-folder-named-on-the-command-line"),
    pytest.param("closed/inside.txt", "permission denied (cannot be looked up); check the permissions of its folders",
                 id="file-below-an-unsearchable-folder-named-on-the-command-line"),
]


@pytest.fixture(scope="module")
def unreadable_run(shared_dir: Path, run_unprivileged) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One `etl load` as an unprivileged user over every unreadable case and good files."""
    work = shared_dir / "perm"
    (work / "in" / "locked-folder").mkdir(parents=True)
    (work / "named-locked-folder").mkdir()
    (work / "closed").mkdir()
    for name in GOOD_SEEDS:
        shutil.copy(REPO / "seeds" / name, work / "in" / name)
    (work / "in" / "locked.txt").write_bytes(article(20))
    (work / "in" / "locked-folder" / "a.txt").write_bytes(article(21))
    (work / "named-locked.txt").write_bytes(article(22))
    (work / "named-locked-folder" / "b.txt").write_bytes(article(23))
    (work / "closed" / "inside.txt").write_bytes(article(24))
    for path in (work, *work.rglob("*")):
        path.chmod(0o777 if path.is_dir() else 0o666)
    for path in (work / "in" / "locked.txt", work / "named-locked.txt", work / "in" / "locked-folder",
                 work / "named-locked-folder"):
        path.chmod(0)
    (work / "closed").chmod(0o666)  # listable, but what is inside cannot be looked up
    result = run_unprivileged("load", "--jobs", "1", "--db", "etl.db", "in", "named-locked.txt",
                              "named-locked-folder", "closed/inside.txt", cwd=work)
    return result, work / "etl.db"


def test_unreadable_run_exits_1_and_loads_the_good_files(unreadable_run) -> None:
    result, db = unreadable_run
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(error_lines(result.stderr)) == len(UNREADABLE), result.stderr
    assert_good_files_loaded(db)


@pytest.mark.parametrize(("name", "reason"), UNREADABLE)
def test_unreadable_input_is_one_line_and_a_problem(unreadable_run, name: str, reason: str) -> None:
    result, db = unreadable_run
    assert f"error: {name}: {reason}" in error_lines(result.stderr), result.stderr
    assert query(db, "select kind, message from problems where path = ?", name) == [("unreadable", reason)]
