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

WEB_ADDRESS_PATTERN: Final = (r"^https?://[^\s/?#@:<>\"'\\]+(:[0-9]{1,5})?"
                              r"([/?#][^\s<>\"'\\]*)?$")
WebAddress = Annotated[str, StringConstraints(pattern=WEB_ADDRESS_PATTERN)]
"""The address of a web page, for a link: `https:` or `http:` and a host, nothing else
(no `javascript:`, `data:` or `file:`, no `//host` without a scheme, no user name
before the host, no space, quote, angle bracket or backslash a browser would read
otherwise)."""

DEFAULT_DOCUMENTATION_LICENCE: Final = "CC-BY-SA-4.0"


def version_key(version: str) -> tuple[int, ...]:
    """Numeric sort key of a semantic version (callers validate the format first)."""
    return tuple(int(part) for part in version.split("."))
