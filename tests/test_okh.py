"""OKH-LOSH manifests: valid against the OKH JSON Schema, filled from the plan, and
every reference leading to a file the bundle holds or the site publishes."""

from __future__ import annotations

import hashlib
import html
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from browsing import prefix
from buildsite import BuildResult, between
from jsonschema import Draft7Validator
from sample import DRAWING, PROJECT, edit, loaded_site

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from macros.addresses import DEFAULT_SITE_URL
from macros.bundle.catalog_json import catalog
from macros.bundle.okh import OKH_SCHEMA
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import SiteDownloads, site_downloads
from macros.cache import ContentCache
from macros.cli.main import main
from macros.model.site import Site
from macros.stage.tree import shown_images

REAL_PLANS = ("hollander-beater", "paper-press", "papermaking-mould", "textile-shredder")
URL_KEYS = ("readme", "manufacturing-instructions", "bom", "release", "source", "export",
            "auxiliary")


def _downloads(root: Path, cache: Path, settings: PublishSettings | None = None
               ) -> tuple[Site, SiteDownloads]:
    site = loaded_site(root)
    return site, site_downloads(site, settings or PublishSettings(), ContentCache(cache))


def _bundled(downloads: SiteDownloads, plan_id: str) -> tuple[dict[str, Any], set[str]]:
    """The manifest in the plan's bundle, and the bundle's files (paths in it)."""
    archive = zipfile.ZipFile(io.BytesIO(downloads.plans[plan_id].bundle.data))
    root = archive.namelist()[0].split("/")[0]
    manifest = tomllib.loads(archive.read(f"{root}/okh.toml").decode("utf-8"))
    return manifest, {name.removeprefix(f"{root}/") for name in archive.namelist()}


def _published(downloads: SiteDownloads, plan_id: str) -> dict[str, Any]:
    return tomllib.loads(downloads.plans[plan_id].manifest.data.decode("utf-8"))


def _schema_errors(manifest: dict[str, Any]) -> list[str]:
    schema = json.loads(OKH_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(manifest)]


def _references(manifest: dict[str, Any]) -> list[str]:
    """Every file or page the manifest points to."""
    found: list[str] = []
    for key in URL_KEYS:
        value = manifest.get(key)
        found += value if isinstance(value, list) else [value] if value else []
    found += [image["location"] for image in manifest.get("image", [])]
    return found


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, SiteDownloads]:
    """The repository's own plans, bundled once."""
    return _downloads(PROJECT, tmp_path_factory.mktemp("cache"))


