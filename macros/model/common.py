"""Field types shared by plans and kit documents."""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import StringConstraints

ID_PATTERN: Final = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE: Final = re.compile(ID_PATTERN)
SEMVER_PATTERN: Final = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""Lowercase kebab-case identifier: plan ids and vocabulary ids."""

SemVer = Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)]
"""Semantic version `X.Y.Z`."""

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

DEFAULT_DOCUMENTATION_LICENCE: Final = "CC-BY-SA-4.0"


def version_key(version: str) -> tuple[int, ...]:
    """Numeric sort key of a semantic version (callers validate the format first)."""
    return tuple(int(part) for part in version.split("."))
