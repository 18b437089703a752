"""Read stage: a file's bytes → sha256, detected encoding, decoded text.

(contract only; implementation to follow)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RawDocument:
    path: Path
    data: bytes
    sha256: str  # hex digest of `data`
    encoding: str  # codec name as Python spells it: utf-8, utf-8-sig, utf-16-le, gb18030, big5, ...
    text: str  # decoded text, exactly as in the file (line endings kept)


class ReadError(Exception):
    """A file that cannot be read as text. `kind` is the problem code, `fix` the advice."""

    def __init__(self, path: Path, kind: str, reason: str, fix: str | None = None) -> None:
        self.path, self.kind, self.reason, self.fix = path, kind, reason, fix
        super().__init__(f"{path}: {reason}" + (f" ({fix})" if fix else ""))
