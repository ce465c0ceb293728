"""Where each file goes inside a plan bundle: short paths that unzip everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from macros.model.site import PlanEntry
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class BundleLayout:
    """Paths relative to the bundle's top folder `<id>-<version>/`."""

    root: str
    readmes: tuple[str, ...]
    bom: str = "bom.csv"
    drawings_svg: tuple[str, ...] = ()
    drawings_pdf: tuple[str, ...] = ()
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)


def readme_name(lang: str) -> str:
    return "README.md" if lang == DEFAULT_LANGUAGE else f"README.{lang}.md"


def drawing_name(path: str) -> str:
    """`drawings/sub/frame.svg` → `frame` (the check refuses two drawings with one name)."""
    return PurePosixPath(path).stem


def layout_of(entry: PlanEntry) -> BundleLayout:
    plan = entry.plan
    names = [drawing_name(d.path) for d in plan.drawings]
    files: dict[str, list[str]] = {}
    for declared in plan.files:
        files.setdefault(declared.role, []).append(
            f"files/{declared.role}/{PurePosixPath(declared.path).name}")
    return BundleLayout(
        root=f"{entry.id}-{plan.version}",
        readmes=tuple(readme_name(lang) for lang in LANGUAGES if lang in entry.guides),
        drawings_svg=tuple(f"drawings/{name}.svg" for name in names),
        drawings_pdf=tuple(f"drawings/{name}.pdf" for name in names),
        files={role: tuple(paths) for role, paths in files.items()},
    )
