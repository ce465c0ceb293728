"""Size limits for content, drawings and downloads, overridable from the environment.

Content arrives by pull request, so every size is bounded before anything is read,
parsed or rendered. GitHub Pages refuses a file over 100 MB and a site over 1 GB:
the defaults stay below both, so content that passes `reproduce check` also
publishes. A maintainer (or CI) changes a limit with an environment variable named
after the field, e.g. `REPRODUCE_MAX_FILE_MB=80` or `REPRODUCE_MAX_SVG_ELEMENTS=100000`.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from macros.i18n.catalogue import MessageError
from macros.suggest import did_you_mean

ENV_PREFIX = "REPRODUCE_MAX_"
MB = 1_000_000


class InvalidLimit(MessageError, ValueError):
    """An environment override that is not a positive number."""


@dataclass(frozen=True)
class Limits:
    """Every limit in one place; the field name gives the variable that overrides it."""

    text_kb: float = 1000
    """One content text file: plan.yml, a README, a kit document, bom.csv, vocabulary.yml."""
    file_mb: float = 50
    """One file offered for download (declared file, drawing, attachment)."""
    bundle_mb: float = 90
    """One plan bundle, estimated from its inputs (drawings count twice: SVG and PDF)."""
    site_mb: float = 900
    """Every download of the site together (bundles plus the same files one by one)."""
    svg_mb: float = 10
    """One drawing: it is parsed and rendered, not only copied."""
    svg_elements: int = 50_000
    """Elements written in one drawing."""
    svg_rendered: int = 200_000
    """Elements drawn once every `<use>` and `url(#…)` reference is followed."""
    svg_depth: int = 100
    """Nesting depth of a drawing's elements (the renderer recurses)."""
    drawing_mm: float = 5000
    """Width or height of a drawing: a PDF page cannot be larger than about 5 m."""
    drawing_aspect: float = 10
    """Height over width: the PNG preview is 1200 px wide, so this bounds its memory."""
    image_megapixels: float = 40
    """An image embedded in a drawing (data: URL), decoded before it is drawn."""
    yaml_depth: int = 50
    """Nesting of YAML lists and mappings (the parser recurses)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 base: Limits | None = None) -> Limits:
        """`base` (the defaults), with each `REPRODUCE_MAX_<FIELD>` variable that is set
        applied."""
        env = os.environ if environ is None else environ
        changes: dict[str, float | int] = {}
        for item in dataclasses.fields(cls):
            raw = env.get(env_name(item.name))
            if raw is not None and raw.strip():
                changes[item.name] = _positive(cls, item.name, env_name(item.name), raw)
        return dataclasses.replace(base or cls(), **changes)  # type: ignore[arg-type]

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Limits:
        """The defaults with the limits named in `values` (a configuration's `limits:`)
        replaced; an unknown name is an error with the closest known one."""
        known = [item.name for item in dataclasses.fields(cls)]
        changes: dict[str, float | int] = {}
        for name, raw in values.items():
            if name not in known:
                raise InvalidLimit("check.unknown_limit", name=name,
                                   suggestion=did_you_mean(name, known))
            changes[name] = _positive(cls, name, f"limits.{name}", raw)
        return dataclasses.replace(cls(), **changes)  # type: ignore[arg-type]

    def bytes(self, name: str) -> int:
        """A `…_kb` or `…_mb` limit in bytes."""
        value = float(getattr(self, name))
        return int(value * (1000 if name.endswith("_kb") else MB))


def _positive(cls: type[Limits], field: str, name: str, raw: object) -> float | int:
    """`raw` as the positive number the limit `field` takes; `name` says where it came from."""
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(raw, bool) or not math.isfinite(value) or value <= 0:
        raise InvalidLimit("check.invalid_limit", name=name, value=repr(raw),
                           default=getattr(cls, field))
    return int(value) if isinstance(getattr(cls, field), int) else value


def current_limits() -> Limits:
    """The limits in force; an invalid override falls back to the defaults here, and
    `load_site` reports it (so a bad variable is named once, not at every file)."""
    try:
        return Limits.from_env()
    except InvalidLimit:
        return Limits()


def env_name(field: str) -> str:
    """`file_mb` → `REPRODUCE_MAX_FILE_MB`."""
    return ENV_PREFIX + field.upper()


def megabytes(size: int) -> str:
    """`123456789` → `123.5 MB`: sizes in messages, in the unit GitHub uses."""
    return f"{size / MB:.1f} MB"
