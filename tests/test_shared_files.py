"""Downloads kept once for every site version: by content, at the root of the branch."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pikepdf
import pytest
from browsing import require_chromium
from buildsite import BuildResult, build
from sample import edit, make_project

pytestmark = pytest.mark.build
SITE = "https://reproduce-brussels.github.io/reproduce-kit/"


def _shared_build(root: Path, shared: Path, pdf: bool = False) -> BuildResult:
    result = build(root, pdf=pdf, env_extra={"REPRODUCE_SHARED_FILES": str(shared)})
    assert result.returncode == 0, result.output
    return result


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    require_chromium()
    base = tmp_path_factory.mktemp("shared")
    shared = base / "branch-root"
    return _shared_build(make_project(base / "project"), shared, pdf=True), shared


def test_downloads_are_named_by_content_outside_the_site(
        released: tuple[BuildResult, Path]) -> None:
    result, shared = released
    files = _files(shared)
    bundles = [name for name in files if name.endswith("/alpha-press-1.2.0.zip")]
    assert len(bundles) == 1
    folder = bundles[0].split("/")[1]
    digest = hashlib.sha256(files[bundles[0]]).hexdigest()
    assert bundles[0] == f"files/{digest[:16]}/alpha-press-1.2.0.zip" and folder == digest[:16]
    assert not (result.site / "downloads/plans").exists()  # not once more per version
    page = result.page("plans/alpha-press/")
    assert f'href="/reproduce-kit/{bundles[0]}"' in page and digest in page
    shown = re.findall(r'<img src="([^"]+)"', page)  # the drawings: shared too, not missing
    assert shown and all(src.startswith("/reproduce-kit/files/") for src in shown), shown
    assert all((shared / src.removeprefix("/reproduce-kit/")).is_file() for src in shown)
    catalog = json.loads((result.site / "plans/index.json").read_text(encoding="utf-8"))
    alpha = next(plan for plan in catalog["plans"] if plan["id"] == "alpha-press")
    assert alpha["bundle"]["url"] == SITE + bundles[0]


def test_page_pdfs_are_kept_by_the_version_of_their_content(
        released: tuple[BuildResult, Path]) -> None:
    result, shared = released
    pdf = "files/pdf/en/plans/alpha-press-1.2.0.pdf"
    assert (shared / pdf).read_bytes().startswith(b"%PDF")
    assert f'href="/reproduce-kit/{pdf}"' in result.page("en/plans/alpha-press/")
    assert not (result.site / "downloads/pdf").exists()


def test_a_second_version_adds_only_the_files_that_changed(
        released: tuple[BuildResult, Path], tmp_path: Path) -> None:
    _, shared = released
    root = make_project(tmp_path / "next")
    edit(root, "plans/beta-mould/README.md", "\n", "\nUne phrase de plus.\n")
    again = tmp_path / "branch-root"
    _shared_build(root, again)
    before, after = _files(shared), _files(again)
    added = sorted(set(after) - set(before))
    # The new bundle, and the manifest that names it (by its new address).
    assert sorted(re.sub(r"^files/[0-9a-f]{16}/", "", name) for name in added) == [
        "beta-mould-0.1.0.okh.toml", "beta-mould-0.1.0.zip"], added
    for name in set(after) & set(before):
        assert after[name] == before[name], name  # an address never shows other bytes


def _branch_with(versions: dict[str, Path], shared: list[Path], branch: Path) -> Path:
    """A checkout of the published branch as mike and the deploy leave it: one folder
    per version, mike's versions.json, and every shared folder's files at the root."""
    import shutil

    for name, site in versions.items():
        shutil.copytree(site, branch / name)
    for folder in shared:
        shutil.copytree(folder, branch, dirs_exist_ok=True)
    listing = [{"version": name, "title": name, "aliases": []} for name in versions]
    (branch / "versions.json").write_text(json.dumps(listing), encoding="utf-8")
    return branch


def _linked(branch: Path) -> set[str]:
    """What the pages and the catalogue JSON (which links each plan's manifest) name."""
    texts = "".join(p.read_text(encoding="utf-8") for pattern in ("*.html", "*.json")
                    for p in branch.rglob(pattern) if "files" not in p.parts)
    return set(re.findall(r"/reproduce-kit/(files/[^\"'\s<>]+)", texts))


def test_prune_removes_only_what_no_kept_version_links(
        released: tuple[BuildResult, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from macros.cli.main import main

    first, first_shared = released
    root = make_project(tmp_path / "next")
    edit(root, "plans/beta-mould/README.md", "\n", "\nUne phrase de plus.\n")
    second_shared = tmp_path / "second-shared"
    second = _shared_build(root, second_shared)
    branch = _branch_with({"1.0": first.site, "2.0": second.site},
                          [first_shared, second_shared], tmp_path / "gh-pages")
    before = _files(branch / "files")

    assert main(["prune-shared", str(branch)]) == 0  # both versions kept: nothing goes
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("0 shared file(s)")

    import shutil
    shutil.rmtree(branch / "1.0")  # `mike delete 1.0`
    (branch / "versions.json").write_text('[{"version": "2.0", "aliases": []}]')
    assert main(["prune-shared", str(branch)]) == 0
    out, _ = capsys.readouterr()
    listed = out.split()
    assert _files(branch / "files") == before  # listing only: nothing removed yet
    old_bundle = [n for n in listed if n.endswith("/beta-mould-0.1.0.zip")]
    assert len(old_bundle) == 1 and any(n.startswith("files/pdf/") for n in listed), listed

    assert main(["prune-shared", str(branch), "--delete"]) == 0
    out, err = capsys.readouterr()
    assert out.split() == listed and f"{len(listed)} shared file(s)" in err
    after = {f"files/{name}" for name in _files(branch / "files")}
    assert after == _linked(branch)  # what 2.0 links, all of it, and nothing else
    assert not (branch / "files/pdf").exists()  # emptied folders go too
    assert all((branch / name).is_file() for name in _linked(branch))


def test_prune_refuses_a_folder_that_is_not_the_published_branch(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from macros.cli.main import main

    kept = tmp_path / "files" / "0123456789abcdef" / "x.zip"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"zip")
    assert main(["--lang", "en", "prune-shared", str(tmp_path), "--delete"]) == 2
    _, err = capsys.readouterr()
    assert "not a checkout of the published branch" in err and "versions.json" in err
    assert kept.is_file()


def test_a_shared_page_pdf_ends_with_its_drawings_shared_sheet(
        released: tuple[BuildResult, Path]) -> None:
    """The drawing a page shows by its shared address is found in the shared files."""
    result, shared = released
    page = result.page("plans/alpha-press/")
    (sheet,) = re.findall(r'data-rk-sheet="/reproduce-kit/(files/[^"]+\.pdf)"', page)
    with pikepdf.open(shared / "files/pdf/fr/plans/alpha-press-1.2.0.pdf") as pdf, \
            pikepdf.open(shared / sheet) as drawing:
        assert pdf.pages[-1].Contents.read_bytes() == drawing.pages[0].Contents.read_bytes()
