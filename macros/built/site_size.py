"""What a deploy will weigh on GitHub Pages: this build, and the versions already kept.

GitHub Pages refuses a published site over 1 GB and a file over 100 MB. mike keeps every
deployed version (and `latest`, redirects to one of them) as folders of the `gh-pages`
branch, beside the files every version shares (`files/`), so what counts is the whole
branch after the deploy: the versions already there, plus this build's site, plus the
shared files it adds. The build reads the branch (`git ls-tree`, no checkout) when the
repository has it, and says what to do when the total nears the limit.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from macros.i18n.catalogue import text
from macros.limits import megabytes

PAGES_BRANCH = "gh-pages"
PAGES_FILE_LIMIT = 100_000_000
PAGES_SITE_LIMIT = 1_000_000_000
"""GitHub Pages' limits: a file, and the whole published site (the branch)."""
NEAR = 0.8
"""From this share of the limit on, the maintainer is told what to do."""
PARTS = ("page_pdfs", "pages", "downloads", "offline_copies", "search", "other")
"""What a site version is made of, for the advice: each part has its own remedy."""
DOWNLOAD_FOLDERS = ("downloads", "files")
"""Where a build writes downloads: the site's own folder, or the shared `files/`."""
SEARCH_FOLDERS = ("pagefind", "search")


@dataclass(frozen=True)
class SizeReport:
    site: int
    """This build's site version."""
    shared_new: int
    """Shared files this build adds that the branch does not hold yet."""
    largest: tuple[str, int]
    branch: Counter[str] = field(default_factory=Counter)
    """Bytes per top-level folder of the published branch (versions, `files`, …)."""
    parts: Counter[str] = field(default_factory=Counter)
    """Bytes of this version by `PARTS`: its site and every shared file it writes,
    new or already on the branch (what this version alone weighs)."""

    @property
    def after_deploy(self) -> int:
        """An upper bound: the branch, this version added in full, the new shared files."""
        return sum(self.branch.values()) + self.site + self.shared_new


def part_of(path: str) -> str:
    """Which of `PARTS` a published file belongs to, from its path in the site or in
    the shared folder (`downloads/pdf/…` or `files/pdf/…` are page PDFs,
    `downloads/offline/…` the offline copies)."""
    folders = path.split("/")[:-1]
    if folders and folders[0] in DOWNLOAD_FOLDERS:
        below = folders[1] if len(folders) > 1 else ""
        if below == "pdf" and path.endswith(".pdf"):
            return "page_pdfs"
        return "offline_copies" if below == "offline" else "downloads"
    if folders and folders[0] in SEARCH_FOLDERS:
        return "search"
    return "pages" if path.endswith(".html") else "other"


def _parts(*listings: dict[str, int]) -> Counter[str]:
    parts: Counter[str] = Counter()
    for listing in listings:
        for path, size in listing.items():
            parts[part_of(path)] += size
    return parts


def _files(folder: Path | None) -> dict[str, int]:
    if folder is None or not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.stat().st_size
            for p in folder.rglob("*") if p.is_file()}


def branch_files(repo: Path, branch: str = PAGES_BRANCH) -> dict[str, int]:
    """Every file of the published branch with its size; empty without such a branch."""
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "-l", branch],  # noqa: S603, S607
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        return {}
    found = {}
    for line in listing.stdout.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and parts[3].isdigit():
            found[path] = int(parts[3])
    return found


def size_report(site_dir: Path, shared_dir: Path | None, repo: Path) -> SizeReport:
    site = _files(site_dir)
    shared = _files(shared_dir)
    kept = branch_files(repo)
    branch: Counter[str] = Counter()
    for path, size in kept.items():
        branch[path.split("/", 1)[0] if "/" in path else "(root)"] += size
    new_shared = {path: size for path, size in shared.items() if path not in kept}
    everything = {**site, **shared}
    largest = max(everything.items(), key=lambda item: item[1], default=("", 0))
    return SizeReport(sum(site.values()), sum(new_shared.values()), largest, branch,
                      _parts(site, shared))


def size_advice(report: SizeReport, near: int, lang: str) -> list[tuple[bool, str]]:
    """What the maintainer is told, in `lang`, when the branch after the deploy passes
    `near` bytes (the `site_mb` limit) or GitHub Pages' 1 GB, as (is a warning,
    message): what this version is made of, biggest first; to withdraw old versions;
    and, when this version alone is over half the limit (withdrawing cannot make room
    for the next one), the options that lighten it, with what each saves."""
    over = report.after_deploy > PAGES_SITE_LIMIT
    if not over and report.after_deploy <= near:
        return []
    total = megabytes(report.after_deploy)
    alone = sum(report.parts.values())
    parts = ", ".join(f"{text(f'build.size_part.{part}').in_language(lang)} {megabytes(size)}"
                      for part, size in report.parts.most_common() if size)
    advice = [(False, text("build.size_parts", alone=megabytes(alone), parts=parts)
               .in_language(lang)),
              (over, text("build.size_over" if over else "build.size_near", total=total)
               .in_language(lang))]
    if alone > PAGES_SITE_LIMIT / 2:
        advice.append((over, text("build.size_alone", alone=megabytes(alone),
                                  pdfs=megabytes(report.parts["page_pdfs"]),
                                  offline=megabytes(report.parts["offline_copies"]))
                       .in_language(lang)))
    return advice
