"""read_file: file-system checks, hashing, and the seeds read as UTF-8."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from etl.read import ReadError, read_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXT = "省委書記主持召開領(lǐng)導(dǎo)小組會(huì)議。\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf8"),
        pytest.param(TEXT.encode("utf-16"), "utf-16", id="utf16-bom"),
        pytest.param("省委書記主持召開會議。\r\n".encode("big5"), "big5", id="big5"),
        pytest.param("省委书记主持召开会议。\r\n".encode("gbk"), "gb18030", id="gbk"),
    ],
)
def test_reads_bytes_hash_and_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.path == path
    assert doc.data == data
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.encoding == encoding
    assert doc.text == data.decode(encoding)
    assert doc.text.endswith("\r\n"), "line endings are normalise's job"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_read_as_utf8(seed: str) -> None:
    doc = read_file(SEEDS / seed)
    assert doc.encoding == "utf-8"
    assert doc.text == (SEEDS / seed).read_text(encoding="utf-8")


def _make(tmp_path: Path, case: str) -> Path:
    path = tmp_path / "f.txt"
    if case == "missing":
        return tmp_path / "nope.txt"
    if case == "folder":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)
    elif case == "broken-link":
        path.symlink_to(tmp_path / "gone.txt")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "whitespace":
        path.write_bytes(" \r\n\t\u3000\n".encode("utf-8"))
    elif case == "bom-only":
        path.write_bytes(b"\xef\xbb\xbf\n")
    elif case == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    elif case == "undecodable":
        path.write_bytes("疫情防控".encode("gbk") + b"\x81")
    return path


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        pytest.param("missing", "not_found", id="missing"),
        pytest.param("broken-link", "not_found", id="broken-link"),
        pytest.param("folder", "not_a_file", id="folder"),
        pytest.param("fifo", "not_a_file", id="fifo"),
        pytest.param("empty", "empty_file", id="empty"),
        pytest.param("whitespace", "empty_file", id="whitespace-only"),
        pytest.param("bom-only", "empty_file", id="bom-only"),
        pytest.param("png", "binary_file", id="png"),
        pytest.param("undecodable", "undecodable", id="undecodable"),
    ],
)
def test_errors_have_kind_path_and_fix(tmp_path: Path, case: str, kind: str) -> None:
    path = _make(tmp_path, case)
    with pytest.raises(ReadError) as info:
        read_file(path)
    err = info.value
    assert err.kind == kind
    assert err.path == path
    assert str(path) in str(err)
    assert err.fix
    assert "\n" not in str(err)


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(b"text")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.kind == "unreadable"
    assert info.value.reason == "permission denied"
    assert info.value.fix == "check its permissions"


def test_explicit_encoding_passes_through(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("省委书记主持召开会议".encode("gbk") + b"\xff")
    with pytest.raises(ReadError) as info:
        read_file(path, encoding="utf-8")
    assert info.value.kind == "undecodable"
    assert "gbk.txt" in str(info.value)


@pytest.mark.parametrize(
    ("max_bytes", "refused"),
    [
        pytest.param(0, False, id="no-limit"),
        pytest.param(100, False, id="at-the-limit"),
        pytest.param(99, True, id="one-byte-over"),
    ],
)
def test_max_bytes_refuses_from_the_size(tmp_path: Path, max_bytes: int, refused: bool,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("会" * 33 + "。").encode("utf-8")[:100].ljust(100, b" "))
    if not refused:
        assert len(read_file(path, max_bytes=max_bytes).data) == 100
        return
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(ReadError) as err:
        read_file(path, max_bytes=max_bytes)
    assert err.value.kind == "too_large"
    assert "100 bytes" in err.value.reason and "99 bytes" in err.value.reason
    assert err.value.fix == "pass --max-bytes 100 (or --max-bytes 0, no limit) to load it"


def test_stray_nul_bytes_are_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    good = ("省委书记主持召开会议，会议强调，要做好核酸检测。" * 4).encode("utf-8")
    path.write_bytes(good[:30] + b"\x00\x00" + good[30:])
    doc = read_file(path)
    assert doc.text == good.decode("utf-8") and doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest(), "the hash is of the bytes as they are"
    (finding,) = doc.findings
    assert (finding.stage, finding.kind, finding.severity) == ("read", "nul_bytes_removed", "warning")
    assert finding.message == "2 stray NUL byte(s) removed, the first at byte 30; the rest reads as utf-8"


@pytest.mark.parametrize(
    ("error", "kind", "reason"),
    [
        pytest.param(PermissionError(13, "Permission denied"), "unreadable", "permission denied", id="denied"),
        pytest.param(OSError(40, "Too many levels of symbolic links"), "symlink_loop", "symbolic link loop",
                     id="loop"),
        pytest.param(OSError(5, "Input/output error"), "unreadable", "cannot be examined (Input/output error)",
                     id="io-error"),
    ],
)
def test_stat_errors_name_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, kind: str,
                                     reason: str) -> None:
    path = tmp_path / "x.txt"

    def failing(self: Path, **_: object) -> os.stat_result:
        raise error

    monkeypatch.setattr(Path, "stat", failing)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.kind == kind and info.value.reason.startswith(reason)
