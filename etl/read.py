"""Read stage: a file's bytes → sha256, detected encoding, decoded text.

`decode_bytes` detects the encoding rather than assuming it: a byte-order mark (UTF-8,
UTF-16, UTF-32), BOM-less UTF-16 (NUL bytes present: both byte orders are tried and the
plausible one kept), strict UTF-8, then the legacy Chinese encodings GB18030 (a superset of GBK and GB2312)
and Big5, decoding strictly with each and keeping the one whose text is the most
plausible Chinese (share of common characters; private-use and unassigned code points
count against). Binary files are recognised by their magic numbers, by NUL bytes that
UTF-16 does not explain, or by a high share of control bytes. A few stray NUL bytes in
otherwise good text (at most `max_stray_nul_share` of the bytes) are dropped before
decoding, and reported as a `nul_bytes_removed` finding rather than refusing the file.

A web page (`.html`, `.htm`, or a file starting with `<!DOCTYPE html` or `<html`) is decoded with the charset its `<meta>` declares when it
has no byte-order mark and its bytes decode with it (GB2312 and GBK as GB18030, their
superset); `--encoding` overrides both. Other files are not looked at for it.

`read_file` adds the file-system checks. Every failure is a `ReadError` with a problem
code (`kind`), a one-line reason and the fix. The text is returned exactly as decoded;
newlines and invisible characters are the normalise stage's business.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from etl.findings import Finding
from etl.html import declared_charset, is_page
from etl.normalise._data import rules
from etl.normalise.charsets import common_hanzi, is_private_use

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY_CODECS = ("gb18030", "big5", "cp950")  # cp950 (Windows Big5) only when big5 fails
_WHITESPACE_ONLY = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b\u200c\u200d\u2060"
_SCORE_SAMPLE = 20000  # characters scored per candidate decoding


@dataclass(frozen=True, slots=True)
class RawDocument:
    path: Path
    data: bytes
    sha256: str  # hex digest of `data`
    encoding: str  # codec name as Python spells it: utf-8, utf-8-sig, utf-16-le, gb18030, big5, ...
    text: str  # decoded text, exactly as in the file (line endings kept; stray NUL bytes dropped)
    findings: tuple[Finding, ...] = ()  # what reading did to the bytes (nul_bytes_removed)


class ReadError(Exception):
    """A file that cannot be read as text. `kind` is the problem code, `fix` the advice."""

    def __init__(self, path: Path, kind: str, reason: str, fix: str | None = None) -> None:
        self.path, self.kind, self.reason, self.fix = path, kind, reason, fix
        super().__init__(f"{path}: {reason}" + (f" ({fix})" if fix else ""))


def read_file(path: Path, encoding: str | None = None, max_bytes: int = 0) -> RawDocument:
    """Read and decode one file; raise ReadError (not_found, not_a_file, unreadable,
    too_large, empty_file, binary_file, undecodable) when it is not usable text.
    `max_bytes` > 0 refuses a larger file from its size, before reading it."""
    path = Path(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        broken = path.is_symlink()
        reason = "symbolic link to a missing file" if broken else "no such file"
        raise ReadError(path, "not_found", reason, "check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(path, "symlink_loop", "symbolic link loop (too many levels of symbolic links)",
                            "fix or remove the link") from None
        raise ReadError(path, "unreadable", _denied(exc, "cannot be examined"), "check its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "not_a_file", "is a folder, not a file", "name the text files, or pass the folder to etl load")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not_a_file", "is not a regular file (device, pipe or socket)", "pass a text file")
    if max_bytes and info.st_size > max_bytes:
        raise too_large(path, info.st_size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, "unreadable", _denied(exc, "cannot be read"), "check its permissions") from None
    if not data:
        raise ReadError(path, "empty_file", "file is empty (0 bytes)", "remove it or fill it with the article text")
    declared = declared_charset(data) if encoding is None and is_page(path, data) else None
    text, codec, nuls = _decode(data, encoding, path, declared)
    if not text.strip(_WHITESPACE_ONLY):
        raise ReadError(path, "empty_file", f"file holds only whitespace ({len(data)} bytes)", "remove it or fill it with the article text")
    findings = (_nul_finding(data, nuls, codec),) if nuls else ()
    return RawDocument(path, data, hashlib.sha256(data).hexdigest(), codec, text, findings)


def _denied(exc: OSError, what: str) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"{what} ({exc.strerror})"


def _nul_finding(data: bytes, nuls: int, codec: str) -> Finding:
    return Finding(
        stage="read", kind="nul_bytes_removed", severity="warning", method="read",
        message=f"{nuls} stray NUL byte(s) removed, the first at byte {data.index(0)}; the rest reads as {codec}",
    )


def too_large(path: Path, size: int, max_bytes: int) -> ReadError:
    """The error for a file over the size limit (etl load --max-bytes)."""
    return ReadError(
        path, "too_large", f"is {size:,} bytes, over the limit of {max_bytes:,} bytes",
        f"pass --max-bytes {size} (or --max-bytes 0, no limit) to load it",
    )


def decode_bytes(data: bytes, encoding: str | None = None, *, path: Path | None = None) -> tuple[str, str]:
    """(text, codec) for `data`; `encoding` overrides detection. `path` only names the
    source in a ReadError. Stray NUL bytes are dropped (see the module docstring)."""
    text, codec, _ = _decode(data, encoding, path if path is not None else Path("<bytes>"))
    return text, codec


def _decode(data: bytes, encoding: str | None, where: Path, declared: str | None = None) -> tuple[str, str, int]:
    """(text, codec, stray NUL bytes dropped) for `data`. `declared`: the codec a web
    page names in its <meta charset>, used after a byte-order mark and before detection
    when the bytes decode with it (a page that does not is detected as any file)."""
    signature = binary_signature(data)
    if signature is not None:
        raise ReadError(where, "binary_file", f"is a {signature}, not text", "pass the article as a plain-text file")
    if encoding is not None:
        return (*_decode_explicit(data, encoding, where), 0)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return (*_strict(data, codec, where, f"it starts with a {codec} byte-order mark but is damaged; re-save it as UTF-8"), 0)
    if declared is not None:
        try:
            return data.decode(declared), declared, 0
        except (UnicodeError, LookupError):
            pass
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is not None:
            return (*found, 0)
        stray = _without_stray_nuls(data, where)
        if stray is None:
            raise ReadError(
                where, "binary_file", "holds NUL bytes and does not read as UTF-16 text",
                "pass the article as a plain-text file, or --encoding utf-16-le / utf-16-be if it is UTF-16 text",
            )
        return stray
    if _control_share(data) > _cfg()["max_control_share"]:
        raise ReadError(where, "binary_file", "is mostly control bytes, not text", "pass the article as a plain-text file")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    best = _best_legacy(data)
    if best is not None:
        return (*best, 0)
    raise ReadError(where, "undecodable", _undecodable_reason(data), _undecodable_fix(data))


def _without_stray_nuls(data: bytes, where: Path) -> tuple[str, str, int] | None:
    """(text, codec, NULs dropped) when `data` holds only a few NUL bytes (a share of at
    most `max_stray_nul_share`) and reads as plausible text without them."""
    nuls = data.count(0)
    if nuls > _cfg()["max_stray_nul_share"] * len(data):
        return None
    try:
        text, codec, _ = _decode(data.replace(b"\x00", b""), None, where)
    except ReadError:
        return None
    if plausibility(text) < _cfg()["utf16_min_plausibility"]:
        return None
    return text, codec, nuls


def binary_signature(data: bytes) -> str | None:
    """The name of the binary format whose magic number `data` starts with, if any."""
    for sig in _signatures():
        offset, magic = sig[0], sig[1]
        if data[offset : offset + len(magic)] == magic:
            return sig[2]
    return None


def plausibility(text: str) -> float:
    """How much `text` reads like Chinese, in [-3, 1]: the share of its non-ASCII
    characters that are common Han characters or CJK punctuation, minus three times the
    share that are private-use, unassigned, control or replacement characters (ASCII
    control characters count here too; other ASCII is neutral)."""
    sample = text[:_SCORE_SAMPLE]
    # ASCII control characters are bad, other ASCII and white space neutral, common Han
    # good: counted by regex; only the other characters are looked at one by one
    bad = len(_ASCII_CONTROLS.findall(sample))
    good = len(_common_re().findall(sample))
    seen = bad + good
    for ch in _common_re_rest().findall(sample):
        if ch.isspace():
            continue
        seen += 1
        category = unicodedata.category(ch)
        if is_private_use(ch) or ch == "\ufffd" or category in ("Co", "Cn", "Cc", "Cs"):
            bad += 1
        elif category.startswith("P") and (0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF or 0x2000 <= ord(ch) <= 0x206F):
            good += 1
    return 1.0 if seen == 0 else (good - 3 * bad) / seen


_ASCII_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


@cache
def _common_re() -> re.Pattern[str]:
    """One common Han character."""
    return re.compile("[" + re.escape("".join(sorted(common_hanzi()))) + "]")


@cache
def _common_re_rest() -> re.Pattern[str]:
    """One character neither ASCII nor common Han."""
    return re.compile("[^\\x00-\\x7f" + re.escape("".join(sorted(common_hanzi()))) + "]")


@cache
def _cfg() -> dict[str, Any]:
    return rules("read_signatures.json")


@cache
def _signatures() -> tuple[tuple[int, bytes, str], ...]:
    return tuple((s["offset"], bytes.fromhex(s["hex"]), s["name"]) for s in _cfg()["signatures"])


def _strict(data: bytes, codec: str, where: Path, fix: str) -> tuple[str, str]:
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        raise ReadError(where, "undecodable", f"does not decode as {codec}: {_at(exc)}", fix) from None


def _at(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start : min(exc.end, exc.start + 4)]
    return f"bad bytes {bad.hex(' ')} at byte {exc.start}"


def _decode_explicit(data: bytes, encoding: str, where: Path) -> tuple[str, str]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ReadError(
            where, "undecodable", f"unknown encoding {encoding!r}", "use a Python codec name such as gb18030, big5, utf-16"
        ) from None
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        detected = _detect_quietly(data)
        fix = f"it reads as {detected}: pass --encoding {detected} or leave --encoding out" if detected else "convert the file to UTF-8"
        raise ReadError(where, "undecodable", f"does not decode as {codec} (--encoding): {_at(exc)}", fix) from None
    except (UnicodeError, LookupError) as exc:  # idna raises the base class; base64 is no text codec
        raise ReadError(
            where, "undecodable", f"cannot decode with {codec} (--encoding): {exc}", "pass a text encoding such as gb18030, big5, utf-16"
        ) from None


def _detect_quietly(data: bytes) -> str | None:
    try:
        return decode_bytes(data)[1]
    except ReadError:
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when `data` reads as BOM-less UTF-16. ASCII characters put a NUL in
    every code unit, on the high side; decoding with both byte orders and keeping the one
    that gives plausible text also copes with CJK characters whose low byte is NUL (一)."""
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < _cfg()["utf16_min_plausibility"]:
        return None
    return best[1], best[2]


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"


