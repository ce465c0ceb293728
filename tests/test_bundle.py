"""Plan bundles: layout, contents, checksums, reproducibility and the cache."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from buildsite import BuildResult, between
from sample import embed_raster, loaded_site, make_content

from macros.bundle.settings import PublishSettings, source_date_from_env
from macros.bundle.site_downloads import SiteDownloads, site_downloads
from macros.cache import ContentCache
from macros.cli.main import main


def _downloads(root: Path, cache_dir: Path, settings: PublishSettings | None = None
               ) -> tuple[SiteDownloads, ContentCache]:
    cache = ContentCache(cache_dir)
    return site_downloads(loaded_site(root), settings or PublishSettings(), cache), cache


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_bundle_layout(repo: Path, tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    bundle = downloads.plans["alpha-press"].bundle
    assert bundle.path == "downloads/plans/alpha-press/alpha-press-1.2.0.zip"
    assert _zip(bundle.data).namelist() == [
        "alpha-press-1.2.0/LICENSE.txt",
        "alpha-press-1.2.0/README.en.md",
        "alpha-press-1.2.0/README.md",
        "alpha-press-1.2.0/SHA256SUMS",
        "alpha-press-1.2.0/bom.csv",
        "alpha-press-1.2.0/drawings/frame.pdf",
        "alpha-press-1.2.0/drawings/frame.svg",
        "alpha-press-1.2.0/files/auxiliary/cutting-list.csv",
        "alpha-press-1.2.0/okh.toml",
        "alpha-press-1.2.0/plan.yml",
    ]
    assert max(len(name) for name in _zip(bundle.data).namelist()) < 100


def test_bundle_entries_have_fixed_dates_and_permissions(repo: Path, tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    for info in _zip(downloads.plans["alpha-press"].bundle.data).infolist():
        assert info.date_time == (2026, 11, 1, 0, 0, 0)  # the newest changelog date
        assert (info.external_attr >> 16) & 0o777 == 0o644


def test_source_date_epoch_overrides_content_dates(repo: Path, tmp_path: Path) -> None:
    moment = source_date_from_env({"SOURCE_DATE_EPOCH": "1700000000"})
    downloads, _ = _downloads(repo, tmp_path / "cache", PublishSettings(source_date=moment))
    info = _zip(downloads.plans["beta-mould"].bundle.data).infolist()[0]
    assert info.date_time == (2023, 11, 14, 22, 13, 20)
    assert source_date_from_env({"SOURCE_DATE_EPOCH": "soon"}) is None


def test_sha256sums_cover_every_other_file(repo: Path, tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    archive = _zip(downloads.plans["alpha-press"].bundle.data)
    sums = archive.read("alpha-press-1.2.0/SHA256SUMS").decode().splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split("  ")
        listed[name] = digest
    others = [n.removeprefix("alpha-press-1.2.0/") for n in archive.namelist()
              if not n.endswith("SHA256SUMS")]
    assert sorted(listed) == sorted(others)
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(f"alpha-press-1.2.0/{name}")).hexdigest() == digest


def test_bom_csv_has_totals_currency_date_and_a_byte_order_mark(repo: Path,
                                                                 tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    data = downloads.plans["alpha-press"].bom.data
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["ref", "name", "qty", "unit", "unit_price", "line_total", "currency",
                       "supplier", "reuse", "assembly"]
    assert rows[1][:7] == ["A1", "Vis à tête hexagonale M8 <script>alert(1)</script>", "4",
                           "pièce", "0.35", "1.40", "EUR"]
    assert rows[2][5] == "39.90"
    assert rows[3][4:6] == ["", ""]  # the unpriced motor: no price, no line total
    assert rows[4][1:7] == ["TOTAL (pièces chiffrées seulement ; 1 pièce sans prix)", "", "",
                            "", "41.30", "EUR"]
    assert rows[5][1] == "prix relevés le 2026-11-01"


def test_bom_csv_neutralises_formulas(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans/alpha-press/plan.yml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("supplier: Quincaillerie \"Le Boulon\"",
                        "supplier: '=HYPERLINK(\"http://evil.example\")'")
    plan.write_text(text.replace("name: Cric hydraulique 4 t", "name: '@SUM(A1:A9)'"),
                    encoding="utf-8")
    downloads, _ = _downloads(repo, tmp_path / "cache")
    rows = list(csv.reader(io.StringIO(downloads.plans["alpha-press"].bom.data.decode(
        "utf-8-sig"))))
    assert rows[1][7] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[2][1] == "'@SUM(A1:A9)"


def test_licence_names_both_licences_and_the_authors(repo: Path, tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    text = _zip(downloads.plans["alpha-press"].bundle.data).read(
        "alpha-press-1.2.0/LICENSE.txt").decode()
    assert "CERN Open Hardware Licence Version 2 - Strongly Reciprocal (CERN-OHL-S-2.0)" in text
    assert "(CC-BY-SA-4.0)" in text
    assert "Atelier Test" in text


def test_rebuild_in_another_folder_is_byte_identical(repo: Path, tmp_path: Path) -> None:
    first, _ = _downloads(repo, tmp_path / "cache1")
    other = tmp_path / "elsewhere" / "deep" / "copy"
    shutil.copytree(repo, other)
    second, _ = _downloads(other, tmp_path / "cache2")
    assert first.files() == second.files()
    assert str(tmp_path).encode() not in b"".join(first.files().values())


def test_cache_makes_only_what_changed(repo: Path, tmp_path: Path) -> None:
    _, cold = _downloads(repo, tmp_path / "cache")
    plan_kinds = {kind: cold.made[kind] for kind in ("zip", "pdf", "png")}
    assert plan_kinds == {"zip": 3, "pdf": 1, "png": 0}  # two plans and the kit; a line
    # drawing is shown as itself, without a PNG
    _, warm = _downloads(repo, tmp_path / "cache")
    assert warm.made == {}
    readme = repo / "plans/beta-mould/README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n2. Presser.\n", encoding="utf-8")
    _, after_edit = _downloads(repo, tmp_path / "cache")
    assert after_edit.made == {"zip": 1}
    drawing = repo / "plans/alpha-press/drawings/frame.svg"
    drawing.write_text(drawing.read_text(encoding="utf-8").replace("Cadre", "Cadre v2"),
                       encoding="utf-8")
    _, after_drawing = _downloads(repo, tmp_path / "cache")
    # the changed drawing's words (for its PDF's alternative text) are read again, the
    # other drawing's come from the cache
    assert after_drawing.made == {"zip": 1, "pdf": 1, "drawing-words": 1}


def test_a_bundle_is_read_again_from_the_cache_and_never_published_changed(
        repo: Path, tmp_path: Path) -> None:
    from macros.bundle.plan_bundle import DownloadLost

    downloads, _ = _downloads(repo, tmp_path / "cache")
    bundle = downloads.plans["alpha-press"].bundle
    data = bundle.data
    assert hashlib.sha256(data).hexdigest() == bundle.sha256 and len(data) == bundle.size
    assert _zip(data).testzip() is None
    stored = [p for p in (tmp_path / "cache/zip").rglob("*") if p.is_file()]
    for path in stored:  # the cache rewritten under the build: other bytes, same place
        path.write_bytes(path.read_bytes()[:-1] + b"!")
    with pytest.raises(DownloadLost, match=r"alpha-press-1\.2\.0\.zip"):
        bundle.data  # noqa: B018
    for path in stored:
        path.unlink(missing_ok=True)  # a damaged object is removed when read
    with pytest.raises(DownloadLost):
        downloads.files()[bundle.path]


def test_kit_bundle_holds_every_document_and_attachment(repo: Path, tmp_path: Path) -> None:
    downloads, _ = _downloads(repo, tmp_path / "cache")
    names = _zip(downloads.kit.data).namelist()
    assert "reproduce-kit/outils/outil-essai.md" in names
    assert "reproduce-kit/outils/suivi.csv" in names
    assert "reproduce-kit/lieux/atelier-complet.md" in names
    assert "reproduce-kit/SHA256SUMS" in names


def test_cli_bundle_writes_the_same_zip(repo: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(repo), "bundle", "beta-mould", "--out", str(out)]) == 0
    written = (out / "beta-mould-0.1.0.zip").read_bytes()
    downloads, _ = _downloads(repo, tmp_path / "cache")
    assert written == downloads.plans["beta-mould"].bundle.data
    assert "[1/1]" in capsys.readouterr().out
    assert main(["--root", str(repo), "bundle", "beta-mold", "--out", str(out)]) == 2
    assert "no plan `beta-mold`; did you mean `beta-mould`?" in capsys.readouterr().err


def test_plan_page_shows_the_bundle_sha256_of_the_file(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    box = between(page, '<div class="rk-download">', "</div>")
    href = re.search(r'<a href="([^"]+\.zip)" download="alpha-press-1.2.0.zip"', box)
    assert href is not None
    zip_path = (built.site / "plans/alpha-press" / href.group(1)).resolve()
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    assert f'<code class="rk-sha256">{digest}</code>' in box


def test_catalog_json_matches_the_pages(built: BuildResult) -> None:
    data = json.loads((built.site / "plans/index.json").read_text(encoding="utf-8"))
    assert [plan["id"] for plan in data["plans"]] == ["alpha-press", "beta-mould"]
    alpha = data["plans"][0]
    assert alpha["title"] == {"fr": "Presse alpha <b>forte</b>", "en": "Alpha press",
                              "nl": "Presse alpha <b>forte</b>"}
    assert "<b>" not in (built.site / "plans/index.json").read_text(encoding="utf-8")
    page = built.page("plans/alpha-press/")
    assert alpha["bundle"]["sha256"] in page
    assert alpha["version"] == "1.2.0" and "Version 1.2.0" in page
    local = built.site / alpha["bundle"]["url"].split("/reproduce-kit/", 1)[1]
    assert local.stat().st_size == alpha["bundle"]["size"]
    manifest = built.site / alpha["okh_manifest"]["url"].split("/reproduce-kit/", 1)[1]
    assert hashlib.sha256(manifest.read_bytes()).hexdigest() == alpha["okh_manifest"]["sha256"]
    assert b'okhv = "OKH-LOSHv1.0"' in manifest.read_bytes()


def test_two_builds_make_identical_downloads(built: BuildResult, tmp_path: Path) -> None:
    from buildsite import build
    from sample import make_project

    again = build(make_project(tmp_path / "again"))  # offline copies: see test_offline.py
    assert again.returncode == 0, again.output
    for path in (built.site / "downloads").rglob("*"):
        if path.is_file() and "offline" not in path.relative_to(built.site).parts:
            twin = again.site / path.relative_to(built.site)
            assert twin.read_bytes() == path.read_bytes(), path


def test_bundles_are_not_copied_per_page(built: BuildResult) -> None:
    zips = [p.relative_to(built.site).as_posix() for p in built.site.rglob("*.zip")]
    assert sorted(zips) == [
        "downloads/kit/reproduce-kit.zip",
        "downloads/offline/reproduce-kit-en.zip",
        "downloads/offline/reproduce-kit-fr.zip",
        "downloads/offline/reproduce-kit-nl.zip",
        "downloads/plans/alpha-press/alpha-press-1.2.0.zip",
        "downloads/plans/beta-mould/beta-mould-0.1.0.zip",
    ]




def test_a_drawing_heavier_than_its_png_is_shown_and_published_as_the_png() -> None:
    from macros.bundle.plan_bundle import Download, DrawingDownloads

    light = DrawingDownloads(0, Download("d/a.svg", b"s" * 10), Download("d/a.pdf", b"p"),
                             Download("d/a.png", b"n" * 50))
    heavy = DrawingDownloads(0, Download("d/b.svg", b"s" * 90), Download("d/b.pdf", b"p"),
                             Download("d/b.png", b"n" * 50))
    assert light.preview is light.svg and heavy.preview is heavy.png


def test_a_line_drawing_is_shown_as_itself_and_no_png_is_made(repo: Path,
                                                               tmp_path: Path) -> None:
    from macros.bundle.plan_bundle import needs_png

    downloads, cache = _downloads(repo, tmp_path / "cache")
    drawing = downloads.plans["alpha-press"].drawings[0]
    assert drawing.png is None and drawing.preview is drawing.svg
    assert cache.made["png"] == 0 and cache.made["pdf"] == 1
    assert not any(item.path.endswith(".png") for item in downloads.items())
    line = (repo / "plans/alpha-press/drawings/frame.svg").read_bytes()
    assert not needs_png(line)
    photo = line.replace(b"</svg>", b'<image href="data:image/png;base64,AAAA" '
                                    b'width="1" height="1"/></svg>')
    assert needs_png(photo) and needs_png(photo.replace(b"<image", b"<svg:image"))
    assert needs_png(line + b" " * 64_000)  # heavy: its PNG may be the lighter


def test_drawings_converted_on_every_core_are_the_bytes_made_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.bundle import site_downloads as module
    from macros.bundle.plan_bundle import plan_drawing_jobs

    repo = make_content(tmp_path / "repo")
    embed_raster(repo)  # a PNG preview too
    site = loaded_site(repo)
    monkeypatch.setattr(module, "CONVERSIONS_PER_WORKER", 1)
    parallel = ContentCache(tmp_path / "parallel")
    made = module.convert_drawings(site.plans, PublishSettings(), parallel, workers=2)
    jobs = [job for entry in site.plans for job in plan_drawing_jobs(entry, PublishSettings())]
    assert made == len(jobs) >= 2 and parallel.made["png"] and parallel.made["pdf"]
    for job in jobs:
        assert parallel.get(job.kind, job.key) == job.make()
    assert module.convert_drawings(site.plans, PublishSettings(), parallel, workers=2) == 0
