"""What a deploy will weigh: this build plus the versions the published branch keeps."""

from __future__ import annotations

import subprocess
from pathlib import Path

from macros.built.site_size import branch_files, size_report


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_the_report_counts_the_kept_versions_and_only_new_shared_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "T")
    _git(repo, "checkout", "-q", "--orphan", "gh-pages")
    _write(repo / "2026.1/index.html", 3000)
    _write(repo / "latest/index.html", 3000)
    _write(repo / "files/aa/old.zip", 5000)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "pages")
    site, shared = tmp_path / "site", tmp_path / "shared"
    _write(site / "index.html", 2000)
    _write(site / "plans/index.html", 1000)
    _write(shared / "files/aa/old.zip", 5000)   # already on the branch: adds nothing
    _write(shared / "files/bb/new.zip", 7000)
    assert branch_files(repo)["files/aa/old.zip"] == 5000
    report = size_report(site, shared, repo)
    assert report.site == 3000 and report.shared_new == 7000
    assert report.branch == {"2026.1": 3000, "latest": 3000, "files": 5000}
    assert report.after_deploy == 11000 + 3000 + 7000
    assert report.largest == ("files/bb/new.zip", 7000)


def test_without_a_published_branch_the_report_is_this_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site / "index.html", 1234)
    report = size_report(site, None, tmp_path)
    assert report.branch == {} and report.after_deploy == 1234