def _control_share(data: bytes) -> float:
    sample = data[: _cfg()["sample_bytes"]]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) if sample else 0.0


def _best_legacy(data: bytes) -> tuple[str, str] | None:
    """The legacy decoding (GB18030 or Big5) whose text is the most plausible Chinese."""
    decoded: list[tuple[str, str]] = []
    for codec in LEGACY_CODECS:
        if codec == "cp950" and any(c == "big5" for _, c in decoded):
            continue
        try:
            decoded.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    if not decoded:
        return None
    scores = [plausibility(text) for text, _ in decoded]
    return decoded[scores.index(max(scores))]  # ties go to the earlier (GB18030)


def _undecodable_reason(data: bytes) -> str:
    tried = ["utf-8", *LEGACY_CODECS]
    best, errors, first = _closest(data)
    return (
        f"does not decode as any of {', '.join(tried)}; it reads best as {best} "
        f"with {errors} undecodable byte(s), the first at byte {first}"
    )


def _undecodable_fix(data: bytes) -> str:
    best, _, _ = _closest(data)
    if best == "utf-8":
        return "the rest is UTF-8: repair or remove the damaged bytes, or re-save the file as UTF-8"
    other = "big5" if best == "gb18030" else "gb18030"
    return f"if you know the encoding pass it (e.g. --encoding {other}); else convert the file to UTF-8 or repair the damaged bytes"


def _closest(data: bytes) -> tuple[str, int, int]:
    """The candidate with the fewest undecodable bytes: (codec, count, first offset)."""
    best: tuple[str, int, int] | None = None
    for codec in ("utf-8", *LEGACY_CODECS):
        try:
            data.decode(codec)
            continue
        except UnicodeDecodeError as exc:
            first = exc.start
        errors = data.decode(codec, errors="replace").count("\ufffd")
        if best is None or errors < best[1]:
            best = (codec, errors, first)
    return best if best is not None else ("utf-8", 0, 0)
