"""Running a real `mkdocs build --strict` on a project folder, as a user would."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of the page at `url` (e.g. `plans/alpha-press/`)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def build_env(offline_copies: bool = False, pdf: bool = False,
              env_extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a test build: the offline copies (a second build) and the
    page PDFs (a browser printing every page) only on demand: they are slow."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    if not offline_copies:
        env["REPRODUCE_OFFLINE_COPIES"] = "skip"
    env["REPRODUCE_PDF"] = "require" if pdf else "skip"
    return env


def build_command(root: Path, *args: str) -> list[str]:
    """`mkdocs build --strict` of the project in `root`, with further `args`."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
            *args]


def build(root: Path, offline_copies: bool = False, pdf: bool = False,
          env_extra: dict[str, str] | None = None, site_dir: Path | None = None) -> BuildResult:
    """`mkdocs build --strict` into `root/site` (or `site_dir`)."""
    args = ("--site-dir", str(site_dir)) if site_dir is not None else ()
    proc = subprocess.run(
        build_command(root, *args), cwd=root, capture_output=True, text=True,
        env=build_env(offline_copies, pdf, env_extra), timeout=600, check=False,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir or root / "site")


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, spaces normalised (Babel uses narrow spaces)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def between(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i : page.index(end, i)]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder`, hidden ones included: files by their bytes, folders
    as None (two equal snapshots are the same tree, byte for byte)."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}
