"""Measurements of one build: wall time, peak memory, and the published site by kind."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
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


def run_build(root: Path, args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `python <args>` in `root` and measure it (os.wait4 gives the child's rusage)."""
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=root, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BuildFailed(f"{' '.join(args)} failed in {root}:\n"
                          f"{output.decode(errors='replace')[-4000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024)


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
