"""Privacy: no page asks another origin for anything, nothing is stored in the
browser, the privacy page says what the host logs, and the build needs no network."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browsing import LANGS, is_foreign, pages_of, prefix, record_foreign_requests
from buildsite import BuildResult, build
from playwright.sync_api import Browser
from sample import PROJECT, edit, make_project

# Attributes whose URL the browser fetches by itself (links are only followed on a click).
FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
           ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("video", "poster"),
           ("audio", "src"), ("embed", "src"), ("object", "data"), ("track", "src"),
           ("input", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
           ("use", "xlink:href"), ("feimage", "href")}
LINK_FETCHED = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch",
                "modulepreload", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


def css_urls(css: str) -> list[str]:
    """The addresses of `url(…)` and `@import` in `css`, hexadecimal escapes decoded."""
    plain = CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), css)
    return [m.group(1) or m.group(2) for m in CSS_URL.finditer(plain)]


class _FetchedUrls(HTMLParser):
    """Every URL an HTML page makes the browser fetch: elements, <link>s, inline CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if (tag, name) in FETCHED:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
        rel = set(attributes.get("rel", "").lower().split())
        if tag == "link" and rel & LINK_FETCHED:
            self.urls.append(attributes.get("href", ""))
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.urls += re.findall(r"url=\s*([^\s;]+)", attributes.get("content", ""), re.I)
        self.urls += css_urls(attributes.get("style", ""))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def test_no_page_or_stylesheet_refers_to_another_origin(built: BuildResult) -> None:
    """The whole built site, read as files: every language, the 404 page, all CSS."""
    found = []
    for page in sorted(built.site.rglob("*.html")):
        parser = _FetchedUrls()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(built.site)}: {url}" for url in parser.urls
                  if url.startswith(("//", "http:", "https:")) and is_foreign(url)]
    for sheet in sorted(built.site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        found += [f"{sheet.relative_to(built.site)}: {url}" for url in css_urls(text)
                  if url.startswith(("//", "http:", "https:"))]
    assert found == [], "\n".join(found)
    home = built.page("")
    # Repository facts (stars, forks) would come from the GitHub API: the plain link only.
    assert 'data-md-component="source"' not in home
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_the_configuration_keeps_fonts_analytics_and_consent_off() -> None:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !ENV or !!python tags: read them as plain values.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert config["theme"]["font"] is False  # no Google Fonts
    extra = config.get("extra") or {}
    assert "analytics" not in extra and "consent" not in extra
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    # Material's privacy and social plugins download fonts and assets while building.
    assert not {"privacy", "social", "material/privacy", "material/social"} & set(plugins)


@pytest.mark.browser
def test_no_page_asks_another_origin_and_nothing_is_stored(browser: Browser, built: BuildResult,
                                                          server: str) -> None:
    """Every page of every language in a real browser, with search, filters and the
    language menu used; requests of pages and web workers are all recorded."""
    context = browser.new_context()
    foreign = record_foreign_requests(context, built.site)
    page = context.new_page()
    visited = 0
    for lang in LANGS:
        for address in pages_of(built.site, lang):
            if not address.endswith(".html"):  # 404.html links under site_url's path
                page.goto(server + address)
                visited += 1
        page.goto(server + prefix(lang) + "plans/")
        page.locator("#rk-plans-feedstock").select_option("cotton")
        page.locator(".md-header__option .md-select").hover()
        page.keyboard.press("/")
        page.keyboard.type("presse")
        page.locator(".md-search-result__item").first.wait_for()
        page.goto(server + prefix(lang) + "plans/alpha-press/")
        page.locator(".rk-drawing img").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.rk-drawing img').complete")
    assert visited > 45
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


PRIVACY_FACTS = {
    "fr": ("aucun cookie", "GitHub Pages", "adresse IP", "à des fins de sécurité",
           "[adresse de contact à compléter par l'éditeur du site]"),
    "nl": ("geen cookies", "GitHub Pages", "IP-adres", "om veiligheidsredenen",
           "[contactadres in te vullen door de uitgever van de site]"),
    "en": ("no cookies", "GitHub Pages", "IP addresses", "for security purposes",
           "[contact address to be filled in by the site's publisher]"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_privacy_page_says_what_github_pages_logs(lang: str, built: BuildResult) -> None:
    page = built.page(f"{prefix(lang)}vie-privee/")
    article = page[page.index("<article"):page.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).split())
    for fact in PRIVACY_FACTS[lang]:
        assert fact in text, fact
    assert "docs.github.com/" in article  # GitHub's own statement, for the details
    assert "mailto:" not in article


GUARD = r'''"""Test-only: this Python process may not use the network (loopback excepted)."""
import os
import socket

_LOCAL = {"localhost", "127.0.0.1", "::1", "", None}
_LOG = os.environ.get("REPRODUCE_NETWORK_LOG")
with open(os.environ["REPRODUCE_GUARDED_LOG"], "a", encoding="utf-8") as guarded:
    guarded.write(f"{os.getpid()}\n")  # proof that the guard ran in this process


def _refuse(what, host):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {host}\n")
    raise OSError(101, f"network disabled for this test: {what} {host}")


def _host(address):
    return address[0] if isinstance(address, tuple) else None


def _guard(method):
    def guarded(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOCAL:
            _refuse(method.__name__, _host(address))
        return method(self, address, *args)
    return guarded


socket.socket.connect = _guard(socket.socket.connect)
socket.socket.connect_ex = _guard(socket.socket.connect_ex)
_getaddrinfo = socket.getaddrinfo


def _checked_getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOCAL:
        _refuse("getaddrinfo", name)
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _checked_getaddrinfo
'''
UNREACHABLE_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                   "all_proxy")


@dataclass
class NetworkLogs:
    attempts: Path  # one line per refused attempt: a caught error cannot hide it
    guarded: Path  # one line per Python process that ran with the guard

    def read(self, which: Path) -> list[str]:
        return which.read_text(encoding="utf-8").splitlines() if which.exists() else []


@pytest.fixture
def no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NetworkLogs:
    """Python processes started from here may not reach the network."""
    guard = tmp_path / "no-network"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    logs = NetworkLogs(tmp_path / "network-attempts.log", tmp_path / "guarded.log")
    monkeypatch.setenv("PYTHONPATH", str(guard))
    monkeypatch.setenv("REPRODUCE_NETWORK_LOG", str(logs.attempts))
    monkeypatch.setenv("REPRODUCE_GUARDED_LOG", str(logs.guarded))
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, UNREACHABLE_PROXY)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    return logs