def test_vendored_schema_is_the_copy_its_notice_names() -> None:
    notice = (OKH_SCHEMA.parent / "NOTICE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(OKH_SCHEMA.read_bytes()).hexdigest()
    assert f"`{digest}`" in notice
    assert "AGPL-3.0-or-later" in notice
    assert (OKH_SCHEMA.parent / "AGPL-3.0-or-later.txt").read_text(
        encoding="utf-8").lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")


@pytest.mark.parametrize("plan_id", REAL_PLANS)
def test_every_manifest_of_the_real_plans_is_valid(
        real: tuple[Site, SiteDownloads], plan_id: str) -> None:
    _, downloads = real
    bundled, _ = _bundled(downloads, plan_id)
    assert _schema_errors(bundled) == []
    assert _schema_errors(_published(downloads, plan_id)) == []


@pytest.mark.parametrize("plan_id", REAL_PLANS)
def test_real_plans_give_mass_in_grams_dimensions_and_every_guide_language(
        real: tuple[Site, SiteDownloads], plan_id: str) -> None:
    site, downloads = real
    plan = next(e for e in site.plans if e.id == plan_id).plan
    manifest, _ = _bundled(downloads, plan_id)
    assert plan.mass_kg is not None and plan.dimensions_mm is not None
    assert manifest["mass"] == pytest.approx(plan.mass_kg * 1000)
    assert manifest["outer-dimensions"] == {"width": plan.dimensions_mm.width,
                                            "depth": plan.dimensions_mm.depth,
                                            "height": plan.dimensions_mm.height}
    assert manifest["documentation-language"] == ["fr", "nl", "en"]
    assert manifest["readme"] == ["README.md", "README.nl.md", "README.en.md"]
    assert manifest["license"] == f"{plan.licence} AND {plan.documentation_licence}"


def test_hollander_beater_manifest_reads_as_its_plan(real: tuple[Site, SiteDownloads]) -> None:
    _, downloads = real
    manifest, _ = _bundled(downloads, "hollander-beater")
    assert manifest["okhv"] == "OKH-LOSHv1.0"
    assert manifest["mass"] == 80000 and isinstance(manifest["mass"], int)
    assert manifest["outer-dimensions"] == {"width": 1000, "depth": 760, "height": 1120}
    assert manifest["technology-readiness-level"] == "OTRL-2"  # status: concept
    assert "outer-dimension" not in manifest and "documentation-license" not in manifest
    mould, _ = _bundled(downloads, "papermaking-mould")
    assert mould["mass"] == 1500  # 1.5 kg


def test_bundled_manifest_points_into_the_bundle(repo: Path, tmp_path: Path) -> None:
    _, downloads = _downloads(repo, tmp_path / "cache")
    manifest, members = _bundled(downloads, "alpha-press")
    assert _schema_errors(manifest) == []
    assert manifest["documentation-language"] == ["fr", "en"]  # no Dutch guide
    assert manifest["licensor"] == ["Atelier Test"]
    assert manifest["license"] == "CERN-OHL-S-2.0 AND CC-BY-SA-4.0"
    assert manifest["technology-readiness-level"] == "OTRL-3"  # status: prototype
    assert manifest["image"] == [{"location": "drawings/frame.svg", "tags": ["drawing"],
                                  "depicts": [{"text": "Cadre de la presse",
                                               "language": "fr"}]}]
    assert manifest["release"] == (
        DEFAULT_SITE_URL + "downloads/plans/alpha-press/alpha-press-1.2.0.zip")
    assert manifest["bom"] == "bom.csv"
    assert manifest["source"] == ["drawings/frame.svg"]
    assert manifest["export"] == ["drawings/frame.pdf"]
    assert manifest["auxiliary"] == ["files/auxiliary/cutting-list.csv"]
    assert manifest["readme"] == manifest["manufacturing-instructions"] == [
        "README.md", "README.en.md"]
    local = [ref for ref in _references(manifest) if ref != manifest["release"]]
    assert local and all(ref in members for ref in local), sorted(set(local) - members)


def test_published_manifest_points_to_what_the_site_publishes(repo: Path,
                                                               tmp_path: Path) -> None:
    site, downloads = _downloads(repo, tmp_path / "cache")
    published = set(downloads.files())
    pages = {"plans/alpha-press/", "en/plans/alpha-press/"}
    manifest = _published(downloads, "alpha-press")
    assert _schema_errors(manifest) == []
    assert manifest["readme"] == [DEFAULT_SITE_URL + page for page in sorted(pages, key=len)]
    for ref in _references(manifest):
        assert ref.startswith(DEFAULT_SITE_URL), ref
        path = unquote(ref.removeprefix(DEFAULT_SITE_URL))
        assert path in published or path in pages, ref
    entry = catalog(site, downloads.plans, PublishSettings())["plans"][0]
    manifest_file = downloads.plans["alpha-press"].manifest
    assert manifest_file.path == "downloads/plans/alpha-press/alpha-press-1.2.0.okh.toml"
    assert entry["okh_manifest"] == {"url": DEFAULT_SITE_URL + manifest_file.path,
                                     "sha256": manifest_file.sha256}


def test_images_the_guide_shows_are_listed_where_the_page_shows_them(repo: Path,
                                                                    tmp_path: Path) -> None:
    (repo / "plans/alpha-press/photos").mkdir()
    (repo / "plans/alpha-press/photos/vue.svg").write_text(DRAWING, encoding="utf-8")
    edit(repo, "plans/alpha-press/README.md", "## Étapes",
         "![vue](photos/vue.svg) ![cadre](drawings/frame.svg)\n\n## Étapes")
    site, downloads = _downloads(repo, tmp_path / "cache")
    bundled, members = _bundled(downloads, "alpha-press")
    assert [image["location"] for image in bundled["image"]] == [
        "drawings/frame.svg", "photos/vue.svg"]  # the drawing once, the photo where it is
    assert "photos/vue.svg" in members
    published = _published(downloads, "alpha-press")
    assert _schema_errors(published) == []
    photo = published["image"][1]["location"]
    assert photo == DEFAULT_SITE_URL + "plans/alpha-press/photos/vue.svg"
    assert photo.removeprefix(DEFAULT_SITE_URL) in shown_images(site)


def test_plan_without_mass_or_dimensions_leaves_them_out(repo: Path, tmp_path: Path) -> None:
    _, downloads = _downloads(repo, tmp_path / "cache")
    manifest, _ = _bundled(downloads, "beta-mould")
    assert _schema_errors(manifest) == []
    assert "mass" not in manifest and "outer-dimensions" not in manifest
    assert "image" not in manifest and "source" not in manifest  # no drawing, no file
    assert manifest["license"] == "CERN-OHL-P-2.0 AND CC-BY-SA-4.0"
    assert manifest["technology-readiness-level"] == "OTRL-2"


@pytest.mark.parametrize(("status", "level"), [
    ("concept", "OTRL-2"), ("prototype", "OTRL-3"), ("tested", "OTRL-4"),
    ("validated", "OTRL-5"),
])
def test_readiness_level_follows_the_status(repo: Path, tmp_path: Path, status: str,
                                            level: str) -> None:
    edit(repo, "plans/alpha-press/plan.yml", "status: prototype", f"status: {status}")
    _, downloads = _downloads(repo, tmp_path / "cache")
    assert _bundled(downloads, "alpha-press")[0]["technology-readiness-level"] == level
    assert _published(downloads, "alpha-press")["technology-readiness-level"] == level


def test_scaffolded_plan_manifests_are_valid(repo: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "plan", "fibre-press"]) == 0
    capsys.readouterr()
    _, downloads = _downloads(repo, tmp_path / "cache")
    bundled, members = _bundled(downloads, "fibre-press")
    assert _schema_errors(bundled) == []
    assert _schema_errors(_published(downloads, "fibre-press")) == []
    assert bundled["documentation-language"] == ["fr"]
    assert bundled["image"][0]["location"] in members


