"""Builds that survive faults: a damaged cache, a killed build, a site on another
filesystem, a library upgrade, a preview started with `--clean`."""

from __future__ import annotations

import contextlib
import errno
import importlib.metadata
import itertools
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from buildsite import build, build_command, build_env, snapshot
from sample import edit, embed_raster, make_content, make_project

from macros.build import aside as aside_module
from macros.build.aside import BuildAside
from macros.built import page_pdfs
from macros.bundle import archive, drawings, plan_bundle
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import SiteDownloads, site_downloads
from macros.cache import ContentCache, Memo, tree_digest
from macros.content.repository import load_site
from macros.model.site import Site
from macros.problems import Severity


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
    png = downloads.plans["alpha-press"].drawings[0].png
    assert png is not None
    return png.data


def test_a_cairosvg_upgrade_converts_the_drawings_again(tmp_path: Path,
                                                        versions: dict[str, str]) -> None:
    repo = make_content(tmp_path / "repo")
    embed_raster(repo)  # a drawing with a PNG preview
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
    embed_raster(repo)  # a drawing with a PNG preview
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


OLD_SITE = {"index.html": b"old home", "plans/a/index.html": b"old plan", "gone.html": b"old"}
NEW_SITE = {"index.html": b"new home", "plans/a/index.html": b"new plan", "added/x.js": b"new"}


class Killed(BaseException):
    """The build process dies here (a SIGKILL, a power cut's last instant)."""


def _tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _files(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if data is not None}


