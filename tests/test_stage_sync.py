"""Writing the staged tree: only what differs is touched, and a preview's rebuild
recognises what it staged before without reading it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.stage.sync import StagedFiles, sync_tree


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    original = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def test_a_build_writes_only_what_differs_and_removes_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "stage"
    (out / "old").mkdir(parents=True)
    (out / "old/page.md").write_text("stale", encoding="utf-8")
    (out / "same.md").write_bytes(b"same")
    report = sync_tree({"same.md": b"same", "plans/x/index.md": b"# X"}, out)
    assert (report.written, report.removed, report.unchanged) == (1, 1, 1)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "plans", "plans/x", "plans/x/index.md", "same.md"]


def test_a_preview_knows_what_it_staged_without_reading_it_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, known = tmp_path / "stage", StagedFiles()
    pages = {f"plans/p{n}/index.md": f"# Plan {n}".encode() for n in range(20)}
    assert sync_tree(pages, out, known).written == 20
    reads = _count_reads(monkeypatch)
    again = sync_tree(pages, out, known)
    assert (again.written, again.unchanged) == (0, 20) and reads == []
    edited = {**pages, "plans/p3/index.md": b"# Plan 3, edited"}
    report = sync_tree(edited, out, known)
    assert (report.written, report.unchanged) == (1, 19)
    assert (out / "plans/p3/index.md").read_bytes() == b"# Plan 3, edited"


def test_a_staged_file_changed_behind_the_preview_is_written_again(tmp_path: Path) -> None:
    out, known = tmp_path / "stage", StagedFiles()
    pages = {"index.md": b"# Accueil"}
    sync_tree(pages, out, known)
    (out / "index.md").write_bytes(b"# Tampered with")
    assert sync_tree(pages, out, known).written == 1
    assert (out / "index.md").read_bytes() == b"# Accueil"
    (out / "index.md").unlink()
    assert sync_tree(pages, out, known).written == 1
    assert (out / "index.md").read_bytes() == b"# Accueil"


def test_a_page_the_preview_no_longer_stages_goes_with_its_empty_folders(
        tmp_path: Path) -> None:
    out, known = tmp_path / "stage", StagedFiles()
    sync_tree({"plans/a/index.md": b"a", "plans/b/index.md": b"b", "index.md": b"i"},
              out, known)
    report = sync_tree({"plans/a/index.md": b"a", "index.md": b"i"}, out, known)
    assert report.removed == 1
    assert not (out / "plans/b").exists() and (out / "plans/a/index.md").is_file()
    sync_tree({"index.md": b"i"}, out, known)
    assert sorted(p.name for p in out.iterdir()) == ["index.md"]
