"""Downloads the build does not hold in memory: the offline copies kept in the build
cache (made once, reused while their inputs are unchanged, read back only when written)
and the drawings published as their contributors wrote them (read again from the plan's
folder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.build.finish import cached_offline_copies
from macros.bundle.plan_bundle import Download, DownloadLost, SourceFile
from macros.cache import ContentCache

ZIPS = {"offline/reproduce-kit-fr.zip": b"PK fr" * 1000, "offline/reproduce-kit-nl.zip": b"PK nl"}


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    staged = tmp_path / "stage"
    staged.mkdir()
    (staged / "index.md").write_text("# Accueil\n")
    return [staged]


def _maker(calls: list[str]) -> Iterator[tuple[str, bytes]]:
    for name, data in ZIPS.items():
        calls.append(name)
        yield name, data


def test_made_once_then_reused_with_the_same_bytes(tmp_path: Path, inputs: list[Path]) -> None:
    cache = ContentCache(tmp_path / "cache")
    calls: list[str] = []
    made, reused = cached_offline_copies(cache, inputs, [b"fr,nl"], lambda: _maker(calls))
    assert not reused and dict(made) == ZIPS
    again, reused = cached_offline_copies(cache, inputs, [b"fr,nl"], lambda: _maker(calls))
    assert reused and dict(again) == ZIPS
    assert calls == list(ZIPS)  # the second build made nothing
    (inputs[0] / "index.md").write_text("# Accueil modifié\n")
    _, reused = cached_offline_copies(cache, inputs, [b"fr,nl"], lambda: _maker(calls))
    assert not reused and len(calls) == 2 * len(ZIPS)


def test_a_damaged_zip_in_the_cache_is_made_again(tmp_path: Path, inputs: list[Path]) -> None:
    cache = ContentCache(tmp_path / "cache")
    calls: list[str] = []
    cached_offline_copies(cache, inputs, [], lambda: _maker(calls))
    stored = sorted((tmp_path / "cache" / "offline").rglob("*"), key=lambda p: p.stat().st_size)
    biggest = stored[-1]
    biggest.write_bytes(biggest.read_bytes()[:-10])  # a short write
    again, reused = cached_offline_copies(cache, inputs, [], lambda: _maker(calls))
    assert not reused and dict(again) == ZIPS


def test_a_zip_the_cache_loses_before_it_is_written_is_reported(
        tmp_path: Path, inputs: list[Path]) -> None:
    cache = ContentCache(tmp_path / "cache")
    made, _ = cached_offline_copies(cache, inputs, [], lambda: _maker([]))
    for path in (tmp_path / "cache" / "offline").rglob("*"):
        if path.is_file() and path.stat().st_size > 1000:
            path.unlink()  # cleared while the page PDFs were printing
    with pytest.raises(DownloadLost, match=r"reproduce-kit-fr\.zip"):
        made["offline/reproduce-kit-fr.zip"]
    assert made["offline/reproduce-kit-nl.zip"] == ZIPS["offline/reproduce-kit-nl.zip"]


def test_a_drawing_is_read_again_from_its_plan_and_a_change_meanwhile_is_reported(
        tmp_path: Path) -> None:
    drawing = tmp_path / "drawings" / "vues.svg"
    drawing.parent.mkdir()
    drawing.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    published = Download("downloads/plans/p/drawings/vues.svg", drawing.read_bytes(),
                         SourceFile(drawing))
    assert published.data == drawing.read_bytes() and published.size == drawing.stat().st_size
    drawing.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>")
    with pytest.raises(DownloadLost, match=r"drawings/vues\.svg"):
        _ = published.data  # its page would show the size and SHA-256 of the first version
    drawing.unlink()
    with pytest.raises(DownloadLost):
        _ = published.data