@contextlib.contextmanager
def _dying_at(step: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every change a swap makes to the filesystem counts as a step; the process dies
    just before step `step`."""
    count = [0]

    def deadly(real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            count[0] += 1
            if count[0] == step:
                raise Killed
            return real(*args, **kwargs)
        return call

    with monkeypatch.context() as patch:
        for name in ("rename", "replace", "unlink", "rmdir", "mkdir"):
            patch.setattr(aside_module.os, name, deadly(getattr(os, name)))
        patch.setattr(aside_module.shutil, "copyfile", deadly(shutil.copyfile))
        patch.setattr(aside_module, "_exchange", deadly(aside_module._exchange))
        yield count


SWAPS = {
    "exchanged in one step": {},
    "two renames (no renameat2)": {"_exchange": lambda first, second: False},
    "copied onto a mount point": {"_renamable": lambda target: False},
}


@pytest.mark.parametrize("swap", SWAPS)
def test_a_build_killed_while_swapping_leaves_one_whole_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str) -> None:
    """Killed before each step of the swap in turn, the build leaves the previous site
    (or, once the swap is done, the new one), whole; the next build starts clean."""
    for name, replacement in SWAPS[swap].items():
        monkeypatch.setattr(aside_module, name, replacement)
    outcomes = []
    for step in itertools.count(1):
        work = tmp_path / str(step)
        target = work / "site"
        _tree(target, OLD_SITE)
        building = BuildAside(target, work / "cache").begin()
        _tree(building, NEW_SITE)
        with _dying_at(step, monkeypatch) as count, contextlib.suppress(Killed):
            BuildAside(target, work / "cache").keep()
        if count[0] < step:
            assert _files(target) == NEW_SITE
            break
        if swap == "exchanged in one step":
            assert _files(target) in (OLD_SITE, NEW_SITE)  # at every moment
        BuildAside(target, work / "cache").begin()
        outcome = snapshot(target)
        assert outcome in (_expected(OLD_SITE, tmp_path), _expected(NEW_SITE, tmp_path))
        assert [p.name for p in work.iterdir() if p.name.startswith(".")] == []
        outcomes.append(outcome == _expected(OLD_SITE, tmp_path))
    assert outcomes.count(True) >= 2, outcomes  # killed before the swap, more than once


def _expected(files: dict[str, bytes], tmp_path: Path) -> dict[str, bytes | None]:
    """The snapshot of a site holding exactly `files`."""
    folder = tmp_path / "expected" / ("old" if files is OLD_SITE else "new")
    if not folder.exists():
        _tree(folder, files)
    return snapshot(folder)


def test_a_failed_copy_leaves_the_previous_site(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while the new site is copied onto a mount point: the build stops
    with an error and the previous site is as it was."""
    monkeypatch.setattr(aside_module, "_renamable", lambda target: False)
    target = tmp_path / "site"
    _tree(target, OLD_SITE)
    aside = BuildAside(target, tmp_path / "cache")
    _tree(aside.begin(), NEW_SITE)

    def full(source: str, destination: str, **_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", destination)

    monkeypatch.setattr(aside_module.shutil, "copyfile", full)
    with pytest.raises(OSError, match="No space left"):
        aside.keep()
    assert snapshot(target) == _expected(OLD_SITE, tmp_path)


STILL = {"SOURCE_DATE_EPOCH": "1780000000"}
"""Builds of the same content give the same bytes, whenever they run."""


def _edited(root: Path) -> Path:
    """A change every part of the site sees: a page, its bundle, its drawing, its PDF."""
    edit(root, "plans/alpha-press/README.md", "Souder le cadre.", "Souder le cadre à plat.")
    edit(root, "plans/alpha-press/drawings/frame.svg", 'viewBox="0 0 210 148">',
         'viewBox="0 0 210 148"><title>v2</title>')
    return root


def _killed_at(root: Path, env: dict[str, str], line: int | str, delay: float) -> bool:
    """Run `mkdocs build` and kill it (SIGKILL, with the offline copy's build it started)
    `delay` seconds after it logged `line` lines (or a line with `line` in it); False
    when it finished before."""
    with subprocess.Popen(build_command(root), cwd=root, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, start_new_session=True
                          ) as process:
        assert process.stdout is not None
        for count in itertools.count(1):
            logged = process.stdout.readline()
            if not logged or (line in logged if isinstance(line, str) else count >= line):
                break
        time.sleep(delay)
        killed = process.poll() is None
        if killed:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    return killed


@pytest.mark.build
def test_a_killed_build_leaves_the_previous_site_and_the_next_build_is_right(
        tmp_path: Path) -> None:
    """`mkdocs build` killed at seeded random moments (after a random line of its log
    before the swap, then a random delay): each time the previous site is there byte
    for byte (or, when the kill came after the swap, the new one, whole), and the build
    after the last kill gives the site a clean build of the same content gives."""
    clean = build(_edited(make_project(tmp_path / "clean")), offline_copies=True,
                  env_extra=STILL)
    assert clean.returncode == 0, clean.output
    new = snapshot(clean.site)
    root = make_project(tmp_path / "killed")
    first = build(root, offline_copies=True, env_extra=STILL)
    assert first.returncode == 0, first.output
    old = snapshot(root / "site")
    _edited(root)
    env = build_env(offline_copies=True, env_extra=STILL)
    logged = first.output[:first.output.index("published:")].count("\n")  # then the swap
    chance = random.Random(13)
    outcomes = []
    for line in sorted(chance.sample(range(logged), 5)):
        killed = _killed_at(root, env, line, chance.uniform(0, 0.1))
        site = snapshot(root / "site")
        assert site in (old, new)
        outcomes.append((killed, site == old))
        old = site  # what the next kill must leave
    assert outcomes.count((True, True)) >= 3, outcomes
    # Killed while the offline copy's own build writes its pages: the next one starts it
    # afresh (a page cut short would look newer than its source to `--dirty`).
    assert _killed_at(root, env, "offline copies: building", 0.5)
    assert snapshot(root / "site") == old
    again = build(root, offline_copies=True, env_extra=STILL)
    assert again.returncode == 0, again.output
    assert "offline copies: building every page" in again.output
    assert snapshot(root / "site") == new
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.build
def test_a_damaged_cache_gives_the_same_site_as_a_clean_build(tmp_path: Path) -> None:
    """Every cached object truncated, emptied, bit-flipped or left from an older format
    (bundles, drawings, office files, pages, the search index, the offline copies):
    the next build makes them again and gives the same site, byte for byte."""
    root = make_project(tmp_path / "damaged")
    embed_raster(root)  # a drawing with a PNG preview
    clean = build(root, offline_copies=True, env_extra=STILL)
    assert clean.returncode == 0, clean.output
    expected = snapshot(root / "site")
    objects = _objects(root / ".cache" / "reproduce" / "objects")
    kinds = {path.relative_to(root / ".cache/reproduce/objects").parts[0] for path in objects}
    assert {"zip", "pdf", "png", "docx", "plan-page", "search-index", "offline"} <= kinds
    for path, damage in zip(objects, itertools.cycle(DAMAGES.values())):
        path.write_bytes(damage(path.read_bytes()))
    again = build(root, offline_copies=True, env_extra=STILL)
    assert again.returncode == 0, again.output
    assert snapshot(root / "site") == expected


def _other_filesystem() -> Path:
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK) or \
            shm.stat().st_dev == Path(tempfile.gettempdir()).stat().st_dev:
        pytest.skip("no writable tmpfs (/dev/shm) on another filesystem than the temporary "
                    "folder")
    return shm


MOUNTED = """\
set -e
mount -t tmpfs tmpfs "$SITE"
echo old > "$SITE/stale.html"
"$@" > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
cp -a "$SITE/." "$OUT/site"
"""


@pytest.mark.build
def test_a_site_dir_on_another_filesystem_replaces_the_site_there(tmp_path: Path) -> None:
    """`--site-dir` on a tmpfs, and a tmpfs mounted as `site_dir` (a CI volume, which
    no rename can replace: built in the cache, copied onto it and swapped in; mounted
    in a mount namespace of the test's own): the same site as a build into `site/`,
    and nothing left of the previous one."""
    root = make_project(tmp_path / "elsewhere")
    expected = build(root, env_extra=STILL)
    assert expected.returncode == 0, expected.output
    folder = Path(tempfile.mkdtemp(dir=_other_filesystem()))
    try:
        (folder / "site").mkdir()
        (folder / "site" / "stale.html").write_text("old")
        on_tmpfs = build(root, env_extra=STILL, site_dir=folder / "site")
        assert on_tmpfs.returncode == 0, on_tmpfs.output
        assert snapshot(folder / "site") == snapshot(expected.site)
        assert [p.name for p in folder.iterdir()] == ["site"]
    finally:
        shutil.rmtree(folder)
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"], capture_output=True,
                                         check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (no user and mount namespaces)")
    volume, out = tmp_path / "volume", tmp_path / "out"
    volume.mkdir()
    out.mkdir()
    env = {**build_env(env_extra=STILL), "SITE": str(volume), "OUT": str(out)}
    mounted = subprocess.run([unshare, "-rm", "sh", "-c", MOUNTED, "sh",
                              *build_command(root, "--site-dir", str(volume))],
                             cwd=root, env=env, capture_output=True, text=True, timeout=300,
                             check=False)
    assert mounted.returncode == 0, mounted.stdout + mounted.stderr
    assert snapshot(out / "site") == snapshot(expected.site)
    assert list(volume.iterdir()) == []  # the mount went with its namespace


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.build
@pytest.mark.parametrize("flag", ["--clean", "--dirty"])
def test_serve_never_runs_the_build_only_steps(tmp_path: Path, flag: str) -> None:
    """`mkdocs serve --clean` is announced to plugins as a build: it still previews
    (French only, no offline copies, no search index, nothing written beside the
    temporary folder it serves)."""
    root = make_project(tmp_path / "preview")
    env = {**build_env(offline_copies=True), "REPRODUCE_PDF": "auto"}
    command = [sys.executable, "-m", "mkdocs", "serve", flag, "--no-livereload", "-a",
               f"127.0.0.1:{_free_port()}", "-f", str(root / "mkdocs.yml")]
    lines: queue.Queue[str] = queue.Queue()
    output = ""
    with subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as server:
        reader = threading.Thread(target=lambda: [lines.put(line) for line in server.stdout
                                                  or []])
        reader.start()
        try:
            deadline = time.monotonic() + 120
            while "Serving on" not in output and time.monotonic() < deadline:
                try:
                    output += lines.get(timeout=1)
                except queue.Empty:
                    if server.poll() is not None:
                        break  # it stopped: the output says why
        finally:
            server.terminate()
            server.wait(timeout=30)
            reader.join(timeout=30)
    assert "Serving on" in output, output
    assert "Building 'nl'" not in output and "offline copies" not in output
    assert "search index" not in output and "page PDFs" not in output
    assert "The site is in" not in output
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [".cache", "docs", "kit", "macros", "mkdocs.yml", "overrides", "plans"])


