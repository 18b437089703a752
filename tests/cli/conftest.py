"""Fixtures for running `etl` where permission bits apply: on this machine and in CI the
tests run as root, which reads and writes anything, so such runs go as `nobody`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

NOBODY = 65534

RunEtl = Callable[..., subprocess.CompletedProcess[str]]


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def _unprivileged() -> tuple[list[str], Callable[[], None] | None] | str:
    """(command prefix, preexec_fn) that run this Python where permission bits apply
    (as `nobody` when this is root: `setpriv`, else os.setuid in the child), or why not."""
    if os.geteuid() != 0:
        return [], None
    tries: list[tuple[list[str], Callable[[], None] | None]] = []
    setpriv = shutil.which("setpriv")
    if setpriv:
        tries.append(([setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"], None))
    tries.append(([], _as_nobody))
    reasons = []
    for prefix, preexec in tries:
        probe = [*prefix, sys.executable, "-c", "import etl.cli, os; print(os.geteuid())"]
        try:
            done = subprocess.run(probe, preexec_fn=preexec, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            reasons.append(str(exc))
            continue
        if done.returncode == 0 and done.stdout.strip() == str(NOBODY):
            return prefix, preexec
        err = done.stderr.strip()
        reasons.append(err.splitlines()[-1] if err else f"exit {done.returncode}")
    return f"cannot run etl as nobody ({'; '.join(reasons)})"


@pytest.fixture(scope="session")
def shared_dir() -> Iterator[Path]:
    """A folder everyone may enter and write (pytest's own tmp folders are private to
    their owner); emptied at the end whatever the tests left unreadable in it."""
    folder = Path(tempfile.mkdtemp(prefix="etl-perm-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o777 if path.is_dir() else 0o666)
        shutil.rmtree(folder)


@pytest.fixture(scope="session")
def run_unprivileged(shared_dir: Path) -> RunEtl:
    """`run(*args, cwd=...)`: `python -m etl ARGS` as a user that permission bits apply to;
    skips (with the reason) when there is no way to run one."""
    how = _unprivileged()
    if isinstance(how, str):
        pytest.skip(how)
    prefix, preexec = how
    cache = shared_dir / "home"  # jieba writes its dictionary cache under TMPDIR
    cache.mkdir(exist_ok=True)
    cache.chmod(0o777)
    env = dict(os.environ, TMPDIR=str(cache), HOME=str(cache))
    env.pop("ETL_DB", None)

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, sys.executable, "-m", "etl", *args], cwd=cwd, env=env,
                              preexec_fn=preexec, capture_output=True, text=True, timeout=600)

    return run
