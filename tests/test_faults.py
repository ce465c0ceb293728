"""Builds that survive faults: a damaged cache, a killed build, a site on another
filesystem, a library upgrade, a preview started with `--clean`."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample import make_content

from macros.bundle import archive, drawings, plan_bundle
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import SiteDownloads, site_downloads
from macros.cache import ContentCache, Memo
from macros.content.repository import load_site
from macros.model.site import Site


def _objects(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "one bit flipped": lambda data: data[:-1] + bytes([data[-1] ^ 1]),
    "written by an older version": lambda data: data[data.index(b"\n") + 33:],
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_cache_object_is_made_again(tmp_path: Path, damage: str) -> None:
    cache = ContentCache(tmp_path / "objects")
    cache.put("zip", "key", b"the bundle's bytes" * 100)
    (stored,) = _objects(tmp_path / "objects")
    stored.write_bytes(DAMAGES[damage](stored.read_bytes()))
    again = ContentCache(tmp_path / "objects")
    assert again.get("zip", "key") is None
    assert again.keyed("zip", "key", lambda: b"made again") == b"made again"
    assert again.made["zip"] == 1
    assert ContentCache(tmp_path / "objects").get("zip", "key") == b"made again"


def test_an_object_copied_under_another_key_is_not_used(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "objects")
    cache.put("png", "drawing-a", b"A" * 50)
    before = set(_objects(tmp_path / "objects"))
    cache.put("png", "drawing-b", b"B" * 50)
    (a,) = before
    (b,) = set(_objects(tmp_path / "objects")) - before
    b.write_bytes(a.read_bytes())
    assert cache.get("png", "drawing-b") is None
    assert cache.get("png", "drawing-a") == b"A" * 50


def _load(repo: Path, store: ContentCache) -> Site:
    site, problems = load_site(repo, memo=Memo(store))
    assert site is not None, problems
    return site


def test_a_memo_entry_with_a_flipped_bit_is_made_again(tmp_path: Path) -> None:
    """A flipped bit can still unpickle (a changed number, a changed letter): only the
    seal tells it apart, and the plan is loaded again rather than served changed."""
    repo = make_content(tmp_path / "repo")
    fresh = _load(repo, ContentCache(tmp_path / "memo"))
    for stored in _objects(tmp_path / "memo" / "loaded-plan"):
        data = bytearray(stored.read_bytes())
        at = data.index(b"Alpha press") if b"Alpha press" in data else None
        if at is not None:
            data[at] ^= 0x20  # "alpha press": still a valid pickle
            stored.write_bytes(bytes(data))
    store = ContentCache(tmp_path / "memo")
    again = _load(repo, store)
    assert store.made["loaded-plan"] == 1
    assert again.plans == fresh.plans


@pytest.fixture
def versions(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Installed library versions a test can change (an upgrade, as far as cache keys
    can tell)."""
    changed: dict[str, str] = {}
    real = importlib.metadata.version
    monkeypatch.setattr("macros.cache.version",
                        lambda name: changed.get(name) or real(name))
    for cached in (drawings.renderer, archive.zip_writer):
        cached.cache_clear()
    yield changed
    for cached in (drawings.renderer, archive.zip_writer):
        cached.cache_clear()


def _downloads(repo: Path, cache: ContentCache) -> SiteDownloads:
    site, problems = load_site(repo)
    assert site is not None, problems
    return site_downloads(site, PublishSettings(), cache)


def _png(downloads: SiteDownloads) -> bytes:
    return downloads.plans["alpha-press"].drawings[0].png.data


def test_a_cairosvg_upgrade_converts_the_drawings_again(tmp_path: Path,
                                                        versions: dict[str, str]) -> None:
    repo = make_content(tmp_path / "repo")
    _downloads(repo, ContentCache(tmp_path / "objects"))
    unchanged = ContentCache(tmp_path / "objects")
    _downloads(repo, unchanged)
    assert unchanged.made["png"] == unchanged.made["pdf"] == 0
    versions["CairoSVG"] = "99.0"
    drawings.renderer.cache_clear()
    upgraded = ContentCache(tmp_path / "objects")
    _downloads(repo, upgraded)
    assert upgraded.made["png"] == upgraded.made["pdf"] == 1


def test_a_new_preview_width_makes_new_previews(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_content(tmp_path / "repo")
    before = _downloads(repo, ContentCache(tmp_path / "objects"))
    monkeypatch.setattr(plan_bundle, "PREVIEW_WIDTH_PX", 600)
    cache = ContentCache(tmp_path / "objects")
    after = _downloads(repo, cache)
    assert cache.made["png"] == 1 and cache.made["pdf"] == 0
    assert int.from_bytes(_png(before)[16:20], "big") == 1200  # the PNG header's width
    assert int.from_bytes(_png(after)[16:20], "big") == 600


def test_a_new_zlib_makes_the_bundles_again(tmp_path: Path, versions: dict[str, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_content(tmp_path / "repo")
    _downloads(repo, ContentCache(tmp_path / "objects"))
    monkeypatch.setattr(archive.zlib, "ZLIB_RUNTIME_VERSION", "9.9.9")
    archive.zip_writer.cache_clear()
    cache = ContentCache(tmp_path / "objects")
    _downloads(repo, cache)
    assert cache.made["zip"] >= 3  # both plans' bundles and the kit's