def test_shared_files_name_the_bundle_by_its_content(repo: Path, tmp_path: Path) -> None:
    settings = PublishSettings(shared_files=True)
    _, downloads = _downloads(repo, tmp_path / "cache", settings)
    bundle = downloads.plans["alpha-press"].bundle
    manifest = _published(downloads, "alpha-press")
    assert _schema_errors(manifest) == []
    assert manifest["release"] == (
        f"{DEFAULT_SITE_URL}files/{bundle.sha256[:16]}/alpha-press-1.2.0.zip")
    # The bundle cannot name an address made of its own bytes: no dead link instead.
    assert "release" not in _bundled(downloads, "alpha-press")[0]


@pytest.mark.parametrize(("lang", "label"), [
    ("fr", "Fiche OKH du plan, pour les outils du matériel libre (Open Know-How, TOML)"),
    ("nl", "OKH-fiche van het plan, voor opensourcehardwaretools (Open Know-How, TOML)"),
    ("en", "The plan's OKH manifest, for open-hardware tools (Open Know-How, TOML)"),
])
def test_plan_page_links_the_published_manifest(built: BuildResult, lang: str,
                                                label: str) -> None:
    page = built.page(f"{prefix(lang)}plans/alpha-press/")
    files = between(page, 'id="files"', "</ul>")
    up = "../" * (2 if lang == "fr" else 3)
    name = "alpha-press-1.2.0.okh.toml"
    assert (f'<a href="{up}downloads/plans/alpha-press/{name}" download="{name}">'
            f"{html.escape(label)}</a>") in files
    listed = json.loads((built.site / "plans/index.json").read_text(encoding="utf-8"))
    (alpha,) = (plan for plan in listed["plans"] if plan["id"] == "alpha-press")
    assert alpha["okh_manifest"]["url"].endswith(f"/downloads/plans/alpha-press/{name}")
    published = (built.site / f"downloads/plans/alpha-press/{name}").read_bytes()
    assert hashlib.sha256(published).hexdigest() == alpha["okh_manifest"]["sha256"]