UNCLOSED = {
    "fr": "la liste ouverte par `[` à la ligne 14 n'est pas fermée ; l'analyse s'est arrêtée "
          "à la ligne 15 : fermez-la par `]`",
    "nl": "de lijst die op regel 14 met `[` opent, is niet gesloten; de parser stopte op "
          "regel 15: sluit ze met `]`",
    "en": "the list opened with `[` on line 14 is not closed; the parser stopped on line 15: "
          "close it with `]`",
}


@pytest.mark.parametrize("lang", UNCLOSED)
def test_an_unclosed_list_is_reported_where_it_opened_and_where_parsing_stopped(
        tmp_path: Path, lang: str) -> None:
    repo = make_content(tmp_path / "repo")
    edit(repo, "plans/alpha-press/plan.yml", "tools: [welder, drill-press]",
         "tools: [welder, drill-press")
    site, problems = load_site(repo)
    assert site is None
    (found,) = [p for p in problems if p.severity is Severity.ERROR]
    assert found.format(lang) == f"plans/alpha-press/plan.yml:14: -: {UNCLOSED[lang]}"


def test_an_unclosed_quote_in_front_matter_names_both_lines_of_the_file(
        tmp_path: Path) -> None:
    repo = make_content(tmp_path / "repo")
    edit(repo, "kit/fiches/fiche-essai.md", "type: fiche", 'type: "fiche')
    site, problems = load_site(repo)
    assert site is None
    (found,) = [p for p in problems if p.severity is Severity.ERROR]
    assert found.path == "kit/fiches/fiche-essai.md" and found.line == 3
    assert "the quoted text opened on line 3 is not closed; the parser stopped on line" \
        in found.format("en")


def test_a_browser_upgrade_changes_every_page_pdf_key(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Chromium prints the pages: a new version (a Debian update) prints them again."""
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\necho Chromium 150.0.1\n")
    browser.chmod(0o755)
    monkeypatch.setenv("REPRODUCE_CHROMIUM", str(browser))
    page_pdfs.printer.cache_clear()
    try:
        before = page_pdfs.printer()
        browser.write_text("#!/bin/sh\necho Chromium 151.0.1\n")
        page_pdfs.printer.cache_clear()
        assert page_pdfs.printer() != before
    finally:
        page_pdfs.printer.cache_clear()


def test_compiled_python_is_not_part_of_a_code_digest(tmp_path: Path) -> None:
    """The offline copies and the memo are keyed by the package's code: the interpreter
    writing `__pycache__` must not make them again."""
    package = tmp_path / "macros"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    before = tree_digest([package], [])
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0compiled")
    (package / "b.pyc").write_bytes(b"\0compiled")
    assert tree_digest([package], []) == before
    (package / "a.py").write_text("x = 2\n")
    assert tree_digest([package], []) != before
