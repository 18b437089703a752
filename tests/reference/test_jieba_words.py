"""jieba_words.cache_folder: jieba's dictionary cache goes to a folder of this user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.reference.jieba_words import cache_folder


@pytest.mark.parametrize(("xdg", "expected"), [
    pytest.param("cache", "cache/etl", id="xdg-cache-home"),
    pytest.param("blocked/cache", "tmp/etl-jieba-{uid}", id="home-cache-not-creatable-then-temp"),
])
def test_cache_folder_is_the_users_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str, expected: str) -> None:
    (tmp_path / "blocked").write_text("a file where a folder would be", encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / xdg))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr("tempfile.tempdir", None)  # re-read TMPDIR
    folder = cache_folder()
    assert folder == str(tmp_path / expected.format(uid=os.getuid()))
    assert os.access(folder, os.W_OK)
