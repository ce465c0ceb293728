"""`reproduce prune-cache`: the build cache loses what the last build did not use, and
never what the next build needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildsite import build
from sample import edit, make_project

from macros.cache import cache_dir
from macros.cli.main import main

pytestmark = pytest.mark.build


def _objects(root: Path) -> set[Path]:
    return {p for p in (cache_dir(root) / "objects").rglob("*") if p.is_file()}


def test_pruning_removes_what_an_edit_left_behind_and_nothing_the_next_build_needs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project")
    assert build(root).returncode == 0
    edit(root, "plans/alpha-press/README.md", "Souder le cadre.", "Souder le cadre à plat.")
    assert build(root).returncode == 0
    before = _objects(root)

    assert main(["--root", str(root), "--lang", "en", "prune-cache"]) == 0
    said = capsys.readouterr().err
    assert "cache file(s) the last build did not use" in said and "--delete" in said
    assert _objects(root) == before  # without --delete, only said

    assert main(["--root", str(root), "--lang", "en", "prune-cache", "--delete"]) == 0
    after = _objects(root)
    assert after < before  # the bundle and page of the guide before the edit, at least
    assert f"{len(before - after)} cache file(s)" in capsys.readouterr().err
    assert not main(["--root", str(root), "--lang", "en", "prune-cache"])
    assert capsys.readouterr().err.startswith("0 cache file(s)")

    again = build(root)
    assert again.returncode == 0, again.output
    assert "made nothing" in again.output  # everything it needs was kept


def test_without_a_build_nothing_is_removed(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project")
    stray = cache_dir(root) / "objects" / "zip" / "ab" / "abcdef"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"kept")
    assert main(["--root", str(root), "--lang", "en", "prune-cache", "--delete"]) == 2
    assert "no build of the site has used this cache yet" in capsys.readouterr().err
    assert stray.read_bytes() == b"kept"
