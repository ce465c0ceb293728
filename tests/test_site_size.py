"""What a deploy will weigh: this build plus the versions the published branch keeps."""

from __future__ import annotations

import dataclasses
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from macros.built.site_size import (
    PARTS,
    SizeReport,
    branch_files,
    part_of,
    size_advice,
    size_report,
)
from macros.i18n.catalogue import text


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


@pytest.mark.parametrize(("path", "part"), [
    ("downloads/pdf/fr/plans/press.pdf", "page_pdfs"),
    ("files/pdf/nl/plans/press-3f2a.pdf", "page_pdfs"),
    ("downloads/plans/press/drawings/frame.pdf", "downloads"),
    ("files/3f2a9c0d1e2b4a5f/press-1.0.0.zip", "downloads"),
    ("downloads/offline/reproduce-kit-fr.zip", "offline_copies"),
    ("pagefind/fragment/fr_1a2b.pf_fragment", "search"),
    ("nl/plans/press/index.html", "pages"),
    ("assets/javascripts/bundle.min.js", "other"),
    ("pdf/index.html", "pages"),  # a page whose address says pdf is still a page
])
def test_each_published_file_counts_in_its_part(path: str, part: str) -> None:
    assert part_of(path) == part


def _heavy_report(tmp_path: Path, *, kept: int) -> SizeReport:
    site = tmp_path / "site"
    _write(site / "plans/press/index.html", 1000)
    _write(site / "downloads/offline/reproduce-kit-fr.zip", 3000)
    shared = tmp_path / "shared"
    _write(shared / "files/pdf/fr/plans/press-1.pdf", 6000)
    report = size_report(site, shared, tmp_path)
    assert report.parts == {"page_pdfs": 6000, "offline_copies": 3000, "pages": 1000}
    # the same parts at the scale of a real library, beside `kept` bytes of old versions
    scale = 60_000
    return dataclasses.replace(
        report, site=report.site * scale, shared_new=report.shared_new * scale,
        parts=Counter({part: size * scale for part, size in report.parts.items()}),
        branch=Counter({"2026.1": kept}) if kept else Counter())


def test_a_branch_near_the_limit_is_told_what_this_version_weighs(tmp_path: Path) -> None:
    report = _heavy_report(tmp_path, kept=300_000_000)  # 600 MB + 300 MB kept
    advice = size_advice(report, 800_000_000, "en")
    assert advice == [
        (False, "this site version weighs 600.0 MB: page PDFs 360.0 MB, offline copies "
                "180.0 MB, pages 60.0 MB"),
        (False, "the published branch nears GitHub Pages' 1 GB (900.0 MB): withdraw an old "
                "version (`mike delete --push X.Y`) or move large files out of the site"),
        (False, "this version alone takes 600.0 MB of GitHub Pages' 1 GB, too much to keep "
                "another one beside it: turn off what weighs most with the `reproduce` "
                "plugin's options in mkdocs.yml, `pdf: skip` for the page PDFs (360.0 MB) or "
                "`offline_copies: skip` for the offline copies (180.0 MB), or build fewer "
                "`languages` (each takes about a third)")]
    assert size_advice(report, 950_000_000, "en") == []
    over = size_advice(_heavy_report(tmp_path, kept=500_000_000), 800_000_000, "fr")
    assert [warning for warning, _ in over] == [False, True, True]
    assert over[1][1].startswith("après ce déploiement, la branche publiée pèserait jusqu'à "
                                 "1100.0 MB")


def test_a_light_version_is_not_told_to_turn_anything_off(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site / "index.html", 2000)
    report = dataclasses.replace(size_report(site, None, tmp_path),
                                 branch=Counter({"2026.1": 995_000_000}))
    advice = size_advice(report, 900_000_000, "nl")
    assert len(advice) == 2 and "mike delete" in advice[1][1]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_part_is_named_in_every_language(lang: str) -> None:
    names = [text(f"build.size_part.{part}").in_language(lang) for part in PARTS]
    assert all(names) and len(set(names)) == len(PARTS)
