"""Three accessibility engines, as an auditor runs them, on every page in three languages.

- HTML_CodeSniffer (WCAG2AA), the engine pa11y runs, through pa11y from npm driving
  Debian's Chromium (tests/htmlcs.mjs: one browser for every page);
- the newest axe-core from npm (not the copy a Python wrapper bundles), injected into
  each page, with the WCAG 2.2 AA and EN 301 549 tags, at 1,280 and 375 px;
- the W3C Nu Html Checker (npm's vnu-jar, run by Debian's Java) over every built
  HTML file in one run: it is slow to start.

The pages are served under the site's published path (/reproduce-kit/), so the 404
page, whose links are absolute, loads its styles as it does once published.

Where Material's templates are at fault and no small, safe override can fix them, the
exact messages are allowed by name below, each with its reason; the accessibility
statement lists them too. Everything else any engine reports fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, LANGS, pages_of, prefix, serve
from buildsite import BuildResult
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS_RUNNER = Path(__file__).with_name("htmlcs.mjs")
SITE_PATH = "reproduce-kit"  # the path of site_url
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "EN-301-549"]
WIDE: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 375, "height": 800}
PAGE_TYPES = {
    "home": "", "catalogue": "plans/", "plan": "plans/alpha-press/",
    "kit index, with the places": "kit/", "kit sheet": "kit/fiches/fiche-essai/",
    "kit tool and its template": "kit/outils/outil-essai/",
    "kit agreement and its template": "kit/conventions/convention-essai/",
    "place": "kit/lieux/atelier-complet/", "supply chains map": "filieres/",
    "statement": "accessibilite/", "privacy": "vie-privee/",
}
"""Every page type; the tests check every page, these must be among them (and the one
404 page, among the French ones: it serves every language)."""


@dataclass(frozen=True)
class Allowed:
    """A message of an engine that comes from Material's templates, kept on purpose."""

    engine: str
    message: str  # the engine's exact message (Nu) or rule code (HTML_CodeSniffer)
    markup: str  # a piece of the offending markup the engine quotes
    reason: str


ALLOWED = (
    Allowed("nu", "Attribute “autocomplete” is only allowed when the input type is “color”, "
            "“date”, “datetime-local”, “email”, “hidden”, “month”, “number”, “password”, "
            "“range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
            'type="checkbox" id="__drawer" autocomplete="off"',
            "Material's base.html (outside any block) keeps Firefox from restoring the menu "
            "open after back and reload; a validity error, not a barrier, with no effect in "
            "assistive technologies; overriding it means copying the whole base template"),
    Allowed("nu", "Attribute “autocomplete” is only allowed when the input type is “color”, "
            "“date”, “datetime-local”, “email”, “hidden”, “month”, “number”, “password”, "
            "“range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
            'type="checkbox" id="__search" autocomplete="off"',
            "the same, for the search's hidden toggle in Material's base.html"),
)


def allowed(engine: str, message: str, markup: str) -> bool:
    """Whether one report is an allowed one: same engine, exact message, same markup."""
    return any(a.engine == engine and a.message == message and a.markup in markup
               for a in ALLOWED)


def require(path: Path | str, fix: str) -> None:
    """Skip (locally) or fail (under CI, which installs them) when a tool is missing."""
    if Path(path).exists() or shutil.which(str(path)):
        return
    message = f"{path} is missing: {fix}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


NODE_MAJOR = 20
"""pa11y 9 needs Node.js 20 (its HTML_CodeSniffer 2.6 is the one that reads tables with
headers at several levels right; pa11y 8's flags correct `headers` as wrong)."""


def require_npm_tools() -> None:
    """The engines from npm: `npm ci` installs them from package-lock.json."""
    require("node", "apt-get install nodejs npm")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()  # v20.20.2
    if int(version.lstrip("v").split(".")[0] or 0) < NODE_MAJOR:
        message = f"node {version} is too old: the engines need Node.js {NODE_MAJOR}+"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for tool in (AXE_SCRIPT, VNU_JAR, NODE_MODULES / "pa11y" / "package.json"):
        require(tool, "run PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts "
                "(README, Quick start)")


