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


def build(root: Path, offline_copies: bool = False, pdf: bool = False,
          env_extra: dict[str, str] | None = None) -> BuildResult:
    """`mkdocs build --strict`; the offline copies (a second build) and the page PDFs
    (a browser printing every page) only on demand: they are slow."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    if not offline_copies:
        env["REPRODUCE_OFFLINE_COPIES"] = "skip"
    env["REPRODUCE_PDF"] = "require" if pdf else "skip"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=root, capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root / "site")


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, spaces normalised (Babel uses narrow spaces)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def between(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i : page.index(end, i)]
