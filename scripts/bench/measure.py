"""Measurements of one build: wall time, peak memory, and the published site by kind."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BASE_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


class BuildFailed(Exception):
    """A benchmark build did not succeed; its output says why."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    """Largest resident set of the build or of any process it waited for."""
    together_mb: float | None = None
    """Largest sum of the resident sets of the build and its processes at one moment
    (sampled from /proc; None where there is no /proc)."""
    build_mb: float | None = None
    """Largest resident set of the build process itself, sampled like `together_mb`
    (the largest process is often Pagefind, which the build runs)."""


class TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants, to know what
    processes running side by side (Pagefind, a browser, the offline copy's build)
    hold together."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_kb = 0
        self.own_peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))
            self.own_peak_kb = max(self.own_peak_kb, _rss_kb(self.pid))


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_build(root: Path, args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `python <args>` in `root` and measure it (os.wait4 gives the child's rusage)."""
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=root, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sampler = TreeMemory(proc.pid) if Path("/proc/self/status").is_file() else None
    if sampler is not None:
        sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    if sampler is not None:
        sampler.done.set()
        sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BuildFailed(f"{' '.join(args)} failed in {root}:\n"
                          f"{output.decode(errors='replace')[-4000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024,
               sampler.peak_kb / 1024 if sampler is not None else None,
               sampler.own_peak_kb / 1024 if sampler is not None else None)


def mkdocs_build(root: Path, env: dict[str, str] | None = None,
                 config: str = "mkdocs.yml", profile: Path | None = None) -> Run:
    prefix = ["-m", "cProfile", "-o", str(profile)] if profile else []
    return run_build(root, [*prefix, "-m", "mkdocs", "build", "--strict", "-q",
                            "-f", config], env)


KINDS = (
    ("page PDFs", "downloads/pdf/"),
    ("offline copies", "downloads/offline/"),
    ("drawings", "downloads/plans/*/drawings/"),
    ("plan bundles", "downloads/plans/"),
    ("kit downloads", "downloads/kit/"),
    ("other downloads", "downloads/"),
    ("search", "search/"),
    ("search", "pagefind/"),
    ("assets", "assets/"),
)
LANGUAGE_FOLDERS = ("nl/", "en/")


def kind_of(relative: str) -> str:
    """What a published file is, by its path from the site root."""
    for folder in LANGUAGE_FOLDERS:
        relative = relative.removeprefix(folder)
    for kind, prefix in KINDS:
        head, _, tail = prefix.partition("*/")
        if relative.startswith(head) and (not tail or f"/{tail}" in relative[len(head):]):
            return kind
    return "pages" if relative.endswith(".html") else "other"


def sizes_by_kind(site: Path) -> Counter[str]:
    sizes: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            sizes[kind_of(path.relative_to(site).as_posix())] += path.stat().st_size
    return sizes


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))
