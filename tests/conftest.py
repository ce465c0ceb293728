from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

sys.path.insert(0, str(Path(__file__).parent))

from browsing import launch, record_foreign_requests, serve
from buildsite import BuildResult, build
from sample import make_content, make_project


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh copy of the sample content."""
    return make_content(tmp_path / "repo")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample project built once with `mkdocs build --strict`, offline copies included."""
    result = build(make_project(tmp_path_factory.mktemp("site")), offline_copies=True)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def server(built: BuildResult) -> Iterator[str]:
    """The built sample site over HTTP on 127.0.0.1; the base URL ends in /."""
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the browser tests (skipped locally if it is missing)."""
    with launch() as instance:
        yield instance


@pytest.fixture
def page(browser: Browser, server: str, built: BuildResult) -> Iterator[Page]:
    """A fresh page; the test fails if any page or worker asks another origin for anything
    (the site's own published address is answered from the built copy)."""
    context = browser.new_context()
    foreign = record_foreign_requests(context, built.site)
    yield context.new_page()
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"
