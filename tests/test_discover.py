"""discover and path keys: the fast path (one realpath per folder and per symbolic link)
gives what resolving every file gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.discover import discover, key_of, path_key


def slow_key(path: Path, base: Path) -> str:
    resolved, base = path.resolve(), base.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for rel in ("b.txt", "a-c/x.txt", "a/b/y.txt", "a/z.txt", ".hidden/h.txt", "a/.h.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "target.txt").write_text("t", encoding="utf-8")
    os.symlink(outside / "target.txt", root / "link.txt")
    os.symlink(outside, root / "linked_dir")  # not entered, as before
    os.symlink(root / "b.txt", root / "again.txt")  # the same file twice: yielded once
    os.symlink(outside / "gone.txt", root / "a" / "dangling.txt")  # yielded with its error, as itself
    return root


@pytest.mark.parametrize(
    "base",
    [pytest.param("tmp", id="below-base"), pytest.param("in", id="base-is-the-folder"),
     pytest.param("/", id="root-base"), pytest.param("unrelated", id="outside-base")],
)
def test_discover_and_keys_match_resolving_each_file(tree: Path, base: str) -> None:
    base_path = {"tmp": tree.parent, "in": tree, "/": Path("/"), "unrelated": tree.parent / "elsewhere"}[base]
    found = list(discover([tree, tree / "b.txt"]))
    paths = [f.path for f in found]
    expected = sorted(p for p in [tree / "b.txt", tree / "a-c/x.txt", tree / "a/b/y.txt", tree / "a/z.txt",
                                  tree / "link.txt", tree / "again.txt", tree / "a/dangling.txt"])
    seen, unique = set(), []
    for p in expected:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    assert paths == unique
    for f in found:
        if f.error is not None:  # a link that cannot be followed keeps its own name
            assert f.path.name == "dangling.txt" and f.error[0] == "not_found"
            assert f.resolved == str(f.path.parent.resolve() / f.path.name)
            continue
        assert f.resolved == str(f.path.resolve())
        assert key_of(f.resolved, os.path.realpath(base_path)) == slow_key(f.path, base_path)
        assert path_key(f.path, base_path) == slow_key(f.path, base_path)
