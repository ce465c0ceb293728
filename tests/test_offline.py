"""Offline copies: one zip per language that works from a USB stick over file://."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from buildsite import BuildResult, build
from playwright.sync_api import Browser
from sample import edit, make_project
from test_browser import search

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def unpacked(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("usb-stick")
    for lang in ("fr", "nl"):
        archive = built.site / f"downloads/offline/reproduce-kit-{lang}.zip"
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(target)
    return target


def test_one_copy_per_language_with_its_own_pages_and_search(unpacked: Path) -> None:
    french, dutch = unpacked / "reproduce-kit-fr", unpacked / "reproduce-kit-nl"
    assert (french / "plans/alpha-press/index.html").is_file()
    assert not (french / "nl").exists()
    assert (dutch / "nl/plans/alpha-press/index.html").is_file()
    assert not (dutch / "plans/alpha-press/index.html").exists()
    index = (dutch / "search/search_index.js").read_text(encoding="utf-8")
    data = json.loads(index.removeprefix("var __index = "))
    assert data["config"]["lang"] == ["nl"]
    assert data["docs"] and all(doc["location"].startswith("nl/") for doc in data["docs"])


def test_a_copy_carries_what_its_pages_show_and_links_the_downloads(unpacked: Path) -> None:
    dutch = unpacked / "reproduce-kit-nl"
    page = (dutch / "nl/plans/alpha-press/index.html").read_text(encoding="utf-8")
    assert ('href="https://reproduce-brussels.github.io/reproduce-kit/downloads/plans/'
            'alpha-press/alpha-press-1.2.0.zip"') in page
    assert not (dutch / "downloads/plans/alpha-press/alpha-press-1.2.0.zip").exists()
    preview = "downloads/plans/alpha-press/drawings/frame.svg"  # the vector, not the PNG
    assert f'src="../../../{preview}"' in page and (dutch / preview).is_file()
    assert not list((dutch / "downloads").rglob("*.png"))


def test_links_name_index_html_for_the_file_system(unpacked: Path) -> None:
    catalog = (unpacked / "reproduce-kit-fr/plans/index.html").read_text(encoding="utf-8")
    assert 'href="../plans/alpha-press/index.html"' in catalog
    page = (unpacked / "reproduce-kit-fr/plans/alpha-press/index.html").read_text(
        encoding="utf-8")
    assert 'href="../../kit/lieux/atelier-complet/index.html"' in page
    assert "unpkg.com" not in page and "hreflang" not in page


def test_offline_copies_are_linked_and_reproducible(built: BuildResult,
                                                   tmp_path: Path) -> None:
    assert 'href="../downloads/offline/reproduce-kit-nl.zip" download="reproduce-kit-nl.zip"' \
        in built.page("nl/")
    again = build(make_project(tmp_path / "again"), offline_copies=True)
    assert again.returncode == 0, again.output
    for lang in ("fr", "nl", "en"):
        name = f"downloads/offline/reproduce-kit-{lang}.zip"
        assert (built.site / name).read_bytes() == (again.site / name).read_bytes()


@pytest.mark.browser
def test_navigate_and_search_over_file_urls(unpacked: Path, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((unpacked / "reproduce-kit-fr/index.html").as_uri())
    page.get_by_role("link", name="Plans de machines").first.click()
    page.get_by_role("link", name="Presse alpha <b>forte</b>").click()
    assert page.url.endswith("/plans/alpha-press/index.html")
    result = search(page, "hydraulique", "Presse alpha")
    assert (result.first.locator("a").first.get_attribute("href") or "").startswith("file:")
    assert [url for url in requests if not url.startswith(("file:", "data:", "about:"))] == []
    context.close()


def _zip_page_and_index(site: Path, lang: str, page: str) -> tuple[str, list[str]]:
    """A page of the offline copy, and the locations its search index lists, in order."""
    with zipfile.ZipFile(site / f"downloads/offline/reproduce-kit-{lang}.zip") as opened:
        root = f"reproduce-kit-{lang}/"
        html = opened.read(root + page).decode("utf-8")
        script = opened.read(root + "search/search_index.js").decode("utf-8")
    index = json.loads(script.removeprefix("var __index = "))
    return html, [doc["location"] for doc in index["docs"]]


def test_an_edit_rebuilds_the_offline_copy_incrementally_with_a_complete_index(
        tmp_path: Path) -> None:
    root = make_project(tmp_path / "incremental")
    first = build(root, offline_copies=True)
    assert first.returncode == 0, first.output
    indexed = {lang: _zip_page_and_index(first.site, lang, "index.html")[1]
               for lang in ("fr", "nl", "en")}
    edit(root, "plans/alpha-press/README.md", "Souder le cadre.", "Souder le cadre à plat.")
    again = build(root, offline_copies=True)
    assert again.returncode == 0, again.output
    assert "offline copies: building every page" in first.output
    assert "offline copies: building the changed pages only" in again.output
    for lang, prefix in (("fr", ""), ("nl", "nl/"), ("en", "en/")):
        page = f"{prefix}plans/alpha-press/index.html"
        html, pages_after = _zip_page_and_index(again.site, lang, page)
        assert ("Souder le cadre à plat." in html) is (lang != "en")  # nl shows French
        # the same entries, once each, in the order a full build gives
        assert pages_after == indexed[lang] and page in pages_after
