from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

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
