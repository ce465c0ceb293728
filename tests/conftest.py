from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sample import make_content  # noqa: E402


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh copy of the sample content."""
    return make_content(tmp_path / "repo")