@pytest.mark.parametrize("through_proxy", [True, False], ids=["proxy", "direct"])
def test_the_network_guard_refuses_a_download(through_proxy: bool, no_network: NetworkLogs,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The guards of the next test work: a download fails at the unreachable proxy,
    and without the proxy settings the name lookup is refused and logged."""
    if not through_proxy:
        for name in PROXY_VARIABLES:
            monkeypatch.delenv(name)
    proc = subprocess.run(
        [sys.executable, "-c", "import urllib.request; "
         "urllib.request.urlopen('https://pypi.org/simple/', timeout=5)"],
        capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0
    if through_proxy:
        assert "Connection refused" in proc.stderr, proc.stderr
    else:
        assert "network disabled for this test: getaddrinfo pypi.org" in proc.stderr
        assert [line.split()[1:] for line in no_network.read(no_network.attempts)] == [
            ["getaddrinfo", "pypi.org"]]


@pytest.mark.build
def test_the_build_needs_no_network(no_network: NetworkLogs, tmp_path: Path) -> None:
    """`mkdocs build --strict` with the offline copies, as in the Quick start.

    Not the page PDFs: Chromium prints them (no Python process, so outside the guard)
    from pages that ask no other origin for anything (the browser test above)."""
    result = build(make_project(tmp_path / "project"), offline_copies=True)
    assert result.returncode == 0, result.output
    assert (result.site / "plans/alpha-press/index.html").is_file()
    assert (result.site / "downloads/offline/reproduce-kit-fr.zip").is_file()
    assert no_network.read(no_network.guarded), "the build ran without the guard"
    assert no_network.read(no_network.attempts) == []


@pytest.mark.build
def test_the_build_refuses_an_image_from_elsewhere(tmp_path: Path) -> None:
    """The build runs `check`'s rules: it stops with the same line, and publishes nothing."""
    root = make_project(tmp_path / "project")
    edit(root, "plans/alpha-press/README.md", "2. Souder le cadre.\n",
         "2. Souder le cadre.\n\n![photo](https://example.org/cadre.jpg)\n")
    result = build(root)
    assert result.returncode != 0
    assert ("plans/alpha-press/README.md:8: img.src: `https://example.org/cadre.jpg` is not a "
            "file of the repository") in result.output
    assert "Traceback" not in result.output
    assert not (root / "site").exists()


@pytest.mark.build
def test_the_images_a_guide_shows_are_published_beside_its_page(tmp_path: Path) -> None:
    """`![photo](photo.png)` in a guide, `![plan](images/plan.png)` in a kit document: the
    fix the message gives works, in every language."""
    root = make_project(tmp_path / "project")
    png = (PROJECT / "docs/assets/images/filieres.svg").read_bytes()
    (root / "plans/alpha-press/photo.svg").write_bytes(png)
    (root / "kit/fiches/images").mkdir()
    (root / "kit/fiches/images/plan.svg").write_bytes(png)
    edit(root, "plans/alpha-press/README.md", "2. Souder le cadre.\n",
         "2. Souder le cadre.\n\n![Le cadre soudé](photo.svg)\n")
    edit(root, "plans/alpha-press/README.en.md", "2. Weld the frame.\n",
         "2. Weld the frame.\n\n![The welded frame](photo.svg)\n")
    edit(root, "kit/fiches/fiche-essai.md", "## Contenu", "![Plan](images/plan.svg)\n\n## Contenu")
    result = build(root)
    assert result.returncode == 0, result.output
    assert (result.site / "plans/alpha-press/photo.svg").read_bytes() == png
    bundle = next((result.site / "downloads/plans/alpha-press").glob("*.zip"))
    with zipfile.ZipFile(bundle) as archive:  # the guide's link works in the bundle too
        assert archive.read("alpha-press-1.2.0/photo.svg") == png
    assert (result.site / "kit/fiches/fiche-essai/images/plan.svg").read_bytes() == png
    for address, image, langs in [("plans/alpha-press/", "photo.svg", LANGS),
                                  ("kit/fiches/fiche-essai/", "images/plan.svg", ("fr", "en"))]:
        for lang in langs:  # (the Dutch fiche is a translation without the image)
            page = result.page(prefix(lang) + address)
            sources = re.findall(r'<img alt="[^"]*" src="([^"]+)"', page)
            target = (result.site / prefix(lang) / address / sources[0]).resolve()
            assert target == (result.site / address / image).resolve(), (lang, sources)
