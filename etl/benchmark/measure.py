"""Run a command as a subprocess and measure it: wall time, CPU seconds of the whole
process tree, and the peak resident memory of every process in the tree.

CPU comes from `resource.getrusage(RUSAGE_CHILDREN)` deltas: it counts the subprocess and
every descendant that was waited for (worker pools join their workers). Peak memory is
sampled every ~0.1 s from /proc/<pid>/status (VmHWM, the high-water mark, which only
grows) for the subprocess and all its descendants, so a process that lives for less than
one interval may be missed. Linux only: it reads /proc.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class ProcessPeak:
    pid: int
    role: str  # main (the subprocess itself) or child
    command: str  # its command line, shortened
    peak_rss_mb: float


@dataclass(frozen=True, slots=True)
class Measured:
    exit_code: int
    seconds: float
    cpu_seconds: float  # user + system of the whole tree
    peaks: tuple[ProcessPeak, ...]  # main first, then children in the order first seen
    stderr: str  # the last lines the command wrote to stderr


def _parents() -> dict[int, int]:
    """pid → parent pid of every process visible in /proc."""
    out: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        out[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return out


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, parents before children."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    tree, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        tree.append(p)
        todo += sorted(children.get(p, []))
    return tree


def vm_hwm_kb(pid: int) -> int | None:
    """Peak resident set size of a live process in KiB (None once it has exited)."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _command(pid: int) -> str:
    try:
        words = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(w.decode(errors="replace") for w in words if w)
    return text if len(text) <= 70 else text[:67] + "..."


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peaks: dict[int, int] = {}
        self.commands: dict[int, str] = {}

    def sample(self) -> None:
        for pid in descendants(self.pid):
            kb = vm_hwm_kb(pid)
            if kb is None:
                continue
            if pid not in self.commands:
                self.commands[pid] = _command(pid)
            self.peaks[pid] = max(kb, self.peaks.get(pid, 0))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_SECONDS)


def run_measured(args: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run `args` to the end (stdout discarded) and measure it."""
    with tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(list(args), env=dict(env) if env is not None else None, cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=err)
        sampler = _Sampler(proc.pid)
        sampler.start()
        code = proc.wait()
        seconds = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        err.seek(0)
        stderr = "\n".join(err.read().decode(errors="replace").splitlines()[-20:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peaks = tuple(
        ProcessPeak(pid, "main" if pid == proc.pid else "child", sampler.commands[pid], kb / 1024)
        for pid, kb in sampler.peaks.items()
    )
    return Measured(code, seconds, cpu, peaks, stderr)


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