@pytest.fixture(scope="module")
def published(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served under its published path; the base URL of the site."""
    root = tmp_path_factory.mktemp("published")
    (root / SITE_PATH).symlink_to(built.site.resolve(), target_is_directory=True)
    with serve(root) as url:
        yield f"{url}{SITE_PATH}/"


def addresses(built: BuildResult, lang: str) -> list[str]:
    """Every page of one language; every page type is among them."""
    found = pages_of(built.site, lang)
    for kind, address in PAGE_TYPES.items():
        assert prefix(lang) + address in found, f"no {kind} page at {prefix(lang)}{address}"
    assert lang != LANGS[0] or "404.html" in found
    return found


@pytest.fixture(scope="module")
def htmlcs_issues(built: BuildResult, published: str) -> dict[str, list[dict[str, Any]]]:
    """HTML_CodeSniffer's WCAG2AA errors on every page, by address; one pa11y run."""
    require_npm_tools()
    urls = [published + address for lang in LANGS for address in addresses(built, lang)]
    options = {"standard": "WCAG2AA", "runners": ["htmlcs"], "includeWarnings": False,
               "includeNotices": False, "timeout": 60_000,
               "chromeLaunchConfig": {"executablePath": CHROMIUM, "headless": True,
                                      "args": CHROMIUM_ARGS}}
    proc = subprocess.run(["node", str(HTMLCS_RUNNER)], input=json.dumps(
        {"options": options, "urls": urls}), capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    return {result["url"].removeprefix(published): result["issues"]
            for result in json.loads(proc.stdout)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_html_codesniffer_wcag2aa(
        lang: str, built: BuildResult, htmlcs_issues: dict[str, list[dict[str, Any]]]) -> None:
    found = [f"{address or '/'}: {issue['code']} {issue['selector']}: {issue['message']}"
             for address in addresses(built, lang) for issue in htmlcs_issues[address]
             if issue["type"] == "error"
             and not allowed("htmlcs", issue["code"], issue["context"] or "")]
    assert found == [], "\n".join(found)


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """Pages with npm's axe-core; reduced motion, so axe sees no fade half done."""
    require_npm_tools()
    context = browser.new_context(viewport=WIDE, reduced_motion="reduce")
    context.add_init_script(path=AXE_SCRIPT)
    yield context
    context.close()


def axe_violations(page: Page, where: str) -> list[str]:
    """axe's violations for the WCAG 2.2 AA and EN 301 549 tags, one line per element."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [f"{where}: {rule['id']} ({rule['impact']}) {' '.join(map(str, node['target']))}: "
            + " ".join(node.get("failureSummary", "").split())
            for rule in result["violations"] for node in rule["nodes"]]


def test_the_axe_core_injected_is_the_one_npm_locked(axe_context: BrowserContext,
                                                   published: str) -> None:
    """Not the older copy pa11y or axe-playwright-python bring along."""
    page = axe_context.new_page()
    page.goto(published)
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = locked["packages"]["node_modules/axe-core"]["version"]
    assert page.evaluate("axe.version") == version
    assert tuple(map(int, version.split(".")[:2])) >= (4, 14)  # knows WCAG 2.2 rules
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_the_newest_axe_core_wcag22_and_en_301_549(
        lang: str, built: BuildResult, published: str, axe_context: BrowserContext) -> None:
    page = axe_context.new_page()
    found = []
    for address in addresses(built, lang):
        page.set_viewport_size(WIDE)
        page.goto(published + address)
        found += axe_violations(page, f"{address or '/'} at {WIDE['width']} px")
        page.set_viewport_size(NARROW)
        page.evaluate("() => new Promise(done => requestAnimationFrame("
                      "() => requestAnimationFrame(done)))")
        found += axe_violations(page, f"{address or '/'} at {NARROW['width']} px")
    page.close()
    assert found == [], "\n".join(found)


@pytest.fixture(scope="module")
def nu_messages(built: BuildResult) -> dict[str, list[dict[str, Any]]]:
    """The Nu Html Checker's errors on every built page, by address; one Java run."""
    require("java", "apt-get install default-jre-headless")
    require_npm_tools()
    files = {address: built.site / (address if address.endswith(".html")
                                    else f"{address}index.html")
             for lang in LANGS for address in addresses(built, lang)}
    by_uri = {path.resolve().as_uri(): address for address, path in files.items()}
    proc = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                           *map(str, files.values())],
                          capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(proc.stderr)  # the checker writes its report on stderr
    found: dict[str, list[dict[str, Any]]] = {address: [] for address in files}
    for message in report["messages"]:
        found[by_uri[Path(message["url"].removeprefix("file:")).resolve().as_uri()]].append(
            message)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_the_nu_html_checker(
        lang: str, built: BuildResult, nu_messages: dict[str, list[dict[str, Any]]]) -> None:
    found = [f"{address or '/'} line {message.get('lastLine')}: {message['message']} "
             f"{' '.join(message.get('extract', '').split())}"
             for address in addresses(built, lang) for message in nu_messages[address]
             if not allowed("nu", message["message"], message.get("extract", ""))]
    assert found == [], "\n".join(found)


def test_each_allowed_message_is_still_reported_and_explained(
        nu_messages: dict[str, list[dict[str, Any]]],
        htmlcs_issues: dict[str, list[dict[str, Any]]]) -> None:
    """An allowed message that no engine reports any more is taken off the list (and
    the statement), so the list never hides more than it says."""
    reported = {("nu", m["message"], m.get("extract", ""))
                for messages in nu_messages.values() for m in messages}
    reported |= {("htmlcs", i["code"], i["context"] or "")
                 for issues in htmlcs_issues.values() for i in issues}
    for entry in ALLOWED:
        assert entry.reason
        assert any(engine == entry.engine and message == entry.message and entry.markup in where
                   for engine, message, where in reported), entry
